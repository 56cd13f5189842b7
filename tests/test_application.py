"""The 申报表 in full (issue 34): 资金总额及构成 as a hierarchy, 项目实施进度计划, 长期目标 and a
长期绩效指标 table beside the 年度 ones, and a unit matrix whose 指标解释 stays where the form has
it — on the page, in the annex, in every download, read back from a bureau's sheet, validated."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from site_gen import load
from site_gen.build import pipeline
from site_gen.load import SitePaths, load_site
from site_gen.pdf import annexes
from site_gen.sheets.to_yaml import dump
from site_gen.sheets.workbook import import_workbook
from site_gen.web.html import Renderer
from tests import sheet_fixtures as sf
from tests.conftest import ROOT, write_site

FIXTURE = ROOT / "tests" / "fixtures" / "application"
BATANG = FIXTURE / "content" / "2021" / "batang-infrastructure.yaml"
MATRIX = FIXTURE / "content" / "2021" / "village-roads-fund.yaml"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("application") / "out"
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=target, with_pdf=False, with_search=False))
    return target


def _order(html: str, *marks: str) -> list[int]:
    return [html.index(m) for m in marks]


@pytest.mark.slow
def test_the_page_reads_like_the_form_in_its_order(out: Path) -> None:
    page = (out / "2021" / "batang-infrastructure.html").read_text("utf-8")
    places = _order(
        page,
        "基本情况</caption>",
        "资金总额及构成（单位：万元）</caption>",
        "项目实施进度计划</caption>",
        "项目绩效目标</caption>",
        "长期绩效指标</caption>",
        "年度绩效指标</caption>",
    )
    assert places == sorted(places)
    funding = page[places[1] : page.index("</table>", places[1])]
    rows = re.findall(r"<th[^>]*>([^<]*)</th><td[^>]*>([^<]*)</td>", funding)
    assert rows == [
        ("总额", "10606.7522"),
        ("财政拨款", "6923.3552"),
        ("其中：上级财政资金", "6923.3552"),
        ("本级财政", "0"),
        ("自有资金", "0"),
        ("其他", "3683.3970"),
    ]
    schedule = re.sub(
        r' (class|data-label)="[^"]*"', "", page[places[2] : page.index("</table>", places[2])]
    )
    assert '<tr><th scope="row">2、核心区规划</th><td>2021</td><td>2021</td></tr>' in schedule
    assert "序号" not in schedule  # a heading the form does not print
    goals = page[places[3] : page.index("</table>", places[3])]
    assert "长期目标" in goals and "改善镇域内基础设施,振兴乡村经济" in goals
    assert "年度目标" in goals and "全面完成集镇立面改造" in goals
    long_table = page[places[4] : places[5]]
    assert len(re.findall(r'<td class="[^"]*\bvalue"[^>]*>100\s*<', long_table)) == 5
    assert "生态效益指标" in long_table


def test_a_unit_matrix_keeps_the_forms_column_order(out: Path) -> None:
    page = (out / "2021" / "village-roads-fund.html").read_text("utf-8")
    head = page[page.index("<thead>", page.index("form-indicators")) :]
    head = head[: head.index("</thead>")]
    titles = re.findall(r"<th scope=\"col\"[^>]*>([^<]*)</th>", head)
    villages = ["甲村", "乙村", "丙村", "丁村", "戊村", "己村", "庚村"]
    assert titles == ["一级指标", "二级指标", "三级指标", *villages, "指标解释"]  # no 指标值


def test_the_annex_holds_the_same_parts(tmp_path: Path) -> None:
    site, _ = load_site(FIXTURE)
    renderer = Renderer(site, SitePaths(FIXTURE).templates)
    entry = next(e for e in site.entries if e.slug == "batang-infrastructure")
    html = annexes.pdf_html(renderer, entry, SitePaths(FIXTURE), watermark=False)
    for mark in (
        "10606.7522",
        "其中：上级财政资金",
        "总体概念规划",
        "长期绩效指标",
        "年度绩效指标",
    ):
        assert mark in html, mark


def _figures(path: Path) -> set[str]:
    """Every figure written in a fixture's YAML (amounts, years, indicator values)."""
    text = "\n".join(line.split("#")[0] for line in path.read_text("utf-8").splitlines())
    return set(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize("source", [BATANG, MATRIX], ids=lambda p: p.stem)
def test_every_download_holds_every_figure(out: Path, source: Path) -> None:
    base = out / "2021" / source.stem
    data = (base.with_suffix(".json")).read_text("utf-8")
    lines = list(csv.reader(io.StringIO(base.with_suffix(".csv").read_text("utf-8-sig"))))
    cells = " ".join(r[5] for r in lines[1:])
    book = openpyxl.load_workbook(base.with_suffix(".xlsx"))
    shown = " ".join(
        (c.number_format and c.value is not None and _shown(c)) or str(c.value)
        for ws in book.worksheets
        if ws.sheet_state == "visible"
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    )
    for figure in _figures(source) - {"2021", "1", "2"}:
        assert figure in json.dumps(json.loads(data), ensure_ascii=False), figure
        assert figure in cells, figure
        assert figure in shown, figure


def _shown(cell: openpyxl.cell.cell.Cell) -> str:
    from site_gen.sheets.grid import display_text

    return display_text(cell.value, cell.number_format)


def test_the_csv_names_each_part(out: Path) -> None:
    text = (out / "2021" / "batang-infrastructure.csv").read_text("utf-8-sig")
    lines = [tuple(r) for r in csv.reader(io.StringIO(text))]
    form = ("1", "镇域内基础设施建设")
    assert (*form, "资金总额及构成", "3", "资金来源", "财政拨款：其中：上级财政资金", "") in lines
    assert (*form, "资金总额及构成", "3", "金额", "6923.3552", "") in lines
    assert (*form, "项目实施进度计划", "2", "开始时间", "2021", "") in lines
    assert (*form, "长期绩效指标", "5", "二级指标", "社会公众或服务对象满意度指标", "") in lines


HUNAN = [
    ["项目绩效目标表", None, None, None],
    ["（2021年度）", None, None, None],
    ["填报单位（盖章）：宁乡市坝塘镇人民政府", None, None, None],
    ["项目名称", "镇域内基础设施建设", None, None],
    ["项目属性", "新增项目□ 延续项目√", None, None],
    ["主管部门", "坝塘镇", "项目单位", "坝塘镇"],
    [
        "资金总额及构成",
        "总额10606.7522万元 财政拨款：6923.3552万元（其中：上级财政资金：6923.3552万元；"
        "本级财政：0万元） 二、自有资金：0万元 三、其他：3683.3970万元",
        None,
        None,
    ],
    ["项目概况", "镇域内水利、道路、机关、学校及乡村振兴等基础设施建设", None, None],
    ["项目实施进度计划", "项目实施内容", "开始时间", "完成时间"],
    [None, "1、总体概念规划", "2016年", "2020年"],
    [None, "2、核心区规划", "2021年3月", "2021年12月"],
    ["长期目标", "改善镇域内基础设施，振兴乡村经济", None, None],
    ["年度目标", "全面完成集镇立面改造", None, None],
    ["长期绩效指标", "一级指标", "二级指标", "指标内容"],
    [None, "产出指标", "数量指标", "建成道路 12 公里"],
    [None, "效益指标", "社会效益指标", "受益群众 3 万人"],
    ["年度绩效指标", "一级指标", "二级指标", "指标内容"],
    [None, "产出指标", "数量指标", "建成道路 4 公里"],
    [None, "满意度指标", "服务对象满意度指标", "群众满意度≥90%"],
]
HUNAN_MERGED = [
    "B4:D4",
    "B5:D5",
    "B7:D7",
    "B8:D8",
    "A9:A11",
    "B12:D12",
    "B13:D13",
    "A14:A16",
    "A17:A19",
]


def test_a_bureaus_sheet_comes_in_with_every_part(tmp_path: Path) -> None:
    """A 湖南-style 申报表 as a bureau keeps it: funding in one cell, section labels merged down
    the left beside the schedule and both indicator tables."""
    book = sf.write(tmp_path / "hunan.xlsx", [sf.Shape("申报表", HUNAN, HUNAN_MERGED)])
    result = import_workbook(book, kind="project-application")
    assert result.problems == [], [(p.ref, p.message) for p in result.problems]
    text = dump(result.data, ["test"])
    loaded = load.load_document(tmp_path / "a.yaml", "a.yaml", text.encode())
    assert [p.format() for p in loaded.problems if p.severity == "error"] == [], text
    form = loaded.doc.forms[0]  # type: ignore[union-attr]
    funding = form.funding
    assert funding is not None and funding.total is not None
    assert (funding.total_label, funding.total.text) == ("总额", "10606.7522")
    assert [(i.label, i.amount.text if i.amount else "") for i in funding.items] == [
        ("财政拨款", "6923.3552"),
        ("自有资金", "0"),
        ("其他", "3683.3970"),
    ]
    assert [(p.label, p.amount.text) for p in funding.items[0].parts] == [  # type: ignore[union-attr]
        ("上级财政资金", "6923.3552"),
        ("本级财政", "0"),
    ]
    assert form.schedule is not None
    assert [(r.content, r.start, r.end) for r in form.schedule.rows] == [
        ("1、总体概念规划", "2016年", "2020年"),
        ("2、核心区规划", "2021年3月", "2021年12月"),
    ]
    assert (form.long_goal, form.goal) == (
        "改善镇域内基础设施，振兴乡村经济",
        "全面完成集镇立面改造",
    )
    long_names = [i.name for g in form.long_indicators for s in g.groups for i in s.items]
    annual = [i.name for g in form.indicators for s in g.groups for i in s.items]
    assert long_names == ["建成道路 12 公里", "受益群众 3 万人"]
    assert annual == ["建成道路 4 公里", "群众满意度≥90%"]
    assert form.indicator_title == "年度绩效指标"


def test_parts_that_disagree_or_dates_that_read_as_none_are_warned(tmp_path: Path) -> None:
    text = BATANG.read_text("utf-8").replace('total: "10606.7522"', 'total: "10600"')
    text = text.replace('start: "2021", end: "2021"', "start: 2021年6月, end: 2021年3月")
    text = text.replace('start: "2016", end: "2020"', 'start: 明年春天, end: "2020"')
    root = write_site(
        tmp_path / "site", {"2021/a.yaml": text}, (FIXTURE / "site.yaml").read_text("utf-8")
    )
    site, warnings = load_site(root)
    found = sorted((w.check, w.field) for w in warnings)
    assert found == [
        ("funding-total", "forms[0].funding.total"),
        ("schedule-date", "forms[0].schedule.rows[0].start"),
        ("schedule-date", "forms[0].schedule.rows[1].end"),
    ]
    funding = site.entries[0].doc.forms[0].funding  # type: ignore[union-attr]
    assert funding is not None and funding.total is not None and funding.total.text == "10600"
