#!/usr/bin/env python3
"""Benchmark: seconds per page and peak memory of a PDF annex of about 1, 10 and 100 pages.

Run on demand (not in CI):  python3 bench/bench_pdf.py
Each size renders a generated progress report (landscape table) in a fresh worker process, as
the build does; peak memory is the worker's maximum resident set size.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_gen import pdf  # noqa: E402
from site_gen.build import pipeline  # noqa: E402
from site_gen.load import SitePaths, load_site  # noqa: E402
from site_gen.pdf import annexes  # noqa: E402
from site_gen.pdf import pool as pdf_pool  # noqa: E402
from site_gen.web.html import Renderer  # noqa: E402

ROW = """\
      - name: 目标{n}
        indicator: 市本级一般公共预算支出不超过年初市人代会审议通过的320亿元，增长在5.5%以内。
        current: |
          1. 强化预算支出执行约束，开展市级部门预算执行进度通报，加快项目预算执行；
          2. 市本级9月份一般公共预算支出29.1亿元，其中用于民生支出22.5亿元，占比78%。
        cumulative: 加强预算执行管理，硬化预算约束。市本级1-9月一般公共预算累计支出248.54亿元，同比增长11.2%。
        percent: {p}
"""


def site_with_rows(folder: Path, rows: int) -> Path:
    (folder / "content" / "2020").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "title: 基准\npublisher: 基准局\npublishers:\n  - id: b\n    name: 基准局\n",
        encoding="utf-8",
    )
    body = "".join(ROW.format(n=i, p=i % 100) for i in range(rows))
    (folder / "content" / "2020" / "bench.yaml").write_text(
        f"kind: progress\ntitle: 基准进度表\ngroups:\n  - category: 工作目标\n    rows:\n{body}",
        encoding="utf-8",
    )
    return folder


def main() -> None:
    print(f"{'rows':>6} {'pages':>6} {'seconds':>8} {'s/page':>7} {'peak MB':>8}")
    for rows in (2, 45, 500):
        with tempfile.TemporaryDirectory() as tmp:
            root = site_with_rows(Path(tmp), rows)
            site, _ = load_site(root)
            renderer = Renderer(site, SitePaths(root).templates)
            options = pipeline.BuildOptions(output=Path(tmp) / "out")
            job = annexes.pdf_job(renderer, site.entries[0], SitePaths(root), options.pdf_variant)
            start = time.perf_counter()
            ((data, _pages),) = pdf_pool.render_all([job], workers=1)
            seconds = time.perf_counter() - start
            out = Path(tmp) / "b.pdf"
            out.write_bytes(data)
            pages = len(pypdf.PdfReader(out).pages)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{rows:>6} {pages:>6} {seconds:>8.2f} {seconds / pages:>7.2f} {peak:>8.0f}")


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sample_forms() -> None:
    """CPU seconds per page over every sample annex, one worker (issue 12: ≤ 0.15 CPU-s/page)."""
    site, _ = load_site(ROOT)
    renderer = Renderer(site, SitePaths(ROOT).templates)
    jobs = [
        annexes.pdf_job(renderer, e, SitePaths(ROOT), pdf.DEFAULT_VARIANT) for e in site.entries
    ]
    before, start = cpu_of_children(), time.perf_counter()
    rendered = pdf_pool.render_all(jobs, workers=1)
    cpu, wall = cpu_of_children() - before, time.perf_counter() - start
    pages = sum(a.pages for a in rendered)
    print(
        f"sample annexes: {len(jobs)} files, {pages} pages, {wall:.1f} s wall, "
        f"{cpu:.1f} CPU-s, {cpu / pages:.3f} CPU-s per page (worker start-up included)"
    )


def throughput(copies: int = 3) -> None:
    """Pages per second over the sample annexes (each `copies` times): local worker processes
    and a Dask cluster on this machine (pip install 'site_gen[dask]'), with 1 and 2 workers."""
    site, _ = load_site(ROOT)
    renderer = Renderer(site, SitePaths(ROOT).templates)
    jobs = [
        annexes.pdf_job(renderer, e, SitePaths(ROOT), pdf.DEFAULT_VARIANT) for e in site.entries
    ] * copies
    print(f"throughput over {len(jobs)} annexes:")
    try:
        import distributed
    except ImportError:
        distributed = None
    for label, workers in (("local", 1), ("local", 2), ("dask", 1), ("dask", 2)):
        cluster = None
        spec = None
        if label == "dask":
            if distributed is None:
                continue
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            spec = "dask://" + cluster.scheduler_address.removeprefix("tcp://")
        start = time.perf_counter()
        rendered = pdf_pool.render_all(jobs, workers=workers, executor_spec=spec)
        wall = time.perf_counter() - start
        if cluster is not None:
            cluster.close()
        pages = sum(a.pages for a in rendered)
        print(
            f"  {label:>5} × {workers}: {pages} pages in {wall:.1f} s = {pages / wall:.1f} pages/s"
        )


if __name__ == "__main__":
    main()
    sample_forms()
    throughput()
