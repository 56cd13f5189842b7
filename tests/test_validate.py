"""Validation: every rule has a broken file; each error is asserted with its exact place and text.

The broken files are in tests/broken_cases.py; the expectations below were reviewed by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_gen.errors import ContentError, Problem
from site_gen.load import load_site
from site_gen.load.yamlsrc import parse
from tests.broken_cases import CASES
from tests.conftest import write_site

EXPECTED: dict[str, list[tuple[str, str, str, str]]] = {
    "syntax-indent": [
        ("error", "7:4", "", "YAML 语法错误：列表项的缩进不一致"),
    ],
    "unquoted-gte": [
        ("error", "24:26", "", "YAML 语法错误：值的后面多了内容（例如引号之后还有文字）"),
    ],
    "duplicate-key": [
        ("error", "4:1", "title", "字段 “title” 重复（第一次出现在第 2 行）"),
    ],
    "alias": [
        ("error", "10:18", "", "不允许使用锚点和别名（& 和 *）"),
    ],
    "two-documents": [
        ("error", "6:1", "", "一个文件只能有一份文档"),
    ],
    "not-utf8": [
        ("error", "6:1", "", "文件不是 UTF-8 编码"),
    ],
    "nul-byte": [
        ("error", "5:4", "", "文件含有空字符（NUL）"),
    ],
    "empty-file": [
        ("error", "0:0", "", "文件是空的"),
    ],
    "python-tag": [
        ("error", "2:8", "", "不允许使用 YAML 标签（tag:yaml.org,2002:python/object:os.system）"),
    ],
    "unknown-field": [
        ("error", "1:1", "title", "缺少必填字段 “title”（标题）"),
        ("error", "2:1", "titel", "未知字段 “titel”"),
    ],
    "chinese-key": [
        ("error", "1:1", "body", "缺少必填字段 “body”（正文）"),
        ("error", "4:1", "正文", "未知字段 “正文”"),
    ],
    "missing-field": [
        ("error", "8:9", "groups[0].targets[0].name", "缺少必填字段 “name”（目标名称）"),
    ],
    "list-for-text": [
        ("error", "3:3", "title", "这里应当是单个值，不是列表或多个字段"),
    ],
    "yaml11-no-as-text": [
        ("error", "2:8", "title", "“no” 会被当作是/否，而不是文字"),
    ],
    "yaml11-yes-as-bool": [
        ("error", "6:8", "draft", "“yes” 不是是/否值"),
    ],
    "octal-int": [
        ("error", "6:8", "annex", "“010” 不是整数"),
    ],
    "impossible-date": [
        ("error", "4:12", "published", "日期 “2024-02-30” 不存在"),
    ],
    "date-format": [
        ("error", "4:12", "published", "“2020/12/31” 不是日期"),
    ],
    "percent-range": [
        ("error", "12:18", "groups[0].rows[0].percent", "1000000 超出范围"),
    ],
    "percent-sign": [
        ("error", "12:18", "groups[0].rows[0].percent", "“80%” 不是数字"),
    ],
    "money-wan": [
        ("error", "13:12", "projects[0].total", "“700万元” 不是数字"),
    ],
    "money-decimals": [
        ("error", "14:13", "projects[0].amount", "金额 “7000000.005” 的小数超过两位"),
    ],
    "long-title": [
        ("error", "2:8", "title", "内容过长（501 字）"),
    ],
    "markdown-nesting": [
        ("error", "4:7", "body", "列表或引用嵌套过深（超过 20 层）"),
    ],
    "unknown-kind": [
        ("error", "1:7", "kind", "未知的文件类型 “公开说明”"),
    ],
    "missing-kind": [
        ("error", "1:1", "kind", "缺少必填字段 “kind”（文件类型）"),
    ],
    "status-vocabulary": [
        ("error", "11:17", "groups[0].targets[0].status", "不认识的状态 “完成”"),
    ],
    "level1-vocabulary": [
        (
            "warning",
            "19:17",
            "projects[0].indicators[0].level1",
            "一级指标 “产初指标” 不在常用指标体系中",
        ),
    ],
    "value-syntax": [
        (
            "error",
            "24:25",
            "projects[0].indicators[0].groups[0].items[0].target",
            "无法识别的指标值 “>=三个”：运算符 “≥” 后面缺少数字",
        ),
    ],
    "end-before-start": [
        ("error", "11:10", "projects[0].end", "结束日期 2020-12-31 早于开始日期 2021-01-01"),
    ],
    "amount-over-total": [
        (
            "warning",
            "4:10",
            "preface",
            "前言中写的 “预算金额0.07亿元” 与各项目本年度预算合计 70000000 元不符",
        ),
        (
            "warning",
            "14:13",
            "projects[0].amount",
            "本年度预算申请金额 70000000 元大于项目总金额 7000000 元",
        ),
    ],
    "duplicate-code": [
        (
            "warning",
            "4:10",
            "preface",
            "前言中写的 “预算金额0.07亿元” 与各项目本年度预算合计 14000000 元不符",
        ),
        ("warning", "4:10", "preface", "前言中写的 “1个重点项目” 与本文件的项目数 2 不符"),
        (
            "error",
            "32:11",
            "projects[1].code",
            "项目编码 “109014(2021)022” 重复（已用于 projects[0].code）",
        ),
    ],
    "duplicate-target-number": [
        (
            "error",
            "14:17",
            "groups[0].targets[1].number",
            "目标序号 “1” 重复（已用于 groups[0].targets[0].number）",
        ),
    ],
    # Real forms print level-2 groups with no indicator (经济效益指标 left empty): accepted.
    "empty-level2": [],
    "unit-mismatch": [
        (
            "error",
            "25:25",
            "projects[0].indicators[0].groups[0].items[0].actual",
            "单位不一致：目标值单位为 “万”，实际值单位为 “元”",
        ),
    ],
    "problem-without-note": [
        ("error", "13:18", "groups[0].rows[0].problem", "存在问题（problem: true）但没有说明"),
    ],
    "star-without-legend": [
        ("error", "1:1", "legend", "有目标标注了 ★，但没有 ★ 的说明"),
    ],
    "year-mismatch": [
        ("error", "3:7", "year", "年度 2020 与所在文件夹 2019 不一致"),
    ],
    "unknown-publisher": [
        (
            "error",
            "14:12",
            "publisher",
            "发布单位 “测试市财政厅” 不在 site.yaml 的 publishers 列表中",
        ),
    ],
    "file-name": [
        ("error", "0:0", "", "文件名 “目标.yaml” 不能用作网址"),
    ],
    "preface-figures": [
        (
            "warning",
            "4:10",
            "preface",
            "前言中写的 “预算金额2.2亿元” 与各项目本年度预算合计 7000000 元不符",
        ),
        ("warning", "4:10", "preface", "前言中写的 “2个重点项目” 与本文件的项目数 1 不符"),
    ],
    "not-met-without-reason": [
        ("warning", "19:7", "projects[0].indicators", "各项分值合计为 10，不是 100"),
        (
            "warning",
            "29:17",
            "projects[0].indicators[1].groups[0].items[0].deviation",
            "指标未达成，但没有填写偏差原因分析及改进措施",
        ),
        (
            "warning",
            "33:24",
            "projects[0].indicators[1].groups[0].items[0].score",
            "乡村振兴工作经费：群众满意度：原表 9，按评分办法“财预〔2020〕10号”计算为 9.41",
        ),
    ],
}

# Hints are the part a bureau clerk acts on: check the ones that name the fix.
HINTS = {
    "unquoted-gte": '以 “>” 开头的值（如 >=85%）须加引号："',
    "unknown-field": "您是否想写 “title”？",
    "chinese-key": "字段名用英文：“正文” 应写作 “body”",
    "status-vocabulary": "您是否想写 “已完成”？",
    "yaml11-no-as-text": '若是文字请加引号："no"',
    "yaml11-yes-as-bool": "只用小写的 true 或 false",
    "octal-int": "整数不能以 0 开头",
    "money-wan": "金额以元为单位",
    "percent-sign": "只写数字，不带 %",
    "not-utf8": "以 UTF-8 编码另存",
    "unknown-kind": "应写作 “narrative”",
    "two-documents": "删除多余的 “---” 分隔行",
    "star-without-legend": "添加 legend",
}


def problems_of(tmp_path: Path, name: str, data: bytes | str) -> list[Problem]:
    root = write_site(tmp_path / "site", {})
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    try:
        _, problems = load_site(root)
    except ContentError as exc:
        return exc.problems
    return problems


def test_corpus_is_large_and_complete() -> None:
    assert len(CASES) >= 25
    assert {case[0] for case in CASES} == set(EXPECTED)


@pytest.mark.parametrize(("case_id", "name", "data"), CASES, ids=[c[0] for c in CASES])
def test_broken_file(tmp_path: Path, case_id: str, name: str, data: bytes | str) -> None:
    problems = problems_of(tmp_path, name, data)
    got = [
        (p.severity, f"{p.location.line}:{p.location.column}", p.field, p.message) for p in problems
    ]
    assert got == EXPECTED[case_id]
    assert all(p.location.file == f"content/{name}" for p in problems)
    if case_id in HINTS:
        assert any(HINTS[case_id] in p.hint for p in problems), [p.hint for p in problems]


def test_all_errors_of_all_files_are_reported_at_once(tmp_path: Path) -> None:
    """Three broken files → every error of each, in one run."""
    by_id = {c[0]: c for c in CASES}
    root = write_site(tmp_path / "site", {})
    for i, case_id in enumerate(["status-vocabulary", "percent-range", "end-before-start"]):
        _, name, data = by_id[case_id]
        path = root / "content" / name.replace("a.yaml", f"f{i}.yaml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_site(root)
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert {p.location.file for p in errors} == {
        "content/2020/f0.yaml",
        "content/2018/f1.yaml",
        "content/2021/f2.yaml",
    }


def test_formatted_error_names_file_line_field_expectation_and_hint(tmp_path: Path) -> None:
    by_id = {c[0]: c for c in CASES}
    _, name, data = by_id["status-vocabulary"]
    (problem,) = problems_of(tmp_path, name, data)
    assert problem.format() == (
        "content/2020/a.yaml:11:17: 错误 [groups[0].targets[0].status] 不认识的状态 “完成”\n"
        "    应为：已完成、基本完成、部分完成、未完成、进行中、未启动、已终止、超序时进度、"
        "超过序时进度、达到序时进度、符合序时进度、按序时推进、未达到序时进度、未达序时进度、"
        "滞后序时进度、滞后于序时进度\n"
        "    提示：您是否想写 “已完成”？"
    )


def test_drafts_are_validated_but_not_published(tmp_path: Path) -> None:
    from tests.fixtures_base import NARRATIVE

    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE + "draft: true\n"})
    site, _ = load_site(root)
    assert site.entries == ()
    site, _ = load_site(root, include_drafts=True)
    assert [e.slug for e in site.entries] == ["a"]
    broken = write_site(tmp_path / "b", {"2022/a.yaml": NARRATIVE + "draft: true\nannex: x\n"})
    with pytest.raises(ContentError):
        load_site(broken)


def test_duplicate_slugs_differing_in_case_are_rejected(tmp_path: Path) -> None:
    from tests.fixtures_base import NARRATIVE

    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    (root / "content" / "2022" / "A.yaml").write_text(NARRATIVE, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_site(root)
    messages = [p.format() for p in info.value.problems]
    assert any("不能用作网址" in m or "网址重复" in m for m in messages)


def test_sample_content_is_valid() -> None:
    from tests.conftest import ROOT

    site, warnings = load_site(ROOT)
    assert {e.kind for e in site.entries} == {
        "target-completion",
        "progress",
        "project-targets",
        "narrative",
        "project-evaluation",
        "monitoring",
        "special-fund-evaluation",
    }
    assert warnings == []


@pytest.mark.parametrize(
    ("text", "message", "quoted"),
    [
        ("kind: narrative\ntitle: a: b\n", "这里不能出现 “: ”", "第 2 行：title: a: b"),
        ("kind: narrative\ntitle: [a, b\n", "方括号 [ ] 没有成对", "第 2 行：title: [a, b"),
        ('kind: narrative\ntitle: "a\n', "文件在引号或括号成对之前就结束了", '第 2 行：title: "a'),
    ],
)
def test_yaml_syntax_errors_are_said_in_chinese_with_the_line(
    text: str, message: str, quoted: str
) -> None:
    _, found = parse("a.yaml", text.encode())
    assert found[0].message.startswith("YAML 语法错误：" + message), found[0].message
    assert found[0].hint.startswith(quoted), found[0].hint
    assert not any(ch.isascii() and ch.isalpha() for ch in found[0].message.split("：", 1)[1][:6])


def test_plain_text_that_yaml_11_would_tag_is_text() -> None:
    """指标性质 written `=` (YAML 1.1's value tag) or a value `<<` (its merge tag) is the text
    it says; only tags written in the file, and `<<` as a key, are refused."""
    from site_gen.load import load_document
    from tests.conftest import ROOT

    source = ROOT / "content/2023/qingshen-fgj-wage-self-evaluation.yaml"
    text = source.read_text(encoding="utf-8")
    assert 'operator: "="' in text
    unquoted = load_document(
        source, "a.yaml", text.replace('operator: "="', "operator: =").encode()
    )
    assert unquoted.problems == [] and unquoted.doc == load_document(source, "a.yaml").doc
    assert parse("a.yaml", b"kind: narrative\ntitle: <<\n")[1] == []
    for refused, message in [
        ("kind: narrative\n<<: {title: a}\n", "不允许使用合并键（<<）"),
        (
            "kind: narrative\ntitle: !!binary eA==\n",
            "不允许使用 YAML 标签（tag:yaml.org,2002:binary）",
        ),
        ("kind: narrative\ntitle: !mine a\n", "不允许使用 YAML 标签（!mine）"),
    ]:
        assert [p.message for p in parse("a.yaml", refused.encode())[1]] == [message]
