#!/usr/bin/env python3
"""The same province as a Hugo site, for the scale benchmark's comparison (issue 12).

Each document becomes a content page whose front matter (JSON) holds the document's validated
data, and a small theme renders what site_gen's pages show of it: the facts, the tables of
targets, progress rows and three-level indicators (Markdown fields through `markdownify`),
year sections and a home page. Hugo writes HTML only: no open data files, PDFs, link check or
search index, so the comparison flatters Hugo (the README says so).

    python3 bench/hugo_site.py SITE FOLDER     # SITE: a site_gen site; writes a Hugo project
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_gen.load import load_site  # noqa: E402
from site_gen.tables import export  # noqa: E402

CONFIG = """baseURL = "https://example.gov.cn/jxgk/"
languageCode = "zh-CN"
title = "基准省预算绩效信息公开"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }}</title><link rel="stylesheet" href="/site.css"></head><body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.doc.publisher }}</li>{{ end }}
</ul>{{ end }}
"""

INDICATORS = """<table><thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th>
<th>完成值</th><th>分值</th><th>得分</th><th>偏差原因</th></tr></thead><tbody>
{{ range . }}{{ $l1 := .level1 }}{{ range .groups }}{{ $l2 := .level2 }}{{ range .items }}
<tr><td>{{ $l1 }}</td><td>{{ $l2 }}</td><td>{{ .name }}</td><td>{{ .target }}</td>
<td>{{ .actual }}</td><td>{{ .weight }}</td><td>{{ .score }}</td><td>{{ .deviation }}</td></tr>
{{ end }}{{ end }}{{ end }}</tbody></table>
"""

SINGLE = """{{ define "main" }}{{ $d := .Params.doc }}<h1>{{ .Title }}</h1>
<dl><dt>发布单位</dt><dd>{{ $d.publisher }}</dd><dt>年度</dt><dd>{{ $d.year }}</dd>
{{ with $d.period }}<dt>期间</dt><dd>{{ . }}</dd>{{ end }}</dl>
{{ with $d.preface }}<section>{{ . | markdownify }}</section>{{ end }}
{{ if eq $d.kind "target-completion" }}{{ range $d.groups }}<h2>{{ .name }}</h2>
<table><tbody>{{ range .targets }}<tr><td>{{ .number }}</td><td>{{ .name }}</td>
<td>{{ .content | markdownify }}</td><td>{{ .status }}</td><td>{{ .summary | markdownify }}</td>
<td>{{ range .achievements }}<p>{{ . | markdownify }}</p>{{ end }}</td></tr>{{ end }}</tbody></table>
{{ end }}{{ else if eq $d.kind "progress" }}{{ range $d.groups }}<h2>{{ .category }}</h2>
<table><tbody>{{ range .rows }}<tr><td>{{ .name }}</td><td>{{ .indicator | markdownify }}</td>
<td>{{ .deadline }}</td><td>{{ .current | markdownify }}</td><td>{{ .cumulative | markdownify }}</td>
<td>{{ .percent }}</td><td>{{ .status }}</td></tr>{{ end }}</tbody></table>{{ end }}
{{ else if eq $d.kind "project-targets" }}{{ range $d.projects }}<h2>{{ .name }}</h2>
<dl><dt>项目编码</dt><dd>{{ .code }}</dd><dt>金额</dt><dd>{{ .amount }}</dd></dl>
{{ with .goal }}<p>{{ . | markdownify }}</p>{{ end }}{{ partial "indicators.html" .indicators }}{{ end }}
{{ else if eq $d.kind "narrative" }}{{ $d.body | markdownify }}
{{ else }}{{ range $d.forms }}<h2>{{ .name }}</h2><dl>{{ range .facts }}<dt>{{ .label }}</dt>
<dd>{{ .value }}</dd>{{ end }}</dl>{{ with .goal }}<p>{{ . | markdownify }}</p>{{ end }}
{{ with .budget }}<table><tbody>{{ range .rows }}<tr><td>{{ .source }}</td><td>{{ .initial }}</td>
<td>{{ .adjusted }}</td><td>{{ .executed }}</td><td>{{ .rate }}</td></tr>{{ end }}</tbody></table>{{ end }}
{{ partial "indicators.html" .indicators }}{{ end }}{{ end }}
{{ with $d.notes }}<section>{{ . | markdownify }}</section>{{ end }}{{ end }}
"""


def write(site: Path, folder: Path) -> Path:
    """The Hugo project for a site_gen site; the documents' data as site_gen validated it."""
    loaded, _warnings = load_site(site)
    (folder / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (folder / "layouts" / "partials").mkdir(parents=True, exist_ok=True)
    (folder / "static").mkdir(exist_ok=True)
    (folder / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    (folder / "layouts" / "_default" / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (folder / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (folder / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (folder / "layouts" / "index.html").write_text(LIST.replace(".Pages", ".Sections"), "utf-8")
    (folder / "layouts" / "partials" / "indicators.html").write_text(INDICATORS, "utf-8")
    (folder / "static" / "site.css").write_text("body{font-family:serif}", encoding="utf-8")
    for entry in loaded.entries:
        data = export.to_data(entry.doc)
        data["publisher"] = entry.publisher.name
        data["year"] = entry.year
        page = folder / "content" / str(entry.year) / f"{entry.slug}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        front = {"title": entry.doc.title, "params": {"doc": data}}
        page.write_text(json.dumps(front, ensure_ascii=False) + "\n", encoding="utf-8")
    for year in loaded.years:
        index = folder / "content" / str(year) / "_index.md"
        index.write_text(json.dumps({"title": f"{year}年"}) + "\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    write(Path(sys.argv[1]), Path(sys.argv[2]))
