"""Hostile and careless content, as files: each with the outcome the build must have.

Every case is (id, file under content/, bytes, expected) where expected is either
("error", "line:column", message fragment) — the build fails with exit code 1, names the
place, and leaves the last good output untouched — or ("ok", check) — the build succeeds and
`check` is a fragment that must (+) or must not (-) appear in the page, or a pattern that
must not match it (~). Cases follow
RELIABILITY.md's measurements of this stack.
"""

from __future__ import annotations

from tests.fixtures_base import COMPLETION, NARRATIVE, PROGRESS, PROJECTS

N, C, P, J = NARRATIVE, COMPLETION, PROGRESS, PROJECTS


def body(text: str) -> str:
    """The narrative fixture with `text` as its body (a block scalar, indented)."""
    indented = "\n".join("  " + line if line else "" for line in text.splitlines())
    return N.replace("  本文件说明公开的范围。\n", indented + "\n")


LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

CASES: list[tuple[str, str, bytes | str, tuple[str, ...]]] = [
    # --- YAML (RELIABILITY.md: PyYAML)
    ("billion-laughs", "2022/a.yaml", N + LAUGHS, ("error", "6:4", "不允许使用锚点和别名")),
    ("self-alias", "2022/a.yaml", N + "x: &x [*x]\n", ("error", "6:4", "不允许使用锚点和别名")),
    (
        "merge-key",
        "2022/a.yaml",
        "base: &b {title: 公开说明}\n" + N.replace("title: 公开说明\n", "<<: *b\n"),
        ("error", "1:7", "不允许使用锚点和别名"),
    ),
    (
        "duplicate-key-silently-last",
        "2022/a.yaml",
        N + "title: 第二个标题\n",
        ("error", "6:1", "字段 “title” 重复"),
    ),
    (
        "bool-no",
        "2018/a.yaml",
        P.replace("name: 财政八项支出", "name: NO"),
        ("error", "8:15", "“NO” 会被当作是/否"),
    ),
    (
        "off-in-bool",
        "2018/a.yaml",
        P + "        star: off\n",
        ("error", "13:15", "“off” 不是是/否值"),
    ),
    ("sexagesimal", "2022/a.yaml", N + "annex: 1:20\n", ("error", "6:8", "“1:20” 不是整数")),
    (
        "float-version-kept-as-text",
        "2018/a.yaml",
        P.replace("period: 1-9月", "period: 2023.10"),
        ("ok", "+2023.10"),
    ),
    (
        "exponent-money",
        "2021/a.yaml",
        J.replace("total: 7000000", "total: 7e6"),
        ("error", "13:12", "“7e6” 不是数字"),
    ),
    (
        "impossible-date",
        "2022/a.yaml",
        N + "published: 2024-02-30\n",
        ("error", "6:12", "日期 “2024-02-30” 不存在"),
    ),
    (
        "timestamp-with-time",
        "2022/a.yaml",
        N + "published: 2024-02-01 10:00:00\n",
        ("error", "6:12", "不是日期"),
    ),
    (
        "deep-nesting",
        "2022/a.yaml",
        N + "x: " + "[" * 60 + "]" * 60 + "\n",
        ("error", "6:", "嵌套过深"),
    ),
    (
        "huge-file",
        "2022/a.yaml",
        N + "# " + "x" * (2 * 1024 * 1024) + "\n",
        ("error", "0:0", "文件过大"),
    ),
    ("gbk-encoding", "2022/a.yaml", N.encode("gbk"), ("error", "2:8", "文件不是 UTF-8 编码")),
    ("nul-byte", "2022/a.yaml", N + "\x00", ("error", "6:1", "文件含有空字符")),
    (
        "control-character",
        "2022/a.yaml",
        N.replace("公开说明", "公开\x07说明"),
        ("error", "2:10", "控制字符"),
    ),
    (
        "python-object-tag",
        "2022/a.yaml",
        N + "x: !!python/object/apply:os.system [ls]\n",
        ("error", "6:4", "不允许使用 YAML 标签"),
    ),
    (
        "custom-tag",
        "2022/a.yaml",
        N.replace("title: 公开说明", "title: !secret 公开说明"),
        ("error", "2:8", "不允许使用 YAML 标签"),
    ),
    (
        "top-level-list",
        "2022/a.yaml",
        "- kind: narrative\n",
        ("error", "1:1", "文件顶层应当是若干"),
    ),
    ("top-level-scalar", "2022/a.yaml", "hello\n", ("error", "1:1", "文件顶层应当是若干")),
    ("bom-is-fine", "2022/a.yaml", "\ufeff" + N, ("ok", "+公开说明")),
    # --- Markdown and text (RELIABILITY.md; the parser is markdown-it-py, linear in the text)
    ("raw-script", "2022/a.yaml", body("<script>alert(1)</script>正文"), ("ok", "-<script>alert")),
    ("event-handler", "2022/a.yaml", body('<img src="x" onerror="alert(1)">'), ("ok", "-onerror")),
    (
        "javascript-link",
        "2022/a.yaml",
        body("[点我](javascript:alert(1))"),
        ("ok", '~(?:href|src)="?\\s*javascript:'),
    ),
    (
        "data-link",
        "2022/a.yaml",
        body("[点我](data:text/html;base64,PHNjcmlwdD4=)"),
        ("ok", '~(?:href|src)="?\\s*data:'),
    ),
    (
        "file-image",
        "2022/a.yaml",
        body("![x](file:///etc/passwd)"),
        ("ok", '~(?:src|href)="?file:'),
    ),
    (
        "attr-list-injection",
        "2022/a.yaml",
        body('段落\n{: onclick="alert(1)" }'),
        ("ok", "~<[^>]*\\bonclick"),
    ),
    (
        "iframe",
        "2022/a.yaml",
        body('<iframe src="https://example.com"></iframe>'),
        ("ok", "-<iframe"),
    ),
    (
        "style-element",
        "2022/a.yaml",
        body("<style>body{display:none}</style>正文"),
        ("ok", "-display:none"),
    ),
    (
        "template-code",
        "2022/a.yaml",
        body("{{ 7*7 }} {% for x in range(3) %}x{% endfor %}"),
        ("ok", "+{{ 7*7 }}"),
    ),
    ("bracket-run", "2022/a.yaml", body("[" * 5000), ("ok", "+[[[[[[[[")),
    # Shapes that took Python-Markdown minutes (issue 18); the timing is in test_markdown_cost.
    ("unclosed-tags", "2022/a.yaml", body("<b " * 16_000), ("ok", "-<b <b")),
    ("bracket-pairs", "2022/a.yaml", body("[a" * 4_000 + "]" * 4_000), ("ok", "+[a[a[a")),
    (
        "deep-list",
        "2022/a.yaml",
        body("\n".join("    " * i + "- x" for i in range(30))),
        ("error", "4:7", "嵌套过深"),
    ),
    ("deep-quote", "2022/a.yaml", body(">" * 30 + " x"), ("error", "4:7", "嵌套过深")),
    ("long-text", "2022/a.yaml", body("长" * 50_001), ("error", "4:7", "内容过长")),
    ("url-field-javascript", "2022/a.yaml", N, ("site-url", "javascript:alert(1)")),
    # --- found in round 2 (issue 16)
    (
        "alias-as-key",
        "2022/a.yaml",
        N + "x: &k key\n*k : 2\n",
        ("error", "6:4", "不允许使用锚点和别名"),
    ),
    ("unused-anchor", "2022/a.yaml", N + "x: &k 1\n", ("error", "6:4", "不允许使用锚点和别名")),
    (
        "inline-merge-key",
        "2022/a.yaml",
        N.replace("title: 公开说明\n", "<<: {title: 公开说明}\n"),
        ("error", "2:1", "不允许使用合并键"),
    ),
    ("utf-16", "2022/a.yaml", N.encode("utf-16"), ("error", "0:0", "文件是 UTF-16 编码")),
    ("utf-16-no-bom", "2022/a.yaml", N.encode("utf-16-le"), ("error", "0:0", "文件是 UTF-16 编码")),
    ("utf-32", "2022/a.yaml", N.encode("utf-32"), ("error", "0:0", "文件是 UTF-32 编码")),
    (
        "bad-byte-character-column",
        "2022/a.yaml",
        N.encode().replace("公开说明".encode(), "公开说明".encode() + b"\xff"),
        ("error", "2:12", "文件不是 UTF-8 编码"),
    ),
    (
        "long-money",
        "2021/a.yaml",
        J.replace("total: 7000000", "total: " + "9" * 40),
        ("error", "13:12", "数字过长（40 位）"),
    ),
    (
        "long-target-figure",
        "2021/a.yaml",
        J.replace('target: "=3个"', 'target: "=' + "9" * 40 + '个"'),
        ("error", "24:25", "数字过长"),
    ),
    (
        "huge-value-not-echoed",
        "2022/a.yaml",
        N.replace("kind: narrative", "kind: " + "x" * 5000),
        ("error", "1:7", "（共 5000 字）"),
    ),
    ("reserved-index", "2022/index.yaml", N, ("error", "0:0", "2022/index.html（年度页面）冲突")),
    (
        "reserved-bundle",
        "2022/2022-annual.yaml",
        N,
        ("error", "0:0", "2022/2022-annual.pdf（年度汇编 PDF）冲突"),
    ),
    ("inline-deep-list", "2022/a.yaml", body("- " * 25 + "深"), ("error", "4:7", "嵌套过深")),
    # --- paths and slugs
    ("unicode-slug", "2022/公开.yaml", N, ("error", "0:0", "不能用作网址")),
    ("dot-dot-slug", "2022/a..b.yaml", N, ("error", "0:0", "不能用作网址")),
    ("uppercase-slug", "2022/Report.yaml", N, ("error", "0:0", "不能用作网址")),
    ("year-folder-mismatch", "2019/a.yaml", N, ("error", "3:7", "与所在文件夹 2019 不一致")),
    (
        "kind-in-chinese",
        "2022/a.yaml",
        N.replace("kind: narrative", "kind: 目标完成情况"),
        ("error", "1:7", "未知的文件类型"),
    ),
    (
        "percent-over-100",
        "2018/a.yaml",
        P.replace("percent: 80", "percent: 1000000"),
        ("error", "12:18", "超出范围"),
    ),
    (
        "negative-money",
        "2021/a.yaml",
        J.replace("total: 7000000", "total: -1"),
        ("error", "13:12", "超出范围"),
    ),
    (
        "unit-mismatch",
        "2021/a.yaml",
        J.replace('target: "=3个"', 'target: "<1000 万"\n                actual: 800元'),
        ("error", "25:25", "单位不一致"),
    ),
]
