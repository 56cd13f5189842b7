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


class _Noted:
    """Writes a line into its file when it is freed: at a normal interpreter teardown."""

    def __init__(self, path: str) -> None:
        import os

        # Held here: at teardown the module globals (os, open) may already be gone.
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        self.write = os.write

    def __del__(self) -> None:
        self.write(self.fd, b"freed\n")


_kept: list[object] = []


def _say_at_exit(path: str) -> None:
    with open(path, "a", encoding="utf-8") as file:
        file.write("at exit\n")


def _task(folder: str) -> int:
    """Runs in a worker: keeps an object to be freed at teardown, and asks to be told at exit."""
    import atexit
    import os

    path = os.path.join(folder, f"{os.getpid()}.txt")
    _kept.append(_Noted(path))
    atexit.register(_say_at_exit, path)
    return len(folder)


@pytest.mark.slow
def test_a_worker_ends_without_freeing_its_objects_one_by_one(tmp_path: Path) -> None:
    """A worker's teardown is skipped (it was 0.4–0.5 s at 1,000 documents, waited for by the
    build), after the exit handlers that its work registered have run; the worker is gone."""
    with parallel.Workers(jobs=2) as workers:
        items = [str(tmp_path)] * 4
        assert list(workers.in_order(_task, items, at_least=1)) == [len(str(tmp_path))] * 4
        processes = list(workers.pool()._processes.values())  # type: ignore[attr-defined]
    assert processes and all(p.exitcode == 0 for p in processes)
    notes = [p.read_text(encoding="utf-8") for p in tmp_path.glob("*.txt")]
    lines = {line for note in notes for line in note.splitlines()}
    assert notes and lines == {"at exit"}  # no "freed": no teardown
    assert multiprocessing.active_children() == []
