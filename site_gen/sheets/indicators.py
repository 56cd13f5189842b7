"""The three-level indicator table of a form sheet, read by its headings (一级/二级/三级指标 and
the columns after them, one or two heading rows), with its section label (绩效指标（90分）).
The budget table is read in sheets.budget.
"""

from __future__ import annotations

import re
from typing import Any

from site_gen.sheets.budget import _POINTS_ANY
from site_gen.sheets.layout import INCOMPLETE, MET_TITLE, UNCLEAR
from site_gen.sheets.read import _POINTS, _SIGNATURE, At, Reader, _bare

# ---------------------------------------------------------------- indicator tables
_INDICATOR_KEYS = (  # heading words → Indicator field, first match wins
    ("三级指标", "name"),
    ("指标名称", "name"),
    ("指标内容", "name"),
    ("指标性质", "operator"),
    ("度量单位", "unit"),
    ("计量单位", "unit"),
    ("指标解释", "explanation"),
    ("指标说明", "explanation"),
    ("评分标准", "explanation"),
    ("执行情况", "progress"),
    ("可能性", "possibility"),
    ("完成值", "actual"),
    ("实际", "actual"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
    ("偏差", "deviation"),
    ("原因", "deviation"),
    ("备注", "remark"),
    (MET_TITLE, "met"),
    ("指标值", "target"),
    ("目标值", "target"),
)
_INDICATOR_DEFAULT = {
    "name": "三级指标",
    "target": "指标值",
    "explanation": "指标解释",
    "progress": "执行情况",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "deviation": "偏差原因分析及改进措施",
}
_STOP = ("合计", "总分", "总计", "等级", "自评得分", "注", "说明", "备注：")


def is_indicator_header(reader: Reader, row: int) -> bool:
    words = {_bare(reader.grid.text(row, c)) for c in reader.anchors(row)}
    return ("一级指标" in words and len(words) >= 3) or {"二级指标", "三级指标"} <= words


def indicator_key(title: str) -> str | None:
    bare = _bare(title)
    return next((key for word, key in _INDICATOR_KEYS if word in bare), None)


_NUMBER = re.compile(r"\d{1,4}[.、]?")
_MARKS = ("√", "✓", "✔", "☑", "■", "●", "是")  # a tick in a column of options


def read_indicators(reader: Reader, at: int, out: dict[str, Any]) -> int:
    """The heading row `at` and the rows below it; returns the index of the next row.

    Before the 一级指标 column the heading row may hold the section's label (绩效指标（90分）
    written unmerged, repeated or left blank below). A heading merged across several columns
    with sub-headings on the row below is a two-row heading: 完成目标可能性 over 确定能 |
    有可能 | 不可能 (a tick under one gives the indicator's possibility), or 偏差原因分析 over
    经费保障 | 制度保障 … (each a column of its own, titled with both headings)."""
    rows = reader.rows
    index = rows.index(at) + 1
    cols = reader.anchors(at)
    words = [_bare(reader.grid.text(at, c)) for c in cols]
    first = next((i for i, w in enumerate(words) if "一级指标" in w), 0)
    label = ""
    numbering: set[int] = set()  # a 序号 column before the levels: the rows' own numbers
    counted: dict[int, int] = {}
    for c in cols[:first]:
        if _bare(reader.grid.text(at, c)) in ("序号", "编号"):
            numbering.add(c)
            reader.take(at, c)
            continue
        label = reader.take(at, c)
        indicator_section(label, out)
    cols = cols[first:]
    headings = {c: reader.take(at, c) for c in cols}
    level_cols = cols[:2]
    subs, index = _sub_headings(reader, at, index, cols[2:])
    titles: dict[str, str] = {}
    columns: dict[int, str] = {}
    units: list[str] = []
    for c in sorted({c for c in cols[2:] if not any(p == c for p, _ in subs.values())} | set(subs)):
        parent, sub = subs.get(c, (None, None))
        heading = sub if sub is not None else headings[c]
        key = indicator_key(heading)
        if parent is not None and indicator_key(headings[parent]) == "possibility":
            columns[c] = f"option:{sub}"
            continue
        if key is None or key in columns.values():
            columns[c] = f"unit_target:{len(units)}"
            units.append(heading if parent is None else f"{headings[parent]}：{sub}")
            continue
        columns[c] = key
        if key in _INDICATOR_DEFAULT and _bare(heading) != _INDICATOR_DEFAULT[key]:
            titles[key] = heading
    if _bare(headings[level_cols[0]]) != "一级指标":
        titles["level1"] = headings[level_cols[0]]
    if len(level_cols) > 1 and _bare(headings[level_cols[1]]) != "二级指标":
        titles["level2"] = headings[level_cols[1]]
    groups: list[dict[str, Any]] = []
    while index < len(rows):
        row = rows[index]
        anchors = reader.anchors(row)
        before = [c for c in anchors if c < level_cols[0]]
        rest = [c for c in anchors if c >= level_cols[0]]
        if not reader.same_section(row, at) or not rest:
            break
        if any(
            reader.grid.text(row, c) != label
            and not (c in numbering and _NUMBER.fullmatch(reader.grid.text(row, c).strip()))
            for c in before
        ):
            break  # 总分, 合计 or another label at the form's edge
        lead = _bare(reader.grid.text(row, rest[0]))
        if lead.startswith(_STOP) or (
            _SIGNATURE.match(lead) and not reader.grid.text(row, level_cols[0] + 2)
        ):
            break
        if rest[0] == level_cols[0] and reader.span_cols(row, rest[0]) >= 2:
            break  # a section, or a label across the form's level columns
        for c in before:
            text = reader.grid.text(row, c).strip().rstrip(".、")
            if c not in numbering:
                reader.take(row, c)  # the section label repeated on each row
            elif text == str(counted.get(c, 0) + 1):  # 1, 2, 3…: the order the rows stand in
                reader.take(row, c)
                counted[c] = counted.get(c, 0) + 1
            # a number out of sequence is left for the report: the order alone cannot say it
        if not _continue_level(reader, row, level_cols[0], groups, "level1"):
            groups.append(_level(reader, row, level_cols[0], "level1") | {"groups": []})
        if not groups:
            break
        level2 = groups[-1]["groups"]
        if len(level_cols) > 1 and not _continue_level(
            reader, row, level_cols[1], level2, "level2"
        ):
            level2.append(_level(reader, row, level_cols[1], "level2") | {"items": []})
        if not level2:
            break
        item = _indicator_row(reader, row, columns, units)
        if item:
            level2[-1]["items"].append({"name": item.pop("name", "")} | item)
        index += 1
    for group in groups:
        group.pop("_merged")
        group.pop("_text")
        group["groups"] = [_clean(sub) for sub in group["groups"]]
    out["indicators"] = groups
    if titles:
        out["indicator_titles"] = titles
    if units:
        out["indicator_units"] = units
    # The columns in the form's order; the per-unit columns as `units` where the first stands
    # (after the target, the default, needs no mark: the layouts written before keep theirs).
    keys = [
        "units" if k.startswith("unit_target") else "possibility" if k.startswith("option:") else k
        for _c, k in sorted(columns.items())
        if k != "met"
    ]
    order = list(dict.fromkeys(keys))
    if (
        "units" in order and order.index("units") == order.index("target") + 1
        if "target" in order
        else False
    ):
        order.remove("units")
    out["indicator_columns"] = order
    out["_indicator_cols"] = columns
    return index


def _sub_headings(
    reader: Reader, at: int, index: int, cols: list[int]
) -> tuple[dict[int, tuple[int, At]], int]:
    """Sub-headings on the row below headings merged across columns: column → (the parent's
    column, its sub-heading); and the index of the first data row."""
    wide = {c: reader.span_cols(at, c) for c in cols if reader.span_cols(at, c) > 1}
    if not wide or index >= len(reader.rows):
        return {}, index
    below = reader.rows[index]
    under = reader.anchors(below)
    parents = {a: next((c for c, w in wide.items() if c <= a < c + w), None) for a in under}
    if not under or any(p is None for p in parents.values()) or not reader.same_section(at, below):
        return {}, index
    return {a: (p, reader.take(below, a)) for a, p in parents.items() if p is not None}, index + 1


def _indicator_row(
    reader: Reader, row: int, columns: dict[int, str], units: list[str]
) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for c, key in columns.items():
        value = reader.grid.text(row, c)
        if not value:
            continue
        if key.startswith("option:"):
            if value.strip() in _MARKS:  # ticked: the option's heading is the answer
                cell = reader.take(row, c)
                item["possibility"] = At(key[7:], cell.ref)
            continue  # anything else in an option column is reported, not guessed
        cell = reader.take(row, c)
        if key.startswith("unit_target:"):
            item.setdefault("unit_targets", [""] * len(units))[int(key[12:])] = cell
        elif key == "met":
            item["met"] = cell in ("是", "达成", "√")
        else:
            item[key] = cell
    notes = " ".join(reader.grid.comments.get((row, c), "") for c in columns)
    if UNCLEAR in notes:  # the cell notes the layout writes (sheets.layout), read back
        item["unclear"] = True
    if INCOMPLETE in notes:
        item["incomplete"] = True
    return item


def indicator_section(cell: At, out: dict[str, Any]) -> None:
    """绩效指标（90分） → indicator_points 90; another name for the section is kept as its title."""
    points = _POINTS_ANY.search(cell)
    title = cell
    if points:
        out["indicator_points"] = At(points.group(1), cell.ref)
        title = At((cell[: points.start()] + cell[points.end() :]).strip(), cell.ref)
    if _bare(title) != "绩效指标" and title:
        out["indicator_title"] = title


def _continue_level(
    reader: Reader, row: int, col: int, groups: list[dict[str, Any]], name: str
) -> bool:
    """Whether the row stays in the last group: its label cell is covered by the group's merged
    cell, left blank, or repeats the label of an unmerged group (sheets made by hand)."""
    value = reader.grid.text(row, col)
    if not groups:
        return False
    if not value:
        return True
    last = groups[-1]
    if value == last["_text"] and not last["_merged"] and reader.span_rows(row, col) == 1:
        reader.take(row, col)
        return True
    return False


def _clean(sub: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sub.items() if k not in ("_text", "_merged") and v != []}


def _level(reader: Reader, row: int, col: int, name: str) -> dict[str, Any]:
    merged = reader.span_rows(row, col) > 1
    cell = reader.take(row, col)
    label, points = cell, None
    match = _POINTS.search(cell)
    if match:
        label, points = At(cell[: match.start()], cell.ref), At(match.group(1), cell.ref)
    data: dict[str, Any] = {name: label, "_text": str(cell), "_merged": merged}
    if points is not None:
        data["points"] = points
    return data
