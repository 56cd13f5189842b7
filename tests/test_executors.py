"""Where PDFs render (issue 12), and a large site's pages (issue 29): a local process pool by
default, or the workers of a Dask cluster; the bytes are the same whichever ran them, and every
process a test starts ends."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from site_gen.build import page_workers, parallel, pipeline
from site_gen.errors import BuildError
from tests.conftest import write_site

pytestmark = pytest.mark.slow

DOCS = {
    "2021/a.yaml": "kind: narrative\ntitle: 说明甲\nbody: 第一段。\n",
    "2021/b.yaml": "kind: progress\ntitle: 进度\ngroups:\n  - category: 类别\n"
    "    rows:\n      - name: 目标\n        indicator: 完成 80%\n",
    "2022/c.yaml": "kind: narrative\ntitle: 说明乙\nbody: 第二段。\n",
}


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def _pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def test_dask_workers_render_the_same_bytes_as_local_processes(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    root = write_site(tmp_path / "site", DOCS)
    local = tmp_path / "local"
    options = dict(with_search=False, pdf_cache=False)
    pipeline.build(root, pipeline.BuildOptions(output=local, **options))  # type: ignore[arg-type]
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        address = cluster.scheduler_address.removeprefix("tcp://")
        remote = tmp_path / "dask"
        pipeline.build(
            root,
            pipeline.BuildOptions(output=remote, executor=f"dask://{address}", **options),  # type: ignore[arg-type]
        )
        workers = len(cluster.scheduler_info["workers"])
    finally:
        cluster.close()
    assert workers == 2
    assert _pdfs(remote) == _pdfs(local) and len(_pdfs(local)) == 3
    assert multiprocessing.active_children() == []


def test_a_local_dask_cluster_for_trying_it_ends_with_the_build(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    root = write_site(tmp_path / "site", DOCS)
    out = tmp_path / "out"
    options = pipeline.BuildOptions(
        output=out, with_search=False, pdf_cache=False, executor="dask://local", jobs=2
    )
    result = pipeline.build(root, options)
    assert result.pdfs == 3 and multiprocessing.active_children() == []


def test_pages_rendered_on_a_dask_cluster_are_those_of_one_process(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading, open data and pages on the cluster (a few items a task). The cluster's machines
    cannot see the staging folder: they send each page back, and the build writes and keeps it.
    The files equal a one-process build's, and the pages the cluster rendered fill the page
    cache (a later local build renders none)."""
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)  # the sample has 7 documents
    monkeypatch.setattr(page_workers, "PARALLEL_FROM", 2)
    monkeypatch.setattr(page_workers, "CHUNK", 3)
    sent: list[int] = []  # tasks of pages given to the cluster
    real = page_workers._from_cluster

    def spied(*args):  # type: ignore[no-untyped-def]
        sent.append(len(args[1]))
        return real(*args)

    monkeypatch.setattr(page_workers, "_from_cluster", spied)
    plain = {"with_pdf": False, "with_search": False}
    alone = tmp_path / "alone"
    pipeline.build(
        sample_copy, pipeline.BuildOptions(output=alone, jobs=1, pdf_cache=False, **plain)
    )  # type: ignore[arg-type]
    cluster = tmp_path / "cluster"
    options = pipeline.BuildOptions(output=cluster, executor="dask://local", jobs=2, **plain)  # type: ignore[arg-type]
    made = pipeline.build(sample_copy, options)
    assert sent and sent[0] > 1 and made.rendered_pages
    assert _files(cluster) == _files(alone) and len(_files(alone)) > 20
    again = tmp_path / "again"
    kept = pipeline.build(sample_copy, pipeline.BuildOptions(output=again, jobs=1, **plain))  # type: ignore[arg-type]
    assert kept.rendered_pages == [] and _files(again) == _files(alone)
    assert multiprocessing.active_children() == []


def test_an_unknown_executor_is_a_clear_error(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", DOCS)
    options = pipeline.BuildOptions(output=tmp_path / "o", with_search=False, executor="ray://x")
    with pytest.raises(BuildError, match="不认识的执行方式"):
        pipeline.build(root, options)
    assert not (tmp_path / "o").exists()  # nothing written
