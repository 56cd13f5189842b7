"""The sheets of each document kind → document data (sheets.read's readers put together):
a standard form or a project form per sheet, the 目标完成情况 table, the 进度情况表.
"""

from __future__ import annotations

import re
from typing import Any

from site_gen import model
from site_gen.sheets.application import (
    above,
    funding_from_facts,
    is_schedule_header,
    long_section,
    read_long_indicators,
    read_schedule,
)
from site_gen.sheets.budget import is_budget_header, read_budget, section_extras, section_title
from site_gen.sheets.indicators import indicator_section, is_indicator_header, read_indicators
from site_gen.sheets.layout import zh
from site_gen.sheets.lines import (
    check_group,
    head_line,
    parse_checks,
    signatures,
    unit_or_seal_row,
    units_and_seals,
)
from site_gen.sheets.read import _PREFIX, _SIGNATURE, At, Reader, _bare
from site_gen.sheets.regions import bare_section

# Labels of a form's header fields, and words that name its text sections.
_FORM_LABELS = {
    "报表编号": "form_code",
    "编码": "code",
    "项目编码": "code",
    "主管部门": "department",
    "主管部门编码": "department_code",
    "实施单位": "implementer",
    "实施单位编码": "implementer_code",
    "填报单位（盖章）": "seal",
    "填报单位(盖章)": "seal",
    "等级": "grade",
    "自评等级": "grade",
}
_NAME_LABELS = (
    "名称",
    "项目名称",
    "部门名称",
    "单位名称",
    "部门（单位）名称",
    "专项名称",
    "资金名称",
)
# A second table of a kind the form holds once (a 申报表 with 长期 and 年度 indicator tables).
_SECOND = "表中第二张%s（如 长期绩效指标）没有对应的栏目，未导入；请把它放进另一个文件，或删去"
# A notes block under a form: 注：…, or 说明：/填表说明：/填报说明： then 1.… 2.…
_NOTES = re.compile(r"^(?:注|(?:填表|填报)?说明\s*[：:])")
_TEXT_WORDS = (
    ("结论", "conclusion"),
    ("问题", "problems"),
    ("措施", "measures"),
    ("偏差", "deviation"),
    ("建议", "suggestions"),
    ("说明", "suggestions"),
)


def fact_pairs(reader: Reader, row: int) -> list[tuple[At, At]] | None:
    """The label–value pairs of a row: one label and its value across the form, or several
    pairs side by side (主管部门 | … | 实施单位 | …); None for a row of another shape."""
    cols = reader.anchors(row)
    if not cols or cols[0] != 0:
        return None
    if len(cols) == 1:
        return [(reader.take(row, 0), At("", reader.grid.ref(row, reader.span_cols(row, 0))))]
    if len(cols) == 2 and cols[1] == reader.span_cols(row, 0):
        return [(reader.take(row, 0), reader.take(row, cols[1]))]
    if len(cols) % 2 == 0 and all(_bare(reader.grid.text(row, c)) for c in cols[::2]):
        return [
            (reader.take(row, a), reader.take(row, b))
            for a, b in zip(cols[::2], cols[1::2], strict=True)
        ]
    return None


def read_form(reader: Reader, kind: str) -> tuple[dict[str, Any], str]:
    """One standard form; returns its data and the sheet's title row (the form's name)."""
    form: dict[str, Any] = {}
    title = ""
    facts: list[dict[str, Any]] = []
    index = 0
    rows = reader.rows
    while index < len(rows):
        row = rows[index]
        cols = reader.anchors(row)
        first = reader.grid.text(row, cols[0])
        if row in reader.grid.heads:
            index = _section_head(reader, index, form)
            continue
        if "name" not in form and not facts and head_line(reader, row, form):
            pass  # 附件2, （2024年度）, 单位：万元, 报表编号：…, 填报单位（盖章）：… above the form
        elif not title and "name" not in form and not facts and len(cols) == 1:
            title = reader.take(row, cols[0])
        elif unit_or_seal_row(reader, row) and (
            len(cols) > 1 or "name" not in form or "money_unit" not in form
        ):
            units_and_seals(reader, row, form)
        elif all(parse_checks(reader.grid.text(row, c)) for c in cols):
            form.setdefault("checks", []).append(
                check_group(None, [reader.take(row, c) for c in cols])
            )
        elif len(cols) > 2 and all(parse_checks(reader.grid.text(row, c)) for c in cols[1:]):
            label = reader.take(row, cols[0])
            options = [reader.take(row, c) for c in cols[1:]]
            form.setdefault("checks", []).append(check_group(label, options))
        elif is_schedule_header(reader, row) and "schedule" not in form:
            index = read_schedule(reader, row, form)
            continue
        elif len(cols) == 1 and above(reader, index, is_schedule_header) and "进度" in first:
            form["_schedule_title"] = reader.take(row, cols[0])
        elif len(cols) == 1 and above(reader, index, is_indicator_header) and long_section(first):
            form["_long"] = reader.take(row, cols[0])
        elif is_indicator_header(reader, row) and "_long" in form:
            index = read_long_indicators(reader, row, form)
            continue
        elif is_indicator_header(reader, row) and "indicators" in form:
            before = set(reader.taken)
            index = read_indicators(reader, row, {})
            reader.give_back(before, row, _SECOND % "绩效指标表")
            continue
        elif is_indicator_header(reader, row):
            index = read_indicators(reader, row, form)
            continue
        elif is_budget_header(reader, row) and form.get("budget", {}).get("rows") is not None:
            before = set(reader.taken)
            index = read_budget(reader, row, {})
            reader.give_back(before, row, _SECOND % "预算执行表")
            continue
        elif is_budget_header(reader, row):
            index = read_budget(reader, row, form.setdefault("budget", {}))
            continue
        elif _bare(first).startswith("预算执行情况") or (
            "budget" not in form
            and index + 1 < len(rows)
            and is_budget_header(reader, rows[index + 1])
            and _section_row(reader, row)
        ):
            budget = form.setdefault("budget", {})
            section_title(reader.take(row, cols[0]), budget)
            section_extras(reader, row, budget, "unit", "points")
        elif _bare(first).startswith("绩效指标") or (
            _bare(first).endswith("绩效指标") and above(reader, index, is_indicator_header)
        ):
            indicator_section(reader.take(row, cols[0]), form)
            section_extras(reader, row, form, "_unit", "indicator_points")
        elif _bare(first) in ("合计", "总分", "总计") and "indicators" in form:
            _totals(reader, row, form)
        elif len(cols) == 1 and "notes" not in form and _NOTES.match(first):
            form["notes"] = At(re.sub(r"^注：", "", first), reader.take(row, cols[0]).ref)
            form["_notes_at"] = row
        elif "notes" in form and len(cols) == 1 and _next_to_notes(reader, index, form):
            form["notes"] = At(f"{form['notes']}\n{reader.take(row, cols[0])}", form["notes"].ref)
            form["_notes_at"] = row
        elif len(cols) == 3 and _two_goals(reader, row) and index + 1 < len(rows):
            index = _goal_columns(reader, index, form)
            continue
        elif all(_SIGNATURE.match(reader.grid.text(row, c)) for c in cols) and (
            "indicators" in form or len(cols) > 1
        ):
            for c in cols:
                form.setdefault("signatures", []).extend(signatures(reader, row, c))
        elif reader.span_cols(row, 0) > 2 and index + 1 < len(rows) and len(cols) <= 2:
            index = _typed_table(reader, index, form)
            continue
        else:
            index = _fact(reader, index, form, facts)
            continue
        index += 1
    if funding := funding_from_facts(facts):
        form["funding"] = funding
    title_at = form.get("_schedule_title")
    if title_at is not None and "schedule" in form and _bare(title_at) != "项目实施进度计划":
        form["schedule"]["title"] = title_at
    if facts:
        form["facts"] = facts
    for key in ("_schedule_title", "_long"):
        form.pop(key, None)
    form.pop("_unit", None)
    form.pop("_indicator_cols", None)
    form.pop("_notes_at", None)
    return form, title


def _section_head(reader: Reader, index: int, form: dict[str, Any]) -> int:
    """A section's label moved aside from the left edge (sheets.regions): the budget table's
    title, points and unit; the indicator table's points; the basic facts' heading; the title
    of any other table beside it (年度主要任务, 专项资金情况). Returns the next row's index."""
    row = reader.rows[index]
    label = reader.grid.text(row, 0)
    section = [r for r in reader.rows if r != row and reader.same_section(r, row)]
    if any(is_budget_header(reader, r) for r in section):
        section_title(reader.take(row, 0), form.setdefault("budget", {}))
    elif long_section(label) and any(is_indicator_header(reader, r) for r in section):
        form["_long"] = reader.take(row, 0)
    elif "进度" in label and any(is_schedule_header(reader, r) for r in section):
        form["_schedule_title"] = reader.take(row, 0)
    elif any(is_indicator_header(reader, r) for r in section):
        indicator_section(reader.take(row, 0), form)
    elif any(w in bare_section(label) for w in ("基本情况", "基本信息")):
        form["info_title"] = reader.take(row, 0)
    elif section and len(reader.anchors(section[0])) >= 3:
        return _typed_table(reader, index, form)
    else:
        reader.fail(
            row,
            0,
            f"左侧的分区名 “{label}” 不是已知的分区（基本情况、项目资金、预算执行情况、绩效指标），"
            "旁边也不是一张表格",
        )
    return index + 1


def _next_to_notes(reader: Reader, index: int, form: dict[str, Any]) -> bool:
    """A notes block: 注： then 1.… 2.… on the rows right below it, at the same column (a
    blank row between is allowed; a cell far away is not part of the notes)."""
    row, before = reader.rows[index], reader.rows[index - 1]
    notes = form.get("_notes_at", before)
    return before == notes and row - before <= 2 and reader.anchors(row)[0] == 0


def _totals(reader: Reader, row: int, form: dict[str, Any]) -> None:
    reader.take(row, reader.anchors(row)[0])
    columns = form.get("_indicator_cols", {})
    for c in reader.anchors(row)[1:]:
        key = columns.get(c, "")
        if key in ("weight", "score"):
            form["total_weight" if key == "weight" else "total_score"] = reader.take(row, c)


def _fact(reader: Reader, index: int, form: dict[str, Any], facts: list[dict[str, Any]]) -> int:
    """A label and its value; a label merged down several rows holds one value per row."""
    row = reader.rows[index]
    pairs = fact_pairs(reader, row)
    if pairs is None:
        return index + 1  # left for the report of unplaced cells
    if len(pairs) > 1:
        for label, value in pairs:
            _place(label, value, form, facts)
        return index + 1
    label, value = pairs[0]
    height = reader.span_rows(row, 0)
    if height > 1:  # 目标1、目标2… under one label
        form["goal_title"], form["goals"] = label, values_below(reader, row, height, value)
        return reader.rows.index(max(r for r in reader.rows if r < row + height)) + 1
    _place(label, value, form, facts)
    return index + 1


def values_below(reader: Reader, row: int, height: int, first: At) -> list[At]:
    """The values of a label merged down `height` rows: the first beside it, one per row below."""
    values = [first]
    for below in range(row + 1, row + height):
        cols = reader.anchors(below)
        if cols:
            values.append(reader.take(below, cols[0]))
    return values


def _place(label: At, value: At, form: dict[str, Any], facts: list[dict[str, Any]]) -> None:
    """A label and its value into the form field the label names, else among its facts."""
    bare = _bare(label).rstrip("：:")  # 项目名称： is 项目名称
    labels = {_bare(k): v for k, v in _FORM_LABELS.items()}
    if "name" not in form and (bare in (_bare(n) for n in _NAME_LABELS) or bare.endswith("名称")):
        form["name"] = value
        if bare != "名称":
            form["name_title"] = label
    elif bare in labels and labels[bare] not in form:
        form[labels[bare]] = value
    elif parse_checks(value):
        form.setdefault("checks", []).append(check_group(label, [value]))
    elif "indicators" in form and (key := _text_key(bare, form)):
        form[key] = value
        if bare != _bare(zh(model.Form, key)):
            form.setdefault("text_titles", {})[key] = label
    elif ("目标" in bare and ("完成" in bare or "实际" in bare) or bare.endswith("完成情况")) and (
        "goal_result" not in form
    ):
        form["goal_result"] = value
        if bare != "目标完成情况":
            form["goal_result_title"] = label
    elif ("长期" in bare or bare == "总目标") and "目标" in bare and "long_goal" not in form:
        form["long_goal"] = value
        if bare != "长期目标":
            form["long_goal_title"] = label
    elif "目标" in bare and "goal" not in form and "indicators" not in form:
        form["goal"] = value
        if bare != "年度目标":
            form["goal_title"] = label
    else:
        facts.append({"label": label, "value": value} if value else {"label": label})


def _section_row(reader: Reader, row: int) -> bool:
    """A table's title row: its name, then at most 单位：… and 分值：… beside it."""
    cols = reader.anchors(row)
    return all(_PREFIX.match(reader.grid.text(row, c)) for c in cols[1:])


def _two_goals(reader: Reader, row: int) -> bool:
    """年度总体目标 | 预期目标 | 实际完成情况, with the two texts in the row below."""
    words = [_bare(reader.grid.text(row, c)) for c in reader.anchors(row)]
    return ("预期" in words[1] or "目标" in words[1]) and any(
        w in words[2] for w in ("实际", "完成", "执行")
    )


def _goal_columns(reader: Reader, index: int, form: dict[str, Any]) -> int:
    row, below = reader.rows[index], reader.rows[index + 1]
    label, expected, result = (reader.take(row, c) for c in reader.anchors(row))
    if reader.grid.text(below, 0) == label:  # the label repeated instead of merged
        reader.take(below, 0)
    cells = [c for c in reader.anchors(below) if c > 0]
    if len(cells) != 2:
        return index + 1  # the row below is left for the report of unplaced cells
    if "预期" in _bare(expected):  # 年度总体目标 | 预期目标 | 实际完成情况 (财预〔2020〕10号)
        form["goal_title"] = label  # 预期目标 is the column's heading only
    else:  # 1.项目年度目标完成情况 | 项目年度目标 | 年度目标完成情况 (四川)
        form["goal_section"], form["goal_title"] = label, expected
    form["goal"] = reader.take(below, cells[0])
    form["goal_result_title"], form["goal_result"] = result, reader.take(below, cells[1])
    return index + 2


def _text_key(bare: str, form: dict[str, Any]) -> str | None:
    return next((k for w, k in _TEXT_WORDS if w in bare and k not in form), None)


def _typed_table(reader: Reader, index: int, form: dict[str, Any]) -> int:
    """A titled table (资金安排表, 年度主要任务…): title row (or a section label moved aside),
    heading row (a heading merged across columns with sub-headings on the row below gives
    one column per sub-heading, titled 预算金额（万元）：总额), rows, 合计."""
    rows = reader.rows
    row = rows[index]
    table: dict[str, Any] = {}
    section_title(reader.take(row, 0), table, default="")
    section_extras(reader, row, table, "unit", "_points")
    header = rows[index + 1]
    heads = {c: reader.take(header, c) for c in reader.anchors(header)}
    index += 2
    subs: dict[int, str] = {}
    wide = {c: reader.span_cols(header, c) for c in heads if reader.span_cols(header, c) > 1}
    if wide and index < len(rows) and reader.same_section(rows[index], header):
        below = reader.anchors(rows[index])
        if below and all(any(c <= a < c + w for c, w in wide.items()) for a in below):
            for a in below:
                parent = next(c for c, w in wide.items() if c <= a < c + w)
                subs[a] = At(f"{heads[parent]}：{reader.take(rows[index], a)}", heads[parent].ref)
            index += 1
    parents = {c for c in wide if any(c <= a < c + wide[c] for a in subs)}
    titles = {c: t for c, t in heads.items() if c not in parents} | subs
    cols = sorted(titles)
    table["columns"] = [{"title": titles[c]} for c in cols]
    table["rows"] = []
    while index < len(rows):
        row = rows[index]
        anchors = reader.anchors(row)
        if not reader.same_section(row, header) or not anchors:
            break
        total = _bare(reader.grid.text(row, anchors[0])) in ("合计", "总计")
        if reader.span_cols(row, anchors[0]) > 1 and anchors[0] not in wide and not total:
            if reader.grid.text(row, anchors[0]).startswith("注"):
                cell = reader.take(row, anchors[0])
                table["notes"] = At(re.sub(r"^注[：:]", "", cell), cell.ref)
                index += 1
            break
        if any(c not in cols for c in anchors):
            break
        cells = [
            reader.take(row, c) if reader.grid.text(row, c) else At("", reader.grid.ref(row, c))
            for c in cols
        ]
        if total:  # 合计, its cell perhaps merged across the first columns
            table["total"] = cells
            index += 1
            if index < len(rows) and reader.grid.text(rows[index], 0).startswith("注"):
                cell = reader.take(rows[index], 0)
                table["notes"] = At(re.sub(r"^注[：:]", "", cell), cell.ref)
                index += 1
            break
        table["rows"].append(cells)
        index += 1
    table.pop("_points", None)
    table.pop("points", None)
    form.setdefault("tables", []).append(table)
    return index
