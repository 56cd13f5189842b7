"""Link check over the rendered site: every internal link, anchor and asset must resolve, and
no page may use an id twice. `build --strict` fails on any finding; otherwise they are warnings.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import sys
from urllib.parse import unquote, urlsplit

from site_gen import interrupt

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
PageLinks = tuple[list[str], list[str]]  # a page's ids and its links
Found = dict[str, PageLinks]  # each page's route → (its ids, its links)


def collect(text: str) -> PageLinks:
    """The ids and the link targets (href of a/link/area, src of img/script/iframe/source)."""
    text = _RAW_TEXT.sub(r"\1\3", _COMMENT.sub("", text))
    ids: list[str] = []
    refs: list[str] = []
    for seen, tag_match in enumerate(_START_TAG.finditer(text)):
        if seen % 1024 == 0:
            interrupt.check()  # the preview's finishing: a list of 12,000 rows takes a while
        attributes = tag_match.group(2)
        low = attributes.lower()  # most tags (a table's cells) carry none of the three names
        if "id" not in low and "href" not in low and "src" not in low:
            continue
        tag = tag_match.group(1).lower()
        for name, value in _ATTRIBUTE.findall(attributes):
            if not value:
                continue
            name = name.lower()
            if value[0] in "\"'":
                value = value[1:-1]
            # Interned: every page of a folder carries the same navigation, so the preview,
            # which keeps every page's ids and links, holds each such text once.
            value = sys.intern(html.unescape(value))
            if name == "id":
                ids.append(value)
            elif tag in _REFERENCES.get(name, ()):
                refs.append(value)
    return ids, refs


class Memo:
    """Each page's findings kept between checks (the preview's, across rebuilds): a page is
    checked again only when its own ids or links changed (a new object from `collect`), the
    site's files changed, or a page it links to changed its ids."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.parsed: Found = {}
        # findings, and the pages linked to (a tuple: the preview keeps one per page)
        self.checked: dict[str, tuple[list[str], tuple[str, ...]]] = {}


def check(
    parsed: Found, files: set[str], skip: frozenset[str] = frozenset(), memo: Memo | None = None
) -> list[str]:
    """Findings as “page: problem” lines. `parsed` maps HTML routes to their ids and links
    (`collect`); `files` is every route the output will contain."""
    memo = memo or Memo()
    before = memo.parsed
    changed = {
        route
        for route in parsed.keys() | before.keys()
        if parsed.get(route) is not before.get(route)
    }
    moved = {
        r for r in changed if r not in parsed or r not in before or parsed[r][0] != before[r][0]
    }
    everything = files != memo.files
    findings: list[str] = []
    checked: dict[str, tuple[list[str], tuple[str, ...]]] = {}
    id_sets: dict[str, set[str]] = {}  # made when an anchor asks
    for route, (ids, refs) in sorted(parsed.items()):
        interrupt.check()  # the preview's finishing stops here once superseded
        if route in skip:
            continue
        kept = memo.checked.get(route)
        if everything or route in changed or kept is None or not moved.isdisjoint(kept[1]):
            kept = _check_page(route, ids, refs, files, (parsed, id_sets))
        checked[route] = kept
        findings += kept[0]
    memo.files, memo.parsed, memo.checked = files, parsed, checked
    return findings


def _check_page(
    route: str,
    ids: list[str],
    refs: list[str],
    files: set[str],
    pages: tuple[Found, dict[str, set[str]]],
) -> tuple[list[str], tuple[str, ...]]:
    """One page's findings, and the pages its links lead to (whose ids its anchors need).
    `pages`: every page's ids and links, and their ids as sets, made when first needed."""
    parsed, id_sets = pages
    findings: list[str] = []
    targets: set[str] = set()
    seen: set[str] = set()
    for element_id in ids:
        if element_id in seen:
            findings.append(f"{route}: id “{element_id}” 重复")
        seen.add(element_id)
    base = posixpath.dirname(route)
    for ref in refs:
        where, target, anchor = _resolve(base, ref)
        if where == "external":
            continue
        if where == "absolute":
            findings.append(f"{route}: 链接 “{ref}” 使用了绝对路径，从子目录或本地文件打开时会失效")
            continue
        if where == "outside":
            findings.append(f"{route}: 链接 “{ref}” 指向网站之外")
            continue
        target = target or route  # a link to an anchor of the page itself
        if target not in files and posixpath.join(target, "index.html") not in files:
            findings.append(f"{route}: 链接 “{ref}” 指向的文件不存在")
            continue
        targets.add(target)
        if anchor and target in parsed:
            if target not in id_sets:
                id_sets[target] = set(parsed[target][0])
            if anchor in id_sets[target]:
                continue
            findings.append(f"{route}: 链接 “{ref}” 指向的锚点不存在")
    return findings, tuple(targets)


@functools.lru_cache(maxsize=1 << 17)
def _resolve(base: str, ref: str) -> tuple[str, str, str]:
    """Where a link written on a page in folder `base` leads: ("external" | "absolute" |
    "outside" | "", the route, the anchor); the route is "" for the page itself. Kept: every
    page of a folder carries the same navigation and asset links."""
    if ref.startswith(_EXTERNAL) or ref.startswith("//"):
        return "external", "", ""
    parts = urlsplit(ref)
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        return "absolute", "", anchor
    if not path:
        return "", "", anchor
    target = posixpath.normpath(posixpath.join(base, path))
    if target.startswith("../") or target == "..":
        return "outside", "", anchor
    return "", target, anchor
