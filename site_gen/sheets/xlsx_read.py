""".xlsx → grids of displayed text, streamed from the file's XML (a leaf of the spreadsheet stages).

openpyxl is not used for reading because its cost follows what a sheet *claims*, not what it
holds: it walks the sheet's declared dimension (one stray cell at XFD1048576 makes a 30 KB file
take minutes and gigabytes) and makes an object for every cell under a merged range (a merge
over the whole sheet exhausts memory). Here every sheet is read with iterparse, each row is
dropped as soon as it is read, and only cells that exist are kept, so time and memory follow
the real cells; a workbook with more than MAX_CELLS of them is refused with a message.

What is read: shared and inline strings (phonetic runs left out, `_xHHHH_` decoded as Excel
shows it), numbers under their number format (builtin and custom, via display_text), dates in
the 1900 and 1904 systems, booleans, the result a formula was saved with (a formula without
one, and an error value such as #DIV/0!, are reported), merged ranges and cell notes (批注).
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element, iterparse

from site_gen.sheets.grid import Grid, SheetError, Span, cell_budget, display_text

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # decoded by Excel when it shows the text
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's own limits: a reference past them is damage


def read_xlsx(archive: zipfile.ZipFile, name: str) -> list[Grid]:
    try:
        return _read(archive)
    except (KeyError, SyntaxError, ValueError) as exc:  # ParseError is a SyntaxError
        raise SheetError(f"{name}：无法读取（{type(exc).__name__}: {exc}）") from exc


def _read(archive: zipfile.ZipFile) -> list[Grid]:
    names = set(archive.namelist())
    workbook = _tree(archive, "xl/workbook.xml")
    targets = _relations(archive, "xl/workbook.xml", names)
    props = workbook.find(f"{_MAIN}workbookPr")
    epoch_1904 = props is not None and props.get("date1904", "0") in ("1", "true")
    strings = _shared_strings(archive, names)
    formats = _number_formats(archive, names)
    budget = cell_budget()
    grids: list[Grid] = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id", ""), "")
        if target not in names:
            continue  # a chart sheet or a dangling entry: no cells to read
        grid = Grid(sheet.get("name", f"Sheet{len(grids) + 1}"))
        with archive.open(target) as stream:
            _read_sheet(stream, grid, strings, formats, epoch_1904, budget)
        _read_comments(archive, target, names, grid)
        grids.append(grid)
    return grids


def _tree(archive: zipfile.ZipFile, member: str) -> Element:
    with archive.open(member) as stream:
        for _event, element in iterparse(stream, events=("end",)):
            root = element
        return root


def _relations(archive: zipfile.ZipFile, part: str, names: set[str]) -> dict[str, str]:
    """A part's relationships: id → member name inside the archive."""
    folder, base = posixpath.split(part)
    rels = f"{folder}/_rels/{base}.rels"
    if rels not in names:
        return {}
    out = {}
    for rel in _tree(archive, rels).iter(f"{_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = posixpath.normpath(member)
    return out


def _text(element: Element) -> str:
    """A string item's text: its runs in order, phonetic guides (rPh) left out."""
    out = []
    for child in element:
        if child.tag == f"{_MAIN}t":
            out.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            out += [t.text or "" for t in child.iter(f"{_MAIN}t")]
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), "".join(out))


def _shared_strings(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    member = "xl/sharedStrings.xml"
    if member not in names:
        return []
    strings = []
    with archive.open(member) as stream:
        for _event, element in iterparse(stream, events=("end",)):
            if element.tag == f"{_MAIN}si":
                strings.append(_text(element))
                element.clear()
    return strings


def _number_formats(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The number format of each cell style (the cell's `s` attribute indexes this list)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS  # the table Excel itself defines

    if "xl/styles.xml" not in names:
        return []
    root = _tree(archive, "xl/styles.xml")
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "General")
        for f in root.iter(f"{_MAIN}numFmt")
    }
    xfs = root.find(f"{_MAIN}cellXfs")
    out = []
    for xf in xfs if xfs is not None else []:
        number = int(xf.get("numFmtId", "0"))
        out.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
    return out


def _position(ref: str, last: tuple[int, int], row: int | None) -> tuple[int, int]:
    """A cell's 0-based (row, column) from its A1 reference, or after the previous cell."""
    if not ref:
        r = (row - 1) if row is not None else last[0]
        return r, last[1] + 1 if r == last[0] else 0
    match = _REF.match(ref)
    if not match:
        raise ValueError(f"单元格地址 {ref!r} 无效")
    col = 0
    for letter in match.group(1):
        col = col * 26 + ord(letter) - 64
    r, c = int(match.group(2)), col
    if not (1 <= r <= MAX_ROW and 1 <= c <= MAX_COL):
        raise ValueError(f"单元格地址 {ref} 超出 Excel 的范围")
    return r - 1, c - 1


def _span(ref: str) -> Span | None:
    if ":" not in ref:
        return None
    first, last = ref.split(":", 1)
    top, left = _position(first, (0, -1), None)
    bottom, right = _position(last, (0, -1), None)
    return Span(min(top, bottom), min(left, right), max(top, bottom), max(left, right))


def _rows(stream: IO[bytes]) -> Iterator[Element]:
    """The sheet's row elements, then its mergeCell elements; each row is dropped from the tree
    once read, so memory holds one row at a time."""
    parent: Element | None = None
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "start":
            if element.tag == f"{_MAIN}sheetData":
                parent = element
            continue
        if element.tag == f"{_MAIN}row":
            yield element
            if parent is not None:
                parent.remove(element)
        elif element.tag == f"{_MAIN}mergeCell":
            yield element


def _read_sheet(
    stream: IO[bytes],
    grid: Grid,
    strings: list[str],
    formats: list[str],
    epoch_1904: bool,
    budget: list[int],
) -> None:
    from openpyxl.styles.numbers import is_date_format
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    epoch = CALENDAR_MAC_1904 if epoch_1904 else CALENDAR_WINDOWS_1900
    last = (0, -1)
    for element in _rows(stream):
        if element.tag == f"{_MAIN}mergeCell":
            span = _span(element.get("ref", ""))
            if span is not None:
                grid.spans[(span.top, span.left)] = span
            continue
        number = element.get("r")
        row = int(number) if number and number.isdigit() else None
        if row is not None:
            last = (row - 1, -1)
        for cell in element.iter(f"{_MAIN}c"):
            last = r, c = _position(cell.get("r", ""), last, row)
            value = _value(cell, strings, grid, (r, c))
            if value is None:
                continue
            fmt = _format(cell, formats)
            if type(value) in (int, float) and is_date_format(fmt):
                # a serial no calendar has stays the number it is
                with contextlib.suppress(ValueError, OverflowError):
                    value = from_excel(value, epoch)
            text = display_text(value, fmt)
            if text:
                budget[0] -= 1
                if budget[0] < 0:
                    raise SheetError(
                        f"{grid.ref(r, c)}：表格的非空单元格超过 {cell_budget()[0]:,} 个，"
                        "不像一份绩效表格，未读取"
                    )
                grid.cells[(r, c)] = text


def _format(cell: Element, formats: list[str]) -> str:
    style = cell.get("s", "0")
    index = int(style) if style.isdigit() else 0
    return formats[index] if index < len(formats) else "General"


def _value(cell: Element, strings: list[str], grid: Grid, at: tuple[int, int]) -> Any:
    """The value a cell was saved with; None for an empty one (errors are recorded)."""
    kind = cell.get("t", "n")
    formula = cell.find(f"{_MAIN}f")
    raw = cell.find(f"{_MAIN}v")
    text = raw.text if raw is not None else None
    if kind == "inlineStr":
        inline = cell.find(f"{_MAIN}is")
        return _text(inline) if inline is not None else None
    if text is None:
        if formula is not None and (formula.text or formula.get("t") == "shared"):
            grid.errors.append(
                (
                    grid.ref(*at),
                    f"公式 ={formula.text or '（共享公式）'} 没有保存计算结果；"
                    "请在 Excel 或 WPS 中打开、保存后再导入",
                )
            )
        return None
    if kind == "s":
        index = int(text)
        if not 0 <= index < len(strings):
            raise ValueError(f"{grid.ref(*at)} 引用了不存在的共享字符串 {index}")
        return strings[index]
    if kind in ("str", "d"):
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "e":
        grid.errors.append((grid.ref(*at), f"单元格是错误值 {text}，请改正后再导入"))
        return None
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _read_comments(archive: zipfile.ZipFile, sheet: str, names: set[str], grid: Grid) -> None:
    for target in _relations(archive, sheet, names).values():
        # Excel names the part commentsN.xml, openpyxl comments/commentN.xml
        if "comment" not in posixpath.basename(target) or target not in names:
            continue
        for comment in _tree(archive, target).iter(f"{_MAIN}comment"):
            body = comment.find(f"{_MAIN}text")
            if body is None:
                continue
            r, c = _position(comment.get("ref", ""), (0, -1), None)
            grid.comments[(r, c)] = _text(body).strip()
