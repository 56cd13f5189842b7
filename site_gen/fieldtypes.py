"""Field types of the content model: scalar kinds with their limits, and `spec` for field metadata.

A leaf module (only `values` below it). The model (model.py) and its reusable blocks
(blocks.py) are written with these; conversion and the JSON Schema read them.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from site_gen.values import Figure, Value


# ---------------------------------------------------------------- scalar kinds (type markers)
@dataclass(frozen=True)
class Text:
    """A text field. `markdown` fields are rendered (and sanitised); others are plain text.

    `blank` fields accept an empty value: a cell the source form left empty stays empty.
    """

    max_length: int = 500
    markdown: bool = False
    pattern: str = ""
    pattern_hint: str = ""
    blank: bool = False


@dataclass(frozen=True)
class Number:
    """A decimal field with bounds; `money` means yuan with at most two decimals."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    money: bool = False


Line = Annotated[str, Text(max_length=500)]
LongLine = Annotated[str, Text(max_length=5_000)]
Markdown = Annotated[str, Text(max_length=50_000, markdown=True)]
Slug = Annotated[
    str,
    Text(
        max_length=80,
        pattern=r"[a-z0-9][a-z0-9-]*",
        pattern_hint="只用小写英文字母、数字和连字符（-），以字母或数字开头，例如 qingdao-2020",
    ),
]
Url = Annotated[
    str,
    Text(
        max_length=2_000,
        pattern=r"(https?://[^\s<>\"']+|/[^\s<>\"']*)",
        pattern_hint="以 http://、https:// 或 / 开头的网址",
    ),
]
YearMonth = Annotated[
    str,
    Text(max_length=7, pattern=r"\d{4}-(0[1-9]|1[0-2])", pattern_hint="年-月，例如 2018-12"),
]
MonthDay = Annotated[
    str,
    Text(
        max_length=5,
        pattern=r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])",
        pattern_hint="月-日，例如 06-30",
    ),
]
Money = Annotated[Decimal, Number(minimum=Decimal(0), money=True)]
Percent = Annotated[Decimal, Number(minimum=Decimal(0), maximum=Decimal(100))]
Score = Annotated[Decimal, Number(minimum=Decimal(0), maximum=Decimal(100))]
Year = Annotated[int, Number(minimum=Decimal(1949), maximum=Decimal(2100))]
Positive = Annotated[int, Number(minimum=Decimal(1), maximum=Decimal(9999))]
Count = Annotated[int, Number(minimum=Decimal(0), maximum=Decimal(999_999))]
# A progress figure as the source states it: may exceed 100 (超额完成) or fall below 0 (下降).
Progress = Annotated[Decimal, Number(minimum=Decimal(-100_000), maximum=Decimal(100_000))]
# A short word from a vocabulary that a document may extend (statuses, 完成目标可能性).
Word = Annotated[str, Text(max_length=20)]


def spec(zh: str, doc: str = "", **kwargs: Any) -> Any:
    """A dataclass field with its Chinese name and help text (shown in errors and the schema).

    Typed `Any` like `dataclasses.field` itself, so that a field reads as its value's type.
    """
    return dataclasses.field(metadata={"zh": zh, "doc": doc}, **kwargs)


# A table cell: one line or a short paragraph, and may be empty exactly as in the source.
Cell = Annotated[str, Text(max_length=5_000, blank=True)]


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    """A model class's field types. Resolving string annotations is costly and the model classes
    never change, so once per class (conversion, the schema and the diff all ask)."""
    return typing.get_type_hints(cls, include_extras=True)


def unwrap(typ: Any) -> tuple[Any, Any, bool]:
    """A field type as (type, limits, optional): `Annotated[...]` and `X | None` peeled off.

    The one place that reads the model's type hints apart; conversion (convert.py) and the JSON
    Schema (schema.py) both walk the model through it.
    """
    optional = False
    if typing.get_origin(typ) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(typ) if a is not type(None)]
        typ, optional = options[0], True
    meta: Any = None
    if typing.get_origin(typ) is typing.Annotated:
        typ, meta = typing.get_args(typ)[0], typing.get_args(typ)[1]
    return typ, meta, optional


LITERAL, SEQUENCE, FIGURE, RECORD, SCALAR = "literal", "sequence", "figure", "record", "scalar"


_PLANS: dict[int, tuple[Any, tuple[str, Any, Any, bool]]] = {}  # by id: the type, its plan


def plan(typ: Any) -> tuple[str, Any, Any, bool]:
    """How a field type converts, as (how, type or its arguments, limits, optional): worked out
    once per type, since reading type hints apart (typing.get_origin, get_args) for every value
    was a fifth of loading a document. Kept by identity (the model's type hints are made once,
    by type_hints), with the type itself so that its id is never another's: hashing an
    Annotated type costs as much as reading it apart."""
    kept = _PLANS.get(id(typ))
    if kept is None or kept[0] is not typ:
        kept = _PLANS[id(typ)] = (typ, _plan_of(typ))
    return kept[1]


def _plan_of(typ: Any) -> tuple[str, Any, Any, bool]:
    typ, meta, optional = unwrap(typ)
    origin = typing.get_origin(typ)
    if origin is Literal:
        return LITERAL, typing.get_args(typ), meta, optional
    if origin is tuple:
        return SEQUENCE, typing.get_args(typ)[0], meta, optional
    if typ is Figure:
        return FIGURE, typ, meta, optional
    if isinstance(typ, type) and dataclasses.is_dataclass(typ) and typ is not Value:
        return RECORD, typ, meta, optional
    return SCALAR, typ, meta, optional
