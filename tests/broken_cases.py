"""The broken-file corpus: one file per validation rule, each with the errors it must produce.

Each case is (id, file name under content/, file bytes, expected problems). Expected problems are
(severity, "line:column", field, message) and were reviewed by hand against the file.
"""

from __future__ import annotations

from tests.fixtures_base import COMPLETION, NARRATIVE, PROGRESS, PROJECTS

C, P, J, N = COMPLETION, PROGRESS, PROJECTS, NARRATIVE


def edit(base: str, old: str, new: str) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


CASES: list[tuple[str, str, bytes | str]] = [
    # ---- YAML reading
    (
        "syntax-indent",
        "2020/a.yaml",
        edit(C, "  - name: 重点目标\n", "  - name: 重点目标\n   bad: x\n"),
    ),
    ("unquoted-gte", "2021/a.yaml", edit(J, 'target: "=3个"', "target: >=3个")),
    ("duplicate-key", "2020/a.yaml", edit(C, "year: 2020\n", "year: 2020\ntitle: 又一个标题\n")),
    (
        "alias",
        "2020/a.yaml",
        edit(
            C,
            "        content: 新增城镇就业30万人以上。",
            "        content: &c 新增城镇就业30万人以上。\n        summary: *c",
        ),
    ),
    ("two-documents", "2022/a.yaml", N + "---\nkind: narrative\n"),
    (
        "not-utf8",
        "2022/a.yaml",
        N.replace("本文件说明公开的范围。", "本文件").encode("utf-8") + "范围".encode("gbk"),
    ),
    ("nul-byte", "2022/a.yaml", N.replace("本文件", "本\x00文件")),
    ("empty-file", "2022/a.yaml", "# 只有注释\n"),
    (
        "python-tag",
        "2022/a.yaml",
        edit(N, "title: 公开说明", "title: !!python/object:os.system 公开说明"),
    ),
    # ---- fields and types
    ("unknown-field", "2020/a.yaml", edit(C, "title:", "titel:")),
    ("chinese-key", "2022/a.yaml", edit(N, "body: |", "正文: |")),
    ("missing-field", "2020/a.yaml", edit(C, "        name: 保就业\n", "")),
    ("list-for-text", "2022/a.yaml", edit(N, "title: 公开说明", "title:\n  - 公开说明")),
    ("yaml11-no-as-text", "2022/a.yaml", edit(N, "title: 公开说明", "title: no")),
    ("yaml11-yes-as-bool", "2022/a.yaml", N + "draft: yes\n"),
    ("octal-int", "2022/a.yaml", N + "annex: 010\n"),
    ("impossible-date", "2020/a.yaml", edit(C, "published: 2020-12-31", "published: 2024-02-30")),
    ("date-format", "2020/a.yaml", edit(C, "published: 2020-12-31", "published: 2020/12/31")),
    ("percent-range", "2018/a.yaml", edit(P, "percent: 80", "percent: 1000000")),
    ("percent-sign", "2018/a.yaml", edit(P, "percent: 80", "percent: 80%")),
    ("money-wan", "2021/a.yaml", edit(J, "total: 7000000", "total: 700万元")),
    ("money-decimals", "2021/a.yaml", edit(J, "amount: 7000000", "amount: 7000000.005")),
    ("long-title", "2022/a.yaml", edit(N, "title: 公开说明", "title: " + "长" * 501)),
    ("markdown-nesting", "2022/a.yaml", edit(N, "本文件说明公开的范围。", "- " * 25 + "深")),
    # ---- vocabularies
    ("unknown-kind", "2022/a.yaml", edit(N, "kind: narrative", "kind: 公开说明")),
    ("missing-kind", "2022/a.yaml", edit(N, "kind: narrative\n", "")),
    ("status-vocabulary", "2020/a.yaml", edit(C, "status: 已完成", "status: 完成")),
    ("level1-vocabulary", "2021/a.yaml", edit(J, "level1: 产出指标", "level1: 产初指标")),
    ("value-syntax", "2021/a.yaml", edit(J, 'target: "=3个"', 'target: ">=三个"')),
    # ---- cross-field checks
    ("end-before-start", "2021/a.yaml", edit(J, "end: 2021-12-31", "end: 2020-12-31")),
    ("amount-over-total", "2021/a.yaml", edit(J, "amount: 7000000", "amount: 70000000")),
    (
        "duplicate-code",
        "2021/a.yaml",
        J + J[J.index("  - name: 乡村振兴工作经费") :].replace("乡村振兴工作经费", "第二个项目", 1),
    ),
    (
        "duplicate-target-number",
        "2020/a.yaml",
        C
        + "      - number: 1\n        name: 保市场主体\n        content: 减税降费。\n        status: 已完成\n",
    ),
    (
        "empty-level2",
        "2021/a.yaml",
        edit(
            J,
            '            items:\n              - name: 群众满意度\n                target: ">=85%"\n',
            "            items: []\n",
        ),
    ),
    (
        "unit-mismatch",
        "2021/a.yaml",
        edit(J, 'target: "=3个"', 'target: "<1000 万"\n                actual: 800元'),
    ),
    ("problem-without-note", "2018/a.yaml", P + "        problem: true\n"),
    ("star-without-legend", "2018/a.yaml", P + "        star: true\n"),
    # ---- site-level checks
    ("year-mismatch", "2019/a.yaml", C),
    ("unknown-publisher", "2020/a.yaml", C + "publisher: 测试市财政厅\n"),
    ("file-name", "2020/目标.yaml", C),
    # ---- warnings a reviewer wants to see (no error: the build goes on)
    (
        "preface-figures",
        "2021/a.yaml",
        edit(J, "共选取1个重点项目，预算金额0.07亿元。", "共选取2个重点项目，预算金额2.2亿元。"),
    ),
    (
        "not-met-without-reason",
        "2021/a.yaml",
        edit(
            J,
            'target: ">=85%"',
            'target: ">=85%"\n                actual: 80%\n                weight: 10\n                score: 9',
        ),
    ),
]
