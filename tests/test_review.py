"""Reviewers and the budget year: what changed since the last publication (site-gen diff and
the preview's changes), revision history, one project followed from target to self-evaluation,
and the checks across documents."""

from __future__ import annotations

import functools
import html
import http.client
import http.server
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.build import pipeline
from site_gen.cli import main
from site_gen.load import load_site
from site_gen.preview import changes
from site_gen.preview.review import CHANGES_PATH
from site_gen.preview.server import Preview
from tests.conftest import SITE_YAML, launch_chromium, page_markup, write_site
from tests.fixtures_base import (
    COMPLETION,
    NARRATIVE,
    PROJECT_YEAR,
    YEAR_EVALUATION,
    YEAR_TARGETS,
)


def publish(root: Path, out: Path) -> Path:
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    return out


def diff_of(root: Path, published: Path | str) -> list[changes.DocumentChanges]:
    site, _ = load_site(root)
    return changes.compare_sites(
        changes.published_records(str(published)), changes.current_records(site)
    )


def edit(root: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = root / "content" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# ---------------------------------------------------------------- diff
@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path]:
    root = write_site(tmp_path / "site", PROJECT_YEAR)
    return root, publish(root, tmp_path / "published")


@pytest.mark.slow
def test_no_change_is_no_difference(published: tuple[Path, Path]) -> None:
    root, out = published
    assert diff_of(root, out) == []


@pytest.mark.slow
def test_a_figure_and_a_target_value_are_named_field_by_field(
    published: tuple[Path, Path],
) -> None:
    root, out = published
    edit(root, "2021/rural-targets.yaml", "amount: 7000000", "amount: 6800000")
    edit(root, "2021/rural-targets.yaml", 'target: ">=85%"', 'target: ">=90%"')
    (doc,) = diff_of(root, out)
    assert (doc.id, doc.status) == ("2021/rural-targets", "changed")
    found = {(c.where, c.old, c.new) for c in doc.changes}
    assert found == {
        ("项目「乡村振兴工作经费」 › 本年度预算申请金额（元）", "7,000,000", "6,800,000"),
        (
            "项目「乡村振兴工作经费」 › 绩效指标「满意度指标」 › 二级指标「满意度指标」"
            " › 三级指标「群众满意度」 › 指标值",
            ">=85%",
            ">=90%",
        ),
    }


@pytest.mark.slow
def test_an_inserted_row_is_one_addition_not_a_cascade(published: tuple[Path, Path]) -> None:
    root, out = published
    edit(
        root,
        "2021/rural-targets.yaml",
        "            items:\n              - name: 示范村数量",
        '            items:\n              - name: 新增指标\n                target: "=1个"\n'
        "              - name: 示范村数量",
    )
    (doc,) = diff_of(root, out)
    assert [(c.where.split(" › ")[-1], c.old, c.new) for c in doc.changes] == [
        ("三级指标「新增指标」", None, "新增指标")
    ]


@pytest.mark.slow
def test_removed_item_added_and_removed_documents(published: tuple[Path, Path]) -> None:
    root, out = published
    edit(root, "2021/rural-monitoring.yaml", "                progress: 年底调查\n", "")
    (root / "content/2022/rural-targets.yaml").unlink()
    write_site(root, {"2020/completion.yaml": COMPLETION}, (root / "site.yaml").read_text())
    found = {d.id: d for d in diff_of(root, out)}
    assert found["2022/rural-targets"].status == "removed"
    assert found["2020/completion"].status == "added"
    (change,) = found["2021/rural-monitoring"].changes
    assert change.where.endswith("三级指标「群众满意度」 › 执行情况")
    assert (change.old, change.new) == ("年底调查", "")


@pytest.mark.slow
def test_a_field_an_older_record_lacks_is_not_a_change(published: tuple[Path, Path]) -> None:
    """A record published by an earlier version has no `revisions` key: not a change."""
    root, out = published
    twin = out / "2021" / "rural-targets.json"
    data = json.loads(twin.read_text(encoding="utf-8"))
    del data["revisions"], data["silence"]
    twin.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert diff_of(root, out) == []


@pytest.mark.slow
def test_diff_command_text_json_and_errors(published: tuple[Path, Path]) -> None:
    root, out = published
    edit(root, "2021/rural-targets.yaml", "amount: 7000000", "amount: 6800000")
    runner = CliRunner()
    result = runner.invoke(main, ["diff", str(root), "--since", str(out)])
    assert result.exit_code == 0, result.output
    assert "修改  2021/rural-targets" in result.stdout
    assert "本年度预算申请金额（元）：7,000,000 → 6,800,000" in result.stdout
    result = runner.invoke(main, ["diff", str(root), "--since", str(out), "--json"])
    data = json.loads(result.stdout)
    assert data[0]["changes"][0]["path"] == ["projects", 0, "amount"]
    assert (data[0]["changes"][0]["old"], data[0]["changes"][0]["new"]) == (
        "7,000,000",
        "6,800,000",
    )
    result = runner.invoke(main, ["diff", str(root), "--since", str(out / "nowhere")])
    assert result.exit_code == 1
    assert "读不到已发布的 data/index.json" in result.output


@pytest.mark.slow
def test_diff_against_a_published_web_address(published: tuple[Path, Path]) -> None:
    root, out = published
    edit(root, "2021/rural-targets.yaml", "amount: 7000000", "amount: 6800000")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        assert diff_of(root, address) == diff_of(root, out)
        assert len(diff_of(root, address)) == 1
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_published_record_cannot_lead_outside_its_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    index = {"documents": [{"id": "2021/x", "files": {"json": "../secret.json"}}]}
    (tmp_path / "data" / "index.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(Exception, match="不安全的路径"):
        changes.published_records(str(tmp_path))


# ---------------------------------------------------------------- revisions
REVISED = (
    NARRATIVE
    + "published: 2022-03-01\n"
    + "revisions:\n"
    + "  - date: 2022-04-15\n"
    + "    summary: 更正第二段的金额（原为 700 万元）\n"
)


def test_revision_history_on_the_page_and_in_the_feed(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"2022/a.yaml": REVISED, "2022/b.yaml": NARRATIVE})
    out = publish(root, tmp_path / "out")
    page = (out / "2022" / "a.html").read_text(encoding="utf-8")
    assert '<h2 id="revisions-title">更新记录</h2>' in page
    assert "更正第二段的金额（原为 700 万元）" in page
    assert '最近更新</dt><dd><time datetime="2022-04-15">' in page
    undated = (out / "2022" / "b.html").read_text(encoding="utf-8")
    assert "原文未注明" in undated and "更新记录" not in undated
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<title>更新：公开说明</title>" in feed
    assert "<updated>2022-04-15T00:00:00Z</updated>" in feed
    index = json.loads((out / "data" / "index.json").read_text(encoding="utf-8"))
    updated = {d["id"]: d["updated"] for d in index["documents"]}
    assert updated == {"2022/a": "2022-04-15", "2022/b": None}


def test_a_revision_before_publication_is_a_warning(tmp_path: Path) -> None:
    text = REVISED.replace("date: 2022-04-15", "date: 2022-01-15")
    root = write_site(tmp_path / "site", {"2022/a.yaml": text})
    _site, warnings = load_site(root)
    (warning,) = warnings
    assert warning.check == "revision-date" and warning.field == "revisions[0].date"
    assert "早于发布日期 2022-03-01" in warning.message


# ---------------------------------------------------------------- one project through the year
@pytest.fixture
def year_site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", PROJECT_YEAR)
    return publish(root, tmp_path / "out")


@pytest.mark.slow
def test_a_project_page_shows_every_stage_and_indicators_side_by_side(year_site: Path) -> None:
    (page,) = [p for p in (year_site / "projects").glob("*.html") if p.name != "index.html"]
    text = page_markup(page)
    for link in (
        "../2021/rural-targets.html#p1",
        "../2021/rural-monitoring.html#f1",
        "../2021/rural-evaluation.html#f1",
        "../2022/rural-targets.html#p1",
    ):
        assert f'href="{link}"' in text
    assert "T-2021-001、T-2022-004" in text
    assert "达成 2 / 3</span>；87 分（良）" in text
    row = '<th scope="row">培训人次</th><td>≥200人次</td><td>已培训120人次</td><td>180人次</td><td>未达成</td>'
    assert row in re.sub(r' data-label="[^"]*"', "", text)  # as a table: the cards' labels aside


@pytest.mark.slow
def test_stages_link_both_ways_and_missing_ones_are_said(year_site: Path) -> None:
    targets = (year_site / "2021" / "rural-targets.html").read_text(encoding="utf-8")
    evaluation = (year_site / "2021" / "rural-evaluation.html").read_text(encoding="utf-8")
    assert 'href="rural-evaluation.html#f1"' in targets
    assert 'href="rural-targets.html#p1"' in evaluation
    index = (year_site / "projects" / "index.html").read_text(encoding="utf-8")
    section_2022 = index.split('id="y2022"')[1].split('id="y2021"')[0]
    assert section_2022.count("未公开") == 2  # monitoring and self-evaluation of 2022
    home = (year_site / "index.html").read_text(encoding="utf-8")
    assert 'href="projects/index.html"' in home


def test_projects_are_joined_by_code_or_by_publisher_and_name(tmp_path: Path) -> None:
    renamed = YEAR_EVALUATION.replace(
        "  - name: 乡村振兴工作经费", "  - name: 乡村振兴经费（自评）"
    )
    root = write_site(
        tmp_path / "site",
        {"2021/t.yaml": YEAR_TARGETS, "2021/e.yaml": renamed},
    )
    from site_gen.load import projects

    site, _ = load_site(root)
    (record,) = projects.collect(site)  # same code T-2021-001, different names
    assert [s.stage for s in record.stages] == ["目标", "自评"]
    other = renamed.replace("code: T-2021-001", "code: OTHER")
    write_site(root, {"2021/e.yaml": other})
    site, _ = load_site(root)
    assert len(projects.collect(site)) == 2  # neither code nor name in common


def test_a_kept_grouping_of_projects_is_what_a_fresh_grouping_gives(sample_copy: Path) -> None:
    """collect takes the last grouping again while every form reads the same (the preview's
    edits): after each edit its projects are those of a grouping made afresh; a record kept
    from the last collect has the very forms it had; with nothing changed, every record is
    the last one's."""
    import random

    from site_gen import model
    from site_gen.load import projects
    from tests.conftest import random_edit

    def shape(records: list[projects.ProjectRecord]) -> list[tuple[object, ...]]:
        return [(r.name, r.publisher.id, [id(s) for s in r.stages]) for r in records]

    def afresh(site: model.Site) -> list[projects.ProjectRecord]:
        kept_grouping = projects._last_grouping
        projects._last_grouping = projects._Grouping([], [], [])
        try:
            return projects.collect(model.Site(site.config, site.entries))
        finally:
            projects._last_grouping = kept_grouping

    kept: dict[Path, object] = {}
    rng = random.Random(5)
    files = sorted((sample_copy / "content").rglob("*.yaml"))
    with_projects = [f for f in files if "code: " in f.read_text("utf-8")]
    assert len(with_projects) >= 2
    before: list[projects.ProjectRecord] = []
    for step in range(12):
        if step % 3 == 0:  # what joins the forms: a project's code or name changed
            chosen = rng.choice([f for f in with_projects if f.exists()])
            text = chosen.read_text("utf-8")
            edit = rng.choice([("code: ", "code: X"), ("  - name: ", "  - name: 新")])
            chosen.write_text(text.replace(*edit, 1), "utf-8")
        else:
            random_edit(sample_copy, rng)
        site, _ = load_site(sample_copy, cache=kept, broken={})  # type: ignore[arg-type]
        records = projects.collect(site)
        assert shape(records) == shape(afresh(site)), step
        stages_before = {id(r): [id(s) for s in r.stages] for r in before}
        for record in records:
            if id(record) in stages_before:
                assert [id(s) for s in record.stages] == stages_before[id(record)], step
        before = records
    site, _ = load_site(sample_copy, cache=kept, broken={})  # type: ignore[arg-type]
    assert [id(r) for r in projects.collect(site)] == [id(r) for r in before]  # the same


# ---------------------------------------------------------------- checks across documents
def test_a_missing_stage_is_a_warning_at_the_latest_stage(tmp_path: Path) -> None:
    documents = {k: v for k, v in PROJECT_YEAR.items() if "monitoring" not in k}
    root = write_site(tmp_path / "site", documents)
    _site, warnings = load_site(root)
    (warning,) = [w for w in warnings if w.check == "stage-missing"]
    assert str(warning.location) == "content/2021/rural-evaluation.yaml:6:5"
    assert "已公开绩效目标表、绩效自评表，但没有绩效运行监控表" in warning.message
    silenced = (
        YEAR_EVALUATION + "silence:\n  - check: stage-missing\n    reason: 该项目不要求运行监控\n"
    )
    write_site(root, {"2021/rural-evaluation.yaml": silenced})
    _site, warnings = load_site(root)
    assert [w for w in warnings if w.check == "stage-missing"] == []


def test_self_evaluation_indicators_are_checked_against_the_target_form(tmp_path: Path) -> None:
    changed = YEAR_EVALUATION.replace("name: 培训人次", "name: 培训人数")
    root = write_site(tmp_path / "site", {**PROJECT_YEAR, "2021/rural-evaluation.yaml": changed})
    _site, warnings = load_site(root)
    (warning,) = [w for w in warnings if w.check == "indicators-differ"]
    assert "目标表有而自评表没有：“培训人次”" in warning.message
    assert "自评表有而目标表没有：“培训人数”" in warning.message


def test_the_preview_s_kept_project_checks_say_what_a_fresh_check_says(tmp_path: Path) -> None:
    """The preview keeps each project's warnings while its stages are unchanged: after every
    edit they equal a check of freshly loaded documents."""
    documents = {k: v for k, v in PROJECT_YEAR.items() if "monitoring" not in k}
    root = write_site(tmp_path / "site", documents)
    kept: dict[Path, object] = {}

    def both() -> list[str]:
        _site, warnings = load_site(root, cache=kept)  # type: ignore[arg-type]
        _site, fresh = load_site(root)
        assert [str(w) for w in warnings] == [str(w) for w in fresh]
        return [w.check for w in warnings if w.check in ("stage-missing", "indicators-differ")]

    assert both() == ["stage-missing"]
    assert both() == ["stage-missing"]  # nothing changed: the kept warning
    changed = YEAR_EVALUATION.replace("name: 培训人次", "name: 培训人数")
    write_site(root, {"2021/rural-evaluation.yaml": changed})
    assert sorted(both()) == ["indicators-differ", "stage-missing"]
    moved = changed.replace("name: 培训人数", "name: 培训人次").replace("\n", "\n\n", 3)
    write_site(root, {"2021/rural-evaluation.yaml": moved})  # same fields, lines moved down
    assert both() == ["stage-missing"]
    write_site(root, {"2021/rural-evaluation.yaml": YEAR_EVALUATION})
    assert both() == ["stage-missing"]


def test_late_publication_against_site_deadlines(tmp_path: Path) -> None:
    site_yaml = SITE_YAML
    rules = "\ndeadlines:\n  - kind: project-evaluation\n    by: 03-31\n    year: 次年\n"
    root = write_site(tmp_path / "site", PROJECT_YEAR, site_yaml + rules)
    _site, warnings = load_site(root)
    (late,) = [w for w in warnings if w.check == "late"]
    assert str(late.location).startswith("content/2021/rural-evaluation.yaml:4:")
    assert "发布日期 2022-04-15 晚于 site.yaml 规定的期限 2022-03-31" in late.message
    wrong = site_yaml + "\ndeadlines:\n  - kind: project-evalution\n    by: 02-30\n"
    write_site(root, {}, wrong)
    with pytest.raises(Exception) as caught:
        load_site(root)
    messages = [p.message for p in caught.value.problems]  # type: ignore[attr-defined]
    assert "未知的文件类型 “project-evalution”" in messages
    assert "没有这一天" in messages


# ---------------------------------------------------------------- the preview
@pytest.fixture
def review_preview(tmp_path: Path) -> Iterator[Preview]:
    """A preview of a site whose output/ holds the last publication (the default baseline)."""
    root = write_site(tmp_path / "site", PROJECT_YEAR)
    publish(root, root / "output")
    server = Preview(root, port=0)
    server.start()
    yield server
    server.stop()


def fetch(preview: Preview, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


@pytest.mark.slow
def test_preview_pages_say_what_changed_since_publication(review_preview: Preview) -> None:
    root = review_preview.root
    assert review_preview.review.baseline == str(root / "output")
    status, body = fetch(review_preview, "/2021/rural-targets.html")
    assert status == 200 and "本页没有修改" in body
    edit(root, "2021/rural-targets.yaml", "amount: 7000000", "amount: 6800000")
    review_preview.rebuild()
    status, body = fetch(review_preview, "/2021/rural-targets.html")
    assert "本页 1 处修改" in body
    assert "<del>7,000,000</del> → <ins>6,800,000</ins>" in body
    assert "6,800,000" in json.loads(html.unescape(body.split('data-values="')[1].split('"')[0]))
    status, body = fetch(review_preview, CHANGES_PATH)
    assert status == 200
    assert '<a href="/2021/rural-targets.html">测试区2021年重点项目绩效目标</a>' in body
    assert "本年度预算申请金额（元）：<del>7,000,000</del> → <ins>6,800,000</ins>" in body


@pytest.mark.slow
def test_a_bad_file_shows_its_errors_while_other_pages_work(review_preview: Preview) -> None:
    root = review_preview.root
    edit(root, "2021/rural-evaluation.yaml", "title: 测试区", "title: [测试区")
    assert review_preview.rebuild()
    status, body = fetch(review_preview, "/2021/rural-evaluation.html")
    assert status == 500
    assert "content/2021/rural-evaluation.yaml:2:" in body and "YAML 语法错误" in body
    status, body = fetch(review_preview, "/2021/rural-targets.html")
    assert status == 200 and "1 个文件有错误，暂不显示" in body
    assert 'href="/2021/rural-evaluation.html"' in body
    # A file that cannot be read now is not reported as removed from the publication.
    assert "删除" not in fetch(review_preview, CHANGES_PATH)[1]
    assert "1 个文件有错误，其余页面已重建。" in review_preview.report()
    status, body = fetch(review_preview, "/no-such-page.html")
    assert status == 404 and "页面未找到" in body


@pytest.mark.slow
def test_a_site_error_still_shows_on_every_page(review_preview: Preview) -> None:
    (review_preview.root / "site.yaml").write_text("title: [\n", encoding="utf-8")
    assert not review_preview.rebuild()
    status, body = fetch(review_preview, "/2021/rural-targets.html")
    assert status == 500 and "site.yaml" in body


@pytest.mark.slow
def test_preview_offers_pdf_and_search_made_on_demand(review_preview: Preview) -> None:
    status, body = fetch(review_preview, "/2021/rural-targets.html")
    assert "下载 PDF 附件" in body and 'role="search"' in body
    assert "pagefind/pagefind.js" not in review_preview.files
    status, _ = fetch(review_preview, "/pagefind/pagefind.js")
    assert status == 200 and "pagefind/pagefind.js" in review_preview.files


@pytest.mark.slow
def test_reviewer_in_the_browser(review_preview: Preview) -> None:
    """Edit a figure: the page highlights it and the changes page lists it; break a file: its
    page shows the Chinese message with the line while another page loads; stages link both ways."""
    from playwright.sync_api import sync_playwright

    root = review_preview.root
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.goto(f"{review_preview.url}2021/rural-targets.html")
        assert "本页没有修改" in page.text_content("#sg-review")
        time.sleep(0.3)  # let the watcher settle before the first edit
        edit(root, "2021/rural-targets.yaml", 'target: "=3个"', 'target: "=5个"')
        page.wait_for_selector(".sg-changed", timeout=15000)
        assert [e.text_content().strip() for e in page.query_selector_all(".sg-changed")] == [
            "=5个"
        ]
        page.click("text=本次修改（共 1 份文件）")
        page.wait_for_url("**/__site_gen_changes.html")
        assert "指标值：=3个 → =5个" in page.text_content("main")

        edit(root, "2021/rural-evaluation.yaml", "title: 测试区", "title: [测试区")
        page.goto(f"{review_preview.url}2021/rural-targets.html")
        page.wait_for_function(
            "() => (document.querySelector('#sg-review') || {}).textContent.includes('个文件有错误')",
            timeout=15000,
        )
        page.click("#sg-review a[href='/2021/rural-evaluation.html']")
        errors = page.text_content("#site-gen-errors")
        assert "content/2021/rural-evaluation.yaml:2:" in errors and "YAML 语法错误" in errors
        assert "title: [测试区" in errors  # the offending line, quoted

        page.goto(f"{review_preview.url}2021/rural-monitoring.html")
        page.click(".related-projects a[href='rural-targets.html#p1']")
        page.wait_for_url("**/2021/rural-targets.html#p1")
        assert page.query_selector(".related-projects a[href='rural-monitoring.html#f1']")
        browser.close()


def test_the_readme_deadlines_example_is_a_valid_site_setting(tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "deadlines:" in b]
    root = write_site(tmp_path / "site", PROJECT_YEAR, SITE_YAML + block)
    site, _ = load_site(root)
    (rule,) = site.config.deadlines
    assert (rule.kind, rule.by, rule.year) == ("project-evaluation", "06-30", "次年")


@pytest.mark.slow
def test_diff_writes_revision_entries_that_validate(published: tuple[Path, Path]) -> None:
    root, out = published
    edit(root, "2021/rural-targets.yaml", "amount: 7000000", "amount: 6800000")
    args = ["diff", str(root), "--since", str(out), "--revision-date", "2021-04-15"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# content/2021/rural-targets.yaml\nrevisions:\n")
    block = result.stdout.split("\n", 1)[1]
    (root / "content/2021/rural-targets.yaml").write_text(
        YEAR_TARGETS.replace("amount: 7000000", "amount: 6800000") + block, encoding="utf-8"
    )
    site, _ = load_site(root)
    (entry,) = [e for e in site.entries if e.slug == "rural-targets" and e.year == 2021]
    (revision,) = entry.doc.revisions
    assert revision.summary.endswith("本年度预算申请金额（元）：7,000,000 → 6,800,000")


@pytest.mark.slow
def test_a_changed_kind_and_a_changed_list_of_lines(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"2020/a.yaml": COMPLETION, "2022/b.yaml": NARRATIVE})
    out = publish(root, tmp_path / "out")
    edit(root, "2020/a.yaml", "新增就业44.55万人。", "新增就业44.56万人。")
    (root / "content/2022/b.yaml").write_text(
        COMPLETION.replace("year: 2020", "year: 2022"), encoding="utf-8"
    )
    found = {d.id: d for d in diff_of(root, out)}
    (line,) = found["2020/a"].changes
    assert line.where == "目标类别「重点目标」 › 目标「保就业」 › 取得实效第1项"
    assert (line.old, line.new) == ("新增就业44.55万人。", "新增就业44.56万人。")
    kind = found["2022/b"].changes[0]
    assert (kind.where, kind.old, kind.new) == ("文件类型", "narrative", "target-completion")


@pytest.mark.slow
def test_comparison_signs_are_typeset_on_pages_and_kept_in_the_data(year_site: Path) -> None:
    page = (year_site / "2021" / "rural-evaluation.html").read_text(encoding="utf-8")
    assert "≥85%" in page and "&gt;=85%" not in page
    data = json.loads((year_site / "2021" / "rural-evaluation.json").read_text(encoding="utf-8"))
    item = data["forms"][0]["indicators"][1]["groups"][0]["items"][0]
    assert item["target"] == ">=85%"


def test_projects_are_listed_by_publisher_id_then_plain_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """collect orders records by (publisher id, name without spaces, width or case), the
    plain name read off each form's join key: ids that prefix one another (p1, p10) and names
    that differ only in width, spaces or case keep that order."""
    from site_gen import model
    from site_gen.load import projects

    class Holder:  # a site or an entry: only what collect and Stage.keys read
        def __init__(self, **fields: object) -> None:
            self.__dict__.update(fields)

    names = ["Ｂ 项目", "a项目", "b项目 2", "  项目C", "项目 c2", "A项目 ", "z"]
    entries = []
    for pid in ("p10", "p2", "p1"):
        publisher = model.Publisher(id=pid, name=f"单位{pid}")
        for i, name in enumerate(names):
            entry = Holder(publisher=publisher, year=2021, slug=f"{pid}-{i}")
            stage = projects.Stage(entry, "目标", f"{name}{i}", "", "p", "projects[0]", ())  # type: ignore[arg-type]
            entry.stages = [stage]
            entries.append(entry)
    monkeypatch.setattr(projects, "stages_of", lambda entry: entry.stages)
    records = projects.collect(Holder(entries=entries))
    assert [(r.publisher.id, r.name) for r in records] == sorted(
        ((r.publisher.id, r.name) for r in records),
        key=lambda pair: (pair[0], projects._plain(pair[1])),
    )
    assert [r.publisher.id for r in records][:: len(names)] == ["p1", "p10", "p2"]
