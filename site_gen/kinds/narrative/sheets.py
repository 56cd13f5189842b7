"""The 公开说明 as a spreadsheet: its text in one cell (there is no form to fill in, so the site
offers no workbook of it; `site-gen export` writes one)."""

from __future__ import annotations

from typing import Any

from site_gen.kinds.narrative.model import Narrative
from site_gen.model import DocumentBase
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import Lay, Sheet
from site_gen.sheets.read import At, Reader, sheet_readers


def lay_out(doc: DocumentBase, language: str) -> list[Sheet]:
    """The document's sheets in the official layout (the cover sheet is added after them)."""
    assert isinstance(doc, Narrative)
    lay = Lay("正文", 1)
    lay.full(doc.body, "value")
    return [lay.sheet]


def read_body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    """The document's fields read from its sheets (the cover sheet 说明 aside); each sheet's
    reader joins `readers`, so that what no reader took is reported."""
    body: dict[str, Any] = {}
    for reader in sheet_readers(grids, readers):
        paragraphs = [reader.take(r, reader.anchors(r)[0]) for r in reader.rows]
        if paragraphs:
            body["body"] = At("\n\n".join(paragraphs), paragraphs[0].ref)
    return body
