"""What the site says about a time-series indicator document: the lead sentence and the listing
figures, in the page's language.

It counts indicators, never period snapshots, and puts every indicator in exactly one outcome
(its latest reported period met its target, did not, was not reported, cannot be compared, or
has no direction or target to judge by), so the parts always add up to the whole; regressed
indicators (progress below 0) are counted, not hidden.
"""

from __future__ import annotations

from collections import Counter

from site_gen.i18n import NN_, Language
from site_gen.kinds.series.model import IndicatorSeries, SeriesIndicator
from site_gen.model import trends
from site_gen.web import charts

# Outcome words in the order the sentence lists them (source language; the catalog translates).
OUTCOME_PARTS: tuple[tuple[str | None, tuple[str, str]], ...] = (
    ("met", NN_("达到 {n} 项", "达到 {n} 项")),
    ("not_met", NN_("未达到 {n} 项", "未达到 {n} 项")),
    ("not_reported", NN_("未报告 {n} 项", "未报告 {n} 项")),
    ("not_comparable", NN_("无法比较 {n} 项", "无法比较 {n} 项")),
    (None, NN_("未写明方向或目标、不作判断 {n} 项", "未写明方向或目标、不作判断 {n} 项")),
)


def outcome_counts(lines: list[trends.IndicatorLine]) -> Counter[str | None]:
    return Counter(line.outcome for line in lines)


def band_counts(doc: IndicatorSeries, lines: list[trends.IndicatorLine]) -> list[tuple[str, int]]:
    counts = Counter(line.band for line in lines if line.band)
    order = [b.label for b in sorted(doc.bands or trends.DEFAULT_BANDS, key=lambda b: -b.at_least)]
    return [(label, counts[label]) for label in order if counts[label]]


def lead(doc: IndicatorSeries, lang: Language) -> str:
    _, ngettext = lang.gettext, lang.ngettext
    lines = trends.lines(doc)
    if not lines:
        return ""
    goals = _("、").join(
        _("{name} {n} 项", name=goal.name, n=lang.count(len(goal.indicators))) for goal in doc.goals
    )
    text = ngettext("本表列出 {n} 项指标", "本表列出 {n} 项指标", len(lines))
    if len(doc.goals) > 1:
        text += _("（{parts}）", parts=goals)
    counts = outcome_counts(lines)
    parts = [ngettext(*pair, counts[key]) for key, pair in OUTCOME_PARTS if counts[key]]
    text += _("；按最近一期的数值：{parts}", parts=_("、").join(parts))
    bands = band_counts(doc, lines)
    if bands:
        words = _("、").join(
            _("{band} {n} 项", band=_(label), n=lang.count(n)) for label, n in bands
        )
        text += _("；按基线到目标的进度：{parts}", parts=words)
    return text + _("。")


def figures(doc: IndicatorSeries, lang: Language) -> tuple[str, ...]:
    _, ngettext = lang.gettext, lang.ngettext
    lines = trends.lines(doc)
    if not lines:
        return ()
    counts = outcome_counts(lines)
    judged = counts["met"] + counts["not_met"]
    out = [ngettext("{n} 项指标", "{n} 项指标", len(lines))]
    if judged:
        out.append(
            _("最近一期达到目标 {met}/{n}", met=lang.count(counts["met"]), n=lang.count(judged))
        )
    regressed = sum(1 for line in lines if line.progress is not None and line.progress < 0)
    if regressed:
        out.append(ngettext("倒退 {n} 项", "倒退 {n} 项", regressed))
    return tuple(out)


def chart_columns(indicator: SeriesIndicator) -> list[charts.Column]:
    """The indicator's periods for a chart, when its figures share one unit (a chart of 45% and
    45 人 on one axis would say something false); else no chart."""
    parsed = [
        (
            row,
            [
                trends.number(row.value),
                trends.number(row.target),
                trends.number(row.minimum),
                trends.number(row.maximum),
            ],
        )
        for row in indicator.values
    ]
    units = {v.unit for _, values in parsed for v in values if v is not None}
    if len(units) != 1:
        return []
    return [
        charts.Column(row.period, *(v.number if v is not None else None for v in values))
        for row, values in parsed
    ]
