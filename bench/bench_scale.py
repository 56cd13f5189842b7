#!/usr/bin/env python3
"""Benchmark (issue 12): cold HTML-only builds of a generated province (bench/province.py) at
several sizes, each in a fresh process; wall time, cost per document and peak memory.

Run on demand (not in CI):  python3 bench/bench_scale.py [N ...]   (default 1000 3000 10000)
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

BUILD = (
    "import sys; from pathlib import Path; from site_gen import pipeline; "
    "pipeline.build(Path(sys.argv[1]), pipeline.BuildOptions(output=Path(sys.argv[2]), "
    "with_pdf=False, with_search=False))"
)


def run(count: int, folder: Path) -> tuple[float, float]:
    site = generate(folder / "site", count)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", BUILD, str(site), str(folder / "out")])
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build of {count} documents failed")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux → MiB


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 3000, 10000]
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{'documents':>10} {'seconds':>8} {'ms/doc':>7} {'peak MiB':>9}")
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            seconds, peak = run(count, Path(tmp))
        print(f"{count:>10} {seconds:>8.1f} {1000 * seconds / count:>7.2f} {peak:>9.0f}")


if __name__ == "__main__":
    main()
