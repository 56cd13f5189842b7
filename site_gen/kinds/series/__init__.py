"""绩效指标监测: indicators measured period by period against a baseline and a target."""

from site_gen.i18n import N_
from site_gen.kinds import Kind

KINDS = (
    Kind(
        "indicator-series",
        N_("绩效指标监测"),
        120,
        localised=True,
        title_words=("绩效指标监测", "季度监测"),
        title_rank=1,
    ),
)
