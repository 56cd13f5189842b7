"""The content model: what a bureau's YAML means, as frozen dataclasses. No I/O here.

The dataclasses are the schema. Each field's type drives conversion (validate.py) and the JSON
Schema (schema.py); its metadata gives the Chinese name and help text shown in errors and in
editors. Field names are the YAML keys. A leaf module apart from `values`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Literal

from site_gen.blocks import STATUSES as STATUSES
from site_gen.blocks import (  # noqa: F401 - re-exported
    Budget,
    Fact,
    Form,
    Indicator,
    IndicatorGroup,
    IndicatorSubgroup,
    Possibility,
    Revision,
    Silence,
    StatedTotals,
    StatusCount,
)
from site_gen.fieldtypes import (  # noqa: F401 - re-exported: the model's vocabulary
    Cell,
    Count,
    Line,
    LongLine,
    Markdown,
    Money,
    Number,
    Percent,
    Positive,
    Progress,
    Score,
    Slug,
    Text,
    Url,
    Word,
    Year,
    YearMonth,
    spec,
)
from site_gen.i18n import N_
from site_gen.series import (  # noqa: F401 - re-exported
    Band,
    Observation,
    SeriesColumns,
    SeriesGoal,
    SeriesIndicator,
    SeriesType,
)
from site_gen.site_config import (  # noqa: F401 - re-exported
    Deadline,
    Fonts,
    Label,
    Language,
    Publisher,
    SiteConfig,
)
from site_gen.values import numbered_items as numbered_items
from site_gen.values import split_number as split_number

# ---------------------------------------------------------------- vocabularies
Attribute = Literal["预期性", "约束性"]
Orientation = Literal["portrait", "landscape"]

KIND_ZH: dict[str, str] = {
    "target-completion": N_("目标完成情况"),
    "progress": N_("进度情况表"),
    "project-targets": N_("项目支出绩效目标表"),
    "narrative": N_("公开说明"),
    "project-evaluation": N_("项目支出绩效自评表"),
    "monitoring": N_("绩效运行监控表"),
    "department-targets": N_("部门整体支出绩效目标表"),
    "department-evaluation": N_("部门整体支出绩效自评表"),
    "special-fund-targets": N_("专项资金绩效目标表"),
    "special-fund-evaluation": N_("专项资金绩效自评表"),
    "indicator-series": N_("绩效指标监测"),
}


# ---------------------------------------------------------------- common document fields
@dataclass(frozen=True, kw_only=True)
class PdfOptions:
    orientation: Orientation | None = spec(
        "纸张方向", "portrait（纵向）或 landscape（横向）；不写则按文件类型选择", default=None
    )


@dataclass(frozen=True, kw_only=True)
class DocumentBase:
    title: Line = spec("标题")
    subtitle: LongLine = spec("副标题", "标题下的说明，例如 （仅包含部分重点项目）", default="")
    publisher: Line = spec("发布单位", "不写则用 site.yaml 的默认发布单位", default="")
    year: Year | None = spec("年度", "须与所在年度文件夹一致；不写则取文件夹名", default=None)
    language: Language | None = spec(
        "语言", "本文件的语言：zh-CN 或 en；不写则与网站相同", default=None
    )
    period: Line = spec("期间", "例如 全年、1-9月、三季度；原文未写则不写", default="")
    published: date | None = spec("发布日期", "例如 2020-12-31；原文未注明时不写", default=None)
    annex: Positive | None = spec("附件编号", "写 1 则 PDF 左上角标注 “附件1”", default=None)
    preface: Markdown = spec("前言", "正文前的说明（Markdown）", default="")
    notes: Markdown = spec("注释", "正文后的注释（Markdown）", default="")
    source: LongLine = spec("出处", "原文出处，例如刊物名称和页码", default="")
    draft: bool = spec("草稿", "true 表示草稿：只在预览中显示，不发布", default=False)
    pdf: PdfOptions = spec("PDF 选项", default=PdfOptions())
    revisions: tuple[Revision, ...] = spec(
        "更新记录", "发布后的每次更正或更新：日期和说明，按时间先后", default=()
    )
    silence: tuple[Silence, ...] = spec(
        "关闭的检查", "照原表发布而确认无误的检查项，每项写明理由", default=()
    )


# ---------------------------------------------------------------- 1. target completion report
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


@dataclass(frozen=True, kw_only=True)
class TargetGroup:
    name: Line = spec("类别", "例如 重点目标、创优目标")
    id: Slug | None = spec("锚点编号", "网页锚点；不写则按顺序生成", default=None)
    targets: tuple[Target, ...] = spec("目标")


@dataclass(frozen=True, kw_only=True)
class TargetCompletionReport(DocumentBase):
    kind: Literal["target-completion"] = spec("文件类型")
    statuses: tuple[Word, ...] = spec("其他状态", "本文件使用的、常用词表以外的状态", default=())
    totals: StatedTotals | None = spec("原文所述总数", default=None)
    groups: tuple[TargetGroup, ...] = spec("目标类别")


# ---------------------------------------------------------------- 2. progress report
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


# ---------------------------------------------------------------- 3. project performance targets
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


@dataclass(frozen=True, kw_only=True)
class ProjectTargets(DocumentBase):
    kind: Literal["project-targets"] = spec("文件类型")
    form_title: Line = spec("表名", default="项目支出绩效目标申报表")
    goal_title: Line = spec(
        "年度目标栏名", "原表的栏名，例如 2021年绩效目标；不写则为 年度绩效目标", default=""
    )
    contents: bool = spec("目录", "是否生成目录", default=True)
    projects: tuple[Project, ...] = spec("项目")


# ---------------------------------------------------------------- 4. narrative page
@dataclass(frozen=True, kw_only=True)
class Narrative(DocumentBase):
    kind: Literal["narrative"] = spec("文件类型")
    body: Markdown = spec("正文")


# ---------------------------------------------------------------- 5. time-series indicators
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


# ---------------------------------------------------------------- 6. the standard forms
@dataclass(frozen=True, kw_only=True)
class FormDocument(DocumentBase):
    """A file of filled-in standard forms of one kind (one per project or department)."""

    form_title: Line = spec(
        "表名", "照原表填写，例如 部门预算项目支出绩效自评表（2023年度）", default=""
    )
    contents: bool = spec("目录", "多于一张表时是否生成目录", default=True)
    forms: tuple[Form, ...] = spec("表")


@dataclass(frozen=True, kw_only=True)
class ProjectEvaluation(FormDocument):
    kind: Literal["project-evaluation"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class Monitoring(FormDocument):
    kind: Literal["monitoring"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class DepartmentTargets(FormDocument):
    kind: Literal["department-targets"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class DepartmentEvaluation(FormDocument):
    kind: Literal["department-evaluation"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class SpecialFundTargets(FormDocument):
    kind: Literal["special-fund-targets"] = spec("文件类型")


@dataclass(frozen=True, kw_only=True)
class SpecialFundEvaluation(FormDocument):
    kind: Literal["special-fund-evaluation"] = spec("文件类型")


Document = (
    TargetCompletionReport
    | ProgressReport
    | ProjectTargets
    | Narrative
    | ProjectEvaluation
    | Monitoring
    | DepartmentTargets
    | DepartmentEvaluation
    | SpecialFundTargets
    | SpecialFundEvaluation
    | IndicatorSeries
)
DOCUMENT_CLASSES: dict[str, type[DocumentBase]] = {
    "target-completion": TargetCompletionReport,
    "progress": ProgressReport,
    "project-targets": ProjectTargets,
    "narrative": Narrative,
    "project-evaluation": ProjectEvaluation,
    "monitoring": Monitoring,
    "department-targets": DepartmentTargets,
    "department-evaluation": DepartmentEvaluation,
    "special-fund-targets": SpecialFundTargets,
    "special-fund-evaluation": SpecialFundEvaluation,
    "indicator-series": IndicatorSeries,
}
# Kinds whose layout speaks every catalog language; the standard forms are Chinese forms.
LOCALISED_KINDS = frozenset({"indicator-series", "narrative"})
FORM_KINDS = frozenset(k for k, c in DOCUMENT_CLASSES.items() if issubclass(c, FormDocument))
EVALUATION_KINDS = frozenset(
    {"project-evaluation", "department-evaluation", "special-fund-evaluation"}
)


# ---------------------------------------------------------------- the loaded site
@dataclass(frozen=True)
class Entry:
    """A validated document with what the loader knows about it besides its own fields."""

    doc: Document
    slug: str
    year: int
    source: str  # path relative to the site folder, for messages
    publisher: Publisher
    digest: str  # sha256 of the source bytes: a cache key and a change detector
    language: str = "zh-CN"  # the document's own, else the site's

    @property
    def kind(self) -> str:
        return self.doc.kind


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    entries: tuple[Entry, ...]

    @functools.cached_property  # every page asks: uncached, 10,000 documents went quadratic
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({e.year for e in self.entries}, reverse=True))

    def entries_of_year(self, year: int) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.year == year)

    @functools.cached_property
    def publishers_in_use(self) -> tuple[Publisher, ...]:
        used = {e.publisher.id: e.publisher for e in self.entries}  # one Publisher per id
        return tuple(sorted(used.values(), key=lambda p: p.id))
