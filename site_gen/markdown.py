"""Markdown → sanitised HTML. A pure function; content is semi-trusted, so every output passes
an allowlist (nh3): no raw HTML elements beyond plain formatting, no attributes that run script,
link schemes limited to http, https, mailto and site-relative paths, no images (an image could
make the PDF renderer fetch a file or a URL).
"""

from __future__ import annotations

import re

import markdown as _markdown
import nh3

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
_EXTENSIONS = ["tables", "sane_lists"]  # never attr_list: it lets authors add onclick=…

MAX_BRACKET_RUN = 100
MAX_NESTING = 20
_HEADING = re.compile(r"<(/?)h([1-6])>")


class MarkdownError(ValueError):
    """Text that would make the Markdown parser hang or recurse without end."""


def precheck(text: str) -> str:
    """Return a problem description for pathological input, or "" when the text is fine.

    Python-Markdown takes quadratic time on long runs of `[` and recurses once per nesting
    level of lists and quotes (RELIABILITY.md), so both are capped before it ever runs.
    """
    longest = max((len(m) for m in re.findall(r"\[+", text)), default=0)
    if longest > MAX_BRACKET_RUN or text.count("[") > 5_000:
        return f"方括号 “[” 过多（连续 {longest} 个）"
    for line in text.splitlines():
        stripped = line.lstrip(" \t>")
        indent = len(line) - len(stripped)
        if indent > MAX_NESTING * 4 or line[:indent].count(">") > MAX_NESTING:
            return f"列表或引用嵌套过深（超过 {MAX_NESTING} 层）"
    return ""


def render(text: str) -> str:
    """Render Markdown to sanitised HTML. A `#` heading becomes h2: h1 is the page title."""
    if not text.strip():
        return ""
    problem = precheck(text)
    if problem:
        raise MarkdownError(problem)
    try:
        html = _markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    except RecursionError as exc:
        raise MarkdownError("列表或引用嵌套过深") from exc
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{max(int(m.group(2)), 2)}>", html)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_safe_attribute,
    )


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


def plain(text: str) -> str:
    """Text with Markdown markup removed, for titles, search snippets and PDF metadata."""
    html = render(text)
    return re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()
