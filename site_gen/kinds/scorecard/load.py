"""The 绩效评价评分表 rules. Errors: a card with no indicators. Warnings, the card published as
written: points of a level that disagree with the points below it, a score above its points,
a stated total that is not the sum of its rows, a grade the site's scoring scheme would not
give that total."""

from __future__ import annotations

from decimal import Decimal

from site_gen import model
from site_gen.kinds.scorecard.model import EvaluationScorecards, Scorecard
from site_gen.load.convert import Converter
from site_gen.load.score_checks import Finding, grade_finding
from site_gen.load.validate import unique
from site_gen.model.blocks import points_in_label
from site_gen.model.scoring import ScoringScheme


def check_cards(conv: Converter, doc: EvaluationScorecards) -> None:
    if not doc.cards:
        conv.error_at("cards", "没有评分表", hint="至少填写一张评分表")
    ids = [(c.id, f"cards[{i}].id") for i, c in enumerate(doc.cards) if c.id]
    unique(conv, ids, "锚点编号")


def _card_rule(conv: Converter, card: Scorecard, path: str) -> None:
    if not card.groups:
        conv.error_at(f"{path}.groups", "评分表没有指标", hint="照原表填写一级、二级、三级指标")
    for g, group in enumerate(card.groups):
        for s, sub in enumerate(group.groups):
            if not sub.items:
                conv.error_at(
                    f"{path}.groups[{g}].groups[{s}].items",
                    f"二级指标 “{sub.level2}” 下没有三级指标",
                    hint="照原表填写；原表只有两级时，把二级指标也写作三级指标",
                )
    _check_scores(conv, card, path)
    if card.incomplete or any(i.incomplete for g in card.groups for s in g.groups for i in s.items):
        return  # a card cut in the source: its sums cannot be compared with what is left
    for g, group in enumerate(card.groups):
        where = f"{path}.groups[{g}]"
        stated = _points(group.points, group.level1)
        below = [_points(sub.points, sub.level2) for sub in group.groups]
        _compare(conv, where, group.level1, stated, below, "二级指标")
        for s, sub in enumerate(group.groups):
            items = [_points(item.points, item.name) for item in sub.items]
            stated = _points(sub.points, sub.level2)
            _compare(conv, f"{where}.groups[{s}]", sub.level2, stated, items, "三级指标")
    _check_totals(conv, card, path)


def _points(points: Decimal | None, label: str) -> Decimal | None:
    return points if points is not None else points_in_label(label)


def _compare(
    conv: Converter,
    path: str,
    label: str,
    stated: Decimal | None,
    below: list[Decimal | None],
    what: str,
) -> None:
    total = _differing_sum(stated, below)
    if total is not None:
        conv.warn(
            f"{path}.points",
            f"“{label}” 的分值 {stated} 与其下各{what}分值之和 {total} 不符",
            hint="照原表发布；请核对原表分值",
            check="points",
        )


def _differing_sum(stated: Decimal | None, parts: list[Decimal | None]) -> Decimal | None:
    """The sum of the parts when it differs from the stated figure; None when they agree or
    a figure is blank (nothing to compare with)."""
    if stated is None or not parts or any(p is None for p in parts):
        return None
    total = sum((p for p in parts if p is not None), Decimal(0))
    return total if total != stated else None


def _check_scores(conv: Converter, card: Scorecard, path: str) -> None:
    """Each indicator's score against its own points (written in its column or its label)."""
    n = 0
    for g, group in enumerate(card.groups):
        for s, sub in enumerate(group.groups):
            for i, item in enumerate(sub.items):
                n += 1
                points = _points(item.points, item.name)
                if item.score is not None and points is not None and item.score > points:
                    conv.warn(
                        f"{path}.groups[{g}].groups[{s}].items[{i}].score",
                        f"第 {n} 行 “{item.name}” 得分 {item.score} 大于分值 {points}",
                        hint="照原表发布；请核对得分与分值是否填反",
                        check="score-over",
                    )


def _check_totals(conv: Converter, card: Scorecard, path: str) -> None:
    """The 合计 row against the rows above it, where every figure it sums is written."""
    levels = [_points(g.points, g.level1) for g in card.groups]
    if (total := _differing_sum(card.total_points, levels)) is not None:
        conv.warn(
            f"{path}.total_points",
            f"合计分值 {card.total_points} 与各一级指标分值之和 {total} 不符",
            hint="照原表发布；请核对合计行",
            check="points",
        )
    scores = [i.score for g in card.groups for s in g.groups for i in s.items]
    if (total := _differing_sum(card.total_score, scores)) is not None:
        conv.warn(
            f"{path}.total_score",
            f"合计得分 {card.total_score} 与各指标得分之和 {total} 不符",
            hint="照原表发布；请核对合计行",
            check="score-sum",
        )


check = check_cards
RECORD_RULES = {Scorecard: _card_rule}


def score_findings(doc: model.Document, scheme: ScoringScheme) -> list[Finding]:
    """A card's stated grade that the site's scoring scheme gives its stated total otherwise;
    a grade written in words of its own (优秀, 良好) is not compared."""
    assert isinstance(doc, EvaluationScorecards)
    names = {band.grade for band in scheme.grades} or {"优", "良", "中", "差"}
    out: list[Finding] = []
    for i, card in enumerate(doc.cards):
        if card.total_score is not None and card.grade in names:
            what = f"{card.name or card.title or f'评分表{i + 1}'}：总分 {card.total_score} 的等级"
            out += grade_finding(f"cards[{i}].grade", what, card.total_score, card.grade, scheme)
    return out
