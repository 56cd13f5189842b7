"""The 进度情况表 rules: unique anchors, status words and stated totals, extra columns under their
headings, ★ with its legend, problems with their notes."""

from __future__ import annotations

from site_gen.kinds.progress.model import ProgressGroup, ProgressReport, ProgressRow
from site_gen.load.convert import Converter
from site_gen.load.validate import check_statuses_and_totals, unique


def check_progress(conv: Converter, doc: ProgressReport) -> None:
    ids = [
        (r.id, f"groups[{g}].rows[{i}].id")
        for g, grp in enumerate(doc.groups)
        for i, r in enumerate(grp.rows)
        if r.id
    ]
    unique(conv, ids, "锚点编号")
    check_statuses_and_totals(conv, doc, "rows")
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


def _progress_group_rule(conv: Converter, group: ProgressGroup, path: str) -> None:
    if not group.rows:
        conv.error_at(f"{path}.rows", f"类别 “{group.category}” 没有目标")


def _progress_row_rule(conv: Converter, row: ProgressRow, path: str) -> None:
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


check = check_progress
RECORD_RULES = {ProgressGroup: _progress_group_rule, ProgressRow: _progress_row_rule}
