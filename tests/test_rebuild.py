"""A build that would change nothing is skipped (build_manifest, issue 12), and only then:
any change to content, templates, site.yaml, options or to the output itself builds again."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen import cli
from site_gen.build import pipeline
from tests.conftest import write_site

DOCS = {
    "2021/a.yaml": "kind: narrative\ntitle: 说明甲\nbody: 第一段。\n",
    "2022/b.yaml": "kind: progress\ntitle: 进度\ngroups:\n  - category: 类别\n"
    "    rows:\n      - name: 目标\n        indicator: 完成 80%\n",
}


def _build(root: Path, out: Path, **options: object) -> pipeline.BuildResult:
    settings = {"with_pdf": False, "with_search": False, **options}
    return pipeline.build(root, pipeline.BuildOptions(output=out, **settings))  # type: ignore[arg-type]


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _stamps(out: Path) -> dict[str, int]:
    return {p.as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_an_unchanged_site_is_not_built_again(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", DOCS)
    out = root / "output"
    first = _build(root, out)
    assert not first.up_to_date and first.documents == 2
    stamps = _stamps(out)
    again = _build(root, out)
    assert again.up_to_date and again.documents == 2 and again.rendered_pages == []
    assert _stamps(out) == stamps  # not one file written
    assert _tree(out) == _tree(
        _build(root, tmp_path / "cold", pdf_cache=False) and tmp_path / "cold"
    )


@pytest.mark.slow
def test_every_kind_of_change_builds_again(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", DOCS)
    out = root / "output"
    _build(root, out)
    content = root / "content/2021/a.yaml"
    content.write_text(content.read_text(encoding="utf-8").replace("第一段", "第二段"), "utf-8")
    assert not _build(root, out).up_to_date
    assert "第二段" in (out / "2021/a.html").read_text(encoding="utf-8")
    (root / "site.yaml").write_text(
        (root / "site.yaml").read_text("utf-8") + "contact: 电话\n", "utf-8"
    )
    assert not _build(root, out).up_to_date
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "extra.html").write_text("<p>x</p>", encoding="utf-8")
    assert not _build(root, out).up_to_date
    assert not _build(root, out, with_search=False, strict=True).up_to_date  # other options
    assert _build(root, out, with_search=False, strict=True).up_to_date
    assert not _build(root, out, pdf_cache=False).up_to_date  # --no-cache never skips


@pytest.mark.slow
def test_a_changed_or_added_output_file_builds_again(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", DOCS)
    out = root / "output"
    _build(root, out)
    cold = _tree(out)
    (out / "2021/a.html").write_text("changed by hand", encoding="utf-8")
    assert not _build(root, out).up_to_date and _tree(out) == cold
    (out / "stray.txt").write_text("left here", encoding="utf-8")
    assert not _build(root, out).up_to_date and _tree(out) == cold
    (out / "2022/b.json").unlink()
    assert not _build(root, out).up_to_date and _tree(out) == cold


@pytest.mark.slow
def test_the_command_line_says_the_site_is_current_and_repeats_warnings(tmp_path: Path) -> None:
    docs = dict(DOCS)
    docs["2021/c.yaml"] = "kind: narrative\ntitle: 说明丙\nbody: 见[别处](missing.html)。\n"
    root = write_site(tmp_path / "site", docs)
    runner = CliRunner()
    first = runner.invoke(cli.main, ["build", str(root), "--no-pdf", "--no-search"])
    second = runner.invoke(cli.main, ["build", str(root), "--no-pdf", "--no-search"])
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    assert "已是最新（3 份文件）" in second.output and "已生成" not in second.output
    assert "missing.html" in first.output and "missing.html" in second.output


@pytest.mark.slow
def test_the_preview_makes_a_documents_data_files_again_only_when_it_changed(
    tmp_path: Path, monkeypatch: object
) -> None:
    from site_gen.build import feeds
    from site_gen.build.kept_site import PageCache

    root = write_site(tmp_path / "site", DOCS)
    made: list[str] = []
    real = feeds.document_files

    def counting(entry: object) -> feeds.DataFiles:
        made.append(entry.slug)  # type: ignore[attr-defined]
        return real(entry)  # type: ignore[arg-type]

    monkeypatch.setattr(feeds, "document_files", counting)  # type: ignore[attr-defined]
    cache = PageCache()
    options = pipeline.BuildOptions(
        output=root / "preview", with_pdf=False, with_search=False, preview=True
    )
    first = pipeline.build(root, options, cache).memory  # the preview's files stay in memory
    assert first is not None and sorted(made) == ["a", "b"]
    assert not (root / "preview").exists()
    content = root / "content/2022/b.yaml"
    content.write_text(content.read_text("utf-8").replace("80%", "90%"), "utf-8")
    second = pipeline.build(root, options, cache).memory
    assert second is not None
    assert sorted(made) == ["a", "b", "b"]  # only the edited document's files were made again
    assert second["2021/a.json"] is first["2021/a.json"]  # kept, not made or copied again
    assert "90%" in second["2022/b.csv"].decode("utf-8-sig")


@pytest.mark.slow
def test_a_changed_message_catalog_builds_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The interface's words are an input like the templates: a translation edited in a
    catalog is never hidden behind a skipped build."""
    import shutil

    from site_gen import i18n

    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    root = write_site(tmp_path / "site", DOCS)
    out = root / "output"
    _build(root, out)
    assert _build(root, out).up_to_date
    catalog = locale / "en.po"
    catalog.write_text(catalog.read_text("utf-8").replace('"Home"', '"Start"'), "utf-8")
    assert not _build(root, out).up_to_date
