"""Checks that hold the line (issue 28): placeholders, every error at once, stated totals, hints."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen import cli
from site_gen.cli import starter
from site_gen.load import load_site
from site_gen.load.placeholders import _INSTRUCTION

TODAY = date(2026, 12, 1)
SITE = "title: 测试\npublisher: 某市财政局\nbase_url: /\n"


def _site(tmp_path: Path, doc: str, config: str = SITE) -> Path:
    (tmp_path / "content" / "2021").mkdir(parents=True)
    (tmp_path / "site.yaml").write_text(config, "utf-8")
    (tmp_path / "content" / "2021" / "a.yaml").write_text(doc, "utf-8")
    return tmp_path


def test_every_starter_placeholder_reads_as_one() -> None:
    """The check knows each 【…】 a starter writes, in comments too (a user uncomments them)."""
    written = {
        text
        for content in starter.files(TODAY).values()
        for text in re.findall(r"【([^】\n]+)】", content)
    }
    assert len(written) > 20
    assert [t for t in written if not _INSTRUCTION.search(t)] == []


def test_an_untouched_site_yaml_fails_validate_strict_and_build(tmp_path: Path) -> None:
    root = tmp_path / "site"
    starter.create(root, TODAY)
    runner = CliRunner()
    for args in (["validate", "--strict", str(root)], ["build", str(root), "--no-pdf"]):
        result = runner.invoke(cli.main, args)
        assert result.exit_code == 1, args
        assert "site.yaml:2:8: 错误 [title] “【网站标题，例如 预算绩效信息公开】”" in result.output
        assert "site.yaml:4:12: 错误 [publisher]" in result.output
    assert not (root / "output").exists()


def test_a_placeholder_in_a_published_document_is_an_error_in_a_draft_a_warning(
    tmp_path: Path,
) -> None:
    doc = "kind: narrative\ntitle: 【公开说明的标题，照原件写】\nbody: 正文\n"
    root = _site(tmp_path, doc)
    with pytest.raises(Exception) as refused:
        load_site(root)
    (problem,) = refused.value.problems  # type: ignore[attr-defined]
    assert (problem.location.line, problem.location.column, problem.field) == (2, 8, "title")
    assert problem.severity == "error" and "占位文字" in problem.message
    (root / "content" / "2021" / "a.yaml").write_text(doc + "draft: true\n", "utf-8")
    _, warnings = load_site(root, include_drafts=True)
    assert [w.field for w in warnings] == ["title"]


def test_brackets_the_source_itself_uses_are_a_warning_that_can_be_silenced(
    tmp_path: Path,
) -> None:
    doc = "kind: narrative\ntitle: 说明\nbody: |\n  【政策依据】财预〔2020〕10号。\n"
    root = _site(tmp_path, doc)
    _, warnings = load_site(root)
    assert [(w.check, w.field, w.location.line) for w in warnings] == [("placeholder", "body", 3)]
    silenced = doc + "silence:\n  - {check: placeholder, reason: 原文即用【】标注小标题}\n"
    (root / "content" / "2021" / "a.yaml").write_text(silenced, "utf-8")
    assert load_site(root)[1] == []


def test_every_error_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    """An invalid date no longer hides the file's other errors (a bad status, a wrong year)."""
    doc = (
        "kind: progress\ntitle: 进度\nyear: 2020\npublished: 2020-13-01\ngroups:\n"
        "  - category: 重点\n    rows:\n      - {name: a, status: 坏状态}\n"
        "      - {name: b, status: 也不对, bogus: 1}\n"
    )
    root = _site(tmp_path, doc)
    with pytest.raises(Exception) as refused:
        load_site(root)
    found = sorted(
        (p.location.line, p.field)
        for p in refused.value.problems  # type: ignore[attr-defined]
        if p.severity == "error"
    )
    assert found == [
        (3, "year"),
        (4, "published"),
        (8, "groups[0].rows[0].status"),
        (9, "groups[0].rows[1].bogus"),
        (9, "groups[0].rows[1].status"),
    ]


def test_an_ascii_comma_in_a_flow_mapping_gets_the_hint_to_quote(tmp_path: Path) -> None:
    doc = (
        "kind: progress\ntitle: 进度\ngroups:\n  - category: 重点\n    rows:\n"
        "      - {name: a, cumulative: 按进度执行,已使用约40%}\n"
    )
    root = _site(tmp_path, doc)
    with pytest.raises(Exception) as refused:
        load_site(root)
    (problem,) = refused.value.problems  # type: ignore[attr-defined]
    assert problem.message == "未知字段 “已使用约40%”"
    assert "加引号" in problem.hint and "中文逗号" in problem.hint
    assert problem.location.line == 6


def test_a_document_without_publisher_on_a_site_of_several_is_warned_about(
    tmp_path: Path,
) -> None:
    config = (
        SITE + "publishers:\n  - {id: czj, name: 某市财政局}\n  - {id: jyj, name: 某市教育局}\n"
    )
    root = _site(tmp_path, "kind: narrative\ntitle: 说明\nbody: 正文\n", config)
    site, warnings = load_site(root)
    assert [(w.check, w.location.file) for w in warnings] == [("publisher", "content/2021/a.yaml")]
    assert "某市财政局" in warnings[0].message
    assert site.entries[0].publisher.name == "某市财政局"  # published as before, with the warning
    (root / "site.yaml").write_text(SITE, "utf-8")  # one publisher: nothing to ask
    assert load_site(root)[1] == []


EVALUATION = """kind: project-evaluation
title: 自评
forms:
  - name: 某项目
    budget:
      unit: 万元
      rows:
{rows}
"""


@pytest.mark.parametrize(
    ("rows", "warned"),
    [
        # the report's case: a total of 0 over a part of 90
        (
            '        - {source: 年度资金总额, initial: "0"}\n'
            '        - {source: 其中：本年财政拨款, initial: "90"}',
            ["forms[0].budget.rows[0].initial"],
        ),
        # 其他 closes the list: the parts must make the total
        (
            '        - {source: 年度资金总额, executed: "100"}\n'
            '        - {source: 当年财政拨款, executed: "60"}\n'
            '        - {source: 上年结转资金, executed: "20"}\n'
            '        - {source: 其他资金, executed: "10"}',
            ["forms[0].budget.rows[0].executed"],
        ),
        # a subset of parts may sum to less; an indented sub-part is inside its parent
        (
            '        - {source: 年度资金总额, initial: "100"}\n'
            '        - {source: 财政拨款, initial: "60"}\n'
            '        - {source: "  其中：上级财政资金", initial: "60"}',
            [],
        ),
        (
            '        - {source: 年度资金总额, initial: "100.00"}\n'
            '        - {source: 当年财政拨款, initial: "90.00"}\n'
            '        - {source: 其他资金, initial: "10"}',
            [],
        ),
        (
            '        - {source: 财政拨款, initial: "10"}\n'  # no total row: nothing to compare
            '        - {source: 其他资金, initial: "90"}',
            [],
        ),
    ],
)
def test_a_stated_budget_total_that_disagrees_with_its_parts_is_warned(
    tmp_path: Path, rows: str, warned: list[str]
) -> None:
    root = _site(tmp_path, EVALUATION.format(rows=rows))
    site, warnings = load_site(root)
    found = [w for w in warnings if w.check == "budget-total"]
    assert [w.field for w in found] == warned
    budget = site.entries[0].doc.forms[0].budget  # type: ignore[union-attr]
    assert budget is not None and budget.rows[0].source  # published as written
    if warned:
        assert "写的是" in found[0].message and "之和为" in found[0].message
