"""The reviewer's check of the forms' scores against the site's scoring scheme (issue 33).

A form's scores are the bureau's: the public pages print them as stated. Whether they agree
with a scheme is a question for the reviewer before publication, so it is asked here, once the
site (and its site.yaml `scoring`) is known: every indicator score, total and grade that the
scheme would give differently is a warning naming the scheme, the form and the field. The same
comparisons feed the preview's review panel (review.py). Warnings are silenced per document
like every other check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from site_gen import interrupt, kinds, model
from site_gen.errors import Location, Problem
from site_gen.model import scoring
from site_gen.model.memo import per_object
from site_gen.model.site_config import ScoringScheme

TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Finding:
    """One score the scheme gives differently from the form: where, what, and both figures."""

    path: str  # field path in the document, e.g. forms[0].indicators[1].groups[0].items[2].score
    what: str  # the row or total, as a reviewer reads it
    stated: str
    computed: str
    check: str  # "score" or "grade"


def scheme_of(site: model.Site) -> ScoringScheme:
    return site.config.scoring or scoring.DEFAULT_SCHEME


@per_object
def findings(doc: model.Document, scheme: ScoringScheme) -> list[Finding]:
    """Every score of a document that the scheme would give differently."""
    out: list[Finding] = []
    findings_of = getattr(kinds.part(doc.kind, "load"), "score_findings", None)
    if findings_of is not None:  # a kind whose forms carry scores checks them
        out += findings_of(doc, scheme)
    return out


def grade_finding(
    path: str, what: str, score: Decimal, grade: str, scheme: ScoringScheme
) -> list[Finding]:
    """The stated grade, when the scheme gives the stated total another grade."""
    expected = scoring.grade_of(score, scheme)
    return [] if expected == grade else [Finding(path, what, grade, expected, "grade")]


def indicator_findings(
    groups: tuple[model.IndicatorGroup, ...], path: str, owner: str
) -> list[Finding]:
    out = []
    for g, group in enumerate(groups):
        for s, sub in enumerate(group.groups):
            for k, item in enumerate(sub.items):
                if item.weight is None or item.score is None:
                    continue
                computed = scoring.judge(item).computed
                if computed is not None and abs(computed - item.score) > TOLERANCE:
                    out.append(
                        Finding(
                            f"{path}[{g}].groups[{s}].items[{k}].score",
                            f"{owner}：{item.name or sub.level2}",
                            str(item.score),
                            str(computed),
                            "score",
                        )
                    )
    return out


def scheme_checks(site: model.Site, where: Mapping[str, Mapping[str, Location]]) -> list[Problem]:
    """Warnings for every score the site's scheme gives differently, at the field's line."""
    scheme = scheme_of(site)
    problems = []
    for entry in site.entries:
        interrupt.check()  # the preview's finishing stops here once superseded
        silenced = {s.check for s in entry.doc.silence}
        places = where.get(entry.source, {})
        for found in findings(entry.doc, scheme):
            if found.check in silenced:
                continue
            verb = "应为" if found.check == "grade" else "计算为"
            message = f"{found.what}：原表 {found.stated}，按评分办法“{scheme.name}”{verb} {found.computed}"
            problems.append(
                Problem(
                    places.get(found.path, Location(entry.source)),
                    found.path,
                    message,
                    hint="照原表发布（公开的网页只显示原表的得分）；请向填报单位核实",
                    severity="warning",
                    check=found.check,
                )
            )
    return problems
