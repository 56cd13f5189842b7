"""What the preview serves, as pure functions: URL → file of the build, the reload script,
the error page. Kept apart from the preview's state (serve.py) so each reads on its own.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from urllib.parse import unquote, urlsplit

from site_gen.errors import Problem

RELOAD_PATH = "/__site_gen_reload"


def reload_script(generation: int) -> str:
    """Reload the page when a build newer than the one it came from (`generation`) is served:
    the stream says at once if one was served between the page and the stream's start."""
    return (
        f"<script>(function(){{var s=new EventSource('{RELOAD_PATH}?since={generation}');"
        "s.onmessage=function(){location.reload();};})();</script>"
    )


CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".svg": "image/svg+xml",
    ".xml": "application/xml; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".wasm": "application/wasm",
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_SEGMENT_BYTES = 255  # the longest file name most file systems accept
MAX_PATH_BYTES = 2048


def resolve(files: Mapping[str, bytes], url_path: str) -> tuple[str, bytes | None] | None:
    """Map a URL path to (route, the file's bytes), or None when it leads outside the site. The
    bytes are None when there is no such file yet: the preview makes PDFs and the search index
    on demand and shows a bad content file's errors at its page's route. A folder's address
    is its index.html; a folder without one is not listed.

    Refuses `..` in any spelling, absolute paths, NUL bytes and backslashes. The files are the
    build's, in memory: nothing on disk is read, so no link can lead out of the site.
    """
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    if not parts:
        return "index.html", files.get("index.html")
    route = posixpath.join(*parts)
    if route in files:
        return route, files[route]
    folder_index = posixpath.join(route, "index.html")
    if folder_index in files:
        return folder_index, files[folder_index]
    return route, None


def inject_reload(data: bytes, generation: int) -> bytes:
    script = reload_script(generation).encode()
    index = data.rfind(b"</body>")
    if index < 0:
        return data + script
    return data[:index] + script + data[index:]


def error_page(text: str, problems: list[Problem] | None = None, generation: int = 0) -> str:
    """The preview's page for content it cannot show: in the site's own design (its stylesheet
    is served beside), each problem as a card — where (file:line:column and field), what is
    wrong, what was expected, the hint — or the message `text` when there are no problems."""
    cards = []
    for problem in problems or []:
        # The reviewer reads what the command line says (file:line:column: 错误 [field] …,
        # then 应为, 提示 and the line of the file), one card per problem.
        first, *rest = problem.format().splitlines()
        lines = "".join(f"<p>{html.escape(line.strip())}</p>" for line in rest if line.strip())
        cards.append(
            f'<li class="error-card error-{problem.severity}">'
            f'<p class="error-where">{html.escape(first)}</p>{lines}</li>'
        )
    body = (
        f'<ol class="error-list">{"".join(cards)}</ol>'
        if cards
        else f"<pre>{html.escape(text)}</pre>"
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>内容有错误 - 预览</title><link rel="stylesheet" href="/assets/site.css">'
        "<style>.error-list{list-style:none;padding:0}.error-card{border:1px solid var(--line,#ccc);"
        "border-left:6px solid #a11a1a;padding:.75rem 1rem;margin:.75rem 0;background:#fff}"
        ".error-warning{border-left-color:#b45309}.error-card p{margin:.25rem 0}"
        ".error-where{font-weight:bold;overflow-wrap:anywhere}"
        "pre{white-space:pre-wrap;background:#fff4f4;border:2px solid #a11a1a;padding:1rem}</style>"
        '</head><body><div class="preview-banner" role="note">预览：本页面尚未发布</div>'
        '<main id="main" class="wrap"><h1>内容有错误，页面暂不能显示</h1>'
        "<p>修改并保存文件后，本页会自动刷新。上次发布的网站不受影响。</p>"
        f'<div id="site-gen-errors">{body}</div></main>{reload_script(generation)}</body></html>'
    )


def inject_panel(data: bytes, style: str, panel: str) -> bytes:
    """Put `style` at the end of <head> and `panel` at the start of <main> (preview only)."""
    if not panel:
        return data
    head = data.find(b"</head>")
    if head >= 0:
        data = data[:head] + style.encode() + data[head:]
    main = data.find(b"<main")
    end = data.find(b">", main) if main >= 0 else -1
    if end < 0:
        return data
    return data[: end + 1] + panel.encode() + data[end + 1 :]


def not_found_page() -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面未找到 - 预览</title>'
        "</head><body><main><h1>页面未找到</h1>"
        '<p>这个地址没有页面。<a href="/index.html">返回首页</a></p></main></body></html>'
    )


_HOST = re.compile(r"(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::([0-9]{1,5}))?")


def allowed_host(host: str, origin: str | None, bound: str, port: int) -> bool:
    """Whether a request is addressed to this preview: the Host header is exactly a loopback
    name (or the bound host), with the bound port if it names one; an Origin, if sent, names
    one of those hosts too. Anything else (`localhost:1@evil`, `127.0.0.1.evil`) is refused."""
    match = _HOST.fullmatch(host.strip().lower())
    allowed = LOOPBACK | {bound.lower()}
    if not match or (match.group(1) or match.group(2)) not in allowed:
        return False
    if match.group(3) is not None and int(match.group(3)) != port:
        return False
    if origin:
        return (urlsplit(origin).hostname or "").lower() in allowed
    return True
