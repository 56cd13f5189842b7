"""Markdown emphasis and line breaks in Chinese text (site_gen/cjk_markdown.py): what bureau
staff write in Word-style bold shows as bold, never as asterisks; English stays CommonMark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_gen.markdown import render

CASES = [
    # bold ending in full-width punctuation, followed by text: the sample narrative's shape
    ("**提高政治判断力。**坚持以政领财", "<p><strong>提高政治判断力。</strong>坚持以政领财</p>"),
    ("这是**「重要」**的", "<p>这是<strong>「重要」</strong>的</p>"),
    ("**（一）**加强预算管理", "<p><strong>（一）</strong>加强预算管理</p>"),
    ("共**5**项", "<p>共<strong>5</strong>项</p>"),
    ("*强调*文字", "<p><em>强调</em>文字</p>"),
    ("_下划线_强调", "<p><em>下划线</em>强调</p>"),
    # a line broken in the source joins without a space between Chinese characters
    ("这是一行\n接着一行", "<p>这是一行接着一行</p>"),
    ("English line\nnext line", "<p>English line\nnext line</p>"),
    # no CJK beside the run: CommonMark as written
    ("English **bold.**text", "<p>English **bold.**text</p>"),
    ("a**b**c", "<p>a<strong>b</strong>c</p>"),
    ("snake_case_name", "<p>snake_case_name</p>"),
    ("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
]


@pytest.mark.parametrize(("text", "html"), CASES)
def test_emphasis_and_breaks(text: str, html: str) -> None:
    assert render(text) == html


@pytest.mark.slow
def test_no_sample_page_shows_markdown_asterisks(built_pages: Path) -> None:
    for page in built_pages.rglob("*.html"):
        text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
        assert "**" not in text, page
