"""The standard forms as spreadsheets: one sheet per form in the official layout
(sheets.layout), read back form by form (sheets.forms), several forms down one sheet or one
per sheet."""

from __future__ import annotations

from typing import Any

from site_gen import kinds
from site_gen.kinds.forms.model import FormDocument
from site_gen.model import DocumentBase
from site_gen.sheets.forms import read_form
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import Sheet, form_sheet
from site_gen.sheets.read import Reader, form_readers


def lay_out(doc: DocumentBase, language: str) -> list[Sheet]:
    """The document's sheets in the official layout (the cover sheet is added after them)."""
    assert isinstance(doc, FormDocument)
    return [form_sheet(doc, f, f"表{i}") for i, f in enumerate(doc.forms, start=1)]


def read_body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    """The document's fields read from its sheets (the cover sheet 说明 aside); each sheet's
    reader joins `readers`, so that what no reader took is reported."""
    body: dict[str, Any] = {}
    forms = []
    for reader in form_readers(grids, readers):
        form, title = read_form(reader, kind)
        if title:
            body.setdefault("title", title)  # a sheet without the cover sheet 说明
        if title and title != kinds.label(kind):
            body["form_title"] = title
        if "_period" in form:
            body.setdefault("period", form.pop("_period"))
        if "_annex" in form:  # 附件2 above the form: the document's annex number
            body.setdefault("annex", form.pop("_annex"))
        forms.append(form)
    body["forms"] = forms
    return body
