"""Load stage 2b: the rules of each document kind, run on converted records.

Record rules (RECORD_RULES) run on each record as soon as it converts; document rules (CHECKS)
run on a whole document. Both report at the located field paths kept by the Converter.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from site_gen import model
from site_gen.errors import suggest
from site_gen.load.convert import INVALID, Converter
from site_gen.load.placeholders import find_placeholders
from site_gen.load.validate_forms import (
    check_budget,
    check_form,
    check_group,
    check_indicators,
    check_item,
    check_table,
)
from site_gen.load.validate_series import check_series, indicator_rule
from site_gen.load.yamlsrc import MappingNode, Node, ScalarNode
from site_gen.model import blocks, scoring


# ====================================================================== documents
def convert_document(conv: Converter, root: Node, brackets: bool = True) -> model.Document | None:
    """Pick the document class by `kind` and convert; record rules run on the way, document rules
    last. `brackets`: whether the source has a 【 at all (no placeholder to look for if not)."""
    if not isinstance(root, MappingNode):
        conv.reject(root, "", "文件顶层应当是若干 “字段: 值”", hint="第一行通常是 kind: …")
        return None
    kind_node = next((v for k, v in root.value if k.value == "kind"), None)
    choices = list(model.DOCUMENT_CLASSES)
    if kind_node is None:
        conv.reject(
            root,
            "kind",
            "缺少必填字段 “kind”（文件类型）",
            expected="、".join(f"{k}（{model.KIND_ZH[k]}）" for k in choices),
        )
        return None
    if not isinstance(kind_node, ScalarNode) or kind_node.value not in model.DOCUMENT_CLASSES:
        value = getattr(kind_node, "value", "")
        zh = {v: k for k, v in model.KIND_ZH.items()}
        hint = f"应写作 “{zh[value]}”" if value in zh else suggest(str(value), choices)
        conv.reject(
            kind_node,
            "kind",
            f"未知的文件类型 “{value}”",
            expected="、".join(f"{k}（{model.KIND_ZH[k]}）" for k in choices),
            hint=hint,
        )
        return None
    cls = model.DOCUMENT_CLASSES[kind_node.value]
    conv.kind = kind_node.value
    conv.rules = RECORD_RULES
    doc = conv.record(root, cls, "")
    if doc is INVALID:
        return None
    CHECKS[doc.kind](conv, doc)
    _check_revisions(conv, doc)
    if brackets:
        conv.problems += find_placeholders(conv.file, root, draft=doc.draft)
    _apply_silence(conv, doc)
    return doc


# Every warning's check code, with what it compares; a document may silence one with a reason.
CHECK_CODES: dict[str, str] = {
    "numbering": "照原文编号的条目是否从 1 连续编号",
    "problem-note": "写了问题说明时是否标明存在问题",
    "amount-total": "本年度预算是否不大于项目总金额",
    "over-budget": "执行数是否不大于预算数",
    "weights-100": "各项分值合计是否为 100",
    "grade": "自评等级是否与总分在 site.yaml 评分办法下的等级一致",
    "preface-amount": "前言所述金额合计是否与各表一致",
    "preface-count": "前言所述项目数是否与各表一致",
    "vocabulary": "一级、二级指标名称是否在常用指标体系中",
    "points": "一级、二级指标分值是否与各指标分值一致",
    "met-unclear": "能否判断实际值是否达到目标",
    "met": "填写的 met 是否与按数值比较的结果一致",
    "deviation": "未达成或可能不能完成的指标是否说明了偏差原因",
    "score": "填报得分是否与按 site.yaml 评分办法（默认 财预〔2020〕10号）计算的一致",
    "score-sum": "原表总分是否等于原表各行得分之和",
    "rate": "执行率是否与执行数 / 预算数一致",
    "table-total": "合计行是否等于各行之和",
    "budget-total": "预算表的总额行是否与下面各资金来源之和相符",
    "funding-total": "资金总额及构成中，总额是否等于各来源之和、来源是否等于其分项之和",
    "schedule-date": "项目实施进度计划的时间是否读得出年月、完成是否不早于开始",
    "unit-targets": "分单位列是否有指标填写",
    "totals": "原文所述总数是否不少于本表列出的项数",
    "revision-date": "更新日期是否不早于发布日期、按先后排列",
    "series-figure": "要比较的各期数值是否都是数值",
    "series-unit": "同一指标各期数值的单位是否一致",
    "series-period": "同一指标的各期期间是否各不相同",
    "series-range": "区间类指标是否写了上下限、下限不大于上限",
    # Across documents (site_gen/load/projects.py): silenced in the document the warning names.
    "stage-missing": "同一项目的目标表、监控表、自评表是否齐全",
    "indicators-differ": "自评表的指标是否与目标表的指标一致",
    "late": "发布日期是否晚于 site.yaml 规定的期限",
    "publisher": "有多个发布单位的网站上，文件是否写明了发布单位",
    "placeholder": "【】中的文字是否是示例文件留下的占位文字",
}


def _check_revisions(conv: Converter, doc: model.Document) -> None:
    previous, what = doc.published, "发布日期"
    for i, revision in enumerate(doc.revisions):
        if previous is not None and revision.date < previous:
            conv.warn(
                f"revisions[{i}].date",
                f"更新日期 {revision.date.isoformat()} 早于{what} {previous.isoformat()}",
                hint="更新记录按时间先后排列，且在发布之后",
                check="revision-date",
            )
        previous, what = revision.date, "上一条更新"


def _apply_silence(conv: Converter, doc: model.Document) -> None:
    """Drop the warnings the document silenced; a silence must name a known check."""
    silenced = set()
    for i, entry in enumerate(doc.silence):
        if entry.check not in CHECK_CODES:
            conv.error_at(
                f"silence[{i}].check",
                f"没有名为 “{entry.check}” 的检查项",
                expected="、".join(CHECK_CODES),
                hint=suggest(entry.check, list(CHECK_CODES)),
            )
        silenced.add(entry.check)
    conv.problems[:] = [
        p for p in conv.problems if p.severity == "error" or p.check not in silenced
    ]


def _check_statuses_and_totals(
    conv: Converter, doc: model.TargetCompletionReport | model.ProgressReport, items: str
) -> None:
    """Status words come from the common vocabulary or the document's own `statuses` list, so
    that a typo is caught and every word is counted under the name the source uses; stated
    totals may not be smaller than what the table lists. `items`: "targets" or "rows"."""
    listed = [
        (row.status, f"groups[{gi}].{items}[{ri}].status")
        for gi, group in enumerate(doc.groups)
        for ri, row in enumerate(getattr(group, items))
    ]
    used = [(status, path) for status, path in listed if status is not None]
    totals = doc.totals
    if totals is not None:
        used += [(c.status, f"totals.statuses[{i}].status") for i, c in enumerate(totals.statuses)]
    known = list(dict.fromkeys([*model.STATUSES, *doc.statuses]))
    for status, path in used:
        if status not in known:
            conv.error_at(
                path,
                f"不认识的状态 “{status}”",
                expected="、".join(known),
                hint=suggest(status, known)
                or "原文用的是其他说法时，把它写进本文件的 statuses 列表",
            )
    if totals is not None and totals.targets is not None and totals.targets < len(listed):
        conv.warn(
            "totals.targets",
            f"原文所述目标总数 {totals.targets} 少于本表列出的 {len(listed)} 项",
            hint="照原文发布；请核对原文",
            check="totals",
        )


def _unique(conv: Converter, items: list[tuple[str, str]], what: str) -> None:
    """items: (value, path). Report every value after its first occurrence."""
    first: dict[str, str] = {}
    for value, path in items:
        if value in first:
            conv.error_at(
                path,
                f"{what} “{value}” 重复（已用于 {first[value]}）",
                hint=f"同一文件中{what}不能重复",
            )
        else:
            first[value] = path


def check_completion(conv: Converter, doc: model.TargetCompletionReport) -> None:
    _unique(conv, [(g.id, f"groups[{i}].id") for i, g in enumerate(doc.groups) if g.id], "锚点编号")
    _check_statuses_and_totals(conv, doc, "targets")


def _target_group_rule(conv: Converter, group: model.TargetGroup, path: str) -> None:
    numbers = [
        (str(t.number), f"{path}.targets[{ti}].number") for ti, t in enumerate(group.targets)
    ]
    _unique(conv, numbers, "目标序号")
    if not group.targets:
        conv.error_at(f"{path}.targets", f"类别 “{group.name}” 没有目标")


def _target_rule(conv: Converter, target: model.Target, path: str) -> None:
    _check_item_numbers(conv, target.achievements, f"{path}.achievements")


def _check_item_numbers(conv: Converter, items: tuple[str, ...], path: str) -> None:
    """Author-numbered items should run 1, 2, 3…; a break is probably a typo (a warning)."""
    numbers = [model.split_number(text)[0] for text in items]
    if numbers.count(None) >= len(numbers) - 1 or numbers[0] != 1:
        return  # unnumbered (a lone leading figure like "2.5亿元" is not a number)
    for i, number in enumerate(numbers):
        if number != i + 1:
            conv.warn(
                f"{path}[{i}]",
                f"第 {i + 1} 条的编号是 {number if number is not None else '（无）'}",
                expected=f"编号 {i + 1}",
                hint="照原文编号时每一条都要写、从 1 开始连续；或全部不写编号，由系统自动编号",
                check="numbering",
            )
            return


def check_progress(conv: Converter, doc: model.ProgressReport) -> None:
    ids = [
        (r.id, f"groups[{g}].rows[{i}].id")
        for g, grp in enumerate(doc.groups)
        for i, r in enumerate(grp.rows)
        if r.id
    ]
    _unique(conv, ids, "锚点编号")
    _check_statuses_and_totals(conv, doc, "rows")
    extra = len(doc.columns.extra)
    for gi, group in enumerate(doc.groups):
        for ri, row in enumerate(group.rows):
            if len(row.extra) > extra:
                conv.error_at(
                    f"groups[{gi}].rows[{ri}].extra",
                    f"其他列写了 {len(row.extra)} 格，但 columns.extra 只有 {extra} 个列名",
                    hint="在 columns.extra 中按原表顺序写出每一列的列名",
                )
    stars = any(row.star for group in doc.groups for row in group.rows)
    if stars and not doc.legend.strip():
        conv.error_at(
            "legend",
            "有目标标注了 ★，但没有 ★ 的说明",
            hint='添加 legend，例如 legend: 注：打"★"的目标涉及社会评价意见重点整改目标',
        )


def _progress_group_rule(conv: Converter, group: model.ProgressGroup, path: str) -> None:
    if not group.rows:
        conv.error_at(f"{path}.rows", f"类别 “{group.category}” 没有目标")


def _progress_row_rule(conv: Converter, row: model.ProgressRow, path: str) -> None:
    if row.problem and not row.problem_note.strip():
        conv.error_at(
            f"{path}.problem",
            "存在问题（problem: true）但没有说明",
            hint="在 problem_note 中写明存在的问题",
        )
    if row.problem_note.strip() and row.problem is not True:
        conv.warn(
            f"{path}.problem_note", "写了问题说明，但 problem 不是 true", check="problem-note"
        )


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


def check_projects(conv: Converter, doc: model.ProjectTargets) -> None:
    codes = [(p.code, f"projects[{i}].code") for i, p in enumerate(doc.projects) if p.code]
    _unique(conv, codes, "项目编码")
    ids = [(p.id, f"projects[{i}].id") for i, p in enumerate(doc.projects) if p.id]
    _unique(conv, ids, "锚点编号")
    if not doc.projects:
        conv.error_at("projects", "没有项目", hint="至少填写一个项目")
    _check_preface_figures(conv, doc)


def _project_rule(conv: Converter, project: model.Project, path: str) -> None:
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


def _check_evaluation(conv: Converter, project: model.Project, path: str) -> None:
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


def _check_preface_figures(conv: Converter, doc: model.ProjectTargets) -> None:
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


def check_narrative(conv: Converter, doc: model.Narrative) -> None:
    if not doc.body.strip():
        conv.error_at("body", "正文为空")


def check_forms(conv: Converter, doc: model.FormDocument) -> None:
    if not doc.forms:
        conv.error_at("forms", "没有表", hint="至少填写一张表")
    ids = [(f.id, f"forms[{i}].id") for i, f in enumerate(doc.forms) if f.id]
    _unique(conv, ids, "锚点编号")


# Whole-document rules, by kind; they run when the whole file converted.
CHECKS: dict[str, Any] = {
    "target-completion": check_completion,
    "progress": check_progress,
    "project-targets": check_projects,
    "narrative": check_narrative,
    "indicator-series": check_series,
    **{kind: check_forms for kind in model.FORM_KINDS},
}
# Record rules run on each record as it converts, so one broken part hides nothing elsewhere.
RECORD_RULES: dict[type, Any] = {
    model.TargetGroup: _target_group_rule,
    model.Target: _target_rule,
    model.ProgressGroup: _progress_group_rule,
    model.ProgressRow: _progress_row_rule,
    model.Project: _project_rule,
    model.SeriesIndicator: indicator_rule,
    blocks.Form: check_form,
    blocks.IndicatorGroup: check_group,
    blocks.Indicator: check_item,
    blocks.Budget: check_budget,
    blocks.Table: check_table,
}
