"""Link check over the rendered site: every internal link, anchor and asset must resolve, and
no page may use an id twice. `build --strict` fails on any finding; otherwise they are warnings.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

_EXTERNAL = ("http:", "https:", "mailto:", "data:", "tel:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.append(value)
            elif (name == "href" and tag in ("a", "link", "area")) or (
                name == "src" and tag in ("img", "script", "iframe", "source")
            ):
                self.refs.append(value)


def check(
    rendered: dict[str, str], files: set[str], skip: frozenset[str] = frozenset()
) -> list[str]:
    """Findings as “page: problem” lines. `rendered` maps HTML routes to their text; `files` is
    every route the output will contain."""
    parsed: dict[str, _Collector] = {}
    for route, text in rendered.items():
        collector = _Collector()
        collector.feed(text)
        parsed[route] = collector
    findings: list[str] = []
    for route, collector in sorted(parsed.items()):
        if route in skip:
            continue
        seen: set[str] = set()
        for element_id in collector.ids:
            if element_id in seen:
                findings.append(f"{route}: id “{element_id}” 重复")
            seen.add(element_id)
        for ref in collector.refs:
            if ref.startswith(_EXTERNAL) or ref.startswith("//"):
                continue
            parts = urlsplit(ref)
            path, anchor = unquote(parts.path), unquote(parts.fragment)
            if path.startswith("/"):
                findings.append(
                    f"{route}: 链接 “{ref}” 使用了绝对路径，从子目录或本地文件打开时会失效"
                )
                continue
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(route), path))
                if path
                else route
            )
            if target.startswith("../") or target == "..":
                findings.append(f"{route}: 链接 “{ref}” 指向网站之外")
                continue
            if target not in files and posixpath.join(target, "index.html") not in files:
                findings.append(f"{route}: 链接 “{ref}” 指向的文件不存在")
                continue
            if anchor and target in parsed and anchor not in parsed[target].ids:
                findings.append(f"{route}: 链接 “{ref}” 指向的锚点不存在")
    return findings
