"""What a document's spreadsheet layout cannot show, and how to put it back.

The official layout has no place for a page anchor, a draft flag, PDF options or a revision
log, and it writes some values its own way (a label with its points, 产出指标（50分）). The
workbook keeps the document in a hidden sheet; on import, `complement` compares it with what its
own sheets read as (workbooks before issue 29 carry this difference itself), and `apply` puts
the difference back into what the sheets now say. A restored value is conditional: a cell the
user has since changed in the sheet wins, and an item whose identifying cell changed (rows
inserted or re-ordered) gets nothing from the patch.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import date
from decimal import Decimal
from typing import Any

from site_gen.values import Figure, Value

_IDENTITY = ("name", "level1", "level2", "label", "source", "category", "title", "text")


def input_data(obj: Any) -> Any:
    """A model object as the data a YAML file gives for it: values as written, fields at their
    default left out (so that a document and its re-import compare equal field by field)."""
    if type(obj) in _AS_IS:  # most of a document: its texts
        return obj
    if isinstance(obj, Value):
        return obj.text
    if isinstance(obj, Figure):
        return {"value": obj.text, "unclear": True} if obj.unclear else obj.text
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for name, default in _defaults(type(obj)):
            value = getattr(obj, name)
            if default is not dataclasses.MISSING and value == default:
                continue
            out[name] = input_data(value)
        return out
    if isinstance(obj, tuple | list):
        return [input_data(item) for item in obj]
    if isinstance(obj, bool) or obj is None:
        return obj
    if isinstance(obj, Decimal | int):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    return str(obj)


_AS_IS = frozenset({str, bool, type(None)})


@functools.cache
def _defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's fields in order with their defaults (MISSING when they have none)."""
    return tuple((f.name, f.default) for f in dataclasses.fields(cls))


def canon(value: Any) -> Any:
    """Plain JSON data: cell texts as str, numbers as their text."""
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canon(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    return str(value)


def _identity(item: Any) -> Any:
    if isinstance(item, dict):
        return next((canon(item[k]) for k in _IDENTITY if k in item), None)
    return None


def complement(original: Any, parsed: Any) -> dict[str, Any] | None:
    """The patch that turns `parsed` into `original` (None when they are equal)."""
    if isinstance(original, dict) and isinstance(parsed, dict):
        keys: dict[str, Any] = {}
        for key, value in original.items():
            if key not in parsed:
                keys[key] = {"set": canon(value)}
            else:
                sub = complement(value, parsed[key])
                if sub:
                    keys[key] = sub
        for key in parsed:
            if key not in original:
                keys[key] = {"drop": canon(parsed[key])}
        return {"keys": keys} if keys else None
    if isinstance(original, list) and isinstance(parsed, list) and len(original) == len(parsed):
        items = {}
        for i, (a, b) in enumerate(zip(original, parsed, strict=True)):
            sub = complement(a, b)
            if sub:
                items[str(i)] = sub | {"who": _identity(b)}
        return {"items": items} if items else None
    if canon(original) != canon(parsed):
        return {"was": canon(parsed), "set": canon(original)}
    return None


def apply(parsed: Any, patch: dict[str, Any]) -> Any:
    """`parsed` with the patch put back wherever the sheet still shows what it was made from."""
    if "was" in patch:
        return patch["set"] if canon(parsed) == patch["was"] else parsed
    if "keys" in patch and isinstance(parsed, dict):
        out = dict(parsed)
        for key, sub in patch["keys"].items():
            if "drop" in sub:
                if key in out and canon(out[key]) == sub["drop"]:
                    del out[key]
            elif "set" in sub and "was" not in sub:
                out.setdefault(key, sub["set"])
            elif key in out:
                out[key] = apply(out[key], sub)
            elif "was" in sub and sub["was"] is None:
                out[key] = sub["set"]
        return out
    if "items" in patch and isinstance(parsed, list):
        out_list = list(parsed)
        for index, sub in patch["items"].items():
            i = int(index)
            if i < len(out_list) and _identity(out_list[i]) == sub.get("who"):
                out_list[i] = apply(out_list[i], {k: v for k, v in sub.items() if k != "who"})
        return out_list
    return parsed
