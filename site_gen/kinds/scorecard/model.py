"""The 绩效评价评分表 document: one or more scorecards, each a three-level tree of the
evaluation's indicators with points, explanation, scoring rule and score, and its total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from site_gen.fieldtypes import Line, LongLine, Markdown, Score, Slug, spec
from site_gen.model import DocumentBase
from site_gen.model.blocks import Fact

# The columns after the three levels, in the order a card may print them.
ScoreColumn = Literal["explanation", "standard", "score", "remark"]


@dataclass(frozen=True, kw_only=True)
class ScoreItem:
    name: LongLine = spec("三级指标", "指标名称，照原表填写")
    points: Score | None = spec("分值", "原表空白则不写", default=None)
    explanation: LongLine = spec("指标解释", "指标说明、具体指标或计算公式", default="")
    standard: LongLine = spec("评价标准", "评分标准、评分细则", default="")
    score: Score | None = spec("得分", "评价给出的得分；原表空白则不写", default=None)
    remark: LongLine = spec("备注", "扣分原因、评分依据等", default="")
    unclear: bool = spec("字迹不清", "原件该行无法辨认时写 true，页面会注明", default=False)
    incomplete: bool = spec("原件残缺", "原件该行被截断或缺损时写 true", default=False)


@dataclass(frozen=True, kw_only=True)
class ScoreSubgroup:
    level2: Line = spec("二级指标", "照原表填写，例如 预算配置")
    points: Score | None = spec("分值", "原表写在二级指标处的分值", default=None)
    items: tuple[ScoreItem, ...] = spec("三级指标")


@dataclass(frozen=True, kw_only=True)
class ScoreGroup:
    level1: Line = spec("一级指标", "照原表填写，例如 投入、决策")
    points: Score | None = spec("分值", "原表写在一级指标处的分值", default=None)
    groups: tuple[ScoreSubgroup, ...] = spec("二级指标")


@dataclass(frozen=True, kw_only=True)
class ScoreTitles:
    """The card's column headings where the source words them otherwise."""

    level1: Line = spec("一级指标列名", default="")
    level2: Line = spec("二级指标列名", default="")
    name: Line = spec("三级指标列名", "例如 具体指标", default="")
    points: Line = spec("分值列名", "例如 权重", default="")
    explanation: Line = spec("指标解释列名", "例如 指标说明、具体指标", default="")
    standard: Line = spec("评价标准列名", "例如 评分标准、评分细则", default="")
    score: Line = spec("得分列名", "例如 自评得分、评价得分", default="")
    remark: Line = spec("备注列名", "例如 扣分原因", default="")


@dataclass(frozen=True, kw_only=True)
class Scorecard:
    """One scorecard. Only the indicators are required: a published card may name neither its
    subject nor its total."""

    name: Line = spec("评价对象", "部门（单位）或项目名称，照原表填写；原表未写则不写", default="")
    name_title: Line = spec(
        "评价对象栏名", "原表的栏名，例如 部门（单位）名称、项目名称；不写则为 评价对象", default=""
    )
    heading: Line = spec("目录标题", "目录中显示的标题；不写则用表名和评价对象", default="")
    id: Slug | None = spec("锚点编号", default=None)
    title: Line = spec("表名", "例如 部门整体支出绩效评价评分表", default="")
    facts: tuple[Fact, ...] = spec("其他栏目", "评价方式、评价机构等 栏目—内容", default=())
    titles: ScoreTitles = spec("列名", "原表的列名与常见表样不同时填写", default=ScoreTitles())
    columns: tuple[ScoreColumn, ...] = spec(
        "列的顺序",
        "三级指标、分值之后各列的顺序，例如 [standard, explanation, score]；不写则按"
        " 指标解释、评价标准、得分、备注，只列原表有的",
        default=(),
    )
    groups: tuple[ScoreGroup, ...] = spec("评分指标")
    total_points: Score | None = spec("合计分值", "原表合计行的分值，常为 100", default=None)
    total_score: Score | None = spec("合计得分", "原表写的总分", default=None)
    grade: Line = spec("评价等级", "照原表写，例如 优、良好", default="")
    notes: Markdown = spec("表下说明", "评分表下的注、评价结论等", default="")
    signatures: tuple[Fact, ...] = spec(
        "签字栏", "表下的 评价人、填表人、日期 等 栏目—内容", default=()
    )
    incomplete: LongLine = spec("原件不完整", "原表残缺时写明缺了什么", default="")


@dataclass(frozen=True, kw_only=True)
class EvaluationScorecards(DocumentBase):
    kind: Literal["evaluation-scorecard"] = spec("文件类型")
    contents: bool = spec("目录", "多于一张评分表时是否生成目录", default=True)
    cards: tuple[Scorecard, ...] = spec("评分表")


DOCUMENTS: dict[str, type[DocumentBase]] = {"evaluation-scorecard": EvaluationScorecards}
