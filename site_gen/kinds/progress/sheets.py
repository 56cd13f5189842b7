"""The 进度情况表 as a spreadsheet, both ways: the source's own column headings, ★ before a marked
target's name, a legend row under the table."""

from __future__ import annotations

from typing import Any

from site_gen.kinds.progress.model import ProgressColumns, ProgressReport, ProgressRow
from site_gen.model import DocumentBase
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import Lay, Sheet, text
from site_gen.sheets.read import At, Reader, _bare, read_tables
from site_gen.tables import form_tables


def progress_header(doc: ProgressReport) -> list[tuple[str, str]]:
    """(key, heading) of the progress sheet's columns: the source's own headings."""
    shown = [(c.key, c.title) for c in form_tables.progress_columns(doc)]
    rows = [r for g in doc.groups for r in g.rows]
    if any(r.problem_note for r in rows):
        at = next((i + 1 for i, (k, _) in enumerate(shown) if k == "problem"), len(shown))
        shown.insert(at, ("problem_note", "问题说明"))
    return [("category", "类别"), ("name", doc.columns.name), *shown]


def progress_sheet(doc: ProgressReport) -> Sheet:
    header = progress_header(doc)
    lay = Lay("进度", len(header))
    lay.full(doc.title, "title")
    lay.cells([title for _, title in header], "header")
    for group in doc.groups:
        lay.put(0, group.category, "label", rows=len(group.rows))
        for row in group.rows:
            for col, (key, _) in enumerate(header[1:], start=1):
                lay.put(col, progress_cell(row, key), "value")
            lay.row += 1
    lay.sheet.widths = {
        i: (24 if key in ("indicator", "current", "cumulative") else 12)
        for i, (key, _) in enumerate(header)
    }
    lay.sheet.landscape = True
    return lay.sheet


def progress_cell(row: ProgressRow, key: str) -> str:
    if key == "name":
        return ("★" if row.star else "") + row.name
    if key.startswith("extra:"):
        return form_tables.extra_cell(row, key)
    value = getattr(row, key)
    if key == "percent" and value is not None:
        return f"{text(value)}%"
    return text(value)


# ---------------------------------------------------------------- reading
_PROGRESS_WORDS = (  # heading words → ProgressRow field, first match wins
    ("类别", "category"),
    ("问题说明", "problem_note"),
    ("是否存在问题", "problem"),
    ("问题", "problem"),
    ("可能性", "possibility"),
    ("状态", "status"),
    ("累计完成", "percent"),
    ("比例", "percent"),
    ("完成率", "percent"),
    ("累计", "cumulative"),
    ("属性", "attribute"),
    ("时限", "deadline"),
    ("时间", "deadline"),
    ("指标", "indicator"),
    ("进度", "current"),
    ("名称", "name"),
    ("目标", "name"),
)


def read_progress(reader: Reader) -> dict[str, Any]:
    header = reader.header_row(_progress_key)
    if header is None:
        return {}
    doc: dict[str, Any] = {}
    if (title := reader.title_above(header)) is not None:
        doc["title"] = title
    defaults = ProgressColumns()
    columns: dict[str, Any] = {}
    keys: dict[int, str] = {}
    extra: list[str] = []
    for c in reader.anchors(header):
        heading = reader.take(header, c)
        key = _progress_key(heading)
        if key is None or key in keys.values():
            key = f"extra:{len(extra)}"
            extra.append(heading)
        elif key not in ("category", "problem_note") and heading != getattr(defaults, key):
            columns[key] = heading
        keys[c] = key
    if extra:
        columns["extra"] = extra
    if columns:
        doc["columns"] = columns
    groups: list[dict[str, Any]] = []
    category = next((c for c, k in keys.items() if k == "category"), None)
    for row in reader.rows[reader.rows.index(header) + 1 :]:
        first = reader.grid.text(row, reader.anchors(row)[0])
        if len(reader.anchors(row)) == 1 and ("★" in first or first.startswith("注")):
            doc["legend"] = reader.take(row, reader.anchors(row)[0])
            continue
        if category is not None and reader.grid.text(row, category):
            cell = reader.take(row, category)
            if not groups or cell != groups[-1]["category"]:  # not the label repeated
                groups.append({"category": cell, "rows": []})
        if not groups:
            groups.append({"category": At("", reader.grid.ref(row, 0)), "rows": []})
        entry: dict[str, Any] = {}
        for c, key in keys.items():
            value = reader.grid.text(row, c)
            if key == "category" or not value:
                continue
            cell = reader.take(row, c)
            if key == "name" and cell.startswith("★"):
                entry["star"] = True
                cell = At(cell[1:], cell.ref)
            if key == "problem":
                entry[key] = cell in ("是", "存在")
            elif key == "percent":
                entry[key] = At(cell.rstrip("%％"), cell.ref)
            elif key.startswith("extra:"):
                entry.setdefault("extra", [""] * len(extra))[int(key[6:])] = cell
            else:
                entry[key] = cell
        if entry:
            groups[-1]["rows"].append(entry)
    doc["groups"] = groups
    return doc


def _progress_key(heading: str) -> str | None:
    bare = _bare(heading)
    return next((key for word, key in _PROGRESS_WORDS if word in bare), None)


def lay_out(doc: DocumentBase, language: str) -> list[Sheet]:
    """The document's sheets in the official layout (the cover sheet is added after them)."""
    assert isinstance(doc, ProgressReport)
    return [progress_sheet(doc)]


def read_body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    """The document's fields read from its sheets (the cover sheet 说明 aside); each sheet's
    reader joins `readers`, so that what no reader took is reported."""
    body: dict[str, Any] = {}
    read_tables(grids, readers, body, read_progress, "groups")
    return body


def looks_like(words: str) -> bool:
    """A sheet without its cover sheet is a 进度情况表 when it speaks of 序时 or 累计 progress
    and is not a three-level indicator table (a scorecard's 支付进度率 speaks of 序时进度)."""
    return "进度" in words and ("序时" in words or "累计" in words) and "一级指标" not in words
