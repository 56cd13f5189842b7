"""The content model: what a bureau's YAML means, as frozen dataclasses. No I/O here.

The dataclasses are the schema. Each field's type drives conversion (validate.py) and the JSON
Schema (schema.py); its metadata gives the Chinese name and help text shown in errors and in
editors. Field names are the YAML keys. The model's parts live in the modules below it, each
a leaf of plain dataclasses: blocks (the forms' tables), model.application_parts (申报表), model.list_rows,
model.document_parts, series and model.site_config; this module gathers them into the document kinds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Literal

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
from site_gen.model.application_parts import (  # noqa: F401 - re-exported
    Funding,
    FundingItem,
    FundingPart,
    Schedule,
    ScheduleRow,
)
from site_gen.model.blocks import (  # noqa: F401 - re-exported
    Budget,
    Fact,
    Form,
    Indicator,
    IndicatorGroup,
    IndicatorSubgroup,
    Possibility,
)
from site_gen.model.document_parts import STATUSES as STATUSES
from site_gen.model.document_parts import (  # noqa: F401 - re-exported
    Revision,
    Silence,
    StatedTotals,
    StatusCount,
)
from site_gen.model.list_rows import (  # noqa: F401 - re-exported
    Attribute,
    Benchmark,
    ProgressColumns,
    ProgressGroup,
    ProgressRow,
    Target,
    TargetGroup,
)
from site_gen.model.series import (  # noqa: F401 - re-exported
    Band,
    Observation,
    SeriesColumns,
    SeriesGoal,
    SeriesIndicator,
    SeriesType,
)
from site_gen.model.site_config import (  # noqa: F401 - re-exported
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
    "project-application": N_("项目支出绩效目标申报表"),
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
    incomplete: LongLine = spec(
        "原件不完整",
        "公开的原件残缺时写明缺了什么，例如 网页在第3张表中途截断；"
        "页面、PDF 和数据文件都会注明，计数只含现存部分",
        default="",
    )
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
class TargetCompletionReport(DocumentBase):
    kind: Literal["target-completion"] = spec("文件类型")
    statuses: tuple[Word, ...] = spec("其他状态", "本文件使用的、常用词表以外的状态", default=())
    totals: StatedTotals | None = spec("原文所述总数", default=None)
    groups: tuple[TargetGroup, ...] = spec("目标类别")


# ---------------------------------------------------------------- 2. progress report
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


@dataclass(frozen=True, kw_only=True)
class ProjectApplication(FormDocument):
    """申报表 as provinces lay them out: header with check boxes, 资金总额及构成, 项目实施进度计划,
    长期目标 and 年度目标, 长期绩效指标 and 年度绩效指标 (the fields of blocks.Form)."""

    kind: Literal["project-application"] = spec("文件类型")


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
    | ProjectApplication
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
    "project-application": ProjectApplication,
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
