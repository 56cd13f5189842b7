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
from typing import Protocol, cast

from site_gen import kinds
from site_gen.errors import BuildError
from site_gen.load import schema


class KindPart(Protocol):
    """What `site-gen new` asks of a kind (site_gen/kinds/<family>/cli.py)."""

    def starter_body(self, kind: str) -> str: ...


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


def starter_document(kind: str, today: date) -> str:
    head = HEAD.format(kind=kind, kind_zh=kinds.label(kind), today=today.isoformat())
    return head + cast(KindPart, kinds.part(kind, "cli")).starter_body(kind)  # its own fields


def files(today: date) -> dict[str, str]:
    """Every file of a new site, by path; the year folder is this year's."""
    out = {"site.yaml": SITE_YAML}
    for kind in kinds.names():
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
