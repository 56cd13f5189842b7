"""The 项目支出绩效目标表 document: one form per project (facts, goal, indicators) and,
when published together, its 绩效自评."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from site_gen.fieldtypes import Line, LongLine, Markdown, Money, Positive, Score, Slug, spec
from site_gen.model import DocumentBase
from site_gen.model.blocks import Fact, IndicatorGroup


@dataclass(frozen=True, kw_only=True)
class BudgetExecution:
    initial: Money = spec("年初预算数（元）")
    adjusted: Money | None = spec(
        "调整后预算数（元）", "原表空白则不写；执行率这时按年初预算数计算", default=None
    )
    executed: Money = spec("执行数（元）")
    weight: Score | None = spec("分值", "预算执行率的分值，常为 10", default=None)
    score: Score | None = spec("得分", default=None)


@dataclass(frozen=True, kw_only=True)
class SelfEvaluation:
    budget: BudgetExecution | None = spec("预算执行情况", default=None)
    score: Score | None = spec("自评总分", default=None)
    grade: Literal["优", "良", "中", "差"] | None = spec("自评等级", default=None)
    summary: Markdown = spec("自评结论", default="")


@dataclass(frozen=True, kw_only=True)
class Project:
    """A 项目支出绩效目标表. Only the name is required: real forms leave any other field blank."""

    name: Line = spec("项目名称")
    heading: Line = spec("目录标题", "目录中显示的标题；不写则为 项目名称+绩效目标", default="")
    id: Slug | None = spec("锚点编号", default=None)
    page: Positive | None = spec("原文页码", "原件目录中的页码（可选）", default=None)
    code: Line = spec("项目编码", "例如 109014(2021)022", default="")
    category: Line = spec("项目类别", "例如 经常性项目、当年项目", default="")
    use: Line = spec("资金用途", "例如 业务类、政策类、基本建设", default="")
    start: date | None = spec("开始日期", default=None)
    end: date | None = spec("结束日期", default=None)
    nature: Line = spec("项目性质", "例如 年初预算；原表空白则不写", default="")
    funding: Line = spec("预算来源", "例如 一般公共预算、政府性基金", default="")
    total: Money | None = spec("项目总金额（元）", default=None)
    amount: Money | None = spec("本年度预算申请金额（元）", default=None)
    organiser: Line = spec("组织实施单位", default="")
    implementers: tuple[Line, ...] = spec("项目实施单位", default=())
    facts: tuple[Fact, ...] = spec("其他栏目", "原表其他 栏目—内容，按原表顺序", default=())
    goal: Markdown = spec("年度绩效目标", default="")
    indicators: tuple[IndicatorGroup, ...] = spec("绩效指标")
    evaluation: SelfEvaluation | None = spec("绩效自评", default=None)
    incomplete: LongLine = spec("原件不完整", "原表残缺时写明缺了什么", default="")


@dataclass(frozen=True, kw_only=True)
class ProjectTargets(DocumentBase):
    kind: Literal["project-targets"] = spec("文件类型")
    form_title: Line = spec("表名", default="项目支出绩效目标申报表")
    goal_title: Line = spec(
        "年度目标栏名", "原表的栏名，例如 2021年绩效目标；不写则为 年度绩效目标", default=""
    )
    contents: bool = spec("目录", "是否生成目录", default=True)
    projects: tuple[Project, ...] = spec("项目")


DOCUMENTS: dict[str, type[DocumentBase]] = {"project-targets": ProjectTargets}
