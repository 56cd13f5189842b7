"""Fields real forms leave out print nothing (issue 28): no heading, no label, no default."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from site_gen.build import pipeline
from site_gen.sheets.to_yaml import dump
from site_gen.sheets.workbook import import_workbook
from tests import sheet_fixtures as sf
from tests.conftest import write_site


def _build(tmp_path: Path, docs: dict[str, str]) -> Path:
    root = write_site(tmp_path / "site", docs)
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    return out


@pytest.mark.slow
def test_a_blank_budget_heading_in_the_sheet_stays_blank_on_the_page(tmp_path: Path) -> None:
    shape = copy.deepcopy(sf.evaluation_form())
    heading = next(r for r in shape.rows if r[0] == "项目资金（万元）")
    heading[0] = None  # the form's 资金来源 heading cell is blank
    result = import_workbook(sf.write(tmp_path / "blank.xlsx", [shape]))
    budget = result.data["forms"][0]["budget"]
    assert budget["titles"]["source"] == ""
    text = dump(result.data, ["test"])
    out = _build(tmp_path, {"2024/a.yaml": text})
    page = (out / "2024" / "a.html").read_text("utf-8")
    table = page[page.index('class="budget') : page.index("</table>", page.index('class="budget'))]
    assert '<th scope="col"></th>' in table and "资金来源" not in table
    assert "年度资金总额" in table


@pytest.mark.slow
def test_a_budget_without_a_caption_in_the_source_prints_none(tmp_path: Path) -> None:
    doc = """\
        kind: project-evaluation
        title: 自评
        forms:
          - name: 某项目
            budget:
              title: ""
              columns: [initial, executed]
              titles: {{source: "", initial: 年初数, executed: {executed}}}
              rows:
                - {{source: 合计, initial: "10", executed: "9"}}
        """
    out = _build(tmp_path, {"2024/a.yaml": doc.format(executed='""')})
    page = (out / "2024" / "a.html").read_text("utf-8")
    table = page[page.index('class="budget') : page.index("</table>", page.index('class="budget'))]
    assert "<caption" not in table and "预算执行情况" not in table
    assert [h for h in ("资金来源", "年初预算数", "执行数") if h in table] == []
    assert "年初数" in table
    out = _build(
        tmp_path / "b",
        {"2024/a.yaml": doc.replace('title: ""', "unit: 万元").format(executed="执行")},
    )
    page = (out / "2024" / "a.html").read_text("utf-8")  # not written: the common template's
    assert "<caption>预算执行情况（单位：万元）</caption>" in page


@pytest.mark.slow
def test_a_target_without_content_and_a_row_without_category_print_no_heading(
    tmp_path: Path,
) -> None:
    docs = {
        "2024/t.yaml": """\
            kind: target-completion
            title: 目标
            groups:
              - name: 重点目标
                targets:
                  - {number: 1, name: 稳就业, status: 已完成}
                  - {number: 2, name: 保民生}
            """,
        "2024/p.yaml": """\
            kind: progress
            title: 进度
            groups:
              - rows:
                  - {name: 稳就业, status: 达到序时进度}
            """,
    }
    out = _build(tmp_path, docs)
    targets = (out / "2024" / "t.html").read_text("utf-8")
    assert "目标内容" not in targets
    assert targets.count("完成情况综述") == 1  # the target with a status; none for the other
    progress = (out / "2024" / "p.html").read_text("utf-8")
    assert "category-row" not in progress and "稳就业" in progress
    assert "本表列出 1 项目标" in progress


@pytest.mark.slow
def test_a_project_form_prints_only_the_fields_it_has(tmp_path: Path) -> None:
    doc = """\
        kind: project-targets
        title: 目标表
        projects:
          - name: 农村道路养护
            amount: 1200000
            indicators:
              - level1: 产出指标
                groups:
                  - level2: 数量指标
                    items: [{name: 养护里程, target: ≥320公里}]
        """
    out = _build(tmp_path, {"2024/a.yaml": doc})
    page = (out / "2024" / "a.html").read_text("utf-8")
    meta = page[
        page.index('class="project-meta"') : page.index("</table>", page.index("project-meta"))
    ]
    labels = ["项目编码", "项目类别", "资金用途", "开始日期", "结束日期", "项目性质", "预算来源"]
    labels += ["项目总金额", "组织实施单位", "项目实施单位", "年度绩效目标"]
    assert [label for label in labels if label in meta] == []
    assert "本年度预算申请金额（元）" in meta and "1,200,000" in meta
    assert "<td></td>" not in meta and '<td class="code"></td>' not in meta
