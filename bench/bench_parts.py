#!/usr/bin/env python3
"""Benchmark (issue 29): what each part of a cold build costs, sized by leaving it out. The same
cold HTML-only build as bench_scale.py (cache filled, 2 cores), run whole, without the workbooks
(each document's .xlsx made empty) and without any document's open data (no JSON, CSV or
workbook), alternating with the plain libyaml + Jinja floor in the same run. The differences are
the CPU and wall those parts cost; the rest is loading, checking and the pages.

These builds are for measuring only: a site built without its open data is not a site_gen site.
Linux only: the parts are replaced in the build process, and only forked workers inherit that.

Run on demand (not in CI):  python3 bench/bench_parts.py [N] [--rounds R]   (default 1000, 3)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_scale import BUILD, timed  # noqa: E402
from bench.province import generate  # noqa: E402

# Each replacement keeps the name and module of what it replaces: the build's forked or spawned
# workers find their work by that name.
_NO_WORKBOOK = "from site_gen.build import feeds\nfeeds._workbook = lambda entry: b''\n"
_NO_DATA = (
    "from site_gen.build import feeds\n"
    "def document_files(entry):\n    return []\n"
    "document_files.__module__ = 'site_gen.build.feeds'\n"
    "feeds.document_files = document_files\n"
)
VARIANTS = {"whole build": "", "no workbooks": _NO_WORKBOOK, "no open data": _NO_DATA}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="?", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        site = generate(folder / "site", arguments.documents)
        floor_cmd = [sys.executable, str(ROOT / "bench/floor.py"), str(site), str(folder / "f")]
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in VARIANTS}
        runs["floor"] = []
        for _ in range(arguments.rounds):  # alternating, so all see the same machine state
            for name, prefix in VARIANTS.items():
                command = [sys.executable, "-c", prefix + BUILD, str(site), str(folder / "out")]
                runs[name].append(timed(command, folder / "out", site / ".site-gen-cache"))
            runs["floor"].append(timed(floor_cmd, folder / "f"))
    floor_cpu = statistics.median(c for _, c, _ in runs["floor"])
    floor_wall = statistics.median(t for t, _, _ in runs["floor"])
    print(f"{arguments.documents} documents, median of {arguments.rounds} cold builds each")
    print(f"{'':14} {'wall s':>7} {'CPU s':>7} {'×CPU':>5} {'×wall':>5}")
    for name, timings in runs.items():
        wall = statistics.median(t for t, _, _ in timings)
        cpu = statistics.median(c for _, c, _ in timings)
        print(
            f"{name:14} {wall:>7.2f} {cpu:>7.2f} {cpu / floor_cpu:>5.1f} {wall / floor_wall:>5.1f}"
        )


if __name__ == "__main__":
    main()
