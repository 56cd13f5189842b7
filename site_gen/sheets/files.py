"""Workbook files → grids (sheets.grid): .xlsx (sheets.xlsx_read), .xls through xlrd, .ods
from its XML.

Every reader's cost follows the cells a file really holds, never what it claims: a file over
MAX_FILE, an archive unpacking past MAX_UNPACKED, or more than MAX_CELLS non-empty cells is
refused with a message that names the file (and the cell where reading stopped), and so is a
damaged count such as `table:number-rows-repeated="x"`.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError, iterparse

from site_gen.sheets.grid import (
    MAX_FILE,
    MAX_UNPACKED,
    Grid,
    SheetError,
    Span,
    cell_budget,
    display_text,
)
from site_gen.sheets.xlsx_read import MAX_COL, MAX_ROW, read_xlsx


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
                if unpacked > MAX_UNPACKED:  # a small file that unpacks to gigabytes (a zip bomb)
                    raise SheetError(
                        f"{path.name}：解压后超过 {MAX_UNPACKED // 2**20} MB，不像一份表格，未读取"
                    )
                if "xl/workbook.xml" in names:
                    return read_xlsx(archive, path.name)
                if "content.xml" in names:
                    return _read_ods(archive, path.name)  # .ods, and WPS saving as OpenDocument
                if "xl/workbook.bin" in names:
                    raise SheetError(f"{path.name}：.xlsb 格式不支持；请另存为 .xlsx 后再导入")
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
            raise SheetError(f"{path.name}：文件已损坏（{exc}）") from exc
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .xls, and WPS .et in its binary format
        return _read_xls(path)
    raise SheetError(
        f"{path.name}：不是可读取的表格文件（支持 .xlsx、.xls、.ods，以及按这些格式保存的 .et）"
    )


# ---------------------------------------------------------------- .xls
def _read_xls(path: Path) -> list[Grid]:
    """Old Excel (BIFF, also WPS .et saved in that format) with xlrd, number formats included.
    Rows are read ragged: a row is as long as its last cell, not as the widest row."""
    import xlrd  # type: ignore[import-untyped]  # no stubs; only the import commands need it

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, ragged_rows=True)
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind gets one message
        raise SheetError(
            f"{path.name}：无法读取（{exc}）；请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
        ) from exc
    budget = cell_budget()
    grids = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        grid = Grid(sheet.name)
        for r in range(sheet.nrows):
            for c in range(sheet.row_len(r)):
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
                    with contextlib.suppress(ValueError, OverflowError):  # no calendar date
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
                    _count(budget, grid, r, c)
                    grid.cells[(r, c)] = text
        for r0, r1, c0, c1 in sheet.merged_cells:
            grid.spans[(r0, c0)] = Span(r0, c0, r1 - 1, c1 - 1)
        grids.append(grid)
    return grids


def _count(budget: list[int], grid: Grid, r: int, c: int) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise SheetError(
            f"{grid.ref(r, c)}：表格的非空单元格超过 {cell_budget()[0]:,} 个，"
            "不像一份绩效表格，未读取"
        )


# ---------------------------------------------------------------- .ods
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _read_ods(archive: zipfile.ZipFile, name: str) -> list[Grid]:
    """OpenDocument spreadsheets (LibreOffice, WPS): each cell's displayed text is in the file.
    Repeated rows and cells (LibreOffice writes the blank rest of a sheet as one row repeated a
    million times) cost nothing when blank, and count against MAX_CELLS when they hold text."""
    grids: list[Grid] = []
    budget = cell_budget()
    try:
        with archive.open("content.xml") as stream:
            for table, rows in _ods_tables(stream):
                grid = Grid(table.get(f"{_TABLE}name", f"Sheet{len(grids) + 1}"))
                r = 0
                for row in rows:
                    r = _ods_row(row, r, grid, budget, name)
                grids.append(grid)
    except (KeyError, ParseError) as exc:
        raise SheetError(f"{name}：无法读取（{exc}）") from exc
    return grids


def _ods_tables(stream: IO[bytes]) -> Iterator[tuple[Element, Iterator[Element]]]:
    """Each table with an iterator over its rows; a row is dropped from the tree once read."""
    events = iterparse(stream, events=("start", "end"))
    for event, element in events:
        if event == "start" and element.tag == f"{_TABLE}table":
            yield element, _ods_rows(events, element)


def _ods_rows(events: Iterator[tuple[str, Element]], table: Element) -> Iterator[Element]:
    stack: list[Element] = [table]
    for event, element in events:
        if event == "start":
            stack.append(element)
            continue
        stack.pop()
        if element is table:
            return
        if element.tag == f"{_TABLE}table-row":
            yield element
            if stack:
                stack[-1].remove(element)


def _repeat(element: Element, attribute: str, grid: Grid, r: int, c: int, name: str) -> int:
    raw = element.get(f"{_TABLE}{attribute}", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise SheetError(
            f"{name}：{grid.ref(r, c)} 处的 table:{attribute}=“{raw}” 不是正整数，文件已损坏"
        )
    return int(raw)


def _ods_row(row: Element, r: int, grid: Grid, budget: list[int], name: str) -> int:
    """One table-row element into the grid at row r; returns the next row's index."""
    cells = [e for e in row if e.tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")]
    repeat = _repeat(row, "number-rows-repeated", grid, r, 0, name)
    texts = [(e, _ods_text(e)) for e in cells]
    spanned = any(
        e.get(f"{_TABLE}number-columns-spanned", "1") != "1"
        or e.get(f"{_TABLE}number-rows-spanned", "1") != "1"
        for e in cells
    )
    if not any(text for _, text in texts) and not spanned:
        return r + repeat  # blank rows, however many, cost nothing
    for _ in range(repeat):
        if r >= MAX_ROW:
            raise SheetError(f"{name}：{grid.name} 的行数超出表格的范围，文件已损坏")
        c = 0
        for element, text in texts:
            times = _repeat(element, "number-columns-repeated", grid, r, c, name)
            cols = _repeat(element, "number-columns-spanned", grid, r, c, name)
            rows = _repeat(element, "number-rows-spanned", grid, r, c, name)
            if text or cols * rows > 1:
                if c + times > MAX_COL:
                    raise SheetError(f"{name}：{grid.name} 的列数超出表格的范围，文件已损坏")
                for k in range(times):
                    if text:
                        _count(budget, grid, r, c + k)
                        grid.cells[(r, c + k)] = text
                    if cols > 1 or rows > 1:
                        _count(budget, grid, r, c + k)  # a merge costs like a cell
                        grid.spans[(r, c + k)] = Span(r, c + k, r + rows - 1, c + k + cols - 1)
            c += times
        r += 1
    return r


def _ods_text(cell: Element) -> str:
    """A cell's paragraphs as shown: text:s is a run of spaces, text:tab a tab."""

    def flat(element: Element) -> str:
        out = element.text or ""
        for child in element:
            if child.tag == f"{_TEXT}s":
                count = child.get(f"{_TEXT}c", "1")
                out += " " * min(int(count) if count.isdigit() else 1, 1000)
            elif child.tag == f"{_TEXT}tab":
                out += "\t"
            elif child.tag == f"{_TEXT}line-break":
                out += "\n"
            else:
                out += flat(child)
            out += child.tail or ""
        return out

    text = "\n".join(flat(p) for p in cell.iter(f"{_TEXT}p"))
    return text if text.strip() else ""
