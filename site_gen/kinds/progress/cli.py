"""The starter file `site-gen new` writes for this kind: its fields with 【placeholders】, no
figures."""

from __future__ import annotations

STARTER = """\
groups:
  - category: 【类别，例如 绩效指标】
    rows:
      - name: 【目标名称】
        indicator: 【考核指标】
        # current: 【当月进度】
        # cumulative: 【累计进度】
        # percent: 【累计完成的百分数，照原件写，不带 %】
"""


def starter_body(kind: str) -> str:
    return STARTER
