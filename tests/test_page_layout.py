"""What a reader sees on the web pages (issue 11), measured in headless Chromium at a phone's
390 px and a desktop's 1280 px: charts readable at the page's own text size, long tables that
keep their header in view and lead back to the contents."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

PROGRESS = "2018/hangzhou-progress-1-9.html"


def open_page(browser: Any, path: Path, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(path.resolve().as_uri())
    return page


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_whole_and_readable(built_pages: Path, browser: Any, width: int) -> None:
    page = open_page(browser, built_pages / PROGRESS, width)
    rows = page.evaluate(
        """() => [...document.querySelectorAll('#chart-progress .bar-row')].map(row => {
            const label = row.querySelector('.bar-label'), track = row.querySelector('.bar-track');
            const figure = row.querySelector('.bar-figure');
            const r = label.getBoundingClientRect(), t = track.getBoundingClientRect();
            const f = figure.getBoundingClientRect();
            return {text: label.textContent, size: parseFloat(getComputedStyle(label).fontSize),
                    right: Math.max(r.right, f.right), clipped: label.scrollWidth > label.clientWidth,
                    track: t.width, figureSize: parseFloat(getComputedStyle(figure).fontSize)};
        })"""
    )
    assert len(rows) >= 5
    for row in rows:
        assert row["size"] >= 12 and row["figureSize"] >= 12, row
        assert "…" not in row["text"] and not row["clipped"], row
        assert row["right"] <= width, row  # nothing runs off the screen
        assert row["track"] >= 100, row  # the bar itself keeps a readable length
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the 序时进度 line stands at 75 % of each track, and the legend says so in words
    share = page.evaluate(
        """() => { const row = document.querySelector('#chart-progress .bar-row');
            const t = row.querySelector('.bar-track').getBoundingClientRect();
            const m = row.querySelector('.bar-ref').getBoundingClientRect();
            return (m.left - t.left) / t.width; }"""
    )
    assert share == pytest.approx(0.75, abs=0.02)
    assert "竖线为序时进度 75%（1-9月占全年的 9/12）" in page.inner_text(
        "#summary-heading + p + figure"
    )
    page.close()


def test_contents_show_the_sources_numbers_only(built_pages: Path, browser: Any) -> None:
    """ "1. 1. 加大资金支持力度…": the browser's list numbers must not stand before the
    source's own, nor number the groups, which the source does not."""
    page = open_page(browser, built_pages / "2020/qingdao-targets-completion.html", 390)
    items = page.evaluate(
        """() => [...document.querySelectorAll('.toc li')].map(li =>
            [getComputedStyle(li).listStyleType, li.querySelector('a').textContent])"""
    )
    assert len(items) == 12  # 2 groups, 10 targets
    assert {style for style, _ in items} == {"none"}
    assert [text for _, text in items][:2] == ["重点目标", "1. 加大资金支持力度保居民就业"]
    page.close()


@pytest.mark.parametrize(
    ("route", "table"),
    [(PROGRESS, ".progress-table"), ("2021/weihai-etdz-key-projects.html", "table.indicators")],
)
def test_a_long_tables_header_stays_in_view(
    built_pages: Path, browser: Any, route: str, table: str
) -> None:
    page = open_page(browser, built_pages / route, 1280)
    # scroll to the middle of the (first) long table: its header is at the top of the window
    page.evaluate(
        f"""() => {{ const t = document.querySelector('{table}').getBoundingClientRect();
            window.scrollTo(0, window.scrollY + t.top + t.height / 2); }}"""
    )
    head = page.evaluate(
        f"""() => {{ const h = document.querySelector('{table} thead').getBoundingClientRect();
            return [h.top, h.bottom]; }}"""
    )
    assert head[0] == pytest.approx(0, abs=1) and head[1] > 10
    page.close()


def test_each_section_leads_back_to_the_contents(built_pages: Path, browser: Any) -> None:
    page = open_page(browser, built_pages / "2020/qingdao-targets-completion.html", 1280)
    links = page.locator("article.target .permalink a", has_text="返回目录")
    assert links.count() == 10
    links.nth(9).click()
    top = page.evaluate("document.getElementById('toc-heading').getBoundingClientRect().top")
    assert top == pytest.approx(0, abs=2)  # the contents are at the top of the window
    page.close()


def test_a_printed_page_is_a4_and_says_where_it_came_from(
    built_pages: Path, browser: Any, tmp_path: Path
) -> None:
    import pypdf

    page = open_page(browser, built_pages / PROGRESS, 1280)
    assert not page.locator(".print-meta").is_visible()  # nothing of it on screen
    page.evaluate("dispatchEvent(new Event('beforeprint'))")  # as the browser does on print
    target = tmp_path / "printed.pdf"
    page.pdf(path=str(target), prefer_css_page_size=True)
    page.close()
    reader = pypdf.PdfReader(target)
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    assert sizes[0] == (595, 842)  # A4, not US Letter
    assert set(sizes[1:]) == {(842, 595)}  # the six-column table and what follows: wide
    out = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    )
    text = out.stdout.replace("\n", "")
    assert "本页网址：https://example.gov.cn/jxgk/2018/hangzhou-progress-1-9.html" in text
    assert re.search(r"打印日期：\d{4}年\d{1,2}月\d{1,2}日", text)


SHORT_CELLS = """() => [...document.querySelectorAll('main td, main th, main dt')].flatMap(cell => {
    const text = cell.textContent.replace(/\\s+/g, '');
    if (!text.length || text.length > 6 || cell.children.length) return [];
    const head = cell.closest('thead');  // a phone's cards hide the header (it is read aloud)
    if (head && head.getBoundingClientRect().width <= 1) return [];
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    return tops.size > 1 ? [text] : [];
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_short_label_breaks_in_a_table(built_pages: Path, browser: Any, width: int) -> None:
    """序号, 分值, 一级指标, 数量指标, and the page's own 出处, 发布单位: a label of six
    characters or fewer stays on one line (出处 stacked as 出/处 at 390 px before)."""
    documents = sorted(p for p in built_pages.glob("20*/*.html") if p.name != "index.html")
    assert len(documents) >= 7
    page = browser.new_page(viewport={"width": width, "height": 800})
    broken = {}
    for path in documents:
        page.goto(path.resolve().as_uri())
        if found := page.evaluate(SHORT_CELLS):
            broken[path.name] = found
    page.close()
    assert broken == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_a_heading_over_goal_rows_spans_the_facts_table(
    browser: Any, tmp_path: Path, width: int
) -> None:
    """An imported 四川 自评表's 1.项目年度目标完成情况 heads the goal rows across the whole
    facts table, on a phone (where the table's rows are grids) as on a desktop."""
    from site_gen.build import pipeline
    from site_gen.sheets import to_yaml as sheet_yaml
    from site_gen.sheets.workbook import import_workbook
    from tests import sheet_corpus
    from tests.conftest import write_site

    data = import_workbook(sheet_corpus._writer("sichuan-self-evaluation", "")(tmp_path)).data
    root = write_site(tmp_path / "site", {"2023/s.yaml": sheet_yaml.dump(data, [])})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    page = open_page(browser, out / "2023" / "s.html", width)
    heading, table = page.evaluate(
        """() => { const th = document.querySelector('.form-meta th[colspan]');
                   return [th.getBoundingClientRect().width,
                           th.closest('table').getBoundingClientRect().width]; }"""
    )
    page.close()
    assert heading == pytest.approx(table, abs=2)
