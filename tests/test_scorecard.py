"""The 绩效评价评分表 (evaluation-scorecard), the kind added the README's way (issue 32): one
folder, two templates, a fixture site and the corpus sheets. Published cards as written, their
sums checked with warnings, every cell on the page, in the annex and in every download, read
back from bureaus' own layouts."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from site_gen.build import pipeline
from site_gen.errors import ContentError
from site_gen.i18n import CHINESE
from site_gen.kinds.scorecard import tables, web
from site_gen.load import SitePaths, load_site
from site_gen.pdf import annexes
from site_gen.sheets.files import read_workbook
from site_gen.sheets.grid import display_text
from site_gen.sheets.workbook import detect_kind, import_workbook
from site_gen.web.html import Renderer
from tests import scorecard_corpus as corpus
from tests import sheet_fixtures as sf
from tests.conftest import ROOT, write_site

FIXTURE = ROOT / "tests" / "fixtures" / "scorecard"
CARDS = FIXTURE / "content" / "2024" / "culture-bureau-scorecards.yaml"
LABELS = FIXTURE / "content" / "2017" / "points-in-labels.yaml"
SITE = "title: 测试\npublisher: 某县财政局\nbase_url: /\n"

CARD = """\
kind: evaluation-scorecard
title: 评分表
cards:
  - name: 某项目
    groups:
      - level1: 决策
        points: 20
        groups:
          - level2: 项目立项
            points: 10
            items:
              - {name: 立项依据充分性, points: 5, score: 6}
              - {name: 立项程序规范性, points: 4, score: 4}
          - level2: 绩效目标
            points: 10
            items:
              - {name: 绩效目标合理性, points: 10, score: 8}
    total_points: 20
    total_score: 17
    grade: 良
"""


def _warnings(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    root = write_site(tmp_path / "site", {"2024/a.yaml": text}, SITE)
    _site, problems = load_site(root)
    return sorted((p.check, p.field) for p in problems)


def test_sums_that_disagree_are_warned_and_the_card_is_published_as_written(
    tmp_path: Path,
) -> None:
    root = write_site(tmp_path / "site", {"2024/a.yaml": CARD}, SITE)
    site, problems = load_site(root)
    assert all(p.severity == "warning" for p in problems)
    assert sorted((p.check, p.field) for p in problems) == [
        ("grade", "cards[0].grade"),  # 17 of 100 is 差 under the default scheme, not 良
        ("points", "cards[0].groups[0].groups[0].points"),  # 10 ≠ 5 + 4
        ("score-over", "cards[0].groups[0].groups[0].items[0].score"),  # 6 > 5
        ("score-sum", "cards[0].total_score"),  # 17 ≠ 6 + 4 + 8
    ]
    card = site.entries[0].doc.cards[0]  # type: ignore[attr-defined]
    assert (str(card.total_score), card.grade) == ("17", "良")  # nothing corrected
    assert str(card.groups[0].groups[0].items[0].score) == "6"


def test_points_written_inside_the_labels_are_summed_too(tmp_path: Path) -> None:
    text = LABELS.read_text("utf-8").replace("incomplete:", "# incomplete:")
    assert _warnings(tmp_path, text) == []  # the published section adds up: 25 = 15 + 10
    text = text.replace("明确性（5分）", "明确性（6分）")
    assert _warnings(tmp_path, text) == [("points", "cards[0].groups[0].groups[0].points")]


def test_a_cut_card_is_not_summed_but_each_row_is_checked(tmp_path: Path) -> None:
    cut = CARD.replace("    grade: 良\n", "    grade: 良\n    incomplete: 原件第2页缺\n")
    assert _warnings(tmp_path, cut) == [
        ("grade", "cards[0].grade"),
        ("score-over", "cards[0].groups[0].groups[0].items[0].score"),
    ]


def test_a_card_without_indicators_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = "kind: evaluation-scorecard\ntitle: 评分表\ncards:\n  - name: 某部门\n    groups: []\n"
    root = write_site(tmp_path / "site", {"2024/a.yaml": text}, SITE)
    with pytest.raises(ContentError) as caught:
        load_site(root)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert [(p.field, p.location.line) for p in errors] == [("cards[0].groups", 5)]
    assert "评分表没有指标" in errors[0].message


def test_the_fixture_site_validates_without_a_warning() -> None:
    _site, problems = load_site(FIXTURE)
    assert [p.format() for p in problems] == []


def test_the_columns_are_the_cards_own_in_its_order() -> None:
    site, _ = load_site(FIXTURE)
    doc = next(e.doc for e in site.entries if e.slug == "culture-bureau-scorecards")
    hunan, project = doc.cards  # type: ignore[attr-defined]
    assert [h for _, h in tables.card_columns(hunan)] == [
        "一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "指标说明", "得分",
    ]  # fmt: skip
    assert [h for _, h in tables.card_columns(project)][-3:] == ["具体指标", "评价标准", "自评得分"]
    rows = tables.score_rows(hunan)
    assert [(r.level1_span, r.level2_span) for r in rows[:3]] == [(2, 2), (0, 0), (3, 3)]


def test_the_summary_states_the_sources_total_and_grade_only() -> None:
    site, _ = load_site(FIXTURE)
    docs = {e.slug: e.doc for e in site.entries}
    lead = web.summarise(docs["culture-bureau-scorecards"], CHINESE).lead
    assert "本文件含 2 张表，绩效指标 15 项" in lead
    assert "县文化广电旅游局原表合计得分 97 分，评价等级 优" in lead
    assert lead.count("合计得分") == 1  # the cut project card states no total: none is made
    assert "得分" not in web.summarise(docs["points-in-labels"], CHINESE).lead


# ---------------------------------------------------------------- bureaus' sheets
def test_two_cards_down_one_sheet_are_two_cards(tmp_path: Path) -> None:
    first, second = corpus.hunan_department_scorecard(), corpus.project_scorecard()
    width = max(len(first.rows[0]), len(second.rows[0]))
    rows = [r + [None] * (width - len(r)) for r in first.rows + second.rows]
    shift = len(first.rows)
    merged = first.merged + [_moved(ref, shift) for ref in second.merged]
    path = sf.write(tmp_path / "two.xlsx", [sf.Shape("评分", rows, merged)])
    result = import_workbook(path)
    assert [(p.ref, p.message) for p in result.problems] == []
    names = [c.get("name", c.get("title")) for c in result.data["cards"]]
    assert names == ["县文化广电旅游局", "项目支出绩效评价评分表"]


def _moved(ref: str, rows: int) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rows), ref)


def test_a_column_under_an_unknown_heading_is_reported_not_dropped(tmp_path: Path) -> None:
    shape = copy.deepcopy(corpus.project_scorecard())
    for row in shape.rows:
        row.append(None)
    shape.rows[1][-1] = "佐证材料"
    shape.rows[2][-1] = "年度工作计划"
    result = import_workbook(sf.write(tmp_path / "extra.xlsx", [shape]))
    refs = {p.ref: p.message for p in result.problems}
    assert set(refs) == {"评分表!J2", "评分表!J3"}
    assert "佐证材料" in refs["评分表!J2"] and "年度工作计划" in refs["评分表!J3"]


def test_a_scorecards_progress_words_do_not_make_it_a_progress_table(tmp_path: Path) -> None:
    path = sf.write(tmp_path / "card.xlsx", [corpus.hunan_department_scorecard()])
    grids = read_workbook(path)
    assert "序时进度" in " ".join(grids[0].cells.values())  # 支付进度率≥序时进度
    assert detect_kind(grids) == "evaluation-scorecard"


# ---------------------------------------------------------------- page, annex, downloads
@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("scorecard") / "out"
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=target, with_pdf=False, with_search=False))
    return target


def _texts(path: Path) -> list[str]:
    """Every text value written in a fixture's YAML (indicators, rules, figures)."""
    text = "\n".join(line.split("#")[0] for line in path.read_text("utf-8").splitlines())
    return [
        v.strip().strip("'\"")
        for v in re.findall(r"^[ \t]*(?:- )?[a-z_]+:[ \t]+(.+)$", text, re.M)
        if v.strip()
    ]


def _figures(path: Path) -> set[str]:
    text = "\n".join(line.split("#")[0] for line in path.read_text("utf-8").splitlines())
    return set(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.slow
@pytest.mark.parametrize("source", [CARDS, LABELS], ids=lambda p: p.stem)
def test_every_download_holds_every_figure(out: Path, source: Path) -> None:
    base = out / source.parent.name / source.stem
    data = json.dumps(json.loads(base.with_suffix(".json").read_text("utf-8")), ensure_ascii=False)
    lines = list(csv.reader(io.StringIO(base.with_suffix(".csv").read_text("utf-8-sig"))))
    cells = " ".join(r[5] for r in lines[1:])
    book = openpyxl.load_workbook(base.with_suffix(".xlsx"))
    shown = " ".join(
        display_text(c.value, c.number_format)
        for ws in book.worksheets
        if ws.sheet_state == "visible"
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    )
    for figure in _figures(source):
        assert figure in data, figure
        assert figure in cells, figure
        assert figure in shown, figure


@pytest.mark.slow
@pytest.mark.parametrize("source", [CARDS, LABELS], ids=lambda p: p.stem)
def test_the_page_and_the_annex_print_every_cell(out: Path, source: Path) -> None:
    page = (out / source.parent.name / f"{source.stem}.html").read_text("utf-8")
    site, _ = load_site(FIXTURE)
    renderer = Renderer(site, SitePaths(FIXTURE).templates)
    entry = next(e for e in site.entries if e.slug == source.stem)
    annex = annexes.pdf_html(renderer, entry, SitePaths(FIXTURE), watermark=False)
    for html in (page, annex):
        plain = re.sub(r"<[^>]+>", "", html).replace("&#34;", '"').replace("&gt;", ">")
        plain = plain.replace("&lt;", "<").replace("&#39;", "'").replace("&amp;", "&")
        for text in _texts(source):
            if text not in ("evaluation-scorecard", "standard", "explanation", "score", "1"):
                assert text in plain or text.replace("“", '"') in plain, text


def test_a_note_under_the_card_is_its_notes_and_a_signed_line_its_signatures(
    tmp_path: Path,
) -> None:
    shape = copy.deepcopy(corpus.project_scorecard())
    width = len(shape.rows[0])
    shape.rows.append(["注：得分保留一位小数。"] + [None] * (width - 1))
    shape.rows.append(["评价人：李华"] + [None] * 4 + ["日期：2024年3月"] + [None] * 3)
    last = len(shape.rows)
    shape.merged += [f"A{last - 1}:I{last - 1}", f"A{last}:E{last}", f"F{last}:I{last}"]
    result = import_workbook(sf.write(tmp_path / "signed.xlsx", [shape]))
    assert result.problems == []
    card = result.data["cards"][0]
    assert card["notes"] == "注：得分保留一位小数。"
    assert [(s["label"], s["value"]) for s in card["signatures"]] == [
        ("评价人", "李华"),
        ("日期", "2024年3月"),
    ]


def test_a_two_row_heading_is_read_as_one(tmp_path: Path) -> None:
    """评价指标 over 一级 | 二级 | 三级, with 分值 | 评价标准 | 得分 merged down beside it."""
    w = 6
    rows: list[list[sf.Cell]] = [
        ["部门整体支出绩效评价评分表"] + [None] * (w - 1),
        ["评价指标", None, None, "分值", "评分标准", "得分"],
        ["一级指标", "二级指标", "三级指标", None, None, None],
        ["部门决策", "目标任务", "相关性", 5, "与职能相关计5分", 5],
        [None, None, "明确性", 5, "目标明确计5分", 4],
    ]
    merged = ["A1:F1", "A2:C2", "D2:D3", "E2:E3", "F2:F3", "A4:A5", "B4:B5"]
    result = import_workbook(sf.write(tmp_path / "two.xlsx", [sf.Shape("评分表", rows, merged)]))
    assert [(p.ref, p.message) for p in result.problems] == []
    card = result.data["cards"][0]
    assert card["title"] == "部门整体支出绩效评价评分表"
    assert card["titles"] == {"standard": "评分标准"}
    items = card["groups"][0]["groups"][0]["items"]
    assert [(i["name"], i["points"], i["standard"], i["score"]) for i in items] == [
        ("相关性", "5", "与职能相关计5分", "5"),
        ("明确性", "5", "目标明确计5分", "4"),
    ]


def test_a_remark_column_keeps_its_place_among_the_others(tmp_path: Path) -> None:
    """扣分原因 between the rule and the score: the card's column order, on the page too."""
    shape = copy.deepcopy(corpus.project_scorecard())
    for row in shape.rows:
        row.insert(8, None)
    shape.rows[1][8] = "扣分原因"
    shape.rows[2][8] = "目标未量化扣1分"
    shape.merged = ["A1:J1", *shape.merged[1:]]
    result = import_workbook(sf.write(tmp_path / "remark.xlsx", [shape]))
    assert result.problems == []
    card = result.data["cards"][0]
    assert card["columns"] == ["explanation", "standard", "remark", "score"]
    assert card["titles"]["remark"] == "扣分原因"
    assert card["groups"][0]["groups"][0]["items"][0]["remark"] == "目标未量化扣1分"


def test_a_total_of_points_that_is_not_the_levels_sum_is_warned(tmp_path: Path) -> None:
    text = CARD.replace("    total_points: 20\n", "    total_points: 100\n")
    assert ("points", "cards[0].total_points") in _warnings(tmp_path, text)
    assert ("points", "cards[0].total_points") not in _warnings(tmp_path / "b", CARD)
