"""Readers on phones (issue 31): at 360, 390 and 414 px every figure of a form is in view without
scrolling sideways — the forms' tables are read as one card per row, each cell under its
column's heading — and no page is wider than the screen. Measured in Chromium on every page of
the samples, the fixtures and the English example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from site_gen.build import pipeline
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SITES = [
    ROOT,
    ROOT / "tests" / "fixtures" / "evaluated",
    ROOT / "tests" / "fixtures" / "series",
    ROOT / "tests" / "fixtures" / "application",
    ROOT / "tests" / "fixtures" / "scorecard",
    ROOT / "examples" / "performance-gov",
]
# Every table cell's box, and the page's width: what a reader would have to scroll sideways for.
OUT_OF_VIEW = """() => {
  const width = window.innerWidth, out = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.left < -1 || box.right > width + 1)
      out.push(cell.textContent.trim().slice(0, 24) + ' @' + Math.round(box.right));
  }
  return {page: document.documentElement.scrollWidth, cells: out.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    found = []
    for n, site in enumerate(SITES):
        out = tmp_path_factory.mktemp(f"phone{n}") / "out"
        pipeline.build(site, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
        found += sorted(out.glob("*.html")) + sorted(out.glob("*/*.html"))  # search, 404, years
    return found


@pytest.mark.parametrize("width", [360, 390, 414])
def test_every_figure_is_in_view_on_a_phone(pages: list[Path], browser: Any, width: int) -> None:
    assert len(pages) >= 15
    page = browser.new_page(viewport={"width": width, "height": 800})
    wide = {}
    for path in pages:
        page.goto(path.resolve().as_uri())
        found = page.evaluate(OUT_OF_VIEW)
        if found["page"] > width or found["cells"]:
            wide[f"{path.parent.name}/{path.name}"] = found
    page.close()
    assert wide == {}


def test_a_form_row_reads_as_a_record_of_labelled_cells(pages: list[Path], browser: Any) -> None:
    path = next(p for p in pages if p.name == "hengshan-grain-reserve-self-evaluation.html")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(path.resolve().as_uri())
    cells = page.evaluate(
        """() => [...document.querySelectorAll('.budget tbody tr:first-child > *')].map(
             c => [getComputedStyle(c, '::before').content, c.textContent.trim()])"""
    )
    page.close()
    assert cells[0] == ['"项目资金(万元)"', "年度资金总额"]
    assert ['"全年预算数(A)"', "194.9"] in cells and ['"执行率(B/A)"', "100%"] in cells


# The characters on a heading's last line: a lone character (…目/标, …公/开) reads as a typo.
LAST_LINE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('main h1, main h2, main h3, main caption')) {
    const range = document.createRange(), tops = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        if (!node.data[i].trim()) continue;
        range.setStart(node, i); range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.height) tops.push(Math.round(box.top));
      }
    }
    const lines = [...new Set(tops)];
    if (lines.length > 1 && tops.filter(t => t === lines[lines.length - 1]).length === 1)
      found.push(el.textContent.trim().slice(-12));
  }
  return found;
}"""


@pytest.mark.parametrize("width", [360, 390])
def test_no_heading_leaves_one_character_alone(pages: list[Path], browser: Any, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    orphans = {}
    for path in pages:
        page.goto(path.resolve().as_uri())
        if found := page.evaluate(LAST_LINE):
            orphans[path.name] = found
    page.close()
    assert orphans == {}


def test_the_not_found_page_is_styled_when_opened_from_disk(
    pages: list[Path], browser: Any
) -> None:
    """Issue 31: output/404.html links its stylesheet from the site's root (it is served at any
    depth), so opened from disk it was unstyled; it carries its styles itself."""
    path = next(p for p in pages if p.name == "404.html")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(path.resolve().as_uri())
    header = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
    page.close()
    assert header not in ("rgba(0, 0, 0, 0)", "transparent")  # the site's header band
