"""The 目标完成情况 document: targets by category, each with its status, summary and
achievements (取得实效), and the totals the source states."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Line, LongLine, Markdown, Positive, Slug, Word, spec
from site_gen.model import DocumentBase
from site_gen.model.document_parts import StatedTotals


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
class TargetCompletionReport(DocumentBase):
    kind: Literal["target-completion"] = spec("文件类型")
    statuses: tuple[Word, ...] = spec("其他状态", "本文件使用的、常用词表以外的状态", default=())
    totals: StatedTotals | None = spec("原文所述总数", default=None)
    groups: tuple[TargetGroup, ...] = spec("目标类别")


DOCUMENTS: dict[str, type[DocumentBase]] = {"target-completion": TargetCompletionReport}
