"""Errors as values: every problem of a run carries its place, field, expectation and hint.

This module is a leaf: it imports nothing from site_gen. Messages are in Simplified Chinese
because the people who read them are the bureau staff who write the YAML.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]

SEVERITY_ZH = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1, as editors show them."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


class Places(Mapping[str, Location]):
    """One file's field locations by field path, held compactly: a province's documents held
    ~28 MB of Location objects and path strings per 1,000 documents, all the same file. The
    paths are interned (documents of a kind share them), lines and columns are one array; a
    place is made into a Location when asked for (warnings: rare)."""

    __slots__ = ("file", "_paths", "_marks")

    def __init__(self, file: str, paths: tuple[str, ...], marks: array[int]) -> None:
        self.file = file
        self._paths = tuple(sys.intern(p) for p in paths)
        self._marks = marks

    @classmethod
    def of(cls, file: str, found: Mapping[str, Location]) -> Mapping[str, Location]:
        """`found` packed, when every place is in `file` (else as it is)."""
        if any(place.file != file for place in found.values()):
            return dict(found)
        marks = array("Q", (place.line << 32 | place.column for place in found.values()))
        return cls(file, tuple(found), marks)

    @classmethod
    def packed(cls, file: str, marks: Mapping[str, int]) -> Places:
        """Places already packed (load.convert.Converter.marks)."""
        return cls(file, tuple(marks), array("Q", marks.values()))

    @staticmethod
    def mark_of(start: Any) -> int:
        """A YAML mark (a node's start_mark) packed, line << 32 | column; 0 when unknown: a
        Location object for each of 190,000 values per 1,000 documents cost more than the rare
        warning that reads one."""
        return 0 if start is None else (start.line + 1) << 32 | (start.column + 1)

    @staticmethod
    def place(file: str, mark: int) -> Location:
        return Location(file, mark >> 32, mark & 0xFFFFFFFF)

    def __getitem__(self, path: str) -> Location:
        try:
            mark = self._marks[self._paths.index(path)]
        except ValueError:
            raise KeyError(path) from None
        return self.place(self.file, mark)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __reduce__(self) -> tuple[Any, ...]:  # unpickled paths are interned again
        return (Places, (self.file, self._paths, self._marks))


MAX_SHOWN = 80
_QUOTED = re.compile("“([^”]{" + str(MAX_SHOWN + 1) + ",})”")


def elide(text: str) -> str:
    """Quoted values in a message, shortened: a message never echoes a huge value in full."""

    def short(match: re.Match[str]) -> str:
        value = match.group(1)
        return f"“{value[:40]}……{value[-20:]}”（共 {len(value)} 字）"

    return _QUOTED.sub(short, text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a reviewer's look (warning) in the content."""

    location: Location
    field: str
    message: str
    expected: str = ""
    hint: str = ""
    severity: Severity = "error"
    check: str = ""  # a warning's check code: a document may silence it with a reason

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", elide(self.message))
        object.__setattr__(self, "hint", elide(self.hint))

    def format(self) -> str:
        parts = [f"{self.location}: {SEVERITY_ZH[self.severity]}"]
        if self.field:
            parts.append(f"[{self.field}]")
        parts.append(self.message)
        text = " ".join(parts)
        if self.expected:
            text += f"\n    应为：{self.expected}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        if self.check:
            text += f"\n    检查项：{self.check}（确认照原表发布时，可在 silence 中写明理由关闭）"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "field": self.field,
            "message": self.message,
            "expected": self.expected,
            "hint": self.hint,
            "severity": self.severity,
            "check": self.check,
        }


@dataclass
class Report:
    """Collects every problem of a run so that all of them are reported at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.location, p.severity, p.field))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.sorted())


class SiteGenError(Exception):
    """Base of every error the command line turns into a message and an exit code."""

    exit_code = 1


class ContentError(SiteGenError):
    """The content has errors; `problems` lists all of them (warnings included).

    `strict`: a build asked to treat warnings as errors found warnings only.
    """

    def __init__(self, problems: list[Problem], strict: bool = False) -> None:
        self.problems = problems
        self.strict = strict
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"内容有 {len(errors)} 处错误")


class BuildError(SiteGenError):
    """A stage after validation failed (template, PDF, fonts, output folder)."""

    def __init__(self, message: str, hint: str = "", source: str | Path | None = None) -> None:
        self.message = message
        self.hint = hint
        self.source = str(source) if source else ""
        super().__init__(message)

    def format(self) -> str:
        text = f"{self.source}: 错误 {self.message}" if self.source else f"错误 {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text


def suggest(word: str, choices: list[str]) -> str:
    # A choice that contains the word (完成 → 已完成) beats a merely similar one (未完成);
    # choices are listed most common first, so the first such choice is the likeliest.
    close = [c for c in choices if word and word in c][:1]
    close = close or difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    if not close:
        lowered = {c.lower(): c for c in choices}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f"您是否想写 “{close[0]}”？" if close else ""


_CELL = re.compile(r"#\s*单元格\s+(\S+)\s*$")


def with_cells(problems: list[Problem], data: bytes) -> list[Problem]:
    """Problems of a file made by `site-gen import`, each also naming the spreadsheet cell its
    line came from (the `# 单元格 表1!C7` comment on that line)."""
    if "单元格".encode() not in data:
        return problems
    lines = data.decode("utf-8", "replace").splitlines()
    out = []
    for problem in problems:
        line = problem.location.line
        match = _CELL.search(lines[line - 1]) if 0 < line <= len(lines) else None
        if match:
            note = f"该值来自表格单元格 {match.group(1)}，请在表格中一并改正"
            hint = f"{problem.hint}；{note}" if problem.hint else note
            problem = dataclasses.replace(problem, hint=hint)
        out.append(problem)
    return out


def os_error_text(exc: OSError) -> str:
    """What the system refused, said as a person says it: 磁盘已满, 没有写入权限 …, with the file."""
    import errno

    where = f"：{exc.filename}" if exc.filename else ""
    reasons = {
        errno.ENOSPC: "磁盘已满",
        errno.EDQUOT: "磁盘配额已用完",
        errno.EACCES: "没有读写权限",
        errno.EPERM: "没有读写权限",
        errno.EROFS: "文件系统是只读的",
        errno.ENOENT: "找不到文件或文件夹",
        errno.EMFILE: "打开的文件太多",
        errno.ENAMETOOLONG: "文件名太长",
    }
    reason = reasons.get(exc.errno or 0, f"系统错误（{exc.strerror or exc}）")
    return f"{reason}{where}"


def say_new_warnings(
    texts: list[str], said: set[str] | None, say: Callable[[str], None]
) -> set[str]:
    """For a process that builds again and again (the preview, `build --watch`): say every
    warning of the first build (`said` is None), then those a later build finds that were not
    said before (what the last edit brought), with a count. Returns what has been said."""
    texts = list(dict.fromkeys(texts))
    new = [text for text in texts if said is None or text not in said]
    if new:
        say("\n".join(new))
        say(
            f"共 {len(texts)} 处警告。"
            if said is None
            else f"新出现 {len(new)} 处警告（共 {len(texts)} 处）。"
        )
    return set(texts)
