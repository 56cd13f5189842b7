"""Spreadsheets as grids of displayed text: what a reader of the sheet sees, cell by cell.

A leaf of the spreadsheet stages. Reading keeps each cell's text as the sheet displays it
(`≥85%`, `89.974`, `100.00%`, a date as its number format shows it), because a disclosure
publishes what the form says: a percentage stored as 0.85 under the format `0%` is "85%", and
a figure typed as text stays text. Merged ranges are kept as ranges so that a layout can tell
a label that covers several rows from blank cells.

.xlsx is read with openpyxl and .xls with xlrd (both give merged cells and number formats,
which display_text applies); .ods is read from its XML, which stores each cell's displayed
text. A formula without a saved result is reported, never read as blank.
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
    errors: list[tuple[str, str]] = field(default_factory=list)  # (cell, why it has no value)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)  # cell notes (批注)

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


def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # decoded by Excel, not by openpyxl
MAX_FILE = 50 * 2**20  # the largest workbook read; a form with 10,000 rows is about 2 MB
MAX_UNPACKED = 200 * 2**20


class SheetError(Exception):
    """A workbook that cannot be read at all (the message says why, in Chinese)."""


# ---------------------------------------------------------------- reading
def read_workbook(path: Path) -> list[Grid]:
    """Every sheet of a workbook, hidden ones included (a layout may keep its settings there)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if path.stat().st_size > MAX_FILE:
        raise SheetError(f"{path.name}：文件超过 {MAX_FILE // 2**20} MB，不像一份表格")
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise SheetError(f"{path.name}：文件已损坏（{exc}）") from exc
        if unpacked > MAX_UNPACKED:  # a small file that unpacks to gigabytes (a zip bomb)
            raise SheetError(
                f"{path.name}：解压后超过 {MAX_UNPACKED // 2**20} MB，不像一份表格，未读取"
            )
        if "xl/workbook.xml" in names:
            return _read_xlsx(path)
        if "content.xml" in names:
            return _read_ods(path)  # .ods, and WPS files saved as OpenDocument
        if "xl/workbook.bin" in names:
            raise SheetError(f"{path.name}：.xlsb 格式不支持；请另存为 .xlsx 后再导入")
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .xls, and WPS .et in its binary format
        return _read_xls(path)
    raise SheetError(
        f"{path.name}：不是可读取的表格文件（支持 .xlsx、.xls、.ods，以及按这些格式保存的 .et）"
    )


def _read_xlsx(path: Path) -> list[Grid]:
    import openpyxl  # imported here: only the spreadsheet commands need it

    try:
        book = openpyxl.load_workbook(path)
        formulas = any(
            cell.data_type == "f"
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
        )
        # A formula's value is the result Excel saved with the file; read it if there are any.
        values = openpyxl.load_workbook(path, data_only=True) if formulas else book
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind gets one message
        raise SheetError(f"{path.name}：无法读取（{type(exc).__name__}: {exc}）") from exc
    grids = []
    for sheet, shown in zip(book.worksheets, values.worksheets, strict=True):
        grid = Grid(sheet.title)
        for row in shown.iter_rows():
            for cell in row:
                r, c = (cell.row or 1) - 1, (cell.column or 1) - 1
                if cell.value is None:
                    if formulas and sheet[cell.coordinate].data_type == "f":
                        grid.errors.append(
                            (
                                grid.ref(r, c),
                                f"公式 {sheet[cell.coordinate].value} 没有保存计算结果；"
                                "请在 Excel 或 WPS 中打开、保存后再导入",
                            )
                        )
                    continue
                value = cell.value
                if isinstance(value, str):  # OOXML writes what XML cannot hold as _xHHHH_
                    value = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
                text = display_text(value, cell.number_format or "General")
                if text:
                    grid.cells[(r, c)] = text
                if cell.comment is not None:
                    grid.comments[(r, c)] = cell.comment.text.strip()
        for merged in sheet.merged_cells.ranges:
            span = Span(
                merged.min_row - 1, merged.min_col - 1, merged.max_row - 1, merged.max_col - 1
            )
            grid.spans[(span.top, span.left)] = span
        grids.append(grid)
    return grids


def _read_xls(path: Path) -> list[Grid]:
    """Old Excel (BIFF, also WPS .et saved in that format) with xlrd, number formats included."""
    import xlrd  # type: ignore[import-untyped]  # no stubs; only the import commands need it

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind gets one message
        raise SheetError(
            f"{path.name}：无法读取（{exc}）；请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
        ) from exc
    grids = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        grid = Grid(sheet.name)
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                xf = book.xf_list[cell.xf_index]
                fmt = (
                    book.format_map[xf.format_key].format_str
                    if xf.format_key in book.format_map
                    else "General"
                )
                value: Any = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    grid.errors.append(
                        (grid.ref(r, c), "单元格是错误值（如 #DIV/0!），请改正后再导入")
                    )
                    continue
                text = display_text(value, fmt)
                if text:
                    grid.cells[(r, c)] = text
        for r0, r1, c0, c1 in sheet.merged_cells:
            grid.spans[(r0, c0)] = Span(r0, c0, r1 - 1, c1 - 1)
        grids.append(grid)
    return grids


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_REPEAT_LIMIT = 10_000  # a repeated row or cell with content; more is a damaged or hostile file


def _read_ods(path: Path) -> list[Grid]:
    """OpenDocument spreadsheets (LibreOffice, WPS): each cell's displayed text is in the file."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as archive:
        try:
            root = ET.fromstring(archive.read("content.xml"))
        except (KeyError, ET.ParseError) as exc:
            raise SheetError(f"{path.name}：无法读取（{exc}）") from exc
    t = "{" + _ODS["table"] + "}"
    grids: list[Grid] = []
    for table in root.iter(f"{t}table"):
        grid = Grid(table.get(f"{t}name", f"Sheet{len(grids) + 1}"))
        r = 0
        for row in table.iter(f"{t}table-row"):
            cells = [e for e in row if e.tag in (f"{t}table-cell", f"{t}covered-table-cell")]
            texts = [(e, _ods_text(e)) for e in cells]
            repeat = int(row.get(f"{t}number-rows-repeated", "1"))
            if not any(text for _, text in texts):
                r += repeat
                continue
            for _ in range(min(repeat, _REPEAT_LIMIT)):
                c = 0
                for element, text in texts:
                    times = int(element.get(f"{t}number-columns-repeated", "1"))
                    cols = int(element.get(f"{t}number-columns-spanned", "1"))
                    rows = int(element.get(f"{t}number-rows-spanned", "1"))
                    for k in range(min(times, _REPEAT_LIMIT) if text or cols * rows > 1 else 0):
                        if text:
                            grid.cells[(r, c + k)] = text
                        if cols > 1 or rows > 1:
                            grid.spans[(r, c + k)] = Span(r, c + k, r + rows - 1, c + k + cols - 1)
                    c += times
                r += 1
        grids.append(grid)
    return grids


def _ods_text(cell: Any) -> str:
    """A cell's paragraphs as shown: text:s is a run of spaces, text:tab a tab."""
    n = "{" + _ODS["text"] + "}"

    def flat(element: Any) -> str:
        out = element.text or ""
        for child in element:
            if child.tag == f"{n}s":
                out += " " * int(child.get(f"{n}c", "1"))
            elif child.tag == f"{n}tab":
                out += "\t"
            elif child.tag == f"{n}line-break":
                out += "\n"
            else:
                out += flat(child)
            out += child.tail or ""
        return out

    text = "\n".join(flat(p) for p in cell.iter(f"{n}p"))
    return text if text.strip() else ""


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
