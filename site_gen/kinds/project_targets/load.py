"""The 项目支出绩效目标表 rules: unique codes and anchors, dates and amounts of a project, its indicators
and self-evaluation, the totals its preface states."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from site_gen import model
from site_gen.kinds.project_targets.model import Project, ProjectTargets
from site_gen.load.convert import Converter
from site_gen.load.projects import Stage, outcomes
from site_gen.load.score_checks import Finding, grade_finding, indicator_findings
from site_gen.load.validate import unique
from site_gen.load.validate_forms import check_indicators
from site_gen.model import scoring
from site_gen.model.scoring import ScoringScheme

_PREFACE_AMOUNT = re.compile(r"(?:预算|资金|金额)[^。；，\d]{0,6}(\d+(?:\.\d+)?)\s*(亿|万)元")


_PREFACE_COUNT = re.compile(r"(\d+)\s*个(?:重点)?项目")


_TOTAL_WORD = re.compile(r"共|合计|总计|总额|总金额|累计|全部")


_SENTENCE_END = re.compile(r"[。；！？\n]")


def claimed_totals(preface: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Figures that a preface sentence states as a total: a total word (共, 合计…) comes before
    them in the same sentence. Table rows ("| 资金 | 6923.3552万元 |") and figures of a part
    ("其中资金5万元用于…") are not claims about the whole and are not compared."""
    found = []
    for line in preface.splitlines():
        if line.lstrip().startswith("|"):
            continue
        for sentence in _SENTENCE_END.split(line):
            for match in pattern.finditer(sentence):
                if _TOTAL_WORD.search(sentence, 0, match.start()):
                    found.append(match)
    return found


def check_projects(conv: Converter, doc: ProjectTargets) -> None:
    codes = [(p.code, f"projects[{i}].code") for i, p in enumerate(doc.projects) if p.code]
    unique(conv, codes, "项目编码")
    ids = [(p.id, f"projects[{i}].id") for i, p in enumerate(doc.projects) if p.id]
    unique(conv, ids, "锚点编号")
    if not doc.projects:
        conv.error_at("projects", "没有项目", hint="至少填写一个项目")
    _check_preface_figures(conv, doc)


def _project_rule(conv: Converter, project: Project, path: str) -> None:
    if project.start and project.end and project.end < project.start:
        conv.error_at(f"{path}.end", f"结束日期 {project.end} 早于开始日期 {project.start}")
    if project.amount is not None and project.total is not None and project.amount > project.total:
        conv.warn(
            f"{path}.amount",
            f"本年度预算申请金额 {project.amount} 元大于项目总金额 {project.total} 元",
            hint="照原表发布；请检查两个金额是否填反，或是否多写了一位",
            check="amount-total",
        )
    if not project.indicators:
        conv.error_at(f"{path}.indicators", "没有绩效指标")
    check_indicators(conv, project.indicators, f"{path}.indicators")
    _check_evaluation(conv, project, path)


def _check_evaluation(conv: Converter, project: Project, path: str) -> None:
    items = scoring.items_of(project.indicators)
    weights = [i.weight for i in items if i.weight is not None]
    evaluated = any(i.actual is not None for i in items)
    evaluation = project.evaluation
    if evaluation and evaluation.budget:
        budget = evaluation.budget
        base = budget.adjusted if budget.adjusted is not None else budget.initial
        if base and budget.executed > base:
            conv.warn(f"{path}.evaluation.budget.executed", "执行数大于预算数", check="over-budget")
        if budget.weight is not None:
            weights.append(budget.weight)
    if evaluated and weights and sum(weights) != 100:
        conv.warn(
            f"{path}.indicators",
            f"各项分值合计为 {sum(weights)}，不是 100",
            hint="例如 财预〔2020〕10号附件：产出 50、效益 30、满意度 10、预算执行 10",
            check="weights-100",
        )


def _check_preface_figures(conv: Converter, doc: ProjectTargets) -> None:
    """Soft check: figures stated in the preface should agree with the forms."""
    if any(p.amount is None for p in doc.projects):
        return  # a blank amount: the forms give no total to compare with
    total = sum((p.amount for p in doc.projects if p.amount is not None), Decimal(0))
    for match in claimed_totals(doc.preface, _PREFACE_AMOUNT):
        stated = Decimal(match.group(1))
        scale = Decimal(100_000_000) if match.group(2) == "亿" else Decimal(10_000)
        decimals = -stated.as_tuple().exponent  # type: ignore[operator]
        tolerance = Decimal(5) * Decimal(10) ** (-decimals - 1)
        if abs(total / scale - stated) > tolerance:
            conv.warn(
                "preface",
                f"前言中写的 “{match.group(0)}” 与各项目本年度预算合计 {total} 元不符",
                hint="核对前言中的金额，或检查是否漏填了项目",
                check="preface-amount",
            )
    for match in claimed_totals(doc.preface, _PREFACE_COUNT):
        if Decimal(match.group(1)) != len(doc.projects):  # a 5,000-digit count is not an int
            conv.warn(
                "preface",
                f"前言中写的 “{match.group(0)}” 与本文件的项目数 {len(doc.projects)} 不符",
                check="preface-count",
            )


check = check_projects
RECORD_RULES = {Project: _project_rule}


def project_stages(entry: model.Entry) -> list[Stage]:
    """Each project's form is its 目标 stage, and its 自评 stage too when it carries one."""
    doc = entry.doc
    assert isinstance(doc, ProjectTargets)
    found: list[Stage] = []
    for i, project in enumerate(doc.projects):
        planned = Stage(
            entry=entry,
            stage="目标",
            name=project.name,
            code=project.code,
            anchor=project.id or f"p{i + 1}",
            path=f"projects[{i}]",
            indicators=project.indicators,
        )
        found.append(planned)
        evaluation = project.evaluation
        if evaluation is not None or any(
            item.actual is not None for item in scoring.items_of(project.indicators)
        ):  # the same form carries its self-evaluation (自评 columns filled in)
            counts = outcomes(project.indicators)
            found.append(
                replace(
                    planned,
                    stage="自评",
                    met=counts[0],
                    judged=counts[1],
                    score=evaluation.score if evaluation else None,
                    grade=evaluation.grade if evaluation else None,
                )
            )
    return found


def score_findings(doc: model.Document, scheme: ScoringScheme) -> list[Finding]:
    """Each project's self-evaluation grade that the site's scoring scheme would give
    differently."""
    assert isinstance(doc, ProjectTargets)
    out: list[Finding] = []
    for i, project in enumerate(doc.projects):
        path = f"projects[{i}]"
        out += indicator_findings(project.indicators, f"{path}.indicators", project.name)
        evaluation = project.evaluation
        if evaluation and evaluation.score is not None and evaluation.grade is not None:
            what = f"{project.name}：自评总分 {evaluation.score} 的等级"
            where = f"{path}.evaluation.grade"
            out += grade_finding(where, what, evaluation.score, evaluation.grade, scheme)
    return out
