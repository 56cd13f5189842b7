"""Link check over the rendered site: every internal link, anchor and asset must resolve, and
no page may use an id twice. `build --strict` fails on any finding; otherwise they are warnings.
"""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

_EXTERNAL = ("http:", "https:", "mailto:", "data:", "tel:")

# Start tags, read with a tokenizer instead of html.parser (a third of a large build's time
# went to it): in the rendered pages text never holds an unescaped "<", so every "<name" that
# follows the HTML syntax of a start tag is one; comments and the bodies of script and style
# are removed first. tests/test_links.py checks it against html.parser on every built page.
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_RAW_TEXT = re.compile(r"(<(script|style)\b[^>]*>).*?(</\2\s*>)", re.S | re.I)
_VALUE = r"(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)"
_START_TAG = re.compile(
    rf"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*{_VALUE})?)*)\s*/?>"
)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_REFERENCES = {"href": ("a", "link", "area"), "src": ("img", "script", "iframe", "source")}
Found = dict[str, tuple[list[str], list[str]]]  # each page's route → (its ids, its links)


def collect(text: str) -> tuple[list[str], list[str]]:
    """The ids and the link targets (href of a/link/area, src of img/script/iframe/source)."""
    text = _RAW_TEXT.sub(r"\1\3", _COMMENT.sub("", text))
    ids: list[str] = []
    refs: list[str] = []
    for tag_match in _START_TAG.finditer(text):
        tag = tag_match.group(1).lower()
        for name, value in _ATTRIBUTE.findall(tag_match.group(2)):
            if not value:
                continue
            name = name.lower()
            if value[0] in "\"'":
                value = value[1:-1]
            value = html.unescape(value)
            if name == "id":
                ids.append(value)
            elif tag in _REFERENCES.get(name, ()):
                refs.append(value)
    return ids, refs


def check(parsed: Found, files: set[str], skip: frozenset[str] = frozenset()) -> list[str]:
    """Findings as “page: problem” lines. `parsed` maps HTML routes to their ids and links
    (`collect`); `files` is every route the output will contain."""
    id_sets = {route: set(ids) for route, (ids, _refs) in parsed.items()}
    findings: list[str] = []
    for route, (ids, refs) in sorted(parsed.items()):
        if route in skip:
            continue
        seen: set[str] = set()
        for element_id in ids:
            if element_id in seen:
                findings.append(f"{route}: id “{element_id}” 重复")
            seen.add(element_id)
        for ref in refs:
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
            if anchor and target in id_sets and anchor not in id_sets[target]:
                findings.append(f"{route}: 链接 “{ref}” 指向的锚点不存在")
    return findings
