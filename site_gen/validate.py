"""Load stage 2: located YAML nodes → model objects, collecting every problem on the way.

Conversion is driven by the model's type hints, so the dataclasses stay the one schema. Every
value keeps the position of the node it came from; cross-field checks report at those positions.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from site_gen import model
from site_gen.errors import Location, Problem
from site_gen.markdown import precheck as markdown_precheck
from site_gen.values import (
    UnitMismatch,
    Value,
    ValueSyntaxError,
    computed_score,
    grade,
    outcome,
    parse_value,
)
from site_gen.yamlsrc import MappingNode, Node, ScalarNode, SequenceNode, location

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
def _hints(cls: type) -> dict[str, Any]:
    # Resolving string annotations is costly; the model classes never change, so once per class.
    return typing.get_type_hints(cls, include_extras=True)


@functools.cache
def _fields(cls: type) -> dict[str, dataclasses.Field]:  # type: ignore[type-arg]
    return {f.name: f for f in dataclasses.fields(cls)}


def field_title(cls: type, name: str) -> str:
    for f in dataclasses.fields(cls):
        if f.name == name:
            return str(f.metadata.get("zh", name))
    return name


def suggest(word: str, choices: list[str]) -> str:
    # A choice that contains the word (完成 → 已完成) beats a merely similar one (未完成);
    # choices are listed most common first, so the first such choice is the likeliest.
    close = [c for c in choices if word and word in c][:1]
    close = close or difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    if not close:
        lowered = {c.lower(): c for c in choices}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f"您是否想写 “{close[0]}”？" if close else ""


@dataclass
class Converter:
    """Converts one file's nodes; records problems and the location of every field path."""

    file: str
    problems: list[Problem] = dataclasses.field(default_factory=list)
    locations: dict[str, Location] = dataclasses.field(default_factory=dict)

    # -------------------------------------------------------------- reporting
    def error(self, node: Node | Location | None, path: str, message: str, **kw: str) -> Any:
        where = node if isinstance(node, Location) else location(self.file, node)
        self.problems.append(Problem(where, path, message, **kw))
        return INVALID

    def warn(self, path: str, message: str, hint: str = "", expected: str = "") -> None:
        where = self.where(path)
        self.problems.append(
            Problem(where, path, message, expected=expected, hint=hint, severity="warning")
        )

    def fail(self, path: str, message: str, hint: str = "", expected: str = "") -> None:
        self.problems.append(Problem(self.where(path), path, message, expected=expected, hint=hint))

    def where(self, path: str) -> Location:
        # Walk up the field path ("a.b[2].c" → "a.b[2]" → "a.b" → "a" → "") to a known place.
        while path not in self.locations and path:
            parent = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
            path = parent if parent != path else ""
        return self.locations.get(path, Location(self.file))

    # -------------------------------------------------------------- conversion
    def convert(self, node: Node, typ: Any, path: str) -> Any:
        self.locations[path] = location(self.file, node)
        meta: Any = None
        if typing.get_origin(typ) is typing.Annotated:
            typ, meta = typing.get_args(typ)[0], typing.get_args(typ)[1]
        origin = typing.get_origin(typ)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(typ) if a is not type(None)]
            if self._is_null(node):
                return None
            return self.convert(node, options[0], path)
        if origin is Literal:
            return self._literal(node, typing.get_args(typ), path)
        if origin is tuple:
            return self._sequence(node, typing.get_args(typ)[0], path)
        if dataclasses.is_dataclass(typ) and typ is not Value:
            return self.record(node, typ, path)
        if not isinstance(node, ScalarNode):
            return self.error(
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
        self.locations[path] = location(self.file, node)
        if not isinstance(node, MappingNode):
            return self.error(
                node, path, "这里应当是若干 “字段: 值”", expected=f"{cls.__name__} 的字段", hint=""
            )
        hints = _hints(cls)
        fields = _fields(cls)
        seen: dict[str, Node] = {}
        values: dict[str, Any] = {}
        ok = True
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
                self.error(
                    key,
                    f"{prefix}{name}",
                    f"未知字段 “{name}”",
                    expected="、".join(choices),
                    hint=hint,
                )
                ok = False
                continue
            converted = self.convert(value, hints[name], f"{prefix}{name}")
            if converted is INVALID:
                ok = False
            else:
                values[name] = converted
        for name, f in fields.items():
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required and name not in seen and name not in skip:
                self.error(
                    node,
                    f"{prefix}{name}",
                    f"缺少必填字段 “{name}”（{f.metadata.get('zh', name)}）",
                    hint=str(f.metadata.get("doc", "")),
                )
                ok = False
        if not ok:
            return INVALID
        return cls(**values)

    def _sequence(self, node: Node, item_type: Any, path: str) -> Any:
        if not isinstance(node, SequenceNode):
            if self._is_null(node):
                return ()
            return self.error(node, path, "这里应当是列表", hint="每一项单独一行，以 “- ” 开头")
        items = [self.convert(item, item_type, f"{path}[{i}]") for i, item in enumerate(node.value)]
        if any(item is INVALID for item in items):
            return INVALID
        return tuple(items)

    def _literal(self, node: Node, choices: tuple[Any, ...], path: str) -> Any:
        if not isinstance(node, ScalarNode):
            return self.error(node, path, "这里应当是单个值", expected="、".join(choices))
        if node.value in choices:
            return node.value
        return self.error(
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
            return self.error(node, path, "不能为空", hint="删除这个字段，或填写内容")
        if plain and text.lower() in _YAML11_BOOLS:
            return self.error(
                node,
                path,
                f"“{text}” 会被当作是/否，而不是文字",
                hint=f'若是文字请加引号："{text}"',
            )
        if meta is None:
            return text
        if len(text) > meta.max_length:
            return self.error(
                node,
                path,
                f"内容过长（{len(text)} 字）",
                expected=f"不超过 {meta.max_length} 字",
                hint="拆分内容，或检查是否误粘贴了大量文字",
            )
        if meta.markdown and (problem := markdown_precheck(text)):
            return self.error(node, path, problem, hint="检查是否误粘贴了大量符号")
        if not meta.markdown and ("\n" in text.strip()) and meta.max_length <= 500:
            return self.error(node, path, "这里只能写一行文字", hint="删除换行")
        if meta.pattern and not re.fullmatch(meta.pattern, text):
            return self.error(node, path, f"“{text}” 格式不对", expected=meta.pattern_hint)
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
        return self.error(
            node, path, f"“{text}” 不是是/否值", expected="true 或 false（是 或 否）", hint=hint
        )

    def _bounded(self, node: ScalarNode, path: str, value: Any, meta: Any) -> Any:
        if isinstance(meta, model.Number):
            low, high = meta.minimum, meta.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                span = f"{low if low is not None else ''} 到 {high if high is not None else ''}"
                return self.error(node, path, f"{value} 超出范围", expected=f"{span} 之间的数")
        return value

    def _int(self, node: ScalarNode, meta: Any, path: str) -> Any:
        text = node.value.strip()
        if len(text) > MAX_DIGITS:
            return self.error(node, path, f"数字过长（{len(text)} 位）", expected="整数，例如 3")
        if not _INT.fullmatch(text):
            hint = (
                "整数不能以 0 开头（YAML 会把 010 读成八进制）"
                if re.fullmatch(r"0\d+", text)
                else ""
            )
            return self.error(node, path, f"“{text}” 不是整数", expected="整数，例如 3", hint=hint)
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
            return self.error(
                node, path, f"“{text}” 不是数字", expected="数字，例如 80 或 63.66", hint=hint
            )
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_DIGITS:
            return self.error(
                node,
                path,
                f"数字过长（{digits} 位）",
                expected=f"不超过 {MAX_DIGITS} 位数字",
                hint="检查是否多写或误粘贴了数字",
            )
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - excluded by the pattern
            return self.error(node, path, f"“{text}” 不是数字")
        if money and value.as_tuple().exponent < -2:  # type: ignore[operator]
            return self.error(
                node, path, f"金额 “{text}” 的小数超过两位", expected="元，至多两位小数（分）"
            )
        return self._bounded(node, path, value, meta)

    def _date(self, node: ScalarNode, path: str) -> Any:
        text = node.value.strip()
        if not _DATE.fullmatch(text):
            return self.error(
                node, path, f"“{text}” 不是日期", expected="年-月-日，例如 2021-01-01"
            )
        try:
            return date.fromisoformat(text)
        except ValueError:
            return self.error(
                node, path, f"日期 “{text}” 不存在", expected="真实存在的日期，例如 2021-02-28"
            )

    def _value(self, node: ScalarNode, path: str) -> Any:
        try:
            return parse_value(node.value)
        except ValueSyntaxError as exc:
            return self.error(
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


# ====================================================================== documents
def convert_document(conv: Converter, root: Node) -> model.Document | None:
    """Pick the document class by `kind`, convert, then run the kind's cross-field checks."""
    if not isinstance(root, MappingNode):
        conv.error(root, "", "文件顶层应当是若干 “字段: 值”", hint="第一行通常是 kind: …")
        return None
    kind_node = next((v for k, v in root.value if k.value == "kind"), None)
    choices = list(model.DOCUMENT_CLASSES)
    if kind_node is None:
        conv.error(
            root,
            "kind",
            "缺少必填字段 “kind”（文件类型）",
            expected="、".join(f"{k}（{model.KIND_ZH[k]}）" for k in choices),
        )
        return None
    if not isinstance(kind_node, ScalarNode) or kind_node.value not in model.DOCUMENT_CLASSES:
        value = getattr(kind_node, "value", "")
        zh = {v: k for k, v in model.KIND_ZH.items()}
        hint = f"应写作 “{zh[value]}”" if value in zh else suggest(str(value), choices)
        conv.error(
            kind_node,
            "kind",
            f"未知的文件类型 “{value}”",
            expected="、".join(f"{k}（{model.KIND_ZH[k]}）" for k in choices),
            hint=hint,
        )
        return None
    cls = model.DOCUMENT_CLASSES[kind_node.value]
    doc = conv.record(root, cls, "")
    if doc is INVALID:
        return None
    CHECKS[doc.kind](conv, doc)
    return doc


def _unique(conv: Converter, items: list[tuple[str, str]], what: str) -> None:
    """items: (value, path). Report every value after its first occurrence."""
    first: dict[str, str] = {}
    for value, path in items:
        if value in first:
            conv.fail(
                path,
                f"{what} “{value}” 重复（已用于 {first[value]}）",
                hint=f"同一文件中{what}不能重复",
            )
        else:
            first[value] = path


def check_completion(conv: Converter, doc: model.TargetCompletionReport) -> None:
    _unique(conv, [(g.id, f"groups[{i}].id") for i, g in enumerate(doc.groups) if g.id], "锚点编号")
    for gi, group in enumerate(doc.groups):
        numbers = [
            (str(t.number), f"groups[{gi}].targets[{ti}].number")
            for ti, t in enumerate(group.targets)
        ]
        _unique(conv, numbers, "目标序号")
        if not group.targets:
            conv.fail(f"groups[{gi}].targets", f"类别 “{group.name}” 没有目标")
        for ti, target in enumerate(group.targets):
            _check_item_numbers(
                conv, target.achievements, f"groups[{gi}].targets[{ti}].achievements"
            )


def _check_item_numbers(conv: Converter, items: tuple[str, ...], path: str) -> None:
    """Author-numbered items should run 1, 2, 3…; a break is probably a typo (a warning)."""
    numbers = [model.split_number(text)[0] for text in items]
    if numbers.count(None) >= len(numbers) - 1 or numbers[0] != 1:
        return  # unnumbered (a lone leading figure like "2.5亿元" is not a number)
    for i, number in enumerate(numbers):
        if number != i + 1:
            conv.warn(
                f"{path}[{i}]",
                f"第 {i + 1} 条的编号是 {number if number is not None else '（无）'}",
                expected=f"编号 {i + 1}",
                hint="照原文编号时每一条都要写、从 1 开始连续；或全部不写编号，由系统自动编号",
            )
            return


def check_progress(conv: Converter, doc: model.ProgressReport) -> None:
    ids = [
        (r.id, f"groups[{g}].rows[{i}].id")
        for g, grp in enumerate(doc.groups)
        for i, r in enumerate(grp.rows)
        if r.id
    ]
    _unique(conv, ids, "锚点编号")
    stars = False
    for gi, group in enumerate(doc.groups):
        if not group.rows:
            conv.fail(f"groups[{gi}].rows", f"类别 “{group.category}” 没有目标")
        for ri, row in enumerate(group.rows):
            path = f"groups[{gi}].rows[{ri}]"
            stars = stars or row.star
            if row.problem and not row.problem_note.strip():
                conv.fail(
                    f"{path}.problem",
                    "存在问题（problem: true）但没有说明",
                    hint="在 problem_note 中写明存在的问题",
                )
            if row.problem_note.strip() and row.problem is not True:
                conv.warn(f"{path}.problem_note", "写了问题说明，但 problem 不是 true")
    if stars and not doc.legend.strip():
        conv.fail(
            "legend",
            "有目标标注了 ★，但没有 ★ 的说明",
            hint='添加 legend，例如 legend: 注：打"★"的目标涉及社会评价意见重点整改目标',
        )


_PREFACE_AMOUNT = re.compile(r"(?:预算|资金|金额)[^。；，\d]{0,6}(\d+(?:\.\d+)?)\s*(亿|万)元")
_PREFACE_COUNT = re.compile(r"(\d+)\s*个(?:重点)?项目")


def check_projects(conv: Converter, doc: model.ProjectTargets) -> None:
    _unique(conv, [(p.code, f"projects[{i}].code") for i, p in enumerate(doc.projects)], "项目编码")
    _unique(
        conv, [(p.id, f"projects[{i}].id") for i, p in enumerate(doc.projects) if p.id], "锚点编号"
    )
    if not doc.projects:
        conv.fail("projects", "没有项目", hint="至少填写一个项目")
    for pi, project in enumerate(doc.projects):
        path = f"projects[{pi}]"
        if project.end < project.start:
            conv.fail(f"{path}.end", f"结束日期 {project.end} 早于开始日期 {project.start}")
        if project.amount > project.total:
            conv.fail(
                f"{path}.amount",
                f"本年度预算申请金额 {project.amount} 元大于项目总金额 {project.total} 元",
                hint="检查两个金额是否填反，或是否多写了一位",
            )
        if not project.implementers:
            conv.fail(f"{path}.implementers", "至少填写一个项目实施单位")
        if not project.indicators:
            conv.fail(f"{path}.indicators", "没有绩效指标")
        _unique(
            conv,
            [
                (g.level1, f"{path}.indicators[{i}].level1")
                for i, g in enumerate(project.indicators)
            ],
            "一级指标",
        )
        for gi, group in enumerate(project.indicators):
            gpath = f"{path}.indicators[{gi}]"
            if not any(sub.items for sub in group.groups):
                conv.fail(f"{gpath}.groups", f"一级指标 “{group.level1}” 下没有三级指标")
            for si, sub in enumerate(group.groups):
                if not sub.items:
                    conv.fail(
                        f"{gpath}.groups[{si}].items", f"二级指标 “{sub.level2}” 下没有三级指标"
                    )
        _check_evaluation(conv, project, path)
    _check_preface_figures(conv, doc)


def _check_evaluation(conv: Converter, project: model.Project, path: str) -> None:
    weights: list[Decimal] = []
    evaluated = False
    for gi, group in enumerate(project.indicators):
        for si, sub in enumerate(group.groups):
            for ii, item in enumerate(sub.items):
                ipath = f"{path}.indicators[{gi}].groups[{si}].items[{ii}]"
                if item.weight is not None:
                    weights.append(item.weight)
                if item.score is not None and item.weight is not None and item.score > item.weight:
                    conv.fail(f"{ipath}.score", f"得分 {item.score} 高于分值 {item.weight}")
                if item.actual is None:
                    if item.score is not None:
                        conv.warn(f"{ipath}.score", "有得分但没有实际完成值")
                    continue
                evaluated = True
                try:
                    result = outcome(item.target, item.actual)
                except UnitMismatch as exc:
                    conv.fail(
                        f"{ipath}.actual",
                        f"单位不一致：{exc}",
                        hint="实际完成值应与目标值用同一单位（例如都用 万元）",
                    )
                    continue
                if result == "not_comparable" and item.met is None:
                    conv.warn(
                        f"{ipath}.actual",
                        f"无法自动判断实际值 “{item.actual.text}” 是否达到目标 “{item.target.text}”",
                        hint="请填写 met: true 或 met: false 表明是否达成",
                    )
                met = item.met if result == "not_comparable" else result == "met"
                if (
                    result != "not_comparable"
                    and item.met is not None
                    and item.met != (result == "met")
                ):
                    conv.warn(f"{ipath}.met", "填写的 met 与按数值比较的结果不一致")
                if met is False and not item.deviation.strip():
                    conv.warn(f"{ipath}.deviation", "指标未达成，但没有填写偏差原因分析及改进措施")
                if item.weight is not None and item.score is not None:
                    computed = computed_score(item.target, item.actual, item.weight)
                    if computed is not None and abs(computed - item.score) > Decimal("0.01"):
                        conv.warn(
                            f"{ipath}.score",
                            f"填报得分 {item.score} 与按通行算法计算的 {computed} 不一致",
                            hint="请核对实际值、分值与得分",
                        )
    evaluation = project.evaluation
    if evaluation and evaluation.budget:
        budget = evaluation.budget
        base = budget.adjusted if budget.adjusted is not None else budget.initial
        if base and budget.executed > base:
            conv.warn(f"{path}.evaluation.budget.executed", "执行数大于预算数")
        if budget.weight is not None:
            weights.append(budget.weight)
    if evaluated and weights and sum(weights) != 100:
        conv.warn(
            f"{path}.indicators",
            f"各项分值合计为 {sum(weights)}，不是 100",
            hint="通行做法：产出 50、效益 30、满意度 10、预算执行 10",
        )
    if evaluation and evaluation.score is not None and evaluation.grade is not None:
        from_score = grade(evaluation.score)
        if from_score != evaluation.grade:
            conv.warn(
                f"{path}.evaluation.grade",
                f"自评总分 {evaluation.score} 通常对应等级 “{from_score}”",
            )


def _check_preface_figures(conv: Converter, doc: model.ProjectTargets) -> None:
    """Soft check: figures stated in the preface should agree with the forms."""
    text = doc.preface
    total = sum((p.amount for p in doc.projects), Decimal(0))
    for match in _PREFACE_AMOUNT.finditer(text):
        stated = Decimal(match.group(1))
        scale = Decimal(100_000_000) if match.group(2) == "亿" else Decimal(10_000)
        decimals = -stated.as_tuple().exponent  # type: ignore[operator]
        tolerance = Decimal(5) * Decimal(10) ** (-decimals - 1)
        if abs(total / scale - stated) > tolerance:
            conv.warn(
                "preface",
                f"前言中写的 “{match.group(0)}” 与各项目本年度预算合计 {total} 元不符",
                hint="核对前言中的金额，或检查是否漏填了项目",
            )
    for match in _PREFACE_COUNT.finditer(text):
        if int(match.group(1)) != len(doc.projects):
            conv.warn(
                "preface",
                f"前言中写的 “{match.group(0)}” 与本文件的项目数 {len(doc.projects)} 不符",
            )


def check_narrative(conv: Converter, doc: model.Narrative) -> None:
    if not doc.body.strip():
        conv.fail("body", "正文为空")


CHECKS: dict[str, Any] = {
    "target-completion": check_completion,
    "progress": check_progress,
    "project-targets": check_projects,
    "narrative": check_narrative,
}
