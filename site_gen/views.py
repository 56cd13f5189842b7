"""Derived figures the pages show: anchors, counts, totals, indicator-table spans, outcomes.

Pure functions of the model, shared by the web pages and the PDF annexes so that both print the
same numbers. Nothing here formats HTML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from site_gen import model
from site_gen.charts import Bar
from site_gen.values import OUTCOME_ZH, UnitMismatch, computed_score, outcome


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

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def completion_stats(doc: model.TargetCompletionReport) -> CompletionStats:
    statuses = [t.status for g in doc.groups for t in g.targets]
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
    """One row of the official three-level indicator table; spans as on the printed form."""

    level1: str
    level1_span: int  # 0 = covered by a cell above
    level2: str
    level2_span: int
    item: model.Indicator
    number: int
    outcome: str | None  # met / not_met / not_comparable, None without an actual value
    computed: Decimal | None

    @property
    def outcome_zh(self) -> str:
        return OUTCOME_ZH.get(self.outcome or "", "")


def indicator_rows(project: model.Project) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    number = 0
    for group in project.indicators:
        level1_span = sum(len(sub.items) for sub in group.groups)
        first1 = True
        for sub in group.groups:
            first2 = True
            for item in sub.items:
                number += 1
                result, computed = _judge(item)
                rows.append(
                    IndicatorRow(
                        level1=group.level1,
                        level1_span=level1_span if first1 else 0,
                        level2=sub.level2,
                        level2_span=len(sub.items) if first2 else 0,
                        item=item,
                        number=number,
                        outcome=result,
                        computed=computed,
                    )
                )
                first1 = first2 = False
    return rows


def _judge(item: model.Indicator) -> tuple[str | None, Decimal | None]:
    if item.actual is None:
        return None, None
    try:
        result = outcome(item.target, item.actual)
    except UnitMismatch:  # reported as an error during validation; never reaches a build
        return "not_comparable", None
    if result == "not_comparable" and item.met is not None:
        result = "met" if item.met else "not_met"
    computed = computed_score(item.target, item.actual, item.weight) if item.weight else None
    return result, computed


def has_evaluation(project: model.Project) -> bool:
    return project.evaluation is not None or any(
        item.actual is not None for g in project.indicators for s in g.groups for item in s.items
    )


@dataclass(frozen=True)
class ProjectStats:
    projects: int
    total: Decimal
    amount: Decimal
    indicators: int
    evaluated: int
    met: int


def project_stats(doc: model.ProjectTargets) -> ProjectStats:
    rows = [row for p in doc.projects for row in indicator_rows(p)]
    return ProjectStats(
        projects=len(doc.projects),
        total=sum((p.total for p in doc.projects), Decimal(0)),
        amount=sum((p.amount for p in doc.projects), Decimal(0)),
        indicators=len(rows),
        evaluated=sum(1 for r in rows if r.outcome is not None),
        met=sum(1 for r in rows if r.outcome == "met"),
    )


def execution_rate(budget: model.BudgetExecution) -> Decimal | None:
    base = budget.adjusted if budget.adjusted is not None else budget.initial
    if not base:
        return None
    return (budget.executed * 100 / base).quantize(Decimal("0.01"), ROUND_HALF_UP)


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
        stats = progress_stats(doc)
        parts = [f"{stats.rows} 项目标"]
        if stats.average is not None:
            parts.append(f"平均完成进度 {stats.average}%")
        if stats.problems:
            parts.append(f"存在问题 {stats.problems} 项")
        return parts
    if isinstance(doc, model.ProjectTargets):
        pstats = project_stats(doc)
        parts = [f"{pstats.projects} 个项目", f"本年度预算 {wan(pstats.amount)} 万元"]
        if pstats.evaluated:
            parts.append(f"指标达成 {pstats.met}/{pstats.evaluated}")
        return parts
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
    return [Bar(p.name, p.amount, f"{wan(p.amount)} 万元") for p in doc.projects]


def met_bars(doc: model.ProjectTargets) -> list[Bar]:
    """Share of each evaluated project's indicators that met their targets."""
    bars = []
    for project in doc.projects:
        rows = [r for r in indicator_rows(project) if r.outcome is not None]
        if rows:
            met = sum(1 for r in rows if r.outcome == "met")
            bars.append(
                Bar(project.name, Decimal(100 * met) / len(rows), f"达成 {met}/{len(rows)}")
            )
    return bars
