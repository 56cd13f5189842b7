"""What the site says of a 绩效评价评分表: how many cards and indicators it has, and each card's
total and grade as the source states them (no total is computed, no grade given)."""

from __future__ import annotations

from typing import Any

from site_gen.i18n import Language
from site_gen.kinds.scorecard import tables
from site_gen.kinds.scorecard.model import EvaluationScorecards
from site_gen.model import DocumentBase
from site_gen.web.summaries import Summary, say

# What the kind's templates call (templates/kinds/evaluation-scorecard.html and its annex).
TEMPLATE_FUNCTIONS: dict[str, Any] = {
    "score_rows": tables.score_rows,
    "score_columns": tables.card_columns,
    "score_cell": tables.cell,
    "score_card_heading": tables.card_heading,
}


def summarise(doc: DocumentBase, lang: Language) -> Summary:
    assert isinstance(doc, EvaluationScorecards)
    items = sum(len(tables.score_rows(card)) for card in doc.cards)
    lead = say("forms", count=len(doc.cards)) + say("indicators", count=items)
    figures = [say("fig_forms", count=len(doc.cards)), say("fig_indicators", count=items)]
    for card in doc.cards:
        if card.total_score is not None:
            name = card.name if len(doc.cards) > 1 else ""
            lead += say("card_score", name=name, score=card.total_score)
            if card.grade:
                lead += say("card_grade", grade=card.grade)
    if len(doc.cards) == 1 and doc.cards[0].total_score is not None:
        figures.append(say("fig_score", score=doc.cards[0].total_score))
    return Summary(lead + say("end"), tuple(figures))


def is_cut(doc: DocumentBase) -> bool:
    """Whether a card or one of its rows is marked as cut off in the source."""
    assert isinstance(doc, EvaluationScorecards)
    items = [i for c in doc.cards for g in c.groups for s in g.groups for i in s.items]
    return any(c.incomplete for c in doc.cards) or any(i.incomplete for i in items)
