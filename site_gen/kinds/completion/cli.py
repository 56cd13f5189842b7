"""The starter file `site-gen new` writes for this kind: its fields with 【placeholders】, no
figures."""

from __future__ import annotations

STARTER = """\
groups:
  - name: 【目标类别，例如 重点目标】
    targets:
      - number: 1
        name: 【目标名称】
        content: 【目标内容】
        # status: 已完成            # 照原件写；不写就是原件未注明
        # summary: 【完成情况综述】
        # achievements:
        #   - 【具体成效一】
"""


def starter_body(kind: str) -> str:
    return STARTER
