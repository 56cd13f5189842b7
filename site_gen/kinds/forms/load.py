"""The standard forms' rules: a form at least, unique anchors; each form's parts are checked by
load.validate_forms (shared with the project forms' indicator tables)."""

from __future__ import annotations

from site_gen import kinds, model
from site_gen.kinds.forms.model import FormDocument
from site_gen.load.convert import Converter
from site_gen.load.projects import Stage, outcomes
from site_gen.load.score_checks import TOLERANCE, Finding, grade_finding, indicator_findings
from site_gen.load.validate import unique
from site_gen.load.validate_forms import (
    check_budget,
    check_form,
    check_group,
    check_item,
    check_table,
)
from site_gen.model import blocks, scoring
from site_gen.model.memo import per_object
from site_gen.model.scoring import ScoringScheme


def check_forms(conv: Converter, doc: FormDocument) -> None:
    if not doc.forms:
        conv.error_at("forms", "没有表", hint="至少填写一张表")
    ids = [(f.id, f"forms[{i}].id") for i, f in enumerate(doc.forms) if f.id]
    unique(conv, ids, "锚点编号")


check = check_forms
RECORD_RULES = {
    blocks.Form: check_form,
    blocks.IndicatorGroup: check_group,
    blocks.Indicator: check_item,
    blocks.Budget: check_budget,
    blocks.Table: check_table,
}


def project_stages(entry: model.Entry) -> list[Stage]:
    """Each form of a file of standard forms is one stage of a project (its kind's stage)."""
    doc = entry.doc
    assert isinstance(doc, FormDocument)
    stage = kinds.get(doc.kind).stage
    found: list[Stage] = []
    if stage is None:
        return found
    for i, form in enumerate(doc.forms):
        score = form.total_score  # as the form states it: never a computed total
        grade = form.grade
        met: int | None = None
        judged: int | None = None
        if stage == "自评":
            met, judged = _outcomes(form)
        found.append(
            Stage(
                entry=entry,
                stage=stage,
                name=form.name,
                code=form.code,
                anchor=form.id or f"f{i + 1}",
                path=f"forms[{i}]",
                indicators=form.indicators,
                met=met,
                judged=judged,
                score=score,
                grade=grade,
            )
        )
    return found


@per_object
def _outcomes(form: blocks.Form) -> tuple[int, int]:
    return outcomes(form.indicators)  # the same on every rebuild of an unchanged file


def score_findings(doc: model.Document, scheme: ScoringScheme) -> list[Finding]:
    """Each form's scores that the site's scoring scheme would give differently."""
    assert isinstance(doc, FormDocument)
    out: list[Finding] = []
    for i, form in enumerate(doc.forms):
        path = f"forms[{i}]"
        out += indicator_findings(form.indicators, f"{path}.indicators", form.name)
        sheet = scoring.score_sheet(form, scheme)
        if (
            sheet.stated is not None
            and sheet.computed is not None
            and abs(sheet.stated - sheet.computed) > TOLERANCE
        ):
            out.append(
                Finding(
                    f"{path}.total_score",
                    f"{form.name}：总分",
                    str(sheet.stated),
                    str(sheet.computed),
                    "score",
                )
            )
        if sheet.stated is not None and form.grade is not None:
            what = f"{form.name}：总分 {sheet.stated} 的等级"
            out += grade_finding(f"{path}.grade", what, sheet.stated, form.grade, scheme)
    return out
