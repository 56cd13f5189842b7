"""The budget execution table of a form sheet (资金来源 and its figure columns) and the section
labels that title a form's tables (预算执行情况（10分）, 项目资金（万元）, 单位：万元 beside them).
"""

from __future__ import annotations

import re
from typing import Any

from site_gen.sheets.read import _PREFIX, At, Reader, _bare, _short
from site_gen.sheets.regions import bare_section
from site_gen.tables.form_tables import BUDGET_TITLES

# ---------------------------------------------------------------- budget tables
_BUDGET_KEYS = (
    ("年初", "initial"),
    ("调整", "adjusted"),
    ("全年预算", "adjusted"),
    ("预计执行率", "forecast_rate"),
    ("预计", "forecast"),
    ("执行率", "rate"),
    ("执行数", "executed"),
    ("执行", "executed"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
    ("原因", "reason"),
    ("说明", "reason"),
)


def is_budget_header(reader: Reader, row: int) -> bool:
    words = [_bare(reader.grid.text(row, c)) for c in reader.anchors(row)]
    return len(words) >= 3 and sum(any(w in t for w, _ in _BUDGET_KEYS[:7]) for t in words) >= 2


def budget_key(heading: str) -> str | None:
    """The budget column a heading names; None for other words, and for a section's name
    written on the heading row (预算执行情况（10分） names no column)."""
    bare = _bare(heading)
    if bare_section(heading).endswith("情况"):
        return None
    return next((k for w, k in _BUDGET_KEYS if w in bare), None)


def read_budget(reader: Reader, at: int, budget: dict[str, Any]) -> int:
    """The budget table whose heading row is `at`; returns the index of the next row.

    The figure columns are the headings with budget words; the 资金来源 column is where the rows
    below start (its heading may be blank); a cell left of it in the heading row is the table's
    section label (项目资金（万元）) written unmerged. A value merged down several rows (one 原因
    for the whole table) is read once, on its first row."""
    cols = reader.anchors(at)
    rows = reader.rows
    index = rows.index(at) + 1
    keyed = [c for c in cols if budget_key(reader.grid.text(at, c))]
    first_key = keyed[0]
    below = rows[index] if index < len(rows) else None
    lead = [c for c in (reader.anchors(below) if below is not None else []) if c < first_key]
    source_col = lead[-1] if lead else max((c for c in cols if c < first_key), default=0)
    label = ""
    covered = any(  # under a label merged across from the left (项目资金（万元） over A:B)
        s.top <= at <= s.bottom and s.left < source_col <= s.right
        for s in reader.grid.spans.values()
    )
    if source_col not in cols and not covered:  # a blank heading cell: the page's stays blank
        budget.setdefault("titles", {})["source"] = At("", reader.grid.ref(at, source_col))
    for c in cols:
        if c < source_col:  # the section's label, on the heading row only
            cell = reader.take(at, c)
            label = cell
            section_title(cell, budget)
        elif c == source_col:
            source = reader.take(at, c)
            if _bare(source) != "资金来源":
                budget.setdefault("titles", {})["source"] = source
    keys: dict[int, str] = {}
    unknown: dict[int, str] = {}  # column → why it was not read
    for c in cols:
        if c <= source_col:
            continue
        heading = reader.grid.text(at, c)
        key = budget_key(heading)
        if key is None or key in keys.values():
            why = "不是预算表的列名（如 年初预算数、执行数、执行率、分值、得分、原因）"
            if key is not None:
                why = f"与前面的列重复（都是 {BUDGET_TITLES[key]}）"
            unknown[c] = f"预算表的列名 “{_short(heading)}” {why}；这一列未读"
            continue
        reader.take(at, c)
        keys[c] = key
        if _bare(heading) != BUDGET_TITLES[key]:
            budget.setdefault("titles", {})[key] = At(heading, reader.grid.ref(at, c))
    budget["columns"] = list(keys.values())
    entries = []
    while index < len(rows):
        row = rows[index]
        anchors = reader.anchors(row)
        if not reader.same_section(row, at) or source_col not in anchors:
            break
        before = [c for c in anchors if c < source_col]
        if any(reader.grid.text(row, c) != label for c in before):
            break  # a new label at the form's edge: the table has ended
        if any(
            reader.span_cols(row, c) != reader.span_cols(at, c) for c in anchors if c in keys
        ) or reader.span_cols(row, source_col) > max(1, reader.span_cols(at, source_col)):
            break  # a cell across the table's columns: the form goes on below the table
        if any(c not in keys and c not in unknown and c > source_col for c in anchors):
            break
        for c in before:
            reader.take(row, c)  # the section label repeated on each row
        entry: dict[str, Any] = {"source": reader.take(row, source_col)}
        for c, key in keys.items():
            if reader.grid.text(row, c):
                entry[key] = reader.take(row, c)
        entries.append(entry)
        index += 1
    budget["rows"] = entries
    read = [r for r in rows[rows.index(at) + 1 : index]]
    for c, why in unknown.items():
        reader.fail(at, c, why, [(r, c) for r in read])
    return index


def section_title(cell: At, out: dict[str, Any], default: str = "预算执行情况") -> None:
    """A section's label into a table's title, points and unit: 预算执行情况（10分） → points 10;
    项目资金（万元） → title 项目资金, unit 万元. The title is kept only where it differs from the
    default the page prints."""
    title = cell
    points = _POINTS_ANY.search(cell)
    if points:
        out["points"] = At(points.group(1), cell.ref)
        title = At((cell[: points.start()] + cell[points.end() :]).strip(), cell.ref)
    unit = _UNIT_IN_LABEL.search(title)
    if unit:
        out["unit"] = At(unit.group(1), cell.ref)
        title = At((title[: unit.start()] + title[unit.end() :]).strip(), cell.ref)
    if _bare(title) != default and title:
        out["title"] = title


_POINTS_ANY = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_UNIT_IN_LABEL = re.compile(r"[(（]\s*(?:单位[：:]\s*)?((?:万|千|亿)?元)\s*[)）]")


def section_extras(reader: Reader, row: int, out: dict[str, Any], unit: str, points: str) -> None:
    """单位：万元 and 分值：10 written beside a section's name."""
    for c in reader.anchors(row)[1:]:
        match = _PREFIX.match(reader.grid.text(row, c))
        if match:
            cell = reader.take(row, c)
            out[unit if match.group(1) == "单位" else points] = At(match.group(2), cell.ref)
