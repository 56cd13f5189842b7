"""A document as the official spreadsheet forms lay it out: title row, label–value rows, the
budget table, the three-level indicator table with merged 一级/二级 cells and its 合计 row, notes
under the table; one sheet per form or project, and a cover sheet 说明 with the document's own
fields (标题, 年度, 出处…). Pure: model in, grids out; sheets.xlsx_write.py turns them into a file and
sheets.read.py reads them (or a bureau's own sheet in the same layout) back.

Cells hold the text the page shows, as written; the form's own headings (indicator_titles,
budget titles, column names) head the columns. Nothing is computed into a cell.
"""

from __future__ import annotations

from typing import Any

from site_gen import i18n, kinds, model
from site_gen.i18n import N_
from site_gen.kinds.forms.model import FormDocument
from site_gen.kinds.project_targets.model import (
    BudgetExecution,
    Project,
    ProjectTargets,
    SelfEvaluation,
)
from site_gen.model.application_parts import schedule_columns
from site_gen.model.blocks import Table
from site_gen.sheets.lay import Lay, Sheet, text, zh  # noqa: F401 - re-exported
from site_gen.tables import form_tables

COVER = N_("说明")
KIND_LABEL = N_("文件类型")
# Cover-sheet rows: the document's own fields under their Chinese names (model specs), in the
# document's language; the names are listed for the catalog (tests/test_i18n.py keeps step).
COVER_LABELS = (
    N_("标题"),
    N_("副标题"),
    N_("发布单位"),
    N_("年度"),
    N_("期间"),
    N_("发布日期"),
    N_("附件编号"),
    N_("出处"),
    N_("原件不完整"),
    N_("★说明"),
    N_("前言"),
    N_("注释"),
)
COVER_FIELDS = (
    "title",
    "subtitle",
    "publisher",
    "year",
    "period",
    "published",
    "annex",
    "source",
    "incomplete",
    "legend",
    "preface",
    "notes",
)
TEXT_SECTIONS = ("conclusion", "problems", "measures", "deviation", "suggestions")
PROJECT_FACTS = (
    "code",
    "category",
    "use",
    "start",
    "end",
    "nature",
    "funding",
    "total",
    "amount",
    "organiser",
)
EVALUATION_FACTS = ("initial", "adjusted", "executed", "weight", "score")
MET_TITLE = "是否达成"
CONTENTS = "目录"
CONTENTS_TITLES = ("目录标题", "原文页码")
UNCLEAR = "字迹不清"  # a cell note: the source row is illegible
INCOMPLETE = "原件残缺"  # a cell note: the source row, or the table from here, is cut off


# ---------------------------------------------------------------- the cover sheet
def cover(doc: model.Document, language: str = "zh-CN") -> Sheet:
    _ = i18n.Language(language).gettext
    lay = Lay(_(COVER), 2)
    lay.full(_(kinds.label(doc.kind)), "title")
    lay.fact(_(KIND_LABEL), doc.kind)
    for name in COVER_FIELDS:
        if not hasattr(doc, name):
            continue
        value = getattr(doc, name)
        if value not in (None, ""):
            lay.fact(_(zh(type(doc), name)), text(value))
    parts: tuple[Any, ...] = getattr(doc, "projects", ()) or getattr(doc, "forms", ())  # its forms
    if any(p.heading or getattr(p, "page", None) for p in parts):
        # The bundle's contents as the source prints them: a heading and a page per form.
        lay.full(CONTENTS, "section")
        lay.cells([CONTENTS_TITLES[0], CONTENTS_TITLES[1]], "header")
        for part in parts:
            lay.cells([part.heading, text(getattr(part, "page", None))], "value")
    lay.sheet.widths = {0: 14, 1: 90}
    return lay.sheet


# ---------------------------------------------------------------- the standard forms
def form_sheet(doc: model.Document, form: model.Form, name: str) -> Sheet:
    assert isinstance(doc, FormDocument)
    columns = form_tables.form_columns(doc.kind, form)
    extra = [MET_TITLE] if any(i.met is not None for i in _items(form.indicators)) else []
    budget = form_tables.budget_columns(doc.kind, form.budget) if form.budget else []
    tables = max((len(t.columns) for t in form.tables), default=0)
    width = max(2 + len(columns) + len(extra), 1 + len(budget), tables, 4)
    lay = Lay(name, width, label_cols=2)
    lay.full(doc.form_title or kinds.label(doc.kind), "title")
    if form.incomplete:  # the form's own note, on its title (批注): the layout has no row for it
        lay.sheet.grid.comments[(0, 0)] = f"原件不完整：{form.incomplete}"
    if form.money_unit:
        lay.full(f"单位：{form.money_unit}", "note")
    lay.fact(form.name_title or "名称", form.name)
    for label, value in _form_header(form):
        lay.fact(label, value)
    for check in form.checks:
        lay.fact(
            check.label, "  ".join(("☑" if c.checked else "□") + c.text for c in check.options)
        )
    for fact in form.facts:
        lay.fact(fact.label, fact.value)
    if form.funding:
        _funding(lay, form.funding)
    if form.schedule:
        _schedule(lay, form.schedule)
    if form.long_goal:
        lay.fact(form.long_goal_title or "长期目标", form.long_goal)
    if form.goal:
        lay.fact(form.goal_title or "年度目标", form.goal)
    lay.facts(form.goal_title or "年度目标", form.goals)
    if form.goal_result:
        lay.fact(form.goal_result_title or "目标完成情况", form.goal_result)
    if form.budget:
        _budget(lay, doc.kind, form.budget)
    for table in form.tables:
        _table(lay, table)
    if form.long_indicators:
        long = form_tables.long_form(form)
        lay.put(0, form.long_indicator_title or "长期绩效指标", "section", cols=2)
        lay.row += 1
        long_columns = form_tables.form_columns("special-fund-targets", long)
        titles = [
            long.indicator_titles.level1 or "一级指标",
            long.indicator_titles.level2 or "二级指标",
        ]
        lay.cells([*titles, *(c.title for c in long_columns)], "header")
        indicator_table_rows(lay, long.indicators, long_columns, False)
    if form.indicators or form.total_weight is not None or form.total_score is not None:
        _indicators(lay, form, columns, extra)
    if form.grade:
        lay.fact("等级", form.grade)
    for key in TEXT_SECTIONS:
        value = getattr(form, key)
        if value is not None:
            lay.fact(getattr(form.text_titles, key) or zh(model.Form, key), value)
    if form.signatures:
        lay.cells([f"{s.label}：{s.value}" for s in form.signatures], "note")
    if form.notes:
        lay.full(form.notes if form.notes.startswith("注") else f"注：{form.notes}", "note")
    _widths(lay, columns)
    for col, column in enumerate(budget, start=1):  # a budget column shares a form column
        if column.key == "reason":
            lay.sheet.widths[col] = max(lay.sheet.widths.get(col, 12), 30)
    lay.sheet.landscape = form_tables.orientation(doc) == "landscape"
    return lay.sheet


def _items(groups: tuple[model.IndicatorGroup, ...]) -> list[model.Indicator]:
    return [i for g in groups for s in g.groups for i in s.items]


def _form_header(form: model.Form) -> list[tuple[str, str]]:
    """The header fields as the page lists them (tables.form_tables), then the sealing unit."""
    seal = [("填报单位（盖章）", form.seal)] if form.seal else []
    return [*form_tables.form_facts(form), *seal]


def _budget(lay: Lay, kind: str, budget: model.Budget) -> None:
    columns = form_tables.budget_columns(kind, budget)
    lay.put(0, form_tables.budget_caption(budget), "section", cols=2)
    if budget.unit:
        lay.put(2, f"单位：{budget.unit}", "note")
    if budget.points is not None:
        lay.put(3, f"分值：{text(budget.points)}", "note")
    lay.row += 1
    lay.cells([form_tables.budget_source_title(budget), *(c.title for c in columns)], "header")
    amounts = tuple(i for i, c in enumerate(columns, start=1) if c.key != "reason")
    for row in budget.rows:
        if row.incomplete:
            lay.sheet.grid.comments[(lay.row, 0)] = INCOMPLETE
        cells = [row.source, *(form_tables.budget_cell(row, c.key) for c in columns)]
        lay.cells(cells, "value", amounts)
    if budget.incomplete:
        lay.sheet.grid.comments[(lay.row - 1, 0)] = f"{INCOMPLETE}：原件此表至此不完整"


def _funding(lay: Lay, funding: model.Funding) -> None:
    """资金总额及构成 as label–amount rows; a source's parts under it, labelled 其中：."""
    title = funding.title or "资金总额及构成"
    lay.put(0, title + (f"（{funding.unit}）" if funding.unit else ""), "section", cols=2)
    lay.row += 1
    lay.figure(funding.total_label or "资金总额", text(funding.total))
    for item in funding.items:
        lay.figure(item.label, text(item.amount))
        for i, part in enumerate(item.parts):
            lay.figure(("其中：" if i == 0 else "　　") + part.label, text(part.amount))


def _schedule(lay: Lay, schedule: model.Schedule) -> None:
    columns = schedule_columns(schedule)
    lay.put(0, "项目实施进度计划" if schedule.title is None else schedule.title, "section", cols=2)
    lay.row += 1
    lay.cells([t for _, t in columns], "header")
    for row in schedule.rows:
        cells = [getattr(row, key) for key, _ in columns]
        lay.cells(cells, "value")


def _table(lay: Lay, table: Table) -> None:
    lay.put(0, table.title or "表格", "section", cols=2)
    if table.unit:
        lay.put(2, f"单位：{table.unit}", "note")
    lay.row += 1
    lay.cells([c.title for c in table.columns], "header")
    numbers = tuple(i for i, c in enumerate(table.columns) if c.type == "number")
    for row in table.rows:
        lay.cells(list(row), "value", numbers)
    if table.total:
        lay.cells(list(table.total), "total", numbers)
    if table.incomplete and lay.row:
        lay.sheet.grid.comments[(lay.row - 1, 0)] = f"{INCOMPLETE}：原件此表至此不完整"
    if table.notes:
        lay.full(table.notes if table.notes.startswith("注") else f"注：{table.notes}", "note")


def _indicators(
    lay: Lay, form: model.Form, columns: list[form_tables.FormColumn], extra: list[str]
) -> None:
    lay.put(0, form.indicator_title or "绩效指标", "section", cols=2)
    if form.indicator_points is not None:
        lay.put(2, f"分值：{text(form.indicator_points)}", "note")
    lay.row += 1
    titles = form.indicator_titles
    level2 = titles.level2 or "二级指标"
    lay.cells([titles.level1 or "一级指标", level2, *(c.title for c in columns), *extra], "header")
    indicator_table_rows(lay, form.indicators, columns, bool(extra))
    if form.total_weight is not None or form.total_score is not None:
        keys = [c.key for c in columns]
        total = ["合计", ""] + [""] * (len(columns) + len(extra))
        if "weight" in keys and form.total_weight is not None:
            total[2 + keys.index("weight")] = text(form.total_weight)
        if "score" in keys and form.total_score is not None:
            total[2 + keys.index("score")] = text(form.total_score)
        lay.put(0, "合计", "total", cols=2)
        for col, value in enumerate(total[2:], start=2):
            lay.put(col, value, "total")
        lay.sheet.figures.update((lay.row, 2 + i) for i, k in enumerate(keys) if k in _FIGURES)
        lay.row += 1


def indicator_table_rows(
    lay: Lay,
    groups: tuple[model.IndicatorGroup, ...],
    columns: list[form_tables.FormColumn],
    met: bool,
) -> None:
    """The indicator rows with 一级/二级 merged down their groups, as the printed form has them."""
    for row in form_tables.indicator_rows(groups):
        if row.level1_span:
            points = f"（{text(row.level1_points)}分）" if row.level1_points is not None else ""
            lay.put(0, row.level1 + points, "label", rows=row.level1_span)
        if row.level2_span:
            points = f"（{text(row.level2_points)}分）" if row.level2_points is not None else ""
            lay.put(1, row.level2 + points, "label", rows=row.level2_span)
        values = [form_tables.indicator_cell(row.item, c.key) for c in columns]
        if met:
            values.append("" if row.item.met is None else ("是" if row.item.met else "否"))
        for col, value in enumerate(values, start=2):
            lay.put(col, value, "value")
        lay.sheet.figures.update(
            (lay.row, 2 + i) for i, c in enumerate(columns) if c.key in _FIGURES
        )
        marks = [
            m for m, on in ((UNCLEAR, row.item.unclear), (INCOMPLETE, row.item.incomplete)) if on
        ]
        if marks:  # the form's mark for a row it could not read, as a cell note
            lay.sheet.grid.comments[(lay.row, 2)] = "；".join(marks)
        lay.row += 1


# Indicator columns that hold figures; a target such as ≥90% stays text (it is not a number).
_FIGURES = ("target", "actual", "weight", "score")


def _widths(lay: Lay, columns: list[form_tables.FormColumn]) -> None:
    wide = {"name": 24, "explanation": 30, "progress": 30, "deviation": 30, "remark": 16}
    lay.sheet.widths = {0: 12, 1: 14}
    for col, column in enumerate(columns, start=2):
        lay.sheet.widths[col] = wide.get(column.key, 12)
    for col in range(2 + len(columns), lay.width):
        lay.sheet.widths[col] = 12


# ---------------------------------------------------------------- project forms
def project_sheet(doc: ProjectTargets, project: Project, name: str) -> Sheet:
    probe = model.Form(name=project.name, indicators=project.indicators)
    columns = form_tables.form_columns("project-targets", probe)
    extra = [MET_TITLE] if any(i.met is not None for i in _items(project.indicators)) else []
    lay = Lay(name, max(2 + len(columns) + len(extra), 4), label_cols=2)
    lay.full(doc.form_title, "title")
    if project.incomplete:
        lay.sheet.grid.comments[(0, 0)] = f"原件不完整：{project.incomplete}"
    lay.fact(zh(Project, "name"), project.name)
    for key in PROJECT_FACTS:
        value = getattr(project, key)
        if value not in (None, ""):
            put = lay.figure if key in ("total", "amount") else lay.fact
            put(zh(Project, key), text(value))
    lay.facts(zh(Project, "implementers"), project.implementers)
    for fact in project.facts:
        lay.fact(fact.label, fact.value)
    if project.goal:
        lay.fact(doc.goal_title or "年度绩效目标", project.goal)
    if project.indicators:
        lay.put(0, "绩效指标", "section", cols=2)
        lay.row += 1
        lay.cells(["一级指标", "二级指标", *(c.title for c in columns), *extra], "header")
        indicator_table_rows(lay, project.indicators, columns, bool(extra))
    evaluation = project.evaluation
    if evaluation:
        lay.put(0, "绩效自评", "section", cols=lay.width)
        lay.row += 1
        if evaluation.budget:
            for key in EVALUATION_FACTS:
                value = getattr(evaluation.budget, key)
                if value is not None:
                    lay.figure(zh(BudgetExecution, key), text(value))
        for key in ("score", "grade", "summary"):
            value = getattr(evaluation, key)
            if value not in (None, ""):
                lay.fact(zh(SelfEvaluation, key), text(value))
    _widths(lay, columns)
    return lay.sheet
