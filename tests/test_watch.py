"""Issue 29: `site-gen build --watch`, a resident build. The site stays in memory between builds
and each build after an edit writes into output/ only the files whose bytes changed
(build.resident): output/ is then byte for byte what a fresh build writes, a failed build
writes nothing, only files this process wrote are removed, and no link in output/ is followed."""

from __future__ import annotations

import hashlib
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from site_gen import model
from site_gen.build import pipeline
from site_gen.build.kept_site import PageCache
from site_gen.errors import ContentError
from tests.conftest import random_edit

ROOT = Path(__file__).resolve().parent.parent
EDITED = "content/2023/qingshen-fgj-wage-self-evaluation.yaml"


def _resident(out: Path, search: bool = False) -> pipeline.BuildOptions:
    return pipeline.BuildOptions(
        output=out, with_pdf=False, with_search=search, jobs=1, resident=True
    )


def _fresh(site: Path, out: Path, search: bool = False) -> pipeline.BuildResult:
    options = pipeline.BuildOptions(
        output=out, with_pdf=False, with_search=search, pdf_cache=False, jobs=1
    )
    return pipeline.build(site, options)


def _tree(folder: Path) -> dict[str, str]:
    """Every file by route with its digest, and every folder (an empty one left behind shows)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        route = path.relative_to(folder).as_posix()
        found[route] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _retitle(site: Path, source: str = EDITED, marker: str = "修订") -> None:
    path = site / source
    text = path.read_text("utf-8")
    path.write_text(text.replace("\ntitle: ", f"\ntitle: {marker} ", 1), encoding="utf-8")


def test_an_edit_writes_the_files_it_changed_and_no_other(
    sample_copy: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", PageCache()
    first = pipeline.build(sample_copy, _resident(out), cache)
    assert set(first.files) == {r for r in _tree(out) if _tree(out)[r] != "dir"} - {
        ".site-gen-output"
    }
    before, stamps = _tree(out), _stamps(out)
    assert pipeline.build(sample_copy, _resident(out), cache).files == []  # nothing changed
    assert _stamps(out) == stamps
    _retitle(sample_copy)
    result = pipeline.build(sample_copy, _resident(out), cache)
    after = _tree(out)
    changed = {route for route in after if after[route] != before.get(route)}
    assert changed and set(result.files) == changed
    assert "2023/qingshen-fgj-wage-self-evaluation.html" in changed
    now = _stamps(out)
    assert {r for r in now if now[r] != stamps.get(r)} == changed  # the others not touched
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_a_resident_build_writes_what_a_fresh_build_writes_over_random_edits(
    sample_copy: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    done = []
    for step in range(6):
        done.append(random_edit(sample_copy, rng))
        kept = pipeline.build(sample_copy, _resident(out), cache)
        fresh = tmp_path / f"fresh-{step}"
        made = _fresh(sample_copy, fresh)
        assert _tree(out) == _tree(fresh), f"seed {seed} after {done}"
        assert [w.as_dict() for w in kept.warnings] == [w.as_dict() for w in made.warnings]
        assert kept.link_findings == made.link_findings
        shutil.rmtree(fresh)


@pytest.mark.slow
def test_the_search_index_made_from_memory_is_the_one_a_build_writes(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_gen.web import search

    monkeypatch.setattr(search, "SHARD_PAGES", 3)  # 7 document pages: 3 parts
    indexed: list[list[str]] = []
    real = search._index

    async def spy(sources):  # type: ignore[no-untyped-def]
        indexed.append([route for route, _, _ in sources])
        return await real(sources)

    monkeypatch.setattr(search, "_index", spy)
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out, search=True), cache)
    assert len(indexed) == 3
    indexed.clear()
    _retitle(sample_copy)
    pipeline.build(sample_copy, _resident(out, search=True), cache)
    assert len(indexed) == 1 and "2023/qingshen-fgj-wage-self-evaluation.html" in indexed[0]
    _fresh(sample_copy, tmp_path / "fresh", search=True)
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_a_failed_build_writes_nothing_and_the_next_save_builds_again(
    sample_copy: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    before, stamps = _tree(out), _stamps(out)
    source = sample_copy / EDITED
    good = source.read_text("utf-8")
    source.write_text(good.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        pipeline.build(sample_copy, _resident(out), cache)
    assert _tree(out) == before and _stamps(out) == stamps
    source.write_text(good, encoding="utf-8")
    _retitle(sample_copy)
    pipeline.build(sample_copy, _resident(out), cache)
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_only_files_it_wrote_are_removed_and_a_hand_edit_is_written_over(
    sample_copy: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    (out / "notes.txt").write_text("a reviewer's own file", encoding="utf-8")
    (out / "2018" / "mine.txt").write_text("in a folder the site empties", encoding="utf-8")
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    (sample_copy / "content/2018/hangzhou-progress-1-9.yaml").unlink()  # 2018's only document
    result = pipeline.build(sample_copy, _resident(out), cache)
    assert "2018/hangzhou-progress-1-9.html" in result.files
    assert not (out / "2018" / "hangzhou-progress-1-9.html").exists()
    assert (out / "notes.txt").read_text("utf-8") == "a reviewer's own file"
    assert (out / "2018" / "mine.txt").exists()  # and so its folder stays
    fresh = tmp_path / "fresh"
    _fresh(sample_copy, fresh)
    assert (out / "index.html").read_bytes() == (fresh / "index.html").read_bytes()
    (out / "notes.txt").unlink()
    shutil.rmtree(out / "2018")
    assert _tree(out) == _tree(fresh)


def test_an_empty_folder_it_left_is_removed(sample_copy: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    assert (out / "2018").is_dir()
    (sample_copy / "content/2018/hangzhou-progress-1-9.yaml").unlink()
    pipeline.build(sample_copy, _resident(out), cache)
    assert not (out / "2018").exists()
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_link_in_output_is_never_followed(sample_copy: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out / "2023", elsewhere)
    (tmp_path / "outside.html").write_text("not the site's", encoding="utf-8")
    kept = _tree(elsewhere)
    shutil.rmtree(out / "2023")
    (out / "2023").symlink_to(elsewhere, target_is_directory=True)
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(tmp_path / "outside.html")
    _retitle(sample_copy)  # changes 2023's page and the home page
    pipeline.build(sample_copy, _resident(out), cache)
    assert _tree(elsewhere) == kept  # nothing written through the link
    assert (tmp_path / "outside.html").read_text("utf-8") == "not the site's"
    assert not (out / "2023").is_symlink() and not (out / "index.html").is_symlink()
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_output_replaced_by_another_build_is_swapped_in_whole(
    sample_copy: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    _retitle(sample_copy, marker="另一次生成")
    _fresh(sample_copy, out)  # a plain build of the same output in between
    (out / "left-by-the-other.txt").write_text("x", encoding="utf-8")
    _retitle(sample_copy)
    result = pipeline.build(sample_copy, _resident(out), cache)
    assert len(result.files) > 50  # every file: a new tree
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


def _said(lines: queue.Queue[str], start: str, limit: float = 60.0) -> str:
    deadline = time.monotonic() + limit
    while True:
        line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        if start in line:
            return line


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is sent as SIGINT here")
def test_the_command_watches_builds_on_every_save_and_stops_on_ctrl_c(
    sample_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "site_gen", "build", str(sample_copy), "-o", str(out)]
    child = subprocess.Popen(
        [*command, "--no-pdf", "--no-search", "--watch"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=_lines, args=(child.stderr, lines), daemon=True)
    reader.start()
    try:
        assert "7 份文件" in _said(lines, "已生成")
        _said(lines, "正在监视")
        _retitle(sample_copy, marker="第一次保存")
        assert "个文件有改动" in _said(lines, "已更新")
        page = out / "2023/qingshen-fgj-wage-self-evaluation.html"
        assert "第一次保存" in page.read_text("utf-8")
        source = sample_copy / EDITED
        good = source.read_text("utf-8")
        source.write_text(good.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")
        assert "qingshen-fgj-wage-self-evaluation.yaml" in _said(lines, "错误")
        _said(lines, "生成失败，未写入任何文件")
        assert "第一次保存" in page.read_text("utf-8")
        source.write_text(good.replace("第一次保存", "第二次保存"), encoding="utf-8")
        _said(lines, "已更新")
        assert "第二次保存" in page.read_text("utf-8")
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == 0
        reader.join(timeout=10)
        rest = []
        while not lines.empty():
            rest.append(lines.get())
        assert any("已停止监视" in line for line in rest)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_listed_rows_are_made_again_only_for_the_edited_document(
    sample_copy: Path, tmp_path: Path
) -> None:
    """The project lists (templates/_projects.html) keep each row's markup while its forms are
    the same objects, the document lists (templates/_listing.html) each item's while its entry
    is: an edit makes again only the rows and items of the edited document, and the pages are
    those a fresh build writes."""
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    before = dict(cache.summaries.markup_used)  # what the build used
    assert before  # the projects page and the publishers' pages list projects
    listed = (out / "projects/index.html").read_text("utf-8")
    source = sample_copy / "content/2020/hengshan-grain-reserve-self-evaluation.yaml"
    met = "{name: 库存数量真实率, target: 100%, actual: 100%}"
    text = source.read_text("utf-8")
    assert met in text
    missed = "{name: 库存数量真实率, target: 100%, actual: 90%, deviation: 抽查账实不符}"
    source.write_text(text.replace(met, missed), "utf-8")
    pipeline.build(sample_copy, _resident(out), cache)
    assert (out / "projects/index.html").read_text("utf-8") != listed  # one fewer met
    after = cache.summaries.markup_used
    made = [key for key in after if key not in before]
    # the edited document's project row (projects page, its publisher's) and its list items
    # (home, year and publisher pages): made from its forms, or from its entry
    assert made
    edited = "hengshan-grain-reserve-self-evaluation"
    for key in made:
        held = after[key][0]
        assert isinstance(held, tuple)
        assert any(getattr(getattr(o, "entry", o), "slug", None) == edited for o in held)
    assert any(isinstance(after[key][0][0], model.Entry) for key in made)
    assert any(not isinstance(after[key][0][0], model.Entry) for key in made)
    assert all(after[key] is before[key] for key in after if key in before)  # not made again
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


@pytest.mark.slow
def test_an_edit_lays_out_its_own_annex_only_and_the_pdfs_are_a_fresh_build_s(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_gen.build import annexes

    laid_out: list[str] = []
    real = annexes.pdf_job

    def spy(renderer, entry, paths, variant):  # type: ignore[no-untyped-def]
        laid_out.append(entry.slug)
        return real(renderer, entry, paths, variant)

    monkeypatch.setattr(annexes, "pdf_job", spy)
    out, cache = tmp_path / "out", PageCache()
    options = pipeline.BuildOptions(output=out, with_search=False, jobs=1, resident=True)
    pipeline.build(sample_copy, options, cache)
    assert len(laid_out) == 7
    laid_out.clear()
    _retitle(sample_copy)
    result = pipeline.build(sample_copy, options, cache)
    assert laid_out == ["qingshen-fgj-wage-self-evaluation"]
    assert "2023/qingshen-fgj-wage-self-evaluation.pdf" in result.files
    assert not [route for route in result.files if route.endswith(".pdf")][1:]
    fresh = pipeline.BuildOptions(output=tmp_path / "fresh", with_search=False, jobs=1)
    pipeline.build(sample_copy, fresh)  # its PDFs from the PDF cache the watch filled
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_a_changed_site_yaml_reaches_every_page_and_the_data_index(
    sample_copy: Path, tmp_path: Path
) -> None:
    """What is kept between builds by the objects of the documents (project rows, the data
    index's records) is not kept across a change of site.yaml: its address is in every link."""
    out, cache = tmp_path / "out", PageCache()
    pipeline.build(sample_copy, _resident(out), cache)
    config = sample_copy / "site.yaml"
    text = config.read_text("utf-8")
    base = next(line for line in text.splitlines() if line.startswith("base_url:"))
    config.write_text(text.replace(base, "base_url: https://example.org/other/"), "utf-8")
    pipeline.build(sample_copy, _resident(out), cache)
    assert "https://example.org/other/" in (out / "data/index.json").read_text("utf-8")
    _fresh(sample_copy, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_the_watch_says_a_warning_when_it_appears_and_not_again(
    sample_copy: Path, tmp_path: Path
) -> None:
    from site_gen.cli.watch import Watcher

    said: list[str] = []
    options = pipeline.BuildOptions(
        output=tmp_path / "out", with_pdf=False, with_search=False, jobs=1
    )
    watcher = Watcher(sample_copy, options, said.append)
    assert watcher.build() is not None
    assert len(said) == 1 and said[0].startswith("已生成 7 份文件的网站")  # no warning
    source = sample_copy / "content/2020/hengshan-grain-reserve-self-evaluation.yaml"
    text = source.read_text("utf-8")
    silenced = text[text.index("silence:") : text.index("forms:")]
    source.write_text(text.replace(silenced, ""), "utf-8")  # its check speaks again
    said.clear()
    assert watcher.build() is not None
    assert "hengshan-grain-reserve-self-evaluation.yaml" in said[0] and "警告" in said[0]
    assert said[1] == "新出现 1 处警告（共 1 处）。"
    assert said[2].startswith("已更新")
    said.clear()
    assert watcher.build() is not None  # nothing changed: the warning is not said again
    assert len(said) == 1 and "无需改动" in said[0]
