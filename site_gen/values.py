"""Indicator values as data: `>=85%` → (≥, 85, %); `可控` → qualitative; and met / not met.

People type target values in many ways (ASCII or full-width operators, spaces, units such as
个 人 次 家 万 万元 起 %); the original text is always kept for display, and the parsed form is
what comparisons and scores use. A leaf module: no I/O, no imports from site_gen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

Operator = Literal["=", "≥", "≤", ">", "<", "±"]
Outcome = Literal["met", "not_met", "not_comparable"]

OUTCOME_ZH: dict[str, str] = {"met": "达成", "not_met": "未达成", "not_comparable": "无法比较"}

# Longest spellings first so that ">=" is not read as ">" followed by "=".
_OPERATORS: tuple[tuple[str, Operator], ...] = (
    ("+/-", "±"),
    ("+-", "±"),
    (">=", "≥"),
    ("=>", "≥"),
    ("<=", "≤"),
    ("=<", "≤"),
    ("==", "="),
    ("≥", "≥"),
    ("≧", "≥"),
    ("≤", "≤"),
    ("≦", "≤"),
    ("±", "±"),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
# Words that people write instead of a sign, before or after the figure.
_PREFIX_WORDS: tuple[tuple[str, Operator], ...] = (
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("大于等于", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("小于等于", "≤"),
    ("大于", ">"),
    ("小于", "<"),
    ("低于", "<"),
)
_SUFFIX_WORDS: tuple[tuple[str, Operator], ...] = (("以上", "≥"), ("以下", "≤"), ("以内", "≤"))

_NUMBER = re.compile(r"([+-]?\d+(?:\.\d+)?)")
_UNIT = re.compile(r"[^\d\s=<>≥≤±+\-,，;；]{1,12}")

# Scales that may be written with or without the currency word: 万 and 万元 are one unit.
_UNIT_ALIASES = {"万元": "万", "亿元": "亿", "千元": "千", "％": "%", "个百分点": "百分点"}


MAX_DIGITS = 20  # more is a typo, and Decimal arithmetic (28 digits) would fail on it


class ValueSyntaxError(ValueError):
    """The text looks like a figure but cannot be read as one."""


@dataclass(frozen=True)
class Value:
    """A parsed indicator value. `text` is exactly what the author wrote."""

    text: str
    operator: Operator | None = None
    number: Decimal | None = None
    unit: str = ""
    qualitative: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.number is not None

    @property
    def canonical_unit(self) -> str:
        return _UNIT_ALIASES.get(self.unit, self.unit)

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "operator": self.operator,
            "number": str(self.number) if self.number is not None else None,
            "unit": self.unit,
            "qualitative": self.qualitative,
        }


def _fold(text: str) -> str:
    # NFKC folds full-width forms (＞＝ → >=, ％ → %, ８５ → 85) but leaves ≥ ≤ ± alone.
    return unicodedata.normalize("NFKC", text).strip()


_DATE_LIKE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}\s*年(?:底|前|内|度)|\d{4}([-/.])\d{1,2}\1\d{1,2}(?!\d)"
)


def parse_value(text: str) -> Value:
    """Parse what an author typed as a target or actual value.

    Raises ValueSyntaxError for text that starts like a figure but is not one (`>=abc`, `85%%`).
    Text with no digits and no operator is a qualitative value (可控, 健全, 良好…).
    """
    original = text
    folded = _fold(text)
    if not folded:
        raise ValueSyntaxError("指标值为空")
    rest = folded
    operator: Operator | None = None
    for word, op in _PREFIX_WORDS:
        if rest.startswith(word):
            operator, rest = op, rest[len(word) :].strip()
            break
    else:
        for spelling, op in _OPERATORS:
            if rest.startswith(spelling):
                operator, rest = op, rest[len(spelling) :].strip()
                break
    if _DATE_LIKE.match(rest):
        # A date or deadline (2024年12月底前, ≤2024年12月31日): 时效指标 write these; kept as
        # written and, like a qualitative value, not compared automatically.
        return Value(text=original, qualitative=folded)
    has_digit = any(ch.isdigit() for ch in rest)
    if not has_digit:
        if operator is not None:
            raise ValueSyntaxError(f"运算符 “{operator}” 后面缺少数字")
        return Value(text=original, qualitative=folded)
    match = _NUMBER.match(rest.replace(",", ""))
    if not match:
        if operator is None:
            # Descriptive text with figures in it ("年度预算220万元") is kept as written; it
            # cannot be compared automatically, like any qualitative value.
            return Value(text=original, qualitative=folded)
        raise ValueSyntaxError("数字必须紧跟在运算符之后")
    body = rest.replace(",", "")
    number_text = match.group(1)
    tail = body[match.end() :].strip()
    for word, op in _SUFFIX_WORDS:
        if tail.endswith(word):
            if operator is not None and operator != op:
                raise ValueSyntaxError(f"运算符 “{operator}” 与 “{word}” 矛盾")
            operator, tail = op, tail[: -len(word)].strip()
            break
    if tail and not _UNIT.fullmatch(tail):
        raise ValueSyntaxError(f"无法识别数字后面的 “{tail}”")
    if tail.count("%") > 1:
        raise ValueSyntaxError(f"单位 “{tail}” 有误")
    if sum(ch.isdigit() for ch in number_text) > MAX_DIGITS:
        raise ValueSyntaxError(f"数字过长（超过 {MAX_DIGITS} 位）")
    try:
        number = Decimal(number_text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise ValueSyntaxError(f"无法识别数字 “{number_text}”") from exc
    return Value(text=original, operator=operator, number=number, unit=tail)


# ---------------------------------------------------------------- figures in form cells
# Marks that published forms write in cells that do not apply; kept exactly as written.
NOT_APPLICABLE = frozenset({"/", "／", "—", "－", "-", "——", "\\"})
_FIGURE = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(%?)")


@dataclass(frozen=True)
class Figure:
    """A figure in a form cell as the source wrote it: "89.974", "100.00%", "/", or blank.

    `text` is what is shown, so precision, thousands separators and the % sign survive;
    `number` is for sums and checks. `unclear` marks a cell the source made illegible.
    """

    text: str
    number: Decimal | None = None
    percent: bool = False
    unclear: bool = False

    @property
    def not_applicable(self) -> bool:
        return self.text.strip() in NOT_APPLICABLE

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "number": str(self.number) if self.number is not None else None,
            "unclear": self.unclear,
        }


def parse_figure(text: str, unclear: bool = False) -> Figure:
    """Read a cell figure; raises ValueSyntaxError for text that is neither a figure nor `/`."""
    folded = _fold(text)
    if not folded or folded in NOT_APPLICABLE or text.strip() in NOT_APPLICABLE:
        return Figure(text=text.strip(), unclear=unclear)
    match = _FIGURE.fullmatch(folded)
    if not match:
        raise ValueSyntaxError("不是数字")
    digits = sum(ch.isdigit() for ch in match.group(1))
    if digits > MAX_DIGITS:
        raise ValueSyntaxError(f"数字过长（{digits} 位）")
    number = Decimal(match.group(1).replace(",", ""))
    return Figure(text=text.strip(), number=number, percent=bool(match.group(2)), unclear=unclear)


class UnitMismatch(ValueError):
    """Target and actual are in different units; comparing them would give a wrong answer."""


def outcome(target: Value, actual: Value) -> Outcome:
    """Decide whether an actual value meets its target.

    A target without an operator (`16个`, `0起`) is read as exact (=). `±5%` is a tolerance: met
    when the actual deviation lies within it. Qualitative targets are met only by the same word;
    anything else cannot be compared and needs the reviewer's declared judgement.
    """
    if not target.is_numeric:
        if not actual.is_numeric and actual.qualitative == target.qualitative:
            return "met"
        return "not_comparable"
    if not actual.is_numeric:
        return "not_comparable"
    if target.unit and actual.unit and target.canonical_unit != actual.canonical_unit:
        raise UnitMismatch(f"目标值单位为 “{target.unit}”，实际值单位为 “{actual.unit}”")
    assert target.number is not None and actual.number is not None
    t, a = target.number, actual.number
    op = target.operator or "="
    met = {
        "=": a == t,
        "≥": a >= t,
        "≤": a <= t,
        ">": a > t,
        "<": a < t,
        "±": abs(a) <= abs(t),
    }[op]
    return "met" if met else "not_met"


_CENT = Decimal("0.01")


def computed_score(target: Value, actual: Value, weight: Decimal) -> Decimal | None:
    """The score common practice gives (DOMAIN.md), or None where it must be judged.

    Higher-is-better (≥, >): min(actual / target, 1) × weight.
    Lower-is-better (≤, <): min(target / actual, 1) × weight; full marks when actual is 0.
    Exact, tolerance and qualitative indicators: full marks when met, else judged (None).
    """
    result = outcome(target, actual)
    if result == "not_comparable":
        return None
    if target.number is None or actual.number is None:  # qualitative and met
        return weight.quantize(_CENT)
    op = target.operator or "="
    t, a = target.number, actual.number
    if op in ("≥", ">"):
        ratio = Decimal(1) if t <= 0 else min(a / t, Decimal(1))
    elif op in ("≤", "<"):
        ratio = Decimal(1) if a <= 0 else min(t / a, Decimal(1))
    else:
        if result != "met":
            return None
        ratio = Decimal(1)
    return (max(ratio, Decimal(0)) * weight).quantize(_CENT)


def grade(score: Decimal) -> str:
    """Common grading: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60."""
    if score >= 90:
        return "优"
    if score >= 80:
        return "良"
    if score >= 60:
        return "中"
    return "差"


# ---------------------------------------------------------------- numbered list items
_ITEM_NUMBER = re.compile(r"(\d{1,3})[.．、](?!\d*[.．、])")


def split_number(text: str) -> tuple[int | None, str]:
    """Split an author's own item number off a list item: "7.1-10月，…" → (7, "1-10月，…").

    People paste numbered paragraphs from Word; the number is kept apart so that the page can
    print it exactly as the source did and validation can check the sequence.
    """
    match = _ITEM_NUMBER.match(text)
    if not match:
        return None, text
    return int(match.group(1)), text[match.end() :]


def numbered_items(items: tuple[str, ...]) -> list[tuple[int, str]]:
    """Number list items: keep the author's numbers when they run 1, 2, 3…, else number them.

    A lone figure such as "2.5亿元…" at the start of an unnumbered item is not taken for a number,
    because the whole list must be numbered in sequence for the author's numbers to count.
    """
    split = [split_number(text) for text in items]
    if split and all(number == i + 1 for i, (number, _) in enumerate(split)):
        return [(i + 1, rest) for i, (_, rest) in enumerate(split)]
    return [(i + 1, text) for i, text in enumerate(items)]
