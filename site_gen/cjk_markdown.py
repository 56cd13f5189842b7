"""CommonMark made to read Chinese as it is written: emphasis beside full-width punctuation, and
no space where a line of Chinese text is broken in the source.

CommonMark decides whether `**` opens or closes emphasis by what stands on either side, written
for languages that put spaces between words: `**提高政治判断力。**坚持` does not close, because
the run follows punctuation (。) and precedes a letter (坚), so readers saw the asterisks. The
markdown-cjk-friendly draft (github.com/tats-u/markdown-cjk-friendly) lets a CJK character on
the outer side count as a space would; this module applies that rule to the `*` and `_` runs
and nothing else, so text without CJK characters is parsed exactly as CommonMark says.

A soft line break (a newline inside a paragraph) renders as a space, which is right between
English words and wrong between two Chinese characters: there it renders as nothing.

Installed on a parser with `use(parser)`; markdown-it-py itself is not patched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline
from markdown_it.token import Token

# Ideographs (with extensions and compatibility forms), kana, Hangul, CJK symbols and
# punctuation (、。「」《》), full-width and half-width forms.
_CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003134f]"
)


def is_cjk(char: str) -> bool:
    return bool(char) and _CJK.match(char) is not None


def _punctuation(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def scan_delimiters(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """CommonMark's delimiter-run rule (StateInline.scanDelims), with a CJK character beside
    the run allowing it to open or close where whitespace or punctuation would."""
    scanned = state.scanDelims(start, can_split_word)
    end = start + scanned.length
    last = state.src[start - 1] if start > 0 else " "
    following = state.src[end] if end < state.posMax else " "
    if not (is_cjk(last) or is_cjk(following)):
        return scanned  # no CJK beside it: CommonMark as written
    # A CJK punctuation mark is not a blocker here (it stands where a space would in English),
    # but still allows, as any character beside a run does in Chinese text.
    last_blocks = _punctuation(last) and not is_cjk(last)
    next_blocks = _punctuation(following) and not is_cjk(following)
    last_allows = is_cjk(last) or _punctuation(last)
    next_allows = is_cjk(following) or _punctuation(following)
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
    left = not next_space and (not next_blocks or last_space or last_allows)
    right = not last_space and (not last_blocks or next_space or next_allows)
    if can_split_word:  # `*`
        return Scanned(left, right, scanned.length)
    return Scanned(  # `_`: never inside a word of Latin letters
        left and (not right or last_allows),
        right and (not left or next_allows),
        scanned.length,
    )


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer (rules_inline.emphasis.tokenize) on `scan_delimiters`."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    scanned = scan_delimiters(state, start, marker == "*")
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=scanned.length,
                token=len(state.tokens) - 1,
                end=-1,
                open=scanned.can_open,
                close=scanned.can_close,
            )
        )
    state.pos += scanned.length
    return True


def _softbreak(renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    before = tokens[index - 1].content[-1:] if index > 0 else ""
    after = tokens[index + 1].content[:1] if index + 1 < len(tokens) else ""
    if is_cjk(before) and is_cjk(after):
        return ""
    return "<br>\n" if options.breaks else "\n"


def use(parser: MarkdownIt) -> MarkdownIt:
    parser.inline.ruler.at("emphasis", _emphasis)
    parser.add_render_rule("softbreak", _softbreak)
    return parser
