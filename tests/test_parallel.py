"""A large site's content files are loaded, its open data made and its pages rendered on every
core (issue 29): the files are the same, byte for byte and in the same order, whichever worker
made them, the stages share one pool, and no worker outlives the build."""

from __future__ import annotations

import hashlib
import multiprocessing
import tempfile
from pathlib import Path

import pytest

from site_gen.build import page_workers, parallel, pipeline
from tests.conftest import ROOT, SAMPLES


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_open_data_made_on_two_workers_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)  # the sample has 7 documents
    monkeypatch.setattr(parallel, "IN_FLIGHT_PER_WORKER", 1)  # results come back in a window
    pools: list[int] = []
    real_executor = parallel.executor

    def counted(spec: str | None, workers: int):  # type: ignore[no-untyped-def]
        pools.append(workers)
        return real_executor(spec, workers)

    monkeypatch.setattr(parallel, "executor", counted)
    monkeypatch.setattr(page_workers, "PARALLEL_FROM", 2)  # and the pages too, a few a task
    monkeypatch.setattr(page_workers, "CHUNK", 3)
    stages: list[str] = []
    real_in_order = parallel.Workers.in_order

    def recorded(self, work, items, at_least=parallel.PARALLEL_FROM):  # type: ignore[no-untyped-def]
        stages.append(work.func.__name__ if hasattr(work, "func") else work.__name__)
        return real_in_order(self, work, items, at_least)

    monkeypatch.setattr(parallel.Workers, "in_order", recorded)
    options = {"with_pdf": False, "with_search": False, "pdf_cache": False}  # made, not kept
    alone = pipeline.build(ROOT, pipeline.BuildOptions(output=tmp_path / "a", jobs=1, **options))
    shared = pipeline.build(ROOT, pipeline.BuildOptions(output=tmp_path / "b", jobs=2, **options))
    assert pools == [2]  # -j 1: all in the build's process; -j 2: one pool, for every stage
    assert stages.count("render_chunk") == 1  # -j 2 only: the pages went to the workers
    assert not list(Path(tempfile.gettempdir()).glob("site_gen-pages-*"))  # its job file is gone
    assert alone.files == shared.files
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert len(alone.site.entries) == len(SAMPLES)
    assert multiprocessing.active_children() == []  # the pool ended with the build


def test_in_order_keeps_the_order_and_stays_in_process_for_a_few_items() -> None:
    with parallel.Workers(jobs=4) as workers:
        assert list(workers.in_order(str.upper, ["b", "a", "c"])) == ["B", "A", "C"]
        assert workers._pool is None  # three items: no worker was started
