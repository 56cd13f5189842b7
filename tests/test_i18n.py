"""Languages (issue 15): the message catalog is complete and in step with the code, a page
speaks its document's language and marks what is in another, a site renames labels, and
computed dates and counts follow the locale while the source's figures stay as written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import typing
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from site_gen import i18n, kinds, model
from site_gen.build import pipeline
from tests.conftest import ROOT, write_site

HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.slow
def test_every_message_has_its_translation_and_the_catalog_is_in_step() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "messages.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_languages_of_the_model_are_the_catalogs() -> None:
    assert set(typing.get_args(model.Language)) == set(i18n.LANGUAGES)
    for language in i18n.LANGUAGES:
        if language != i18n.SOURCE:
            assert (i18n.LOCALE_DIR / f"{language}.po").is_file()


def test_localised_templates_leave_no_chinese_outside_messages() -> None:
    """The templates an English page uses write every Chinese word through the catalog
    (Jinja comments aside); the standard forms' templates are Chinese forms (LOCALISED_KINDS)."""
    names = [
        "base.html",
        "index.html",
        "year.html",
        "document.html",
        "search.html",
        "404.html",
        "publisher.html",
        "_listing.html",
        "_series.html",
        "kinds/indicator-series.html",
        "kinds/narrative.html",
        "pdf/document.html",
        "pdf/_document_body.html",
        "pdf/indicator-series.html",
        "pdf/narrative.html",
        "pdf/bundle.html",
    ]
    message = re.compile(r"""(?:_|ngettext)\((?:\s*(['"])[^'"]*\1\s*,?)+""")
    for name in names:
        text = (ROOT / "templates" / name).read_text(encoding="utf-8")
        text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
        left = HAN.findall(message.sub("", text))
        assert left == [], name


def test_formats_of_the_locale() -> None:
    day = date(2020, 12, 31)
    zh, en = i18n.Language("zh-CN"), i18n.Language("en")
    assert zh.long_date(day) == "2020年12月31日"
    assert zh.count(1234) == "1234"
    assert zh.ngettext("{n} 项指标", "{n} 项指标", 2) == "2 项指标"
    assert en.long_date(day) == "December 31, 2020"
    assert en.count(1234) == "1,234"
    assert en.computed(Decimal("-12.5")) == "-12.5"
    assert en.computed(Decimal("1234")) == "1,234"
    assert en.ngettext("{n} 项指标", "{n} 项指标", 1) == "1 indicator"
    assert en.ngettext("{n} 项指标", "{n} 项指标", 2) == "2 indicators"
    assert en.gettext("首页") == "Home"
    assert zh.gettext("首页") == "首页"  # each speaks its own language, side by side


def test_a_site_renames_labels() -> None:
    en = i18n.Language("en", {"Target": "Goal value", "Actual": "{n} {oops", "2 indicators": "Two"})
    assert en.gettext("目标值") == "Goal value"
    assert en.gettext("实际值") == "{n} {oops"  # shown as written, never formatted
    assert en.ngettext("{n} 项指标", "{n} 项指标", 2) == "Two"  # the text as shown
    assert en.ngettext("{n} 项指标", "{n} 项指标", 3) == "3 indicators"


SERIES = """\
kind: indicator-series
title: Quarterly indicators
language: en
published: 2024-04-30
columns:
  period: Quarter
goals:
  - name: Service
    indicators:
      - name: Calls answered within 30 seconds
        type: increase
        unit: "%"
        values:
          - period: FY24 Q1
            target: "80%"
            value: "82%"
"""
CHINESE = """\
kind: narrative
title: 公开说明
body: 本文件说明公开的范围。
"""


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(
        tmp_path_factory.mktemp("mixed") / "site",
        {"2024/calls.yaml": SERIES, "2024/note.yaml": CHINESE},
        site_yaml=(ROOT / "tests" / "fixtures" / "series" / "site.yaml").read_text(encoding="utf-8")
        + "labels:\n  - text: Met?\n    show: On target?\n",
    )
    out = root / "output"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    return out


@pytest.mark.slow
def test_a_chinese_site_with_an_english_document(mixed_site: Path) -> None:
    page = (mixed_site / "2024" / "calls.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert 'Published</dt><dd><time datetime="2024-04-30">April 30, 2024</time>' in page
    assert '<th scope="col">Quarter</th>' in page or 'class="nw">Quarter</th>' in page
    assert "On target?" in page and "Met?" not in page  # the site's label, renamed
    trail = page[
        page.index('class="wrap breadcrumbs"') : page.index("</nav>", page.index("breadcrumbs"))
    ]
    crumbs = re.findall(r'<li><a href="[^"]*"( lang="zh-CN")?>([^<]*)</a></li>', trail)
    assert crumbs == [(' lang="zh-CN"', "首页"), (' lang="zh-CN"', "2024年")]
    home = (mixed_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in home
    assert re.search(r'<a href="2024/calls.html" lang="en">Quarterly indicators</a>', home)
    assert re.search(r'<a href="2024/note.html">公开说明</a>', home)  # same language: no mark
    assert "1 项指标" in home  # the card's figures: in the page's language
    year = (mixed_site / "2024" / "index.html").read_text(encoding="utf-8")
    assert '<p class="lead">共 2 份：公开说明 1 份；绩效指标监测 1 份</p>' in year
    feed = (mixed_site / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="zh-CN"' in feed and '<entry xml:lang="en">' in feed
    index = json.loads((mixed_site / "data" / "index.json").read_text(encoding="utf-8"))
    languages = {d["id"]: (d["language"], d["kind_name"]) for d in index["documents"]}
    assert languages == {
        "2024/calls": ("en", "Performance indicators"),
        "2024/note": ("zh-CN", "公开说明"),
    }
    csv = (mixed_site / "2024" / "calls.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("Goal,Objective,Indicator,Desired direction")
    assert HAN.findall(csv) == []


def test_cover_labels_are_the_models_names_and_in_the_catalog() -> None:
    from site_gen.sheets.layout import COVER_FIELDS, COVER_LABELS, zh

    names = {
        zh(cls, name)
        for cls in (model.document_class(k) for k in kinds.names())
        for name in COVER_FIELDS
        if name in cls.__dataclass_fields__
    }
    assert names == set(COVER_LABELS)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_an_english_document_has_a_workbook_in_either_language(
    language: str, tmp_path: Path
) -> None:
    """Exported with English headings the visible sheets carry no Chinese word; with either
    language's headings the workbook imports back to the same document."""
    import io

    import openpyxl

    from site_gen import load
    from site_gen.sheets.to_yaml import dump
    from site_gen.sheets.workbook import export_workbook, import_workbook
    from site_gen.sheets.xlsx_write import HIDDEN

    path = ROOT / "examples" / "performance-gov" / "content" / "2018"
    source = path / "gsa-fy2018-annual-performance.yaml"
    doc = load.load_document(source, source.name).doc
    assert doc is not None
    data = export_workbook(doc, language)
    book = openpyxl.load_workbook(io.BytesIO(data))
    visible = [ws for ws in book.worksheets if ws.title != HIDDEN]
    words = [str(c.value) for ws in visible for row in ws.iter_rows() for c in row if c.value]
    if language == "en":
        assert [ws.title for ws in visible] == ["Indicators", "Note"]
        assert [w for w in words if HAN.search(w)] == []
        assert {"Document kind", "Title", "Goal", "Indicator", "Target of the period"} <= set(words)
    else:
        assert {"文件类型", "标题", "目标", "指标名称", "该期目标值"} <= set(words)
    (tmp_path / "book.xlsx").write_bytes(data)
    result = import_workbook(tmp_path / "book.xlsx")
    assert result.problems == []
    text = dump(result.data, ["test"])
    back = load.load_document(tmp_path / "doc.yaml", "doc.yaml", text.encode()).doc
    assert back == doc
