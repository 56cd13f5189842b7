"""The 进度情况表 table of the CSV download: one row per row of the source, under its own headings."""

from __future__ import annotations

from site_gen import model
from site_gen.kinds.progress.model import ProgressReport
from site_gen.tables.export import marks


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows."""
    doc = entry.doc
    assert isinstance(doc, ProgressReport)
    c = doc.columns
    header = [
        "类别",
        c.name,
        "★",
        c.indicator,
        c.attribute,
        c.deadline,
        c.current,
        c.cumulative,
        c.percent,
        c.status,
        c.possibility,
        c.problem,
        "问题说明",
        *c.extra,
        "标注",
    ]
    blank = ("",) * len(c.extra)
    rows = [
        [
            g.category,
            r.name,
            "★" if r.star else "",
            r.indicator.strip(),
            r.attribute or "",
            r.deadline,
            r.current.strip(),
            r.cumulative.strip(),
            "" if r.percent is None else f"{r.percent}%",
            r.status or "",
            r.possibility or "",
            "" if r.problem is None else ("是" if r.problem else "否"),
            r.problem_note.strip(),
            *(r.extra + blank)[: len(c.extra)],
            marks(doc, r.incomplete),
        ]
        for g in doc.groups
        for r in g.rows
    ]
    return header, rows


def orientation(doc: model.Document) -> str:
    return "landscape"  # a progress table has six columns and more
