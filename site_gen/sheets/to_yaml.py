"""Document data read from a sheet → YAML text that names, beside each value, the cell it came
from (`# 单元格 表1!C7`), so that a reviewer can check the file against the sheet and an error
in the YAML points back at the spreadsheet (errors.with_cells reads these comments).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

CELL_COMMENT = "# 单元格 "


def dump(data: dict[str, Any], header: list[str]) -> str:
    lines = [f"# {line}" if line else "#" for line in header]
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _comment(value: Any) -> str:
    # A sheet's name comes from the file: a line break in it must not end the comment.
    ref = _LINE_BREAKS.sub(" ", getattr(value, "ref", ""))
    return f"  {CELL_COMMENT}{ref}" if ref.strip() else ""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = yaml.safe_dump(str(value), allow_unicode=True, width=1_000_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _block_ok(text: str) -> bool:
    """Whether a literal block keeps this text exactly: no leading blank, and no character a
    block cannot hold (tabs, CRs, control characters); other texts are quoted and escaped."""
    return (
        "\n" in text.strip("\n")
        and not text[:1].isspace()
        and not _LINE_BREAKS.search(text.replace("\n", ""))
    )


def _value(prefix: str, value: Any, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            lines.append(f"{prefix} {{}}")
            return
        lines.append(prefix)
        _mapping(value, indent + 2, lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{prefix} []")
            return
        lines.append(prefix)
        _sequence(value, indent + 2, lines)
    elif isinstance(value, str) and _block_ok(value):
        chomp = "" if value.endswith("\n") and not value.endswith("\n\n") else "-"
        if value.endswith("\n\n"):
            chomp = "+"
        lines.append(f"{prefix} |{chomp}{_comment(value)}")
        body = value[:-1] if value.endswith("\n") and chomp != "+" else value
        if chomp == "+":
            body = value[:-1]
        for line in body.split("\n"):
            lines.append(f"{pad}  {line}" if line else "")
    else:
        lines.append(f"{prefix} {_scalar(value)}{_comment(value)}")


def _mapping(data: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        _value(f"{pad}{key}:", value, indent, lines)


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            first = True
            for key, value in item.items():
                lead = f"{pad}- " if first else f"{pad}  "
                _value(f"{lead}{key}:", value, indent + 2, lines)
                first = False
        elif isinstance(item, list | dict):
            _value(f"{pad}-", item, indent, lines)
        else:
            _value(f"{pad}-", item, indent, lines)


def todo_block(problems: list[str]) -> str:
    """What an import could not place, as a comment block after the YAML: the person who
    resolves each line moves the value into its field (or confirms it is not needed), then
    deletes the block and `draft: true`."""
    if not problems:
        return ""
    lines = [
        "",
        "# ---------------------------------------------------------------- 待处理（导入未完成）",
        "# 以下单元格未能导入。逐条处理：把内容写进对应的栏目，或确认原表不需要；",
        "# 全部处理完后删去这一段和上面的 draft: true，文件才会发布。",
    ]
    lines += [f"# {_LINE_BREAKS.sub(' ', line)}" for line in problems]
    return "\n".join(lines) + "\n"
