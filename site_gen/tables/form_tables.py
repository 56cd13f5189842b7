"""The official tables as rows and columns: the three-level indicator table with its spans,
the standard forms' column layouts, budget columns and header fields.

Pure functions of the model shared by the web pages and the PDF annexes, so that both lay out
the same cells. Nothing here formats HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from site_gen import kinds, model
from site_gen.kinds.progress.model import ProgressReport, ProgressRow
from site_gen.model import blocks, scoring
from site_gen.values import OUTCOME_ZH, Value


# ---------------------------------------------------------------- the indicator table
@dataclass(frozen=True)
class IndicatorRow:
    """One row of the official three-level indicator table; spans as on the printed form.

    A level-2 group the source prints without indicators gives one `blank` row, so that its
    label is published as the source shows it; blank rows are not counted as indicators.
    """

    level1: str
    level1_points: Decimal | None
    level1_span: int  # 0 = covered by a cell above
    level2: str
    level2_points: Decimal | None
    level2_span: int
    item: model.Indicator
    number: int  # 0 for a blank row
    outcome: str | None  # met / not_met / not_comparable, None without an actual value
    computed: Decimal | None

    @property
    def blank(self) -> bool:
        return self.number == 0

    @property
    def outcome_zh(self) -> str:
        return OUTCOME_ZH.get(self.outcome or "", "")


_NO_INDICATOR = model.Indicator(name="")


def _unwritten(points: Decimal | None, label: str) -> Decimal | None:
    """Points to print after a label: only those the label does not already show."""
    return points if points is not None and blocks.points_in_label(label) is None else None


def indicator_rows(groups: tuple[model.IndicatorGroup, ...]) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    number = 0
    for group in groups:
        level1_span = sum(max(1, len(sub.items)) for sub in group.groups)
        first1 = True
        for sub in group.groups:
            first2 = True
            for item in sub.items or (None,):
                judgement = scoring.judge(item) if item else scoring.Judgement(None, None)
                number += 1 if item else 0
                rows.append(
                    IndicatorRow(
                        level1=group.level1,
                        level1_points=_unwritten(group.points, group.level1),
                        level1_span=level1_span if first1 else 0,
                        level2=sub.level2,
                        level2_points=_unwritten(sub.points, sub.level2),
                        level2_span=max(1, len(sub.items)) if first2 else 0,
                        item=item or _NO_INDICATOR,
                        number=number if item else 0,
                        outcome=judgement.outcome,
                        computed=judgement.computed,
                    )
                )
                first1 = first2 = False
    return rows


# ---------------------------------------------------------------- the standard forms


@dataclass(frozen=True)
class FormColumn:
    key: str  # an Indicator field, or "unit_target:<i>"
    title: str


def form_columns(kind: str, form: model.Form) -> list[FormColumn]:
    """The indicator table's columns after the three levels: the source's own layout.

    A column appears when the kind's form prints it or when any indicator fills it; headings
    are the source's (indicator_titles) where given.
    """
    if form.indicator_columns:
        return _chosen_columns(form)
    items = scoring.items_of(form.indicators)
    titles = form.indicator_titles
    evaluation = kinds.get(kind).evaluation
    monitoring = kinds.get(kind).forecast

    def has(name: str) -> bool:
        return any(getattr(i, name) not in (None, "", ()) for i in items)

    # A two-level form (no indicator is named below level 2) prints no level-3 column.
    columns = [FormColumn("name", titles.name or "三级指标")] if has("name") else []
    if has("operator") or has("unit"):
        columns += [
            FormColumn("operator", "指标性质"),
            FormColumn("target", titles.target or "指标值"),
            FormColumn("unit", "度量单位"),
        ]
    elif has("target") or not form.indicator_units:
        columns.append(FormColumn("target", titles.target or "指标值"))
    columns += [FormColumn(f"unit_target:{i}", u) for i, u in enumerate(form.indicator_units)]
    if has("explanation"):
        columns.append(FormColumn("explanation", titles.explanation or "指标解释"))
    if monitoring or has("progress"):
        columns.append(FormColumn("progress", titles.progress or "执行情况"))
    if monitoring or has("possibility"):
        columns.append(FormColumn("possibility", "完成目标可能性"))
    if evaluation or has("actual"):
        columns += [
            FormColumn("actual", titles.actual or "实际完成值"),
            FormColumn("weight", titles.weight or "分值"),
            FormColumn("score", titles.score or "得分"),
            FormColumn("deviation", titles.deviation or "偏差原因分析及改进措施"),
        ]
    if has("remark") or monitoring:
        columns.append(FormColumn("remark", "备注"))
    return columns


def _column_title(form: model.Form, key: str) -> str:
    defaults = {
        "name": "三级指标",
        "operator": "指标性质",
        "target": "指标值",
        "unit": "度量单位",
        "explanation": "指标解释",
        "progress": "执行情况",
        "possibility": "完成目标可能性",
        "actual": "实际完成值",
        "weight": "分值",
        "score": "得分",
        "deviation": "偏差原因分析及改进措施",
        "remark": "备注",
    }
    return getattr(form.indicator_titles, key, "") or defaults[key]


def long_form(form: model.Form) -> model.Form:
    """A 申报表's 长期绩效指标 table as a form of its own: its columns are what its rows fill."""
    return model.Form(
        name=form.name, indicators=form.long_indicators, indicator_titles=form.indicator_titles
    )


def _chosen_columns(form: model.Form) -> list[FormColumn]:
    """Exactly the columns the source form has (indicator_columns), in its order; the
    per-unit target columns stand where `units` is listed, else right after the target."""
    units = [FormColumn(f"unit_target:{i}", u) for i, u in enumerate(form.indicator_units)]
    placed = "units" in form.indicator_columns
    columns = []
    for key in form.indicator_columns:
        if key == "units":
            columns += units
            continue
        columns.append(FormColumn(key, _column_title(form, key)))
        if key == "target" and not placed:
            columns += units
    return columns


def indicator_cell(item: model.Indicator, key: str) -> str:
    """The text of one indicator cell, exactly as the source wrote it ("" when blank)."""
    if key.startswith("unit_target:"):
        index = int(key.split(":")[1])
        return item.unit_targets[index] if index < len(item.unit_targets) else ""
    value = getattr(item, key)
    if value is None:
        return ""
    if isinstance(value, Value):
        return value.text
    return str(value)


BUDGET_TITLES = {
    "initial": "年初预算数",
    "adjusted": "调整后预算数",
    "executed": "执行数",
    "forecast": "全年预计执行数",
    "rate": "执行率",
    "forecast_rate": "全年预计执行率",
    "weight": "分值",
    "score": "得分",
    "reason": "原因",
}


def budget_columns(kind: str, budget: model.Budget) -> list[FormColumn]:
    names = budget.columns or kinds.get(kind).budget_columns  # as the kind's form prints it
    return [FormColumn(n, _written(getattr(budget.titles, n), BUDGET_TITLES[n])) for n in names]


def _written(title: str | None, common: str) -> str:
    """A heading as the form prints it: the common template's when not written, blank when the
    form's heading cell is blank."""
    return common if title is None else title


def budget_caption(budget: model.Budget) -> str:
    return _written(budget.title, "预算执行情况")


def budget_source_title(budget: model.Budget) -> str:
    return _written(budget.titles.source, "资金来源")


def budget_cell(row: blocks.BudgetRow, key: str) -> str:
    value = getattr(row, key)
    if value is None:
        return ""
    return value if isinstance(value, str) else value.text


def form_facts(form: model.Form) -> list[tuple[str, str]]:
    """The form's header fields that the source filled in, in the order forms print them."""
    named = [
        ("报表编号", form.form_code),
        ("编码", form.code),
        ("主管部门", form.department),
        ("主管部门编码", form.department_code),
        ("实施单位", form.implementer),
        ("实施单位编码", form.implementer_code),
    ]
    return [(label, value) for label, value in named if value]


# ---------------------------------------------------------------- progress tables
_PROGRESS_KEYS = (
    "indicator",
    "attribute",
    "deadline",
    "current",
    "cumulative",
    "percent",
    "status",
    "possibility",
    "problem",
)


def progress_columns(doc: ProgressReport) -> list[FormColumn]:
    """The progress table's columns after the target name: those any row fills, under the
    source's own headings (columns), then the source's extra columns in its order."""
    rows = [r for g in doc.groups for r in g.rows]
    shown = [
        FormColumn(key, getattr(doc.columns, key))
        for key in _PROGRESS_KEYS
        if any(getattr(r, key) not in (None, "") for r in rows)
    ]
    return shown + [FormColumn(f"extra:{i}", t) for i, t in enumerate(doc.columns.extra)]


def extra_cell(row: ProgressRow, key: str) -> str:
    index = int(key.split(":")[1])
    return row.extra[index] if index < len(row.extra) else ""


def orientation(doc: model.Document) -> str:
    """Landscape for wide tables, as the kind lays them out (tables.orientation); portrait
    else; overridable in YAML."""
    if doc.pdf.orientation:
        return doc.pdf.orientation
    wide = getattr(kinds.part(doc.kind, "tables"), "orientation", None)
    return wide(doc) if wide is not None else "portrait"
