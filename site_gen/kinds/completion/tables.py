"""The 目标完成情况 table of the CSV and JSON downloads: one row per target."""

from __future__ import annotations

from site_gen import model
from site_gen.kinds.completion.model import TargetCompletionReport
from site_gen.tables.export import marks

# The 目标完成情况 table's columns, as the CSV and the spreadsheet (sheets.lists) head them.
TARGET_COLUMNS = (
    "类别",
    "序号",
    "目标名称",
    "目标内容",
    "标杆城市",
    "标杆值",
    "完成状态",
    "完成情况综述",
    "取得实效",
)


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows."""
    doc = entry.doc
    assert isinstance(doc, TargetCompletionReport)
    header = [*TARGET_COLUMNS, "标注"]  # 标注: the source's marks, a column of the CSV only
    rows = [
        [
            g.name,
            str(t.number),
            t.name,
            t.content.strip(),
            t.benchmark.city if t.benchmark else "",
            t.benchmark.value if t.benchmark else "",
            t.status or "",
            t.summary.strip(),
            "\n".join(f"{n}.{text}" for n, text in model.numbered_items(t.achievements)),
            marks(doc, t.incomplete),
        ]
        for g in doc.groups
        for t in g.targets
    ]
    return header, rows
