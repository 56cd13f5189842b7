"""The model of site.yaml: the site's title, publishers, language, fonts and publishing rules.

A leaf of the model like blocks.py; model.py re-exports these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from site_gen import kinds
from site_gen.fieldtypes import Cell, Line, LongLine, Markdown, MonthDay, Score, Slug, Url, spec

# The interface languages that have a message catalog (i18n.LANGUAGES; a test keeps the two
# lists equal). A document may be written in another language than its site.
Language = Literal["zh-CN", "en"]


@dataclass(frozen=True, kw_only=True)
class Publisher:
    id: Slug = spec("编号", "用于网址的英文编号，例如 qingdao")
    name: Line = spec("名称", "发布单位全称，例如 青岛市财政局")
    url: Url | None = spec("网址", "发布单位网站（可选）", default=None)


@dataclass(frozen=True, kw_only=True)
class Fonts:
    """PDF faces (GB/T 9704 profile); each falls back to serif or sans for a missing glyph."""

    fangsong: Line = spec("仿宋字体", "PDF 正文与表格（GB/T 9704 用仿宋）", default="FandolFang")
    heiti: Line = spec("黑体字体", "附件标签、表头与一级标题", default="FandolHei")
    kaiti: Line = spec("楷体字体", "二级标题", default="FandolKai")
    title: Line = spec("标题字体", "文件标题（小标宋体的替代）", default="FandolSong")
    serif: Line = spec("备用衬线字体", "上列字体缺字时使用", default="Noto Serif CJK SC")
    sans: Line = spec("备用无衬线字体", "上列黑体缺字时使用", default="Noto Sans CJK SC")


@dataclass(frozen=True, kw_only=True)
class Label:
    """A label of the interface shown in other words, e.g. a column header the bureau's own
    form names differently."""

    text: Line = spec("原文字", "页面上显示的文字，例如 Baseline 或 完成情况")
    show: Line = spec("改为", "改为显示的文字，例如 Starting point")


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """site.yaml: the latest day a kind of document of a budget year may be published."""

    kind: Line = spec("文件类型", "例如 project-evaluation")
    by: MonthDay = spec("期限", "月-日，例如 06-30")
    year: Literal["当年", "次年"] = spec(
        "哪一年", "当年 或 次年（预算年度的下一年）", default="当年"
    )


@dataclass(frozen=True, kw_only=True)
class GradeBand:
    grade: Literal["优", "良", "中", "差"] = spec("等级")
    min: Score = spec("最低分", "总分达到此分数即为该等级，例如 优 写 90")


# The kinds whose forms carry scores, and so may have computed totals published on request:
# as each kind declares it (site_gen/kinds/, Kind.scored), read by the converter and the schema.
if TYPE_CHECKING:
    ScoredKind = str
else:
    ScoredKind = Literal[tuple(k.name for k in kinds.all_kinds() if k.scored)]


@dataclass(frozen=True, kw_only=True)
class ScoringScheme:
    """The scoring rules a reviewer checks the bureaus' arithmetic against (and, where a site
    asks for it, the rules its pages name beside computed totals). Provinces score differently:
    a site names its own rules; the pages print only the scores the forms state unless
    `publish` lists the kind."""

    name: Line = spec(
        "评分办法名称",
        "核对和页面上写明的名称，例如 财预〔2020〕10号、某省项目支出绩效自评计分办法",
    )
    grades: tuple[GradeBand, ...] = spec(
        "等级分档",
        "从高到低，例如 优 90、良 80、中 60；不写则为 优≥90、良≥80、中≥60、其余为差",
        default=(),
    )
    publish: tuple[ScoredKind, ...] = spec(
        "公开计算结果的文件类型",
        "这些类型的网页和 PDF 在原表得分旁另列按本办法计算的得分并写明办法名称；不写则只公开原表的得分",
        default=(),
    )


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    title: Line = spec("网站标题", "例如 预算绩效信息公开")
    description: LongLine = spec("网站简介", default="")
    publisher: Line = spec("默认发布单位", "文件未写 publisher 时使用")
    publishers: tuple[Publisher, ...] = spec("发布单位列表", "本站所有发布单位", default=())
    base_url: Url = spec(
        "网站地址", "发布后的网址，例如 https://czj.example.gov.cn/jxgk/", default="/"
    )
    language: Language = spec("语言", "网站界面的语言：zh-CN（中文）或 en（英文）", default="zh-CN")
    labels: tuple[Label, ...] = spec(
        "改名的标签", "界面文字（如表头）改为本单位的说法，每项写原文字和改为", default=()
    )
    fonts: Fonts = spec("字体", default=Fonts())
    footer: Markdown = spec("页脚", "页脚文字（Markdown）", default="")
    contact: LongLine = spec("联系方式", default="")
    blank_mark: Cell = spec(
        "空格标记", "原表空白的表格格子显示什么，例如 未填写；不写则照原表留空", default=""
    )
    deadlines: tuple[Deadline, ...] = spec(
        "公开期限", "各类文件最迟的发布日期；晚于期限发布的给出警告", default=()
    )
    scoring: ScoringScheme | None = spec(
        "评分办法",
        "校验和预览核对各表得分时用的办法；不写则按 财预〔2020〕10号 的计分方法核对。"
        "公开的网页只显示原表的得分，除非 publish 列出该类型",
        default=None,
    )

    @property
    def label_map(self) -> dict[str, str]:
        return {label.text: label.show for label in self.labels}
