"""The standard forms in the CSV download: long, one line per cell of every part of every form
(tables.export_tables), since their tables differ."""

from __future__ import annotations

from site_gen import model
from site_gen.kinds.forms.model import FormDocument
from site_gen.tables import export_tables, form_tables


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows."""
    doc = entry.doc
    assert isinstance(doc, FormDocument)
    lines = export_tables.document_lines(entry)  # the document's own fields, then each form
    for n, form in enumerate(doc.forms, start=1):
        lines += [[str(n), form.name, *cell] for cell in export_tables.form_cells(doc.kind, form)]
    return list(export_tables.LONG_COLUMNS), lines


def orientation(doc: model.Document) -> str:
    """Two level columns and more than three others (a 自评表 has ten) need a wide page."""
    assert isinstance(doc, FormDocument)
    widest = max((len(form_tables.form_columns(doc.kind, f)) for f in doc.forms), default=0)
    return "landscape" if widest > 3 else "portrait"
