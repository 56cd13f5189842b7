"""The 绩效评价评分表's rows and columns, shared by its page, its annex, its workbook and its CSV
download (long, one line per cell, like the standard forms: tables.export_tables)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from site_gen import model
from site_gen.kinds.scorecard.model import (
    EvaluationScorecards,
    Scorecard,
    ScoreColumn,
    ScoreGroup,
    ScoreItem,
    ScoreSubgroup,
    ScoreTitles,
)
from site_gen.tables import export_tables

# The common headings (Hunan's 部门整体支出绩效评价指标表, 财预〔2020〕10号's 指标体系框架).
HEADINGS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "points": "分值",
    "explanation": "指标解释",
    "standard": "评价标准",
    "score": "得分",
    "remark": "备注",
}
AFTER: tuple[ScoreColumn, ...] = ("explanation", "standard", "score", "remark")


@dataclass(frozen=True)
class ScoreRow:
    """One indicator with the level cells that open on its row (span 0: the cell above covers
    it)."""

    number: int  # 1, 2, 3… down the card
    group: ScoreGroup
    level1_span: int
    subgroup: ScoreSubgroup
    level2_span: int
    item: ScoreItem


def score_rows(card: Scorecard) -> list[ScoreRow]:
    rows: list[ScoreRow] = []
    for group in card.groups:
        first_of_group = True
        group_span = sum(len(sub.items) for sub in group.groups)
        for sub in group.groups:
            for i, item in enumerate(sub.items):
                rows.append(
                    ScoreRow(
                        len(rows) + 1,
                        group,
                        group_span if first_of_group else 0,
                        sub,
                        len(sub.items) if i == 0 else 0,
                        item,
                    )
                )
                first_of_group = False
    return rows


def title(titles: ScoreTitles, key: str) -> str:
    """A column's heading: the source's own words, else the common one."""
    return str(getattr(titles, key)) or HEADINGS[key]


def points_shown(card: Scorecard) -> tuple[bool, bool, bool]:
    """Whether the card has a 分值 column after its 一级, 二级 and 三级 indicators: where a
    figure is written at that level (points written inside a label, 投入(19分), stay there)."""
    return (
        any(g.points is not None for g in card.groups),
        any(s.points is not None for g in card.groups for s in g.groups),
        any(i.points is not None for g in card.groups for s in g.groups for i in s.items),
    )


def after_columns(card: Scorecard) -> list[ScoreColumn]:
    """The columns after the indicator's name and points, in the card's order: the ones it
    lists, else those the card fills in (or titles), in the common order."""
    if card.columns:
        return list(dict.fromkeys(card.columns))
    items = [i for g in card.groups for s in g.groups for i in s.items]
    return [
        key
        for key in AFTER
        if getattr(card.titles, key)
        or any(getattr(i, key) not in ("", None) for i in items)
        or (key == "score" and card.total_score is not None)
    ]


def card_columns(card: Scorecard) -> list[tuple[str, str]]:
    """(key, heading) of every column of the card, left to right; a points column's key says
    its level (points1, points2, points)."""
    one, two, three = points_shown(card)
    heading = title(card.titles, "points")
    columns = [("level1", title(card.titles, "level1"))]
    columns += [("points1", heading)] if one else []
    columns += [("level2", title(card.titles, "level2"))]
    columns += [("points2", heading)] if two else []
    columns += [("name", title(card.titles, "name"))]
    columns += [("points", heading)] if three else []
    return columns + [(key, title(card.titles, key)) for key in after_columns(card)]


def cell(row: ScoreRow, key: str) -> str:
    """A cell of an indicator's row as written (a blank stays blank)."""
    if key == "level1":
        return row.group.level1
    if key == "points1":
        return export_tables.text(row.group.points)
    if key == "level2":
        return row.subgroup.level2
    if key == "points2":
        return export_tables.text(row.subgroup.points)
    return export_tables.text(getattr(row.item, key))


def card_heading(card: Scorecard, index: int) -> str:
    """A card's heading in the contents: its own, else its subject and title as written."""
    return card.heading or "".join((card.name, card.title)) or f"评分表{index}"


def _card_cells(card: Scorecard) -> Iterator[export_tables.Cell]:
    facts = [(card.name_title or "评价对象", card.name), ("表名", card.title)]
    facts += [(f.label, f.value) for f in card.facts]
    facts += [("原件不完整", card.incomplete)] if card.incomplete else []
    for n, (label, value) in enumerate([f for f in facts if f[1]], start=1):
        yield "基本情况", str(n), label, export_tables.text(value), ""
    columns = card_columns(card)
    for row in score_rows(card):
        marks = (
            (export_tables.UNCLEAR, row.item.unclear),
            (export_tables.INCOMPLETE, row.item.incomplete),
        )
        mark = "；".join(m for m, on in marks if on)
        for key, heading in columns:
            value = cell(row, key)
            if value:
                yield "评分指标", str(row.number), heading, value, mark if key == "name" else ""
    totals = [("合计分值", export_tables.text(card.total_points))]
    totals += [("合计得分", export_tables.text(card.total_score)), ("评价等级", card.grade)]
    for n, (label, value) in enumerate([t for t in totals if t[1]], start=1):
        yield "合计", str(n), label, value, ""
    if card.notes:
        yield "表下说明", "1", "说明", card.notes.strip(), ""
    for n, fact in enumerate(card.signatures, start=1):
        yield "签字", str(n), fact.label, export_tables.text(fact.value), ""


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    """The CSV's header and rows: the document's own fields, then each card cell by cell."""
    doc = entry.doc
    assert isinstance(doc, EvaluationScorecards)
    lines = export_tables.document_lines(entry)
    for n, card in enumerate(doc.cards, start=1):
        name = card_heading(card, n)
        lines += [[str(n), name, *c] for c in _card_cells(card)]
    return list(export_tables.LONG_COLUMNS), lines


def orientation(doc: model.Document) -> str:
    """A card with its explanation and scoring rule beside the levels needs a wide page."""
    assert isinstance(doc, EvaluationScorecards)
    widest = max((len(card_columns(c)) for c in doc.cards), default=0)
    return "landscape" if widest > 6 else "portrait"
