"""Reach (issue 15): a new site in one command, a wheel that carries its theme (no symlink) and
builds away from any checkout, and a helpful word in a folder that is not a site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from datetime import date
from pathlib import Path

import pytest

from site_gen import kinds
from site_gen.build import pipeline
from site_gen.cli import starter
from site_gen.errors import ContentError
from site_gen.load import schema
from tests.conftest import ROOT

TODAY = date(2026, 12, 1)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_gen", *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.mark.slow
def test_a_new_site_validates_builds_and_publishes_nothing_until_edited(tmp_path: Path) -> None:
    site = tmp_path / "site"
    written = starter.create(site, TODAY)
    starters = sorted(p.stem for p in (site / "content" / "2026").glob("*.yaml"))
    assert starters == sorted(kinds.names())  # one starter file per document kind
    options = pipeline.BuildOptions(output=tmp_path / "out", with_pdf=False, with_search=False)
    with pytest.raises(ContentError) as untouched:  # site.yaml still says 【网站标题，例如 …】
        pipeline.build(site, options)
    assert {p.location.file for p in untouched.value.problems if p.severity == "error"} == {
        "site.yaml"
    }
    config = site / "site.yaml"
    config.write_text(re.sub(r"【[^】\n]*】", "某市财政局", config.read_text("utf-8")), "utf-8")
    result = pipeline.build(site, options)
    assert result.site.entries == ()  # every starter is a draft: nothing published
    assert not (tmp_path / "out" / "2026").exists()
    for path in (site / "content" / "2026").glob("*.yaml"):  # draft removed, text not replaced
        path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    out2 = pipeline.BuildOptions(output=tmp_path / "out2", with_pdf=False)
    with pytest.raises(ContentError) as unfilled:
        pipeline.build(site, out2)
    refused = {p.location.file for p in unfilled.value.problems if p.severity == "error"}
    assert refused == {f"content/2026/{kind}.yaml" for kind in kinds.names()}
    assert not (tmp_path / "out2").exists()
    for path in (site / "content" / "2026").glob("*.yaml"):  # as a bureau would, once edited
        path.write_text(re.sub(r"【([^】\n]*)】", "原件文字", path.read_text("utf-8")), "utf-8")
    result = pipeline.build(site, out2)
    assert len(result.site.entries) == len(kinds.names())
    for kind in kinds.names():
        page = (tmp_path / "out2" / "2026" / f"{kind}.html").read_text("utf-8")
        assert "原件文字" in page and "【" not in page
    # the editor settings point at the schemas written beside them, which are the current ones
    settings = json.loads((site / ".vscode" / "settings.json").read_text("utf-8"))
    for schema_file in settings["yaml.schemas"]:
        assert (site / schema_file).is_file()
    written_schema = json.loads((site / ".site-gen" / "content.schema.json").read_text("utf-8"))
    assert written_schema == schema.document_schema()
    assert ".github/workflows/site.yml" in written and "site.yaml" in written


def test_starters_carry_no_figures(tmp_path: Path) -> None:
    """Numbers a bureau could forget to replace would be published as its own: none outside
    comments, dates and the year."""
    for name, text in starter.files(TODAY).items():
        if name.endswith(".yaml") and name.startswith("content/"):
            body = "\n".join(line.split("#")[0] for line in text.splitlines())
            body = re.sub(r"【[^】]*】", "", body)  # examples in instructions
            body = re.sub(r"[a-z_0-9]+:", "", body)  # field names (level2)
            figures = re.findall(r"\d+(?:\.\d+)?", body)
            assert [n for n in figures if n != "1"] == [], name  # 1: a target's number


@pytest.mark.slow
def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("x")
    result = cli("new", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert "已存在且不是空文件夹" in result.stderr
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["notes.txt"]


@pytest.mark.slow
def test_a_folder_without_site_yaml_says_how_to_start(tmp_path: Path) -> None:
    result = cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "site-gen new" in result.stderr and "README" not in result.stderr


@pytest.mark.slow
def test_the_wheel_carries_its_theme_and_builds_away_from_the_checkout(tmp_path: Path) -> None:
    """No symlink in the package (a Windows checkout turns one into a text file): the theme
    is mapped into the wheel, and an installed site_gen builds a site that has no templates."""
    assert not (ROOT / "site_gen" / "templates").exists()
    # from a clean copy: a build/ folder left in the checkout by an earlier build breaks bdist
    source = tmp_path / "source"
    anywhere = shutil.ignore_patterns(
        ".git", "*.egg-info", "output", "node_modules", ".site-gen-*", "docs"
    )

    def ignore(folder: str, names: list[str]) -> set[str]:
        at_top = {"build", "dist"} & set(names) if Path(folder) == ROOT else set()
        return set(anywhere(folder, names)) | at_top  # site_gen/build/ is the build stage

    shutil.copytree(ROOT, source, ignore=ignore)
    wheels = tmp_path / "wheels"
    # the session's sample build sets SOURCE_DATE_EPOCH to "", which the wheel builder rejects
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, system_site_packages=True, with_pip=True)  # dependencies from here
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        env=env,
    )
    site = tmp_path / "site"
    starter.create(site, TODAY)
    page = site / "content" / "2026" / "narrative.yaml"
    for path in (site / "site.yaml", page, site / "content" / "2026" / "indicator-series.yaml"):
        path.write_text(re.sub(r"【[^】\n]*】", "原件文字", path.read_text("utf-8")), "utf-8")
    page.write_text(page.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    series = site / "content" / "2026" / "indicator-series.yaml"  # in English: the catalog
    text = series.read_text("utf-8").replace("draft: true\n", "")
    series.write_text(text.replace("# language: en ", "language: en #"), "utf-8")
    outside = tmp_path / "elsewhere"  # not the checkout: the installed package alone
    outside.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import site_gen.web.html as h; print(h.DEFAULT_TEMPLATES)"],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir) and (Path(where) / "base.html").is_file()
    result = subprocess.run(
        [str(python), "-m", "site_gen", "build", str(site), "--no-pdf", "--no-search"],
        cwd=outside,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "2026" / "narrative.html").is_file()
    assert (site / "output" / "assets" / "site.css").is_file()
    english = (site / "output" / "2026" / "indicator-series.html").read_text("utf-8")
    assert '<html lang="en">' in english and "Desired direction" not in english
    assert "Publisher</dt>" in english  # words from the wheel's catalog (site_gen/locale)


@pytest.mark.slow
def test_the_tested_versions_are_the_locked_ones() -> None:
    """Byte-identical output needs the same dependencies: install.sh installs with
    constraints.txt, and it must say what is installed (python3 scripts/lock.py rewrites it)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lock.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_container_image_uses_the_readme_set_up() -> None:
    """The image is built from Debian with the same install script as the README (so it has
    Pango and the fonts) and runs site-gen on the site mounted at /site. Building the image
    needs a container registry, which this project's machines cannot reach: checked here is
    what it is made of, and that nothing it needs is left out of its context."""
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0].startswith("FROM debian:")
    assert "RUN bash scripts/install.sh && rm -rf /var/lib/apt/lists/* /root/.cache" in lines
    assert lines[-3:] == ["WORKDIR /site", 'ENTRYPOINT ["site-gen"]', 'CMD ["build"]']
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    needed = ["scripts", "site_gen", "templates", "pyproject.toml", "constraints.txt"]
    assert not [name for name in needed if name in ignored]


FANDOL = Path("/usr/local/share/fonts/fandol/FandolFang-Regular.otf")  # scripts/install.sh


def test_fonts_are_found_without_fontconfig(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fc-match is missing (Windows, macOS), fonts are looked up by family name in the
    font folders (site_gen/pdf/fonts.py): the coverage check and the PDFs work as with fontconfig."""
    from site_gen import pdf
    from site_gen.errors import BuildError
    from site_gen.pdf import fonts
    from tests.conftest import require

    require(FANDOL, "the Fandol fonts scripts/install.sh puts in place")
    folder = tmp_path / "Fonts"
    folder.mkdir()
    shutil.copy(FANDOL, folder)
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "fc-match" else real_which(name)
    )
    monkeypatch.setenv("SITE_GEN_FONT_DIRS", str(folder))
    pdf.font_files.cache_clear()
    try:
        files = pdf.font_files("FandolFang")
        assert files and files[0] == (str(folder / FANDOL.name), 0)
        assert pdf.missing_characters("绩效目标完成情况", ("FandolFang",)) == []
        with pytest.raises(BuildError, match="找不到字体"):
            pdf.font_files("没有这种字体")
    finally:
        pdf.font_files.cache_clear()
        fonts._index.cache_clear()


LATIN_ONLY = """<?xml version="1.0"?>
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
WITHOUT_PACKAGED = "import site_gen.pdf.fonts as f; f.PACKAGED_FONTS = (); "


@pytest.mark.slow
@pytest.mark.parametrize("packaged", [False, True])
def test_a_machine_without_cjk_fonts_uses_the_pip_installed_one(
    tmp_path: Path, packaged: bool
) -> None:
    """A machine whose fonts are Latin only (fontconfig sees DejaVu alone) refuses to make a
    PDF of boxes and says how to get a font; with site_gen[fonts] (noto-cjk-sans-otc) the PDF
    is drawn with the packaged Noto Sans CJK and its text is the document's."""
    from tests.conftest import require, write_site

    require("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVu (fontconfig's own font)")
    config = tmp_path / "fonts.conf"
    config.write_text(LATIN_ONLY.format(cache=tmp_path / "fc-cache"), encoding="utf-8")
    doc = "kind: narrative\ntitle: 公开说明\nbody: 本文件说明绩效目标的公开范围。\n"
    site = write_site(tmp_path / "site", {"2024/note.yaml": doc})
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    code = ("" if packaged else WITHOUT_PACKAGED) + "from site_gen.cli import run; run()"
    result = subprocess.run(
        [sys.executable, "-c", code, "build", str(site), "--no-search"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    pdf_file = site / "output" / "2024" / "note.pdf"
    if not packaged:
        assert result.returncode != 0 and not pdf_file.exists()
        assert "没有字体能显示这些字符" in result.stderr and "site_gen[fonts]" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    listed = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in listed and "Fandol" not in listed  # the Chinese face
    text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True)
    assert "本文件说明绩效目标的公开范围" in text.stdout
