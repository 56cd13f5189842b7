"""目标完成情况: a list of targets by category, each with its completion status and summary."""

from site_gen.i18n import N_
from site_gen.kinds import Kind

KINDS = (Kind("target-completion", N_("目标完成情况"), 10),)
