"""项目支出绩效目标表: one form per project (facts, goal, three-level indicators), optionally
with its 绩效自评 (the forms as a city's budget book prints them, one after another)."""

from site_gen.i18n import N_
from site_gen.kinds import Kind

KINDS = (
    Kind(
        "project-targets",
        N_("项目支出绩效目标表"),
        30,
        stage="目标",
        scored=True,
        title_words=("绩效目标申报", "绩效目标"),
        title_rank=6,
    ),
)
