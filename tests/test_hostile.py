"""The hostile corpus through the real command line: every bad file fails the build with its
place and message (exit code 1, no traceback, last good output byte-identical, no staging
folder left behind); every hostile but valid file builds with the danger removed. Then the
situations that are not files: symlinks, case clashes, broken themes, PDF fetches, kills."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.cli import main
from site_gen.errors import BuildError
from tests.conftest import write_site
from tests.fixtures_base import NARRATIVE
from tests.hostile.corpus import CASES


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One valid site with a good build in output/, built once and copied for each test."""
    root = write_site(tmp_path_factory.mktemp("good") / "site", {"2022/good.yaml": NARRATIVE})
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "--no-search"])
    assert result.exit_code == 0, result.output
    return root, tree_digest(root / "output")


@pytest.fixture
def site(good_site, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A private copy of the good site; returns (root, output, digest of output)."""
    source, digest = good_site
    root = tmp_path / "site"
    shutil.copytree(source, root, symlinks=True)
    return root, root / "output", digest


def build(root: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "--no-search", *extra])
    return result.exit_code, result.output


def test_corpus_size() -> None:
    assert len(CASES) >= 40


@pytest.mark.slow
@pytest.mark.parametrize(("case_id", "name", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file(
    site, case_id: str, name: str, data: bytes | str, expected: tuple[str, ...]
) -> None:
    root, out, before = site
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if expected[0] == "site-url":
        (root / "site.yaml").write_text(
            (root / "site.yaml").read_text(encoding="utf-8") + f"base_url: {expected[1]}\n",
            encoding="utf-8",
        )
        code, output = build(root)
        assert code == 1 and "site.yaml:6:11: 错误 [base_url]" in output
        assert tree_digest(out) == before
        return
    code, output = build(root)
    assert "Traceback" not in output
    if expected[0] == "error":
        _, place, message = expected
        assert code == 1, output
        location = f"content/{name}:{place}" if place != "0:0" else f"content/{name}: "
        assert any(location in line and message in line for line in output.splitlines()), output
        assert tree_digest(out) == before
    else:
        assert code == 0, output
        page = (out / name.replace(".yaml", ".html")).read_text(encoding="utf-8")
        fragment = expected[1]
        if fragment.startswith("+"):
            assert fragment[1:] in page
        elif fragment.startswith("~"):
            assert not re.search(fragment[1:], page)
        else:
            assert fragment[1:] not in page
    assert not [
        p for p in root.iterdir() if p.name.startswith((".site-gen-staging", ".site-gen-old"))
    ]


def test_symlinked_content_is_not_followed(site, tmp_path: Path) -> None:
    root, out, before = site
    outside = tmp_path / "outside.yaml"
    outside.write_text(NARRATIVE, encoding="utf-8")
    os.symlink(outside, root / "content" / "2022" / "link.yaml")
    code, output = build(root)
    assert code == 1 and "content/2022/link.yaml: 错误 不允许使用符号链接" in output
    assert tree_digest(out) == before


def test_symlinked_year_folder_is_not_followed(site, tmp_path: Path) -> None:
    root, out, before = site
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "content" / "2020")
    code, output = build(root)
    assert code == 1 and "content/2020: 错误 不允许使用符号链接" in output


def test_slugs_equal_after_case_folding_name_both_files(site) -> None:
    root, out, before = site
    shutil.copy(root / "content" / "2022" / "good.yaml", root / "content" / "2022" / "Good.yaml")
    code, output = build(root)
    assert code == 1 and "content/2022/Good.yaml" in output and tree_digest(out) == before


def test_full_width_file_name_is_normalised_and_clashes(site) -> None:
    root, out, before = site
    shutil.copy(
        root / "content" / "2022" / "good.yaml", root / "content" / "2022" / "ｇｏｏｄ.yaml"
    )
    code, output = build(root)
    assert code == 1 and "与 content/2022/good.yaml 的网址重复" in output


def test_broken_theme_template_fails_cleanly(site) -> None:
    root, out, before = site
    (root / "templates").mkdir()
    (root / "templates" / "logo.html").write_text("{% if %}", encoding="utf-8")
    code, output = build(root)
    assert code == 1 and "模板语法错误" in output and "logo.html:1" in output
    assert tree_digest(out) == before


@pytest.mark.slow
def test_theme_stylesheet_cannot_make_the_pdf_read_files(site) -> None:
    root, out, before = site
    (root / "templates" / "static").mkdir(parents=True)
    css = (Path(__file__).resolve().parent.parent / "templates" / "static" / "print.css").read_text(
        encoding="utf-8"
    )
    (root / "templates" / "static" / "print.css").write_text(
        css + "\nbody { background: url(file:///etc/passwd); }\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 1
    assert (
        "content/2022/good.yaml: PDF 引用了外部资源（不允许读取：file:///etc/passwd）"
        in result.output
    )
    assert tree_digest(out) == before


@pytest.mark.slow
def test_strict_build_fails_on_broken_links_and_duplicate_ids(site) -> None:
    root, out, before = site
    (root / "content" / "2022" / "good.yaml").write_text(
        NARRATIVE.replace(
            "本文件说明公开的范围。", "见[另一份文件](missing.html)和[锚点](good.html#nowhere)。"
        ),
        encoding="utf-8",
    )
    code, output = build(root, "--strict")
    assert code == 1
    assert "2022/good.html: 链接 “missing.html” 指向的文件不存在" in output
    assert "2022/good.html: 链接 “good.html#nowhere” 指向的锚点不存在" in output
    assert tree_digest(out) == before
    code, output = build(root)  # without --strict: a warning, the build goes on
    assert code == 0 and "警告 2022/good.html: 链接 “missing.html” 指向的文件不存在" in output


@pytest.mark.slow
def test_duplicate_ids_are_found(site) -> None:
    from tests.fixtures_base import COMPLETION

    root, out, before = site
    doc = COMPLETION.replace("  - name: 重点目标\n", "  - name: 重点目标\n    id: a\n") + (
        "  - name: 创优目标\n    id: a-1\n    targets:\n      - number: 2\n        name: 创优\n        content: 内容。\n        status: 已完成\n"
    )
    (root / "content" / "2020").mkdir()
    (root / "content" / "2020" / "c.yaml").write_text(doc, encoding="utf-8")
    code, output = build(root, "--strict")
    assert code == 1 and "2020/c.html: id “a-1” 重复" in output


def test_output_folder_guard_through_the_cli(site) -> None:
    root, out, before = site
    for target in (root / "content", root, Path("/")):
        result = CliRunner().invoke(main, ["build", str(root), "--no-pdf", "-o", str(target)])
        assert result.exit_code == 1 and "不能把网站生成到" in result.output


@pytest.mark.slow
def test_kill_during_build_leaves_output_and_next_run_cleans_up(site) -> None:
    """kill -9 in the middle of a PDF build: output/ unchanged; the next build removes the staging folder."""
    root, out, before = site
    for i in range(6):
        shutil.copy(
            root / "content" / "2022" / "good.yaml", root / "content" / "2022" / f"more-{i}.yaml"
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "site_gen", "build", str(root)], stderr=subprocess.DEVNULL
    )
    time.sleep(1.0)
    assert process.poll() is None  # still building (rendering PDFs) when killed
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert tree_digest(out) == before
    code, _ = build(root)
    assert code == 0
    assert not [
        p for p in root.iterdir() if p.name.startswith((".site-gen-staging", ".site-gen-old"))
    ]


def test_theme_links_that_leave_the_theme_are_refused(site, tmp_path: Path) -> None:
    """A link in templates/ to a file outside (a key, a home folder) is neither read by Jinja
    nor published as a static file; links that stay inside the theme work (issue 18)."""
    root, out, before = site
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    static = root / "templates" / "static"
    static.mkdir(parents=True)
    for link in (static / "secret.txt", root / "templates" / "logo.html"):
        os.symlink(secret, link)
        code, output = build(root)
        assert code == 1 and "指向主题之外" in output and link.name in output, output
        assert tree_digest(out) == before
        link.unlink()
    # a link inside the theme (print.css → a file beside it) is the theme's own file
    css = (Path(__file__).resolve().parent.parent / "templates" / "static" / "print.css").read_text(
        encoding="utf-8"
    )
    (root / "templates" / "print-real.css").write_text(css + "\n/* own */\n", encoding="utf-8")
    os.symlink(root / "templates" / "print-real.css", static / "print.css")
    code, output = build(root)
    assert code == 0, output
    assert "/* own */" in (out / "assets" / "print.css").read_text(encoding="utf-8")
    assert "机密" not in "".join(p.read_text("utf-8", "replace") for p in out.rglob("*.*"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a Unix feature")
@pytest.mark.parametrize("where", ["content/2022/pipe.yaml", "site.yaml"])
def test_special_files_are_refused_not_read(site, where: str) -> None:
    """Reading a FIFO blocks for ever: validate and build refuse it by its path (issue 16)."""
    root, out, before = site
    path = root / where
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    for command in (["validate", str(root)], ["build", str(root), "--no-pdf"]):
        result = subprocess.run(
            [sys.executable, "-m", "site_gen", *command],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1, result.stderr
        assert f"{where}: 错误 不是普通文件" in result.stderr
    assert tree_digest(out) == before


@pytest.mark.slow
def test_a_folder_that_appears_during_the_build_is_never_deleted(
    site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the safety check and the swap, someone puts their own files at --output: the
    build puts the folder back untouched and fails (issue 16)."""
    from site_gen.build import pipeline, write

    root, _, _ = site
    target = root.parent / "elsewhere"
    real_commit = write.OutputTree.commit

    def racing_commit(self: write.OutputTree) -> None:
        target.mkdir()
        (target / "论文.docx").write_text("用户的文件", encoding="utf-8")
        real_commit(self)

    monkeypatch.setattr(write.OutputTree, "commit", racing_commit)
    with pytest.raises(BuildError, match="被其他程序改成了不是 site_gen 生成的内容"):
        pipeline.build(root, pipeline.BuildOptions(output=target, with_pdf=False))
    assert (target / "论文.docx").read_text(encoding="utf-8") == "用户的文件"
    assert sorted(p.name for p in target.iterdir()) == ["论文.docx"]
    left = [p.name for p in root.parent.iterdir() if p.name.startswith(".site-gen-")]
    assert left == [f".site-gen-lock-{target.name}"]  # the lock file, never removed


@pytest.mark.slow
def test_site_gen_imports_and_builds_where_resource_is_missing(tmp_path: Path) -> None:
    """Windows has no `resource` module: the CLI still starts and builds (issue 15/16)."""
    root = write_site(tmp_path / "site", {"2022/a.yaml": NARRATIVE})
    script = (
        "import sys; sys.modules['resource'] = None\n"
        "from site_gen.cli import run\n"
        f"sys.argv = ['site-gen', 'build', {str(root)!r}, '--no-pdf', '--no-search']\n"
        "run()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert (root / "output" / "2022" / "a.html").exists()
