"""Printed tables read like the official form (issue 11): the layout pass of the PDF annexes.

Every sample and fixture annex, and documents made to be hard (a row-spanned group over several
pages, a row longer than a page, a table or heading pushed to the foot of a page by the text
before it), are laid out as the build does and read back with tests/layout_checks.py: no short
label wraps, no page ends with a stub row, no continued page has an empty cell, no page in the
middle of a table carries fewer than three rows, no heading stands alone at a page foot.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree.ElementTree import Element, fromstring, tostring

import pytest

from site_gen import pdf
from site_gen.load import SitePaths, load_site
from site_gen.pdf import annexes as annex_jobs
from site_gen.pdf import print_faults, print_plan
from site_gen.web.html import Renderer
from tests import layout_checks
from tests.conftest import ROOT, write_site

FIXTURE = ROOT / "tests" / "fixtures" / "evaluated"


def annexes(root: Path) -> dict[str, pdf.PdfJob]:
    site, _ = load_site(root)
    renderer = Renderer(site, SitePaths(root).templates)
    return {e.source: annex_jobs.pdf_job(renderer, e, SitePaths(root), None) for e in site.entries}


def page_texts(job: pdf.PdfJob, tmp_path: Path) -> list[str]:
    target = tmp_path / "annex.pdf"
    target.write_bytes(pdf.render_job(job).data)
    out = subprocess.run(
        ["pdftotext", "-raw", str(target), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")[:-1]


# ---------------------------------------------------------------- corrections, without layout
def cell(html: str) -> Element:
    return fromstring(html)


def html_of(element: Element) -> str:
    return tostring(element, encoding="unicode")


def test_a_cell_is_cut_at_a_character_and_nothing_is_lost_or_repeated() -> None:
    td = cell("<td><p>一二三</p><p>四五<b>六七</b>八</p></td>")
    head, tail = print_plan._split_at(td, 5)
    assert html_of(head) == "<td><p>一二三</p><p>四五</p></td>"
    assert html_of(tail) == '<td><p data-cont=""><b>六七</b>八</p></td>'
    assert "".join(head.itertext()) + "".join(tail.itertext()) == "一二三四五六七八"


def test_a_numbered_list_cut_in_an_item_goes_on_with_its_numbers() -> None:
    td = cell("<td><ol><li>甲甲</li><li>乙乙</li><li>丙丙</li></ol></td>")
    head, tail = print_plan._split_at(td, 3)
    assert html_of(head) == "<td><ol><li>甲甲</li><li>乙</li></ol></td>"
    second = tail[0]
    # the tail's first item is the rest of item 2 (no marker), then item 3 numbered 3
    assert second.get("style") == "counter-reset: list-item 1"
    assert [li.get("data-cont") for li in second] == ["", None]
    assert "".join(tail.itertext()) == "乙丙丙"


def test_a_cut_row_group_repeats_its_label_on_the_next_page() -> None:
    body = cell(
        "<tbody>"
        '<tr><th rowspan="3">重点目标</th><td>1</td></tr>'
        "<tr><td>2</td></tr>"
        "<tr><td>3</td></tr>"
        "</tbody>"
    )
    rows = list(body)
    print_plan._split_spans(rows[2], rows)
    assert rows[0][0].get("rowspan") == "2"
    label = rows[2][0]
    assert label.get("rowspan") == "1" and "data-continued" in label.attrib
    assert label.text == "重点目标"


# ---------------------------------------------------------------- every annex of the project
def sample_and_fixture_annexes() -> list[tuple[Path, str]]:
    return [
        (root, source)
        for root in (
            ROOT,
            FIXTURE,
            ROOT / "tests" / "fixtures" / "application",
            ROOT / "tests" / "fixtures" / "scorecard",
        )
        for source in sorted(p.relative_to(root).as_posix() for p in root.glob("content/*/*.yaml"))
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("root", "source"), sample_and_fixture_annexes(), ids=lambda v: str(v).split("/")[-1]
)
def test_every_annex_reads_like_the_printed_form(root: Path, source: str) -> None:
    job = annexes(root)[source]
    layout = pdf.lay_out(job)
    assert layout_checks.faults(layout.document, layout.root) == []
    # no page but the last is more than a third empty unless a section starts a page (issue 31)
    assert layout_checks.empty_pages(layout.document) == []
    # the engine's own account agrees with the independent reading
    assert print_faults.report(layout.document, layout.root) == []


# ---------------------------------------------------------------- documents made to be hard
SITE = ROOT / "site.yaml"

PARAGRAPH = "各区市按照序时进度完成年度任务，资金拨付及时到位，项目推进情况良好，群众反映较好。"


def progress(rows: str) -> str:
    return f"kind: progress\ntitle: 测试进度表\nyear: 2020\nperiod: 1-9月\ngroups:\n{rows}"


def progress_row(n: int, current: str) -> str:
    return (
        f"      - name: 目标{n:02d}\n"
        f"        indicator: 指标{n:02d}\n"
        f"        current: {current}\n"
        f"        cumulative: 累计{n:02d}\n"
        f"        percent: {n}\n"
    )


def completion(targets: str, preface: str = "") -> str:
    head = "kind: target-completion\ntitle: 测试完成情况\nyear: 2020\n"
    if preface:
        head += "preface: |\n  " + preface.replace("\n", "\n  ") + "\n"
    return head + f"groups:\n  - name: 重点目标\n    targets:\n{targets}"


def target(n: int, content: str) -> str:
    return f"      - number: {n}\n        name: 目标{n}\n        content: {content}\n"


@pytest.mark.slow
def test_a_group_over_several_pages_is_labelled_on_each(tmp_path: Path) -> None:
    targets = "".join(target(n, PARAGRAPH * (2 + n % 4)) for n in range(1, 41))
    root = write_site(tmp_path / "s", {"2020/c.yaml": completion(targets)})
    job = annexes(root)["content/2020/c.yaml"]
    layout = pdf.lay_out(job)
    assert layout_checks.faults(layout.document, layout.root) == []
    texts = page_texts(job, tmp_path)
    table_pages = [t for t in texts if "完成情况及取得实效" in t]  # the repeated header
    assert len(table_pages) >= 3
    assert "重点目标" in table_pages[0]
    for page in table_pages[1:]:  # the group's label, marked as continued, on every page
        assert "重点目标（续）" in page.replace("\n", "")


@pytest.mark.slow
def test_a_row_longer_than_a_page_is_cut_with_its_number_and_loses_nothing(
    tmp_path: Path,
) -> None:
    # Latin markers cannot be broken inside a line, so each one must come out whole, once.
    marks = [f"P{n:03d}x" for n in range(60)]
    current = '"' + "".join(f"{m}{PARAGRAPH}" for m in marks) + '"'
    rows = progress_row(1, "短") + progress_row(2, current) + progress_row(3, "短")
    root = write_site(
        tmp_path / "s", {"2020/p.yaml": progress(f"  - category: 组\n    rows:\n{rows}")}
    )
    job = annexes(root)["content/2020/p.yaml"]
    layout = pdf.lay_out(job)
    assert layout_checks.faults(layout.document, layout.root) == []
    texts = page_texts(job, tmp_path)
    assert len(texts) >= 3
    found = re.findall(r"P\d{3}x", "".join(texts))
    assert found == marks  # every piece once, in order
    holding = [t.replace("\n", "") for t in texts if re.search(r"P\d{3}x", t)]
    assert len(holding) >= 3
    assert "目标02" in holding[0] and "（续）" not in holding[0]
    for page in holding[1:]:  # its name goes on with it, marked as continued
        assert "目标02（续）" in page


@pytest.mark.slow
@pytest.mark.parametrize("lines", [14, 16, 18, 20, 22])
def test_a_table_pushed_to_the_foot_of_a_page_starts_on_the_next(
    tmp_path: Path, lines: int
) -> None:
    """Whatever the length of the text before it, the table never leaves one or two rows
    at the foot of a page (one of these lengths puts its start there)."""
    preface = "\n\n".join(PARAGRAPH for _ in range(lines // 2))
    targets = "".join(target(n, PARAGRAPH * 2) for n in range(1, 13))
    text = completion(targets, preface)
    root = write_site(tmp_path / "s", {"2020/c.yaml": text})
    layout = pdf.lay_out(annexes(root)["content/2020/c.yaml"])
    assert layout_checks.faults(layout.document, layout.root) == []


@pytest.mark.slow
@pytest.mark.parametrize("lines", [13, 14, 15, 16])
def test_a_heading_and_its_table_move_to_the_next_page_together(tmp_path: Path, lines: int) -> None:
    """A table in a narrative after its heading: one of these lengths of the text before it
    leaves one or two rows at the page foot in a plain layout (14 and 15 lines, measured);
    the annex starts the heading and its table on the next page instead, never the table
    alone (WeasyPrint's own style keeps a heading with a following paragraph already)."""
    rows = "".join(f"| {i} | 项目{i} | {i}.5 |\n" for i in range(1, 9))
    table = "| 序号 | 项目 | 金额（万元） |\n|---|---|---|\n" + rows
    filler = "\n\n".join("本段一行。" for _ in range(lines))
    body = f"{filler}\n\n## 二、资金安排\n\n{table}"
    text = "kind: narrative\ntitle: 测试说明\nyear: 2020\nbody: |\n  " + body.replace("\n", "\n  ")
    root = write_site(tmp_path / "s", {"2020/n.yaml": text})
    job = annexes(root)["content/2020/n.yaml"]
    layout = pdf.lay_out(job)
    assert layout_checks.faults(layout.document, layout.root) == []
    texts = page_texts(job, tmp_path)
    holding = [n for n, t in enumerate(texts) if "项目1 " in t or "项目1\n" in t]
    assert [n for n, t in enumerate(texts) if "二、资金安排" in t] == holding[:1]
