"""Time-series indicators (issue 15): what site_gen reads out of baseline, target and the values
per period (met or not, progress that can be negative, its band), the counts the summary states,
the chart, the rules of the document kind, and the page in Chinese (季度监测)."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from site_gen import i18n, load
from site_gen.build import pipeline
from site_gen.errors import ContentError
from site_gen.kinds.series.model import IndicatorSeries, Observation, SeriesGoal, SeriesIndicator
from site_gen.model import trends
from site_gen.web import charts, series_summary
from tests.conftest import ROOT, write_site

FIXTURE = ROOT / "tests" / "fixtures" / "series"
QUARTERLY = FIXTURE / "content" / "2024" / "quarterly-monitoring.yaml"
ENGLISH = ROOT / "examples" / "performance-gov" / "content" / "2018"


def document(path: Path) -> IndicatorSeries:
    loaded = load.load_document(path, path.name)
    assert isinstance(loaded.doc, IndicatorSeries), [p.format() for p in loaded.problems]
    return loaded.doc


def indicator(kind: str | None, *rows: dict[str, str], **fields: str) -> SeriesIndicator:
    values = tuple(Observation(**row) for row in rows)
    return SeriesIndicator(name="指标", type=kind, values=values, **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- outcome of a period
@pytest.mark.parametrize(
    ("kind", "row", "expected"),
    [
        ("increase", {"target": "90%", "value": "92%"}, "met"),
        ("increase", {"target": "90%", "value": "90%"}, "met"),
        ("increase", {"target": "90%", "value": "89.9%"}, "not_met"),
        ("decrease", {"target": "0.03", "value": "0.029"}, "met"),
        ("decrease", {"target": "0.03", "value": "0.033"}, "not_met"),
        ("range", {"minimum": "0", "maximum": "0.02", "value": "0.001"}, "met"),
        ("range", {"minimum": "0", "maximum": "0.02", "value": "-0.0047"}, "not_met"),
        ("range", {"minimum": "10", "value": "9"}, "not_met"),
        ("range", {"target": "0.55", "value": "0.49"}, None),  # no bounds: nothing to judge by
        ("increase", {"target": "90%"}, "not_reported"),
        ("increase", {"target": "90%", "value": "N/A"}, "not_comparable"),
        ("increase", {"target": "90%", "value": "92 人"}, "not_comparable"),  # unlike units
        ("increase", {"value": "92%"}, None),  # the period states no target
        ("milestone", {"target": "完工", "value": "完工"}, None),  # said in words, not judged
        ("undefined", {"target": "5", "value": "7"}, None),
        (None, {"target": "5", "value": "7"}, None),
    ],
)
def test_outcome_of_a_period(kind: str | None, row: dict[str, str], expected: str | None) -> None:
    item = indicator(kind, {"period": "Q1", **row})
    assert trends.outcome(item, item.values[0]) == expected


# ---------------------------------------------------------------- progress from baseline
@pytest.mark.parametrize(
    ("kind", "baseline", "target", "latest", "expected"),
    [
        ("increase", "12.0", "15.5", "14.65", Decimal("75.7")),
        ("increase", "12.0", "15.5", "16", Decimal("114.3")),  # past the target
        ("increase", "50", "80", "45", Decimal("-16.7")),  # regressed
        ("decrease", "5.5", "5.0", "5.8", Decimal("-60.0")),  # rose: regressed
        ("decrease", "5.5", "5.0", "5.1", Decimal("80.0")),
        ("increase", "", "15.5", "14", None),  # no baseline stated: no progress
        ("increase", "12", "12", "14", None),  # baseline = target: no scale
        ("increase", "12%", "15", "14", None),  # unlike units
        ("range", "1", "2", "3", None),
        ("milestone", "1", "2", "3", None),
    ],
)
def test_progress_from_baseline_to_target(
    kind: str, baseline: str, target: str, latest: str, expected: Decimal | None
) -> None:
    item = indicator(
        kind,
        {"period": "Q1", "value": "1"},
        {"period": "Q2", "value": latest},
        {"period": "Q3"},  # not yet reported: the latest value is Q2's
        baseline=baseline,
        target=target,
    )
    assert trends.latest(item) == item.values[1]
    assert trends.progress(item) == expected


@pytest.mark.slow
def test_progress_of_extreme_figures_is_computed_not_crashed(tmp_path: Path) -> None:
    """Hostile figures (20 digits over a target a hair from its baseline) still make a page."""
    item = indicator(
        "increase",
        {"period": "Q1", "value": "9999999999999999999"},
        baseline="0",
        target="0.0000000001",
    )
    assert trends.progress(item) == Decimal("9999999999999999999E+12")
    en = i18n.Language("en")
    assert en.computed(trends.progress(item) or Decimal(0)).startswith("9,999,999")
    text = SERIES.format(
        type="increase", target="0.0000000001", value="9999999999999999999", second="二季度"
    )
    root = write_site(tmp_path / "site", {"2024/series.yaml": text.replace("goals:", "goals:")})
    pipeline.build(
        root, pipeline.BuildOptions(output=root / "out", with_pdf=False, with_search=False)
    )
    assert "9999999999999999999" in (root / "out" / "2024" / "series.html").read_text("utf-8")


def test_progress_falls_back_to_the_latest_periods_target() -> None:
    item = indicator("increase", {"period": "Q1", "target": "20", "value": "15"}, baseline="10")
    assert trends.progress(item) == Decimal("50.0")


def test_bands_default_and_the_documents_own() -> None:
    doc = document(QUARTERLY)
    plain = dataclasses.replace(doc, bands=())
    assert [trends.band(plain, Decimal(v)) for v in ("100", "37.5", "0", "-0.1")] == [
        "达到目标",
        "有进展",
        "无变化",
        "倒退",
    ]
    assert [trends.band(doc, Decimal(v)) for v in ("120", "75.7", "59.9", "-60")] == [
        "已达目标",
        "进展正常",
        "进展滞后",
        "倒退",
    ]
    assert trends.band(doc, None) == ""


# ---------------------------------------------------------------- what the summary says
def test_the_summary_counts_indicators_not_period_snapshots_and_every_one_once() -> None:
    doc = document(QUARTERLY)
    lines = trends.lines(doc)
    periods = sum(len(i.values) for g in doc.goals for i in g.indicators)
    assert (len(lines), periods) == (5, 14)
    counts = series_summary.outcome_counts(lines)
    assert sum(counts.values()) == len(lines)
    lead = series_summary.lead(doc, i18n.CHINESE)
    assert lead == (
        "本表列出 5 项指标（民生保障 3 项、重点项目 2 项）；按最近一期的数值：未达到 3 项、"
        "未写明方向或目标、不作判断 2 项；按基线到目标的进度：进展正常 1 项、倒退 1 项。"
    )
    assert series_summary.figures(doc, i18n.CHINESE) == (
        "5 项指标",
        "最近一期达到目标 0/3",
        "倒退 1 项",
    )


def test_the_english_summary_of_the_gsa_report() -> None:
    doc = document(ENGLISH / "gsa-fy2018-annual-performance.yaml")
    lead = series_summary.lead(doc, i18n.Language("en"))
    figures = series_summary.figures(doc, i18n.Language("en"))
    assert lead == (
        "This report lists 14 indicators (Real Estate: 9, Technology: 5); at the latest "
        "reported period: 6 met, 5 not met, 3 not judged (no direction or target stated)."
    )
    assert figures == ("14 indicators", "latest target met 6/11")


@pytest.mark.parametrize(
    ("kind", "row", "expected"),
    [
        ("increase", {"target": "5"}, "not_reported"),
        ("range", {"minimum": "1", "maximum": "2"}, "not_reported"),
        ("milestone", {"target": "完工"}, None),  # said in words: never "not reported"
        ("increase", {}, None),  # neither value nor target: nothing to say
    ],
)
def test_an_indicator_with_nothing_reported_yet(
    kind: str, row: dict[str, str], expected: str | None
) -> None:
    goal = SeriesGoal(name="目标", indicators=(indicator(kind, {"period": "Q1", **row}),))
    doc = IndicatorSeries(kind="indicator-series", title="监测", goals=(goal,))
    (line,) = trends.lines(doc)
    assert line.latest is None and line.outcome == expected


# ---------------------------------------------------------------- the chart
def test_chart_columns_hang_below_zero_and_ticks_mark_targets() -> None:
    columns = [
        charts.Column("2013", Decimal("0.001"), Decimal("0.02"), Decimal(0), Decimal("0.02")),
        charts.Column("2016", Decimal("-0.0116"), Decimal("0.02"), Decimal(0), Decimal("0.02")),
        charts.Column("2019", None, Decimal("0.02")),
    ]
    html = str(
        charts.series_chart("c", columns, {"value": "实际值", "target": "目标值", "range": "区间"})
    )
    assert (
        charts.series_chart("c", columns, {"value": "实际值", "target": "目标值", "range": "区间"})
        == html
    )
    zero = Decimal("36.7")  # 0.0116 / (0.02 + 0.0116) of the height
    bars = re.findall(
        r'class="trend-bar( is-negative)?" style="bottom: ([\d.]+)%; height: ([\d.]+)%', html
    )
    assert bars == [("", str(zero), "3.2"), (" is-negative", "0.0", str(zero))]
    assert html.count('class="trend-target" style="bottom: 100.0%"') == 3
    assert html.count('class="trend-bar') == 2  # 2019 reports no value: no column
    assert 'aria-hidden="true"' in html and "区间" in html


def test_no_chart_when_units_differ_or_nothing_is_reported() -> None:
    mixed = indicator("increase", {"period": "Q1", "target": "45%", "value": "45 人"})
    assert series_summary.chart_columns(mixed) == []
    silent = indicator("increase", {"period": "Q1", "target": "45"})
    assert str(charts.series_chart("c", series_summary.chart_columns(silent), {})) == ""


# ---------------------------------------------------------------- rules of the kind
SERIES = """\
kind: indicator-series
title: 季度监测
goals:
  - name: 目标一
    indicators:
      - name: 指标一
        type: {type}
        values:
          - period: 一季度
            target: "{target}"
            value: "{value}"
          - period: {second}
            value: "5"
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    root = write_site(tmp_path / "site", {"2024/series.yaml": text})
    try:
        _site, warnings = load.load_site(root)
    except ContentError as exc:
        return [p.format() for p in exc.problems]
    return [p.format() for p in warnings]


def test_a_period_twice_is_published_with_a_warning_at_its_line(tmp_path: Path) -> None:
    """Issue 28: a source may list one quarter twice (an original and a revised figure); both
    records are published as written, and the reviewer is told where."""
    text = SERIES.format(type="increase", target="4", value="4", second="一季度")
    root = write_site(tmp_path / "site", {"2024/series.yaml": text})
    site, warnings = load.load_site(root)
    found = [p.format() for p in warnings if p.check == "series-period"]
    assert len(found) == 1 and "content/2024/series.yaml:12:" in found[0], found
    assert "期间 “一季度” 出现两次" in found[0]
    doc = site.entries[0].doc
    assert isinstance(doc, IndicatorSeries)
    assert [r.period for r in doc.goals[0].indicators[0].values] == ["一季度", "一季度"]


def test_figures_that_are_not_numbers_or_differ_in_unit_are_warned(tmp_path: Path) -> None:
    found = problems(
        tmp_path, SERIES.format(type="increase", target="4%", value="待定", second="二季度")
    )
    assert any("“待定” 不是一个数值" in p and "series-figure" in p for p in found), found
    assert any("单位不一致" in p and "series-unit" in p for p in found), found
    calm = problems(
        tmp_path / "b", SERIES.format(type="undefined", target="4%", value="待定", second="二季度")
    )
    assert calm == []  # an indicator without a direction compares nothing


def test_english_is_refused_for_a_kind_whose_layout_is_a_chinese_form(tmp_path: Path) -> None:
    text = "kind: narrative\ntitle: Note\nlanguage: en\nbody: Text.\n"
    assert problems(tmp_path, text) == []
    form = "kind: progress\ntitle: 进度\nlanguage: en\ngroups: []\n"
    found = problems(tmp_path / "b", form)
    assert any(":3:" in p and "目前只有中文版式" in p and "language: zh-CN" in p for p in found), (
        found
    )


# ---------------------------------------------------------------- the Chinese page
@pytest.fixture(scope="module")
def quarterly_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("series") / "output"
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    return (out / "2024" / "quarterly-monitoring.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_chinese_page_states_progress_bands_and_every_figure(quarterly_page: str) -> None:
    page = quarterly_page
    assert '<html lang="zh-CN">' in page and 'lang="en"' not in page
    assert "基线到目标的进度</dt><dd>75.7%" in page and "进展正常" in page
    assert "-60%" in page and "倒退" in page
    for figure in ("12.0", "15.5", "14.65", "5.5", "5.8", "16.1", "41.2", "38.7"):
        assert re.search(rf">{re.escape(figure)}[<（]", page), figure  # as written: 12.0 not 12
    assert page.count('<table class="series-table cards">') == 5
    assert "已投用" in page and "9月28日投入使用" in page  # a milestone's status, as written
    assert re.search(r'<td class="(nw )?range"[^>]*>10 至 15</td>', page)


@pytest.mark.slow
def test_a_status_the_source_states_per_period_is_shown_not_the_sites_own(tmp_path: Path) -> None:
    """Issue 28: an English priority-goal report says “Target not met” for a quarter whose value
    the site would judge as met; the page shows the source's words, and no band or outcome of
    site_gen's own for the periods it states."""
    doc = """\
        kind: indicator-series
        title: Priority goal
        language: en
        goals:
          - name: Goal 1
            indicators:
              - name: Claims processed
                type: increase
                unit: "%"
                baseline: "50"
                target: "90"
                values:
                  - {period: Q1 FY2018, target: "60", value: "70", status: Target not met}
                  - {period: Q2 FY2018, target: "70", value: "80", status: Target not met}
        """
    root = write_site(tmp_path / "site", {"2018/goal.yaml": doc})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    page = (out / "2018" / "goal.html").read_text("utf-8")
    table = page[page.index('class="series-table') :]
    assert table.count("Target not met") == 2
    assert "outcome-badge" not in page  # no 是否达到 of site_gen's own beside the stated status
    facts = page[
        page.index('class="series-facts"') : page.index("</dl>", page.index("series-facts"))
    ]
    assert "Target not met" in facts and "status-on-schedule" not in facts
    for word in ("Target met", "Met", "Progressing", "On track"):
        assert f">{word}<" not in page
    loaded = load.load_document(root / "content" / "2018" / "goal.yaml", "goal.yaml")
    assert isinstance(loaded.doc, IndicatorSeries)
    line = trends.lines(loaded.doc)[0]
    assert (line.outcome, line.band) == (None, "")
