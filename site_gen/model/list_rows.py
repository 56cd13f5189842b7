"""Rows of the two list kinds: a target-completion report's targets and a progress table's
rows, with the progress table's column headings. A leaf of the model like blocks.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Cell, Line, LongLine, Markdown, Positive, Progress, Slug, Word, spec
from site_gen.model.blocks import Possibility

Attribute = Literal["预期性", "约束性"]


@dataclass(frozen=True, kw_only=True)
class Benchmark:
    city: Line = spec("标杆城市")
    value: LongLine = spec("标杆值", "标杆城市的做法或数值")


@dataclass(frozen=True, kw_only=True)
class Target:
    number: Positive = spec("序号")
    name: Line = spec("目标名称")
    content: Markdown = spec("目标内容", "原文没有目标内容一栏则不写", default="")
    benchmark: Benchmark | None = spec("标杆城市及标杆值", default=None)
    status: Word | None = spec(
        "完成状态", "例如 已完成、未达到序时进度；原文未写则不写", default=None
    )
    summary: Markdown = spec("完成情况综述", "状态之后的综述文字", default="")
    achievements: tuple[Markdown, ...] = spec(
        "取得实效", "逐条列出；可照原文写编号（如 1.加大…），不写则自动编号", default=()
    )
    incomplete: bool = spec("原件残缺", "原件这一项被截断或缺损时写 true", default=False)


@dataclass(frozen=True, kw_only=True)
class TargetGroup:
    name: Line = spec("类别", "例如 重点目标、创优目标")
    id: Slug | None = spec("锚点编号", "网页锚点；不写则按顺序生成", default=None)
    targets: tuple[Target, ...] = spec("目标")


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
