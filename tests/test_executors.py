"""Where PDFs render (issue 12): a local process pool by default, or the workers of a Dask
cluster; the bytes are the same whichever ran them, and every process a test starts ends."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from site_gen.build import pipeline
from site_gen.errors import BuildError
from tests.conftest import write_site

pytestmark = pytest.mark.slow

DOCS = {
    "2021/a.yaml": "kind: narrative\ntitle: 说明甲\nbody: 第一段。\n",
    "2021/b.yaml": "kind: progress\ntitle: 进度\ngroups:\n  - category: 类别\n"
    "    rows:\n      - name: 目标\n        indicator: 完成 80%\n",
    "2022/c.yaml": "kind: narrative\ntitle: 说明乙\nbody: 第二段。\n",
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


def test_an_unknown_executor_is_a_clear_error(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", DOCS)
    options = pipeline.BuildOptions(output=tmp_path / "o", with_search=False, executor="ray://x")
    with pytest.raises(BuildError, match="不认识的执行方式"):
        pipeline.build(root, options)
    assert not (tmp_path / "o").exists()  # nothing written
