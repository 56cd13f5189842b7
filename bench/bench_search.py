#!/usr/bin/env python3
"""Benchmark (issue 12): the search index of a generated province. Builds the pages of N
documents, then times Pagefind (extended) over them in a fresh process: wall time and peak
memory of the indexer.

Run on demand (not in CI):  python3 bench/bench_search.py [N ...]   (default 1000 10000)
"""

from __future__ import annotations

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


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'documents':>10} {'pages':>6} {'index s':>8} {'peak MiB':>9}")
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = generate(Path(tmp) / "site", count)
            out = Path(tmp) / "out"
            options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=False)
            pipeline.build(site, options)
            command = [sys.executable, "-m", "pagefind", "--site", str(out), "--silent"]
            command += ["--output-subdir", search.INDEX_DIR]
            start = time.perf_counter()
            child = subprocess.Popen(command)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            assert status == 0
            pages = len(list(out.rglob("*.html")))
        print(f"{count:>10} {pages:>6} {wall:>8.1f} {usage.ru_maxrss / 1024:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
