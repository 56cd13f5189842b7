"""Laid-out sheets (sheets.layout) → an .xlsx file: merged cells, thin borders on the form's
cells, column widths and row heights for the text, A4 print setup fitted to the page width,
cell notes, and a hidden sheet carrying the document as its YAML gives it (sheets.workbook).

Written as SpreadsheetML directly, not with openpyxl: openpyxl took 15–40 ms a workbook (its
style objects and XML writer), which quadrupled a province's build (1,000 documents: 6.8 →
24.7 s); the parts a form needs are few and fixed. A figure cell (sheet.figures) whose text is a
plain number is a number under a format that shows it as written (238.93 → 238.93 under
"0.00", 100.00% → 1 under "0.00%"), so that SUM works in Excel and LibreOffice; every other cell
is text (`inlineStr`): ≥90%, 007, a code. Byte-identical for the same input: no timestamps,
zip entries in a fixed order with a fixed date.
"""

from __future__ import annotations

import functools
import json
import math
import re
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from site_gen.sheets import zip_write
from site_gen.sheets.grid import column_letter
from site_gen.sheets.layout import Sheet

HIDDEN = "site_gen"  # the hidden sheet's name; sheets.workbook looks for it
CELL_LIMIT = 32_767  # Excel's limit on one cell's text
DEFAULT_WIDTH = 8.43  # Excel's default column width, in widths of "0"
LINE_HEIGHT = 15.0  # points per line of 11 pt text
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# Cell formats (styles.xml cellXfs), by role: font, bordered, centred. Index 0 is the default.
_ROLES = ("title", "header", "section", "label", "value", "total", "note")
_FONT = {"title": 1, "header": 2, "section": 2, "total": 3}  # 0: 仿宋 11


_WIDE = re.compile(r"[^\x00-\u2e7f]")  # CJK and other wide characters: two width units


class CellTooLong(ValueError):
    pass


@functools.cache  # a few dozen combinations, asked for every cell
def _xf_index(role: str, centred: bool, number_format: int = -1) -> int:
    """The cell format of a role; `number_format`: the index of a figure's format, -1 for text."""
    per_format = len(_ROLES) * 2
    return 1 + (number_format + 1) * per_format + _ROLES.index(role) * 2 + int(centred)


# A plain number as a form writes it: digits (with thousands commas or none), decimals, a %.
_PLAIN = re.compile(r"(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)")
_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits; a longer figure stays text


def figure_cell(text: str) -> tuple[str, str] | None:
    """A figure's value and the number format that shows it exactly as written, or None when it
    must stay text (007, +3, 1e5, ≥90%, more digits than Excel keeps)."""
    match = _PLAIN.fullmatch(text)
    if match is None:
        return None
    sign, whole, fraction, percent = match.groups()
    digits, fraction = whole.replace(",", ""), fraction or ""
    if (len(digits) > 1 and digits[0] == "0") or len(digits.lstrip("0") + fraction) > _EXCEL_DIGITS:
        return None
    number = Decimal(f"{sign}{digits}.{fraction or 0}") / (100 if percent else 1)
    if number == 0 and sign:
        return None  # -0 would show as 0
    code = ("#,##0" if "," in whole else "0") + ("." + "0" * len(fraction) if fraction else "")
    return format(number.normalize(), "f"), code + percent


def _styles_xml(formats: list[str]) -> str:
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    for number_format in [49, *range(164, 164 + len(formats))]:  # 49: text
        for role in _ROLES:
            for centred in (False, True):
                border = 0 if role in ("title", "note") else 1
                xfs.append(
                    f'<xf numFmtId="{number_format}" fontId="{_FONT.get(role, 0)}" fillId="0" '
                    f'borderId="{border}" xfId="0" applyNumberFormat="1" applyFont="1" '
                    f'applyBorder="1" applyAlignment="1"><alignment '
                    f'horizontal="{"center" if centred else "left"}" vertical="center" '
                    'wrapText="1"/></xf>'
                )
    codes = "".join(
        f"<numFmt numFmtId={quoteattr(str(164 + i))} formatCode={quoteattr(code)}/>"
        for i, code in enumerate(formats)
    )
    side = '<{0} style="thin"><color rgb="FF000000"/></{0}>'
    box = "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
        + (f'<numFmts count="{len(formats)}">{codes}</numFmts>' if formats else "")
        + '<fonts count="4"><font><sz val="11"/><name val="仿宋_GB2312"/></font>'
        '<font><b/><sz val="16"/><name val="方正小标宋简体"/></font>'
        '<font><sz val="11"/><name val="黑体"/></font>'
        '<font><b/><sz val="11"/><name val="仿宋_GB2312"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        f"<border>{box}<diagonal/></border></borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


_INVALID_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


def _text(value: str) -> str:
    """Cell text for XML: characters XML cannot hold written as OOXML's _xHHHH_, and a literal
    `_xHHHH_` protected so that a reader does not decode it."""

    def code(match: re.Match[str]) -> str:
        found = match.group(0)
        return f"_x005F{found}" if found.startswith("_x") else f"_x{ord(found):04X}_"

    return escape(_INVALID_XML.sub(code, value))


def _sheet_xml(sheet: Sheet, comments: bool, formats: dict[str, int]) -> str:
    grid = sheet.grid
    heights = row_heights(sheet)
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, col), role in sorted(sheet.roles.items()):
        value = grid.text(row, col)
        if len(value) > CELL_LIMIT:
            raise CellTooLong(
                f"{grid.ref(row, col)}：文字 {len(value)} 字，超过 Excel 单元格上限 {CELL_LIMIT} 字"
            )
        centred = role in ("title", "header", "section") or (role == "label" and col < 2)
        ref = f"{column_letter(col)}{row + 1}"
        style = _xf_index(role, centred)
        figure = figure_cell(value) if (row, col) in sheet.figures else None
        if figure is not None:
            number, code = figure
            style = _xf_index(role, centred, formats.setdefault(code, len(formats)))
            cell = f'<c r="{ref}" s="{style}"><v>{number}</v></c>'
        elif value:
            cell = f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
        else:
            cell = f'<c r="{ref}" s="{style}"/>'
        by_row.setdefault(row, []).append((col, cell))
    plain = _xf_index("value", False)
    for span in grid.spans.values():  # a merged range's border is drawn by all its cells
        if sheet.roles.get((span.top, span.left)) in ("title", "note"):
            continue
        for r in range(span.top, span.bottom + 1):
            for c in range(span.left, span.right + 1):
                if (r, c) != (span.top, span.left) and (r, c) not in sheet.roles:
                    by_row.setdefault(r, []).append(
                        (c, f'<c r="{column_letter(c)}{r + 1}" s="{plain}"/>')
                    )
    rows = []
    for row in sorted(by_row):
        cells = [xml for _, xml in sorted(by_row[row])]
        height = f' ht="{heights[row]}" customHeight="1"' if row in heights else ""
        rows.append(f'<row r="{row + 1}"{height}>{"".join(cells)}</row>')
    cols = "".join(
        f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>'
        for c, w in sorted(sheet.widths.items())
    )
    merges = [
        f'<mergeCell ref="{column_letter(s.left)}{s.top + 1}:{column_letter(s.right)}{s.bottom + 1}"/>'
        for s in sorted(grid.spans.values(), key=lambda s: (s.top, s.left))
        if s.bottom > s.top or s.right > s.left
    ]
    last = f"{column_letter(max(grid.width, 1) - 1)}{max(grid.height, 1)}"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + f"<sheetData>{''.join(rows)}</sheetData>"
        + (f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>' if merges else "")
        + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        f'<pageSetup paperSize="9" orientation="{"landscape" if sheet.landscape else "portrait"}" '
        'fitToWidth="1" fitToHeight="0"/>'
        + ('<legacyDrawing r:id="rId1"/>' if comments else "")
        + "</worksheet>"
    )


def _comments_xml(notes: dict[tuple[int, int], str]) -> tuple[str, str]:
    """A sheet's cell notes: the comments part, and the VML drawing Excel needs to show them."""
    items = "".join(
        f'<comment ref="{column_letter(c)}{r + 1}" authorId="0"><text><t xml:space="preserve">'
        f"{_text(note)}</t></text></comment>"
        for (r, c), note in sorted(notes.items())
    )
    comments = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{_MAIN}">'
        f"<authors><author>site_gen</author></authors><commentList>{items}</commentList></comments>"
    )
    shapes = "".join(
        f'<v:shape id="_x0000_s{1025 + i}" type="#_x0000_t202" style="position:absolute;'
        'margin-left:60pt;margin-top:2pt;width:108pt;height:40pt;z-index:1;visibility:hidden" '
        'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
        '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
        '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox>'
        '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:AutoFill>False</x:AutoFill><x:Row>{r}</x:Row><x:Column>{c}</x:Column>"
        "</x:ClientData></v:shape>"
        for i, (r, c) in enumerate(sorted(notes))
    )
    vml = (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
        '<o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" '
        'coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/>'
        f"</v:shapetype>{shapes}</xml>"
    )
    return comments, vml


# Parts whose text repeats across workbooks (a few variants each): compressed once a process.
_RECURRING = frozenset(
    [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
    ]
)


def workbook_bytes(sheets: list[Sheet], hidden_data: dict[str, Any] | None = None) -> bytes:
    """The workbook of `sheets`, with `hidden_data` as JSON in a hidden sheet's column A (a
    cell holds at most 32,767 characters in Excel)."""
    parts: list[tuple[str, str]] = []
    overrides = [
        ("/xl/workbook.xml", f"{_CT}.sheet.main+xml"),
        ("/xl/styles.xml", f"{_CT}.styles+xml"),
    ]
    entries, names = [], []
    all_sheets = list(sheets)
    if hidden_data:
        from site_gen.sheets.grid import Grid

        blob = json.dumps(hidden_data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        hidden = Sheet(Grid(HIDDEN), hidden=True)
        for i in range(0, len(blob), 30_000):
            hidden.grid.cells[(i // 30_000, 0)] = blob[i : i + 30_000]
            hidden.roles[(i // 30_000, 0)] = "note"
        all_sheets.append(hidden)
    formats: dict[str, int] = {}  # number format code → its index, in order of first use
    for n, sheet in enumerate(all_sheets, start=1):
        notes = sheet.grid.comments
        parts.append((f"xl/worksheets/sheet{n}.xml", _sheet_xml(sheet, bool(notes), formats)))
        overrides.append((f"/xl/worksheets/sheet{n}.xml", f"{_CT}.worksheet+xml"))
        if notes:
            comments, vml = _comments_xml(notes)
            parts.append((f"xl/comments{n}.xml", comments))
            parts.append((f"xl/drawings/vmlDrawing{n}.vml", vml))
            overrides.append((f"/xl/comments{n}.xml", f"{_CT}.comments+xml"))
            parts.append(
                (
                    f"xl/worksheets/_rels/sheet{n}.xml.rels",
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
                    f'<Relationship Id="rId1" Type="{_REL}/vmlDrawing" Target="../drawings/vmlDrawing{n}.vml"/>'
                    f'<Relationship Id="rId2" Type="{_REL}/comments" Target="../comments{n}.xml"/>'
                    "</Relationships>",
                )
            )
        state = ' state="hidden"' if sheet.hidden else ""
        entries.append(
            f'<sheet name={quoteattr(sheet.grid.name)} sheetId="{n}"{state} r:id="rId{n}"/>'
        )
        if not sheet.hidden and sheet.grid.height:
            area = f"$A$1:${column_letter(max(sheet.grid.width, 1) - 1)}${sheet.grid.height}"
            target = "'" + sheet.grid.name.replace("'", "''") + "'!" + area
            names.append(
                f'<definedName name="_xlnm.Print_Area" localSheetId="{n - 1}">'
                f"{escape(target)}</definedName>"
            )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(all_sheets) + 1)
    )
    rels += (
        f'<Relationship Id="rId{len(all_sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{''.join(entries)}</sheets>"
        + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
        + "</workbook>"
    )
    types = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
        f"{types}</Types>"
    )
    package = [
        ("[Content_Types].xml", content_types),
        (
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        ),
        ("xl/workbook.xml", workbook),
        (
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">{rels}</Relationships>',
        ),
        ("xl/styles.xml", _styles_xml(list(formats))),
        *parts,
    ]
    return zip_write.archive([(name, text.encode("utf-8")) for name, text in package], _RECURRING)


def row_heights(sheet: Sheet) -> dict[int, float]:
    """Each row's height in points, from its wrapped text: neither Excel nor WPS grows a row for
    a merged cell's text, so a long 偏差原因 or 年度目标 would be cut off on screen and on paper.
    Widths count a CJK character as two of Excel's width units (one "0")."""
    if sheet.hidden:
        return {}
    lines: dict[int, float] = {}
    widths, spans, roles = sheet.widths, sheet.grid.spans, sheet.roles
    for (row, col), value in sheet.grid.cells.items():
        span = spans.get((row, col))
        if span is None:
            bottom, width = row, widths.get(col, DEFAULT_WIDTH) - 1
        else:
            bottom = span.bottom
            width = sum(widths.get(c, DEFAULT_WIDTH) for c in range(col, span.right + 1)) - 1
        size = 16 / 11 if roles.get((row, col)) == "title" else 1.0
        if 2 * len(value) <= width and "\n" not in value:
            if size == 1.0:
                continue  # one line even if every character is wide: the default height
            needed = 1
        else:
            needed = sum(
                max(1, math.ceil((len(line) + len(_WIDE.findall(line))) / max(width, 1)))
                for line in value.split("\n")
            )
        per_row = needed * size / (bottom - row + 1)
        for r in range(row, bottom + 1):
            lines[r] = max(lines.get(r, 1.0), per_row)
    # Excel's tallest row is 409 pt; a longer text scrolls inside its cell.
    return {r: min(409.0, round(n * LINE_HEIGHT, 1)) for r, n in lines.items() if n > 1}
