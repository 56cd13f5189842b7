"""Markdown → sanitised HTML. A pure function; content is semi-trusted, so every output passes
an allowlist (nh3): no raw HTML elements beyond plain formatting, no attributes that run script,
link schemes limited to http, https, mailto and site-relative paths, no images (an image could
make the PDF renderer fetch a file or a URL).

The parser is markdown-it-py (CommonMark): its cost grows linearly with the text for every
shape measured, where Python-Markdown took quadratic time on runs of unclosed inline tags or
brackets (a 48 KB field took 45 s). Nesting is capped before parsing so that a page never
nests deeper than a reader (or WeasyPrint's recursive layout) can follow.
"""

from __future__ import annotations

import functools
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_gen import cjk_markdown

_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "sup", "sub", "code", "pre",
    "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "hr", "a",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
_SCHEMES = {"http", "https", "mailto"}

MAX_NESTING = 20
_HEADING = re.compile(r"<(/?)h([1-6])>")

# CommonMark plus GFM tables; raw HTML is parsed (then sanitised by nh3) so that authors can
# keep the <sup>/<sub>/<br> they paste from Word. Images are off: an image could make the PDF
# renderer fetch a file. Typographer and linkify stay off: the text is published as written.
# Emphasis and line breaks follow the CJK-friendly rule (cjk_markdown.py).
_PARSER = cjk_markdown.use(
    MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    .enable("table")
    .disable("image")
)
# markdown-it stops reading a text (silently dropping the rest) when its nesting limit is
# reached, so the limit is set well above what `render` accepts and the depth of the parsed
# tokens is checked: deeper text is refused with a message instead of being cut short.
_PARSER.options["maxNesting"] = 4 * MAX_NESTING
_NESTING_TOKENS = ("blockquote", "bullet_list", "ordered_list")


def _depth(tokens: list[Token]) -> int:
    """How deeply lists and quotes nest in parsed tokens."""
    depth = deepest = 0
    for token in tokens:
        if token.type.endswith("_open") and token.type[:-5] in _NESTING_TOKENS:
            depth += 1
            deepest = max(deepest, depth)
        elif token.type.endswith("_close") and token.type[:-6] in _NESTING_TOKENS:
            depth -= 1
    return deepest


class MarkdownError(ValueError):
    """Text the renderer refuses (nesting too deep)."""


def precheck(text: str) -> str:
    """Return a problem description for text the renderer refuses, or "" when it is fine.

    Validation calls this (through `render`) so that a build never finds a Markdown problem
    that `validate` missed.
    """
    try:
        render(text)
    except MarkdownError as exc:
        return str(exc)
    return ""


@functools.lru_cache(maxsize=4096)
def render(text: str) -> str:
    """Render Markdown to sanitised HTML. A `#` heading becomes h2: h1 is the page title.

    Cached: the same text is rendered for the web page, the PDF annex and the search summary.
    """
    if not text.strip():
        return ""
    tokens = _PARSER.parse(text)
    if _depth(tokens) > MAX_NESTING:
        raise MarkdownError(f"列表或引用嵌套过深（超过 {MAX_NESTING} 层）")
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{max(int(m.group(2)), 2)}>", html)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_safe_attribute,
    ).strip()


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)


def _safe_attribute(element: str, attribute: str, value: str) -> str | None:
    """A second, independent check on link schemes (defence in depth): nh3 passes URLs it
    cannot parse as "relative". Browsers strip control characters and spaces before reading
    the scheme, so the check does too."""
    if attribute != "href":
        return value
    compact = re.sub(r"[\x00-\x20\x7f]", "", value)
    match = _SCHEME.match(compact)
    if match and match.group(1).lower() not in _SCHEMES:
        return None
    return value


def render_inline(text: str) -> str:
    """Render a one-paragraph text without its <p> wrapper (for table cells and list items)."""
    html = render(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


@functools.lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """Text with Markdown markup removed, for titles, search snippets and PDF metadata."""
    html = render(text)
    return re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()
