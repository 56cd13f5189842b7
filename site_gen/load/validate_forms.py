"""Rules of the standard-form blocks: indicator tables, budget tables, typed tables, whole forms.

Shared by 项目支出绩效目标表 (Project) and the form kinds (blocks.Form). Published data is not
always consistent; where a source disagrees with itself it is published as written and these
rules warn. Errors are kept for what would make a page wrong or unreadable.
"""

from __future__ import annotations

import difflib
import re
from decimal import Decimal

from site_gen import kinds
from site_gen.load.convert import Converter
from site_gen.load.validate_application import check_application
from site_gen.model import blocks, scoring
from site_gen.values import (
    UnitMismatch,
    ValueSyntaxError,
    outcome,
    parse_figure,
    parse_value,
)


def _plain(label: str) -> str:
    """产 出 指 标(50分) → 产出指标: spaces and stated points do not make a label unknown."""
    core = "".join(label.split())
    for bracket in ("(", "（"):
        core = core.split(bracket)[0]
    return core


def _check_label(conv: Converter, label: str, known: tuple[str, ...], path: str, what: str) -> None:
    core = _plain(label)
    if core in known or f"{core}指标" in known:
        return
    close = difflib.get_close_matches(core, known, n=1, cutoff=0.6)
    conv.warn(
        path,
        f"{what} “{label}” 不在常用指标体系中",
        expected="、".join(known),
        hint=f"如是笔误，应写作 “{close[0]}”；如原表如此，可忽略本提示"
        if close
        else "如原表如此，可忽略本提示",
        check="vocabulary",
    )


def check_indicators(
    conv: Converter,
    groups: tuple[blocks.IndicatorGroup, ...],
    path: str,
    units: tuple[str, ...] = (),
) -> None:
    """Checks across a whole indicator table (each group and item has its own record rule)."""
    seen: dict[str, str] = {}
    for gi, group in enumerate(groups):
        gpath = f"{path}[{gi}]"
        if group.level1 in seen:
            conv.error_at(
                f"{gpath}.level1", f"一级指标 “{group.level1}” 重复（已用于 {seen[group.level1]}）"
            )
        seen.setdefault(group.level1, f"{gpath}.level1")
        for si, sub in enumerate(group.groups):
            for ii, item in enumerate(sub.items):
                if item.unit_targets and len(item.unit_targets) != len(units):
                    expected = "先在表中写 indicator_units"
                    if units:
                        expected = f"{len(units)} 个，依次对应 " + "、".join(units)
                    conv.error_at(
                        f"{gpath}.groups[{si}].items[{ii}].unit_targets",
                        f"分单位指标值有 {len(item.unit_targets)} 个，表头有 {len(units)} 个单位",
                        expected=expected,
                    )


def check_group(conv: Converter, group: blocks.IndicatorGroup, path: str) -> None:
    """A level-1 group: its label and the points written for it and under it."""
    _check_label(conv, group.level1, blocks.LEVEL1, f"{path}.level1", "一级指标")
    written = blocks.points_in_label(group.level1)
    if written is not None and group.points is not None and written != group.points:
        conv.warn(
            f"{path}.points",
            f"一级指标写的是 {written} 分，points 写的是 {group.points}",
            check="points",
        )
    points = group.stated_points
    sub_points = [s.stated_points for s in group.groups if s.stated_points is not None]
    complete = sub_points and len(sub_points) == len(group.groups)
    if points is not None and complete and sum(sub_points) != points:
        conv.warn(
            f"{path}.points",
            f"二级指标分值合计 {sum(sub_points)}，与一级指标分值 {points} 不符",
            check="points",
        )
    weights = [i.weight for s in group.groups for i in s.items if i.weight is not None]
    if points is not None and weights and sum(weights) != points:
        conv.warn(
            f"{path}.points",
            f"“{group.level1}” 下各指标分值合计 {sum(weights)}，与原表写的 {points} 分不符",
            hint="照原表发布；请核对原表",
            check="points",
        )
    for si, sub in enumerate(group.groups):
        _check_label(conv, sub.level2, blocks.LEVEL2, f"{path}.groups[{si}].level2", "二级指标")


def check_item(conv: Converter, item: blocks.Indicator, path: str) -> None:
    """One indicator: its split target, its score, and whether it met its target."""
    evaluation = kinds.get(conv.kind).evaluation
    if (item.operator or item.unit) and item.target is not None:
        joined = f"{item.operator}{item.target.text}{item.unit}"
        try:
            parse_value(joined)
        except ValueSyntaxError as exc:
            conv.error_at(
                f"{path}.target",
                f"指标性质、指标值、度量单位合起来 “{joined}” 无法识别：{exc}",
                hint="指标性质写 =、≥、≤ 等，指标值只写数字，度量单位写 %、个 等",
            )
            return
    if item.score is not None and item.weight is not None and item.score > item.weight:
        conv.error_at(f"{path}.score", f"得分 {item.score} 高于分值 {item.weight}")
    if item.actual is None or item.unclear:  # an illegible row is published, not compared
        return
    target = scoring.target_of(item)
    if target is None:
        return
    try:
        result = outcome(target, item.actual)
    except UnitMismatch as exc:
        conv.error_at(
            f"{path}.actual",
            f"单位不一致：{exc}",
            hint="实际完成值应与目标值用同一单位（例如都用 万元）",
        )
        return
    if result == "not_comparable" and item.met is None:
        conv.warn(
            f"{path}.actual",
            f"无法自动判断实际值 “{item.actual.text}” 是否达到目标 “{target.text}”",
            hint="请填写 met: true 或 met: false 表明是否达成",
            check="met-unclear",
        )
    if result != "not_comparable" and item.met is not None and item.met != (result == "met"):
        conv.warn(f"{path}.met", "填写的 met 与按数值比较的结果不一致", check="met")
    met = item.met if result == "not_comparable" else result == "met"
    if met is False and not item.deviation.strip():
        message = "指标未达成，但没有填写偏差原因分析及改进措施"
        if evaluation:
            conv.error_at(
                f"{path}.deviation", message, hint="自评表中未达成的指标须说明原因（deviation）"
            )
        else:
            conv.warn(f"{path}.deviation", message, check="deviation")


# ---------------------------------------------------------------- budget table
def check_budget(conv: Converter, budget: blocks.Budget, path: str) -> None:
    if not budget.rows:
        conv.error_at(f"{path}.rows", "预算执行情况没有资金来源行", hint="至少写总额一行")
    columns = set(budget.columns)
    for ri, row in enumerate(budget.rows):
        rpath = f"{path}.rows[{ri}]"
        if columns:
            for name in blocks.BudgetColumn.__args__:  # type: ignore[attr-defined]
                value = getattr(row, name)
                if name not in columns and value not in (None, ""):
                    conv.error_at(
                        f"{rpath}.{name}",
                        f"这一格（{name}）不在 columns 列出的列中，页面上会看不到",
                        hint=f"在 columns 中加上 {name}，或删去这一格",
                    )
        if (computed := scoring.rate_disagreement(row)) is not None:
            conv.warn(
                f"{rpath}.rate",
                f"执行率写的是 {row.rate.text if row.rate else ''}，按执行数 / 预算数计算为 {computed}%",
                hint="照原表发布（网页只显示原表的执行率）；请核对原表",
                check="rate",
            )
    _check_budget_total(conv, budget, path)


# A budget table's first row is its total when labelled so (年度资金总额, 合计, 总额 …); the rows
# under it are its parts (当年财政拨款, 上年结转, 其他资金). Parts may be a subset (only 财政拨款
# listed), so they may sum to less than the total; more than the total, or other than the total
# when 其他 closes the list, is the source contradicting itself.
_TOTAL_ROW = re.compile(r"总额|合计|总计|资金总额|^\s*总\s*$")
_NESTED = re.compile(r"^[\s\u3000—\-·•]")  # an indented sub-part: counted in its parent
_CLOSING_PART = re.compile(r"其他|其它")
_AMOUNTS = ("initial", "adjusted", "executed", "forecast")


def _check_budget_total(conv: Converter, budget: blocks.Budget, path: str) -> None:
    rows = budget.rows
    if len(rows) < 2 or not _TOTAL_ROW.search(rows[0].source):
        return
    parts = [(i, r) for i, r in enumerate(rows[1:], start=1) if not _NESTED.match(r.source)]
    closed = any(_CLOSING_PART.search(r.source) for _, r in parts)
    for key in _AMOUNTS:
        stated = getattr(rows[0], key)
        if stated is None or stated.number is None:
            continue
        figures = [getattr(r, key) for _, r in parts]
        numbers = [f.number for f in figures if f is not None and f.number is not None]
        if not numbers:
            continue
        total = sum(numbers, Decimal(0))
        if total > stated.number or (
            closed and len(numbers) == len(parts) and total != stated.number
        ):
            conv.warn(
                f"{path}.rows[0].{key}",
                f"{rows[0].source.strip()} 写的是 {stated.text}，下面各资金来源之和为 {total}",
                hint="照原表发布（页面不改原表的数）；请核对原表的总额和各分项",
                check="budget-total",
            )


# ---------------------------------------------------------------- typed tables
def check_table(conv: Converter, table: blocks.Table, path: str) -> None:
    width = len(table.columns)
    if not width:
        conv.error_at(f"{path}.columns", "表格没有列")
        return
    sums: dict[int, Decimal] = {}
    for ri, row in enumerate(table.rows):
        if len(row) != width:
            conv.error_at(
                f"{path}.rows[{ri}]",
                f"这一行有 {len(row)} 格，表头有 {width} 列",
                hint='空白的格子写 ""，不要省略',
            )
            continue
        for ci, column in enumerate(table.columns):
            if column.type != "number":
                continue
            try:
                figure = parse_figure(row[ci])
            except ValueSyntaxError as exc:
                conv.error_at(
                    f"{path}.rows[{ri}][{ci}]",
                    f"“{column.title}” 列应是数字，“{row[ci]}” {exc}",
                    expected="数字、/ 或空白",
                )
                continue
            if figure.number is not None:
                sums[ci] = sums.get(ci, Decimal(0)) + figure.number
    if not table.total:
        return
    if len(table.total) != width:
        conv.error_at(f"{path}.total", f"合计行有 {len(table.total)} 格，表头有 {width} 列")
        return
    for ci, column in enumerate(table.columns):
        if column.type != "number":
            continue
        try:
            stated = parse_figure(table.total[ci]).number
        except ValueSyntaxError:
            conv.error_at(f"{path}.total[{ci}]", f"合计行 “{column.title}” 应是数字")
            continue
        if stated is not None and ci in sums and sums[ci] != stated:
            conv.warn(
                f"{path}.total[{ci}]",
                f"合计行 “{column.title}” 写的是 {table.total[ci]}，各行之和为 {sums[ci]}",
                hint="照原表发布；请核对原表的合计",
                check="table-total",
            )


# ---------------------------------------------------------------- a whole form
def check_form(conv: Converter, form: blocks.Form, path: str) -> None:
    check_indicators(conv, form.indicators, f"{path}.indicators", form.indicator_units)
    check_indicators(conv, form.long_indicators, f"{path}.long_indicators", form.indicator_units)
    check_application(conv, form, path)
    if form.indicator_units and not any(i.unit_targets for i in scoring.items_of(form.indicators)):
        conv.warn(
            f"{path}.indicator_units",
            "写了分单位列，但没有指标填写 unit_targets",
            check="unit-targets",
        )
    if kinds.get(conv.kind).forecast:
        doubtful = [
            i
            for i in scoring.items_of(form.indicators)
            if i.possibility in ("有可能", "不可能", "完全不可能")
        ]
        if doubtful and not ((form.deviation or "").strip() or any(i.deviation for i in doubtful)):
            conv.warn(
                f"{path}.deviation",
                f"有 {len(doubtful)} 项指标完成目标可能性为 有可能 或 不可能，但没有填写偏差原因分析",
                check="deviation",
            )
    _check_scores(conv, form, path)


def _check_scores(conv: Converter, form: blocks.Form, path: str) -> None:
    sheet = scoring.score_sheet(form)
    declared = [
        p
        for p in (form.indicator_points, form.budget.points if form.budget else None)
        if p is not None
    ]
    if form.total_weight is not None and sheet.weights and sheet.weights != form.total_weight:
        conv.warn(
            f"{path}.total_weight",
            f"合计分值写的是 {form.total_weight}，各项分值之和为 {sheet.weights}",
            hint="照原表发布；请核对原表",
            check="weights-100",
        )
    if len(declared) == 2 and sum(declared) != 100:
        conv.warn(
            f"{path}.indicator_points",
            f"预算执行与绩效指标分值合计 {sum(declared)}，不是 100",
            check="weights-100",
        )
    _check_stated_sum(conv, form, path)
    # Scores against a scoring scheme are the site's question: load.score_checks.scheme_checks.


def _check_stated_sum(conv: Converter, form: blocks.Form, path: str) -> None:
    """A stated total whose stated parts (every scored row, the budget's score) add up to
    something else: a warning with the rows named. Only the form's own figures are added."""
    if form.total_score is None:
        return
    parts: list[tuple[str, Decimal]] = []
    for item in scoring.items_of(form.indicators):
        if item.weight is None:
            continue
        if item.score is None:
            return  # a scored row without its score: the parts cannot be added up
        parts.append((item.name, item.score))
    if form.budget is not None and scoring.budget_weight(form.budget) is not None:
        stated = scoring.stated_budget_score(form.budget)
        if stated is None:
            return
        parts.insert(0, ("预算执行", stated))
    if not parts:
        return
    total = sum((value for _, value in parts), Decimal(0))
    if abs(total - form.total_score) > Decimal("0.01"):
        rows = "；".join(f"{name} {value}" for name, value in parts)
        conv.warn(
            f"{path}.total_score",
            f"原表总分 {form.total_score}，原表各行得分之和为 {total}（{rows}）",
            hint="照原表发布；请向填报单位核实",
            check="score-sum",
        )
