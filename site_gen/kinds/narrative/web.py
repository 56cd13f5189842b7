"""A 公开说明 has nothing to count: the site says nothing of it on its own."""

from __future__ import annotations

from site_gen.i18n import Language
from site_gen.model import DocumentBase
from site_gen.web.summaries import Summary


def summarise(doc: DocumentBase, lang: Language) -> Summary:
    return Summary()


def is_cut(doc: DocumentBase) -> bool:
    return False
