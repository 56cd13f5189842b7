"""公开说明: prose (Markdown), e.g. the notice a disclosure opens with."""

from site_gen.i18n import N_
from site_gen.kinds import Kind

KINDS = (Kind("narrative", N_("公开说明"), 40, localised=True, sheet=False),)
