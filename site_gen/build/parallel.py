"""Work of many documents on every core (issue 29): the open data of each document (its JSON,
CSV and workbook) made in worker processes, the same local pool or Dask cluster the PDFs use
(`-j`, `--executor`), and handed back in the documents' order, so the files and their bytes do
not depend on which worker made them.

At most a few tasks per worker are in flight, so that a province's site is never held in
memory whole: the write stage stages each result before the next is asked for. A small site
(or a preview edit) is done in the build's own process, where starting workers would cost
more than the work.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from site_gen.pdf.pool import executor

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many documents the work stays in the build's process: a worker takes about a
# second to start (it imports site_gen), a document's open data about 20 ms to make.
PARALLEL_FROM = 200
IN_FLIGHT_PER_WORKER = 4


def in_order(
    work: Callable[[Item], Result],
    items: list[Item],
    jobs: int | None = None,
    executor_spec: str | None = None,
) -> Iterator[Result]:
    """`work(item)` for every item, in the items' order; on worker processes when there are
    enough items and more than one worker. `work` must be a module-level function and the
    items picklable (both go to the workers)."""
    workers = jobs or os.cpu_count() or 1
    if workers < 2 or len(items) < PARALLEL_FROM:
        yield from (work(item) for item in items)
        return
    with executor(executor_spec, workers) as pool:
        pending: collections.deque = collections.deque()
        queue: Iterable[Item] = iter(items)
        for item in queue:
            pending.append(pool.submit(work, item))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
