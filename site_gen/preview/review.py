"""What a reviewer sees in the preview besides the pages: the changes against the last
publication (a panel on each changed page, with the changed values highlighted, and a page
listing every change) and which content files have errors. Preview only: a build never carries
any of it. The HTML here is built from escaped text; the script is the preview's own.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from site_gen import model
from site_gen.errors import BuildError, Problem
from site_gen.load import SitePaths, score_checks
from site_gen.preview import changes
from site_gen.tables import views
from site_gen.web.html import typeset_signs

CHANGES_PATH = "/__site_gen_changes.html"
_CONTENT_FILE = re.compile(r"content/(\d{4})/([^/]+)\.ya?ml")
STYLE = (
    "<style>.sg-review{border:2px solid #8a5a00;background:#fffaf0;padding:.5rem 1rem;margin:1rem 0}"
    ".sg-review ol{margin:.25rem 0;padding-left:1.5rem}.sg-review del{color:#8c1c13}"
    ".sg-review ins{color:#1d5e2a;text-decoration:none;font-weight:bold}"
    ".sg-changed{outline:3px solid #c77c00;outline-offset:1px;background:#fff1cc}</style>"
)
# Marks the elements whose text, or own text beside child elements (a figure with its 万元
# note), is a changed value: cells, facts, list items. Runs once the page is parsed.
HIGHLIGHT_SCRIPT = (
    "<script>document.addEventListener('DOMContentLoaded',function(){"
    "var p=document.getElementById('sg-review');if(!p)return;"
    "var v=JSON.parse(p.getAttribute('data-values')||'[]');if(!v.length)return;"
    "function n(t){return t.replace(/\\s+/g,' ').trim();}"
    "document.querySelectorAll('main td,main th,main dd,main li,main p,main span,main h2,main h3')"
    ".forEach(function(e){if(p.contains(e))return;var own='';"
    "e.childNodes.forEach(function(c){if(c.nodeType===3)own+=c.textContent;});"
    "var t=n(e.textContent);own=n(own);"
    "if(v.indexOf(t)>=0||v.indexOf(own)>=0)e.classList.add('sg-changed');});});</script>"
)


def route_of(file_name: str) -> str | None:
    """content/2021/x.yaml → 2021/x.html: where a content file's page is."""
    match = _CONTENT_FILE.fullmatch(file_name)
    return f"{match.group(1)}/{match.group(2)}.html" if match else None


@dataclass
class Review:
    root: Path
    since: str | None = None  # None: output/ of the site when it holds a published record
    published: dict[str, dict[str, Any]] = field(default_factory=dict)
    baseline: str = ""  # what is compared against, as shown to the reviewer; "" when nothing
    baseline_error: str = ""
    notice: str = ""  # something the preview itself ran into (the watcher restarted)
    found: list[changes.DocumentChanges] = field(default_factory=list)
    broken: dict[str, list[Problem]] = field(default_factory=dict)  # route → its problems
    _stamp: float = -1.0
    _records: dict[str, dict[str, Any]] = field(default_factory=dict)  # digest → twin
    _by_route: dict[str, changes.DocumentChanges] = field(default_factory=dict)
    # Scores the site's scheme gives differently, per page, and the scheme's name (issue 33):
    # the reviewer's check, never part of the published page.
    scores: dict[str, list[score_checks.Finding]] = field(default_factory=dict)
    scheme: str = ""

    def update(self, site: model.Site, broken: dict[str, list[Problem]]) -> None:
        """After each build: compare the content with the baseline and note the bad files."""
        self._refresh_baseline()
        scheme = score_checks.scheme_of(site)
        self.scheme = scheme.name
        self.scores = {}
        for entry in site.entries:
            found = score_checks.findings(entry.doc, scheme)
            if found:
                self.scores[f"{entry.year}/{entry.slug}.html"] = found
        self.broken = {}
        for name, problems in broken.items():
            self.broken[route_of(name) or name] = problems
        if not self.baseline:
            self.found, self._by_route = [], {}
            return
        current: dict[str, dict[str, Any]] = {}
        records: dict[str, dict[str, Any]] = {}
        for entry in site.entries:
            key = f"{entry.digest}:{entry.publisher.name}"
            record = self._records.get(key)
            if record is None:
                record = changes.record_of(entry)
            records[key] = record
            current[f"{entry.year}/{entry.slug}"] = record
        self._records = records
        # A file with errors is not in the site now: it is not "removed" from the publication.
        for route in self.broken:
            doc_id = route.removesuffix(".html")
            if doc_id in self.published:
                current[doc_id] = self.published[doc_id]
        self.found = changes.compare_sites(self.published, current)
        self._by_route = {d.route: d for d in self.found}

    def _refresh_baseline(self) -> None:
        source = self.since
        if source is None:
            default = SitePaths(self.root).default_output
            source = str(default) if (default / changes.INDEX).is_file() else None
        if source is None:
            self.baseline, self.published, self.baseline_error = "", {}, ""
            return
        index = Path(source) / changes.INDEX
        stamp = index.stat().st_mtime if "://" not in source and index.is_file() else 0.0
        if source == self.baseline and stamp == self._stamp:
            return  # a web address is read once; a folder again when it was rebuilt
        try:
            self.published = changes.published_records(source)
            self.baseline, self.baseline_error, self._stamp = source, "", stamp
        except BuildError as exc:
            self.baseline, self.published, self.baseline_error = "", {}, exc.format()

    # ------------------------------------------------------------ HTML
    def changes_of(self, route: str) -> changes.DocumentChanges | None:
        return self._by_route.get(route)

    def panel(self, route: str) -> str:
        """The box at the top of a preview page: this page's changes and the bad files."""
        parts: list[str] = []
        if self.notice:
            parts.append(f"<p>预览：{html.escape(self.notice)}</p>")
        if self.broken:
            links = "、".join(
                f'<a href="/{html.escape(r)}">{html.escape(r)}</a>' for r in sorted(self.broken)
            )
            parts.append(
                f"<p><strong>{len(self.broken)} 个文件有错误，暂不显示：</strong>{links}</p>"
            )
        if self.baseline_error:
            parts.append(f"<p>无法读取已发布的版本：{html.escape(self.baseline_error)}</p>")
        values: list[str] = []
        if self.baseline:
            doc = self.changes_of(route)
            total = f'<a href="{CHANGES_PATH}">本次修改（共 {len(self.found)} 份文件）</a>'
            against = f"与已发布版本（{html.escape(os.fspath(self.baseline))}）相比"
            if doc is None:
                parts.append(f"<p>{against}：本页没有修改。{total}</p>")
            elif doc.status == "added":
                parts.append(f"<p>{against}：<strong>本页是新增的文件。</strong>{total}</p>")
            else:
                parts.append(
                    f"<p>{against}：<strong>本页 {len(doc.changes)} 处修改</strong>"
                    f"（已在页面中标出）。{total}</p>"
                )
                parts.append(change_list(doc.changes))
                values = highlight_values(doc.changes)
        if route in self.scores:
            parts.append(self.score_panel(route))
        if not parts:
            return ""
        data = html.escape(json.dumps(values, ensure_ascii=False), quote=True)
        return (
            f'<aside id="sg-review" class="sg-review" aria-label="预览：本次修改" '
            f'data-values="{data}">{"".join(parts)}</aside>{HIGHLIGHT_SCRIPT}'
        )

    def score_panel(self, route: str) -> str:
        """The scores of this page that the site's scheme gives differently: for the reviewer."""
        items = "".join(
            f"<li>{html.escape(f.what)}：原表 {html.escape(f.stated)}，"
            f"{'应为' if f.check == 'grade' else '计算为'} {html.escape(f.computed)}</li>"
            for f in self.scores.get(route, [])
        )
        return (
            f"<p><strong>评分核对</strong>（按评分办法“{html.escape(self.scheme)}”；"
            "只在预览中显示，公开的网页只有原表的得分）：</p>"
            f"<ol>{items}</ol>"
        )

    def changes_page(self) -> str:
        if not self.baseline:
            body = (
                "<p>没有可以对比的已发布版本：用 <code>site-gen serve --since 文件夹或网址</code> "
                "指定，或先运行 <code>site-gen build</code> 生成 output/。</p>"
            )
            if self.baseline_error:
                body += f"<pre>{html.escape(self.baseline_error)}</pre>"
        elif not self.found:
            body = f"<p>与已发布版本（{html.escape(self.baseline)}）相比没有修改。</p>"
        else:
            body = f"<p>与已发布版本（{html.escape(self.baseline)}）相比：</p>"
            for doc in self.found:
                title = html.escape(doc.title)
                label = changes.STATUS_ZH[doc.status]
                link = title if doc.status == "removed" else f'<a href="/{doc.route}">{title}</a>'
                body += f"<section><h2>{label}：{link}</h2><p>{html.escape(doc.id)}</p>"
                body += change_list(doc.changes) + "</section>"
        return (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>本次修改 - 预览</title><link rel="stylesheet" href="/assets/site.css">'
            f'{STYLE}</head><body><main id="main" class="wrap"><h1>本次修改</h1>'
            f'<div class="sg-review">{body}</div><p><a href="/index.html">返回首页</a></p>'
            "</main></body></html>"
        )


def change_list(items: tuple[changes.Change, ...]) -> str:
    if not items:
        return ""
    rows = []
    for c in items:
        where = html.escape(c.where)
        if c.old is None:
            what = f"新增 <ins>{_cell(c.new)}</ins>"
        elif c.new is None:
            what = f"删除 <del>{_cell(c.old)}</del>"
        else:
            what = f"<del>{_cell(c.old)}</del> → <ins>{_cell(c.new)}</ins>"
        rows.append(f"<li>{where}：{what}</li>")
    return f"<ol>{''.join(rows)}</ol>"


def _cell(text: str | None) -> str:
    return html.escape(text) if text else "（空白）"


def highlight_values(items: tuple[changes.Change, ...]) -> list[str]:
    """The texts a changed value may be printed as: as written, and money also in 万元."""
    found: list[str] = []
    for change in items:
        if not change.new:
            continue
        text = " ".join(change.new.split())
        found += [text, typeset_signs(text)]
        plain = text.replace(",", "")
        if "," in text:
            try:
                found.append(views.wan(Decimal(plain)))
                found.append(views.yuan(Decimal(plain)))
            except InvalidOperation:
                pass
    return sorted(set(found))
