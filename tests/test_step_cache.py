"""Issue 29: a build's steps kept between builds (build.step_cache): each content file's loaded
document, each document's open data (JSON, CSV, .xlsx) and each page, made again only when what
they are made from changed; a cached build is byte-identical to a build without the cache,
whatever was edited."""

from __future__ import annotations

import functools
import hashlib
import random
import shutil
from pathlib import Path

import pytest

from site_gen.build import data_cache, feeds, load_cache, pipeline, step_cache
from tests.conftest import random_edit


def _options(out: Path, cache: bool = True) -> pipeline.BuildOptions:
    return pipeline.BuildOptions(
        output=out, with_pdf=False, with_search=False, pdf_cache=cache, jobs=1
    )


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose open data are made (not taken from the cache) from now on."""
    made: list[str] = []
    real = feeds.document_files

    def spy(entry):  # type: ignore[no-untyped-def]
        made.append(entry.slug)
        return real(entry)

    monkeypatch.setattr(feeds, "document_files", spy)
    return made


def _entries(site: Path) -> list[Path]:
    return sorted((site / ".site-gen-cache" / "data").glob("*.entry"))


@pytest.mark.slow
def test_only_the_edited_document_s_data_are_made_again(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    made = _made(monkeypatch)
    pipeline.build(sample_copy, _options(out))
    assert len(made) == 7 and len(_entries(sample_copy)) == 7
    first = _tree(out)
    made.clear()
    source = sample_copy / "content/2021/weihai-etdz-key-projects.yaml"
    source.write_text(
        source.read_text("utf-8").replace("title: ", "title: 修订 ", 1), encoding="utf-8"
    )
    pipeline.build(sample_copy, _options(out))
    assert made == ["weihai-etdz-key-projects"]
    changed = {route for route, digest in _tree(out).items() if first.get(route) != digest}
    assert {f"2021/weihai-etdz-key-projects.{x}" for x in ("json", "csv", "xlsx")} <= changed
    assert not any(r.startswith("2020/") and r.endswith((".json", ".xlsx")) for r in changed)
    assert len(_entries(sample_copy)) == 7  # the old entry of the edited one is gone


@pytest.mark.slow
def test_a_damaged_or_foreign_entry_is_made_again_never_published(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    pipeline.build(sample_copy, _options(out))
    entries = _entries(sample_copy)
    blob = bytearray(entries[0].read_bytes())
    blob[-3] ^= 0x20  # a changed byte in the last file of the entry
    entries[0].write_bytes(bytes(blob))
    entries[1].write_bytes(entries[2].read_bytes())  # another document's entry under its name
    entries[3].write_bytes(entries[3].read_bytes()[:100])  # cut short
    (entries[0].parent / "notes.txt").write_text("用户的", encoding="utf-8")
    made = _made(monkeypatch)
    shutil.rmtree(sample_copy / ".site-gen-cache" / "builds")  # not skipped as unchanged
    pipeline.build(sample_copy, _options(out))
    assert len(made) == 3
    pipeline.build(sample_copy, _options(fresh, cache=False))
    assert _tree(out) == _tree(fresh)
    assert (entries[0].parent / "notes.txt").read_text("utf-8") == "用户的"  # not its name


def test_the_key_covers_the_source_what_the_loader_adds_and_the_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from site_gen.load import load_site
    from tests.conftest import ROOT

    site, _ = load_site(ROOT)
    entry = site.entries[0]
    key = data_cache.document_key(entry)
    other = site.entries[1]
    assert key != data_cache.document_key(other)
    from dataclasses import replace

    for changed in (
        replace(entry, digest="0" * 64),
        replace(entry, slug=entry.slug + "-2"),
        replace(entry, language="en"),
        replace(entry, publisher=replace(entry.publisher, name="另一个单位")),
    ):
        assert data_cache.document_key(changed) != key
    monkeypatch.setattr(step_cache, "program_key", lambda: "another program")
    assert data_cache.document_key(entry) != key


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_cached_build_is_byte_identical_to_a_cold_one_over_random_edits(
    sample_copy: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    out = tmp_path / "out"
    pipeline.build(sample_copy, _options(out))
    done = []
    for step in range(5):
        done.append(random_edit(sample_copy, rng))
        kept = pipeline.build(sample_copy, _options(out))
        cold = tmp_path / f"cold-{step}"
        made = pipeline.build(sample_copy, _options(cold, cache=False))
        assert _tree(out) == _tree(cold), f"seed {seed} after {done}"
        assert [w.as_dict() for w in kept.warnings] == [w.as_dict() for w in made.warnings]
        shutil.rmtree(cold)


@pytest.mark.slow
def test_an_edit_renders_its_page_its_project_and_the_listings_only(
    sample_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = pipeline.build(sample_copy, _options(out))
    assert len(first.rendered_pages) == 23
    source = sample_copy / "content/2021/weihai-etdz-key-projects.yaml"
    source.write_text(
        source.read_text("utf-8").replace("title: ", "title: 修订 ", 1), encoding="utf-8"
    )
    again = pipeline.build(sample_copy, _options(out))
    rendered = set(again.rendered_pages)
    assert "2021/weihai-etdz-key-projects.html" in rendered
    assert "2020/qingdao-targets-completion.html" not in rendered  # another document's page
    assert {"index.html", "2021/index.html", "search.html"} <= rendered  # they list it
    assert "2020/index.html" not in rendered  # another year's list
    documents = {f"{e.year}/{e.slug}.html" for e in first.site.entries}
    assert rendered & documents == {"2021/weihai-etdz-key-projects.html"}  # its own only
    cold = tmp_path / "cold"
    pipeline.build(sample_copy, _options(cold, cache=False))
    assert _tree(out) == _tree(cold)


@pytest.mark.slow
def test_a_kept_page_is_not_used_when_what_it_said_of_a_download_changed(
    sample_copy: Path, tmp_path: Path
) -> None:
    from site_gen.build import page_cache
    from site_gen.load import SitePaths, load_site
    from site_gen.web import html, pages
    from site_gen.web.html import Renderer

    out = tmp_path / "out"
    pipeline.build(sample_copy, _options(out))
    site, _ = load_site(sample_copy)
    paths = SitePaths(sample_copy)
    page = next(p for p in pages.plan(site) if p.route == "2021/weihai-etdz-key-projects.html")
    renderer = Renderer(site, paths.templates, with_pdf=False, with_search=False)
    for route in ("json", "csv", "xlsx"):  # what the build measured
        path = out / f"2021/weihai-etdz-key-projects.{route}"
        renderer.downloads[path.relative_to(out).as_posix()] = (
            html.file_size(path.stat().st_size),
            None,
        )
    kept = page_cache.PageCache(sample_copy, renderer, paths)
    hit = kept.get(page)
    assert hit is not None and hit[0] == (out / page.route).read_text("utf-8")
    renderer.downloads["2021/weihai-etdz-key-projects.xlsx"] = ("999 KB", None)
    assert kept.get(page) is None  # its Excel link would say another size


@pytest.mark.slow
def test_pages_kept_by_the_workers_are_used_by_the_next_build(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_gen.build import page_workers

    monkeypatch.setattr(page_workers, "PARALLEL_FROM", 1)  # the sample's pages on the workers
    out = tmp_path / "out"
    options = pipeline.BuildOptions(output=out, with_pdf=False, with_search=False, jobs=2)
    assert len(pipeline.build(sample_copy, options).rendered_pages) > 20
    shutil.rmtree(sample_copy / ".site-gen-cache" / "builds")  # not skipped as unchanged
    assert pipeline.build(sample_copy, _options(out)).rendered_pages == []
    cold = tmp_path / "cold"
    pipeline.build(sample_copy, _options(cold, cache=False))
    assert _tree(out) == _tree(cold)


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files parsed and validated (not taken from the cache) from now on."""
    from site_gen import load

    loaded: list[str] = []
    real = load.load_document

    def spy(path, name, data=None):  # type: ignore[no-untyped-def]
        loaded.append(path.name)
        return real(path, name, data)

    monkeypatch.setattr(load, "load_document", spy)
    return loaded


@pytest.mark.slow
def test_only_the_edited_file_is_loaded_again(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.setattr(load_cache, "secret", functools.cache(load_cache.secret.__wrapped__))
    out = tmp_path / "out"
    loaded = _loads(monkeypatch)
    pipeline.build(sample_copy, _options(out))
    assert len(loaded) == 7
    key_file = tmp_path / "home-cache" / "site_gen" / "cache-key"
    assert key_file.stat().st_size == 32 and key_file.stat().st_mode & 0o077 == 0
    loaded.clear()
    source = sample_copy / "content/2021/weihai-etdz-key-projects.yaml"
    source.write_text(
        source.read_text("utf-8").replace("\ntitle: ", "\ntitle: 修订 ", 1), encoding="utf-8"
    )
    result = pipeline.build(sample_copy, _options(out))
    assert loaded == ["weihai-etdz-key-projects.yaml"]
    assert any(e.doc.title.startswith("修订") for e in result.site.entries)
    cold = tmp_path / "cold"
    pipeline.build(sample_copy, _options(cold, cache=False))
    assert _tree(out) == _tree(cold)


class _Planted:
    """What a hostile entry would run when unpickled: it leaves a mark."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path.touch, (self.mark,))


@pytest.mark.slow
def test_a_kept_document_not_signed_with_this_user_s_key_is_never_unpickled(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site folder that brings its own .site-gen-cache/load entries (a department's commit,
    a folder copied from another machine) cannot make the build run what they hold."""
    import hmac
    import pickle

    monkeypatch.setattr(load_cache, "secret", lambda: b"k" * 32)
    out = tmp_path / "out"
    pipeline.build(sample_copy, _options(out))
    store = step_cache.Store(sample_copy, "load")
    entries = sorted(store.folder.glob("*.entry"))
    assert len(entries) == 7
    mark = tmp_path / "ran"
    payload = pickle.dumps(_Planted(mark))
    for number, entry in enumerate(entries):
        key = entry.name.split(".")[0]
        signing = b"another user's key!!" if number % 2 else b""
        signature = hmac.new(signing, key.encode() + b"\0" + payload, "sha256").hexdigest()
        store.put(key, [("loaded", payload)], {"signature": signature})
    loaded = _loads(monkeypatch)
    shutil.rmtree(sample_copy / ".site-gen-cache" / "builds")  # not skipped as unchanged
    pipeline.build(sample_copy, _options(out))
    assert not mark.exists()
    assert len(loaded) == 7  # each loaded again from its YAML
    cold = tmp_path / "cold"
    pipeline.build(sample_copy, _options(cold, cache=False))
    assert _tree(out) == _tree(cold)


@pytest.mark.slow
def test_an_edit_indexes_its_search_part_again_and_keeps_the_others(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_gen.web import search

    monkeypatch.setattr(search, "SHARD_PAGES", 2)  # 7 document pages: 4 parts
    indexed: list[list[str]] = []  # the pages of each part indexed, by route
    real = search._index

    async def spy(sources):  # type: ignore[no-untyped-def]
        indexed.append([route for route, _, _ in sources])
        return await real(sources)

    monkeypatch.setattr(search, "_index", spy)
    out = tmp_path / "out"
    options = pipeline.BuildOptions(output=out, with_pdf=False, jobs=1)
    pipeline.build(sample_copy, options)
    assert [len(part) for part in indexed] == [1, 2, 2, 2]  # the last part first
    last = indexed[0]
    indexed.clear()
    source = sample_copy / "content/2023/qingshen-fgj-wage-self-evaluation.yaml"  # the last part
    source.write_text(
        source.read_text("utf-8").replace("\ntitle: ", "\ntitle: 修订 ", 1), encoding="utf-8"
    )
    pipeline.build(sample_copy, options)
    assert indexed == [last] and "2023/qingshen-fgj-wage-self-evaluation.html" in last
    cold = tmp_path / "cold"
    pipeline.build(sample_copy, pipeline.BuildOptions(output=cold, with_pdf=False, pdf_cache=False))
    assert _tree(out) == _tree(cold)


def test_a_damaged_key_file_keeps_nothing_and_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    key_file = tmp_path / "site_gen" / "cache-key"
    fresh = functools.cache(load_cache.secret.__wrapped__)
    made = fresh()
    assert made is not None and key_file.read_bytes() == made
    assert functools.cache(load_cache.secret.__wrapped__)() == made  # read back, not made anew
    key_file.write_bytes(b"short")
    monkeypatch.setattr(load_cache, "secret", functools.cache(load_cache.secret.__wrapped__))

    def make(files):  # type: ignore[no-untyped-def]
        return iter(())

    assert load_cache.cached(make, tmp_path / "site") is make  # nothing is kept
    assert key_file.read_bytes() == b"short"


def test_download_facts_say_each_file_s_size_and_pdf_pages_and_survive_pickling() -> None:
    """What the download links say, worked out when asked (a province has 40,000 files); the
    page workers get them pickled."""
    import pickle

    from site_gen.web.downloads import download_facts

    sizes = {"2021/a.json": 500, "2021/a.pdf": 2 * 1024 * 1024 + 1, "2021/a.csv": 523_264}
    facts = download_facts(sizes, {"2021/a.pdf": 3})
    expected = {
        "2021/a.json": ("1 KB", None),
        "2021/a.pdf": ("2.0 MB", 3),
        "2021/a.csv": ("511 KB", None),
    }
    assert dict(facts) == expected and len(facts) == 3
    assert "2021/a.pdf" in facts and "2021/b.pdf" not in facts and facts.get("2021/b.pdf") is None
    assert dict(pickle.loads(pickle.dumps(facts))) == expected
