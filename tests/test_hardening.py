"""Hardening round 3 (issue 30): never delete what the build did not make, never publish half a
site, nothing sent to it can hang it. Each test fails on the main of 5c4436d."""

from __future__ import annotations

import csv
import errno
import hashlib
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from site_gen import cli, pdf
from site_gen.build import pipeline, site_lock, write
from site_gen.errors import BuildError
from site_gen.load import load_site
from site_gen.pdf import annex_cache as pdf_cache
from site_gen.preview import changes
from site_gen.preview.server import Preview
from site_gen.tables import export
from site_gen.web import search
from tests.conftest import ROOT, write_site
from tests.fixtures_base import NARRATIVE

FORMULA_DOC = """\
kind: project-targets
title: 测试区重点项目绩效目标
projects:
  - name: 乡村振兴工作经费
    indicators:
      - level1: 产出指标
        groups:
          - level2: 数量指标
            items:
              - name: 示范村数量
                target: "=3个"
              - name: '=HYPERLINK("http://example.invalid","点击")'
                target: "@90%"
              - name: 负数
                target: "-5.5"
"""


def _site(tmp_path: Path, docs: dict[str, str] | None = None) -> Path:
    return write_site(tmp_path / "site", docs or {"2022/a.yaml": NARRATIVE})


def _options(out: Path, **kw: Any) -> pipeline.BuildOptions:
    return pipeline.BuildOptions(output=out, with_pdf=False, with_search=False, **kw)


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- 1. user files never deleted
def test_a_cache_folder_that_is_a_link_is_refused_and_nothing_deleted(tmp_path: Path) -> None:
    root = _site(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    for name in ("2023年报告.pdf", "合同.docx", "notes.txt"):
        (shared / name).write_text("用户的文件", encoding="utf-8")
    (root / ".site-gen-cache").symlink_to(shared, target_is_directory=True)
    with pytest.raises(BuildError, match="符号链接"):
        pipeline.build(root, _options(tmp_path / "out"))
    assert sorted(p.name for p in shared.iterdir()) == ["2023年报告.pdf", "notes.txt", "合同.docx"]


def test_a_linked_pdf_cache_folder_is_refused_too(tmp_path: Path) -> None:
    root = _site(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "notes.txt").write_text("x", encoding="utf-8")
    (root / ".site-gen-cache").mkdir()
    (root / ".site-gen-cache" / "pdf").symlink_to(shared, target_is_directory=True)
    with pytest.raises(BuildError, match="符号链接") as caught:
        pdf_cache.Cache(root)
    assert "SITE_GEN_CACHE_DIR" in caught.value.format()
    assert (shared / "notes.txt").exists()


def test_cache_clean_up_removes_only_its_own_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    monkeypatch.setenv(pdf_cache.CACHE_ENV, str(shared))  # asked for explicitly: allowed
    cache = pdf_cache.Cache(tmp_path / "site")
    kept, dropped = "a" * 64, "b" * 64
    cache.put(kept, pdf.Annex(b"%PDF-1 kept", 1))
    cache.put(dropped, pdf.Annex(b"%PDF-1 dropped", 1))
    user = {"2023年报告.pdf": "报告", "合同.docx": "合同", "notes.txt": "n", f"{'c' * 63}.pdf": "x"}
    for name, text in user.items():
        (cache.folder / name).write_text(text, encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("外面的文件", encoding="utf-8")
    (cache.folder / f"{'d' * 64}.pdf").symlink_to(outside)  # a link with an entry's name
    cache.keep_only({kept})
    names = {p.name for p in cache.folder.iterdir()}
    assert f"{kept}.pdf" in names and f"{dropped}.pdf" not in names
    assert set(user) <= names and outside.read_text(encoding="utf-8") == "外面的文件"


def test_a_staging_look_alike_that_is_not_ours_is_left_alone(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = tmp_path / "out"
    look_alike = tmp_path / ".site-gen-staging-out-999999"
    look_alike.mkdir()
    (look_alike / "mine.txt").write_text("用户的", encoding="utf-8")
    pipeline.build(root, _options(out))
    assert (look_alike / "mine.txt").read_text(encoding="utf-8") == "用户的"


def test_an_output_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    root = _site(tmp_path)
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    with pytest.raises(BuildError, match="符号链接"):
        pipeline.build(root, _options(tmp_path / "out"))
    assert list(real.iterdir()) == []


# ---------------------------------------------------------------- 2. one writer, whole sites
@pytest.mark.slow
def test_a_second_build_waits_and_names_the_holder(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = tmp_path / "out"
    with site_lock.SiteLock(out), pytest.raises(BuildError, match=f"进程 {os.getpid()}"):
        pipeline.build(root, _options(out, lock_wait=0.3))
    assert not out.exists()  # the second build wrote nothing


_BUILD = (
    "import sys; from pathlib import Path; from site_gen.build import pipeline\n"
    "pipeline.build(Path(sys.argv[1]), pipeline.BuildOptions(output=Path(sys.argv[2]),"
    " with_pdf=False, with_search=False))\n"
)


@pytest.mark.slow
def test_builds_started_together_always_leave_one_whole_site(tmp_path: Path) -> None:
    docs = {f"2022/d{i}.yaml": NARRATIVE.replace("公开说明", f"说明{i}") for i in range(6)}
    root = _site(tmp_path, docs)
    out = tmp_path / "out"
    pipeline.build(root, _options(out, pdf_cache=False))
    whole = _tree(out)
    preview = Preview(root, port=0)  # a reviewer's preview rebuilding the same site meanwhile
    preview.rebuild()
    stop = threading.Event()

    def rebuild_again_and_again() -> None:
        while not stop.is_set():
            preview.rebuild()

    rebuilder = threading.Thread(target=rebuild_again_and_again)
    rebuilder.start()
    try:
        for _ in range(8):
            runs = [
                subprocess.Popen([sys.executable, "-c", _BUILD, str(root), str(out)], cwd=ROOT)
                for _ in range(3)
            ]
            assert [run.wait(timeout=300) for run in runs] == [0, 0, 0]
            assert _tree(out) == whole  # never a half site
    finally:
        stop.set()
        rebuilder.join()
    assert preview.error == "" and preview.result is not None
    shutil.rmtree(preview.workdir, ignore_errors=True)
    assert not list(tmp_path.glob(".site-gen-staging-*"))
    assert not list(tmp_path.glob(".site-gen-old-*"))


@pytest.mark.slow
def test_a_page_edited_by_hand_with_its_size_and_time_kept_is_rebuilt(tmp_path: Path) -> None:
    root = _site(tmp_path)
    out = tmp_path / "out"
    pipeline.build(root, _options(out))
    page = out / "2022" / "a.html"
    original = page.read_bytes()
    stat = page.stat()
    page.write_bytes(original.replace("公开说明".encode(), "篡改内容".encode()))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert page.stat().st_size == stat.st_size
    result = pipeline.build(root, _options(out))
    assert not result.up_to_date and page.read_bytes() == original


# ---------------------------------------------------------------- 3. the cache is checked
def test_a_different_pdf_under_an_entrys_name_is_not_used(tmp_path: Path) -> None:
    cache = pdf_cache.Cache(tmp_path)
    key = "e" * 64
    cache.put(key, pdf.Annex(b"%PDF-1 the real one", 2))
    (cache.folder / f"{key}.pdf").write_bytes(b"%PDF-1 planted by someone")
    assert cache.get(key) is None
    cache.put(key, pdf.Annex(b"%PDF-1 the real one", 2))
    assert cache.get(key) == pdf.Annex(b"%PDF-1 the real one", 2)


# ---------------------------------------------------------------- 4. CSV formula injection
def test_csv_cells_cannot_run_as_formulas_and_json_keeps_the_text(tmp_path: Path) -> None:
    root = _site(tmp_path, {"2022/a.yaml": FORMULA_DOC})
    site, _ = load_site(root)
    (entry,) = site.entries
    rows = list(csv.reader(io.StringIO(export.document_csv(entry).decode("utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert "'=3个" in cells and '\'=HYPERLINK("http://example.invalid","点击")' in cells
    assert "-5.5" in cells  # a plain negative number stays a number
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    twin = json.loads(export.document_json(entry))
    assert "=3个" in json.dumps(twin, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "safe"),
    [("=1+1", "'=1+1"), ("+1+2", "'+1+2"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("-3", "-3"), ("+12.5%", "+12.5%"), ("≥90%", "≥90%")],
)  # fmt: skip
def test_each_dangerous_start_is_neutralised(text: str, safe: str) -> None:
    assert export.safe_cell(text) == safe


# ---------------------------------------------------------------- 5. nothing from outside hangs it
class _Trickle(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path.endswith("deep.json"):
            body = b"[" * 200_000 + b"]" * 200_000
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        try:
            for _ in range(200):  # one byte every 0.2 s: never a read timeout, never done
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def trickle() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_a_trickling_server_meets_one_deadline(trickle: str) -> None:
    started = time.monotonic()
    with pytest.raises(BuildError, match="超过"):
        changes.published_records(trickle + "site/", seconds=1.5)
    assert time.monotonic() - started < 10


@pytest.mark.slow
def test_deeply_nested_json_is_refused_with_a_message(trickle: str, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "index.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(BuildError, match="嵌套过深"):
        changes.published_records(str(tmp_path))
    with pytest.raises(BuildError, match="嵌套过深"):
        changes._read_json(trickle, "deep.json", time.monotonic() + 30)


@pytest.mark.slow
def test_a_redirect_to_a_local_file_is_not_followed(trickle: str) -> None:
    with pytest.raises(BuildError, match="http"):
        changes.published_records(trickle + "redirect/", seconds=10)


# ---------------------------------------------------------------- 6. clear messages
def test_a_full_disk_is_said_and_the_last_site_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    out = root / "output"
    pipeline.build(root, _options(out))
    before = _tree(out)
    (root / "content" / "2022" / "a.yaml").write_text(
        NARRATIVE.replace("公开说明", "改后的说明"), encoding="utf-8"
    )

    def full(self: write.OutputTree, route: str, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(self.staging / route))

    monkeypatch.setattr(write.OutputTree, "write_bytes", full)
    result = CliRunner().invoke(cli.main, ["build", str(root), "--no-pdf", "--no-search"])
    assert result.exit_code == 1
    assert "磁盘已满" in result.output and "上次生成的网站保持不变" in result.output
    assert "内部错误" not in result.output
    assert _tree(out) == before


def test_new_into_a_dangling_link_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "site").symlink_to(tmp_path / "nowhere")
    result = CliRunner().invoke(cli.main, ["new", str(tmp_path / "site")])
    assert result.exit_code == 1 and "符号链接" in result.output
    assert "内部错误" not in result.output


@pytest.mark.slow
def test_a_five_thousand_digit_number_in_a_preface_is_no_internal_error(tmp_path: Path) -> None:
    big = "9" * 5000
    doc = FORMULA_DOC.replace(
        "title: 测试区重点项目绩效目标", f"title: 测试\npreface: 共{big}个重点项目，预算{big}亿元。"
    ).replace("  - name: 乡村振兴工作经费\n", "  - name: 乡村振兴工作经费\n    amount: 100\n")
    root = _site(tmp_path, {"2022/a.yaml": doc})
    _, warnings = load_site(root)
    assert {w.check for w in warnings} >= {"preface-count"}


# ---------------------------------------------------------------- 7. the previous site comes back
@pytest.mark.slow
def test_a_failed_swap_puts_the_previous_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    out = tmp_path / "out"
    pipeline.build(root, _options(out))
    before = _tree(out)
    (root / "content" / "2022" / "a.yaml").write_text(
        NARRATIVE.replace("公开说明", "改后"), encoding="utf-8"
    )
    real = os.replace

    def swap_fails(src: Any, dst: Any) -> None:
        if ".site-gen-staging-" in str(src):
            raise OSError(errno.EIO, "I/O error")
        real(src, dst)

    monkeypatch.setattr(write.os, "replace", swap_fails)
    with pytest.raises(OSError):
        pipeline.build(root, _options(out))
    monkeypatch.undo()
    assert _tree(out) == before


@pytest.mark.slow
def test_a_build_interrupted_at_any_write_leaves_one_whole_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the build is stopped at its first, second, … write (a file, a copy,
    each rename of the swap); output/ is always the last complete build, and a file of the
    user's beside it is never touched."""
    docs = {f"2022/d{i}.yaml": NARRATIVE.replace("公开说明", f"说明{i}") for i in range(3)}
    root = _site(tmp_path, docs)
    out = tmp_path / "out"
    pipeline.build(root, _options(out, pdf_cache=False))
    before = _tree(out)
    mine = tmp_path / "我的文件.txt"
    mine.write_text("不要动", encoding="utf-8")
    (root / "content" / "2022" / "d0.yaml").write_text(
        NARRATIVE.replace("公开说明", "改后"), encoding="utf-8"
    )
    steps = 0
    real = {
        "write_bytes": write.OutputTree.write_bytes,
        "copy": write.OutputTree.copy,
        "replace": os.replace,
    }

    class Stop(Exception):
        pass

    def counted(name: str, limit: int) -> Any:
        def step(*args: Any) -> Any:
            nonlocal steps
            steps += 1
            if steps == limit:
                raise Stop(name)
            return real[name](*args)

        return step

    limit = 1
    while True:
        steps = 0
        monkeypatch.setattr(write.OutputTree, "write_bytes", counted("write_bytes", limit))
        monkeypatch.setattr(write.OutputTree, "copy", counted("copy", limit))
        monkeypatch.setattr(write.os, "replace", counted("replace", limit))
        try:
            pipeline.build(root, _options(out, pdf_cache=False))
            finished = True
        except Stop:
            finished = False
        monkeypatch.undo()
        if finished:
            break
        assert _tree(out) == before, f"interrupted at step {limit}"
        assert mine.read_text(encoding="utf-8") == "不要动"
        assert not list(tmp_path.glob(".site-gen-staging-*")), f"step {limit}"
        limit += 1
    assert limit > 10  # every write of the build was a point of failure once
    assert _tree(out) != before  # and the uninterrupted build then published the edit


# ---------------------------------------------------------------- 9. a reproducible index
@pytest.mark.slow
def test_the_search_index_does_not_depend_on_the_listing_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = {f"2022/d{i}.yaml": NARRATIVE.replace("公开说明", f"说明{i}") for i in range(4)}
    root = _site(tmp_path, docs)
    first, second = tmp_path / "one", tmp_path / "two"
    pipeline.build(root, _options(first))
    pipeline.build(root, _options(second))
    monkeypatch.chdir(tmp_path)  # the index goes into the site, never the working folder
    search.index_site(first)
    real = Path.rglob
    monkeypatch.setattr(Path, "rglob", lambda self, pattern: reversed(list(real(self, pattern))))
    search.index_site(second)
    monkeypatch.undo()
    one, two = _tree(first / search.INDEX_DIR), _tree(second / search.INDEX_DIR)
    assert one == two and any(name.startswith("fragment/") for name in one)
    assert not (tmp_path / search.INDEX_DIR).exists()
