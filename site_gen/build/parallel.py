"""Work of many documents on every core (issue 29): one pool of workers for a build, the local
processes or Dask cluster of `-j` and `--executor`, started when a stage first needs it and
shared by the stages: loading the content files, making each document's open data (JSON, CSV,
workbook) and rendering the PDF annexes. Results come back in the documents' order, so the
files and their bytes do not depend on which worker made them.

At most a few tasks per worker are in flight, so that a province's site is never held in
memory twice: the next stage takes each result before the next is asked for. A small site (or
a preview edit) is done in the build's own process, where starting workers would cost more
than the work.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, TypeVar

from site_gen.pdf.pool import executor, start_method

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many documents a stage stays in the build's process: a worker takes about a
# second to start (it imports site_gen), a document's open data about 20 ms to make.
PARALLEL_FROM = 200
IN_FLIGHT_PER_WORKER = 4


class Workers:
    """The build's pool: `with Workers(jobs, spec) as workers:`; nothing starts until a stage
    asks for the pool (`pool()`), and it ends with the build."""

    def __init__(self, jobs: int | None = None, executor_spec: str | None = None) -> None:
        self.count = jobs or os.cpu_count() or 1
        self.spec = executor_spec
        self._stack = contextlib.ExitStack()  # the running pool's
        self._pool: concurrent.futures.Executor | None = None
        self._spawned = False  # a spawned pool runs: started again, it would find nothing new

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stack.close()  # every worker ends here, after success or failure

    def pool(self) -> concurrent.futures.Executor:
        if self._pool is None:
            self._spawned = start_method() != "fork"  # as executor() is about to decide
            self._pool = self._stack.enter_context(executor(self.spec, self.count))
        return self._pool

    def restarted(self) -> bool:
        """Whether the next stage's workers start from this process as it is now: forked
        (pdf.pool.start_method), they find what it holds (the loaded site) in place instead of
        being sent it. The running pool, if forked, ends here (its tasks are all done: every
        stage takes its results before the next begins). False where workers are spawned
        (another system, or other threads running: a spawned pool is kept, not started again)."""
        if self.spec or self.count < 2 or self._spawned:
            return False
        self._stack.close()  # its threads end with it
        self._pool = None
        return start_method() == "fork"

    def in_order(
        self,
        work: Callable[[Item], Result],
        items: list[Item],
        at_least: int = PARALLEL_FROM,
        inherit: bool = False,
    ) -> Iterator[Result]:
        """`work(item)` for every item, in the items' order; on the workers when there are
        `at_least` items and more than one worker. `work` must be a module-level function and
        the items picklable (both go to the workers). With `inherit`, workers forked for this
        stage find the items in place and are sent only their numbers (documents the parent has
        loaded: pickling them there and back cost ~0.45 CPU-s per 1,000)."""
        if (self.count < 2 and not self.spec) or len(items) < at_least:
            yield from (work(item) for item in items)
            return
        global _inherited
        if inherit and self.restarted():
            _inherited = items
            try:
                yield from self._submitted(functools.partial(_at, work), range(len(items)))
            finally:
                _inherited = None
            return
        yield from self._submitted(work, items)

    def _submitted(self, work: Callable[[Any], Result], items: Iterable[Any]) -> Iterator[Result]:
        pool = self.pool()
        pending: collections.deque[concurrent.futures.Future[Result]] = collections.deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= self.count * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_inherited: list[Any] | None = None  # the items of a stage whose workers were forked for it


def _at(work: Callable[[Any], Result], index: int) -> Result:
    """`work` of the stage's item `index`, in a worker forked with the items in place."""
    assert _inherited is not None, "the items are set before the workers are forked"
    return work(_inherited[index])
