"""What the site says of a file of standard forms: how many forms and indicators it holds."""

from __future__ import annotations

from site_gen.i18n import Language
from site_gen.kinds.forms.model import FormDocument
from site_gen.model import DocumentBase, scoring
from site_gen.tables.form_tables import indicator_rows
from site_gen.web.summaries import Summary, say


def _forms(doc: FormDocument) -> Summary:
    rows = [r for f in doc.forms for r in indicator_rows(f.indicators) if not r.blank]
    lead = say("forms", count=len(doc.forms))
    figures = [say("fig_forms", count=len(doc.forms))]
    if rows:
        lead += say("indicators", count=len(rows))
        figures.append(say("fig_indicators", count=len(rows)))
    return Summary(lead + say("end"), tuple(figures))


def summarise(doc: DocumentBase, lang: Language) -> Summary:
    assert isinstance(doc, FormDocument)
    return _forms(doc)


def is_cut(doc: DocumentBase) -> bool:
    """Whether a form, or a part of one, is marked as cut off in the source."""
    assert isinstance(doc, FormDocument)
    return any(scoring.form_incomplete(f) for f in doc.forms)
