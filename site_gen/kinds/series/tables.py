"""The 绩效指标监测 table of the CSV download: one row per indicator and period."""

from __future__ import annotations

from site_gen import i18n, model
from site_gen.i18n import N_
from site_gen.kinds.series.model import IndicatorSeries
from site_gen.model import trends

# One row per indicator and period: the indicator's facts repeated, the period's cells as
# written, and last the outcome site_gen read from them (trends.outcome), said as on the page.
SERIES_COLUMNS = (
    N_("目标"),
    N_("所属目标"),
    N_("指标名称"),
    N_("指标类型"),
    N_("单位"),
    N_("基线值"),
    N_("基线期间"),
    N_("目标值"),
    N_("目标期间"),
    N_("期间"),
    N_("该期目标值"),
    N_("目标下限"),
    N_("目标上限"),
    N_("实际值"),
    N_("状态"),
    N_("说明"),
    N_("是否达到"),
)


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows, headed in the document's language."""
    doc = entry.doc
    assert isinstance(doc, IndicatorSeries)
    return _series_rows(doc, i18n.Language(entry.language))


def _series_rows(doc: IndicatorSeries, lang: i18n.Language) -> tuple[list[str], list[list[str]]]:
    rows = []
    for goal in doc.goals:
        for ind in goal.indicators:
            facts = [goal.name, ind.objective, ind.name, ind.type or "", ind.unit, ind.baseline]
            facts += [ind.baseline_period, ind.target, ind.target_period]
            for row in ind.values:
                outcome = trends.outcome(ind, row)
                cells = [row.period, row.target, row.minimum, row.maximum, row.value]
                cells += [row.status or "", row.note.strip()]
                rows.append(
                    [*facts, *cells, lang.gettext(trends.OUTCOME_WORDS[outcome]) if outcome else ""]
                )
    return [lang.gettext(c) for c in SERIES_COLUMNS], rows
