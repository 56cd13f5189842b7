"""The starter file `site-gen new` writes for this kind: its fields with 【placeholders】, no
figures."""

from __future__ import annotations

STARTER = """\
body: |
  【正文。可以用 Markdown：**加粗**，以 ## 开头的行是小标题。】
"""


def starter_body(kind: str) -> str:
    return STARTER
