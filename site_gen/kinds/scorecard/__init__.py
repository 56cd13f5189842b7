"""绩效评价评分表 (evaluation scorecard): the table an evaluation scores with. Its indicators are
the evaluation's own (投入/过程/产出/效果 of a 部门整体支出绩效评价, 决策/过程/产出/效益 of a
项目支出绩效评价 under 财预〔2020〕10号), each level with its points (分值), each indicator with
its explanation (指标解释), its scoring rule (评价标准) and the score given (得分); a total and
often a grade. Bureaus publish it after the evaluation report, one card per department or
project evaluated."""

from site_gen.i18n import N_
from site_gen.kinds import Kind

KINDS = (
    Kind(
        "evaluation-scorecard",
        N_("绩效评价评分表"),
        105,
        evaluation=True,
        # 评分表, 得分表, 评价指标表: tried before the forms' words (a title 部门整体支出绩效
        # 评价评分表 must not be taken for a 部门整体支出绩效自评表 by its 绩效 words)
        title_words=("评分表", "得分表", "评价指标表", "评价指标体系"),
        title_rank=0,
    ),
)
