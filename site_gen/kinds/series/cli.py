"""The starter file `site-gen new` writes for this kind: its fields with 【placeholders】, no
figures."""

from __future__ import annotations

STARTER = """\
# language: en                    # 英文文件写 en；不写则与网站相同
goals:
  - name: 【目标名称】
    indicators:
      - name: 【指标名称】
        # type: increase            # increase 越高越好、decrease 越低越好、range 区间、milestone 里程碑
        # unit: 【单位，照原件写】
        # baseline: 【基线值】        # 原件有基线才写；有基线和目标值时计算进度
        # target: 【目标值】
        values:
          - period: 【期间，例如 2026年一季度】
            # target: 【该期目标值】
            # value: 【该期实际值；尚未报告就不写】
"""


def starter_body(kind: str) -> str:
    return STARTER
