"""What a reader sees on the web pages (issue 11), measured in headless Chromium at a phone's
390 px and a desktop's 1280 px: charts readable at the page's own text size, long tables that
keep their header in view and lead back to the contents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import launch_chromium

pytestmark = pytest.mark.slow

PROGRESS = "2018/hangzhou-progress-1-9.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


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
