"""Load stage 2a: located YAML nodes → model objects, collecting every problem on the way.

Conversion is driven by the model's type hints, so the dataclasses stay the one schema. Every
value keeps the position of the node it came from, so the rules (validate.py) report there.
Rules registered for a record class run as soon as that record converts, so a broken part of a
file does not hide the rule findings of its other parts.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from site_gen import model
from site_gen.errors import Location, Places, Problem, suggest
from site_gen.fieldtypes import FIGURE, LITERAL, RECORD, SEQUENCE, plan, type_hints
from site_gen.load.yamlsrc import MappingNode, Node, ScalarNode, SequenceNode, location
from site_gen.markdown import precheck as markdown_precheck
from site_gen.values import (
    Value,
    ValueSyntaxError,
    parse_figure,
    parse_value,
)

INVALID: Any = object()  # a value that failed conversion; its problem is already recorded

_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"-?(0|[1-9]\d*)")
_DECIMAL = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Figures in these forms have at most 16 integer digits (yuan) and a few decimals; more is a
# typo, and Decimal arithmetic (28 digits) would fail on it later in the build.
MAX_DIGITS = 20


@functools.cache
def _fields(cls: type) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(cls)}


@dataclass
class Converter:
    """Converts one file's nodes; records problems and the location of every field path."""

    file: str
    problems: list[Problem] = dataclasses.field(default_factory=list)
    # each field path's place as errors.Places packs it (no Location per value: mark_of)
    marks: dict[str, int] = dataclasses.field(default_factory=dict)
    kind: str = ""  # the document kind, for rules that differ by kind
    # True when a field failed and its default stood in: the record was built only so that every
    # other problem of the file is reported in the same run; it must not be published.
    salvaged: bool = False
    # Checks per record class, run as soon as a record converts: (converter, record, path).
    rules: dict[type, Callable[[Converter, Any, str], None]] = dataclasses.field(
        default_factory=dict
    )

    # -------------------------------------------------------------- reporting
    # Three ways to report, by where the problem is and what happens next:
    #   reject    – a YAML node cannot become a value: an error there, the value is INVALID;
    #   error_at  – a rule on converted records fails: an error at the field path;
    #   warn      – a rule finds something worth a look: a warning (silenceable) at the path.
    def reject(
        self,
        node: Node | Location | None,
        path: str,
        message: str,
        expected: str = "",
        hint: str = "",
    ) -> Any:
        where = node if isinstance(node, Location) else location(self.file, node)
        self.problems.append(Problem(where, path, message, expected=expected, hint=hint))
        return INVALID

    def warn(
        self, path: str, message: str, *, check: str, hint: str = "", expected: str = ""
    ) -> None:
        """A warning; `check` names it (see CHECK_CODES) so that a document can silence it."""
        kw = {"expected": expected, "hint": hint, "check": check}
        self.problems.append(Problem(self.where(path), path, message, severity="warning", **kw))

    def error_at(self, path: str, message: str, hint: str = "", expected: str = "") -> None:
        self.problems.append(Problem(self.where(path), path, message, expected=expected, hint=hint))

    def where(self, path: str) -> Location:
        # Walk up the field path ("a.b[2].c" → "a.b[2]" → "a.b" → "a" → "") to a known place.
        while path not in self.marks and path:
            parent = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
            path = parent if parent != path else ""
        return Places.place(self.file, self.marks.get(path, 0))

    # -------------------------------------------------------------- conversion
    def convert(self, node: Node, typ: Any, path: str) -> Any:
        self.marks[path] = Places.mark_of(node.start_mark)
        how, typ, meta, optional = plan(typ)
        if optional and self._is_null(node):
            return None
        if how is LITERAL:
            return self._literal(node, typ, path)
        if how is SEQUENCE:
            return self._sequence(node, typ, path)
        if how is FIGURE:
            return self._figure(node, path)
        if how is RECORD:
            return self.record(node, typ, path)
        if not isinstance(node, ScalarNode):
            return self.reject(
                node, path, "这里应当是单个值，不是列表或多个字段", expected=_describe(typ, meta)
            )
        if typ is str:
            return self._text(node, meta, path)
        if typ is bool:
            return self._bool(node, path)
        if typ is int:
            return self._int(node, meta, path)
        if typ is Decimal:
            return self._decimal(node, meta, path)
        if typ is date:
            return self._date(node, path)
        if typ is Value:
            return self._value(node, path)
        raise TypeError(f"no converter for {typ!r}")  # a programming error, not a content error

    @staticmethod
    def _is_null(node: Node) -> bool:
        return isinstance(node, ScalarNode) and node.style in (None, "") and (node.value in _NULLS)

    def record(self, node: Node, cls: type, path: str, skip: tuple[str, ...] = ()) -> Any:
        """Convert a mapping into dataclass `cls`: unknown, missing and invalid fields reported."""
        prefix = f"{path}." if path else ""
        self.marks[path] = Places.mark_of(node.start_mark)
        if not isinstance(node, MappingNode):
            return self.reject(
                node, path, "这里应当是若干 “字段: 值”", expected=f"{cls.__name__} 的字段", hint=""
            )
        hints = type_hints(cls)
        fields = _fields(cls)
        seen: dict[str, Node] = {}
        values: dict[str, Any] = {}
        ok = True  # False: a required field is missing or failed; the record cannot be built
        salvaged = False  # an optional field failed or a key is unknown: built to check the rest
        for key, value in node.value:
            name = key.value
            if name in seen:
                continue  # duplicate keys were reported by the YAML reader
            seen[name] = key
            if name in skip:
                continue
            if name not in fields:
                choices = list(fields)
                zh_to_name = {str(f.metadata.get("zh")): f.name for f in fields.values()}
                hint = suggest(name, choices)
                if not hint and name in zh_to_name:
                    hint = f"字段名用英文：“{name}” 应写作 “{zh_to_name[name]}”"
                elif node.flow_style and self._is_null(value) and not name.isascii():
                    # {progress: 按进度执行,已使用约40%}: YAML splits a flow mapping at the comma.
                    hint = (
                        "在 {…} 里，英文逗号 , 把文字分成了两个字段：把含逗号的文字加引号，"
                        '例如 {progress: "按进度执行,已使用约40%"}，或改用中文逗号 ，'
                    )
                self.reject(
                    key,
                    f"{prefix}{name}",
                    f"未知字段 “{name}”",
                    expected="、".join(choices),
                    hint=hint,
                )
                salvaged = True
                continue
            converted = self.convert(value, hints[name], f"{prefix}{name}")
            if converted is INVALID:
                f = fields[name]
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    ok = False
                salvaged = True
            else:
                values[name] = converted
        for name, f in fields.items():
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required and name not in seen and name not in skip:
                self.reject(
                    node,
                    f"{prefix}{name}",
                    f"缺少必填字段 “{name}”（{f.metadata.get('zh', name)}）",
                    hint=str(f.metadata.get("doc", "")),
                )
                ok = False
        if not ok:
            return INVALID
        if salvaged:  # the field's default stands in, so that the file's other checks still run
            self.salvaged = True
        record = cls(**values)
        if rule := self.rules.get(cls):
            rule(self, record, path)
        return record

    def _sequence(self, node: Node, item_type: Any, path: str) -> Any:
        if not isinstance(node, SequenceNode):
            if self._is_null(node):
                return ()
            return self.reject(node, path, "这里应当是列表", hint="每一项单独一行，以 “- ” 开头")
        items = [self.convert(item, item_type, f"{path}[{i}]") for i, item in enumerate(node.value)]
        if any(item is INVALID for item in items):
            return INVALID
        return tuple(items)

    def _literal(self, node: Node, choices: tuple[Any, ...], path: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.reject(node, path, "这里应当是单个值", expected="、".join(choices))
        if node.value in choices:
            return node.value
        return self.reject(
            node,
            path,
            f"“{node.value}” 不是允许的值",
            expected="、".join(str(c) for c in choices),
            hint=suggest(node.value, [str(c) for c in choices]),
        )

    def _text(self, node: ScalarNode, meta: model.Text | None, path: str) -> Any:
        text = node.value
        plain = node.style in (None, "")
        if plain and text in _NULLS:
            if meta is not None and meta.blank:
                return ""
            return self.reject(node, path, "不能为空", hint="删除这个字段，或填写内容")
        if plain and text.lower() in _YAML11_BOOLS:
            return self.reject(
                node,
                path,
                f"“{text}” 会被当作是/否，而不是文字",
                hint=f'若是文字请加引号："{text}"',
            )
        if meta is None:
            return text
        if len(text) > meta.max_length:
            return self.reject(
                node,
                path,
                f"内容过长（{len(text)} 字）",
                expected=f"不超过 {meta.max_length} 字",
                hint="拆分内容，或检查是否误粘贴了大量文字",
            )
        if meta.markdown and (problem := markdown_precheck(text)):
            return self.reject(node, path, problem, hint="检查是否误粘贴了大量符号")
        if not meta.markdown and ("\n" in text.strip()) and meta.max_length <= 500:
            return self.reject(node, path, "这里只能写一行文字", hint="删除换行")
        if meta.pattern and not re.fullmatch(meta.pattern, text):
            return self.reject(node, path, f"“{text}” 格式不对", expected=meta.pattern_hint)
        return text

    def _bool(self, node: ScalarNode, path: str) -> Any:
        text = node.value.strip()
        if text in ("true", "是"):
            return True
        if text in ("false", "否"):
            return False
        hint = ""
        if text.lower() in _YAML11_BOOLS or text in ("True", "False", "TRUE", "FALSE"):
            hint = "只用小写的 true 或 false（也可写 是 或 否）；yes/no/on/off 容易误解"
        return self.reject(
            node, path, f"“{text}” 不是是/否值", expected="true 或 false（是 或 否）", hint=hint
        )

    def _bounded(self, node: ScalarNode, path: str, value: Any, meta: Any) -> Any:
        if isinstance(meta, model.Number):
            low, high = meta.minimum, meta.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                span = f"{low if low is not None else ''} 到 {high if high is not None else ''}"
                return self.reject(node, path, f"{value} 超出范围", expected=f"{span} 之间的数")
        return value

    def _int(self, node: ScalarNode, meta: Any, path: str) -> Any:
        text = node.value.strip()
        if len(text) > MAX_DIGITS:
            return self.reject(node, path, f"数字过长（{len(text)} 位）", expected="整数，例如 3")
        if not _INT.fullmatch(text):
            hint = (
                "整数不能以 0 开头（YAML 会把 010 读成八进制）"
                if re.fullmatch(r"0\d+", text)
                else ""
            )
            return self.reject(node, path, f"“{text}” 不是整数", expected="整数，例如 3", hint=hint)
        return self._bounded(node, path, int(text), meta)

    def _decimal(self, node: ScalarNode, meta: Any, path: str) -> Any:
        text = node.value.strip()
        money = isinstance(meta, model.Number) and meta.money
        if not _DECIMAL.fullmatch(text):
            hint = ""
            if money and re.search(r"万|亿|元", text):
                hint = "金额以元为单位，只写数字，例如 7000000"
            elif "%" in text:
                hint = "只写数字，不带 %"
            elif re.fullmatch(r"[\d.]+[eE][+-]?\d+", text):
                hint = "不要用科学计数法，写出完整数字"
            return self.reject(
                node, path, f"“{text}” 不是数字", expected="数字，例如 80 或 63.66", hint=hint
            )
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_DIGITS:
            return self.reject(
                node,
                path,
                f"数字过长（{digits} 位）",
                expected=f"不超过 {MAX_DIGITS} 位数字",
                hint="检查是否多写或误粘贴了数字",
            )
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - excluded by the pattern
            return self.reject(node, path, f"“{text}” 不是数字")
        if money and value.as_tuple().exponent < -2:  # type: ignore[operator]
            return self.reject(
                node, path, f"金额 “{text}” 的小数超过两位", expected="元，至多两位小数（分）"
            )
        return self._bounded(node, path, value, meta)

    def _date(self, node: ScalarNode, path: str) -> Any:
        text = node.value.strip()
        if not _DATE.fullmatch(text):
            return self.reject(
                node, path, f"“{text}” 不是日期", expected="年-月-日，例如 2021-01-01"
            )
        try:
            return date.fromisoformat(text)
        except ValueError:
            return self.reject(
                node, path, f"日期 “{text}” 不存在", expected="真实存在的日期，例如 2021-02-28"
            )

    def _figure(self, node: Node, path: str) -> Any:
        """A cell figure, written plainly (`89.974`, `/`) or as `{value: …, unclear: true}`."""
        unclear = False
        if isinstance(node, MappingNode):
            fields = {k.value: v for k, v in node.value}
            unknown = sorted(set(fields) - {"value", "unclear"})
            if unknown:
                return self.reject(
                    node, path, f"未知字段 “{unknown[0]}”", expected="value、unclear"
                )
            if "unclear" in fields:
                flag = self.convert(fields["unclear"], bool, f"{path}.unclear")
                if flag is INVALID:
                    return INVALID
                unclear = flag
            node = fields.get(
                "value", ScalarNode("tag:yaml.org,2002:str", "", node.start_mark, node.end_mark)
            )
        if not isinstance(node, ScalarNode):
            return self.reject(node, path, "这里应当是单个数字", expected="数字、/ 或空白")
        try:
            return parse_figure(node.value, unclear)
        except ValueSyntaxError as exc:
            return self.reject(
                node,
                path,
                f"“{node.value}” {exc}",
                expected="照原表写的数字（如 89.974、100.00%），不适用写 /，空白则不写",
                hint="单位写在表的 unit 字段里，不写在格子里"
                if re.search(r"[万元亿]", node.value)
                else "",
            )

    def _value(self, node: ScalarNode, path: str) -> Any:
        try:
            return parse_value(node.value)
        except ValueSyntaxError as exc:
            return self.reject(
                node,
                path,
                f"无法识别的指标值 “{node.value}”：{exc}",
                expected='运算符+数字+单位（如 ">=85%"、"=3个"、"<1000 万"），或定性值（如 可控、健全）',
            )


def _describe(typ: Any, meta: Any) -> str:
    if typ is str:
        return "文字"
    if typ is int:
        return "整数"
    if typ is Decimal:
        return "数字"
    if typ is date:
        return "日期，例如 2021-01-01"
    if typ is bool:
        return "true 或 false"
    if typ is Value:
        return '指标值，例如 ">=85%"'
    return str(typ)
