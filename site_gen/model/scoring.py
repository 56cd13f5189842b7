"""Self-evaluation arithmetic under a scoring scheme: a reviewer's aid, not a publication.

Whether an indicator met its target, the score a scheme gives it, the budget-execution rate and
score, a form's total and grade. The scheme is the site's (site.yaml `scoring`), else the
scoring of 财预〔2020〕10号 (DOMAIN.md): 定量指标 实际/目标×分值 (capped), a judged met
indicator full marks, 预算执行 执行率×分值, grades by the scheme's bands. Validation and the
preview compare the forms' stated scores with it; public pages print only what the forms state,
unless the site lists the kind in `scoring.publish` (then they name the scheme).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from site_gen.model.blocks import Budget, BudgetRow, Form, Indicator, IndicatorGroup
from site_gen.model.site_config import GradeBand, ScoringScheme
from site_gen.values import (
    OUTCOME_ZH,
    UnitMismatch,
    Value,
    ValueSyntaxError,
    computed_score,
    outcome,
    parse_value,
)

_CENT = Decimal("0.01")
DEFAULT_SCHEME = ScoringScheme(name="财预〔2020〕10号")
_BANDS = (
    GradeBand(grade="优", min=Decimal(90)),
    GradeBand(grade="良", min=Decimal(80)),
    GradeBand(grade="中", min=Decimal(60)),
)


def grade_of(total: Decimal, scheme: ScoringScheme = DEFAULT_SCHEME) -> str:
    """The grade a total earns under the scheme's bands (差 below the lowest)."""
    bands = sorted(scheme.grades or _BANDS, key=lambda b: b.min, reverse=True)
    return next((b.grade for b in bands if total >= b.min), "差")


def published(scheme: ScoringScheme | None, kind: str) -> bool:
    """Whether a site asked for computed scores on the public pages of this kind."""
    return scheme is not None and kind in scheme.publish


def target_of(item: Indicator) -> Value | None:
    """The target as one value; forms that split it into 指标性质 / 指标值 / 度量单位 are joined."""
    if item.target is None:
        return None
    if not (item.operator or item.unit):
        return item.target
    try:
        return parse_value(f"{item.operator}{item.target.text}{item.unit}")
    except ValueSyntaxError:
        return None  # reported by validation, which runs the same join


@dataclass(frozen=True)
class Judgement:
    outcome: str | None  # met / not_met / not_comparable; None without an actual value
    computed: Decimal | None  # the score the scheme gives, None where it must be judged

    @property
    def outcome_zh(self) -> str:
        return OUTCOME_ZH.get(self.outcome or "", "")


def judge(item: Indicator) -> Judgement:
    target = target_of(item)
    if item.actual is None or target is None:
        return Judgement(None, None)
    if item.unclear and item.met is None:  # an illegible row is never judged by its figures
        return Judgement("not_comparable", None)
    try:
        result = outcome(target, item.actual)
    except UnitMismatch:  # an error in validation; never reaches a build
        return Judgement("not_comparable", None)
    if result == "not_comparable" and item.met is not None:
        result = "met" if item.met else "not_met"
    computed = computed_score(target, item.actual, item.weight) if item.weight else None
    if computed is None and item.weight and result == "met":
        computed = item.weight.quantize(_CENT)  # a judged (qualitative) met indicator: full marks
    return Judgement(result, computed)


def items_of(groups: tuple[IndicatorGroup, ...]) -> list[Indicator]:
    return [item for g in groups for s in g.groups for item in s.items]


# ---------------------------------------------------------------- budget execution
def execution_rate(row: BudgetRow) -> Decimal | None:
    """执行数 / 调整后预算数 (年初预算数 when not adjusted), in percent; None when not computable."""
    base = row.adjusted if row.adjusted is not None and row.adjusted.number is not None else None
    base = base or (row.initial if row.initial is not None else None)
    if base is None or base.number is None or row.executed is None:
        return None
    if row.executed.number is None or base.number == 0:
        return None
    return (row.executed.number * 100 / base.number).quantize(_CENT, ROUND_HALF_UP)


def rate_disagreement(row: BudgetRow) -> Decimal | None:
    """The computed 执行率 when the stated one differs beyond its written precision, else None.

    "90%" stands for 89.5–90.5, "89.97%" for 89.965–89.975; smaller gaps are rounding.
    """
    computed = execution_rate(row)
    stated = row.rate
    if computed is None or stated is None or stated.number is None or not stated.percent:
        return None
    decimals = max(0, -stated.number.as_tuple().exponent)  # type: ignore[operator]
    tolerance = max(_CENT, Decimal(5) * Decimal(10) ** (-decimals - 1))
    return computed if abs(computed - stated.number) > tolerance else None


def budget_weight(budget: Budget) -> Decimal | None:
    """The budget's points: stated on the block, else in the first (总额) row's 分值 cell."""
    if budget.points is not None:
        return budget.points
    first = budget.rows[0] if budget.rows else None
    if first is not None and first.weight is not None and first.weight.number is not None:
        return first.weight.number
    return None


def budget_score(budget: Budget) -> Decimal | None:
    """min(执行率, 100%) × points, from the first (总额) row."""
    weight = budget_weight(budget)
    if weight is None or not budget.rows:
        return None
    rate = execution_rate(budget.rows[0])
    if rate is None:
        stated = budget.rows[0].rate
        rate = stated.number if stated is not None and stated.percent else None
    if rate is None:
        return None
    return (min(rate, Decimal(100)) / 100 * weight).quantize(_CENT, ROUND_HALF_UP)


def stated_budget_score(budget: Budget) -> Decimal | None:
    first = budget.rows[0] if budget.rows else None
    if first is None or first.score is None:
        return None
    return first.score.number


# ---------------------------------------------------------------- the whole form
@dataclass(frozen=True)
class ScoreSheet:
    """A form's scores: what it states and what the scheme computes from its figures."""

    weights: Decimal  # sum of indicator weights and budget points
    computed: (
        Decimal | None
    )  # None when some indicator's score can only be judged and is not stated
    stated: Decimal | None
    computed_grade: str | None
    stated_grade: str | None
    budget_computed: Decimal | None
    budget_stated: Decimal | None
    includes: str = ""  # what the computed total adds up: 预算执行 10 分、绩效指标 90 分


def form_incomplete(form: Form) -> bool:
    """Whether the source of a form is cut off anywhere: the form, a table or a row."""
    budget = form.budget
    return bool(
        form.incomplete
        or (budget is not None and (budget.incomplete or any(r.incomplete for r in budget.rows)))
        or any(t.incomplete for t in form.tables)
        or any(f.incomplete for f in (*form.facts, *form.signatures))
        or any(i.incomplete for i in items_of(form.indicators))
    )


def score_sheet(
    form: Form, scheme: ScoringScheme = DEFAULT_SCHEME, whole: bool = True
) -> ScoreSheet:
    """`whole`: False when the document's source is incomplete. A total is computed only over a
    whole form whose parts carry every point of it (form.total_weight, else 100): a cut-off
    form, or one whose 满意度 rows are missing, has no total the site could state."""
    items = items_of(form.indicators)
    weights = sum((i.weight for i in items if i.weight is not None), Decimal(0))
    total: Decimal | None = Decimal(0)
    for item in items:
        if item.weight is None:
            continue
        part = judge(item).computed
        part = part if part is not None else item.score
        total = None if part is None or total is None else total + part
    budget_computed = budget_stated = weight = None
    if form.budget is not None:
        weight = budget_weight(form.budget)
        weights += weight or 0
        budget_computed = budget_score(form.budget)
        budget_stated = stated_budget_score(form.budget)
        part = budget_computed if budget_computed is not None else budget_stated
        if weight is not None:
            total = None if part is None or total is None else total + part
    if not weights or not any(i.actual is not None for i in items):
        total = None  # no 分值 stated, or nothing evaluated: there is no score to compute
    if not whole or form_incomplete(form) or weights != (form.total_weight or Decimal(100)):
        total = None  # a part is missing: any sum would leave it out without saying so
    parts = [f"预算执行 {weight} 分"] if weight is not None else []
    if weights - (weight or 0):
        parts.append(f"绩效指标 {weights - (weight or 0)} 分")
    return ScoreSheet(
        weights=weights,
        computed=total,
        stated=form.total_score,
        computed_grade=grade_of(total, scheme) if total is not None else None,
        stated_grade=form.grade,
        budget_computed=budget_computed,
        budget_stated=budget_stated,
        includes="、".join(parts),
    )
