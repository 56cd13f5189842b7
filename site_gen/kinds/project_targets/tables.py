"""The 项目支出绩效目标表 in the CSV download: long, one line per cell of every part of every project
form (tables.export_tables)."""

from __future__ import annotations

from site_gen import model
from site_gen.kinds.project_targets.model import ProjectTargets
from site_gen.tables import export_tables


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows."""
    doc = entry.doc
    assert isinstance(doc, ProjectTargets)
    lines = export_tables.document_lines(entry)  # the document's own fields, then each project
    for n, project in enumerate(doc.projects, start=1):
        lines += [
            [str(n), project.name, *cell] for cell in export_tables.project_cells(doc, project)
        ]
    return list(export_tables.LONG_COLUMNS), lines
