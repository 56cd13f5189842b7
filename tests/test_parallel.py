"""A large site's content files are loaded, its open data made and its pages rendered on every
core (issue 29): the files are the same, byte for byte and in the same order, whichever worker
made them, the stages share one pool, and no worker outlives the build."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sys
import threading
from pathlib import Path

import pytest

from site_gen.build import manifest, page_workers, parallel, pipeline
from site_gen.load import SitePaths
from site_gen.pdf import pool
from tests.conftest import ROOT, SAMPLES


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _spied_build(
    monkeypatch: pytest.MonkeyPatch, output: Path, jobs: int
) -> tuple[pipeline.BuildResult, list[int], list[str], list[str]]:
    """A build of the sample with every stage on the workers (a few items a task), and what it
    did: the pools it started, the stages given to them, the job files the page stage wrote."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)  # the sample has 7 documents
    monkeypatch.setattr(parallel, "IN_FLIGHT_PER_WORKER", 1)  # results come back in a window
    monkeypatch.setattr(page_workers, "PARALLEL_FROM", 2)  # and the pages too, a few a task
    monkeypatch.setattr(page_workers, "CHUNK", 3)
    pools: list[int] = []
    stages: list[str] = []
    job_files: list[str] = []
    real_executor, real_in_order = parallel.executor, parallel.Workers.in_order
    real_mkstemp = page_workers.tempfile.mkstemp

    def counted(spec: str | None, workers: int):  # type: ignore[no-untyped-def]
        pools.append(workers)
        return real_executor(spec, workers)

    def recorded(self, work, items, at_least=parallel.PARALLEL_FROM, inherit=False):  # type: ignore[no-untyped-def]
        stages.append(work.func.__name__ if hasattr(work, "func") else work.__name__)
        return real_in_order(self, work, items, at_least, inherit)

    def job_file(**kwargs):  # type: ignore[no-untyped-def]
        found = real_mkstemp(**kwargs)
        job_files.append(found[1])
        return found

    monkeypatch.setattr(parallel, "executor", counted)
    monkeypatch.setattr(parallel.Workers, "in_order", recorded)
    monkeypatch.setattr(page_workers.tempfile, "mkstemp", job_file)
    options = {"with_pdf": False, "with_search": False, "pdf_cache": False}  # made, not kept
    result = pipeline.build(ROOT, pipeline.BuildOptions(output=output, jobs=jobs, **options))
    return result, pools, stages, job_files


@pytest.mark.slow
def test_open_data_made_on_two_workers_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An idle thread an earlier test left (Dask's offload thread lives as long as the process)
    # would make the build spawn its workers: this test is of a build in a process of one thread.
    monkeypatch.setattr(pool.threading, "active_count", lambda: 1)
    alone, pools, stages, _ = _spied_build(monkeypatch, tmp_path / "a", jobs=1)
    assert pools == [] and "render_chunk" not in stages  # -j 1: all in the build's process
    shared, pools, stages, job_files = _spied_build(monkeypatch, tmp_path / "b", jobs=2)
    assert stages.count("render_chunk") == 1  # -j 2: the pages went to the workers
    if sys.platform.startswith("linux"):
        # Forked for each stage that needs what the build holds: the open data find the loaded
        # documents in place, the pages the site and the renderer; no job file is written.
        assert pools == [2, 2, 2]
        assert job_files == []
    else:  # spawned: one pool for every stage; the pages' job goes through a file
        assert pools == [2]
        assert len(job_files) == 1
    assert not [name for name in job_files if Path(name).exists()]  # the job file is gone
    assert alone.files == shared.files
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert len(alone.site.entries) == len(SAMPLES)
    assert multiprocessing.active_children() == []  # the pools ended with the build


@pytest.mark.slow
def test_a_build_beside_other_threads_spawns_its_workers_and_makes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview and `build --watch` build while other threads run: forking then could leave
    a lock held in a worker, so the workers are spawned and sent their work; same files."""
    with monkeypatch.context() as alone:  # as if no other thread (see the test above)
        alone.setattr(pool.threading, "active_count", lambda: 1)
        forked, pools, _, _ = _spied_build(monkeypatch, tmp_path / "a", jobs=2)
    assert len(pools) == (3 if sys.platform.startswith("linux") else 1)
    outcome: list[tuple[pipeline.BuildResult, list[int], list[str], list[str]]] = []
    methods: list[str] = []
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # some other work of the process
    other.start()
    try:
        methods.append(pool.start_method())
        outcome.append(_spied_build(monkeypatch, tmp_path / "b", jobs=2))
    finally:
        stop.set()
        other.join()
    spawned, pools, stages, job_files = outcome[0]
    assert methods == ["spawn"] and pool.start_method() in ("fork", "spawn")
    assert pools == [2]  # one pool, never restarted: nothing would be found in place
    assert stages.count("render_chunk") == 1 and len(job_files) == 1
    assert spawned.files == forked.files
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert multiprocessing.active_children() == []


def test_workers_are_forked_only_on_linux_and_without_other_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pool.sys, "platform", "linux")
    monkeypatch.setattr(pool.threading, "active_count", lambda: 1)
    assert pool.start_method() == "fork"
    monkeypatch.setattr(pool.threading, "active_count", lambda: 2)
    assert pool.start_method() == "spawn"
    monkeypatch.undo()
    for system in ("darwin", "win32"):
        monkeypatch.setattr(pool.sys, "platform", system)
        assert pool.start_method() == "spawn"
        assert parallel.Workers(jobs=2).restarted() is False  # nothing is found in place


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
@pytest.mark.parametrize(
    "method", ["spawn", "fork"] if sys.platform.startswith("linux") else ["spawn"]
)
def test_a_worker_ends_without_freeing_its_objects_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """A worker's teardown is skipped (it was 0.4–0.5 s at 1,000 documents, waited for by the
    build); a spawned worker runs the exit handlers its work registered first (a forked one
    ends as multiprocessing ends it, without them); the worker is gone."""
    monkeypatch.setattr(pool, "start_method", lambda: method)
    with parallel.Workers(jobs=2) as workers:
        items = [str(tmp_path)] * 4
        assert list(workers.in_order(_task, items, at_least=1)) == [len(str(tmp_path))] * 4
        processes = list(workers.pool()._processes.values())  # type: ignore[attr-defined]
    assert processes and all(p.exitcode == 0 for p in processes)
    notes = [p.read_text(encoding="utf-8") for p in tmp_path.glob("*.txt")]
    lines = {line for note in notes for line in note.splitlines()}
    assert notes and "freed" not in lines  # no teardown
    assert lines == ({"at exit"} if method == "spawn" else set())
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_files_hashed_once_on_the_way_out_are_recorded_as_they_are(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page workers hash a page once for the cache and the output, the open-data cache
    tells the output the digests it took: the build's record of its files is what hashing them
    again from disk gives, so the next build knows the output is its own (up to date)."""
    monkeypatch.setattr(pool.threading, "active_count", lambda: 1)  # see the first test
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(page_workers, "PARALLEL_FROM", 2)
    out = tmp_path / "out"
    options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=False, jobs=2)
    first = pipeline.build(sample_copy, options)
    assert first.rendered_pages and not first.up_to_date
    record_file = manifest._record(SitePaths(sample_copy), out)
    recorded = json.loads(record_file.read_text(encoding="utf-8"))["files"]
    assert recorded == manifest.snapshot(out)
    assert any(route.endswith(".xlsx") for route in recorded)
    assert pipeline.build(sample_copy, options).up_to_date
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_annexes_from_forked_workers_are_those_of_spawned_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forked PDF worker starts with what the build process holds (WeasyPrint imported, the
    site loaded); it must lay out every annex to the same bytes as a fresh, spawned one."""
    built = {}
    for method in ("fork", "spawn") if sys.platform.startswith("linux") else ("spawn",):
        monkeypatch.setattr(pool, "start_method", lambda method=method: method)
        monkeypatch.setattr(parallel, "start_method", lambda method=method: method)
        out = tmp_path / method
        options = pipeline.BuildOptions(output=out, with_search=False, pdf_cache=False, jobs=2)
        result = pipeline.build(ROOT, options)
        assert result.pdfs_rendered == len(SAMPLES)
        built[method] = {
            route: digest for route, digest in _tree(out).items() if route.endswith(".pdf")
        }
    assert len(built["spawn"]) == len(SAMPLES)
    assert all(tree == built["spawn"] for tree in built.values())
    assert multiprocessing.active_children() == []
