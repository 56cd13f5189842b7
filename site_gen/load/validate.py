"""Load stage 2b: the rules of each document kind, run on converted records.

Record rules (RECORD_RULES) run on each record as soon as it converts; document rules (CHECKS)
run on a whole document. Both report at the located field paths kept by the Converter.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol, cast

from site_gen import kinds, model
from site_gen.errors import suggest
from site_gen.kinds.completion.model import TargetCompletionReport
from site_gen.kinds.progress.model import ProgressReport
from site_gen.load.convert import INVALID, Converter
from site_gen.load.placeholders import find_placeholders
from site_gen.load.yamlsrc import MappingNode, Node, ScalarNode


class KindPart(Protocol):
    """What loading asks of a kind (site_gen/kinds/<family>/load.py)."""

    RECORD_RULES: dict[type, Any]

    def check(self, conv: Converter, doc: Any) -> None: ...


# ====================================================================== documents
def convert_document(conv: Converter, root: Node, brackets: bool = True) -> model.Document | None:
    """Pick the document class by `kind` and convert; record rules run on the way, document rules
    last. `brackets`: whether the source has a 【 at all (no placeholder to look for if not)."""
    if not isinstance(root, MappingNode):
        conv.reject(root, "", "文件顶层应当是若干 “字段: 值”", hint="第一行通常是 kind: …")
        return None
    kind_node = next((v for k, v in root.value if k.value == "kind"), None)
    choices = list(kinds.names())
    if kind_node is None:
        conv.reject(
            root,
            "kind",
            "缺少必填字段 “kind”（文件类型）",
            expected="、".join(f"{k}（{kinds.label(k)}）" for k in choices),
        )
        return None
    if not isinstance(kind_node, ScalarNode) or not kinds.known(kind_node.value):
        value = getattr(kind_node, "value", "")
        zh = {v: k for k, v in kinds.labels().items()}
        hint = f"应写作 “{zh[value]}”" if value in zh else suggest(str(value), choices)
        conv.reject(
            kind_node,
            "kind",
            f"未知的文件类型 “{value}”",
            expected="、".join(f"{k}（{kinds.label(k)}）" for k in choices),
            hint=hint,
        )
        return None
    cls = model.document_class(kind_node.value)
    conv.kind = kind_node.value
    conv.rules = record_rules()
    doc = conv.record(root, cls, "")
    if doc is INVALID:
        return None
    cast(KindPart, kinds.part(doc.kind, "load")).check(conv, doc)  # the kind's own rules
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
    "score-over": "各指标得分是否不大于其分值",
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


def check_statuses_and_totals(
    conv: Converter, doc: TargetCompletionReport | ProgressReport, items: str
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


def unique(conv: Converter, items: list[tuple[str, str]], what: str) -> None:
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


def check_item_numbers(conv: Converter, items: tuple[str, ...], path: str) -> None:
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


@functools.cache
def record_rules() -> dict[type, Any]:
    """Every kind's record rules, by record type: they run on each record as it converts, so
    one broken part hides nothing elsewhere (the forms' indicator rules serve the project
    forms too, whose indicator tables are the same records)."""
    rules: dict[type, Any] = {}
    for kind in kinds.all_kinds():
        rules.update(cast(KindPart, kinds.part(kind.name, "load")).RECORD_RULES)
    return rules
