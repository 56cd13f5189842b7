"""`site-gen new DIR`: a new site to start from, for a bureau without the repository or its README.

It writes site.yaml, one starter file per document kind, the JSON Schemas with editor settings
that wire them (VS Code with the YAML extension checks the files while they are typed), and a
publishing workflow. A starter file teaches the format without carrying anybody's figures: text
is a 【placeholder】, numbers are left out (every figure is optional: a blank stays blank), the
optional fields are shown as comments, and each file is a draft, so nothing is published until
its author has replaced the placeholders and removed `draft: true`.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

from site_gen import model
from site_gen.errors import BuildError
from site_gen.load import schema

SITE_YAML = """\
# 网站配置。文件格式说明：site-gen schema --site；每个字段的含义也会在编辑器中提示。
title: 【网站标题，例如 预算绩效信息公开】
description: 【一句话介绍本站】
publisher: 【本单位全称，例如 某某市财政局】
publishers:
  - id: main                      # 用于网址的英文编号
    name: 【本单位全称，例如 某某市财政局】
base_url: /                       # 发布后的网址，例如 https://czj.example.gov.cn/jxgk/
language: zh-CN
footer: |
  各文件内容以发布单位公开的原件为准。
# contact: 对公开内容有疑问的，请与发布单位联系。
# blank_mark: 未填写              # 原表空白的格子显示什么；不写则照原表留空
"""

HEAD = """\
# 示例：{kind_zh}。把【】中的文字换成原件的内容，原件没有的栏目删去（不要编造），
# 改好后删去 draft: true 才会发布。格式说明：site-gen schema；编辑器会提示每个字段的含义。
kind: {kind}
title: 【{kind_zh}的标题，照原件写】
draft: true
# published: {today}             # 发布日期；原件未注明就不写
# period: 1-9月                   # 期间；原件没写就不写
# source: 【出处，例如 本单位网站的网址】
"""

# The three-level indicator table every target and evaluation form has.
INDICATORS = """\
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 【三级指标名称】
                target: 【年度指标值，例如 >=85%】
"""

BODIES = {
    "indicator-series": """\
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
""",
    "target-completion": """\
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
""",
    "progress": """\
groups:
  - category: 【类别，例如 绩效指标】
    rows:
      - name: 【目标名称】
        indicator: 【考核指标】
        # current: 【当月进度】
        # cumulative: 【累计进度】
        # percent: 【累计完成的百分数，照原件写，不带 %】
""",
    "project-targets": """\
projects:
  - name: 【项目名称】
    # code: 【项目编码】
    # total: 【项目总金额（元），照原表写】
    # amount: 【本年度预算申请金额（元）】
    goal: 【年度绩效目标，照原件写】
"""
    + INDICATORS,
    "narrative": """\
body: |
  【正文。可以用 Markdown：**加粗**，以 ## 开头的行是小标题。】
""",
}

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

SCHEMA_DIR = ".site-gen"
VSCODE = {
    "yaml.schemas": {
        f"./{SCHEMA_DIR}/content.schema.json": "content/**/*.yaml",
        f"./{SCHEMA_DIR}/site.schema.json": "site.yaml",
    },
    "files.encoding": "utf8",
}

WORKFLOW = """\
# 发布流程（GitHub Actions 或兼容的 Gitea / Forgejo Actions）：每次提交都检查内容、生成网站，
# 结果作为构件保存；在内网部署时把最后一步换成复制到网站服务器。
name: site
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: sudo apt-get update && sudo apt-get install -y fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
      # PDF 附件按 GB/T 9704 用仿宋、黑体、楷体、宋体：Fandol 字体，只从 texlive-lang-chinese 包中取出
      # 字体文件（不安装 TeX Live）；没有这些字体时 PDF 改用其他字体，生成时给出警告
      - run: |
          cd "$(mktemp -d)" && apt-get download texlive-lang-chinese
          dpkg-deb -x texlive-lang-chinese_*.deb x
          sudo mkdir -p /usr/local/share/fonts/fandol
          sudo cp x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf /usr/local/share/fonts/fandol/
          sudo fc-cache -f /usr/local/share/fonts/fandol
      # site_gen 的安装包：本单位保存的 .whl 文件或软件源中的包名
      - run: python3 -m pip install "${SITE_GEN_PACKAGE:-site_gen}"
      - run: site-gen validate --strict .
      - run: site-gen build .
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: output/
"""


def kind_family(kind: str) -> str:
    if kind in model.EVALUATION_KINDS:
        return "evaluation"
    if kind == "project-application":
        return "application"
    return "monitoring" if kind == "monitoring" else "targets"


def starter_document(kind: str, today: date) -> str:
    head = HEAD.format(kind=kind, kind_zh=model.KIND_ZH[kind], today=today.isoformat())
    if kind in BODIES:
        return head + BODIES[kind]
    body = FORM.format(extra=FORM_EXTRA[kind_family(kind)])
    return head + (
        body.replace("    goal:", APPLICATION + "    goal:", 1)
        if kind == "project-application"
        else body
    )


def files(today: date) -> dict[str, str]:
    """Every file of a new site, by path; the year folder is this year's."""
    out = {"site.yaml": SITE_YAML}
    for kind in model.KIND_ZH:
        out[f"content/{today.year}/{kind}.yaml"] = starter_document(kind, today)
    out[f"{SCHEMA_DIR}/content.schema.json"] = _json(schema.document_schema())
    out[f"{SCHEMA_DIR}/site.schema.json"] = _json(schema.site_schema())
    out[".vscode/settings.json"] = _json(VSCODE)
    out[".github/workflows/site.yml"] = WORKFLOW
    out[".gitignore"] = "output/\n.site-gen-cache/\n.site-gen-lock-*\n"
    return out


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def create(folder: Path, today: date) -> list[str]:
    """Write a new site into `folder` (new or empty); returns the paths written."""
    if folder.is_symlink():  # dangling or not: a new site is never written through a link
        raise BuildError(
            f"{folder} 是符号链接（指向 {os.readlink(folder)}）",
            hint="指定一个新的文件夹名，例如 site-gen new 预算绩效公开",
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BuildError(
            f"{folder} 已存在且不是空文件夹",
            hint="指定一个新的文件夹名，例如 site-gen new 预算绩效公开",
        )
    written = []
    for name, text in files(today).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(name)
    return written
