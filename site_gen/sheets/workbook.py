"""Spreadsheets in and out (issue 14): `import_workbook` reads a workbook laid out as the
official forms into document data and YAML; `export_workbook` writes a document in that layout.

Flow: sheets.grid (file → grids of displayed text) → sheets.forms / sheets.read (grids → data,
each value with its cell) → sheets.patch (what the layout cannot show, from the hidden sheet)
→ sheets.to_yaml (data → YAML with the cell of each value). Export runs sheets.layout → sheets.xlsx_write
and records, with sheets.patch, what the sheets alone would not give back.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_gen import i18n, model
from site_gen.sheets import lists as sheet_lists
from site_gen.sheets import regions as sheet_regions
from site_gen.sheets import series as sheet_series
from site_gen.sheets.files import read_workbook
from site_gen.sheets.forms import read_form
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import (
    CONTENTS,
    CONTENTS_TITLES,
    COVER,
    KIND_LABEL,
    Lay,
    Sheet,
    cover,
    form_sheet,
    project_sheet,
    zh,
)
from site_gen.sheets.lists import TARGET_HEADER, read_progress, targets_table
from site_gen.sheets.patch import apply, canon, complement, input_data
from site_gen.sheets.projects import read_project
from site_gen.sheets.read import At, Problem, Reader
from site_gen.sheets.xlsx_write import HIDDEN, workbook_bytes


@dataclass
class Imported:
    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # warnings: the import went on


# ---------------------------------------------------------------- export
def export_workbook(doc: model.Document, language: str | None = None) -> bytes:
    """The document's workbook; its headings in `language` (the document's own, else the
    site's; Chinese when neither is known)."""
    laid = sheets(doc, language or doc.language or "zh-CN")
    parsed = read_grids([s.grid for s in laid], doc.kind).data
    patch = complement(input_data(doc), canon(parsed))
    return workbook_bytes(laid, patch)


def sheets(doc: model.Document, language: str = "zh-CN") -> list[Sheet]:
    """Every sheet of a document's workbook: its forms in order, then the cover sheet 说明 (the
    first sheet is the one a reader sees on opening, and the one a CSV conversion exports)."""
    out: list[Sheet] = []
    if isinstance(doc, model.FormDocument):
        out += [form_sheet(doc, f, f"表{i}") for i, f in enumerate(doc.forms, start=1)]
    elif isinstance(doc, model.ProjectTargets):
        out += [project_sheet(doc, p, f"项目{i}") for i, p in enumerate(doc.projects, start=1)]
    elif isinstance(doc, model.TargetCompletionReport):
        out.append(sheet_lists.targets_sheet(doc))
    elif isinstance(doc, model.ProgressReport):
        out.append(sheet_lists.progress_sheet(doc))
    elif isinstance(doc, model.IndicatorSeries):
        out.append(sheet_series.series_sheet(doc, language))
    elif isinstance(doc, model.Narrative):
        lay = Lay("正文", 1)
        lay.full(doc.body, "value")
        out.append(lay.sheet)
    return [*out, cover(doc, language)]


# ---------------------------------------------------------------- import
def import_workbook(path: Path, kind: str | None = None) -> Imported:
    grids = read_workbook(path)
    result = read_grids(grids, kind)
    hidden = next((g for g in grids if g.name == HIDDEN), None)
    if hidden is not None:
        blob = "".join(hidden.text(r, 0) for r in range(hidden.height))
        try:
            result.data = apply(result.data, json.loads(blob))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            result.notes.append(f"{HIDDEN} 工作表已损坏，未使用（锚点、草稿等设置需重新填写）")
    for grid in grids:
        result.notes += grid.notes
        result.problems += [Problem(ref, message) for ref, message in grid.errors]
    return result


# ---------------------------------------------------------------- the cover sheet
@functools.cache
def _cover_labels() -> dict[str, str]:
    """The cover sheet's labels (the model's Chinese names) → document fields."""
    labels = {zh(model.ProgressReport, n): n for n in ("title", "subtitle", "publisher", "year")}
    for cls in model.DOCUMENT_CLASSES.values():
        for name in ("period", "published", "annex", "source", "incomplete", "preface", "notes"):
            if name in cls.__dataclass_fields__:
                labels[zh(cls, name)] = name
        if "legend" in cls.__dataclass_fields__:
            labels[zh(cls, "legend")] = "legend"
    return {shown: name for label, name in labels.items() for shown in in_every_language(label)}


@functools.cache
def in_every_language(message: str) -> frozenset[str]:
    """A label as each catalog language writes it (a sheet may come in any of them)."""
    shown = set()
    for language in i18n.LANGUAGES:
        with i18n.using(language):
            shown.add(i18n.gettext(message))
    return frozenset(shown)


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
    if all(h in words for h in TARGET_HEADER[1:4]) and "完成" in words:
        return "target-completion"
    if "进度" in words and ("序时" in words or "累计" in words):
        return "progress"
    return _kind_named(titles) or _kind_named(words)


def _kind_named(words: str) -> str | None:
    for name, kind in (
        ("绩效指标监测", "indicator-series"),
        ("季度监测", "indicator-series"),
        ("绩效运行监控", "monitoring"),
        ("监控", "monitoring"),
        ("部门整体支出绩效自评", "department-evaluation"),
        ("部门整体支出绩效目标", "department-targets"),
        ("专项资金绩效自评", "special-fund-evaluation"),
        ("专项资金绩效目标", "special-fund-targets"),
        ("自评", "project-evaluation"),
        ("绩效目标申报", "project-targets"),
        ("绩效目标", "project-targets"),
    ):
        if name in words:
            return kind
    return None


def read_grids(grids: list[Grid], kind: str | None) -> Imported:
    cover_grid = next((g for g in grids if is_cover(g)), None)
    data: dict[str, Any] = {}
    problems: list[Problem] = []
    readers = []
    if cover_grid is not None:
        data, reader = read_cover(cover_grid)
        readers.append(reader)
    kind = kind or data.get("kind") or detect_kind(grids)
    content = [g for g in grids if g is not cover_grid and g.name != HIDDEN and g.cells]
    if kind not in model.DOCUMENT_CLASSES:
        where = cover_grid.name if cover_grid else (grids[0].name if grids else "")
        problems.append(Problem(f"{where}!A1", "无法判断表格的文件类型，请用 --kind 指定"))
        return Imported(data, problems)
    data["kind"] = data.get("kind") or kind
    body = _body(kind, content, data, readers)
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


def _body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if kind in model.FORM_KINDS:
        forms = []
        for grid in grids:
            sheet = Reader(sheet_regions.view(grid))
            readers.append(sheet)
            for reader in sheet.forms():
                form, title = read_form(reader, kind)
                if title:
                    body.setdefault("title", title)  # a sheet without the cover sheet 说明
                if title and title != model.KIND_ZH[kind]:
                    body["form_title"] = title
                if "_period" in form:
                    body.setdefault("period", form.pop("_period"))
                if "_annex" in form:  # 附件2 above the form: the document's annex number
                    body.setdefault("annex", form.pop("_annex"))
                forms.append(form)
        body["forms"] = forms
    elif kind == "project-targets":
        projects = []
        for grid in grids:
            sheet = Reader(sheet_regions.view(grid))
            readers.append(sheet)
            for reader in sheet.forms():
                project, fields = read_project(reader)
                projects.append(project)
                if "form_title" in fields:
                    body.setdefault("title", fields["form_title"])
                for key, value in fields.items():
                    body.setdefault(key, value)
        body["projects"] = projects
        if body.get("form_title") == "项目支出绩效目标申报表":
            del body["form_title"]
    elif kind == "target-completion":
        for grid in grids:
            reader = Reader(grid)
            readers.append(reader)
            found = targets_table(reader)
            if found:
                first = reader.rows[0]
                cell = reader.take(first, reader.anchors(first)[0])
                body.setdefault("title", cell)
                body.setdefault("groups", []).extend(found["groups"])
    elif kind == "progress":
        _read_tables(grids, readers, body, read_progress, "groups")
    elif kind == "indicator-series":
        _read_tables(grids, readers, body, sheet_series.read_series, "goals")
    elif kind == "narrative":
        for grid in grids:
            reader = Reader(grid)
            readers.append(reader)
            paragraphs = [reader.take(r, reader.anchors(r)[0]) for r in reader.rows]
            if paragraphs:
                body["body"] = At("\n\n".join(paragraphs), paragraphs[0].ref)
    return body


def _read_tables(
    grids: list[Grid],
    readers: list[Reader],
    body: dict[str, Any],
    read: Callable[[Reader], dict[str, Any]],
    rows: str,
) -> None:
    """A document of one table continued over sheets: each sheet's rows (`rows`: the list of
    groups or goals) are added in order; its other fields come from the first sheet that
    has them."""
    for grid in grids:
        reader = Reader(grid)
        readers.append(reader)
        for key, value in read(reader).items():
            if key == rows:
                body.setdefault(rows, []).extend(value)
            else:
                body.setdefault(key, value)


def target_path(data: dict[str, Any], source: Path) -> str:
    year = str(data.get("year", ""))
    slug = re.sub(r"[^a-z0-9-]+", "-", source.stem.lower()).strip("-") or "imported"
    return f"content/{year}/{slug}.yaml" if year else f"content/{slug}.yaml"
