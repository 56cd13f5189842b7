"""Parts of any document besides its tables: the status vocabulary, totals the source states,
silenced checks and the revision log. A leaf of the model like blocks.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from site_gen.fieldtypes import Count, Line, LongLine, Word, spec

# ---------------------------------------------------------------- statuses, stated totals, silenced checks
# Status words as sources write them, each with its meaning (badge colour, and the order in
# which counts are listed). A document may declare other words in `statuses`.
STATUSES: dict[str, str] = {
    "已完成": "done",
    "基本完成": "mostly",
    "部分完成": "partial",
    "未完成": "missed",
    "进行中": "ongoing",
    "未启动": "pending",
    "已终止": "stopped",
    "超序时进度": "ahead",
    "超过序时进度": "ahead",
    "达到序时进度": "on-schedule",
    "符合序时进度": "on-schedule",
    "按序时推进": "on-schedule",
    "未达到序时进度": "behind",
    "未达序时进度": "behind",
    "滞后序时进度": "behind",
    "滞后于序时进度": "behind",
}


@dataclass(frozen=True, kw_only=True)
class StatusCount:
    status: Word = spec("状态")
    count: Count = spec("项数")


@dataclass(frozen=True, kw_only=True)
class StatedTotals:
    """Totals the source itself states (e.g. 全年共 150 项目标，124 项达到序时进度).

    Published as the source's figures beside what the page lists; never computed.
    """

    scope: Line = spec("范围", "原文的说法，例如 全年、本年度；不写则不显示", default="")
    targets: Count | None = spec("目标总数", default=None)
    statuses: tuple[StatusCount, ...] = spec("各状态项数", default=())


@dataclass(frozen=True, kw_only=True)
class Silence:
    check: Line = spec("检查项", "警告中 “检查项：” 后的代号，例如 preface-amount")
    reason: LongLine = spec("理由", "为什么照原表发布，例如 原表如此，已向编制单位核实")


@dataclass(frozen=True, kw_only=True)
class Revision:
    """One correction or update after publication, as the page's 更新记录 lists it."""

    date: date = spec("更新日期", "例如 2021-04-15")
    summary: LongLine = spec("更新说明", "改了什么，例如 更正项目一的年度预算数（原为 700 万元）")
