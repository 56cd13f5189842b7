"""A reviewer's preview session, from start to Ctrl-C: start the server, say where it is and
what changed since the published site, report each rebuild, stop cleanly. The command line
only passes its options and a way to print (`say`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from site_gen.preview.files import LOOPBACK
from site_gen.preview.review import CHANGES_PATH
from site_gen.preview.server import Preview


def run(
    path: Path,
    say: Callable[[str], None],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    since: str | None = None,
    verbose: bool = False,
) -> None:
    if host not in LOOPBACK:
        say(f"警告：预览服务监听 {host}，同一网络中的其他人也能访问草稿。")
    preview = Preview(path, host=host, port=port, verbose=verbose, since=since, say=say)
    try:
        preview.start()
        say(f"预览地址：{preview.url}（按 Ctrl-C 停止）")
        if preview.review.baseline:
            changes_url = preview.url + CHANGES_PATH.lstrip("/")
            say(f"本次修改：与 {preview.review.baseline} 相比，见 {changes_url}")
        if preview.error or preview.review.broken:
            say(preview.report())
        if open_browser:
            preview.open_browser()
        preview.report_rebuilds(say)  # until Ctrl-C
    except KeyboardInterrupt:
        say("预览已停止。")
    finally:
        preview.stop()
