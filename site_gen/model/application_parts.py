"""Parts of the 申报表 and 目标表 templates besides their indicator tables (issue 34): the
funding structure (资金总额及构成) and the implementation schedule (项目实施进度计划).

Provinces lay these out alike: 资金总额 → 财政拨款（其中：上级财政资金、本级财政）、自有资金、
其他 (湖南), 资金总额 → 其中：市财政资金、其他资金 (市级), 资金总额：财政拨款：自有资金：事业收入：
经营性收入：其他 (陕西); 项目实施内容 | 开始时间 | 完成时间 (| 备注). Every cell stays as written: an
amount keeps its digits, a date stays 2021年3月 or 2016. A leaf of the model like blocks.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_gen.fieldtypes import Line, LongLine, spec
from site_gen.values import Figure


# ---------------------------------------------------------------- 资金总额及构成
@dataclass(frozen=True, kw_only=True)
class FundingPart:
    label: Line = spec("资金来源", "例如 上级财政资金、本级财政")
    amount: Figure | None = spec("金额", "照原表写，如 6923.3552；原表空白则不写", default=None)


@dataclass(frozen=True, kw_only=True)
class FundingItem:
    label: Line = spec("资金来源", "例如 财政拨款、自有资金、其他")
    amount: Figure | None = spec("金额", "照原表写；原表空白则不写", default=None)
    parts: tuple[FundingPart, ...] = spec(
        "其中", "这一项下列出的分项，例如 上级财政资金、本级财政", default=()
    )


@dataclass(frozen=True, kw_only=True)
class Funding:
    """资金总额及构成: the total, the sources that make it, and the parts of a source."""

    title: Line | None = spec(
        "栏名",
        '原表此栏的名称，例如 项目资金申请；不写则为 资金总额及构成；原表此栏无名称则写 ""',
        default=None,
    )
    unit: Line = spec("金额单位", "例如 万元", default="")
    total_label: Line = spec("总额栏名", "例如 总额、资金总额；不写则为 资金总额", default="")
    total: Figure | None = spec("总额", "照原表写；原表空白则不写", default=None)
    items: tuple[FundingItem, ...] = spec("构成", "总额下的各资金来源，按原表顺序", default=())


# ---------------------------------------------------------------- 项目实施进度计划
@dataclass(frozen=True, kw_only=True)
class ScheduleRow:
    content: LongLine = spec("项目实施内容", "照原表写，编号也照写，例如 1、总体概念规划")
    start: Line = spec("开始时间", "照原表写，例如 2021年3月、2016；原表空白则不写", default="")
    end: Line = spec("完成时间", "照原表写，例如 2021年12月", default="")
    remark: LongLine = spec("备注", default="")


@dataclass(frozen=True, kw_only=True)
class ScheduleTitles:
    """Column headings as the form prints them; not written: the common template's."""

    content: Line | None = spec("实施内容列名", "例如 项目实施进度内容", default=None)
    start: Line | None = spec("开始时间列名", default=None)
    end: Line | None = spec("完成时间列名", default=None)
    remark: Line | None = spec("备注列名", default=None)


@dataclass(frozen=True, kw_only=True)
class Schedule:
    title: Line | None = spec("栏名", "不写则为 项目实施进度计划", default=None)
    titles: ScheduleTitles = spec("列名", default=ScheduleTitles())
    rows: tuple[ScheduleRow, ...] = spec("进度", "每项实施内容一行，按原表顺序")


SCHEDULE_TITLES = {
    "content": "项目实施内容",
    "start": "开始时间",
    "end": "完成时间",
    "remark": "备注",
}


def schedule_columns(schedule: Schedule) -> list[tuple[str, str]]:
    """(key, heading) of the schedule's columns: 备注 only when the form has it."""
    keys = ["content", "start", "end"]
    if schedule.titles.remark is not None or any(r.remark for r in schedule.rows):
        keys.append("remark")
    titles = schedule.titles
    return [
        (k, SCHEDULE_TITLES[k] if getattr(titles, k) is None else getattr(titles, k)) for k in keys
    ]
