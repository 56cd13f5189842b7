"""Machine-readable copies of a document: JSON (the validated model) and CSV (UTF-8 with BOM
so that Excel opens it correctly). Pure functions.

The CSV of a list (目标完成情况, 进度情况表, a time series) is its table, one row per target,
row or period. The CSV of a form-based document (the standard forms, 项目支出绩效目标表) is
long: one line per cell of every part of every form (tables.export_tables), since its tables differ.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, cast

import orjson

from site_gen import kinds, model
from site_gen.tables import export_tables
from site_gen.values import Figure, Value


class KindPart(Protocol):
    """What the open data asks of a kind (site_gen/kinds/<family>/tables.py)."""

    def document_rows(self, entry: model.Entry) -> tuple[list[str], list[list[str]]]: ...


def to_data(obj: Any) -> Any:
    """Model objects → JSON-ready data. Decimals become strings so no figure is rounded."""
    if type(obj) in _AS_IS:  # most of a document: its texts
        return obj
    if isinstance(obj, Value):
        return obj.text
    if isinstance(obj, Figure):  # as written: "89.974", "100.00%", "/"
        return {"text": obj.text, "unclear": True} if obj.unclear else obj.text
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {name: to_data(getattr(obj, name)) for name in field_names(type(obj))}
    if isinstance(obj, tuple | list):
        return [to_data(item) for item in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


_AS_IS = frozenset({str, int, bool, type(None)})


@functools.cache
def field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's fields in order (dataclasses.fields builds a new tuple on every call)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def document_json(entry: model.Entry) -> str:
    data = to_data(entry.doc)
    data = {"year": entry.year, **{k: v for k, v in data.items() if k != "year"}}
    data["publisher"] = entry.publisher.name
    return json_text(data)


def json_text(data: Any) -> str:
    """JSON as json.dumps(ensure_ascii=False, indent=2) writes it, byte for byte, through
    orjson's encoder: Python's own falls back to its pure-Python encoder whenever it indents,
    and that was a tenth of a build (issue 29). A value orjson refuses (an integer over 64
    bits, a lone surrogate) goes through the standard encoder, with the same result."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def marks(doc: model.Document, row_incomplete: bool) -> str:
    """The 标注 cell of a list row: the row cut off in the source, or the whole source."""
    marks = [export_tables.INCOMPLETE] if row_incomplete else []
    if doc.incomplete:
        marks.append(f"原件不完整：{doc.incomplete}")
    return "；".join(marks)


def document_csv(entry: model.Entry) -> bytes:
    header, rows = cast(KindPart, kinds.part(entry.kind, "tables")).document_rows(entry)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in header])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_FORMULA_FIRST = frozenset("=+-@\t\r")  # a cell's first character (a set: every cell asks)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?")


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet cannot run (OWASP, CSV injection): text starting with
    = + - @, a tab or a carriage return gets a leading apostrophe, so `=3个` or
    `=HYPERLINK(…)` opens as text. A plain signed number (-5.5, +3%) is left as it is. The JSON
    keeps every text exactly; the .xlsx stores text as text, so it needs no such mark."""
    text = value if type(value) is str else "" if value is None else str(value)
    if text[:1] in _FORMULA_FIRST and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
