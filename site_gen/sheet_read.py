"""Grids (sheet_grid) → document data, the shape a YAML file has, each value carrying the cell
it came from. Reads the layout sheet_layout writes and the variants bureaus make of it: blank
rows anywhere, 一级/二级 labels merged, repeated or left blank below their first row, notes
under the table, numbers stored as text, the form's own headings. Every non-empty cell is
either placed or reported (`Problem`): nothing is dropped silently, nothing is made up.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from site_gen.form_tables import BUDGET_TITLES
from site_gen.sheet_grid import Grid
from site_gen.sheet_layout import MET_TITLE, UNCLEAR


class At(str):
    """A cell's text that remembers the cell (`表1!C7`): the YAML names it in a comment."""

    ref: str

    def __new__(cls, value: str, ref: str) -> At:
        obj = super().__new__(cls, value)
        obj.ref = ref
        return obj


@dataclass(frozen=True)
class Problem:
    ref: str  # Sheet!B7
    message: str


_POINTS = re.compile(r"（(\d+(?:\.\d+)?)分）$")
_SIGNATURE = re.compile(r"^([^：:]{1,20})[：:](.*)$", re.S)
_PREFIX = re.compile(r"^(单位|分值)[：:]\s*(.*)$")


class Reader:
    """One sheet's rows, with the cells taken so far (the rest are reported)."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.taken: set[tuple[int, int]] = set()
        by_row: dict[int, list[int]] = {}
        for r, c in grid.cells:
            by_row.setdefault(r, []).append(c)
        # Cells hidden under a merged range, found among the cells that exist (a merge the size
        # of the whole sheet costs no more than the cells in its rows).
        self.covered: set[tuple[int, int]] = set()
        filled = sorted(by_row)
        for s in grid.spans.values():
            for r in filled[
                bisect.bisect_left(filled, s.top) : bisect.bisect_right(filled, s.bottom)
            ]:
                self.covered.update(
                    (r, c)
                    for c in by_row[r]
                    if s.left <= c <= s.right and (r, c) != (s.top, s.left)
                )
        self._anchors = {
            r: sorted(c for c in cols if (r, c) not in self.covered) for r, cols in by_row.items()
        }
        self.rows = sorted(r for r, cols in self._anchors.items() if cols)

    def part(self, rows: list[int]) -> Reader:
        """The same sheet limited to some rows (one of several forms on a sheet); cells taken
        through the part count as taken for the whole sheet."""
        other = Reader.__new__(Reader)
        other.grid, other.taken, other.rows = self.grid, self.taken, rows
        other.covered, other._anchors = self.covered, self._anchors
        return other

    def forms(self) -> list[Reader]:
        """The forms on this sheet: a new one starts at a title row (…绩效自评表) below other
        content, or at a second 项目名称 (several forms printed one after another)."""
        starts = [0]
        named = False
        for i, row in enumerate(self.rows):
            cols = self.anchors(row)
            first = _bare(self.grid.text(row, cols[0]))
            title = len(cols) == 1 and "表" in first and self.span_cols(row, cols[0]) >= 3
            if title and i > starts[-1]:
                starts.append(i)
                named = False
            elif first in _NAME_WORDS and len(cols) >= 2:
                if named and not (starts[-1] == i - 1 and i > 0):
                    starts.append(i)
                named = True
        bounds = [*starts, len(self.rows)]
        return [
            self.part(self.rows[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if b > a
        ]

    def anchors(self, row: int) -> list[int]:
        """Columns of the row's cells that hold text and are not covered by a merge."""
        return self._anchors.get(row, [])

    def header_row(self, is_heading: Callable[[str], object], least: int = 3) -> int | None:
        """The first row with at least `least` cells that are column headings of a table."""
        rows = (
            r
            for r in self.rows
            if sum(1 for c in self.anchors(r) if is_heading(self.grid.text(r, c))) >= least
        )
        return next(rows, None)

    def title_above(self, header: int) -> At | None:
        """The sheet's title: a first row of one cell above the table's header."""
        first = self.rows[0]
        if first < header and len(self.anchors(first)) == 1:
            return self.take(first, self.anchors(first)[0])
        return None

    def take(self, row: int, col: int) -> At:
        self.taken.add((row, col))
        return At(self.grid.text(row, col), self.grid.ref(row, col))

    def span_cols(self, row: int, col: int) -> int:
        span = self.grid.spans.get((row, col))
        return span.right - span.left + 1 if span else 1

    def span_rows(self, row: int, col: int) -> int:
        span = self.grid.spans.get((row, col))
        return span.bottom - span.top + 1 if span else 1

    def leftover(self) -> list[Problem]:
        return [
            Problem(self.grid.ref(r, c), f"“{_short(t)}” 未能归入任何栏目")
            for (r, c), t in sorted(self.grid.cells.items())
            if (r, c) not in self.taken and (r, c) not in self.covered
        ]


_NAME_WORDS = ("项目名称", "部门名称", "单位名称", "部门(单位)名称", "专项名称", "专项资金名称")


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _bare(text: str) -> str:
    """A heading without spaces and full/half-width differences, for matching words."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


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


def read_indicators(reader: Reader, at: int, out: dict[str, Any]) -> int:
    """The header at row `at` and the rows below it; returns the index of the next row."""
    cols = reader.anchors(at)
    headings = {c: reader.take(at, c) for c in cols}
    level_cols = cols[:2]
    titles: dict[str, str] = {}
    columns: dict[int, str] = {}
    units: list[str] = []
    for c in cols[2:]:
        key = indicator_key(headings[c])
        if key is None or key in columns.values():
            columns[c] = f"unit_target:{len(units)}"
            units.append(headings[c])
            continue
        columns[c] = key
        if key in _INDICATOR_DEFAULT and _bare(headings[c]) != _INDICATOR_DEFAULT[key]:
            titles[key] = headings[c]
    if _bare(headings[level_cols[0]]) != "一级指标":
        titles["level1"] = headings[level_cols[0]]
    if len(level_cols) > 1 and _bare(headings[level_cols[1]]) != "二级指标":
        titles["level2"] = headings[level_cols[1]]
    groups: list[dict[str, Any]] = []
    index = reader.rows.index(at) + 1
    while index < len(reader.rows):
        row = reader.rows[index]
        first = _bare(reader.grid.text(row, 0))
        if first.startswith(_STOP) or _SIGNATURE.match(first) and not reader.grid.text(row, 2):
            break
        if reader.span_cols(row, 0) >= 2:  # a section, or a label across the form's level columns
            break
        if not _continue_level(reader, row, level_cols[0], groups, "level1"):
            groups.append(_level(reader, row, level_cols[0], "level1") | {"groups": []})
        if not groups:
            break
        subs = groups[-1]["groups"]
        if len(level_cols) > 1 and not _continue_level(reader, row, level_cols[1], subs, "level2"):
            subs.append(_level(reader, row, level_cols[1], "level2") | {"items": []})
        if not subs:
            break
        item: dict[str, Any] = {}
        for c, key in columns.items():
            value = reader.grid.text(row, c)
            if not value:
                continue
            cell = reader.take(row, c)
            if key.startswith("unit_target:"):
                item.setdefault("unit_targets", [""] * len(units))[int(key[12:])] = cell
            elif key == "met":
                item["met"] = cell in ("是", "达成", "√")
            else:
                item[key] = cell
        if any(UNCLEAR in reader.grid.comments.get((row, c), "") for c in columns):
            item["unclear"] = True
        if item:
            subs[-1]["items"].append({"name": item.pop("name", "")} | item)
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
    out["indicator_columns"] = [
        k for k in columns.values() if not k.startswith("unit_target") and k != "met"
    ]
    return index


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


# ---------------------------------------------------------------- budget tables
_BUDGET_KEYS = (
    ("年初", "initial"),
    ("调整", "adjusted"),
    ("全年预算", "adjusted"),
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
    return len(words) >= 3 and sum(any(w in t for w, _ in _BUDGET_KEYS[:6]) for t in words) >= 2


def read_budget(reader: Reader, at: int, budget: dict[str, Any]) -> int:
    cols = reader.anchors(at)
    source = reader.take(at, cols[0])
    if _bare(source) != "资金来源":
        budget.setdefault("titles", {})["source"] = source
    keys: dict[int, str] = {}
    for c in cols[1:]:
        heading = reader.take(at, c)
        key = next((k for w, k in _BUDGET_KEYS if w in _bare(heading)), None)
        if key is None or key in keys.values():
            return _fail(reader, at, c, "预算表的列名无法识别", budget)
        keys[c] = key
        if _bare(heading) != BUDGET_TITLES[key]:
            budget.setdefault("titles", {})[key] = heading
    budget["columns"] = list(keys.values())
    rows = []
    index = reader.rows.index(at) + 1
    while index < len(reader.rows):
        row = reader.rows[index]
        anchors = reader.anchors(row)
        if not anchors or anchors[0] != cols[0] or reader.span_cols(row, cols[0]) > 1:
            break
        if any(c not in keys and c != cols[0] for c in anchors):
            break
        if any(reader.span_cols(row, c) > 1 or reader.span_rows(row, c) > 1 for c in anchors):
            break  # a merged cell: the form goes on below the table
        entry: dict[str, Any] = {"source": reader.take(row, cols[0])}
        for c, key in keys.items():
            if reader.grid.text(row, c):
                entry[key] = reader.take(row, c)
        rows.append(entry)
        index += 1
    budget["rows"] = rows
    return index


def _fail(reader: Reader, row: int, col: int, message: str, out: dict[str, Any]) -> int:
    out.setdefault("_problems", []).append(Problem(reader.grid.ref(row, col), message))
    return reader.rows.index(row) + 1


def section_extras(reader: Reader, row: int, out: dict[str, Any], unit: str, points: str) -> None:
    """单位：万元 and 分值：10 written beside a section's name."""
    for c in reader.anchors(row)[1:]:
        match = _PREFIX.match(reader.grid.text(row, c))
        if match:
            cell = reader.take(row, c)
            out[unit if match.group(1) == "单位" else points] = At(match.group(2), cell.ref)
