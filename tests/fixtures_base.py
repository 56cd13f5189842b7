"""Small valid documents of each kind, written for the tests (not sample content)."""

COMPLETION = """\
kind: target-completion
title: 测试市财政局2020年绩效目标完成情况
year: 2020
published: 2020-12-31
groups:
  - name: 重点目标
    targets:
      - number: 1
        name: 保就业
        content: 新增城镇就业30万人以上。
        status: 已完成
        achievements:
          - 新增就业44.55万人。
"""

PROGRESS = """\
kind: progress
title: 测试市财政局绩效考核目标进度情况表（1-9月）
year: 2018
period: 1-9月
groups:
  - category: 绩效指标
    rows:
      - name: 财政八项支出
        indicator: 八项支出增速达11%。
        current: 9月份八项支出113.57亿元。
        cumulative: 1-9月八项支出947.03亿元。
        percent: 80
"""

PROJECTS = """\
kind: project-targets
title: 2021年重点项目预算绩效目标
year: 2021
preface: 共选取1个重点项目，预算金额0.07亿元。
projects:
  - name: 乡村振兴工作经费
    code: "109014(2021)022"
    category: 经常性项目
    use: 业务类
    start: 2021-01-01
    end: 2021-12-31
    funding: 政府性基金
    total: 7000000
    amount: 7000000
    organiser: 社会工作部
    implementers: [社会工作部]
    goal: 建设美丽乡村示范村。
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 建设美丽乡村示范村数量
                target: "=3个"
      - level1: 满意度指标
        groups:
          - level2: 满意度指标
            items:
              - name: 群众满意度
                target: ">=85%"
"""

NARRATIVE = """\
kind: narrative
title: 公开说明
year: 2022
body: |
  本文件说明公开的范围。
"""


# One project followed through the budget year (figures invented for the tests): its 2021 target
# form, mid-year monitoring and self-evaluation, and its 2022 target form.
YEAR_TARGETS = """\
kind: project-targets
title: 测试区2021年重点项目绩效目标
year: 2021
published: 2021-02-10
projects:
  - name: 乡村振兴工作经费
    code: T-2021-001
    amount: 7000000
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 示范村数量
                target: "=3个"
              - name: 培训人次
                target: ">=200人次"
      - level1: 满意度指标
        groups:
          - level2: 满意度指标
            items:
              - name: 群众满意度
                target: ">=85%"
"""

YEAR_MONITORING = """\
kind: monitoring
title: 测试区2021年项目支出绩效监控表
year: 2021
published: 2021-07-20
forms:
  - name: 乡村振兴工作经费
    code: T-2021-001
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 示范村数量
                target: "=3个"
                progress: 已完成2个
                possibility: 确定能
              - name: 培训人次
                target: ">=200人次"
                progress: 已培训120人次
                possibility: 确定能
      - level1: 满意度指标
        groups:
          - level2: 满意度指标
            items:
              - name: 群众满意度
                target: ">=85%"
                progress: 年底调查
"""

YEAR_EVALUATION = """\
kind: project-evaluation
title: 测试区2021年项目支出绩效自评表
year: 2021
published: 2022-04-15
forms:
  - name: 乡村振兴工作经费
    code: T-2021-001
    total_score: 87
    grade: 良
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 示范村数量
                target: "=3个"
                actual: "3个"
                weight: 30
                score: 30
              - name: 培训人次
                target: ">=200人次"
                actual: "180人次"
                weight: 30
                score: 27
                deviation: 疫情影响，两期培训改为线上
      - level1: 满意度指标
        groups:
          - level2: 满意度指标
            items:
              - name: 群众满意度
                target: ">=85%"
                actual: "92%"
                weight: 30
                score: 30
"""

NEXT_YEAR_TARGETS = """\
kind: project-targets
title: 测试区2022年重点项目绩效目标
year: 2022
published: 2022-02-08
projects:
  - name: 乡村振兴工作经费
    code: T-2022-004
    amount: 6500000
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 示范村数量
                target: "=4个"
"""

PROJECT_YEAR = {
    "2021/rural-targets.yaml": YEAR_TARGETS,
    "2021/rural-monitoring.yaml": YEAR_MONITORING,
    "2021/rural-evaluation.yaml": YEAR_EVALUATION,
    "2022/rural-targets.yaml": NEXT_YEAR_TARGETS,
}

SERIES = """\
kind: indicator-series
title: 测试市重点指标季度监测
year: 2024
period: 1-2季度
goals:
  - name: 稳就业
    indicators:
      - name: 城镇新增就业
        type: increase
        unit: 万人
        baseline: "10.5"
        target: "12"
        values:
          - period: 一季度
            target: "11"
            value: "10.8"
          - period: 二季度
            target: "11.5"
            minimum: "11"
            maximum: "12"
            value: "11.6"
            status: 正常
            note: 二季度说明。
"""
