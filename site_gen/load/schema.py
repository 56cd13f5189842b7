"""JSON Schema of the content, generated from the model's type hints (one source of truth).

Editors such as VS Code (YAML extension) use it to check files while they are typed:
add `# yaml-language-server: $schema=../../schema/document.schema.json` at the top of a file.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from site_gen import kinds, model
from site_gen.fieldtypes import type_hints, unwrap
from site_gen.values import Figure, Value


def _type_schema(typ: Any, defs: dict[str, Any]) -> dict[str, Any]:
    typ, meta, optional = unwrap(typ)
    schema = _plain_schema(typ, meta, defs)
    return {"anyOf": [schema, {"type": "null"}]} if optional else schema


def _plain_schema(typ: Any, meta: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(typ)
    if origin is Literal:
        return {"enum": list(typing.get_args(typ))}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(typ)[0], defs)}
    if typ is Figure:
        return {
            "description": "照原表写的数字（如 89.974、100.00%），不适用写 /",
            "anyOf": [
                {"type": "string"},
                {"type": "number"},
                {
                    "type": "object",
                    "properties": {
                        "value": {"type": ["string", "number"]},
                        "unclear": {"type": "boolean"},
                    },
                    "additionalProperties": False,
                },
            ],
        }
    if typ is Value:
        return {
            "type": "string",
            "description": '运算符+数字+单位（如 ">=85%"、"=3个"），或定性值（如 可控）',
        }
    if isinstance(typ, type) and dataclasses.is_dataclass(typ):
        name = typ.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _record_schema(typ, defs)
        return {"$ref": f"#/$defs/{name}"}
    if typ is str:
        schema: dict[str, Any] = {"type": "string"}
        if isinstance(meta, model.Text):
            schema["maxLength"] = meta.max_length
            if meta.pattern:
                schema["pattern"] = f"^(?:{meta.pattern})$"
        return schema
    if typ is bool:
        return {"type": "boolean"}
    if typ in (int, Decimal):
        schema = {"type": "integer" if typ is int else "number"}
        if isinstance(meta, model.Number):
            if meta.minimum is not None:
                schema["minimum"] = int(meta.minimum)
            if meta.maximum is not None:
                schema["maximum"] = int(meta.maximum)
        return schema
    if typ is date:
        return {"type": "string", "format": "date"}
    raise TypeError(f"no schema for {typ!r}")


def _record_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        prop = _type_schema(hints[f.name], defs)
        title = f.metadata.get("zh", "")
        doc = f.metadata.get("doc", "")
        prop = {**prop, "title": title} if title else prop
        if doc:
            prop["description"] = doc
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def document_schema() -> dict[str, Any]:
    """Schema of one content file: any of the document kinds, chosen by `kind`."""
    defs: dict[str, Any] = {}
    variants = [_type_schema(cls, defs) for cls in (model.document_class(k) for k in kinds.names())]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "site_gen 公开文件",
        "description": "content/<年度>/*.yaml 的格式",
        "oneOf": variants,
        "$defs": defs,
    }


def site_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _type_schema(model.SiteConfig, defs)
    top = defs.pop("SiteConfig")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "site_gen 网站配置 site.yaml",
        **top,
        "$defs": defs,
    }
