#!/usr/bin/env python3
"""Benchmark (issue 12): what a second build costs. For a generated province of N documents:
a cold HTML build, the same build again with nothing changed (build_manifest skips it), the
build after one document changed, and the preview (`site-gen serve`) rebuilding after one
file is edited, from the edit to the moment the browser is told to reload.

Run on demand (not in CI):  python3 bench/bench_rebuild.py [N ...]   (default 1000 10000)
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.province import generate  # noqa: E402
from site_gen.build import pipeline  # noqa: E402
from site_gen.preview.server import Preview  # noqa: E402


def seconds(action: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def edit(site: Path) -> None:
    """Change one figure of one document, as a reviewer's fix would."""
    first = sorted((site / "content").rglob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("title: ", "title: 修订 ", 1), encoding="utf-8")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"{'documents':>10} {'cold s':>7} {'no change s':>12} {'one edit s':>11} "
        f"{'serve edit s':>13}"
    )
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = generate(Path(tmp) / "site", count)
            options = pipeline.BuildOptions(
                output=Path(tmp) / "out", with_pdf=False, with_search=False
            )
            cold = seconds(pipeline.build, site, options)
            same = seconds(pipeline.build, site, options)
            edit(site)
            changed = seconds(pipeline.build, site, options)
            preview = Preview(site, port=0)
            preview.rebuild()  # the preview's first build fills its caches
            edit(site)
            served = seconds(preview.rebuild)  # done = the reload message goes out
            preview.stop()
        print(
            f"{count:>10} {cold:>7.1f} {same:>12.2f} {changed:>11.1f} {served:>13.2f}", flush=True
        )


if __name__ == "__main__":
    main()
