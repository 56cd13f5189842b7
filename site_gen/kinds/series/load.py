"""Rules of a time-series indicator document (kind indicator-series), beyond each field's type.

Errors are what makes a page wrong (two anchors alike); what a source
may print as it is (a target written in words, a range without bounds) is a warning that names
the check, so that it can be silenced with a reason.
"""

from __future__ import annotations

from site_gen.kinds.series.model import IndicatorSeries, SeriesIndicator
from site_gen.load.convert import Converter
from site_gen.model import trends


def check_series(conv: Converter, doc: IndicatorSeries) -> None:
    if not doc.goals:
        conv.error_at("goals", "没有目标", hint="至少填写一个目标及其指标")
    seen: dict[str, str] = {}
    for gi, goal in enumerate(doc.goals):
        anchors = [(goal.id, f"goals[{gi}].id")] + [
            (ind.id, f"goals[{gi}].indicators[{ii}].id") for ii, ind in enumerate(goal.indicators)
        ]
        for anchor, path in anchors:
            if anchor is None:
                continue
            if anchor in seen:
                conv.error_at(path, f"锚点编号 “{anchor}” 重复（已用于 {seen[anchor]}）")
            seen.setdefault(anchor, path)
    levels = [b.at_least for b in doc.bands]
    if len(set(levels)) != len(levels):
        conv.error_at("bands", "进度状态分档的下限（at_least）有重复", hint="每档的下限各不相同")


def indicator_rule(conv: Converter, indicator: SeriesIndicator, path: str) -> None:
    if not indicator.values:
        conv.error_at(
            f"{path}.values", "没有各期数值", hint="至少写一期（period），未报告的期不写 value"
        )
    first: dict[str, int] = {}
    for i, row in enumerate(indicator.values):
        if row.period in first:  # a source may list a period twice (e.g. a revised figure)
            conv.warn(
                f"{path}.values[{i}].period",
                f"期间 “{row.period}” 出现两次（另见 values[{first[row.period]}]）",
                hint="照原文两项都发布；原文只有一项时删去多写的那项",
                check="series-period",
            )
        first.setdefault(row.period, i)
    if indicator.type in ("increase", "decrease", "range"):
        _check_figures(conv, indicator, path)
    if indicator.type == "range":
        for i, row in enumerate(indicator.values):
            low, high = trends.number(row.minimum), trends.number(row.maximum)
            if low and high and low.number > high.number:  # type: ignore[operator]
                conv.warn(
                    f"{path}.values[{i}].minimum",
                    f"目标下限 {row.minimum} 大于上限 {row.maximum}",
                    hint="核对原文；照原文发布则在 silence 中说明",
                    check="series-range",
                )
            elif row.target.strip() and not (row.minimum.strip() or row.maximum.strip()):
                conv.warn(
                    f"{path}.values[{i}].target",
                    "区间类指标（type: range）只写了目标值，没有上下限，无法判断是否达到",
                    hint="照原文填写 minimum、maximum；原文没有则在 silence 中说明",
                    check="series-range",
                )


def _check_figures(conv: Converter, indicator: SeriesIndicator, path: str) -> None:
    """Figures that are to be compared must be numbers in one unit; anything else is printed as
    written and said to be not comparable."""
    cells = [("baseline", indicator.baseline), ("target", indicator.target)]
    for i, row in enumerate(indicator.values):
        for name in ("target", "minimum", "maximum", "value"):
            cells.append((f"values[{i}].{name}", getattr(row, name)))
    units: dict[str, str] = {}
    for where, text in cells:
        if not text.strip():
            continue
        value = trends.number(text)
        if value is None:
            conv.warn(
                f"{path}.{where}",
                f"“{text}” 不是一个数值，无法与目标比较",
                hint="照原文发布则保留；页面上这一期显示为 无法比较",
                check="series-figure",
            )
        else:
            units.setdefault(value.unit, f"{path}.{where}")
    if len(units) > 1:
        conv.warn(
            f"{path}.values",
            "本指标的数值单位不一致："
            + "、".join(f"“{u or '无单位'}”（{w}）" for u, w in units.items()),
            hint="同一指标各期用同一单位，例如都写 45% 或都写 45",
            check="series-unit",
        )


check = check_series
RECORD_RULES = {SeriesIndicator: indicator_rule}
