"""Time-series indicators (the Performance.gov priority-goal shape, and 季度监测 in China): an
indicator with a baseline, a target and a value for each period (quarter, month or year).

Every cell is kept as written (`0.033` with unit `Percentage` stays `0.033`), and every field a
real report may leave blank is optional: a period not yet reported has no value, a year without
a stated target has none. What site_gen computes from them (met or not, progress from baseline
to target, its band) is in model/trends.py. The 绩效指标监测 document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Cell, Line, Markdown, Progress, Slug, Word, spec
from site_gen.model import DocumentBase

# How an indicator is judged: the direction the goal wants, a range to stay within, a milestone
# reached or not (said in words), or no direction at all (reported for information).
SeriesType = Literal["increase", "decrease", "range", "milestone", "undefined"]


@dataclass(frozen=True, kw_only=True)
class Observation:
    period: Line = spec("期间", "例如 2024年一季度、2024-03、FY2018、Q3 FY2019")
    target: Cell = spec("目标值", "该期的目标值，照原文写；原文未写则不写", default="")
    minimum: Cell = spec("目标下限", "区间目标（type: range）的下限", default="")
    maximum: Cell = spec("目标上限", "区间目标（type: range）的上限", default="")
    value: Cell = spec("实际值", "该期的实际值，照原文写；尚未报告则不写", default="")
    status: Word | None = spec(
        "状态", "原文写的状态，例如 Complete、已完成（里程碑类指标）", default=None
    )
    note: Markdown = spec("说明", default="")


@dataclass(frozen=True, kw_only=True)
class SeriesIndicator:
    name: Line = spec("指标名称")
    id: Slug | None = spec("锚点编号", default=None)
    objective: Line = spec("所属目标", "例如 战略目标或子目标；相邻指标相同则合并显示", default="")
    type: SeriesType | None = spec(
        "指标类型",
        "increase（越高越好）、decrease（越低越好）、range（在区间内）、"
        "milestone（里程碑）或 undefined（不定方向）；原文未写则不写",
        default=None,
    )
    unit: Line = spec("单位", "照原文写，例如 %、万元、Percentage", default="")
    baseline: Cell = spec("基线值", "照原文写；原文没有基线则不写", default="")
    baseline_period: Line = spec("基线期间", "例如 2023年、FY2017", default="")
    target: Cell = spec("目标值", "整个目标期的目标值（各期目标写在 values 中）", default="")
    target_period: Line = spec("目标期间", "例如 2025年底、FY2020", default="")
    description: Markdown = spec("指标说明", default="")
    notes: Markdown = spec("注释", "数据来源、口径等", default="")
    values: tuple[Observation, ...] = spec("各期数值", "按时间先后，每期一项")


@dataclass(frozen=True, kw_only=True)
class SeriesGoal:
    name: Line = spec("目标名称")
    id: Slug | None = spec("锚点编号", default=None)
    statement: Markdown = spec("目标表述", default="")
    indicators: tuple[SeriesIndicator, ...] = spec("指标")


@dataclass(frozen=True, kw_only=True)
class Band:
    """A status band of progress from baseline to target: progress at or above `at_least` gets this
    label (bands are tried from the highest `at_least` down)."""

    at_least: Progress = spec("下限", "进度（%）不低于此值时用本状态，例如 100、50、0")
    label: Word = spec("状态", "例如 达到目标、On track")


@dataclass(frozen=True, kw_only=True)
class SeriesColumns:
    """The table's column headings; a blank one is the interface language's word."""

    period: Line = spec("期间列名", default="")
    target: Line = spec("目标值列名", default="")
    range: Line = spec("目标区间列名", default="")
    value: Line = spec("实际值列名", default="")
    outcome: Line = spec("是否达到列名", default="")
    status: Line = spec("状态列名", default="")


@dataclass(frozen=True, kw_only=True)
class IndicatorSeries(DocumentBase):
    kind: Literal["indicator-series"] = spec("文件类型")
    columns: SeriesColumns = spec(
        "列名", "表头改为原文的说法；不写则用界面语言的说法", default=SeriesColumns()
    )
    bands: tuple[Band, ...] = spec(
        "进度状态分档",
        "按基线到目标的进度（%）分档；不写则为 达到目标、有进展、无变化、倒退",
        default=(),
    )
    goals: tuple[SeriesGoal, ...] = spec("目标")


DOCUMENTS: dict[str, type[DocumentBase]] = {"indicator-series": IndicatorSeries}
