"""What site_gen reads out of a time-series indicator: whether each period met its target, the
latest reported value, progress from baseline to target and its status band.

Pure functions of the model, shared by the web pages, the PDF annexes, the summaries and the open
data, so that all of them state the same results. Each result is computed only from what the
source states: no baseline → no progress; no target, no value or no direction → no outcome
("not comparable" when the figures cannot be compared, e.g. different units).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Literal

from site_gen.i18n import N_
from site_gen.kinds.series.model import (
    Band,
    IndicatorSeries,
    Observation,
    SeriesGoal,
    SeriesIndicator,
)
from site_gen.values import Value, ValueSyntaxError, parse_value

WIDE = Context(prec=60)
Outcome = Literal["met", "not_met", "not_reported", "not_comparable"]
# What a period's outcome is called (source language; the catalog translates).
OUTCOME_WORDS: dict[str, str] = {
    "met": N_("达到"),
    "not_met": N_("未达到"),
    "not_reported": N_("未报告"),
    "not_comparable": N_("无法比较"),
}
# Bands used when a document names none: they restate the progress figure's own sign and size
# (reached 100 %, above, at or below 0), they judge nothing the figure does not say.
DEFAULT_BANDS: tuple[Band, ...] = (
    Band(at_least=Decimal(100), label=N_("达到目标")),
    Band(at_least=Decimal("0.1"), label=N_("有进展")),
    Band(at_least=Decimal(0), label=N_("无变化")),
    Band(at_least=Decimal(-100_000), label=N_("倒退")),
)
BAND_CLASSES = {"达到目标": "done", "有进展": "on-schedule", "无变化": "other", "倒退": "behind"}


def number(text: str) -> Value | None:
    """A cell's figure, or None when the cell is blank or says no number (`N/A`, `待定`)."""
    if not text.strip():
        return None
    try:
        value = parse_value(text)
    except ValueSyntaxError:
        return None
    return value if value.number is not None and value.operator is None else None


def _same_unit(*values: Value) -> bool:
    return len({v.unit for v in values}) == 1


def outcome(indicator: SeriesIndicator, row: Observation) -> Outcome | None:
    """Did this period reach its target? None when the indicator has no direction to judge by
    (milestone: its status says it in words; undefined) or the period states no target."""
    kind = indicator.type
    if kind in (None, "milestone", "undefined") or row.status:
        return None  # a status the source states is the period's verdict; site_gen adds none
    bounds = (row.minimum, row.maximum) if kind == "range" else (row.target,)
    if not any(b.strip() for b in bounds):
        return None
    if not row.value.strip():
        return "not_reported"
    actual = number(row.value)
    limits = [number(b) for b in bounds if b.strip()]
    if actual is None or None in limits:
        return "not_comparable"
    figures = [v for v in limits if v is not None]
    if not _same_unit(actual, *figures):
        return "not_comparable"
    a = actual.number
    assert a is not None
    if kind == "range":
        low = number(row.minimum) if row.minimum.strip() else None
        high = number(row.maximum) if row.maximum.strip() else None
        met = (low is None or a >= low.number) and (high is None or a <= high.number)  # type: ignore[operator]
    else:
        t = figures[0].number
        assert t is not None
        met = a >= t if kind == "increase" else a <= t
    return "met" if met else "not_met"


def latest(indicator: SeriesIndicator) -> Observation | None:
    """The last period that reports a value."""
    reported = [row for row in indicator.values if row.value.strip()]
    return reported[-1] if reported else None


def progress(indicator: SeriesIndicator) -> Decimal | None:
    """Progress of the latest value from baseline to target, in percent to one decimal:
    (latest − baseline) / (target − baseline) × 100. Below 0 means it moved away from the
    target (regressed); above 100, past it. Needs a stated baseline and target in one unit."""
    if indicator.type not in ("increase", "decrease"):
        return None
    last = latest(indicator)
    target = number(indicator.target) if indicator.target.strip() else None
    if target is None and last is not None:
        target = number(last.target)
    base = number(indicator.baseline)
    current = number(last.value) if last else None
    if base is None or target is None or current is None:
        return None
    if not _same_unit(base, target, current) or target.number == base.number:
        return None
    assert base.number is not None and target.number is not None and current.number is not None
    share = (current.number - base.number) / (target.number - base.number) * 100
    # figures of up to 20 digits each make a ratio of up to 41: room to round it exactly
    return share.quantize(Decimal("0.1"), ROUND_HALF_UP, context=WIDE)


def band(doc: IndicatorSeries, value: Decimal | None) -> str:
    """The status band of a progress figure: the document's bands, else the default ones."""
    if value is None:
        return ""
    bands = sorted(doc.bands or DEFAULT_BANDS, key=lambda b: b.at_least, reverse=True)
    return next((b.label for b in bands if value >= b.at_least), "")


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator as the summary and the pages state it."""

    indicator: SeriesIndicator
    latest: Observation | None
    outcome: Outcome | None
    progress: Decimal | None
    band: str


def lines(doc: IndicatorSeries) -> list[IndicatorLine]:
    out = []
    for goal in doc.goals:
        for indicator in goal.indicators:
            last = latest(indicator)
            # nothing reported yet: judged by the first period that sets a target (its value
            # is blank, so "not reported" where the kind is judged at all)
            aims = (
                r
                for r in indicator.values
                if r.target.strip() or r.minimum.strip() or r.maximum.strip()
            )
            row = last or next(aims, None)
            result = outcome(indicator, row) if row else None
            share = progress(indicator)
            stated = last is not None and last.status  # the source's own word stands alone
            out.append(
                IndicatorLine(indicator, last, result, share, "" if stated else band(doc, share))
            )
    return out


def objectives(
    goal: SeriesGoal,
) -> list[tuple[str, list[tuple[int, SeriesIndicator]]]]:
    """Indicators (with their index in the goal) grouped by consecutive objective, in the
    source's order."""
    groups: list[tuple[str, list[tuple[int, SeriesIndicator]]]] = []
    for index, indicator in enumerate(goal.indicators):
        if groups and groups[-1][0] == indicator.objective:
            groups[-1][1].append((index, indicator))
        else:
            groups.append((indicator.objective, [(index, indicator)]))
    return groups


TYPE_WORDS: dict[str, str] = {
    "increase": N_("越高越好"),
    "decrease": N_("越低越好"),
    "range": N_("在目标区间内"),
    "milestone": N_("里程碑"),
    "undefined": N_("不定方向"),
}


def has(indicator: SeriesIndicator, field: str) -> bool:
    """Whether any period states `field` (a column the table needs)."""
    return any(str(getattr(row, field) or "").strip() for row in indicator.values)


def indicator_anchor(goal_index: int, indicator_index: int, indicator: SeriesIndicator) -> str:
    return indicator.id or f"i{goal_index + 1}-{indicator_index + 1}"


def goal_anchor(goal_index: int, goal: SeriesGoal) -> str:
    return goal.id or f"goal{goal_index + 1}"
