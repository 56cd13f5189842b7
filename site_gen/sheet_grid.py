"""Spreadsheets as grids of displayed text: what a reader of the sheet sees, cell by cell.

A leaf of the spreadsheet stages. Reading keeps each cell's text as the sheet displays it
(`≥85%`, `89.974`, `100.00%`, a date as its number format shows it), because a disclosure
publishes what the form says: a percentage stored as 0.85 under the format `0%` is "85%", and
a figure typed as text stays text. Merged ranges are kept as ranges so that a layout can tell
a label that covers several rows from blank cells.

.xlsx is read with openpyxl (merged cells and number formats); .xls, .ods and .xlsb with
python-calamine, which reads values and merged ranges but not number formats, so numbers from
those files are taken as stored and the import says so (`Grid.notes`).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Span:
    """A merged range, 0-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass
class Grid:
    """One sheet: text by (row, column), 0-based; merged ranges by their top-left cell."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    spans: dict[tuple[int, int], Span] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what reading could not keep exactly

    @property
    def height(self) -> int:
        return max((r for r, _ in self.cells), default=-1) + 1

    @property
    def width(self) -> int:
        return max((c for _, c in self.cells), default=-1) + 1

    def text(self, row: int, col: int) -> str:
        return self.cells.get((row, col), "")

    def ref(self, row: int, col: int) -> str:
        return f"{self.name}!{column_letter(col)}{row + 1}"

    def covered(self, row: int, col: int) -> bool:
        """True for a cell inside a merged range other than its top-left cell."""
        return any(
            s.top <= row <= s.bottom and s.left <= col <= s.right and (row, col) != (s.top, s.left)
            for s in self.spans.values()
        )


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class SheetError(Exception):
    """A workbook that cannot be read at all (the message says why, in Chinese)."""


# ---------------------------------------------------------------- reading
def read_workbook(path: Path) -> list[Grid]:
    """Every sheet of a workbook, hidden ones included (a layout may keep its settings there)."""
    head = path.read_bytes()[:8]
    if head.startswith(b"PK"):
        if _is_xlsx(path):
            return _read_xlsx(path)
        return _read_calamine(path)  # .ods (and WPS .et saved as OpenDocument)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .xls, and WPS .et in its own binary format
        return _read_calamine(path)
    raise SheetError(
        f"{path.name}：不是可读取的表格文件（支持 .xlsx、.xls、.ods、.xlsb，以及按这些格式保存的 .et）"
    )


def _is_xlsx(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return "xl/workbook.xml" in archive.namelist()


def _read_xlsx(path: Path) -> list[Grid]:
    import openpyxl  # imported here: only the spreadsheet commands need it

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind gets one message
        raise SheetError(f"{path.name}：无法读取（{type(exc).__name__}: {exc}）") from exc
    grids = []
    for sheet in book.worksheets:
        grid = Grid(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                text = display_text(cell.value, cell.number_format or "General")
                if text:
                    grid.cells[(cell.row - 1, cell.column - 1)] = text
        for merged in sheet.merged_cells.ranges:
            span = Span(
                merged.min_row - 1, merged.min_col - 1, merged.max_row - 1, merged.max_col - 1
            )
            grid.spans[(span.top, span.left)] = span
        grids.append(grid)
    return grids


def _read_calamine(path: Path) -> list[Grid]:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError as exc:
        raise SheetError(
            f"{path.name}：读取 .xls、.ods 需要 python-calamine（pip install python-calamine）"
        ) from exc
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        raise SheetError(f"{path.name}：无法读取（{exc}）") from exc
    grids = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        grid = Grid(name)
        numbers = 0
        top, left = sheet.start or (0, 0)
        for r, values in enumerate(sheet.to_python(skip_empty_area=False)):
            for c, value in enumerate(values):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    numbers += 1
                text = display_text(value, "General")
                if text:
                    grid.cells[(r + top, c + left)] = text
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
            grid.spans[(r0, c0)] = Span(r0, c0, r1, c1)
        if numbers:
            grid.notes.append(
                f"{name}：{path.suffix} 文件不带数字格式，{numbers} 个数字按存储值导入"
                "（例如 85% 可能存为 0.85），请与原表核对；另存为 .xlsx 可保留显示格式"
            )
        grids.append(grid)
    return grids


# ---------------------------------------------------------------- displayed text
_DECIMALS = re.compile(r"0(?:\.(0+))?")


def display_text(value: Any, number_format: str) -> str:
    """The text a spreadsheet shows for a value under the common number formats of forms."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _date_text(value, number_format)
    if isinstance(value, int | float):
        return _number_text(value, number_format)
    text = str(value).replace("\r\n", "\n")
    return text if text.strip() else ""  # kept as written; a cell of spaces is blank


def _number_text(value: float, number_format: str) -> str:
    fmt = number_format.split(";")[0].replace('"', "").replace("\\", "")
    if fmt in ("General", "@", ""):
        return _general(value)
    percent = fmt.endswith("%")
    core = fmt.rstrip("%")
    grouping = "," in core
    match = _DECIMALS.search(core.replace("#", "").replace(",", ""))
    if not match:
        return _general(value)
    places = len(match.group(1) or "")
    number = Decimal(repr(value)) * (100 if percent else 1)
    text = f"{number:{',' if grouping else ''}.{places}f}"
    return text + ("%" if percent else "")


def _general(value: float) -> str:
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return repr(value)  # the shortest text that reads back as the stored number: 89.974


def _date_text(value: dt.date | dt.time, number_format: str) -> str:
    fmt = number_format.lower().replace('"', "").replace("\\", "")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if "年" in fmt:
        text = f"{value.year}年{value.month}月"
        return text + (f"{value.day}日" if "d" in fmt else "")
    if "/" in fmt:
        return f"{value.year}/{value.month}/{value.day}"
    if isinstance(value, dt.datetime) and (value.hour or value.minute):
        return value.strftime("%Y-%m-%d %H:%M")
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
