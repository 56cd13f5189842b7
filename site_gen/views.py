"""Derived figures the pages show: anchors, counts, totals, indicator-table spans, outcomes.

Pure functions of the model, shared by the web pages and the PDF annexes so that both print the
same numbers. Nothing here formats HTML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from site_gen import blocks, model, scoring
from site_gen.charts import Bar
from site_gen.values import OUTCOME_ZH, Value


# ---------------------------------------------------------------- anchors (stable deep links)
def group_anchor(group: model.TargetGroup, index: int) -> str:
    return group.id or f"g{index + 1}"


def target_anchor(group: model.TargetGroup, gi: int, target: model.Target) -> str:
    return f"{group_anchor(group, gi)}-{target.number}"


def row_anchor(row: model.ProgressRow, gi: int, ri: int) -> str:
    return row.id or f"r{gi + 1}-{ri + 1}"


def project_anchor(project: model.Project, index: int) -> str:
    return project.id or f"p{index + 1}"


# ---------------------------------------------------------------- 1. completion report
@dataclass(frozen=True)
class CompletionStats:
    total: int
    by_status: tuple[tuple[str, int], ...]
    done: int


def completion_stats(doc: model.TargetCompletionReport) -> CompletionStats:
    statuses: list[str] = [t.status for g in doc.groups for t in g.targets]
    counts = Counter(statuses)
    order = [s for s in model.Status.__args__ if s in counts]  # type: ignore[attr-defined]
    done = sum(counts[s] for s in model.STATUS_DONE)
    return CompletionStats(len(statuses), tuple((s, counts[s]) for s in order), done)


def status_class(status: str) -> str:
    """A CSS class name for a status badge (colour is never the only cue: the word is printed)."""
    return {
        "已完成": "done",
        "基本完成": "mostly",
        "部分完成": "partial",
        "进行中": "ongoing",
        "未启动": "pending",
        "未完成": "missed",
        "已终止": "stopped",
    }.get(status, "other")


# ---------------------------------------------------------------- 2. progress report
@dataclass(frozen=True)
class ProgressStats:
    rows: int
    average: Decimal | None
    problems: int
    stars: int


def progress_stats(doc: model.ProgressReport) -> ProgressStats:
    rows = [r for g in doc.groups for r in g.rows]
    percents = [r.percent for r in rows if r.percent is not None]
    average = None
    if percents:
        average = (sum(percents, Decimal(0)) / len(percents)).quantize(Decimal(1), ROUND_HALF_UP)
    return ProgressStats(
        rows=len(rows),
        average=average,
        problems=sum(1 for r in rows if r.problem),
        stars=sum(1 for r in rows if r.star),
    )


# ---------------------------------------------------------------- 3. project targets
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


def has_evaluation(project: model.Project) -> bool:
    return project.evaluation is not None or any(
        item.actual is not None for item in scoring.items_of(project.indicators)
    )


@dataclass(frozen=True)
class ProjectStats:
    projects: int
    total: Decimal | None  # None when a project leaves it blank: no sum is stated then
    amount: Decimal | None
    indicators: int
    evaluated: int
    met: int


def project_stats(doc: model.ProjectTargets) -> ProjectStats:
    rows = [row for p in doc.projects for row in indicator_rows(p.indicators) if not row.blank]
    return ProjectStats(
        projects=len(doc.projects),
        total=_sum_all([p.total for p in doc.projects]),
        amount=_sum_all([p.amount for p in doc.projects]),
        indicators=len(rows),
        evaluated=sum(1 for r in rows if r.outcome is not None),
        met=sum(1 for r in rows if r.outcome == "met"),
    )


def _sum_all(amounts: list[Decimal | None]) -> Decimal | None:
    """The sum when every part is stated; a sum over blanks would state a figure nobody wrote."""
    if any(a is None for a in amounts):
        return None
    return sum((a for a in amounts if a is not None), Decimal(0))


def execution_rate(budget: model.BudgetExecution) -> Decimal | None:
    base = budget.adjusted if budget.adjusted is not None else budget.initial
    if not base:
        return None
    return (budget.executed * 100 / base).quantize(Decimal("0.01"), ROUND_HALF_UP)


def year_and_period(entry: model.Entry) -> str:
    """“2018年 1-9月”; a period that already names its year (“2022年度”) is not given it twice."""
    period = entry.doc.period
    if str(entry.year) in period:
        return period
    return f"{entry.year}年 {period}".strip()


# ---------------------------------------------------------------- key figures for listings
def key_figures(entry: model.Entry) -> list[str]:
    """Short phrases for the home and year pages, e.g. “8 项重点目标 · 已完成 8 项”."""
    doc = entry.doc
    if isinstance(doc, model.TargetCompletionReport):
        parts = [f"{len(g.targets)} 项{g.name}" for g in doc.groups]
        stats = completion_stats(doc)
        parts += [f"{status} {count} 项" for status, count in stats.by_status]
        return parts
    if isinstance(doc, model.ProgressReport):
        progress = progress_stats(doc)
        parts = [f"{progress.rows} 项目标"]
        if progress.average is not None:
            parts.append(f"平均完成进度 {progress.average}%")
        if progress.problems:
            parts.append(f"存在问题 {progress.problems} 项")
        return parts
    if isinstance(doc, model.ProjectTargets):
        pstats = project_stats(doc)
        parts = [f"{pstats.projects} 个项目"]
        if pstats.amount is not None:
            parts.append(f"本年度预算 {wan(pstats.amount)} 万元")
        if pstats.evaluated:
            parts.append(f"指标达成 {pstats.met}/{pstats.evaluated}")
        return parts
    if isinstance(doc, model.FormDocument):
        return form_key_figures(doc)
    return []


def wan(yuan: Decimal) -> str:
    """Yuan → 万元 with two decimals and thousands separators: 223135600 → 22,313.56."""
    return f"{(yuan / 10_000).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def yuan(amount: Decimal) -> str:
    """Yuan with thousands separators, keeping the cents only when there are any."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


# ---------------------------------------------------------------- chart data
def completion_bars(doc: model.TargetCompletionReport) -> list[Bar]:
    stats = completion_stats(doc)
    return [Bar(status, Decimal(count), f"{count} 项") for status, count in stats.by_status]


def progress_bars(doc: model.ProgressReport) -> list[Bar]:
    return [
        Bar(row.name, row.percent, f"{row.percent.normalize():f}%")
        for group in doc.groups
        for row in group.rows
        if row.percent is not None
    ]


def budget_bars(doc: model.ProjectTargets) -> list[Bar]:
    return [
        Bar(p.name, p.amount, f"{wan(p.amount)} 万元") for p in doc.projects if p.amount is not None
    ]


def met_bars(doc: model.ProjectTargets) -> list[Bar]:
    """Share of each evaluated project's indicators that met their targets."""
    bars = []
    for project in doc.projects:
        rows = [r for r in indicator_rows(project.indicators) if r.outcome is not None]
        if rows:
            met = sum(1 for r in rows if r.outcome == "met")
            bars.append(
                Bar(project.name, Decimal(100 * met) / len(rows), f"达成 {met}/{len(rows)}")
            )
    return bars


# ---------------------------------------------------------------- 5. the standard forms
@dataclass(frozen=True)
class FormColumn:
    key: str  # an Indicator field, or "unit_target:<i>"
    title: str


def form_columns(kind: str, form: model.Form) -> list[FormColumn]:
    """The indicator table's columns after the three levels: the source's own layout.

    A column appears when the kind's form prints it or when any indicator fills it; headings
    are the source's (indicator_titles) where given.
    """
    items = scoring.items_of(form.indicators)
    titles = form.indicator_titles
    evaluation = kind in model.EVALUATION_KINDS
    monitoring = kind == "monitoring"

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
    "weight": "分值",
    "score": "得分",
    "reason": "原因",
}
_BUDGET_DEFAULT = {
    "project-evaluation": ("initial", "adjusted", "executed", "rate", "weight", "score", "reason"),
    "department-evaluation": (
        "initial",
        "adjusted",
        "executed",
        "rate",
        "weight",
        "score",
        "reason",
    ),
    "monitoring": ("initial", "executed", "forecast", "rate"),
}


def budget_columns(kind: str, budget: model.Budget) -> list[FormColumn]:
    names = budget.columns or _BUDGET_DEFAULT.get(kind, ("initial", "adjusted", "executed"))
    return [FormColumn(n, getattr(budget.titles, n) or BUDGET_TITLES[n]) for n in names]


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


def form_key_figures(doc: model.FormDocument) -> list[str]:
    rows = [r for f in doc.forms for r in indicator_rows(f.indicators) if not r.blank]
    parts = [f"{len(doc.forms)} 张表"]
    if rows:
        parts.append(f"绩效指标 {len(rows)} 项")
    return parts
