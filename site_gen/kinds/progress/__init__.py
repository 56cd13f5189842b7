"""进度情况表: a table of targets by category with their progress in the period."""

from site_gen.i18n import N_
from site_gen.kinds import Kind

KINDS = (Kind("progress", N_("进度情况表"), 20),)
