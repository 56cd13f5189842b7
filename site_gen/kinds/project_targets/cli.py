"""The starter file `site-gen new` writes for this kind: its fields with 【placeholders】, no
figures."""

from __future__ import annotations

from site_gen.cli.starter import INDICATORS

STARTER = (
    """\
projects:
  - name: 【项目名称】
    # code: 【项目编码】
    # total: 【项目总金额（元），照原表写】
    # amount: 【本年度预算申请金额（元）】
    goal: 【年度绩效目标，照原件写】
"""
    + INDICATORS
)


def starter_body(kind: str) -> str:
    return STARTER
