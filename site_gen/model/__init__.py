"""The content model: what a bureau's YAML means, as frozen dataclasses. No I/O here.

The dataclasses are the schema. Each field's type drives conversion (validate.py) and the JSON
Schema (schema.py); its metadata gives the Chinese name and help text shown in errors and in
editors. Field names are the YAML keys. This module holds what every document has
(DocumentBase), the loaded site (Entry, Site) and re-exports the shared parts, each a leaf of
plain dataclasses: blocks (the forms' tables), application_parts (申报表), document_parts and
site_config. Each kind's own document class lives in its folder (site_gen/kinds/<family>/
model.py); `document_class(kind)` finds it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from site_gen import kinds
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
    if TYPE_CHECKING:  # each kind's class declares it, as Literal["progress"], where its
        # data puts it (a form file's kind follows its forms): no field here, only the type
        kind: str


# A document of any kind: its kind's class (site_gen/kinds/<family>/model.py) narrows it.
Document = DocumentBase


def document_class(kind: str) -> type[DocumentBase]:
    """The dataclass of a kind, declared in its folder under site_gen/kinds/."""
    documents: dict[str, type[DocumentBase]] = kinds.part(kind, "model").DOCUMENTS
    return documents[kind]


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
