"""Indicator values: every value of seed 002, full-width and spacing variants, met / not met."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from site_gen.load import load_site
from site_gen.values import (
    UnitMismatch,
    ValueSyntaxError,
    computed_score,
    grade,
    outcome,
    parse_value,
)
from tests.conftest import ROOT, seed

D = Decimal


def seed_002_values() -> list[str]:
    """The annual target values as they stand in seed 002: the last cell of every row of the
    indicator tables (from a header row 一级指标… to the next form)."""
    values: list[str] = []
    in_table = False
    for line in seed("002").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if line.startswith("一级指标"):
            in_table = True
        elif "项目支出绩效目标申报表" in line:
            in_table = False
        elif in_table and len(cells) >= 2:
            values.append(cells[-1])
    return values


def test_every_seed_002_value_parses_and_is_in_the_sample() -> None:
    values = seed_002_values()
    site, _ = load_site(ROOT)
    doc = next(e.doc for e in site.entries if e.kind == "project-targets")
    sample = [
        i.target.text for p in doc.projects for g in p.indicators for s in g.groups for i in s.items
    ]
    assert sorted(values) == sorted(sample)  # same values, as many times, as the source
    assert len(values) == 131
    for text in values:
        value = parse_value(text)
        assert value.text == text  # the original is kept for display
        assert value.is_numeric or value.qualitative in {
            "可控",
            "健全",
            "增强",
            "及时",
            "良好",
            "匹配",
            "提高",
            "提升",
        }


@pytest.mark.parametrize(
    ("text", "operator", "number", "unit"),
    [
        (">=85%", "≥", "85", "%"),
        ("≥80人", "≥", "80", "人"),
        ("=3个", "=", "3", "个"),
        ("<1000 万", "<", "1000", "万"),
        ("<=110", "≤", "110", ""),
        ("=0 起", "=", "0", "起"),
        ("±5%", "±", "5", "%"),
        ("16个", None, "16", "个"),
        ("=63.66", "=", "63.66", ""),
        ("<100%", "<", "100", "%"),
        ("=30万元", "=", "30", "万元"),
        ("0起", None, "0", "起"),
        (">=2 家", "≥", "2", "家"),
        ("=168329", "=", "168329", ""),
        # full-width forms and spacing people type
        ("＞＝８５％", "≥", "85", "%"),
        ("＜＝１１０", "≤", "110", ""),
        ("＝３个", "=", "3", "个"),
        (" >= 85 % ", "≥", "85", "%"),
        ("≧90%", "≥", "90", "%"),
        ("=1,500万", "=", "1500", "万"),
        # words instead of signs
        ("不低于90%", "≥", "90", "%"),
        ("90%以上", "≥", "90", "%"),
        ("不超过5起", "≤", "5", "起"),
        ("+-5%", "±", "5", "%"),
    ],
)
def test_parse_numeric(text: str, operator: str | None, number: str, unit: str) -> None:
    value = parse_value(text)
    assert (value.operator, value.number, value.unit) == (operator, D(number), unit)


@pytest.mark.parametrize(
    "text", ["可控", "健全", "及时", "良好", "增强", "匹配", "提高", "提升", "效果明显"]
)
def test_parse_qualitative(text: str) -> None:
    value = parse_value(text)
    assert not value.is_numeric and value.qualitative == text


@pytest.mark.parametrize(
    "text",
    [
        "2024年12月底前",
        "2024年12月31日前完成",
        "≤2024年6月",
        "2024年底前",
        "2023年度内",
        "2024-12-20",
        "2024/12/20",
    ],
)
def test_a_deadline_is_kept_as_written_and_not_compared(text: str) -> None:
    """时效指标 targets are dates; they were rejected as a number with an unknown unit."""
    value = parse_value(text)
    assert value.text == text and not value.is_numeric


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (">=abc", "运算符 “≥” 后面缺少数字"),
        (">=", "运算符 “≥” 后面缺少数字"),
        ("85%%", "单位 “%%” 有误"),
        ("≥90%以下", "运算符 “≥” 与 “以下” 矛盾"),
        ("", "指标值为空"),
        (">=第3季度", "数字必须紧跟在运算符之后"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(ValueSyntaxError, match=re.escape(message)):
        parse_value(text)


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        (">=85%", "90%", "met"),
        (">=85%", "85%", "met"),
        (">=85%", "84.9%", "not_met"),
        (">85%", "85%", "not_met"),
        ("<=110", "110", "met"),
        ("<=110", "111家", "not_met"),
        ("<1000 万", "999万元", "met"),  # 万 and 万元 are one unit
        ("<1000 万", "1000万", "not_met"),
        ("=3个", "3个", "met"),
        ("=3个", "4个", "not_met"),
        ("16个", "16个", "met"),  # no operator reads as exact
        ("16个", "15个", "not_met"),
        ("=0 起", "0起", "met"),
        ("=0 起", "1起", "not_met"),
        ("±5%", "-3%", "met"),
        ("±5%", "6%", "not_met"),
        ("=63.66", "63.66", "met"),
        ("＞＝９０％", "95%", "met"),
        ("可控", "可控", "met"),
        ("可控", "基本可控", "not_comparable"),
        ("可控", "98%", "not_comparable"),
        (">=85%", "良好", "not_comparable"),
    ],
)
def test_outcome(target: str, actual: str, expected: str) -> None:
    assert outcome(parse_value(target), parse_value(actual)) == expected


@pytest.mark.parametrize(
    ("target", "actual"), [("<1000 万", "800元"), (">=85%", "90人"), ("=3个", "3家")]
)
def test_unit_mismatch_is_an_error(target: str, actual: str) -> None:
    with pytest.raises(UnitMismatch):
        outcome(parse_value(target), parse_value(actual))


@pytest.mark.parametrize(
    ("target", "actual", "weight", "score"),
    [
        (">=90%", "81%", "10", "9.00"),  # higher is better: 81/90 × 10
        (">=90%", "99%", "10", "10.00"),  # capped at full marks
        ("<=5%", "10%", "10", "5.00"),  # lower is better: 5/10 × 10
        ("<=5%", "0%", "10", "10.00"),  # actual 0: full marks
        ("=100%", "100%", "20", "20.00"),
        ("=100%", "98%", "20", None),  # exact and missed: judged, not computed
        ("可控", "可控", "5", "5.00"),
        ("可控", "较好", "5", None),
    ],
)
def test_computed_score(target: str, actual: str, weight: str, score: str | None) -> None:
    result = computed_score(parse_value(target), parse_value(actual), D(weight))
    assert result == (D(score) if score else None)


def test_grades() -> None:
    assert [grade(D(s)) for s in ("95", "90", "89.99", "80", "60", "59.5")] == [
        "优",
        "优",
        "良",
        "良",
        "中",
        "差",
    ]


@pytest.mark.parametrize("text", ["第3季度", "年度预算220万元", "按进度执行,已使用约40%"])
def test_descriptive_targets_with_figures_are_kept_as_written(text: str) -> None:
    """Real forms write targets as text with figures in it; kept, never compared automatically."""
    value = parse_value(text)
    assert value.text == text and value.number is None and not value.is_numeric
    assert outcome(value, parse_value("220万元")) == "not_comparable"
