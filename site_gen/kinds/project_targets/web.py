"""What the site says of a 项目支出绩效目标表: its projects, their stated amounts and indicators, how
many evaluated indicators met their targets, and charts of budgets and attainment."""

from __future__ import annotations

from decimal import Decimal

from site_gen.i18n import Language
from site_gen.kinds.project_targets.model import ProjectTargets
from site_gen.model import DocumentBase, scoring
from site_gen.tables.form_tables import indicator_rows
from site_gen.tables.views import sum_all, wan, yuan
from site_gen.web.charts import Bar
from site_gen.web.summaries import Chart, Summary, say


def _projects(doc: ProjectTargets) -> Summary:
    rows = [r for p in doc.projects for r in indicator_rows(p.indicators) if not r.blank]
    evaluated = [r for r in rows if r.outcome is not None]
    met = sum(1 for r in evaluated if r.outcome == "met")
    total = sum_all([p.total for p in doc.projects])
    amount = sum_all([p.amount for p in doc.projects])
    lead = say("projects", count=len(doc.projects))
    if total is not None:
        lead += say("project_total", yuan=yuan(total), wan=wan(total))
    if amount is not None:
        lead += say("project_amount", yuan=yuan(amount), wan=wan(amount))
    if rows:
        lead += say("indicators", count=len(rows))
    if evaluated:
        lead += say("evaluated", count=len(evaluated), met=met)
    figures = [say("fig_projects", count=len(doc.projects))]
    if amount is not None:
        figures.append(say("fig_amount", wan=wan(amount)))
    if evaluated:
        figures.append(say("fig_met", met=met, count=len(evaluated)))
    return Summary(lead + say("end"), tuple(figures), _budget_chart(doc) + _met_chart(doc))


def _budget_chart(doc: ProjectTargets) -> tuple[Chart, ...]:
    stated = [p for p in doc.projects if p.amount is not None]
    if len(stated) < 2:
        return ()
    caption = say("chart_budget_caption")
    if len(stated) < len(doc.projects):
        missing = len(doc.projects) - len(stated)
        caption += say("chart_left_out", count=missing, what=say("no_amount"))
    bars = tuple(
        Bar(p.name, p.amount, f"{wan(p.amount)} 万元") for p in stated if p.amount is not None
    )
    return (Chart("chart-budget", say("chart_budget_title"), caption, bars),)


def _met_chart(doc: ProjectTargets) -> tuple[Chart, ...]:
    """Share of each evaluated project's indicators that met their targets."""
    bars = []
    for project in doc.projects:
        rows = [r for r in indicator_rows(project.indicators) if r.outcome is not None]
        if rows:
            met = sum(1 for r in rows if r.outcome == "met")
            text = say("chart_met_bar", met=met, count=len(rows))
            bars.append(Bar(project.name, Decimal(100 * met) / len(rows), text))
    if not bars:
        return ()
    chart = Chart(
        "chart-met", say("chart_met_title"), say("chart_met_caption"), tuple(bars), Decimal(100)
    )
    return (chart,)


def summarise(doc: DocumentBase, lang: Language) -> Summary:
    assert isinstance(doc, ProjectTargets)
    return _projects(doc)


def is_cut(doc: DocumentBase) -> bool:
    """Whether a project or an indicator is marked as cut off in the source."""
    assert isinstance(doc, ProjectTargets)
    items = [i for p in doc.projects for i in scoring.items_of(p.indicators)]
    return any(p.incomplete for p in doc.projects) or any(i.incomplete for i in items)
