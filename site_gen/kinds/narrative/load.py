"""The 公开说明 rule: a body to publish."""

from __future__ import annotations

from site_gen.kinds.narrative.model import Narrative
from site_gen.load.convert import Converter


def check_narrative(conv: Converter, doc: Narrative) -> None:
    if not doc.body.strip():
        conv.error_at("body", "正文为空")


check = check_narrative
RECORD_RULES: dict[type, object] = {}
