"""A source that reaches the public cut off (issue 28): marked as incomplete — not as illegible —
at document, table and row level, on the page, in the annex and in every download; and nothing
the missing part could change is computed over what remains."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from site_gen import i18n
from site_gen.build import pipeline
from site_gen.load import SitePaths, load_site
from site_gen.pdf import annexes
from site_gen.web import summaries
from site_gen.web.html import Renderer
from tests.conftest import SITE_YAML, write_site

# A 10号 self-evaluation published as a web page that stops inside the indicator table: the
# satisfaction rows, 总分 and 等级 are lost; one budget row and one indicator row are cut.
CUT = """\
kind: project-evaluation
title: 农村道路养护项目支出绩效自评表
incomplete: 网页在绩效指标表中途截断，满意度指标、总分和等级缺失
forms:
  - name: 农村道路养护
    incomplete: 满意度指标及以下缺失
    budget:
      points: 10
      incomplete: true
      rows:
        - {source: 年度资金总额, adjusted: "200", executed: "150", rate: "75.00%"}
        - {source: 其中：当年财政拨款, adjusted: "200", executed: "150", incomplete: true}
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - {name: 养护里程, target: ≥320公里, actual: 318.6公里, weight: 50, score: 45, deviation: 雨季停工}
              - {name: 桥梁维修, target: ≥45座, weight: 20, incomplete: true}
      - level1: 效益指标
        groups:
          - level2: 社会效益指标
            items:
              - {name: 通行条件改善, target: 明显改善, actual: 明显改善, weight: 20, score: 20}
"""
PUBLISH = SITE_YAML + "scoring:\n  name: 某省计分办法\n  publish: [project-evaluation]\n"


def _build(tmp_path: Path) -> tuple[Path, Path]:
    root = write_site(tmp_path / "site", {"2024/cut.yaml": CUT}, PUBLISH)
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    return root, out


@pytest.mark.slow
def test_the_page_marks_a_cut_source_and_states_no_score_over_it(tmp_path: Path) -> None:
    _, out = _build(tmp_path)
    page = (out / "2024" / "cut.html").read_text("utf-8")
    assert "原件不完整：</strong>网页在绩效指标表中途截断" in page
    assert "本表原件不完整：</strong>满意度指标及以下缺失" in page
    assert page.count("（原件残缺）") == 2  # the budget row and the indicator row
    assert "原件此表至此不完整，以下内容缺失" in page  # under the budget table
    assert "原件字迹不清" not in page  # a cut-off source is not an illegible one
    # the site publishes computed scores, but not over a form that lost rows
    assert "按“某省计分办法”计算" not in page and "score-summary" not in page
    assert "本文件含 1 张表" in page and page.count("原件不完整，以下计数只含现存部分") == 1


@pytest.mark.slow
def test_the_listing_and_the_summary_say_the_source_is_incomplete(tmp_path: Path) -> None:
    root, _ = _build(tmp_path)
    site, _ = load_site(root)
    summary = summaries.summarise(site.entries[0].doc, i18n.CHINESE)
    assert summary.lead.startswith("原件不完整，以下计数只含现存部分：本文件含 1 张表")
    assert summary.figures == ("原件不完整",)  # no bare count the missing part could change
    cut_rows_only = CUT.replace(
        "incomplete: 网页在绩效指标表中途截断，满意度指标、总分和等级缺失\n", ""
    )
    root = write_site(tmp_path / "rows", {"2024/cut.yaml": cut_rows_only})
    site, _ = load_site(root)
    lead = summaries.summarise(site.entries[0].doc, i18n.CHINESE).lead
    assert lead.startswith("部分表格或行原件残缺，以下计数只含现存部分：")


@pytest.mark.slow
def test_every_download_carries_the_marks(tmp_path: Path) -> None:
    _, out = _build(tmp_path)
    data = json.loads((out / "2024" / "cut.json").read_text("utf-8"))
    assert data["incomplete"].startswith("网页在绩效指标表中途截断")
    form = data["forms"][0]
    assert form["incomplete"] == "满意度指标及以下缺失" and form["budget"]["incomplete"] is True
    assert form["indicators"][0]["groups"][0]["items"][1]["incomplete"] is True
    text = (out / "2024" / "cut.csv").read_text("utf-8-sig")
    lines = [tuple(r) for r in csv.reader(io.StringIO(text))]
    assert ("", "", "文件", "", "原件不完整", data["incomplete"], "") in lines
    cut = ("1", "农村道路养护")
    assert (*cut, "基本情况", "2", "原件不完整", "满意度指标及以下缺失", "原件残缺") in lines
    assert (*cut, "预算执行情况", "2", "资金来源", "其中：当年财政拨款", "原件残缺") in lines
    assert (*cut, "预算执行情况", "", "", "原件此表至此不完整，以下内容缺失", "原件残缺") in lines
    assert (*cut, "绩效指标", "2", "三级指标", "桥梁维修", "原件残缺") in lines
    book = openpyxl.load_workbook(out / "2024" / "cut.xlsx")
    cover = book["说明"]
    labels = {row[0].value: row[1].value for row in cover.iter_rows() if row[0].value}
    assert labels["原件不完整"] == data["incomplete"]
    sheet = book["表1"]
    notes = {c.comment.text for row in sheet.iter_rows() for c in row if c.comment}
    assert "原件不完整：满意度指标及以下缺失" in notes and "原件残缺" in notes
    with zipfile.ZipFile(out / "2024" / "cut.xlsx") as z:  # the import keeps every mark
        assert b"incomplete" in z.read("xl/worksheets/sheet3.xml")


@pytest.mark.slow
def test_the_annex_carries_the_marks(tmp_path: Path) -> None:
    root, _ = _build(tmp_path)
    site, _ = load_site(root)
    renderer = Renderer(site, SitePaths(root).templates)
    html = annexes.pdf_html(renderer, site.entries[0], SitePaths(root), watermark=False)
    assert "原件不完整：</strong>网页在绩效指标表中途截断" in html
    assert html.count("（原件残缺）") == 2 and "原件字迹不清" not in html


@pytest.mark.slow
def test_an_english_series_says_it_in_english(tmp_path: Path) -> None:
    doc = """\
        kind: indicator-series
        title: Priority goal
        language: en
        incomplete: The report's last page is missing
        goals:
          - name: Goal 1
            indicators:
              - {name: Claims, type: increase, values: [{period: Q1, target: "5", value: "6"}]}
        """
    root = write_site(tmp_path / "site", {"2018/goal.yaml": doc})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    page = (out / "2018" / "goal.html").read_text("utf-8")
    assert "Source incomplete: </strong>The report&#39;s last page is missing" in page
    assert "The source is incomplete; counts cover only the parts that survive: " in page


@pytest.mark.slow
def test_a_project_form_shows_its_unclear_and_cut_rows(tmp_path: Path) -> None:
    doc = """\
        kind: project-targets
        title: 目标表
        projects:
          - name: 农村道路养护
            incomplete: 原件第2页缺失
            indicators:
              - level1: 产出指标
                groups:
                  - level2: 数量指标
                    items:
                      - {name: 养护里程, target: ≥320公里, unclear: true}
                      - {name: 桥梁维修, target: ≥45座, incomplete: true}
        """
    root = write_site(tmp_path / "site", {"2024/p.yaml": doc})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    page = (out / "2024" / "p.html").read_text("utf-8")
    assert '养护里程<span class="unclear">（原件字迹不清）</span>' in page
    assert '桥梁维修<span class="incomplete">（原件残缺）</span>' in page
    assert "本表原件不完整：</strong>原件第2页缺失" in page
    assert "部分表格或行原件残缺，以下计数只含现存部分" in page


@pytest.mark.slow
def test_the_marks_come_back_from_the_workbook_without_its_hidden_sheet(tmp_path: Path) -> None:
    from site_gen.sheets.workbook import export_workbook, import_workbook
    from tests.test_sheets import without_hidden_sheet

    root, _ = _build(tmp_path)
    site, _ = load_site(root)
    book = tmp_path / "cut.xlsx"
    book.write_bytes(without_hidden_sheet(export_workbook(site.entries[0].doc)))
    data = import_workbook(book).data
    assert data["incomplete"] == "网页在绩效指标表中途截断，满意度指标、总分和等级缺失"
    items = data["forms"][0]["indicators"][0]["groups"][0]["items"]
    assert [bool(i.get("incomplete")) for i in items] == [False, True]
