#!/usr/bin/env python3
"""Benchmark (issues 12, 29): the search index of a generated province. Builds the pages of N
documents, then indexes them as a build does (site_gen.web.search.index_site: Pagefind
extended, in parts of SHARD_PAGES document pages) in a fresh process: wall and CPU time, and
the peak memory of the indexing's Python process and of its largest Pagefind service.

Run on demand (not in CI):  python3 bench/bench_search.py [N ...]   (default 1000 10000)
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.province import generate  # noqa: E402
from site_gen.build import pipeline  # noqa: E402
from site_gen.web import search  # noqa: E402

# The indexing, and its peaks measured from inside: the child was forked from this process,
# which holds the site it has just built, and a process's maxrss keeps what it had before exec.
# VmHWM is the high-water mark of the Python process's own memory; RUSAGE_CHILDREN's maxrss the
# largest Pagefind service it started (one per part, one after another).
INDEX = """
import json, resource, sys
from pathlib import Path
from site_gen.web import search
search.index_site(Path(sys.argv[1]))
status = Path("/proc/self/status").read_text()
python = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1]) / 1024
pagefind = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
(Path(sys.argv[1]) / "peaks.json").write_text(json.dumps([python, pagefind]))
"""


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    heads = f"{'documents':>10} {'pages':>6} {'parts':>5} {'wall s':>7} {'CPU s':>7}"
    print(f"{heads} {'Python MiB':>9} {'Pagefind MiB':>9}")
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = generate(Path(tmp) / "site", count)
            out = Path(tmp) / "out"
            options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=False)
            pipeline.build(site, options)
            code = INDEX
            start = time.perf_counter()
            child = subprocess.Popen([sys.executable, "-c", code, str(out)], cwd=ROOT)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            assert status == 0
            pages = len(list(out.rglob("*.html")))
            parts = 1 + len(json.loads((out / search.INDEX_DIR / search.SHARDS).read_text()))
            cpu = usage.ru_utime + usage.ru_stime
            python, pagefind = json.loads((out / "peaks.json").read_text())
        row = f"{count:>10} {pages:>6} {parts:>5} {wall:>7.1f} {cpu:>7.1f}"
        print(f"{row} {python:>9.0f} {pagefind:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
