"""Issue 10: the standard forms published as they are — nothing invented, nothing lost, scores shown."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from site_gen import kinds
from site_gen.build import pipeline
from site_gen.errors import ContentError
from site_gen.load import load_site
from site_gen.model import blocks, scoring
from site_gen.values import grade, parse_figure, parse_value
from tests.conftest import SITE_YAML, write_site
from tests.test_site import parse

FORM_KINDS = sorted(k.name for k in kinds.all_kinds() if k.family == "forms")

BARE_PROJECT = """\
kind: project-targets
title: 测试项目绩效目标
year: 2022
projects:
  - name: 只有名称的项目
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 目标值空白的指标
      - level1: 效益指标
        groups:
          - level2: 经济效益指标
"""

SHAPES = """\
kind: project-evaluation
title: 测试县2022年度项目支出绩效自评表
year: 2022
forms:
  - name: 测试项目
    budget:
      unit: 万元
      points: 10
      rows:
        - source: 资金总额
          initial: "89.974"
          adjusted: "100"
          executed: "89.974"
          rate: "89.97%"
          weight: "10"
          score: "9"
        - source: 其中：本年财政拨款
          initial: "89.974"
          adjusted: /
        - source: 上年结转
          initial: "0"
          executed: {value: "1.5", unclear: true}
    tables:
      - title: 资金安排表
        unit: 万元
        columns:
          - {title: 序号}
          - {title: 乡镇}
          - {title: 项目名称}
          - {title: 金额, type: number}
          - {title: 备注}
        rows:
          - ["1", 甲镇, 小型水利工程, "10.5", ""]
          - ["2", 乙镇, 村道维护, "20.25", /]
        total: [合计, "", "", "30.75", ""]
    indicator_units: [甲镇, 乙镇]
    indicators:
      - level1: 产出指标(50分)
        groups:
          - level2: 数量指标
            items:
              - name: 开展小型水利工程建设(个)
                unit_targets: ["3", /]
                explanation: 计划标准
          - level2: 质量指标
      - level1: 效益指标
        points: 30
        groups:
          - level2: 社会效益指标
            items:
              - name: 受益群众
                unit_targets: ["", "1200人"]
"""


def build(tmp_path: Path, documents: dict[str, str]) -> Path:
    root = write_site(tmp_path / "site", documents)
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    return out


def cells_after(tree, label: str) -> str:  # type: ignore[no-untyped-def]
    """The text of the cell that follows the header cell `label`."""
    for i, (_, _, text) in enumerate(tree.cells):
        if text == label:
            return tree.cells[i + 1][2]
    raise AssertionError(f"no cell {label!r}")


# ---------------------------------------------------------------- nothing invented
@pytest.mark.slow
def test_a_bare_project_form_shows_blanks_not_defaults(tmp_path: Path) -> None:
    out = build(tmp_path, {"2022/bare.yaml": BARE_PROJECT})
    tree = parse(out / "2022" / "bare.html")
    text = " ".join(tree.text)
    for invented in ("年初预算", "全年", "0.00", "1970", "—", "2022年 2022"):
        assert invented not in text, invented
    for label in ("项目编码", "开始日期", "结束日期", "项目性质", "预算来源", "项目总金额（元）"):
        assert label not in text, label  # a field the form does not have prints no label
    # The empty level-2 group is published as the form prints it, and is not counted.
    assert "经济效益指标" in [c[2] for c in tree.cells]
    assert "绩效指标 1 项" in text
    assert "期间" not in text


@pytest.mark.slow
@pytest.mark.parametrize("kind", FORM_KINDS)
def test_a_bare_form_of_every_kind_builds_and_invents_nothing(tmp_path: Path, kind: str) -> None:
    doc = f"kind: {kind}\ntitle: 测试表\nyear: 2022\nforms:\n  - name: 只有名称\n"
    out = build(tmp_path, {"2022/bare.yaml": doc})
    text = " ".join(parse(out / "2022" / "bare.html").text)
    assert "只有名称" in text
    for invented in ("年初预算", "全年", "0.00", "—", "得分", "等级", "评价结论", "万元"):
        assert invented not in text, (kind, invented)


# ---------------------------------------------------------------- shapes of real forms
@pytest.mark.slow
def test_real_form_shapes_are_published_cell_for_cell(tmp_path: Path) -> None:
    out = build(tmp_path, {"2022/shapes.yaml": SHAPES})
    tree = parse(out / "2022" / "shapes.html")
    cells = [c[2] for c in tree.cells]
    # Budget rows: precision, %, "/" and blanks exactly as written; 0 is "0", never "—".
    i = cells.index("资金总额")
    assert cells[i + 1 : i + 8] == ["89.974", "100", "89.974", "89.97%", "10", "9", ""]
    j = cells.index("其中：本年财政拨款")
    assert cells[j + 1 : j + 8] == ["89.974", "/", "", "", "", "", ""]
    k = cells.index("上年结转")
    assert cells[k + 1] == "0" and cells[k + 3] == "1.5（原件字迹不清）"
    # A typed table with its 合计 row as written.
    assert cells[cells.index("合计") : cells.index("合计") + 5] == ["合计", "", "", "30.75", ""]
    # Per-unit target columns, named by the source; no 指标值 column is made up.
    assert "甲镇" in cells and "乙镇" in cells and "指标值" not in cells
    row = cells.index("开展小型水利工程建设(个)")
    assert cells[row + 1 : row + 4] == ["3", "/", "计划标准"]
    # Points: as written in the label, or from `points`, never twice.
    assert "产出指标(50分)" in cells and "效益指标（30分）" in cells
    assert not any("(50分)（50分）" in c for c in cells)
    # The empty level-2 group keeps its label.
    assert "质量指标" in cells


def test_figures_keep_what_was_written() -> None:
    assert parse_figure("89.974").text == "89.974"
    assert parse_figure("89.974").number == Decimal("89.974")
    assert parse_figure("1,234.50").number == Decimal("1234.50")
    assert parse_figure("100.00%").percent and parse_figure("100.00%").text == "100.00%"
    assert parse_figure("/").not_applicable and parse_figure("/").number is None
    assert parse_figure("").text == "" and parse_figure("").number is None
    with pytest.raises(ValueError):
        parse_figure("约90万")


@pytest.mark.slow
def test_json_and_csv_carry_the_new_fields(tmp_path: Path) -> None:
    import json

    out = build(tmp_path, {"2022/shapes.yaml": SHAPES})
    data = json.loads((out / "2022" / "shapes.json").read_text(encoding="utf-8"))
    budget = data["forms"][0]["budget"]
    assert budget["rows"][0]["initial"] == "89.974"
    assert budget["rows"][1]["adjusted"] == "/"
    assert budget["rows"][2]["executed"] == {"text": "1.5", "unclear": True}
    assert data["forms"][0]["tables"][0]["total"][3] == "30.75"
    import csv as csv_module

    text = (out / "2022" / "shapes.csv").read_text(encoding="utf-8-sig")
    lines = [tuple(r) for r in csv_module.reader(text.splitlines())]
    assert lines[0] == ("表序号", "表名", "部分", "行", "列", "内容", "标注")
    form = ("1", "测试项目")
    # every part of the form, each cell under the heading the form prints (issue 28)
    assert (*form, "绩效指标", "1", "三级指标", "开展小型水利工程建设(个)", "") in lines
    assert (*form, "绩效指标", "1", "甲镇", "3", "") in lines
    assert (*form, "绩效指标", "1", "乙镇", "/", "") in lines
    assert (*form, "绩效指标", "2", "二级指标", "质量指标", "") in lines  # the empty group
    assert (*form, "资金安排表", "合计", "金额", "30.75", "") in lines
    assert (*form, "预算执行情况", "3", "执行数", "1.5", "字迹不清") in lines
    assert (*form, "预算执行情况", "1", "年初预算数", "89.974", "") in lines


# ---------------------------------------------------------------- checks that warn, not rewrite
def problems(tmp_path: Path, documents: dict[str, str]) -> list[tuple[str, str, str]]:
    root = write_site(tmp_path / "site", documents)
    try:
        _, warnings = load_site(root)
        found = warnings
    except ContentError as exc:
        found = exc.problems
    return [(p.severity, p.field, p.message) for p in found]


def test_a_wrong_total_row_is_published_with_a_warning(tmp_path: Path) -> None:
    doc = SHAPES.replace('total: [合计, "", "", "30.75", ""]', 'total: [合计, "", "", "31", ""]')
    found = problems(tmp_path, {"2022/a.yaml": doc})
    assert (
        "warning",
        "forms[0].tables[0].total[3]",
        "合计行 “金额” 写的是 31，各行之和为 30.75",
    ) in found
    assert all(severity == "warning" for severity, _, _ in found)


def test_a_row_of_the_wrong_width_and_a_bad_figure_are_errors(tmp_path: Path) -> None:
    doc = SHAPES.replace('["2", 乙镇, 村道维护, "20.25", /]', '["2", 乙镇, "约20万"]').replace(
        'adjusted: "100"', 'adjusted: "100万元"'
    )
    found = problems(tmp_path, {"2022/a.yaml": doc})
    errors = [(f, m) for s, f, m in found if s == "error"]
    assert ("forms[0].tables[0].rows[1]", "这一行有 3 格，表头有 5 列") in errors
    assert any(f == "forms[0].budget.rows[0].adjusted" for f, _ in errors)


def test_unit_target_count_must_match_the_columns(tmp_path: Path) -> None:
    doc = SHAPES.replace('unit_targets: ["3", /]', 'unit_targets: ["3"]')
    found = problems(tmp_path, {"2022/a.yaml": doc})
    field = "forms[0].indicators[0].groups[0].items[0].unit_targets"
    assert ("error", field, "分单位指标值有 1 个，表头有 2 个单位") in found


def test_a_structural_error_does_not_hide_rule_errors_elsewhere(tmp_path: Path) -> None:
    two = BARE_PROJECT + (
        "  - name: 第二个项目\n    colour: 红\n    indicators: []\n"
        "  - name: 第三个项目\n    start: 2022-05-01\n    end: 2022-01-01\n"
        "    indicators:\n      - level1: 产出指标\n        groups: []\n"
    )
    found = problems(tmp_path, {"2022/a.yaml": two})
    fields = {f for s, f, _ in found if s == "error"}
    assert "projects[1].colour" in fields  # the structural error
    assert "projects[2].end" in fields  # a rule error in another part of the same file


def test_a_not_met_indicator_needs_a_reason_in_a_self_evaluation(tmp_path: Path) -> None:
    form = """\
kind: {kind}
title: 测试
year: 2022
forms:
  - name: 项目
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 培训人次
                target: ">=100人次"
                actual: "80人次"
                weight: 50
"""
    evaluation = problems(tmp_path / "a", {"2022/a.yaml": form.format(kind="project-evaluation")})
    targets = problems(tmp_path / "b", {"2022/a.yaml": form.format(kind="department-targets")})
    field = "forms[0].indicators[0].groups[0].items[0].deviation"
    message = "指标未达成，但没有填写偏差原因分析及改进措施"
    assert ("error", field, message) in evaluation
    assert ("warning", field, message) in targets


# ---------------------------------------------------------------- scoring
@pytest.mark.parametrize(
    ("target", "actual", "weight", "expected"),
    [
        (">=100人", "90人", "20", "18.00"),  # 正向: 90/100 × 20
        (">=100人", "120人", "20", "20.00"),  # capped at the weight
        ("<=5天", "10天", "20", "10.00"),  # 反向: 5/10 × 20
        ("<=5天", "4天", "20", "20.00"),  # 反向, better than target: full marks
        ("=100%", "100%", "10", "10.00"),  # exact and met
        ("=100%", "98%", "10", None),  # exact, not met: judged by the evaluator
        ("可控", "可控", "10", "10.00"),  # qualitative, same word
        ("可控", "基本可控", "10", None),  # qualitative, different word: judged
    ],
)
def test_indicator_scores(target: str, actual: str, weight: str, expected: str | None) -> None:
    item = blocks.Indicator(
        name="x", target=parse_value(target), actual=parse_value(actual), weight=Decimal(weight)
    )
    computed = scoring.judge(item).computed
    assert (str(computed) if computed is not None else None) == expected


def test_split_target_columns_are_joined_for_scoring() -> None:
    item = blocks.Indicator(
        name="覆盖率",
        operator="≥",
        target=parse_value("90"),
        unit="%",
        actual=parse_value("45%"),
        weight=Decimal(20),
    )
    assert scoring.target_of(item) == parse_value("≥90%")
    assert scoring.judge(item).computed == Decimal("10.00")


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.9", "中"),
        ("60", "中"),
        ("59.99", "差"),
    ],
)
def test_grade_bands(score: str, expected: str) -> None:
    assert grade(Decimal(score)) == expected


def test_budget_score_and_total_against_the_stated_ones(tmp_path: Path) -> None:
    budget = blocks.Budget(
        points=Decimal(10),
        rows=(
            blocks.BudgetRow(
                source="总额",
                adjusted=parse_figure("200"),
                executed=parse_figure("150"),
                score=parse_figure("10"),
            ),
        ),
    )
    assert scoring.budget_score(budget) == Decimal("7.50")
    form = blocks.Form(
        name="项目",
        budget=budget,
        indicators=(
            blocks.IndicatorGroup(
                level1="产出指标",
                groups=(
                    blocks.IndicatorSubgroup(
                        level2="数量指标",
                        items=(
                            blocks.Indicator(
                                name="a",
                                target=parse_value(">=100个"),
                                actual=parse_value("90个"),
                                weight=Decimal(90),
                                score=Decimal(90),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        total_score=Decimal(100),
        grade="优",
    )
    sheet = scoring.score_sheet(form)
    assert sheet.weights == Decimal(100)
    assert sheet.computed == Decimal("88.50")  # 81.00 + 7.50
    assert sheet.computed_grade == "良" and sheet.stated == Decimal(100)


SCORED = """\
kind: project-evaluation
title: 测试
year: 2022
forms:
  - name: 项目
    budget:
      points: 10
      rows:
        - {source: 总额, adjusted: "200", executed: "150", rate: "80%", score: "10"}
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - {name: a, target: ">=100个", actual: "90个", weight: 90, score: 90, deviation: 延期}
    total_score: 100
    grade: 优
"""
# What the default scheme computes from SCORED: 81.00 for a, 7.50 for the budget, 88.50, 良;
# 执行率 150/200 = 75.00%. None of it is on the form.
COMPUTED = ("81.00", "7.50", "88.50", "75.00")


def _published_text(out: Path) -> str:
    """Everything a reader can take from a document: page, CSV, JSON (and the .xlsx's cells)."""
    import zipfile

    texts = [(out / "2022" / "a.html").read_text(encoding="utf-8")]
    texts += [
        p.read_text(encoding="utf-8-sig")
        for p in (out / "2022").glob("a.*")
        if p.suffix in (".csv", ".json")
    ]
    for book in (out / "2022").glob("a*.xlsx"):
        with zipfile.ZipFile(book) as z:
            texts += [z.read(n).decode() for n in z.namelist() if n.endswith(".xml")]
    return "\n".join(texts)


@pytest.mark.slow
def test_a_computed_score_never_reaches_a_published_file_unless_asked(tmp_path: Path) -> None:
    out = build(tmp_path, {"2022/a.yaml": SCORED})
    published = _published_text(out)
    for figure in COMPUTED:
        assert figure not in published, figure
    assert "按算法" not in published and "通行" not in published and "按执行数计算" not in published
    cells = [c[2] for c in parse(out / "2022" / "a.html").cells]
    assert "100" in cells and "优" in "".join(cells)  # the form's own total and grade are there


def test_the_reviewer_sees_each_disagreement_with_the_sites_scheme(tmp_path: Path) -> None:
    found = problems(tmp_path / "p", {"2022/a.yaml": SCORED})
    scheme = "“财预〔2020〕10号”"
    assert (
        "warning",
        "forms[0].indicators[0].groups[0].items[0].score",
        f"项目：a：原表 90，按评分办法{scheme}计算为 81.00",
    ) in found
    assert (
        "warning",
        "forms[0].total_score",
        f"项目：总分：原表 100，按评分办法{scheme}计算为 88.50",
    ) in found
    rate = "执行率写的是 80%，按执行数 / 预算数计算为 75.00%"
    assert ("warning", "forms[0].budget.rows[0].rate", rate) in found
    # the form's own parts add up to 100: no warning about its arithmetic
    assert not any(f[1] == "forms[0].total_score" and "之和" in f[2] for f in found)


def test_a_site_scheme_names_the_rules_and_grades(tmp_path: Path) -> None:
    site = (
        SITE_YAML
        + "scoring:\n  name: 某省项目支出绩效自评计分办法\n  grades:\n    - {grade: 优, min: 95}\n    - {grade: 良, min: 85}\n    - {grade: 中, min: 60}\n"
    )
    doc = SCORED.replace("total_score: 100\n    grade: 优", "total_score: 92\n    grade: 优")
    root = write_site(tmp_path / "site", {"2022/a.yaml": doc}, site)
    _, warnings = load_site(root)
    found = [(p.field, p.message) for p in warnings]
    assert (
        "forms[0].grade",
        "项目：总分 92 的等级：原表 优，按评分办法“某省项目支出绩效自评计分办法”应为 良",
    ) in found
    assert any("某省项目支出绩效自评计分办法" in m for _, m in found)


def test_stated_parts_that_do_not_add_up_are_named(tmp_path: Path) -> None:
    doc = SCORED.replace("total_score: 100", "total_score: 95")
    found = problems(tmp_path / "p", {"2022/a.yaml": doc})
    assert (
        "warning",
        "forms[0].total_score",
        "原表总分 95，原表各行得分之和为 100（预算执行 10；a 90）",
    ) in found


@pytest.mark.slow
def test_a_site_that_asks_publishes_computed_scores_naming_the_scheme(tmp_path: Path) -> None:
    """Issue 28: a computed total appears only for a whole form that states none of its own,
    and names what it adds up; beside the form's own total it would compete with the source."""
    site = SITE_YAML + "scoring:\n  name: 某省计分办法\n  publish: [project-evaluation]\n"
    unstated = SCORED.replace("    total_score: 100\n    grade: 优\n", "")
    root = write_site(tmp_path / "site", {"2022/a.yaml": unstated, "2022/b.yaml": SCORED}, site)
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    cells = [c[2] for c in parse(out / "2022" / "a.html").cells]
    assert cells[cells.index("总分") + 1] == "88.50"
    assert cells[cells.index("等级") + 1] == "良"
    assert "90（按某省计分办法 81.00）" in cells
    page = (out / "2022" / "a.html").read_text(encoding="utf-8")
    assert "按“某省计分办法”计算（含预算执行 10 分、绩效指标 90 分）" in page
    assert "不是原表的内容" in page
    stated = [c[2] for c in parse(out / "2022" / "b.html").cells]
    assert stated[stated.index("总分") + 1] == "100" and "88.50" not in stated


def test_every_example_in_the_readme_guide_validates(tmp_path: Path) -> None:
    import re

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if b.startswith("kind:")]
    kinds = {re.match(r"kind: ([a-z-]+)", b).group(1) for b in examples}  # type: ignore[union-attr]
    assert {"project-targets", "project-evaluation", "narrative"} <= kinds
    site_yaml = (ROOT / "site.yaml").read_text(encoding="utf-8")
    for i, example in enumerate(examples):
        year = re.search(r"^year: (\d{4})", example, re.M)
        root = write_site(
            tmp_path / str(i), {f"{year.group(1) if year else 2021}/a.yaml": example}, site_yaml
        )
        try:
            load_site(root)
        except ContentError as exc:
            raise AssertionError([p.format() for p in exc.problems]) from None


def test_figures_in_a_preface_table_are_not_read_as_claimed_totals(tmp_path: Path) -> None:
    from tests.fixtures_base import PROJECTS

    table = "preface: |\n  | 项目 | 资金 |\n  |---|---|\n  | 甲 | 资金 6923.3552万元 |\n"
    doc = PROJECTS.replace("preface: 共选取1个重点项目，预算金额0.07亿元。\n", table)
    assert problems(tmp_path / "a", {"2021/a.yaml": doc}) == []
    sentence = PROJECTS.replace("预算金额0.07亿元", "预算金额0.5亿元")
    found = problems(tmp_path / "b", {"2021/a.yaml": sentence})
    assert [f[1] for f in found] == ["preface"]


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ("90%", None),  # 89.97 rounds to 90 at the written precision
        ("89.97%", None),
        ("89.00%", "89.97"),  # a real disagreement: the page and the check both show it
        ("89.9%", "89.97"),
        (None, None),  # no stated rate: nothing is added to the blank cell
    ],
)
def test_a_stated_execution_rate_is_compared_at_its_written_precision(
    stated: str | None, expected: str | None
) -> None:
    row = blocks.BudgetRow(
        source="总额",
        adjusted=parse_figure("100"),
        executed=parse_figure("89.974"),
        rate=parse_figure(stated) if stated else None,
    )
    found = scoring.rate_disagreement(row)
    assert (str(found) if found is not None else None) == expected


# ---------------------------------------------------------------- a special-fund self-evaluation
SPECIAL_FUND = """\
kind: special-fund-evaluation
title: 县级专项资金绩效目标自评表
year: 2020
forms:
  - name_title: 专项资金名称
    name: 县级储备粮
    budget:
      columns: [initial, executed, rate]
      titles: {source: 项目资金(万元), initial: 全年预算数(A), executed: 全年执行数(B), rate: 执行率(B/A)}
      rows:
        - {source: 年度资金总额, initial: "194.9", executed: "194.9", rate: 100%}
        - source: 其他资金
    indicator_titles: {target: 年度指标值, actual: 全年完成值, deviation: 未完成原因和改进措施}
    indicator_columns: [name, target, actual, deviation]
    indicators:
      - level1: 满意度指标
        groups:
          - level2: 服务对象满意度指标
            items:
              - {name: 安全事件发生数, target: 0起, actual: 0起}
              - {name: 市民满意度调查, target: 290%, actual: 100%, unclear: true}
"""


@pytest.mark.slow
def test_a_form_has_exactly_the_source_columns_and_no_made_up_score(tmp_path: Path) -> None:
    out = build(tmp_path, {"2020/fund.yaml": SPECIAL_FUND})
    html = (out / "2020" / "fund.html").read_text(encoding="utf-8")
    tree = parse(out / "2020" / "fund.html")
    table_headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html)
    assert table_headers[-6:] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "全年完成值",
        "未完成原因和改进措施",
    ]
    assert "分值" not in table_headers and "得分" not in table_headers
    assert table_headers[:4] == ["项目资金(万元)", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)"]
    # No 分值 in the source: no total score and no grade are computed.
    assert "score-summary" not in html and "等级" not in html
    # The illegible row is published as written, marked, and never judged.
    cells = [c[2] for c in tree.cells]
    row = cells.index("市民满意度调查（原件字迹不清）")
    assert cells[row + 1] == "290%" and cells[row + 2].startswith("100%")
    assert "未达成" not in cells[row + 2]
    _, warnings = load_site(out.parent / "site")
    assert warnings == []


@pytest.mark.slow
def test_blank_cells_stay_blank_or_show_the_configured_mark(tmp_path: Path) -> None:
    plain = build(tmp_path / "a", {"2020/fund.yaml": SPECIAL_FUND})
    cells = [c[2] for c in parse(plain / "2020" / "fund.html").cells]
    row = cells.index("其他资金")
    assert cells[row + 1 : row + 4] == ["", "", ""]
    root = write_site(
        tmp_path / "b" / "site",
        {"2020/fund.yaml": SPECIAL_FUND},
        site_yaml="title: 测试网站\npublisher: 测试市财政局\nblank_mark: 未填写\n",
    )
    out = tmp_path / "b" / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    cells = [c[2] for c in parse(out / "2020" / "fund.html").cells]
    row = cells.index("其他资金")
    assert cells[row + 1 : row + 4] == ["未填写", "未填写", "未填写"]
    assert cells[cells.index("年度资金总额") + 1] == "194.9"  # a written cell is never marked


@pytest.mark.slow
def test_an_omitted_adjusted_budget_stays_blank(tmp_path: Path) -> None:
    from tests.fixtures_base import PROJECTS

    doc = PROJECTS + "    evaluation:\n      budget: {initial: 7000000, executed: 6000000}\n"
    out = build(tmp_path, {"2021/p.yaml": doc})
    cells = [c[2] for c in parse(out / "2021" / "p.html").cells]
    row = cells.index("调整后预算数（元）")
    assert cells[row + 1] == "" and cells[cells.index("年初预算数（元）") + 1] == "7,000,000"


def test_the_preview_panel_shows_the_reviewer_every_disagreement(tmp_path: Path) -> None:
    from site_gen.preview.review import Review

    root = write_site(tmp_path / "site", {"2022/a.yaml": SCORED})
    site, _ = load_site(root)
    review = Review(root)
    review.update(site, {})
    panel = review.panel("2022/a.html")
    assert "评分核对" in panel and "财预〔2020〕10号" in panel and "只在预览中显示" in panel
    assert "项目：a：原表 90，计算为 81.00" in panel
    assert "项目：总分：原表 100，计算为 88.50" in panel
    assert review.panel("2022/other.html") == ""  # a page without findings gets no panel


# What a computed score is printed with, before and after issue 33 (the default scheme's name).
_COMPUTED_MARKS = (
    "按算法",
    "通行算法",
    "按执行数计算",
    "计算对照",
    "按财预〔2020〕10号",
    "按“财预",
)


@pytest.mark.slow  # the sample site with its PDF annexes
def test_no_sample_publication_carries_a_computed_score(built: Path) -> None:
    """The sample site asks for no computed scores: nothing the tool computed about scores is in
    any page, annex or download (the hengshan and qingshen forms disagree with the scheme)."""
    import pypdf

    for path in sorted(built.rglob("*")):
        if path.suffix in (".html", ".csv", ".json", ".xml"):
            text = path.read_text(encoding="utf-8-sig")
        elif path.suffix == ".pdf":
            text = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
        else:
            continue
        for mark in _COMPUTED_MARKS:
            assert mark not in text, f"{path.relative_to(built)}: {mark}"


def test_a_project_self_evaluation_grade_is_checked_against_the_site_scheme(
    tmp_path: Path,
) -> None:
    """The project form's 绩效自评 (project-targets) has its stated grade checked like a
    standard form's: by the site's grade bands, a warning naming the project."""
    from tests.fixtures_base import PROJECTS

    doc = PROJECTS + "    evaluation:\n      score: 88\n      grade: 优\n"
    root = write_site(tmp_path / "site", {"2021/p.yaml": doc})
    _, warnings = load_site(root)
    found = [(p.field, p.message) for p in warnings if p.check == "grade"]
    assert found == [
        (
            "projects[0].evaluation.grade",
            "乡村振兴工作经费：自评总分 88 的等级：原表 优，按评分办法“财预〔2020〕10号”应为 良",
        )
    ]
