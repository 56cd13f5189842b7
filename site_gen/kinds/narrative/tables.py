"""The 公开说明 in the CSV download: its title and its text."""

from __future__ import annotations

from site_gen import model
from site_gen.kinds.narrative.model import Narrative


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows."""
    doc = entry.doc
    assert isinstance(doc, Narrative)
    return ["标题", "正文"], [[doc.title, doc.body.strip()]]
