"""Load stage 1: YAML text → composed node tree with a position for every value.

Nothing is constructed into Python objects here: every scalar stays text with its start mark,
and the model layer converts it (so `no` never silently becomes False, nor `010` eight).
Aliases, duplicate keys, several documents, over-deep nesting, NUL bytes and non-UTF-8 bytes
are refused with their location. libyaml's C composer is used when present (about 8× faster).
"""

from __future__ import annotations

import codecs
import os
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from site_gen.errors import Location, Problem

try:  # the C composer; the pure-Python one gives the same nodes, only slower
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader

_KINDS = ((yaml.ScalarNode, "str"), (yaml.SequenceNode, "seq"), (yaml.MappingNode, "map"))
_TAG_OF_KIND: dict[type, str] = {kind: f"tag:yaml.org,2002:{name}" for kind, name in _KINDS}


class _Loader(_Base):
    """A node without a tag gets its kind's plain tag, not YAML 1.1's guess from the text (bool,
    timestamp, `=` and `<<` as value and merge tags, which _check_tree would refuse): the model
    converts every scalar from its text. So a tag on a node was written in the file."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        return _TAG_OF_KIND[kind]


MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000

ScalarNode = yaml.ScalarNode
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode
Node = yaml.Node


def location(name: str, node: Node | Any | None) -> Location:
    """`node`: a YAML node or a mark (PyYAML has a pure-Python and a C mark class)."""
    mark = node.start_mark if isinstance(node, Node) else node
    if mark is None:
        return Location(name)
    return Location(name, mark.line + 1, mark.column + 1)


def _at_offset(name: str, text: str, offset: int) -> Location:
    """The line and column (from 1) of a character offset in text."""
    line = text.count("\n", 0, offset) + 1
    return Location(name, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


# PyYAML's messages, said in Chinese for the people who write the files (first match wins).
_PROBLEMS_ZH = (
    ("mapping values are not allowed", "这里不能出现 “: ”：值里有冒号，或缩进不对"),
    ("could not find expected ':'", "缺少冒号：每行应写成 “字段: 值”"),
    ("did not find expected key", "缩进不一致，或列表项前缺少 “- ”"),
    ("did not find expected '-' indicator", "列表项的缩进不一致"),
    ("expected <block end>", "缩进不一致：这一行与上面同级的行没有对齐"),
    ("found unexpected end of stream", "文件在引号或括号成对之前就结束了"),
    ("found unknown escape character", "双引号里的反斜杠（\\）后面跟了不认识的字符"),
    ("expected ',' or ']'", "方括号 [ ] 没有成对，或各项之间缺少逗号"),
    ("expected ',' or '}'", "花括号 { } 没有成对，或各项之间缺少逗号"),
    ("cannot start any token", "这个字符不能出现在值的开头"),
    ("did not find expected comment or line break", "值的后面多了内容（例如引号之后还有文字）"),
    ("found unexpected ':'", "冒号的位置不对"),
    ("expected alphabetic or numeric character", "这里有 YAML 的特殊符号（& * ! 等）"),
)


def _problem_zh(problem: str) -> str:
    for english, chinese in _PROBLEMS_ZH:
        if english in problem:
            return chinese
    return f"无法读取（{problem}）" if problem else "无法读取"


def _quote_line(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return ""
    line = lines[mark.line].strip()
    return f"第 {mark.line + 1} 行：{line[:80]}{'…' if len(line) > 80 else ''}"


def _syntax_hint(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    value = line.split(":", 1)[1].strip() if ":" in line else line.strip()
    if value.startswith((">", "|")) and len(value) > 1 and value[1] not in " -+0123456789#":
        return f'以 “{value[0]}” 开头的值（如 >=85%）须加引号："{value}"'
    if value.startswith(("*", "&", "!", "%", "@", "`")):
        return f'以 “{value[0]}” 开头的值须加引号："{value}"'
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "缩进只能用空格，不能用 Tab 键"
    return "检查这一行和上一行的缩进、冒号后的空格与引号是否成对"


def _too_large(where: Location, size: int) -> Problem:
    return Problem(
        where,
        "",
        f"文件过大（{size} 字节）",
        expected=f"不超过 {MAX_FILE_BYTES} 字节",
        hint="一个文件只写一份公开文件；过长的内容请拆分",
    )


def parse(name: str, data: bytes) -> tuple[Node | None, list[Problem]]:
    """Parse one file's bytes; return its root node (None on fatal problems) and problems."""
    where = Location(name)
    if len(data) > MAX_FILE_BYTES:
        return None, [_too_large(where, len(data))]
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif encoding := _other_unicode(data):
        return None, [
            Problem(
                where,
                "",
                f"文件是 {encoding} 编码，不是 UTF-8",
                expected="UTF-8 编码的文本",
                hint=f"在编辑器中把文件以 UTF-8 编码另存（现为 {encoding}）",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # The column an editor shows: characters, not bytes, before the bad byte.
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        return None, [
            Problem(
                Location(name, data[: exc.start].count(b"\n") + 1, column),
                "",
                "文件不是 UTF-8 编码",
                expected="UTF-8 编码的文本",
                hint="在编辑器中以 UTF-8 编码另存（GBK/GB2312 编码的文件无法读取）",
            )
        ]
    if "\x00" in text:
        return None, [
            Problem(
                _at_offset(name, text, text.index("\x00")),
                "",
                "文件含有空字符（NUL）",
                expected="纯文本",
                hint="文件可能已损坏或不是文本文件",
            )
        ]
    if problem := _anchor_problem(name, text):
        return None, [problem]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark
        if "single document" in str(exc.problem or "") or "single document" in str(exc):
            message, hint = (
                "一个文件只能有一份文档",
                "删除多余的 “---” 分隔行，或把内容拆成多个文件",
            )
        else:
            message, hint = "YAML 结构错误", _syntax_hint(text, mark)
        return None, [Problem(location(name, mark), "", message, hint=hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        opened = exc.context_mark
        context = exc.context or ""
        # An unclosed bracket or quote is noticed lines later: point at where it was opened.
        if (
            opened is not None
            and mark is not None
            and ("flow" in context or "quoted" in context)
            and opened.line < mark.line
        ):
            mark = opened
        reason = (exc.problem or "").strip()
        return None, [
            Problem(
                location(name, mark),
                "",
                f"YAML 语法错误：{_problem_zh(reason)}",
                # At the end of the file, quote where the unclosed quote or bracket began.
                hint="；".join(
                    filter(
                        None,
                        (
                            _quote_line(text, mark) or _quote_line(text, exc.context_mark),
                            _syntax_hint(text, mark),
                        ),
                    )
                ),
            )
        ]
    except yaml.YAMLError:  # the reader refuses control characters: find the first one
        offset = next(
            (
                i
                for i, ch in enumerate(text)
                if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"
            ),
            0,
        )
        return None, [
            Problem(
                _at_offset(name, text, offset),
                "",
                "文件含有不允许的控制字符",
                hint="删除不可见的控制字符后重试",
            )
        ]
    if root is None:
        return None, [Problem(where, "", "文件是空的", expected="一份 YAML 文档")]
    problems = _check_tree(name, root)
    # Duplicate keys (which name their field) still let validation go on; anything else stops it.
    fatal = any(p.field == "" for p in problems)
    return (None if fatal else root), problems


# UTF-32 before UTF-16: the UTF-32 little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _other_unicode(data: bytes) -> str:
    """The name of a UTF-16/UTF-32 encoding the file is in (by its byte-order mark, or by the
    zero bytes that such text without a mark has between ASCII characters), else ""."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    head = data[:64]
    if len(head) >= 8 and head.count(0) >= len(head) // 3:
        if head[1::4].count(0) + head[2::4].count(0) >= len(head) // 2 - 2:
            return "UTF-32"
        return "UTF-16"
    return ""


def _anchor_problem(name: str, text: str) -> Problem | None:
    """Refuse anchors and aliases anywhere (keys and merge keys included), with their place.

    Aliases are shared references: walking them can explode (a "billion laughs" file) or loop.
    The event stream shows every anchor and alias, even one the composed tree would hide.
    """
    if "&" not in text and "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return Problem(
                    location(name, event.start_mark),
                    "",
                    "不允许使用锚点和别名（& 和 *）",
                    hint="把要重复的内容直接写出来；以 & 或 * 开头的文字须加引号",
                )
    except yaml.YAMLError:
        return None  # a syntax error: compose reports it with its place
    return None


def _check_tree(name: str, root: Node) -> list[Problem]:
    """Refuse aliases, explicit tags, duplicate keys and excessive nesting, with locations."""
    problems: list[Problem] = []
    seen: set[int] = set()
    count = 0
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if id(node) in seen:
            problems.append(
                Problem(
                    location(name, node),
                    "",
                    "不允许使用锚点和别名（& 和 *）",
                    hint="把要重复的内容直接写出来",
                )
            )
            return problems
        seen.add(id(node))
        if depth > MAX_DEPTH or count > MAX_NODES:
            problems.append(
                Problem(
                    location(name, node),
                    "",
                    "嵌套过深或条目过多",
                    expected=f"嵌套不超过 {MAX_DEPTH} 层、条目不超过 {MAX_NODES} 个",
                )
            )
            return problems
        if node.tag not in _PLAIN_TAGS and node.tag.startswith(("!", "tag:yaml.org,2002:")):
            problems.append(
                Problem(
                    location(name, node),
                    "",
                    f"不允许使用 YAML 标签（{node.tag}）",
                    hint="删除以 “!” 开头的标签",
                )
            )
            return problems
        if isinstance(node, MappingNode):
            keys: dict[str, Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    problems.append(
                        Problem(location(name, key), "", "字段名必须是简单文字", hint="检查缩进")
                    )
                    continue
                if key.value == "<<" and key.style in (None, ""):  # YAML 1.1's merge key
                    problems.append(
                        Problem(
                            location(name, key),
                            "",
                            "不允许使用合并键（<<）",
                            hint="把要合并的字段直接写出来",
                        )
                    )
                    return problems
                if key.value in keys:
                    first = keys[key.value].start_mark
                    problems.append(
                        Problem(
                            location(name, key),
                            key.value,
                            f"字段 “{key.value}” 重复（第一次出现在第 {first.line + 1} 行）",
                            hint="同一层级的字段名只能出现一次；删除或合并其中一个",
                        )
                    )
                else:
                    keys[key.value] = key
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return problems


# Explicit tags that only say what the text is anyway (the model converts it); any other, such as
# !!python/object or !!binary, is refused above.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of one regular file. Symbolic links are refused (content must not point
    elsewhere), and so are FIFOs, devices and sockets (reading one would hang the run)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return None, [Problem(Location(name), "", f"无法读取文件：{exc.strerror}")]
    if stat.S_ISLNK(mode):
        return None, [
            Problem(Location(name), "", "不允许使用符号链接", hint="把文件本身放进 content/ 文件夹")
        ]
    if not stat.S_ISREG(mode):
        return None, [
            Problem(
                Location(name),
                "",
                "不是普通文件（可能是管道、设备或套接字）",
                expected="文本文件",
                hint="删除它，或换成普通的 YAML 文件",
            )
        ]
    size = os.lstat(path).st_size
    if size > MAX_FILE_BYTES:
        return None, [_too_large(Location(name), size)]
    try:
        with open(path, "rb") as file:
            return file.read(MAX_FILE_BYTES + 1), []
    except OSError as exc:
        return None, [Problem(Location(name), "", f"无法读取文件：{exc.strerror}")]


def read(path: Path, name: str) -> tuple[Node | None, list[Problem]]:
    """Read and parse one file."""
    data, problems = read_bytes(path, name)
    if data is None:
        return None, problems
    return parse(name, data)
