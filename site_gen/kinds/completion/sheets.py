"""The 目标完成情况 as a spreadsheet, both ways: a group label merged down its targets, one 取得实效 per
row; read back by its headings."""

from __future__ import annotations

from typing import Any

from site_gen.kinds.completion.model import TargetCompletionReport
from site_gen.kinds.completion.tables import TARGET_COLUMNS
from site_gen.model import DocumentBase
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import Lay, Sheet
from site_gen.sheets.read import At, Reader, _bare, sheet_readers

TARGET_HEADER = TARGET_COLUMNS


# ---------------------------------------------------------------- writing
def targets_sheet(doc: TargetCompletionReport) -> Sheet:
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


def lay_out(doc: DocumentBase, language: str) -> list[Sheet]:
    """The document's sheets in the official layout (the cover sheet is added after them)."""
    assert isinstance(doc, TargetCompletionReport)
    return [targets_sheet(doc)]


def read_body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    """The document's fields read from its sheets (the cover sheet 说明 aside); each sheet's
    reader joins `readers`, so that what no reader took is reported."""
    body: dict[str, Any] = {}
    for reader in sheet_readers(grids, readers):
        found = targets_table(reader)
        if found:
            first = reader.rows[0]
            cell = reader.take(first, reader.anchors(first)[0])
            body.setdefault("title", cell)
            body.setdefault("groups", []).extend(found["groups"])
    return body


def looks_like(words: str) -> bool:
    """A sheet without its cover sheet is a 目标完成情况 when it has the table's headings."""
    return all(h in words for h in TARGET_HEADER[1:4]) and "完成" in words
