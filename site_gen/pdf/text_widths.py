"""Render stage (PDF): WeasyPrint's min-content widths of long unspaced text, in linear time.

A table laid out automatically asks each cell's min-content width: WeasyPrint splits the cell's
text into lines at width 0, one `split_first_line` call per line, each on the whole rest of the
text (`layout/preferred.inline_line_widths`). At width 0 it trims the text it lays out to the
first word only when the text has a space; Chinese has none, so a cell of N characters is laid
out N times at N, N-1, … characters: quadratic. On the sample annexes it was half of all PDF
time (22 of 45 CPU-s: 58,000 calls, 109,000 Pango layouts).

At width 0 the first line ends at the text's first break opportunity, and where that falls
depends only on the characters around it (UAX #14 and Pango's rules look at a few characters).
So the call is made on a prefix of the text, and its answer is taken only when the line it finds
ends well inside the prefix (`MARGIN` characters before its end) — otherwise on a longer prefix,
up to the whole text. Texts where the rest of the text can matter are passed through whole:
soft hyphens and automatic hyphenation (both look at the whole second line).

The annex is laid out again until its tables read well (pdf.print_layout: up to four times on
the sample), and each layout measures the same cells again. Within one annex (`remembered`) the
answers are kept by text and by every style property WeasyPrint's text code reads (`STYLE_KEYS`;
a test reads WeasyPrint's source and fails when it reads one more).

Only the copy of `split_first_line` that `layout/preferred` calls is wrapped: laying lines out
for the page is untouched. The answer is WeasyPrint's own for the prefix; the test suite checks
it equals the original's for the whole text over sample, Latin, numeric and hostile strings, so
a WeasyPrint release that changes the rules fails the tests instead of moving a column.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Callable, Iterator
from typing import Any

PREFIX = 24  # characters laid out first; four times more until the first line ends inside
MARGIN = 8  # the first line must end this many characters before the prefix does

# Every style property that weasyprint/text/line_break.py and fonts.py read (tested).
STYLE_KEYS = (
    "direction", "font_family", "font_feature_settings", "font_kerning",
    "font_language_override", "font_size", "font_stretch", "font_style",
    "font_variant_alternates", "font_variant_caps", "font_variant_east_asian",
    "font_variant_ligatures", "font_variant_numeric", "font_variant_position",
    "font_variation_settings", "font_weight", "hyphenate_character", "hyphenate_limit_chars",
    "hyphenate_limit_zone", "hyphens", "lang", "letter_spacing", "line_height",
    "overflow_wrap", "tab_size", "text_decoration_line", "white_space", "word_break",
    "word_spacing",
)  # fmt: skip

_original: Callable[..., Any] | None = None


class _Memo(threading.local):
    """What one thread's annex has measured (an annex's layouts share its fonts and CSS)."""

    answers: dict[tuple[Any, ...], Any] | None = None
    # id(style) → (style, its key): the style is held, so its id is not reused meanwhile
    style_keys: dict[int, tuple[Any, str]] | None = None


_memo = _Memo()


@contextlib.contextmanager
def remembered() -> Iterator[None]:
    """Keep the measured lines while one annex is laid out."""
    _memo.answers, _memo.style_keys = {}, {}
    try:
        yield
    finally:
        _memo.answers = _memo.style_keys = None


def _style_key(style: Any, keys: dict[int, tuple[Any, str]]) -> str:
    held = keys.get(id(style))
    if held is None:
        held = keys[id(style)] = (style, repr(tuple(style[k] for k in STYLE_KEYS)))
    return held[1]


def _whole_text_matters(text: str, style: Any) -> bool:
    return "\xad" in text or style["hyphens"] == "auto"


def split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> Any:
    """WeasyPrint's split_first_line, remembered; at width 0 on a long text, on a prefix."""
    args = (text, style, context, max_width, justification_spacing, is_line_start, minimum)
    answers, style_keys = _memo.answers, _memo.style_keys
    if answers is None or style_keys is None:
        return _measure(*args)
    style_key = _style_key(style, style_keys)
    key = (text, max_width, justification_spacing, is_line_start, minimum, style_key)
    answer = answers.get(key)
    if answer is None:
        answer = answers[key] = _measure(*args)
    return answer


def _measure(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool,
    minimum: bool,
) -> Any:
    assert _original is not None
    if max_width != 0 or len(text) <= PREFIX or _whole_text_matters(text, style):
        return _original(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
    size = PREFIX
    while size < len(text):
        prefix = text[:size]
        answer = _original(
            prefix, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        resume = answer[2]
        if resume is not None and resume <= len(prefix[: size - MARGIN].encode()):
            return answer
        size *= 4
    return _original(text, style, context, max_width, justification_spacing, is_line_start, minimum)


SIGNATURE = (
    "text", "style", "context", "max_width", "justification_spacing", "is_line_start", "minimum"
)  # fmt: skip


def install() -> bool:
    """Wrap layout/preferred's split_first_line (once per process). A WeasyPrint whose function
    takes other arguments is left as it is (slower, never wrong); False then."""
    global _original
    from weasyprint.layout import preferred

    if preferred.split_first_line is split_first_line:
        return True
    found = preferred.split_first_line
    if tuple(inspect.signature(found).parameters) != SIGNATURE:
        return False
    _original = found
    preferred.split_first_line = split_first_line
    return True
