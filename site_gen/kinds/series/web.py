"""What the site says of a 绩效指标监测 document: the lead and figures of web.series_summary."""

from __future__ import annotations

from site_gen.i18n import Language
from site_gen.kinds.series.model import IndicatorSeries
from site_gen.model import DocumentBase
from site_gen.web import series_summary
from site_gen.web.summaries import Summary


def summarise(doc: DocumentBase, lang: Language) -> Summary:
    assert isinstance(doc, IndicatorSeries)
    return Summary(series_summary.lead(doc, lang), series_summary.figures(doc, lang))


def is_cut(doc: DocumentBase) -> bool:
    return False  # a series marks no part of itself as cut off; the document may be
