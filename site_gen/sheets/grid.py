"""Spreadsheets as grids of displayed text: what a reader of the sheet sees, cell by cell.

A leaf of the spreadsheet stages. Reading keeps each cell's text as the sheet displays it
(`≥85%`, `89.974`, `100.00%`, a date as its number format shows it), because a disclosure
publishes what the form says: a percentage stored as 0.85 under the format `0%` is "85%", and
a figure typed as text stays text. Merged ranges are kept as ranges so that a layout can tell
a label that covers several rows from blank cells.

The file formats are read in sheets.files (and sheets.xlsx_read); this module holds the grid itself
and display_text, the number formats as a spreadsheet applies them.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
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
    # Where each cell stands in the workbook, when this grid is a rearranged view of a sheet
    # (sheets.regions moves section labels aside): messages and the YAML name the real cell.
    origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    # The form section each row belongs to, in a view that found sections (-1: none).
    sections: dict[int, int] = field(default_factory=dict)
    heads: set[int] = field(default_factory=set)  # rows that hold a section's label alone

    @property
    def height(self) -> int:
        return max((r for r, _ in self.cells), default=-1) + 1

    @property
    def width(self) -> int:
        return max((c for _, c in self.cells), default=-1) + 1

    def text(self, row: int, col: int) -> str:
        return self.cells.get((row, col), "")

    def ref(self, row: int, col: int) -> str:
        row, col = self.origin.get((row, col), (row, col))
        return f"{self.name}!{column_letter(col)}{row + 1}"

    def section(self, row: int) -> int:
        return self.sections.get(row, -1)


@functools.lru_cache(maxsize=1024)  # every cell reference of every sheet written or read
@functools.lru_cache(maxsize=1024)  # a workbook names every cell: the same few columns
def column_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


MAX_FILE = 50 * 2**20  # the largest workbook read; a form with 10,000 rows is about 2 MB
MAX_UNPACKED = 200 * 2**20
# Non-empty cells of a workbook: a county's 50 projects are ~15,000; 150,000 read in ~150 MiB.
MAX_CELLS = 150_000


def cell_budget() -> list[int]:
    """A counter of the cells a reader may still keep (a list, so that readers share it)."""
    return [MAX_CELLS]


class SheetError(Exception):
    """A workbook that cannot be read at all (the message says why, in Chinese)."""


# ---------------------------------------------------------------- displayed text
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
    """A number as Excel shows it under a number format: its sections (positive; negative;
    zero), literal text ("万元", \\元, ¥), colour and locale codes ([Red], [$-804]), padding
    (_x, *x), digits after the point (0 always shown, # only when needed), thousands
    separators and percent. Rounding is half away from zero, as Excel rounds."""
    sections = _sections(number_format)
    fmt = sections[0]
    if value < 0 and len(sections) > 1 and sections[1]:
        fmt, value = sections[1], -value  # the section writes its own sign or brackets
    elif value == 0 and len(sections) > 2 and sections[2]:
        fmt = sections[2]
    if fmt.strip() in ("", "@"):
        return _general(value)  # text format: a number typed into it shows as General
    prefix, core, suffix = _parts(fmt)
    if not core:
        return prefix + suffix  # a section of literal text only, such as "—" for zero
    if core.upper().startswith("GENERAL"):
        return prefix + _general(value) + suffix
    percent = "%" in core
    number = Decimal(repr(value)) * (100 if percent else 1)
    if percent:
        core, suffix = core.replace("%", ""), "%" + suffix
    if "E" in core.upper():
        places = len(core.upper().split("E")[0].partition(".")[2])
        return prefix + f"{float(number):.{places}E}" + suffix
    integer, _, fraction = core.partition(".")
    scale = len(integer) - len(integer.rstrip(","))  # a trailing comma counts in thousands
    number /= Decimal(1000) ** scale
    least, most = fraction.count("0"), fraction.count("0") + fraction.count("#")
    rounded = number.quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):{',' if ',' in integer.rstrip(',') else ''}.{most}f}"
    if most > least:  # optional digits: trailing zeros go, down to the required ones
        whole, _, part = text.partition(".")
        part = part[:least] + part[least:].rstrip("0")
        text = whole + ("." + part if part else ("." if fraction.endswith(".") else ""))
    if "0" not in integer and text.startswith("0."):
        text = text[1:]  # #.00 shows .50
    sign = "-" if rounded < 0 else ""
    return prefix + sign + text + suffix


def _sections(number_format: str) -> list[str]:
    """A format's sections, split at semicolons outside quotes."""
    out, current, quoted = [], "", False
    for char in number_format:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            out.append(current)
            current = ""
        else:
            current += char
    return [*out, current]


def _parts(fmt: str) -> tuple[str, str, str]:
    """Literal text before the number, the number's placeholders, literal text after it."""
    before, core, after = "", "", ""
    i = 0
    while i < len(fmt):
        char = fmt[i]
        literal = None
        if char == '"':
            end = fmt.find('"', i + 1)
            end = len(fmt) if end < 0 else end
            literal, i = fmt[i + 1 : end], end + 1
        elif char == "\\" and i + 1 < len(fmt):
            literal, i = fmt[i + 1], i + 2
        elif char in "_*" and i + 1 < len(fmt):
            i += 2  # padding to a character's width, or a fill: nothing of the value
            continue
        elif char == "[":
            end = fmt.find("]", i)
            i = len(fmt) if end < 0 else end + 1
            continue
        elif char in "0#?.,%" or (core and char in "Ee+-" and not after):
            if after:  # a second run of placeholders: not a format of forms, shown plainly
                return "", "", ""
            core += char
            i += 1
            continue
        elif fmt[i:].upper().startswith("GENERAL"):
            core, i = "General", i + 7
            continue
        else:
            literal, i = char, i + 1
        if core:
            after += literal
        else:
            before += literal
    return before, core, after


def _general(value: float) -> str:
    """Excel's General format: integers as they are, other numbers without binary noise
    (a computed 0.30000000000000004 shows 0.3)."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    text = f"{value:.15g}"
    return text if "e" not in text else repr(value)


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
