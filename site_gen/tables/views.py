"""Small derived values the pages show: anchors, status badge classes, money formats, the
year and period line, budget execution rates.

Pure functions of the model, shared by the web pages and the PDF annexes so that both print the
same numbers. Nothing here formats HTML. Sentences about a whole document are in summaries.py,
table layouts in tables.form_tables.py.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from site_gen import i18n, kinds, model
from site_gen.kinds.completion.model import Target, TargetGroup
from site_gen.kinds.progress.model import ProgressRow
from site_gen.kinds.project_targets.model import BudgetExecution, Project
from site_gen.model import scoring

# A table label of this many characters or fewer never wraps (序号, 分值, 一级指标, 数量指标):
# the web pages (web.short_labels) and the PDF layout pass (pdf.print_plan) both keep it.
SHORT_LABEL = 6


# ---------------------------------------------------------------- anchors (stable deep links)
def group_anchor(group: TargetGroup, index: int) -> str:
    return group.id or f"g{index + 1}"


def target_anchor(group: TargetGroup, gi: int, target: Target) -> str:
    return f"{group_anchor(group, gi)}-{target.number}"


def row_anchor(row: ProgressRow, gi: int, ri: int) -> str:
    return row.id or f"r{gi + 1}-{ri + 1}"


def project_anchor(project: Project, index: int) -> str:
    return project.id or f"p{index + 1}"


# ---------------------------------------------------------------- values
def status_class(status: str) -> str:
    """A CSS class for a status badge (colour is never the only cue: the word is printed)."""
    return model.STATUSES.get(status, "other")


def has_evaluation(project: Project) -> bool:
    return project.evaluation is not None or any(
        item.actual is not None for item in scoring.items_of(project.indicators)
    )


def sum_all(amounts: list[Decimal | None]) -> Decimal | None:
    """The sum when every part is stated; a sum over blanks would state a figure nobody wrote."""
    if any(a is None for a in amounts):
        return None
    return sum((a for a in amounts if a is not None), Decimal(0))


def execution_rate(budget: BudgetExecution) -> Decimal | None:
    base = budget.adjusted if budget.adjusted is not None else budget.initial
    if not base:
        return None
    return (budget.executed * 100 / base).quantize(Decimal("0.01"), ROUND_HALF_UP)


def year_and_period(entry: model.Entry, lang: i18n.Language) -> str:
    """“2018年 1-9月”; a period that already names its year (“2022年度”) is not given it twice."""
    period = entry.doc.period
    if str(entry.year) in period:
        return period
    return f"{year_label(entry.year, lang)} {period}".strip()


def wan(yuan: Decimal) -> str:
    """Yuan → 万元 with two decimals and thousands separators: 223135600 → 22,313.56."""
    return f"{(yuan / 10_000).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def yuan(amount: Decimal) -> str:
    """Yuan with thousands separators, keeping the cents only when there are any."""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


# ---------------------------------------------------------------- words of the interface
def year_label(year: int, lang: i18n.Language) -> str:
    """2020年 / 2020."""
    return lang.gettext("{year}年", year=year)


def kind_name(kind: str, lang: i18n.Language) -> str:
    """A document kind's name in the page's language."""
    return lang.gettext(kinds.label(kind))


def kinds_in_use(site: model.Site) -> list[str]:
    used = {e.kind for e in site.entries}
    return [kind for kind in kinds.names() if kind in used]
