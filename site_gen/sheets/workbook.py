"""Spreadsheets in and out (issue 14): `import_workbook` reads a workbook laid out as the
official forms into document data and YAML; `export_workbook` writes a document in that layout.

Flow: sheets.grid (file → grids of displayed text) → sheets.forms / sheets.read (grids → data,
each value with its cell) → sheets.patch (what the layout cannot show, from the hidden sheet)
→ sheets.to_yaml (data → YAML with the cell of each value). Export runs sheets.layout →
sheets.xlsx_write and keeps the document, as its YAML gives it, in a hidden sheet; the import
works out from it, with sheets.patch, what the sheets alone would not give back.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from site_gen import i18n, kinds, load, model
from site_gen.kinds.progress.model import ProgressReport
from site_gen.sheets.files import read_workbook
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import (
    CONTENTS,
    CONTENTS_TITLES,
    COVER,
    KIND_LABEL,
    Sheet,
    cover,
    zh,
)
from site_gen.sheets.patch import apply, canon, complement, input_data
from site_gen.sheets.read import Problem, Reader
from site_gen.sheets.xlsx_write import HIDDEN, workbook_bytes


class KindPart(Protocol):
    """What the workbooks ask of a kind (site_gen/kinds/<family>/sheets.py); a list kind may
    also say whether a sheet without its cover looks like one of it (`looks_like`)."""

    def lay_out(self, doc: model.Document, language: str) -> list[Sheet]: ...
    def read_body(
        self, kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
    ) -> dict[str, Any]: ...


@dataclass
class Imported:
    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings: the import went on


# ---------------------------------------------------------------- export
def export_workbook(doc: model.Document, language: str | None = None) -> bytes:
    """The document's workbook; its headings in `language` (the document's own, else the
    site's; Chinese when neither is known)."""
    language = language or doc.language or "zh-CN"
    # Every published document is exported: its sheets are not read back here to find what
    # they cannot show (issue 29); the import does that, from the document kept hidden.
    hidden = {"format": HIDDEN_FORMAT, "language": language, "document": input_data(doc)}
    return workbook_bytes(sheets(doc, language), hidden)


def sheets(doc: model.Document, language: str = "zh-CN") -> list[Sheet]:
    """Every sheet of a document's workbook: its forms in order, then the cover sheet 说明 (the
    first sheet is the one a reader sees on opening, and the one a CSV conversion exports)."""
    out = cast(KindPart, kinds.part(doc.kind, "sheets")).lay_out(doc, language)
    return [*out, cover(doc, language)]


# ---------------------------------------------------------------- import
def import_workbook(path: Path, kind: str | None = None) -> Imported:
    grids = read_workbook(path)
    result = read_grids(grids, kind)
    hidden = next((g for g in grids if g.name == HIDDEN), None)
    if hidden is not None:
        blob = "".join(hidden.text(r, 0) for r in range(hidden.height))
        try:
            patch = _patch_of(json.loads(blob))
            if patch:
                result.data = apply(result.data, patch)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            result.notes.append(f"{HIDDEN} 工作表已损坏，未使用（锚点、草稿等设置需重新填写）")
    for grid in grids:
        result.notes += grid.notes
        result.problems += [Problem(ref, message) for ref, message in grid.errors]
    return result


# The hidden sheet's content since issue 29: {"format": 2, "language", "document"}. Before, it
# held the patch itself (sheets.patch), which the import still takes.
HIDDEN_FORMAT = 2


def _patch_of(hidden: Any) -> dict[str, Any] | None:
    """What the workbook's sheets could not show when exported: the difference between the
    document it was made from and what that document's own sheets read as. A user's later
    edits to the sheets are not in it, so apply() lets them win."""
    if not isinstance(hidden, dict):
        raise ValueError("the hidden sheet holds no record")
    if hidden.get("format") != HIDDEN_FORMAT:
        return hidden  # a workbook of an earlier version: the patch itself
    document, language = hidden["document"], str(hidden["language"])
    text = json.dumps(document, ensure_ascii=False).encode()  # JSON is YAML
    made_from = load.load_document(Path(HIDDEN), HIDDEN, text).doc
    if made_from is None or language not in i18n.LANGUAGES:
        raise ValueError("the hidden document does not load")
    laid = sheets(made_from, language)
    return complement(document, canon(read_grids([s.grid for s in laid], made_from.kind).data))


# ---------------------------------------------------------------- the cover sheet
@functools.cache
def _cover_labels() -> dict[str, str]:
    """The cover sheet's labels (the model's Chinese names) → document fields."""
    labels = {zh(ProgressReport, n): n for n in ("title", "subtitle", "publisher", "year")}
    for cls in (model.document_class(k) for k in kinds.names()):
        for name in ("period", "published", "annex", "source", "incomplete", "preface", "notes"):
            if name in cls.__dataclass_fields__:
                labels[zh(cls, name)] = name
        if "legend" in cls.__dataclass_fields__:
            labels[zh(cls, "legend")] = "legend"
    return {shown: name for label, name in labels.items() for shown in in_every_language(label)}


@functools.cache
def in_every_language(message: str) -> frozenset[str]:
    """A label as each catalog language writes it (a sheet may come in any of them)."""
    return frozenset(i18n.Language(language).gettext(message) for language in i18n.LANGUAGES)


def read_cover(grid: Grid) -> tuple[dict[str, Any], Reader]:
    reader = Reader(grid)
    labels = _cover_labels()
    data: dict[str, Any] = {}
    contents: list[dict[str, Any]] | None = None
    for row in reader.rows:
        cols = reader.anchors(row)
        if len(cols) == 1 and row == reader.rows[0]:
            reader.take(row, cols[0])  # the kind's name as a title
            continue
        if len(cols) == 1 and reader.grid.text(row, cols[0]) == CONTENTS:
            reader.take(row, cols[0])
            contents = data["_contents"] = []
            continue
        if contents is not None:
            cells = {c: reader.take(row, c) for c in cols}
            if cells.get(0) == CONTENTS_TITLES[0]:
                continue  # the heading row
            entry = {"heading": cells.get(0, ""), "page": cells.get(1, "")}
            contents.append({k: v for k, v in entry.items() if v})
            continue
        if len(cols) == 2:
            label = reader.grid.text(row, cols[0])
            if label in in_every_language(KIND_LABEL):
                reader.take(row, cols[0])
                data["kind"] = reader.take(row, cols[1])
            elif label in labels:
                reader.take(row, cols[0])
                data[labels[label]] = reader.take(row, cols[1])
    return data, reader


def is_cover(grid: Grid) -> bool:
    kind_labels = in_every_language(KIND_LABEL)
    return grid.name in in_every_language(COVER) or any(
        t in kind_labels for t in grid.cells.values()
    )


def detect_kind(grids: list[Grid]) -> str | None:
    """The kind from the words of the sheets, when the workbook has no cover sheet: the forms'
    titles first (a 自评表 may mention 监控 in a cell), then every word."""
    # The title: a cell of the first rows that names a form (附件2 or 报表编号 may stand above
    # it); spaces go, since titles are often spaced out (项 目 支 出 绩 效 自 评 表).
    tops = {id(g): min((r for r, _ in g.cells), default=0) for g in grids}
    titles = "".join(
        re.sub(r"\s+", "", text)
        for g in grids
        for (r, _c), text in sorted(g.cells.items())
        if r < tops[id(g)] + 3 and "表" in text
    )
    words = "".join(re.sub(r"\s+", "", t) for g in grids for t in g.cells.values())
    for kind in kinds.all_kinds():  # a list kind is known by its table's headings
        looks_like = getattr(kinds.part(kind.name, "sheets"), "looks_like", None)
        if looks_like is not None and looks_like(words):
            return kind.name
    return _kind_named(titles) or _kind_named(words)


def _kind_named(words: str) -> str | None:
    """The kind whose title word the text contains; each kind declares its words and how
    specific they are (site_gen/kinds/): 部门整体支出绩效自评 before 自评, 监控 before 绩效目标."""
    for kind in sorted(kinds.all_kinds(), key=lambda k: k.title_rank):
        if any(word in words for word in kind.title_words):
            return kind.name
    return None


def read_grids(grids: list[Grid], kind: str | None) -> Imported:
    cover_grid = next((g for g in grids if is_cover(g)), None)
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    readers = []
    if cover_grid is not None:
        data, reader = read_cover(cover_grid)
        readers.append(reader)
    kind = kind or data.get("kind") or detect_kind(grids) or ""
    content = [g for g in grids if g is not cover_grid and g.name != HIDDEN and g.cells]
    if not kinds.known(kind):
        where = cover_grid.name if cover_grid else (grids[0].name if grids else "")
        problems.append(Problem(f"{where}!A1", "无法判断表格的文件类型，请用 --kind 指定"))
        return Imported(data, problems)
    data["kind"] = data.get("kind") or kind
    body = cast(KindPart, kinds.part(kind, "sheets")).read_body(kind, content, data, readers)
    contents = data.pop("_contents", [])
    parts = body.get("projects") or body.get("forms") or []
    for part, entry in zip(parts, contents, strict=False):
        part.update(entry)
    if len(contents) > len(parts) and cover_grid is not None:
        problems.append(Problem(f"{cover_grid.name}!A1", "目录的行数多于表格中的项目（表）数"))
    data.update({k: v for k, v in body.items() if not data.get(k)})  # the cover sheet wins
    for reader in readers:
        problems += reader.leftover()
    problems += [p for v in _walk(data) if isinstance(v, dict) for p in v.pop("_problems", [])]
    return Imported(data, problems)


def _walk(value: Any) -> list[Any]:
    out = [value]
    if isinstance(value, dict):
        for v in list(value.values()):
            out += _walk(v)
    elif isinstance(value, list):
        for v in value:
            out += _walk(v)
    return out


def target_path(data: dict[str, Any], source: Path) -> str:
    year = str(data.get("year", ""))
    slug = re.sub(r"[^a-z0-9-]+", "-", source.stem.lower()).strip("-") or "imported"
    return f"content/{year}/{slug}.yaml" if year else f"content/{slug}.yaml"
