"""The starter file `site-gen new` writes for this kind: its fields with 【placeholders】, no
figures (the points and scores are the source's, never a template's)."""

from __future__ import annotations

STARTER = """\
cards:
  - name: 【评价对象：部门（单位）或项目名称，照原表写】
    title: 【表名，例如 部门整体支出绩效评价评分表】
    groups:
      - level1: 【一级指标，例如 投入】
        # points: 【一级指标分值，照原表写】
        groups:
          - level2: 【二级指标，例如 预算配置】
            # points: 【二级指标分值，照原表写】
            items:
              - name: 【三级指标，例如 在职人员控制率】
                # points: 【分值，照原表写】
                # explanation: 【指标解释，照原表写】
                # standard: 【评价标准，照原表写】
                # score: 【得分，照原表写】
    # total_points: 【合计分值，照原表写】
    # total_score: 【合计得分，照原表写】
    # grade: 【评价等级，照原表写】
"""


def starter_body(kind: str) -> str:
    return STARTER
