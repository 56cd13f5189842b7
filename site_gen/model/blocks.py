"""Reusable blocks of the standard performance forms: indicator tables, budget tables, typed tables.

Real forms differ by province and year, so every block keeps the source's own labels and leaves
every cell optional: a cell the source left blank stays blank, `/` stays `/`, and figures keep
the digits they were written with (values.Figure). Nothing here supplies a value the source lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from site_gen.fieldtypes import (
    Cell,
    Line,
    LongLine,
    Markdown,
    Score,
    Slug,
    spec,
)
from site_gen.model.application_parts import Funding, Schedule
from site_gen.values import Figure, Value

# Labels of the indicator tree as the national framework names them. Forms also write them with
# spaces ("产 出 指 标"), without 指标 ("质量") or with points ("产出指标(50分)"); the label is kept as
# written and only checked against these to catch typos (a warning, never a rewrite).
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标", "履职效能", "管理效率")
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "满意度指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
)
# 完成目标可能性 in monitoring forms (财预〔2019〕136号 and provincial variants).
Possibility = Literal["确定能", "有可能", "不可能", "完全不可能"]
# Points written inside a label as printed: 产出指标(50分), 预算执行情况（10分）.
_POINTS_IN_LABEL = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def points_in_label(label: str) -> Decimal | None:
    match = _POINTS_IN_LABEL.search(label)
    return Decimal(match.group(1)) if match else None


# ---------------------------------------------------------------- indicator table
@dataclass(frozen=True, kw_only=True)
class Indicator:
    name: LongLine = spec("三级指标", "指标名称")
    target: Value | None = spec(
        "指标值", '例如 ">=85%"、"=3个"、"可控"；原表空白则不写', default=None
    )
    operator: Line = spec("指标性质", "原表把指标值拆成三列时的 指标性质（如 =、≥、≤）", default="")
    unit: Line = spec("度量单位", "原表把指标值拆成三列时的 度量单位（如 %、个）", default="")
    unit_targets: tuple[Cell, ...] = spec(
        "分单位指标值", "每个单位（如各乡镇）一列时，按 indicator_units 的顺序逐个填写", default=()
    )
    explanation: LongLine = spec("指标解释", "指标说明、评分标准或指标来源", default="")
    progress: LongLine = spec("执行情况", "监控表的 1-N月（半年度）指标执行情况", default="")
    possibility: Possibility | None = spec(
        "完成目标可能性", "确定能、有可能 或 不可能", default=None
    )
    actual: Value | None = spec("实际完成值", "绩效自评时填写", default=None)
    weight: Score | None = spec("分值", "绩效自评时填写（权重）", default=None)
    score: Score | None = spec("得分", "绩效自评时填写", default=None)
    deviation: LongLine = spec("偏差原因分析及改进措施", default="")
    met: bool | None = spec(
        "是否达成", "无法自动比较（如定性指标）时由评价人判断填写", default=None
    )
    remark: LongLine = spec("备注", default="")
    unclear: bool = spec("字迹不清", "原件该行无法辨认时写 true，页面会注明", default=False)
    incomplete: bool = spec(
        "原件残缺", "原件该行被截断或缺损（不是字迹不清）时写 true，页面会注明", default=False
    )

    @property
    def target_text(self) -> str:
        return self.target.text if self.target is not None else ""


@dataclass(frozen=True, kw_only=True)
class IndicatorSubgroup:
    level2: Line = spec("二级指标", "照原表填写，例如 数量指标")
    points: Score | None = spec("分值", "原表写在二级指标处的分值（可选）", default=None)
    items: tuple[Indicator, ...] = spec("三级指标", "原表该二级指标下没有指标时不写", default=())

    @property
    def stated_points(self) -> Decimal | None:
        return self.points if self.points is not None else points_in_label(self.level2)


@dataclass(frozen=True, kw_only=True)
class IndicatorGroup:
    level1: Line = spec("一级指标", "照原表填写，例如 产出指标")
    points: Score | None = spec(
        "分值", "原表写在一级指标处的分值，如 产出指标(50分) 写 50", default=None
    )
    groups: tuple[IndicatorSubgroup, ...] = spec("二级指标")

    @property
    def stated_points(self) -> Decimal | None:
        return self.points if self.points is not None else points_in_label(self.level1)


@dataclass(frozen=True, kw_only=True)
class IndicatorTitles:
    """Column headings of an indicator table as the source form prints them."""

    level1: Line = spec("一级指标列名", default="")
    level2: Line = spec("二级指标列名", "例如 指标名称（原表只有两级时）", default="")
    name: Line = spec("三级指标列名", "例如 指标名称、三级指标", default="")
    target: Line = spec("指标值列名", "例如 年度指标值、指标值", default="")
    actual: Line = spec("完成值列名", "例如 实际完成值、完成值", default="")
    weight: Line = spec("分值列名", "例如 分值、权重", default="")
    score: Line = spec("得分列名", default="")
    deviation: Line = spec("偏差原因列名", "例如 未完成原因分析", default="")
    progress: Line = spec("执行情况列名", "例如 半年度指标执行情况、1-6月执行情况", default="")
    explanation: Line = spec("指标解释列名", "例如 指标解释、指标说明", default="")


# The columns an indicator table may have after its level columns (tables.form_tables.form_columns).
IndicatorColumn = Literal[
    "name",
    "operator",
    "target",
    "unit",
    "explanation",
    "progress",
    "possibility",
    "actual",
    "weight",
    "score",
    "deviation",
    "remark",
    "units",  # where the per-unit target columns (indicator_units) stand; else after target
]


# ---------------------------------------------------------------- budget execution
BudgetColumn = Literal[
    "initial",
    "adjusted",
    "executed",
    "forecast",
    "rate",
    "forecast_rate",
    "weight",
    "score",
    "reason",
]


@dataclass(frozen=True, kw_only=True)
class BudgetRow:
    source: Line = spec("资金来源", "例如 年度资金总额、其中：财政拨款、上年结转、其他资金")
    initial: Figure | None = spec("年初预算数", "照原表写，如 238.93；不适用写 /", default=None)
    adjusted: Figure | None = spec("调整后（全年）预算数", default=None)
    executed: Figure | None = spec("执行数", "全年执行数或 1-N月执行数", default=None)
    forecast: Figure | None = spec("全年预计执行数", "监控表填写", default=None)
    rate: Figure | None = spec("执行率", "照原表写，如 100.00%", default=None)
    forecast_rate: Figure | None = spec("全年预计执行率", "监控表填写", default=None)
    weight: Figure | None = spec("分值", "预算执行的分值（权重），常为 10", default=None)
    score: Figure | None = spec("得分", default=None)
    reason: LongLine = spec("原因", "偏差原因或说明", default="")
    incomplete: bool = spec("原件残缺", "原件该行被截断或缺损时写 true", default=False)


@dataclass(frozen=True, kw_only=True)
class BudgetTitles:
    """Column headings as the form prints them. Not written: the common template's heading
    (年初预算数 …); written as "": the form's heading cell is blank, and so is the page's."""

    source: Line | None = spec("资金来源列名", "例如 项目资金(万元)、资金来源", default=None)
    initial: Line | None = spec("年初预算数列名", default=None)
    adjusted: Line | None = spec("调整后预算数列名", "例如 全年预算数、调整后预算数", default=None)
    executed: Line | None = spec("执行数列名", "例如 全年执行数、1-6月执行数", default=None)
    forecast: Line | None = spec("预计执行数列名", default=None)
    rate: Line | None = spec("执行率列名", default=None)
    forecast_rate: Line | None = spec("预计执行率列名", default=None)
    weight: Line | None = spec("分值列名", "例如 分值、权重", default=None)
    score: Line | None = spec("得分列名", default=None)
    reason: Line | None = spec("原因列名", default=None)


@dataclass(frozen=True, kw_only=True)
class Budget:
    title: Line | None = spec(
        "表名",
        '原表此栏的名称，例如 项目资金(万元)；不写则为 预算执行情况；原表此栏无名称则写 ""',
        default=None,
    )
    unit: Line = spec("金额单位", "原表写的单位，例如 万元、元", default="")
    points: Score | None = spec("分值", "原表写 预算执行情况（10分） 则写 10", default=None)
    columns: tuple[BudgetColumn, ...] = spec(
        "列", "原表有哪些列、按什么顺序；不写则按文件类型的常见表样", default=()
    )
    titles: BudgetTitles = spec("列名", "原表的列名与常见表样不同时填写", default=BudgetTitles())
    rows: tuple[BudgetRow, ...] = spec("资金来源行", "每个资金来源一行，第一行通常是总额")
    incomplete: bool = spec(
        "原件不完整", "原件此表没有完（截断、缺页），写 true：表下注明，且不据此计算", default=False
    )


# ---------------------------------------------------------------- any typed table
@dataclass(frozen=True, kw_only=True)
class Column:
    title: Line = spec("列名")
    type: Literal["text", "number"] = spec("类型", "text（文字）或 number（数字）", default="text")
    unit: Line = spec("单位", "数字列的单位，例如 万元", default="")


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table as the source prints it, e.g. 资金安排表 or 年度履职目标 (部门职能 / 年度目标任务 / …)."""

    title: Line = spec("表名", default="")
    id: Slug | None = spec("锚点编号", default=None)
    unit: Line = spec("单位", "表头右上角的单位，例如 万元", default="")
    columns: tuple[Column, ...] = spec("列")
    rows: tuple[tuple[Cell, ...], ...] = spec("行", '每行是一个列表，依列的顺序；空白单元格写 ""')
    total: tuple[Cell, ...] = spec(
        "合计行", "原表的合计行，照原文逐格填写；数字列会与各行之和核对", default=()
    )
    notes: Markdown = spec("注", default="")
    incomplete: bool = spec("原件不完整", "原件此表没有完（截断、缺页）时写 true", default=False)


# ---------------------------------------------------------------- the rest of a form
@dataclass(frozen=True, kw_only=True)
class Fact:
    label: Line = spec("项目", "原表左边的栏目名，例如 项目负责人、联系电话、立项依据")
    value: Cell = spec("内容", '原表空白则写 ""', default="")
    unclear: bool = spec("字迹不清", default=False)
    incomplete: bool = spec("原件残缺", "原件这一栏被截断或缺损时写 true", default=False)


@dataclass(frozen=True, kw_only=True)
class Choice:
    text: Line = spec("选项")
    checked: bool = spec("已勾选", default=False)


@dataclass(frozen=True, kw_only=True)
class CheckGroup:
    """Check boxes as printed: 项目属性 □ 新增 ☑ 延续."""

    label: Line = spec(
        "栏目", "例如 项目属性、项目类型、资金渠道；原表这一行没有栏目名则不写", default=""
    )
    options: tuple[Choice, ...] = spec("选项")


@dataclass(frozen=True, kw_only=True)
class TextTitles:
    conclusion: Line = spec("评价结论栏名", default="")
    problems: Line = spec("存在问题栏名", default="")
    measures: Line = spec("改进措施栏名", default="")
    deviation: Line = spec("偏差原因栏名", "例如 偏差或不能完成目标原因分析", default="")
    suggestions: Line = spec("建议栏名", default="")


@dataclass(frozen=True, kw_only=True)
class Form:
    """One filled-in form: a project's or a department's, in any province's template."""

    name: Line = spec("名称", "项目名称或部门（单位）名称，照原表填写")
    name_title: Line = spec(
        "名称栏名", "原表的栏名，例如 项目名称、部门名称；不写则为 名称", default=""
    )
    heading: Line = spec("目录标题", "目录中显示的标题；不写则用名称", default="")
    id: Slug | None = spec("锚点编号", default=None)
    form_code: Line = spec("报表编号", "例如 510000_0013zp", default="")
    code: Line = spec("编码", "项目编码或部门预算编码", default="")
    department: Line = spec("主管部门", default="")
    department_code: Line = spec("主管部门编码", default="")
    implementer: Line = spec("实施单位", default="")
    implementer_code: Line = spec("实施单位编码", default="")
    seal: Line = spec("盖章单位", "原表 填报单位（盖章）处的单位名称", default="")
    money_unit: Line = spec("金额单位", "表头写的 单位：万元 之类", default="")
    info_title: Line = spec(
        "基本情况栏名", "原表左侧的分区名，例如 项目基本情况；不写则为 基本情况", default=""
    )
    checks: tuple[CheckGroup, ...] = spec("勾选项", "项目属性、项目类型等勾选框", default=())
    facts: tuple[Fact, ...] = spec("其他栏目", "原表其他 栏目—内容，按原表顺序", default=())
    funding: Funding | None = spec("资金总额及构成", "申报表的资金总额及各来源、分项", default=None)
    schedule: Schedule | None = spec(
        "项目实施进度计划", "申报表的实施内容、开始和完成时间", default=None
    )
    goal_section: Line = spec(
        "目标栏总名",
        "目标与完成情况两栏之上的栏名，例如 1.项目年度目标完成情况；原表没有则不写",
        default="",
    )
    long_goal_title: Line = spec("长期目标栏名", "例如 总目标；不写则为 长期目标", default="")
    long_goal: Markdown = spec("长期目标", "申报表的长期（总体）绩效目标", default="")
    goal_title: Line = spec(
        "年度目标栏名", "原表的栏名，例如 项目年度目标；不写则为 年度目标", default=""
    )
    goal: Markdown = spec("年度目标", "年度（总体）绩效目标", default="")
    goals: tuple[Markdown, ...] = spec(
        "年度目标（分条）", "原表逐条列出 目标1、目标2… 时使用", default=()
    )
    goal_result_title: Line = spec(
        "完成情况栏名", "例如 年度目标完成情况；不写则为 目标完成情况", default=""
    )
    goal_result: Markdown = spec("目标完成情况", "年度目标完成情况或实际完成情况", default="")
    budget: Budget | None = spec("预算执行情况", default=None)
    tables: tuple[Table, ...] = spec("表格", "资金安排表、年度履职目标表等", default=())
    long_indicator_title: Line = spec(
        "长期指标栏名", "例如 总目标绩效指标；不写则为 长期绩效指标", default=""
    )
    long_indicators: tuple[IndicatorGroup, ...] = spec(
        "长期绩效指标", "申报表在年度指标之外的长期指标表", default=()
    )
    indicator_title: Line = spec(
        "绩效指标栏名", "原表指标表的分区名与 绩效指标 不同时填写，例如 年度绩效指标", default=""
    )
    indicator_points: Score | None = spec(
        "绩效指标分值", "原表写 绩效指标（90分） 则写 90", default=None
    )
    indicator_units: tuple[Line, ...] = spec(
        "分单位列", "指标值按单位（如乡镇）分列时，各列的单位名称", default=()
    )
    indicator_titles: IndicatorTitles = spec("指标表列名", default=IndicatorTitles())
    indicator_columns: tuple[IndicatorColumn, ...] = spec(
        "指标表的列",
        "原表三级指标之后有哪些列、按什么顺序，例如 [name, target, actual, deviation]；"
        "units 是各单位指标值列（indicator_units）的位置，不写则紧跟 target；"
        "不写则按表的种类和已填写的内容",
        default=(),
    )
    indicators: tuple[IndicatorGroup, ...] = spec("绩效指标", default=())
    total_weight: Score | None = spec("合计分值", "原表 合计 行的分值，如 100", default=None)
    total_score: Score | None = spec("总分", "原表写的自评总分（合计得分）", default=None)
    grade: Literal["优", "良", "中", "差"] | None = spec("等级", "原表写的自评等级", default=None)
    # Text sections: left out when absent; written as "" they print as the blank the form had.
    conclusion: Markdown | None = spec("评价结论", default=None)
    problems: Markdown | None = spec("存在问题", default=None)
    measures: Markdown | None = spec("改进措施", default=None)
    deviation: Markdown | None = spec(
        "偏差原因分析", "监控表的 偏差或不能完成目标原因分析", default=None
    )
    suggestions: Markdown | None = spec("相关建议或举措", default=None)
    text_titles: TextTitles = spec("栏名", "原表的栏名与常见表样不同时填写", default=TextTitles())
    signatures: tuple[Fact, ...] = spec(
        "签字", "例如 项目负责人、财务负责人、填表人；原表空白则 value 不写", default=()
    )
    notes: Markdown = spec("注", "表下的注释", default="")
    incomplete: LongLine = spec(
        "原件不完整",
        "原表残缺时写明缺了什么，例如 原件第2页缺失，满意度指标和总分不存；不据此计算得分和项数",
        default="",
    )
