"""The starter files `site-gen new` writes for the standard forms: one form with its indicator
table, the columns of a self-evaluation or a monitoring form as comments, and the 申报表's own
parts (funding, schedule, long-term goal)."""

from __future__ import annotations

from site_gen import kinds
from site_gen.cli.starter import INDICATORS

FORM = (
    """\
forms:
  - name: 【项目或部门名称，照原件写】
    # form_code: 【报表编号】
    # department: 【主管部门】
    # implementer: 【实施单位】
    goal: 【年度目标，照原件写】
    # budget:                      # 预算执行：每个资金来源一行，照原表的位数写
    #   unit: 万元
    #   rows:
    #     - {{source: 总额, initial: 【年初预算数】, adjusted: 【调整后预算数】, executed: 【执行数】}}
"""
    + INDICATORS
    + "{extra}"
)

FORM_EXTRA = {
    "evaluation": "                # actual: 【实际完成值】          # 未达成时写 deviation（偏差原因）\n",
    "monitoring": "                # progress: 【1-6月执行情况】\n"
    "                # possibility: 确定能              # 确定能 / 有可能 / 不可能\n",
    "targets": "",
    "application": "",
}

# The parts only a 申报表 has, shown as comments in its starter.
APPLICATION = """\
    # funding:                     # 资金总额及构成，照原表的位数写
    #   unit: 万元
    #   total: 【资金总额】
    #   items:
    #     - {label: 财政拨款, amount: 【金额】, parts: [{label: 上级财政资金, amount: 【金额】}]}
    #     - {label: 其他, amount: 【金额】}
    # schedule:                    # 项目实施进度计划，时间照原表写（如 2021年3月）
    #   rows:
    #     - {content: 【项目实施内容】, start: 【开始时间】, end: 【完成时间】}
    # long_goal: 【长期目标，照原件写】
"""


def starter_body(kind: str) -> str:
    declared = kinds.get(kind)
    columns = "evaluation" if declared.evaluation else "monitoring" if declared.forecast else ""
    body = FORM.format(extra=FORM_EXTRA.get(columns, ""))
    if kind == "project-application":  # the parts only a 申报表 has
        return body.replace("    goal:", APPLICATION + "    goal:", 1)
    return body
