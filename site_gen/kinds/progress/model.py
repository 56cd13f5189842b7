"""The 进度情况表 document: rows of targets by category under the column headings the
source prints, with their period and cumulative progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Cell, Line, LongLine, Markdown, Progress, Slug, Word, spec
from site_gen.model import DocumentBase
from site_gen.model.blocks import Possibility
from site_gen.model.document_parts import StatedTotals

Attribute = Literal["预期性", "约束性"]


@dataclass(frozen=True, kw_only=True)
class ProgressColumns:
    """The table's column headings as the source prints them."""

    name: Line = spec("目标名称列名", default="目标名称")
    indicator: Line = spec("考核指标列名", default="考核指标")
    attribute: Line = spec("指标属性列名", default="指标属性")
    deadline: Line = spec("完成时限列名", default="完成时限")
    current: Line = spec("本期进度列名", default="当月进度")
    cumulative: Line = spec("累计进度列名", default="累计进度")
    percent: Line = spec("完成比例列名", default="累计完成工作量")
    status: Line = spec("进度状态列名", default="进度状态")
    possibility: Line = spec("完成目标可能性列名", default="完成目标可能性")
    problem: Line = spec("是否存在问题列名", default="是否存在问题")
    extra: tuple[Line, ...] = spec("其他列名", "原表其他列的列名，按原表顺序", default=())


@dataclass(frozen=True, kw_only=True)
class ProgressRow:
    name: Line = spec("目标名称")
    id: Slug | None = spec("锚点编号", default=None)
    indicator: Markdown = spec("考核指标", default="")
    attribute: Attribute | None = spec("指标属性", "预期性 或 约束性", default=None)
    deadline: Line = spec("完成时限", "照原文写，例如 2020年12月、2021年度、1-9月", default="")
    current: Markdown = spec("本期进度", "例如 当月进度、三季度完成进度", default="")
    cumulative: Markdown = spec("累计进度", default="")
    percent: Progress | None = spec(
        "累计完成比例", "原文的百分数，不带 %；可超过 100 或为负数", default=None
    )
    status: Word | None = spec("进度状态", "例如 达到序时进度、未达到序时进度", default=None)
    possibility: Possibility | None = spec("完成目标可能性", default=None)
    extra: tuple[Cell, ...] = spec("其他列", "与 columns.extra 的列名一一对应", default=())
    problem: bool | None = spec("是否存在问题", "true（是）或 false（否）", default=None)
    problem_note: Markdown = spec("问题说明", "存在问题时必填", default="")
    star: bool = spec("★标记", "true 则在目标名称前加 ★，须配合 legend 说明", default=False)
    incomplete: bool = spec("原件残缺", "原件这一行被截断或缺损时写 true", default=False)


@dataclass(frozen=True, kw_only=True)
class ProgressGroup:
    category: Line = spec("类别", "例如 绩效指标、工作目标；原表不分类则不写", default="")
    rows: tuple[ProgressRow, ...] = spec("目标")


@dataclass(frozen=True, kw_only=True)
class ProgressReport(DocumentBase):
    kind: Literal["progress"] = spec("文件类型")
    columns: ProgressColumns = spec("列名", default=ProgressColumns())
    legend: LongLine = spec("★说明", '例如 注：打"★"的目标涉及社会评价意见重点整改目标', default="")
    statuses: tuple[Word, ...] = spec("其他状态", "本文件使用的、常用词表以外的状态", default=())
    totals: StatedTotals | None = spec("原文所述总数", default=None)
    groups: tuple[ProgressGroup, ...] = spec("类别")


DOCUMENTS: dict[str, type[DocumentBase]] = {"progress": ProgressReport}
