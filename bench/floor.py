#!/usr/bin/env python3
"""The floor of issue 29's targets: plain libyaml + Jinja over the same content files, with no
validation, no open data, no link check and one process. Each document is parsed by PyYAML's C
loader and written as one page (its fields as nested tables, escaped), and each year gets a page
listing its documents: what any Python generator of these pages must at least do.

    python3 bench/floor.py SITE OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import yaml

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ doc.title }}</title></head>
<body><h1>{{ doc.title }}</h1>{{ show(doc) }}</body></html>
"""
SHOW = """{% macro show(value) -%}
{%- if value is mapping -%}
<table>{% for key, item in value.items() %}<tr><th>{{ key }}</th><td>{{ show(item) }}</td></tr>{% endfor %}</table>
{%- elif value is sequence and value is not string -%}
<ul>{% for item in value %}<li>{{ show(item) }}</li>{% endfor %}</ul>
{%- else -%}{{ value }}{%- endif -%}
{%- endmacro %}"""
YEAR = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ year }}</title></head>
<body><h1>{{ year }}</h1><ul>{% for name, title in docs %}<li><a href="{{ name }}.html">{{ title }}</a></li>{% endfor %}</ul></body></html>
"""


def build(site: Path, out: Path) -> int:
    env = jinja2.Environment(
        autoescape=True, loader=jinja2.DictLoader({"show": SHOW, "page": PAGE, "year": YEAR})
    )
    page = env.get_template("page")
    page.globals["show"] = env.get_template("show").module.show  # type: ignore[attr-defined]
    years: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((site / "content").glob("*/*.yaml")):
        doc = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        target = out / path.parent.name / f"{path.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.render(doc=doc), encoding="utf-8")
        years.setdefault(path.parent.name, []).append((path.stem, str(doc.get("title", ""))))
    for year, docs in years.items():
        listing = env.get_template("year").render(year=year, docs=docs)
        (out / year / "index.html").write_text(listing, encoding="utf-8")
    return sum(len(d) for d in years.values())


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), Path(sys.argv[2])), "documents")
