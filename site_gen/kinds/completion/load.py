"""The 目标完成情况 rules: unique anchors and target numbers, status words, stated totals, numbered
achievements."""

from __future__ import annotations

from site_gen.kinds.completion.model import Target, TargetCompletionReport, TargetGroup
from site_gen.load.convert import Converter
from site_gen.load.validate import check_item_numbers, check_statuses_and_totals, unique


def check_completion(conv: Converter, doc: TargetCompletionReport) -> None:
    unique(conv, [(g.id, f"groups[{i}].id") for i, g in enumerate(doc.groups) if g.id], "锚点编号")
    check_statuses_and_totals(conv, doc, "targets")


def _target_group_rule(conv: Converter, group: TargetGroup, path: str) -> None:
    numbers = [
        (str(t.number), f"{path}.targets[{ti}].number") for ti, t in enumerate(group.targets)
    ]
    unique(conv, numbers, "目标序号")
    if not group.targets:
        conv.error_at(f"{path}.targets", f"类别 “{group.name}” 没有目标")


def _target_rule(conv: Converter, target: Target, path: str) -> None:
    check_item_numbers(conv, target.achievements, f"{path}.achievements")


check = check_completion
RECORD_RULES = {TargetGroup: _target_group_rule, Target: _target_rule}
