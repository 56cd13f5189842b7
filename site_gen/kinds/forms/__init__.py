"""The standard forms (财预〔2020〕10号 and the provinces' templates): a file of filled-in forms
of one kind, one per project, department or fund. They share one model (blocks.Form) and one
page layout; a kind differs in its title, its place in a project's life and whether it is a
self-evaluation (scores, grades, 偏差原因)."""

from site_gen.i18n import N_
from site_gen.kinds import Kind

# A self-evaluation's budget table: 年初预算数, 全年预算数, 全年执行数, 执行率, 分值, 得分, 偏差原因
EVALUATION_BUDGET = ("initial", "adjusted", "executed", "rate", "weight", "score", "reason")

KINDS = (
    Kind(
        "project-evaluation",
        N_("项目支出绩效自评表"),
        50,
        stage="自评",
        evaluation=True,
        scored=True,
        budget_columns=EVALUATION_BUDGET,
        title_words=("自评",),
        title_rank=5,
    ),
    Kind(
        "monitoring",
        N_("绩效运行监控表"),
        60,
        stage="监控",
        forecast=True,
        budget_columns=("initial", "executed", "forecast", "rate"),
        title_words=("绩效运行监控", "监控"),
        title_rank=2,
    ),
    Kind(
        "department-targets",
        N_("部门整体支出绩效目标表"),
        70,
        stage="目标",
        title_words=("部门整体支出绩效目标",),
        title_rank=3,
    ),
    Kind(
        "department-evaluation",
        N_("部门整体支出绩效自评表"),
        80,
        stage="自评",
        evaluation=True,
        scored=True,
        budget_columns=EVALUATION_BUDGET,
        title_words=("部门整体支出绩效自评",),
        title_rank=3,
    ),
    Kind(
        "special-fund-targets",
        N_("专项资金绩效目标表"),
        90,
        stage="目标",
        title_words=("专项资金绩效目标",),
        title_rank=4,
    ),
    Kind(
        "special-fund-evaluation",
        N_("专项资金绩效自评表"),
        100,
        stage="自评",
        evaluation=True,
        scored=True,
        title_words=("专项资金绩效自评",),
        title_rank=4,
    ),
    Kind("project-application", N_("项目支出绩效目标申报表"), 110, stage="目标"),
)
