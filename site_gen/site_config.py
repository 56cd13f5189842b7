"""The model of site.yaml: the site's title, publishers, language, fonts and publishing rules.

A leaf of the model like blocks.py; model.py re-exports these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Cell, Line, LongLine, Markdown, MonthDay, Slug, Url, spec

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

    @property
    def label_map(self) -> dict[str, str]:
        return {label.text: label.show for label in self.labels}
