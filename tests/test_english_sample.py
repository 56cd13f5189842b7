"""Issue 15's English sample: a disclosure of real Performance.gov data (GSA's FY 2018 Annual
Performance Report, examples/performance-gov/source/) built as an English site: every page is
valid HTML with no accessibility violation, speaks English from the catalog, and loses no
figure of the source on the web page or in the PDF annex."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_gen.build import pipeline
from tests.conftest import FIDELITY, ROOT
from tests.test_html_quality import axe_violations, nu_messages

pytestmark = pytest.mark.slow

SITE = ROOT / "examples" / "performance-gov"
SOURCE = SITE / "source" / "gsa-fy2018-apr-excerpt.csv"
DOCUMENT = "2018/gsa-fy2018-annual-performance"
HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff60]")


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("english") / "output"
    result = pipeline.build(SITE, pipeline.BuildOptions(output=out, with_pdf=True))
    # the one warning the document silences with its reason is not reported
    assert result.warnings == [] and result.pdfs == 1 and result.link_findings == []
    return out


def coverage(target: Path) -> str:
    run = subprocess.run(
        [sys.executable, str(FIDELITY), str(SOURCE), str(target)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout
    return run.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("suffix", [".html", ".pdf"])
def test_every_figure_of_the_source_survives(english_site: Path, suffix: str) -> None:
    assert coverage(english_site / f"{DOCUMENT}{suffix}").endswith("= 1.000")


def test_the_yaml_keeps_every_figure() -> None:
    assert coverage(SITE / "content" / f"{DOCUMENT}.yaml").endswith("= 1.000")


def test_nu_validator_finds_no_error(english_site: Path) -> None:
    assert nu_messages(english_site) == []


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_violation(english_site: Path, width: int) -> None:
    pages = sorted(english_site.rglob("*.html"))
    assert len(pages) >= 4
    assert axe_violations(pages, width) == {}


def test_search_finds_in_english_and_says_so_in_english(english_site: Path) -> None:
    from tests.test_search_and_data import search, serving

    for base in serving(english_site):
        done = "found|Nothing found|could not be loaded"
        status, links = search(base, "vacant", done=done)
        assert status == "1 document found." and links[0].split("?")[0].endswith(f"{DOCUMENT}.html")
        status, links = search(base, "zebra", done=done)
        assert status == "Nothing found for “zebra”." and links == []
        status, _ = search(base, "vacant", "&year=2018&kind=Performance%20indicators", done=done)
        assert status == "1 document found."


def test_every_page_speaks_english(english_site: Path) -> None:
    """No Chinese word of the interface is left on any page, in the feed or in the CSV: the
    content is English, so any Han character would be an untranslated message."""
    files = [
        *english_site.rglob("*.html"),
        english_site / "feed.xml",
        english_site / f"{DOCUMENT}.csv",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert HAN.findall(text) == [], path
        if path.suffix == ".html":
            assert '<html lang="en">' in text
    pdf_text = subprocess.run(
        ["pdftotext", str(english_site / f"{DOCUMENT}.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Percent of vacant space in inventory" in pdf_text and HAN.findall(pdf_text) == []


def _paragraph_layout(root: Path, text_start: str) -> tuple[float, str]:
    """The first-line indent (pt) and the text-align of the annex paragraph starting with
    `text_start`, as WeasyPrint lays out the document's annex."""
    import weasyprint

    from site_gen.load import SitePaths, load_site
    from site_gen.pdf import annexes
    from site_gen.web.html import Renderer

    site, _ = load_site(root)
    renderer = Renderer(site, SitePaths(root).templates)
    entry = next(e for e in site.entries if e.kind in ("indicator-series", "narrative"))
    html = annexes.pdf_html(renderer, entry, SitePaths(root), watermark=False)
    document = weasyprint.HTML(string=html).render()

    def walk(box):  # type: ignore[no-untyped-def]
        yield box
        for child in getattr(box, "children", None) or ():
            yield from walk(child)

    for page in document.pages:
        for box in walk(page._page_box):
            if box.element_tag != "p" or type(box).__name__ != "BlockBox":
                continue
            lines = [c for c in box.children if type(c).__name__ == "LineBox"]
            if lines and "".join(getattr(t, "text", "") for t in walk(lines[0])).startswith(
                text_start
            ):
                first = next(t for t in walk(lines[0]) if type(t).__name__ == "TextBox")
                return first.position_x - box.content_box_x(), box.style["text_align_all"]
    raise AssertionError(f"no paragraph starting {text_start!r}")


def test_english_annex_paragraphs_have_western_typography() -> None:
    """English: no first-line indent, no full justification; a Chinese annex keeps both."""
    indent, align = _paragraph_layout(SITE, "Targets and actual results")
    assert (round(indent, 1), align) == (0.0, "left")
    chinese, chinese_align = _paragraph_layout(ROOT, "今年以来")
    assert chinese > 20 and chinese_align == "justify"  # 2em of 16pt
