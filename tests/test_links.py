"""The link check's start-tag reader (links.collect) sees exactly what html.parser sees, on every
page the sample site and the fixture build, and on markup made to trip a regular expression."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_gen.build import pipeline
from site_gen.web import links
from tests.conftest import ROOT


class Oracle(HTMLParser):
    """The reader links.py used before: slow, but the standard library's own HTML tokenizer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.append(value)
            elif (name == "href" and tag in ("a", "link", "area")) or (
                name == "src" and tag in ("img", "script", "iframe", "source")
            ):
                self.refs.append(value)


def oracle(text: str) -> tuple[list[str], list[str]]:
    parser = Oracle()
    parser.feed(text)
    return parser.ids, parser.refs


TRICKY = [
    '<a href="x.html" title="a > b">t</a><p id="p1">1 &lt; 2 href="no.html"</p>',
    "<A HREF='Y.html#z' ID=top>t</A><img src=pic.png alt=''>",
    '<!-- <a href="commented.html"> --><script src="s.js">var a = "<a href=\\"in-script.html\\">";</script>',
    '<style>a[href="css.html"]{}</style><link rel="stylesheet" href="site.css">',
    '<a href="q.html?a=1&amp;b=2" id="k&amp;l">x</a><div data-href="not-a-link.html"></div>',
    '<input id="f" disabled><a\nhref="multi-line.html"\nid="ml">x</a>',
]


@pytest.mark.parametrize("markup", TRICKY)
def test_tricky_markup(markup: str) -> None:
    assert links.collect(markup) == oracle(markup)


@pytest.mark.slow
def test_every_built_page(built_pages: Path, tmp_path: Path) -> None:
    fixture = tmp_path / "fixture"
    options = pipeline.BuildOptions(output=fixture, with_pdf=False, with_search=False)
    pipeline.build(ROOT / "tests" / "fixtures" / "evaluated", options)
    pages = sorted(built_pages.rglob("*.html")) + sorted(fixture.rglob("*.html"))
    assert len(pages) > 25
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert links.collect(text) == oracle(text), page


def test_the_same_link_on_two_pages_is_held_once() -> None:
    """The preview keeps every page's ids and links: a folder's shared navigation is one
    string, not one per page."""
    nav = '<nav id="site-nav"><a href="../2020/index.html">2020年</a></nav>'
    first = links.collect("".join(["<main>", nav, "</main>"]))
    second = links.collect("".join(["<body>", nav, "<p>x</p></body>"]))
    assert first == second
    assert first[0][0] is second[0][0] and first[1][0] is second[1][0]
