"""Laid-out sheets (sheet_layout) → an .xlsx file: merged cells, thin borders on the form's
cells, column widths, wrapped text, A4 print setup with the header rows repeated, and a hidden
sheet carrying what the layout cannot show (sheet_patch). Byte-identical for the same input:
openpyxl stamps the save time into docProps/core.xml and into every zip entry, so both are
rewritten with a fixed time.
"""

from __future__ import annotations

import copy
import io
import json
import math
import re
import zipfile
from typing import Any

from site_gen.sheet_grid import column_letter
from site_gen.sheet_layout import Sheet

HIDDEN = "site_gen"  # the hidden sheet's name; sheet_read looks for it
CELL_LIMIT = 32_767  # Excel's limit on one cell's text
_STAMP = "2000-01-01T00:00:00Z"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)
DEFAULT_WIDTH = 8.43  # Excel's default column width, in widths of "0"
LINE_HEIGHT = 15.0  # points per line of 11 pt text


class CellTooLong(ValueError):
    pass


def workbook_bytes(sheets: list[Sheet], patch: dict[str, Any] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    styles = _styles(book)
    for sheet in sheets:
        ws = book.create_sheet(sheet.grid.name)
        grid = sheet.grid
        for (row, col), role in sorted(sheet.roles.items()):
            value = grid.text(row, col)
            if len(value) > CELL_LIMIT:
                raise CellTooLong(
                    f"{grid.ref(row, col)}：文字 {len(value)} 字，超过 Excel 单元格上限 {CELL_LIMIT} 字"
                )
            cell = ws.cell(row=row + 1, column=col + 1, value=value or None)
            cell.data_type = "s"  # text as written: "89.974" must not become a number
            centred = role in ("title", "header", "section") or (role == "label" and col < 2)
            _style(cell, styles, (role, centred))
        for span in sorted(grid.spans.values(), key=lambda s: (s.top, s.left)):
            if span.bottom > span.top or span.right > span.left:
                role = sheet.roles.get((span.top, span.left), "value")
                if role not in ("title", "note"):  # a merged range's border is its cells'
                    for r in range(span.top, span.bottom + 1):
                        for c in range(span.left, span.right + 1):
                            if (r, c) != (span.top, span.left):
                                _style(ws.cell(row=r + 1, column=c + 1), styles, ("value", False))
                # Added to the list directly: merge_cells() re-styles every edge cell itself,
                # which took most of a large workbook's time; the borders are set above.
                ws.merged_cells.add(
                    CellRange(
                        min_row=span.top + 1,
                        min_col=span.left + 1,
                        max_row=span.bottom + 1,
                        max_col=span.right + 1,
                    )
                )
        for (row, col), note in sorted(grid.comments.items()):
            ws.cell(row=row + 1, column=col + 1).comment = Comment(note, "site_gen")
        for row, height in sorted(row_heights(sheet).items()):
            ws.row_dimensions[row + 1].height = height
        for col, width in sorted(sheet.widths.items()):
            ws.column_dimensions[column_letter(col)].width = width
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        if grid.height:
            ws.print_area = f"A1:{column_letter(max(grid.width, 1) - 1)}{grid.height}"
        if sheet.hidden:
            ws.sheet_state = "hidden"
    if patch:
        ws = book.create_sheet(HIDDEN)
        ws.sheet_state = "hidden"
        blob = json.dumps(patch, ensure_ascii=False, sort_keys=True)
        for i in range(0, len(blob), 30_000):
            ws.cell(row=i // 30_000 + 1, column=1, value=blob[i : i + 30_000]).data_type = "s"
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_times(raw.getvalue())


def row_heights(sheet: Sheet) -> dict[int, float]:
    """Each row's height in points, from its wrapped text: neither Excel nor WPS grows a row for
    a merged cell's text, so a long 偏差原因 or 年度目标 would be cut off on screen and on paper.
    Widths count a CJK character as two of Excel's width units (one "0")."""
    lines: dict[int, float] = {}
    for (row, col), value in sheet.grid.cells.items():
        span = sheet.grid.spans.get((row, col))
        right, bottom = (span.right, span.bottom) if span else (col, row)
        width = sum(sheet.widths.get(c, DEFAULT_WIDTH) for c in range(col, right + 1)) - 1
        needed = sum(
            max(1, math.ceil(sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) / max(width, 1)))
            for line in value.split("\n")
        )
        size = 16 / 11 if sheet.roles.get((row, col)) == "title" else 1.0
        per_row = needed * size / (bottom - row + 1)
        for r in range(row, bottom + 1):
            lines[r] = max(lines.get(r, 1.0), per_row)
    return {r: round(n * LINE_HEIGHT, 1) for r, n in lines.items() if n > 1}


def _style(cell: Any, styles: dict[Any, Any], key: tuple[str, bool]) -> None:
    """A named style on a cell; after its first use, by copying the first cell's style ids
    (assigning a named style looks it up among all styles each time)."""
    ids = styles.get(("ids", key))
    if ids is None:
        cell.style = styles[key]
        styles[("ids", key)] = copy.copy(cell._style)
    else:
        cell._style = copy.copy(ids)


def _styles(book: Any) -> dict[Any, Any]:
    """One named style per role and alignment, registered once: setting font, border and
    alignment cell by cell cost openpyxl most of a workbook's time (hashing style objects)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fonts = {
        "title": Font(name="方正小标宋简体", size=16, bold=True),
        "header": Font(name="黑体", size=11),
        "section": Font(name="黑体", size=11),
        "total": Font(name="仿宋_GB2312", size=11, bold=True),
    }
    names: dict[Any, Any] = {}
    for role in ("title", "header", "section", "label", "value", "total", "note"):
        for centred in (False, True):
            name = f"site_gen {role}{' centred' if centred else ''}"
            style = NamedStyle(name=name)
            style.font = fonts.get(role, Font(name="仿宋_GB2312", size=11))
            style.number_format = "@"
            style.alignment = Alignment(
                horizontal="center" if centred else "left", vertical="center", wrap_text=True
            )
            if role not in ("title", "note"):
                style.border = box
            book.add_named_style(style)
            names[(role, centred)] = name
    return names


def _fixed_times(data: bytes) -> bytes:
    """The same archive with the save time taken out, entries in their original order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + _STAMP.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
