"""The two list kinds in spreadsheets, both ways: the 目标完成情况 table (a group label merged
down its targets, one 取得实效 per row) and the 进度情况表 (the source's own column headings,
★ before a marked target's name, a legend row under the table)."""

from __future__ import annotations

from typing import Any

from site_gen import model
from site_gen.sheets.layout import Lay, Sheet, text
from site_gen.sheets.read import At, Reader, _bare
from site_gen.tables import export, form_tables

TARGET_HEADER = export.TARGET_COLUMNS


# ---------------------------------------------------------------- writing
def targets_sheet(doc: model.TargetCompletionReport) -> Sheet:
    lay = Lay("目标", len(TARGET_HEADER))
    lay.full(doc.title, "title")
    lay.cells(list(TARGET_HEADER), "header")
    for group in doc.groups:
        heights = [max(1, len(t.achievements)) for t in group.targets]
        lay.put(0, group.name, "label", rows=sum(heights))
        for target, height in zip(group.targets, heights, strict=True):
            bench = target.benchmark
            values = [
                str(target.number),
                target.name,
                target.content,
                bench.city if bench else "",
                bench.value if bench else "",
                target.status or "",
                target.summary,
            ]
            for col, value in enumerate(values, start=1):
                lay.put(col, value, "value", rows=height)
            for achievement in target.achievements or ("",):
                lay.put(8, achievement, "value")
                lay.row += 1
    lay.sheet.widths = {0: 10, 1: 6, 2: 18, 3: 36, 4: 10, 5: 24, 6: 10, 7: 36, 8: 40}
    lay.sheet.landscape = True
    return lay.sheet


def progress_header(doc: model.ProgressReport) -> list[tuple[str, str]]:
    """(key, heading) of the progress sheet's columns: the source's own headings."""
    shown = [(c.key, c.title) for c in form_tables.progress_columns(doc)]
    rows = [r for g in doc.groups for r in g.rows]
    if any(r.problem_note for r in rows):
        at = next((i + 1 for i, (k, _) in enumerate(shown) if k == "problem"), len(shown))
        shown.insert(at, ("problem_note", "问题说明"))
    return [("category", "类别"), ("name", doc.columns.name), *shown]


def progress_sheet(doc: model.ProgressReport) -> Sheet:
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


def progress_cell(row: model.ProgressRow, key: str) -> str:
    if key == "name":
        return ("★" if row.star else "") + row.name
    if key.startswith("extra:"):
        return form_tables.extra_cell(row, key)
    value = getattr(row, key)
    if key == "percent" and value is not None:
        return f"{text(value)}%"
    return text(value)


# ---------------------------------------------------------------- reading
_TARGET_WORDS = (  # heading words → Target field, first match wins
    ("类别", "group"),
    ("序号", "number"),
    ("编号", "number"),
    ("目标名称", "name"),
    ("目标内容", "content"),
    ("标杆城市", "city"),
    ("标杆值", "value"),
    ("状态", "status"),
    ("综述", "summary"),
    ("完成情况", "summary"),
    ("实效", "achievements"),
    ("成效", "achievements"),
    ("名称", "name"),
    ("内容", "content"),
)


def _target_key(heading: str) -> str | None:
    bare = _bare(heading)
    return next((key for word, key in _TARGET_WORDS if word in bare), None)


def _repeats(reader: Reader, row: int, keys: dict[int, str | None], target: dict[str, Any]) -> bool:
    """Whether a row repeats the current target's number and name."""
    shown = {
        k: reader.grid.text(row, c).rstrip(".、")
        for c, k in keys.items()
        if k in ("number", "name")
    }
    return all(str(target.get(k, "")) == v for k, v in shown.items())


def targets_table(reader: Reader) -> dict[str, Any]:
    """The 目标完成情况 table: groups as a merged first column (类别) or as rows across the
    table (一、重点目标); one target per row, or per several rows when it has several 取得实效."""
    header = reader.header_row(_target_key)
    if header is None:
        return {}
    keys = {c: _target_key(reader.grid.text(header, c)) for c in reader.anchors(header)}
    for c, key in keys.items():
        if key is not None:
            reader.take(header, c)
    group_col = next((c for c, k in keys.items() if k == "group"), None)
    groups: list[dict[str, Any]] = []
    target: dict[str, Any] | None = None
    for row in reader.rows[reader.rows.index(header) + 1 :]:
        anchors = reader.anchors(row)
        if len(anchors) == 1 and reader.span_cols(row, anchors[0]) >= 3:  # 一、重点目标
            groups.append({"name": reader.take(row, anchors[0]), "targets": []})
            continue
        if group_col is not None and reader.grid.text(row, group_col):
            groups.append({"name": reader.take(row, group_col), "targets": []})
        if not groups:
            continue  # cells before any group are reported as unplaced
        starts = any(reader.grid.text(row, c) for c, k in keys.items() if k in ("number", "name"))
        if starts and not (target is not None and _repeats(reader, row, keys, target)):
            target = {}
            groups[-1]["targets"].append(target)
        elif starts:  # the target's cells repeated on its next row (a sheet without merges)
            for c, key in keys.items():
                if key in ("number", "name") and reader.grid.text(row, c):
                    reader.take(row, c)
            starts = False
        if target is None:
            continue
        for c, key in keys.items():
            if key in (None, "group") or not reader.grid.text(row, c):
                continue
            if key == "achievements":
                target.setdefault("achievements", []).append(reader.take(row, c))
            elif starts:
                cell = reader.take(row, c)
                if key in ("city", "value"):
                    target.setdefault("benchmark", {})[key] = cell
                else:
                    target[key] = At(cell.rstrip(".、"), cell.ref) if key == "number" else cell
    for group in groups:
        for entry in group["targets"]:
            if "benchmark" in entry:  # the model's order: before status and summary
                entry.update(
                    {k: entry.pop(k) for k in ("status", "summary", "achievements") if k in entry}
                )
    return {"groups": groups}


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
    defaults = model.ProgressColumns()
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
