"""The website: each page kind's content (figures, anchors, spans, marks), links, determinism,
atomic publication and theme overrides."""

from __future__ import annotations

import hashlib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_gen.build import pipeline
from site_gen.errors import BuildError, ContentError
from tests.conftest import ROOT, page_markup, write_site
from tests.fixtures_base import NARRATIVE

FIXTURE = ROOT / "tests" / "fixtures" / "evaluated"


class Tree(HTMLParser):
    """A tiny DOM summary: ids, links, and table cells with their attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.cells: list[tuple[str, dict[str, str], str]] = []
        self._cell: list | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag in ("td", "th"):
            self._cell = [tag, attributes, ""]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append((self._cell[0], self._cell[1], self._cell[2].strip()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell[2] += data


def parse(path: Path) -> Tree:
    tree = Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    return tree


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("evaluated") / "output"
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=out, with_pdf=False))
    return out


def test_home_lists_years_publishers_and_key_figures(built_pages: Path) -> None:
    text = " ".join(parse(built_pages / "index.html").text)
    for figure in (
        "列出 10 项目标（重点目标 8 项、创优目标 2 项）",
        "已完成 10 项",
        "10 个项目",
        "22,313.56 万元",
    ):
        assert figure in text
    assert "平均" not in text  # no average across unlike indicators
    for publisher in ("青岛市财政局", "威海经济技术开发区财政金融局", "杭州市财政局"):
        assert publisher in text
    years = re.findall(r"(20\d\d)年", text)
    assert years[:6] == ["2023", "2022", "2021", "2020", "2019", "2018"]  # newest first


def test_completion_report(built_pages: Path) -> None:
    page = built_pages / "2020" / "qingdao-targets-completion.html"
    tree = parse(page)
    html = page.read_text(encoding="utf-8")
    assert {"key", "key-1", "key-8", "excellence-1", "excellence-2"} <= set(tree.ids)
    badges = re.findall(
        r'class="status-badge status-done"( data-pagefind-ignore)?>已完成</span>', html
    )
    assert len(badges) == 20  # toc + sections
    assert "7.1-10月，我市会计、审计及税务服务营业收入1.5亿元" in html  # the source's own numbering
    assert "<strong>上海市</strong>。打破预算安排和资金分配中的“基数”依赖" in html


def test_progress_report_table(built_pages: Path) -> None:
    tree = parse(built_pages / "2018" / "hangzhou-progress-1-9.html")
    headers = [text for tag, attrs, text in tree.cells if attrs.get("scope") == "col"]
    assert headers == ["目标名称", "考核指标", "当月进度", "累计进度", "累计完成工作量"]
    categories = [text for tag, attrs, text in tree.cells if attrs.get("scope") == "rowgroup"]
    assert categories == ["绩效指标", "工作目标"]
    percents = [text for tag, attrs, text in tree.cells if "percent" in attrs.get("class", "")]
    assert percents == ["80%"] * 5 + ["85%", "90%", "90%", "90%", "85%", "80%", "85%"]
    assert {"r1-1", "r2-7"} <= set(tree.ids)


@pytest.mark.slow
def test_progress_marks_legend_and_optional_columns(evaluated: Path) -> None:
    page = evaluated / "2019" / "progress-marks.html"
    tree = parse(page)
    html = page.read_text(encoding="utf-8")
    headers = [text for tag, attrs, text in tree.cells if attrs.get("scope") == "col"]
    assert headers == [
        "目标名称",
        "考核指标",
        "指标属性",
        "完成时限",
        "三季度完成进度",
        "累计进度",
        "累计完成工作量",
        "是否存在问题",
    ]
    assert (
        '<span class="star" title="注：打&#34;★&#34;的目标涉及社会评价意见重点整改目标">★</span>预算公开'
        in html
    )
    assert '<p class="legend">注：打&#34;★&#34;的目标涉及社会评价意见重点整改目标</p>' in html
    assert "budget-disclosure" in tree.ids
    assert (
        '<strong class="problem-yes">是</strong><div class="prose"><p>个别部门公开不及时。</p></div>'
        in html
    )
    assert "66.5%" in html and 'style="width: 66.5%"' in html


def test_project_form_spans_and_totals(built_pages: Path) -> None:
    page = built_pages / "2021" / "weihai-etdz-key-projects.html"
    tree = parse(page)
    html = page_markup(page)
    assert {f"p{i}" for i in range(1, 11)} <= set(tree.ids)
    assert {"p1-i1", "p1-i12", "p10-i7"} <= set(tree.ids)
    # project 1: 产出指标 spans its 9 rows; 数量指标 5, 质量 1, 时效 3; 效益 2; 满意度 1
    first = html.split('id="p1-indicators"')[1].split("</table>")[0]
    level1 = re.findall(r'rowspan="(\d+)" class="level1"[^>]*>([^<]+)<', first)
    level2 = re.findall(r'rowspan="(\d+)" class="level2"[^>]*>([^<]+)<', first)
    assert level1 == [("9", "产出指标"), ("2", "效益指标"), ("1", "满意度指标")]
    assert level2 == [
        ("5", "数量指标"),
        ("1", "质量指标"),
        ("3", "时效指标"),
        ("1", "社会效益指标"),
        ("1", "可持续影响指标"),
        ("1", "满意度指标"),
    ]
    assert "223,135,600" in html and "22,313.56 万元" in html
    assert "109014(2021)022" in html and "77,985,600" in html


@pytest.mark.slow
def test_self_evaluation_side_by_side(evaluated: Path) -> None:
    page = evaluated / "2021" / "self-evaluation.html"
    html = page_markup(page)
    rows = re.findall(r'<tr id="p1-i(\d)">(.*?)</tr>', html, re.S)
    outcomes = {
        n: re.search(r'outcome-badge outcome-(\w+)"[^>]*>([^<]+)<', row).groups() for n, row in rows
    }
    assert outcomes == {
        "1": ("met", "✓ 达成"),
        "2": ("not_met", "✗ 未达成"),
        "3": ("met", "✓ 达成"),
        "4": ("not_met", "✗ 未达成"),  # qualitative: the reviewer's declared judgement
        "5": ("met", "✓ 达成"),
    }
    assert "四季度检查因故推迟" in html
    # the form states no 执行率: none is computed onto the public page (855,000 / 900,000)
    assert "执行率" not in html
    assert "800,000.50" in html
    assert "附件2" in html


@pytest.mark.slow  # needs the build with PDFs
def test_every_internal_link_and_anchor_resolves(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    ids = {page: set(parse(page).ids) for page in pages}
    for page in pages:
        if page.name == "404.html":
            continue
        for link in parse(page).links:
            if link.startswith(("http:", "https:", "mailto:")):
                continue
            target, _, anchor = link.partition("#")
            resolved = (page.parent / target).resolve() if target else page
            assert resolved.exists(), f"{page}: {link}"
            assert built.resolve() in resolved.parents
            if anchor:
                assert anchor in ids[resolved], f"{page}: {link}"


@pytest.mark.slow  # needs the build with PDFs
def test_self_contained_no_external_resources(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', html), page
        scripts = re.findall(r"<script[^>]*>", html)
        # every page may fill in the print date (local, and the page works without it)
        print_date = re.compile(r'<script src="(/jxgk/|(\.\./)*)assets/print-date\.js" defer>')
        assert print_date.fullmatch(scripts[0]), page
        if page.name == "search.html":  # the one page that enhances itself with local script
            # the local script and its local index; its words come as data-msg-* attributes
            assert [re.findall(r' (src|data-index)="([^"]*)"', s) for s in scripts[1:]] == [
                [("src", "assets/search.js"), ("data-index", "pagefind/pagefind.js")]
            ]
        elif 'class="document' in html:  # a document marks the words it was found by
            highlight = re.compile(r'<script src="(\.\./)*assets/highlight\.js" defer>')
            assert len(scripts) == 2 and highlight.fullmatch(scripts[1]), page
        else:
            assert scripts[1:] == []  # every other page works with JavaScript off


def test_404_links_from_base_path(built_pages: Path) -> None:
    html = (built_pages / "404.html").read_text(encoding="utf-8")
    assert 'href="/jxgk/index.html"' in html
    # its styles are in the page itself: styled at any depth, and opened from disk (issue 31)
    assert 'href="/jxgk/assets/site.css"' not in html and "<style>\n:root {" in html


@pytest.mark.slow
def test_drafts_never_published(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site", {"2022/a.yaml": NARRATIVE, "2022/b.yaml": NARRATIVE + "draft: true\n"}
    )
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    assert (out / "2022" / "a.html").exists()
    assert not list(out.rglob("b.*"))


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=first))
    pipeline.build(FIXTURE, pipeline.BuildOptions(output=second))
    one, two = digest_tree(first), digest_tree(second)
    assert one == two
    assert any(name.endswith(".pdf") for name in one)


@pytest.mark.slow
def test_failed_build_leaves_previous_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    before = digest_tree(out)

    # 1. a content error: nothing is written
    (root / "content" / "2022" / "a.yaml").write_text(NARRATIVE + "annex: x\n", encoding="utf-8")
    with pytest.raises(ContentError):
        pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    assert digest_tree(out) == before

    # 2. a failure midway through writing: the staged half-site is discarded
    (root / "content" / "2022" / "a.yaml").write_text(
        NARRATIVE.replace("公开说明", "新标题"), encoding="utf-8"
    )
    from site_gen.build import write

    calls = {"n": 0}
    original = write.OutputTree.write_bytes  # every staged file passes here

    def failing(self, route: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        original(self, route, data)

    monkeypatch.setattr(write.OutputTree, "write_bytes", failing)
    with pytest.raises(OSError):
        pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    assert digest_tree(out) == before
    # only the output's lock file stays (it is never removed: see site_lock)
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".site-gen-")] == [
        ".site-gen-lock-out"
    ]


@pytest.mark.slow
def test_interrupted_swap_is_repaired_on_next_build(tmp_path: Path) -> None:
    """kill -9 between the two renames leaves only the old tree aside: the next run restores it."""
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    before = digest_tree(out)
    out.rename(tmp_path / ".site-gen-old-out-12345")
    staging = tmp_path / ".site-gen-staging-out-12345"
    staging.mkdir()
    from site_gen.build.write import STAGING_MARKER, clean_leftovers

    (staging / STAGING_MARKER).write_text("site_gen staging\n", encoding="utf-8")  # as builds do
    clean_leftovers(out)
    assert digest_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-gen-lock-out", "out", "site"]


@pytest.mark.parametrize(
    "where", ["/", "~", "site", "site/content", "site/content/2022", "elsewhere"]
)
def test_dangerous_output_folders_are_refused(tmp_path: Path, where: str) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep me", encoding="utf-8")
    target = {"/": Path("/"), "~": Path.home(), "elsewhere": elsewhere}.get(where, tmp_path / where)
    with pytest.raises(BuildError):
        pipeline.build(root, pipeline.BuildOptions(output=target, with_pdf=False))
    assert (elsewhere / "precious.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.slow
def test_site_templates_override_the_theme_file_by_file(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    (root / "templates" / "static").mkdir(parents=True)
    (root / "templates" / "logo.html").write_text(
        '<span class="my-emblem">局徽</span>', encoding="utf-8"
    )
    (root / "templates" / "static" / "site.css").write_text(
        "body { color: #123456; }", encoding="utf-8"
    )
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<span class="my-emblem">局徽</span>' in html
    assert (out / "assets" / "site.css").read_text(encoding="utf-8") == "body { color: #123456; }"
    assert (out / "assets" / "print.css").exists()  # not overridden: the default is used


@pytest.mark.slow
def test_content_is_escaped_never_evaluated(tmp_path: Path) -> None:
    hostile = NARRATIVE.replace("公开说明", "<script>alert(1)</script>{{ 7*7 }}").replace(
        "本文件说明公开的范围。", "<img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }}"
    )
    root = write_site(tmp_path / "site", {"2022/a.yaml": hostile})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    html = (out / "2022" / "a.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "onerror" not in html
    assert not re.search(r"(?:href|src)=\"?\s*javascript:", html)  # shown as text, never a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in html
    assert "49" not in html


@pytest.mark.slow
def test_build_without_pdf_links_no_pdf(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False))
    assert ".pdf" not in (out / "2022" / "a.html").read_text(encoding="utf-8")
    shutil.rmtree(out)


def test_the_other_articles_fragment_comes_after_the_article_with_a_label(
    built_pages: Path,
) -> None:
    """The magazine page opened with the end of another city's article: its figures must not
    read as Qingdao's, so it stands after the article, under the editor's label."""
    html = (built_pages / "2022/qingdao-model-organ.html").read_text(encoding="utf-8")
    article = html.index("今年以来，山东省青岛市财政局")
    last_heading = html.rindex("<h2", 0, html.index("编者注"))
    fragment = html.index("民生事项任务清单")
    assert article < last_heading < html.index("编者注") < fragment
    assert html.index('class="notes prose"') < fragment


@pytest.mark.slow
def test_a_province_footer_links_to_its_publishers_instead_of_listing_them(
    tmp_path: Path,
) -> None:
    """A dozen publishers are listed in every page's footer; a province's hundreds would add
    that many links to every page (quadratic in the site), so past 12 the footer links to the
    home page's list."""
    from tests.fixtures_base import NARRATIVE

    for count, listed in ((12, True), (13, False)):
        units = "".join(f"  - id: u{i}\n    name: 测试{i}局\n" for i in range(count))
        site_yaml = f"title: 测试\npublisher: 测试0局\npublishers:\n{units}"
        documents = {
            f"2022/d{i}.yaml": NARRATIVE.replace(
                "kind: narrative", f"kind: narrative\npublisher: 测试{i}局"
            )
            for i in range(count)
        }
        root = write_site(tmp_path / str(count), documents, site_yaml)
        out = tmp_path / f"out{count}"
        options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=False, strict=True)
        pipeline.build(root, options)  # strict: the footer's link and its anchor resolve
        footer = (
            (out / "2022" / "d0.html").read_text("utf-8").split('<footer class="site-footer">')[1]
        )
        assert (footer.count("../publishers/") == count) is listed
        assert ("全部 13 个发布单位" in footer) is not listed
