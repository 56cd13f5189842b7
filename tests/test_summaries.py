"""What the site says on its own (summaries.py) never contradicts the source: exact sentences
on the page, in the feed and on listing cards, for statuses outside the common vocabulary,
declared totals, unlike indicators, negative progress and empty groups; the PDF annex carries
the source only."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from site_gen.build import pipeline
from site_gen.errors import ContentError
from site_gen.kinds.progress import web as progress_web
from site_gen.load import load_site
from site_gen.web import summaries
from tests.conftest import ROOT, page_markup, write_site
from tests.fixtures_base import PROJECTS

GOLDEN = ROOT / "tests" / "golden" / "sentences.txt"

# A Q3 work report that lists only its lagging items, and states its own totals.
LAGGING = """\
kind: target-completion
title: 政府工作报告目标任务三季度进展情况
year: 2021
statuses: [正在推进]
totals:
  scope: 全年
  targets: 150
  statuses:
    - {status: 达到序时进度, count: 124}
    - {status: 未达到序时进度, count: 26}
groups:
  - name: 未达到序时进度的目标任务
    targets:
"""
for n in range(1, 10):
    LAGGING += f"""\
      - number: {n}
        name: 任务{n}
        content: 内容{n}。
        status: 未达到序时进度
        summary: 受疫情影响，进度滞后。
"""

# Quarter snapshots of unlike indicators, one falling, one over target, one without a figure.
QUARTERLY = """\
kind: progress
title: 重点指标季度进展
year: 2020
columns:
  name: 指标名称
  indicator: 指标值
  current: 半年度指标执行情况
  percent: 完成进度
  possibility: 完成目标可能性
  extra: [备注]
groups:
  - category: 经济指标
    rows:
      - name: 地区生产总值增速
        indicator: 6%
        current: 一季度 -5.2%
        percent: -5.2
        deadline: 2020年12月
        possibility: 有可能
        extra: [受疫情影响]
      - name: 地区生产总值增速
        indicator: 6%
        current: 二季度 1.1%
        percent: 18
        possibility: 有可能
      - name: 新增就业人数
        indicator: 3万人
        current: 3.6万人
        percent: 120
        possibility: 确定能
      - name: 重大项目开工
        indicator: 20个
        current: 正在推进
        status: 未达到序时进度
"""

MONITORING_EMPTY_GROUPS = """\
kind: monitoring
title: 绩效运行监控表
year: 2019
forms:
  - name: 文物保护项目
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - {name: 修缮文物点, target: "3处", progress: "2处", possibility: 确定能}
          - level2: 质量指标
            items: []
      - level1: 效益指标
        groups:
          - level2: 经济效益指标
            items: []
"""


def build(tmp_path: Path, documents: dict[str, str], with_pdf: bool = False) -> Path:
    root = write_site(tmp_path / "site", documents)
    out = tmp_path / "out"
    options = pipeline.BuildOptions(output=out, with_pdf=with_pdf, with_search=False)
    pipeline.build(root, options)
    return out


def text_of(html: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8")))


def lead_of(html: Path) -> str:
    match = re.search(r'<p class="key-figures">([^<]*)</p>', html.read_text(encoding="utf-8"))
    assert match, "no summary sentence on the page"
    return match.group(1)


def test_the_sentence_templates_are_the_reviewed_list() -> None:
    """Every generated sentence template, as reviewed (tests/golden/sentences.txt). A change
    to a template must change the golden file in the same commit, where a reviewer sees it."""
    listed = "".join(f"{key}\t{text}\n" for key, text in summaries.SENTENCES.items())
    assert GOLDEN.read_text(encoding="utf-8") == listed


@pytest.mark.slow
def test_a_report_of_lagging_items_says_what_it_lists_and_the_source_totals(
    tmp_path: Path,
) -> None:
    out = build(tmp_path, {"2021/q3.yaml": LAGGING})
    page = out / "2021" / "q3.html"
    expected = (
        "本表列出 9 项未达到序时进度的目标"
        "（原文所述全年共 150 项目标，其中达到序时进度 124 项、未达到序时进度 26 项）。"
    )
    assert lead_of(page) == expected
    html = page.read_text(encoding="utf-8")
    assert "进行中" not in html  # no status the source did not write
    assert (
        len(re.findall(r'status-badge status-behind"[^>]*>未达到序时进度', html)) == 18
    )  # contents + heading
    assert "chart-status" not in html  # one status: a one-bar chart would say nothing
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert f"2021年目标完成情况。{expected}</summary>" in feed
    card = text_of(out / "2021" / "index.html")
    assert "列出 9 项未达到序时进度的目标任务 · 未达到序时进度 9 项 · 原文所述共 150 项" in card


@pytest.mark.slow
def test_targets_without_a_status_are_not_given_one(tmp_path: Path) -> None:
    doc = LAGGING.replace("        status: 未达到序时进度\n", "", 3).replace("totals:", "x_totals:")
    doc = doc.replace("x_totals:\n  scope: 全年\n  targets: 150\n  statuses:\n", "")
    doc = re.sub(r"    - \{status: .*\}\n", "", doc)
    out = build(tmp_path, {"2021/q3.yaml": doc})
    page = out / "2021" / "q3.html"
    assert (
        lead_of(page)
        == "本表列出 9 项未达到序时进度的目标任务，其中未达到序时进度 6 项、未注明状态 3 项。"
    )
    caption = re.search(r'<figcaption id="chart-status-c">(.*?)</figcaption>', page.read_text())
    assert caption is None  # one stated status: no chart


def test_status_words_come_from_the_vocabulary_or_the_document(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "s",
        {
            "2021/q3.yaml": LAGGING.replace(
                "status: 未达到序时进度\n        summary: 受疫情影响，进度滞后。\n",
                "status: 正在推进\n",
                1,
            )
        },
    )
    site, _ = load_site(root)  # declared in `statuses`: accepted
    doc = site.entries[0].doc
    assert doc.groups[0].targets[0].status == "正在推进"
    bad = write_site(
        tmp_path / "b",
        {"2021/q3.yaml": LAGGING.replace("status: 未达到序时进度", "status: 未达到序时", 1)},
    )
    with pytest.raises(ContentError) as caught:
        load_site(bad)
    (problem,) = caught.value.problems
    assert problem.message == "不认识的状态 “未达到序时”"
    assert problem.hint == "您是否想写 “未达到序时进度”？"


@pytest.mark.slow
def test_progress_of_unlike_indicators_is_never_averaged_or_dropped(tmp_path: Path) -> None:
    out = build(tmp_path, {"2020/q.yaml": QUARTERLY})
    page = out / "2020" / "q.html"
    assert lead_of(page) == (
        "本表列出 3 项目标的 4 条进度记录，其中未达到序时进度 1 项、未注明状态 3 项；"
        "完成目标可能性为确定能 1 项、有可能 2 项。"
    )
    html = page_markup(page)
    assert "平均" not in html
    caption = re.search(r'<figcaption id="chart-progress-c">(.*?)</figcaption>', html)
    assert caption is not None
    assert re.sub(r"<[^>]+>", "", caption.group(1)) == (
        "完成进度（按指标名称）：按原表所列数值绘制，3 项写明完成进度；"
        "1 项未写明，未列入图中；负值的条长为 0，数值照原文标注。"
    )
    assert '<span class="bar-figure">-5.2%</span>' in html  # as written, not clipped
    assert '<span class="bar-figure">120%</span>' in html
    # The source's own headings, its extra column, and its deadline as written.
    headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
    assert headers == ["指标名称", "指标值", "完成时限", "半年度指标执行情况", "完成进度"] + [
        "进度状态",
        "完成目标可能性",
        "备注",
    ]
    assert "2020年12月" in html and "受疫情影响" in html
    csv = (out / "2020" / "q.csv").read_text(encoding="utf-8-sig")
    assert "完成进度" in csv.splitlines()[0] and "-5.2%" in csv


@pytest.mark.slow
def test_empty_level2_groups_are_not_counted_as_indicators(tmp_path: Path) -> None:
    out = build(tmp_path, {"2019/m.yaml": MONITORING_EMPTY_GROUPS})
    assert lead_of(out / "2019" / "m.html") == "本文件含 1 张表，绩效指标 1 项。"
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "本文件含 1 张表，绩效指标 1 项。</summary>" in feed


def test_a_check_is_silenced_only_with_a_known_code_and_a_reason(tmp_path: Path) -> None:
    wrong = PROJECTS.replace("0.07亿元", "9亿元")
    root = write_site(tmp_path / "a", {"2021/a.yaml": wrong})
    _, warnings = load_site(root)
    (warning,) = warnings
    assert warning.check == "preface-amount" and "检查项：preface-amount" in warning.format()
    silenced = (
        wrong + "silence:\n  - check: preface-amount\n    reason: 前言金额含上年结转，原文如此\n"
    )
    root = write_site(tmp_path / "b", {"2021/a.yaml": silenced})
    assert load_site(root)[1] == []
    unknown = silenced.replace("check: preface-amount", "check: preface-amout")
    root = write_site(tmp_path / "c", {"2021/a.yaml": unknown})
    with pytest.raises(ContentError) as caught:
        load_site(root)
    errors = [p for p in caught.value.problems if p.severity == "error"]
    assert [(p.field, p.message) for p in errors] == [
        ("silence[0].check", "没有名为 “preface-amout” 的检查项")
    ]
    no_reason = silenced.replace("    reason: 前言金额含上年结转，原文如此\n", "")
    root = write_site(tmp_path / "d", {"2021/a.yaml": no_reason})
    with pytest.raises(ContentError):
        load_site(root)


@pytest.mark.parametrize(
    ("preface", "warned"),
    [
        ("共选取1个重点项目，预算金额0.07亿元。", False),
        ("共选取1个重点项目，共安排资金9亿元。", True),
        ("其中资金5万元用于宣传。", False),  # a part, not a total
        ("| 项目 | 资金 |\n  |---|---|\n  | 甲 | 资金合计 9亿元 |", False),  # a table cell
        ("本年共安排2个项目。", True),
    ],
)
def test_the_preface_check_reads_only_sentences_that_claim_a_total(
    tmp_path: Path, preface: str, warned: bool
) -> None:
    doc = PROJECTS.replace(
        "preface: 共选取1个重点项目，预算金额0.07亿元。", f"preface: |\n  {preface}"
    )
    _, warnings = load_site(write_site(tmp_path / "s", {"2021/a.yaml": doc}))
    assert bool([w for w in warnings if w.field == "preface"]) is warned


@pytest.mark.slow
def test_the_pdf_annex_carries_the_source_and_no_generated_sentence(tmp_path: Path) -> None:
    out = build(tmp_path, {"2021/q3.yaml": LAGGING, "2020/q.yaml": QUARTERLY}, with_pdf=True)
    for pdf, written in (("2021/q3.pdf", "未达到序时进度"), ("2020/q.pdf", "半年度指标执行情况")):
        text = subprocess.run(
            ["pdftotext", str(out / pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert written in text.replace(" ", "")
        assert "本表列出" not in text and "原文所述" not in text


def test_project_targets_state_sums_only_when_every_part_is_written(tmp_path: Path) -> None:
    second = PROJECTS.split("projects:\n", 1)[1].replace("乡村振兴工作经费", "第二个项目")
    second = second.replace('code: "109014(2021)022"', 'code: "109014(2021)023"')
    both = PROJECTS + second.replace("    amount: 7000000\n", "")
    out = build(tmp_path, {"2021/p.yaml": both})
    page = out / "2021" / "p.html"
    # The second project leaves its amount blank: no amount sum is stated, the total sum is.
    expected = "本表列出 2 个项目，项目总金额合计 14,000,000 元（1,400.00 万元），绩效指标 4 项。"
    assert lead_of(page) == expected
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert f"2021年项目支出绩效目标表。{expected}</summary>" in feed
    html = page.read_text(encoding="utf-8")
    assert "chart-budget" not in html  # one stated amount: no chart


@pytest.mark.parametrize(
    ("period", "percent", "months"),
    [
        ("1-9月", "75", 9),
        ("1—6月", "50", 6),
        ("1至10月份", "83.3", 10),
        ("一季度", "25", 3),
        ("上半年", "50", 6),
        ("前三季度", "75", 9),
        ("全年", "100", 12),
    ],
)
def test_time_share_of_a_period_from_january(period: str, percent: str, months: int) -> None:
    reference = progress_web.time_share(period)
    assert reference is not None
    assert reference.label == f"竖线为序时进度 {percent}%（{period}占全年的 {months}/12）"


@pytest.mark.parametrize("period", ["", "二季度", "三季度", "4-6月", "1-13月", "2020年"])
def test_no_time_share_for_a_period_that_may_not_start_in_january(period: str) -> None:
    assert progress_web.time_share(period) is None


@pytest.mark.slow
def test_progress_chart_draws_the_time_share_and_says_it(tmp_path: Path) -> None:
    text = QUARTERLY.replace("year: 2020\n", "year: 2020\nperiod: 1-9月\n")
    html = (build(tmp_path, {"2020/q.yaml": text}) / "2020" / "q.html").read_text("utf-8")
    figure = html[html.index('<ul class="bars" id="chart-progress">') :]
    figure = figure[: figure.index("</figure>")]
    assert figure.count('<span class="bar-ref" style="left: 62.5%">') == 3  # 75 of 120
    assert "竖线为序时进度 75%（1-9月占全年的 9/12）" in figure
    labels = re.findall(r'<span class="bar-label">([^<]*)</span>', figure)
    assert labels == ["地区生产总值增速", "地区生产总值增速", "新增就业人数"]  # in full
    without = build(tmp_path / "n", {"2020/q.yaml": QUARTERLY}) / "2020" / "q.html"
    assert "bar-ref" not in without.read_text("utf-8")  # no period: no line
