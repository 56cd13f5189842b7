"""The PDF's min-content widths measured on a prefix and remembered within an annex
(site_gen/pdf/text_widths.py) give WeasyPrint's own answers: call by call over hostile text,
and byte for byte over a real annex laid out several times."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from site_gen import pdf
from site_gen.load import SitePaths, load_site
from site_gen.pdf import annexes, text_widths
from site_gen.web.html import Renderer
from tests.conftest import ROOT

# WeasyPrint renders in this process: seconds, so the full tier.
pytestmark = pytest.mark.slow

CJK = "市本级一般公共预算支出不超过年初市人代会审议通过的320亿元，增长在5.5%以内。"
TEXTS = [
    CJK * 3,
    "1234567890" * 12,
    "https://example.gov.cn/" + "a" * 80 + "/b?x=1&y=2" + "中文" * 20,
    "2023年1月1日至2023年12月31日（共365天），完成率100.00%，偏差≤5%。" * 3,
    "——……《》「」“”（）【】〔〕" * 6 + CJK,
    "。" * 40 + "中" * 40,
    "Supercalifragilisticexpialidocious" * 4,
    "1,234,567.89" * 10 + "万元",
    "👨‍👩‍👧‍👦🇨🇳" * 15,
    "مرحبا بالعالم" * 8,
    "안녕하세요반갑습니다" * 8,
    "a\u00a0b\u00a0" * 30,
    "中\u200b文" * 30,
    "（" * 30 + "注" + "）" * 30,
    "ぁぃぅぇぉっゃゅょー" * 8,
    "≥90%≤5%" * 12,
    "A" * 30 + "中" + "B" * 30,
    "中文 " * 30,
    "Donau\xaddampf\xadschiff\xadfahrt" * 6,
    "中" * 40 + "\xad" + "文" * 10,  # WeasyPrint's first line then runs to the soft hyphen
    "internationalization" * 8 + " and more",
    "x" * 300,
    "中" * 300,
]
STYLES = [
    "",
    "white-space: pre-wrap",
    "white-space: nowrap",
    "word-break: break-all",
    "overflow-wrap: anywhere",
    "letter-spacing: 0.1em; word-spacing: 3px",
    "font-weight: bold; font-size: 9pt",
    "hyphens: auto",
]


def _document() -> str:
    rows = "".join(
        f'<tr><td style="{style}" lang="{lang}">{html.escape(text)}</td><td>短</td></tr>'
        for text in TEXTS
        for style in STYLES
        for lang in ("zh-CN", "en")
    )
    return (
        '<html lang="zh-CN"><body style="font-family: FandolFang, serif">'
        f"<table>{rows}</table></body></html>"
    )


def test_a_prefix_gives_weasyprint_s_own_answer_for_every_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import weasyprint

    assert text_widths.install()
    calls: list[tuple[Any, ...]] = []
    measure = text_widths._measure

    def recording(*args: Any) -> Any:
        calls.append(args)
        return measure(*args)

    monkeypatch.setattr(text_widths, "_measure", recording)
    weasyprint.HTML(string=_document()).render()
    long_at_zero = [a for a in calls if a[3] == 0 and len(a[0]) > text_widths.PREFIX]
    assert len(long_at_zero) > 1000  # every line of every long cell, not a handful
    original = text_widths._original
    assert original is not None
    differing = [
        (args[0][:30], args[1]["white_space"])
        for args in long_at_zero
        if measure(*args)[1:] != original(*args)[1:]
    ]
    assert differing == []


def test_every_style_property_weasyprint_s_text_code_reads_is_in_the_key() -> None:
    import weasyprint

    folder = Path(weasyprint.__file__).parent / "text"
    read = set()
    for name in ("line_break.py", "fonts.py"):
        source = (folder / name).read_text(encoding="utf-8")
        read |= set(re.findall(r"style\[['\"]([a-z_]+)['\"]\]", source))
    assert read, "WeasyPrint's text code no longer reads style['…']: look at text_widths again"
    assert read <= set(text_widths.STYLE_KEYS), sorted(read - set(text_widths.STYLE_KEYS))


def test_an_annex_laid_out_several_times_is_byte_identical_to_stock_weasyprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The 1-9月 progress report: landscape tables of long Chinese cells, three layouts."""
    site, _ = load_site(ROOT)
    renderer = Renderer(site, SitePaths(ROOT).templates)
    entry = next(e for e in site.entries if "hangzhou-progress" in e.source)
    job = annexes.pdf_job(renderer, entry, SitePaths(ROOT), pdf.DEFAULT_VARIANT)
    faster = pdf.render_job(job)

    from weasyprint.layout import preferred
    from weasyprint.text import line_break

    monkeypatch.setattr(text_widths, "install", lambda: False)
    monkeypatch.setattr(preferred, "split_first_line", line_break.split_first_line)
    stock = pdf.render_job(job)
    assert faster.pages == stock.pages >= 6
    assert faster.data == stock.data


def test_a_weasyprint_whose_function_changed_is_left_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.layout import preferred

    def changed(text: str, style: Any, context: Any, max_width: float | None) -> Any:
        raise AssertionError("not called")

    monkeypatch.setattr(preferred, "split_first_line", changed)
    assert text_widths.install() is False
    assert preferred.split_first_line is changed
