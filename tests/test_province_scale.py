"""Issue 29: what a province's site is spared. The home page shows each year's newest
documents and the feed the newest documents, while the year pages, the sitemap and the data
index keep every one; the build's record of its files takes the digests it computed while
writing them, not a second reading."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_gen.build import feeds, manifest, pipeline
from site_gen.load import load_site
from site_gen.web import pages
from tests.conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_holds_the_newest_documents_with_their_corrections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site, _ = load_site(ROOT)
    monkeypatch.setattr(feeds, "FEED_DOCUMENTS", 3)
    feed = ET.fromstring(feeds.atom(site))
    ids = [e.findtext(f"{ATOM}id") or "" for e in feed.iter(f"{ATOM}entry")]
    newest = sorted(
        site.entries, key=lambda e: (feeds.last_update(e), e.year, e.slug), reverse=True
    )
    expected = []
    for entry in newest[:3]:
        url = feeds.absolute(site.config, pages.document_route(entry))
        expected += [url] + [f"{url}#revision-{n}" for n in range(1, len(entry.doc.revisions) + 1)]
    assert ids == expected
    assert len(site.entries) > 3  # the others are left out of the feed only


@pytest.mark.slow
def test_home_lists_each_year_s_newest_and_every_document_stays_reachable(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "HOME_PER_YEAR", 1)
    out = tmp_path / "out"
    result = pipeline.build(
        sample_copy, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False)
    )
    home = (out / "index.html").read_text("utf-8")
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    index = json.loads((out / "data" / "index.json").read_text("utf-8"))
    assert len(index["documents"]) == len(result.site.entries)
    for year in result.site.years:
        entries = result.site.entries_of_year(year)
        shown = [e for e in entries if f'href="{pages.document_route(e)}"' in home]
        assert shown == list(entries[:1])  # the newest of the year
        year_page = (out / pages.year_route(year)).read_text("utf-8")
        for entry in entries:
            assert f'href="{entry.slug}.html"' in year_page
            assert pages.document_route(entry) in sitemap
        more = f"查看{year}年全部 {len(entries)} 份"
        assert (more in home) == (len(entries) > 1)


@pytest.mark.slow
def test_the_record_of_a_build_holds_the_digests_of_the_files_on_disk(
    sample_copy: Path, tmp_path: Path
) -> None:
    """The digests taken while writing (OutputTree.digests) are those a reading of the
    published folder gives, so the next build's no-change check holds."""
    out = tmp_path / "out"
    options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=True)
    pipeline.build(sample_copy, options)
    records = list((sample_copy / ".site-gen-cache" / "builds").glob("*.json"))
    assert len(records) == 1
    recorded = json.loads(records[0].read_text("utf-8"))["files"]
    assert recorded == manifest.snapshot(out)
    assert any(route.startswith("pagefind/") for route in recorded)  # written by the indexer
    assert pipeline.build(sample_copy, options).up_to_date
    (out / "index.html").write_text("改过", "utf-8")  # a hand edit in the published folder
    assert not pipeline.build(sample_copy, options).up_to_date


# ---------------------------------------------------------------- compiled templates, kept
def test_compiled_templates_are_run_only_when_signed_with_this_user_s_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template's compiled code is kept in the user's cache folder and used by the next
    process; a file there not signed with this user's key is never run (a forged entry with
    the right source digest is ignored), and an edited template is compiled again."""
    import builtins
    import functools

    import jinja2

    from site_gen import user_key
    from site_gen.web import compiled

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(user_key, "secret", functools.cache(user_key.secret.__wrapped__))
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "t.html").write_text("第 {{ n }} 版", "utf-8")

    def render(n: int) -> str:  # a new process: nothing in memory
        store = compiled.CompiledTemplates()
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme)), bytecode_cache=store)
        return env.get_template("t.html").render(n=n)

    assert render(1) == "第 1 版"
    (entry,) = (tmp_path / "cache" / "site_gen" / "templates").glob("*.bc")
    key = entry.stem
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme)))
    source = (theme / "t.html").read_text("utf-8")
    bucket = jinja2.bccache.Bucket(
        env, key, compiled.CompiledTemplates().get_source_checksum(source)
    )
    bucket.code = compile("import builtins\nbuiltins._site_gen_forged = 1\n", "t.html", "exec")
    forged = bucket.bytecode_to_string()
    entry.write_bytes(user_key.signature(key, forged, b"another key" * 3).encode() + b"\n" + forged)
    assert render(2) == "第 2 版" and not hasattr(builtins, "_site_gen_forged")
    signing = user_key.secret()
    assert signing is not None
    entry.write_bytes(user_key.signature(key, forged, signing).encode() + b"\n" + forged)
    try:  # the same file signed with this user's key is run: the check above is what stops it
        with pytest.raises(Exception):  # noqa: B017 - the forged module defines no template
            render(3)
        assert getattr(builtins, "_site_gen_forged", 0) == 1
    finally:
        if hasattr(builtins, "_site_gen_forged"):
            delattr(builtins, "_site_gen_forged")
    (theme / "t.html").write_text("改过的第 {{ n }} 版", "utf-8")
    assert render(4) == "改过的第 4 版"  # its source's digest differs: compiled again
    assert render(5) == "改过的第 5 版"  # and read back


# ---------------------------------------------------------------- unchanged files linked
def _inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _edit_title(site: Path, name: str) -> None:
    source = next((site / "content").rglob(name))
    source.write_text(source.read_text("utf-8").replace("title: ", "title: 修订 ", 1), "utf-8")


@pytest.mark.slow
def test_an_unchanged_file_is_linked_from_the_last_build_and_a_hand_edit_is_not_kept(
    sample_copy: Path, tmp_path: Path
) -> None:
    """After an edit, the files whose bytes did not change keep their inode (linked from the
    last build, not written again); a page changed by hand in the published folder, with its
    size kept, is written again with the build's bytes; a folder of the last build replaced by
    a link to another place lends no file."""
    import os
    import shutil

    out = tmp_path / "out"
    options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=False)
    pipeline.build(sample_copy, options)
    before = _inodes(out)
    page = out / "2020" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace("年".encode(), "季".encode(), 1))  # same size, by hand
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out / "2018", elsewhere)
    shutil.rmtree(out / "2018")
    os.symlink(elsewhere, out / "2018")
    outside = _inodes(elsewhere)
    _edit_title(sample_copy, "weihai-etdz-key-projects.yaml")
    pipeline.build(sample_copy, options)
    after = _inodes(out)
    kept = {route for route in after if before.get(route) == after[route]}
    assert "assets/site.css" in kept and "2019/index.html" in kept
    assert "2021/weihai-etdz-key-projects.html" not in kept  # made again: new bytes
    assert page.read_bytes() == original and "2020/index.html" not in kept
    assert not (out / "2018").is_symlink()
    assert not set(outside.values()) & set(after.values())  # nothing linked from outside
    fresh = tmp_path / "fresh"
    pipeline.build(
        sample_copy,
        pipeline.BuildOptions(output=fresh, with_pdf=False, with_search=False, pdf_cache=False),
    )
    assert manifest.snapshot(out) == manifest.snapshot(fresh)


def test_a_compiled_template_that_cannot_be_kept_leaves_no_unfinished_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools
    import os

    from site_gen import user_key
    from site_gen.web import compiled

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(user_key, "secret", functools.cache(user_key.secret.__wrapped__))

    def refused(*args: object) -> None:
        raise PermissionError("refused")

    monkeypatch.setattr(os, "replace", refused)
    compiled._write("k" * 64, b"code")
    folder = tmp_path / "cache" / "site_gen" / "templates"
    assert folder.is_dir() and list(folder.iterdir()) == []
