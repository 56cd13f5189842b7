"""Every cell of a form-based document, for the CSV: one line per cell, in the form's order.

A form holds several tables (header fields, 预算执行情况, 资金安排表, the indicator table, the
score, the text sections) whose columns differ, so the CSV is long ("tidy") rather than wide:
each line names the form, the part, the row, the column under the heading the source prints,
the cell as written, and the source's marks (字迹不清, 原件残缺). A reader pivots it back into
any table; no part of the form is left out and no heading is renamed. Pure functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from site_gen import model
from site_gen.kinds.project_targets.model import (
    BudgetExecution,
    Project,
    ProjectTargets,
    SelfEvaluation,
)
from site_gen.model import application_parts, blocks
from site_gen.tables import form_tables
from site_gen.values import Figure, Value

LONG_COLUMNS = ("表序号", "表名", "部分", "行", "列", "内容", "标注")
UNCLEAR = "字迹不清"
INCOMPLETE = "原件残缺"
TABLE_CUT = "原件此表至此不完整，以下内容缺失"
DOCUMENT_FIELDS = (
    ("title", "标题"),
    ("subtitle", "副标题"),
    ("period", "期间"),
    ("published", "发布日期"),
    ("source", "出处"),
    ("incomplete", "原件不完整"),
    ("preface", "前言"),
    ("notes", "注释"),
)

Line = tuple[str, str, str, str, str, str, str]


def text(value: Any) -> str:
    """A cell as written: figures keep their digits, a blank stays blank."""
    if value is None:
        return ""
    if isinstance(value, Value | Figure):
        return value.text
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _mark(unclear: bool = False, incomplete: bool = False) -> str:
    return "；".join(m for m, on in ((UNCLEAR, unclear), (INCOMPLETE, incomplete)) if on)


def document_lines(entry: model.Entry) -> list[list[str]]:
    """The document's own fields; each kind adds its forms or projects, cell by cell
    (form_cells, project_cells)."""
    doc = entry.doc
    lines: list[Line] = [("", "", "文件", "", "发布单位", entry.publisher.name, "")]
    lines.append(("", "", "文件", "", "年度", str(entry.year), ""))
    for name, label in DOCUMENT_FIELDS:
        value = text(getattr(doc, name, ""))
        if value:
            lines.append(("", "", "文件", "", label, value, ""))
    return [list(line) for line in lines]


Cell = tuple[str, str, str, str, str]  # part, row, column, value, mark


def _facts(part: str, facts: list[tuple[str, Any, str]]) -> Iterator[Cell]:
    for row, (label, value, mark) in enumerate(facts, start=1):
        yield part, str(row), label, text(value), mark


def form_cells(kind: str, form: model.Form) -> Iterator[Cell]:
    info = form.info_title or "基本情况"
    facts: list[tuple[str, Any, str]] = [(form.name_title or "名称", form.name, "")]
    facts += [(label, value, "") for label, value in form_tables.form_facts(form)]
    facts += [(label, value, "") for label, value in _form_extras(form)]
    for check in form.checks:
        ticked = "、".join(c.text for c in check.options if c.checked)
        options = "  ".join(("☑" if c.checked else "□") + c.text for c in check.options)
        facts.append((check.label or "勾选项", options, f"已勾选：{ticked}" if ticked else ""))
    facts += [(f.label, f.value, _mark(f.unclear, f.incomplete)) for f in form.facts]
    if form.long_goal:
        facts.append((form.long_goal_title or "长期目标", form.long_goal, ""))
    if form.goal:
        facts.append((form.goal_title or "年度目标", form.goal, ""))
    facts += [(form.goal_title or "年度目标", goal, "") for goal in form.goals]
    if form.goal_result:
        facts.append((form.goal_result_title or "目标完成情况", form.goal_result, ""))
    if form.incomplete:
        facts.append(("原件不完整", form.incomplete, INCOMPLETE))
    yield from _facts(info, facts)
    if form.funding is not None:
        yield from _funding(form.funding)
    if form.schedule is not None:
        yield from _schedule(form.schedule)
    if form.budget is not None:
        yield from _budget(kind, form.budget)
    for n, table in enumerate(form.tables, start=1):
        yield from _table(table, n)
    if form.long_indicators:
        long = form_tables.long_form(form)
        yield from _indicators(
            "special-fund-targets", long, form.long_indicator_title or "长期绩效指标"
        )
    yield from _indicators(kind, form, form.indicator_title or "绩效指标")
    totals: list[tuple[str, Any, str]] = [("合计分值", form.total_weight, "")]
    totals += [("总分", form.total_score, ""), ("等级", form.grade, "")]
    yield from _facts("自评得分", [t for t in totals if t[1] is not None])
    titles = form.text_titles
    sections = [
        (titles.deviation or "偏差原因分析", form.deviation),
        (titles.suggestions or "相关建议或举措", form.suggestions),
        (titles.conclusion or "评价结论", form.conclusion),
        (titles.problems or "存在问题", form.problems),
        (titles.measures or "改进措施", form.measures),
    ]
    yield from _facts("文字栏", [(t, v, "") for t, v in sections if v is not None])
    signed = [(s.label, s.value, _mark(s.unclear, s.incomplete)) for s in form.signatures]
    yield from _facts("签字", signed)
    if form.notes:
        yield from _facts("注", [("注", form.notes, "")])


def _form_extras(form: model.Form) -> list[tuple[str, str]]:
    named = [("填报单位（盖章）", form.seal), ("金额单位", form.money_unit)]
    return [(label, value) for label, value in named if value]


def _funding(funding: application_parts.Funding) -> Iterator[Cell]:
    """资金总额及构成: one row per amount; a part's label says which source it belongs to."""
    part = funding.title or "资金总额及构成"
    if funding.unit:
        yield part, "", "金额单位", funding.unit, ""
    rows = [(funding.total_label or "资金总额", funding.total)]
    for item in funding.items:
        rows.append((item.label, item.amount))
        rows += [(f"{item.label}：其中：{p.label}", p.amount) for p in item.parts]
    for row_no, (label, amount) in enumerate(rows, start=1):
        yield part, str(row_no), "资金来源", label, ""
        yield (
            part,
            str(row_no),
            "金额",
            text(amount),
            _mark(isinstance(amount, Figure) and amount.unclear),
        )


def _schedule(schedule: application_parts.Schedule) -> Iterator[Cell]:
    part = schedule.title or "项目实施进度计划"
    columns = application_parts.schedule_columns(schedule)
    for row_no, row in enumerate(schedule.rows, start=1):
        for key, title in columns:
            yield part, str(row_no), title, getattr(row, key), ""


def _budget(kind: str, budget: model.Budget) -> Iterator[Cell]:
    part = form_tables.budget_caption(budget) or "预算表"
    if budget.unit:
        yield part, "", "金额单位", budget.unit, ""
    if budget.points is not None:
        yield part, "", "分值", text(budget.points), ""
    source = form_tables.budget_source_title(budget) or "资金来源"
    columns = form_tables.budget_columns(kind, budget)
    for row_no, row in enumerate(budget.rows, start=1):
        row_id = str(row_no)
        yield part, row_id, source, row.source, _mark(incomplete=row.incomplete)
        for column in columns:
            value = getattr(row, column.key)
            unclear = isinstance(value, Figure) and value.unclear
            yield part, row_id, column.title or column.key, text(value), _mark(unclear)
    if budget.incomplete:
        yield part, "", "", TABLE_CUT, INCOMPLETE


def _table(table: blocks.Table, n: int) -> Iterator[Cell]:
    part = table.title or f"表格{n}"
    if table.unit:
        yield part, "", "单位", table.unit, ""
    titles = [c.title + (f"（{c.unit}）" if c.unit else "") for c in table.columns]
    for row_no, row in enumerate(table.rows, start=1):
        for title, cell in zip(titles, row, strict=False):
            yield part, str(row_no), title, cell, ""
    for title, cell in zip(titles, table.total, strict=False):
        yield part, "合计", title, cell, ""
    if table.notes:
        yield part, "", "注", table.notes.strip(), ""
    if table.incomplete:
        yield part, "", "", TABLE_CUT, INCOMPLETE


def _indicators(kind: str, form: model.Form, part: str) -> Iterator[Cell]:
    columns = form_tables.form_columns(kind, form)
    titles = form.indicator_titles
    level1, level2 = titles.level1 or "一级指标", titles.level2 or "二级指标"
    if form.indicator_points is not None:
        yield part, "", "分值", text(form.indicator_points), ""
    for row_no, row in enumerate(form_tables.indicator_rows(form.indicators), start=1):
        item, row_id = row.item, str(row_no)
        mark = _mark(item.unclear, item.incomplete)
        points1 = f"（{row.level1_points}分）" if row.level1_points is not None else ""
        points2 = f"（{row.level2_points}分）" if row.level2_points is not None else ""
        yield part, row_id, level1, row.level1 + points1, ""
        yield part, row_id, level2, row.level2 + points2, ""
        if row.blank:
            continue
        for column in columns:
            yield part, row_id, column.title, form_tables.indicator_cell(item, column.key), mark
        if item.met is not None:
            yield part, row_id, "是否达成", text(item.met), mark


def project_cells(doc: ProjectTargets, project: Project) -> Iterator[Cell]:
    fields: tuple[str, ...] = ("name", "code", "category", "use", "start", "end", "nature")
    fields += ("funding", "total", "amount", "organiser")
    facts: list[tuple[str, Any, str]] = [
        (_zh(Project, name), getattr(project, name), "")
        for name in fields
        if getattr(project, name) not in (None, "")
    ]
    facts += [("项目实施单位", unit, "") for unit in project.implementers]
    facts += [(f.label, f.value, _mark(f.unclear, f.incomplete)) for f in project.facts]
    if project.goal:
        facts.append((doc.goal_title or "年度绩效目标", project.goal, ""))
    if project.incomplete:
        facts.append(("原件不完整", project.incomplete, INCOMPLETE))
    yield from _facts("基本情况", facts)
    probe = model.Form(name=project.name, indicators=project.indicators)
    yield from _indicators("project-targets", probe, "绩效指标")
    evaluation = project.evaluation
    if evaluation is not None:
        budget = evaluation.budget
        found: list[tuple[str, Any, str]] = []
        if budget is not None:
            for name in ("initial", "adjusted", "executed", "weight", "score"):
                found.append((_zh(BudgetExecution, name), getattr(budget, name), ""))
        for name in ("score", "grade", "summary"):
            found.append((_zh(SelfEvaluation, name), getattr(evaluation, name), ""))
        yield from _facts("绩效自评", [f for f in found if f[1] not in (None, "")])


def _zh(cls: Any, name: str) -> str:
    return str({f.name: f for f in dataclasses.fields(cls)}[name].metadata["zh"])
