"""Issue 29, item 3: the preview keeps the site in memory. A rebuild renders only the pages an
edit reaches (their ids and links, the documents' summaries and each page's link findings kept
with them), writes nothing to disk, and serves exactly what a fresh preview of the same files
would serve."""

from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest

from site_gen.build.memory import MemoryTree
from site_gen.build.write import OutputTree
from site_gen.errors import BuildError
from site_gen.model.memo import per_object
from site_gen.preview.server import Preview
from site_gen.web import links, pages
from tests.conftest import random_edit


def _fresh(root: Path) -> Preview:
    preview = Preview(root, port=0)
    assert preview.rebuild(), preview.error
    return preview


def _same(kept: Preview, fresh: Preview, done: list[str]) -> None:
    assert kept.files.keys() == fresh.files.keys(), done
    differing = [r for r in kept.files if kept.files[r] != fresh.files[r]]
    assert not differing, f"{differing[:5]} after {done}"
    assert kept.result is not None and fresh.result is not None
    assert kept.result.link_findings == fresh.result.link_findings, done
    warnings = [w.as_dict() for w in kept.result.warnings]
    assert warnings == [w.as_dict() for w in fresh.result.warnings], done


@pytest.mark.slow
@pytest.mark.parametrize("seed", [4, 5])
def test_a_rebuilt_preview_serves_what_a_fresh_one_would_over_random_edits(
    sample_copy: Path, seed: int
) -> None:
    rng = random.Random(seed)
    kept = _fresh(sample_copy)
    done: list[str] = []
    try:
        for _ in range(6):
            done.append(random_edit(sample_copy, rng))
            assert kept.rebuild(), kept.error
            fresh = _fresh(sample_copy)
            try:
                _same(kept, fresh, done)
            finally:
                fresh.stop()
    finally:
        kept.stop()


@pytest.mark.slow
def test_an_edit_renders_only_the_pages_that_show_what_it_changed(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The home page shows each year's newest documents (here one, to fit the sample): an edit
    to a document it does not show leaves it alone; a new document changes its count."""
    monkeypatch.setattr(pages, "HOME_PER_YEAR", 1)
    preview = _fresh(sample_copy)
    try:
        home = preview.files["index.html"].decode("utf-8")
        assert "查看2020年全部 2 份" in home
        site = preview.result.site if preview.result else None
        assert site is not None
        shown, hidden = site.entries_of_year(2020)
        assert pages.document_route(shown) in home and pages.document_route(hidden) not in home
        source = sample_copy / "content" / hidden.source.split("content/", 1)[1]
        text = source.read_text("utf-8")
        source.write_text(text.replace("title: ", "title: 修订 ", 1), "utf-8")
        assert preview.rebuild(), preview.error
        rendered = set(preview.result.rendered_pages) if preview.result else set()
        assert pages.document_route(hidden) in rendered and "2020/index.html" in rendered
        assert "index.html" not in rendered and "2021/index.html" not in rendered
        assert pages.document_route(shown) not in rendered
        source.with_name("added.yaml").write_text(text, "utf-8")  # an older one: not shown
        assert preview.rebuild(), preview.error
        rendered = set(preview.result.rendered_pages) if preview.result else set()
        assert "index.html" in rendered  # its count changed
        assert "查看2020年全部 3 份" in preview.files["index.html"].decode("utf-8")
        fresh = _fresh(sample_copy)
        try:
            _same(preview, fresh, ["title of a hidden one", "added"])
        finally:
            fresh.stop()
    finally:
        preview.stop()


def test_nothing_of_a_rebuild_is_written_to_disk(sample_copy: Path) -> None:
    preview = _fresh(sample_copy)
    try:
        written = [p for p in preview.workdir.rglob("*") if p.is_file()]
        assert all(p.name.startswith(".site-gen-lock") for p in written), written
        assert "index.html" in preview.files and "2021/index.html" in preview.files
        assert not (sample_copy / "output").exists()
    finally:
        preview.stop()


# ---------------------------------------------------------------- the link check, kept
def _site(rng: random.Random) -> tuple[links.Found, set[str]]:
    routes = [f"p{i}.html" for i in range(12)]
    found: links.Found = {}
    for route in routes:
        ids = rng.sample(["a", "b", "c", "d"], rng.randint(0, 4)) + rng.choice([[], ["a"]])
        refs = [
            f"{rng.choice([*routes, 'gone.html'])}#{rng.choice('abcde')}"
            for _ in range(rng.randint(0, 4))
        ] + [f"#{rng.choice('abcde')}"]
        found[route] = (ids, refs)
    return found, set(routes) | {"data.json"}


@pytest.mark.parametrize("seed", range(20))
def test_the_kept_link_check_finds_what_a_fresh_one_finds(seed: int) -> None:
    rng = random.Random(seed)
    found, files = _site(rng)
    memo = links.Memo()
    for _ in range(12):
        assert links.check(found, files, memo=memo) == links.check(found, files)
        found = dict(found)  # a rebuild's pages: the unchanged ones are the same objects
        route = rng.choice(sorted(found))
        change = rng.choice(["ids", "links", "remove", "add", "files"])
        ids, refs = found[route]
        if change == "ids":
            found[route] = (rng.sample(["a", "b", "c", "e"], rng.randint(0, 4)), refs)
        elif change == "links":
            found[route] = (ids, [*refs, f"p{rng.randint(0, 14)}.html#{rng.choice('abc')}"])
        elif change == "remove" and len(found) > 2:
            del found[route]
            files = files - {route}
        elif change == "add":
            new = f"p{rng.randint(12, 14)}.html"
            found[new] = (["a"], ["p0.html#b"])
            files = files | {new}
        else:
            files = files ^ {"gone.html"}


# ---------------------------------------------------------------- kept per object
def test_a_result_is_kept_while_its_object_lives_and_dropped_with_it() -> None:
    calls: list[object] = []

    class Doc:
        pass

    @per_object
    def size(doc: Doc, scale: int) -> int:
        calls.append(doc)
        return len(calls) * scale

    first, second = Doc(), Doc()
    assert size(first, 1) == size(first, 1) == 1  # once per object
    assert size(first, 10) == 20  # and per extra argument
    assert size(second, 1) == 3
    made = size.__closure__  # the function's own store, to see it emptied
    store = next(c.cell_contents for c in made or () if isinstance(c.cell_contents, dict))
    assert len(store) == 3
    del first, calls[:]
    gc.collect()
    assert len(store) == 1  # the freed object's results are gone


# ---------------------------------------------------------------- routes in memory
@pytest.mark.parametrize(
    "route", ["/etc/passwd", "a//b.html", "./a.html", "a/../../b.html", "..", "a\\b", "a\x00b", ""]
)
def test_memory_refuses_what_a_written_tree_refuses(route: str, tmp_path: Path) -> None:
    for tree in (MemoryTree(), OutputTree(tmp_path / "out")):
        with pytest.raises(BuildError, match="输出路径不安全"):
            tree.write(route, "x")
        if isinstance(tree, OutputTree):
            tree.abort()


def test_memory_refuses_a_file_written_twice_in_any_case() -> None:
    tree = MemoryTree()
    tree.write("2021/A.html", "x")
    with pytest.raises(BuildError, match="写了两次"):
        tree.write("2021/a.html", "y")


@pytest.mark.parametrize("route", ["/etc/passwd", "a/../../b.json", "a\\b.csv", "2021/X.JSON"])
def test_a_document_s_kept_files_are_refused_as_a_written_tree_refuses_them(route: str) -> None:
    """The preview keeps each document's open data checked once (memory.staged) and stages it
    whole on every edit: an unsafe route is refused when it is kept, and a group is refused
    when one of its files was staged already, in any case, or twice in the group."""
    from site_gen.build.memory import staged

    if route == "2021/X.JSON":
        tree = MemoryTree()
        tree.write("2021/x.json", "x")
        with pytest.raises(BuildError, match="写了两次"):
            tree.stage(staged([("2021/a.csv", b"a"), (route, b"b")]))
        with pytest.raises(BuildError, match="写了两次"):
            staged([(route, b"a"), ("2021/x.json", b"b")])
        return
    with pytest.raises(BuildError, match="输出路径不安全"):
        staged([("2021/a.json", b"a"), (route, b"b")])


def test_a_staged_group_is_served_as_files_written_one_by_one() -> None:
    from site_gen.build.memory import staged
    from site_gen.build.packed import pack

    files = [("2021/a.json", b"{}" * 400), ("2021/a.xlsx", b"PK" * 400)]
    one_by_one, whole = MemoryTree(), MemoryTree()
    for route, data in files:
        one_by_one.write(route, data)
    group = staged((route, pack(route, data)) for route, data in files)
    whole.stage(group)
    assert dict(whole.files) == dict(one_by_one.files) == dict(files)
    assert whole.routes == one_by_one.routes and whole.written == one_by_one.written
    assert group.sizes == (800, 800)


# ---------------------------------------------------------------- unchanged files not read
def test_settled_unchanged_files_are_not_read_again_and_any_write_is_seen(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file last written long before it was read is taken as unchanged while its times, size
    and inode stay; a write that keeps its size and puts its modification time back is still
    seen (the change time moves), and a file read just after a write is read again."""
    import os
    import time

    from site_gen import load
    from site_gen.load import yamlsrc

    files = sorted((sample_copy / "content").rglob("*.yaml"))
    old = time.time() - 60
    for file in files[1:]:
        os.utime(file, (old, old))  # settled
    files[0].write_bytes(files[0].read_bytes())  # just written
    read: list[str] = []
    real = yamlsrc.read_bytes

    def counted(path: Path, name: str):  # type: ignore[no-untyped-def]
        if path.parent.parent.name == "content":  # content files (site.yaml is read each time)
            read.append(path.name)
        return real(path, name)

    monkeypatch.setattr(load, "read_bytes", counted)
    preview = _fresh(sample_copy)
    try:
        assert len(read) == len(files)
        read.clear()
        assert preview.rebuild()
        assert read == [files[0].name]  # only the one too fresh to trust its times
        target = files[2]
        text = target.read_text("utf-8")
        stamp = target.stat().st_mtime_ns
        same_size = text.replace("title: ", "title: X", 1).replace(" ", "", 1)
        assert len(same_size.encode()) == len(text.encode())
        target.write_text(same_size, "utf-8")
        os.utime(target, ns=(stamp, stamp))  # its modification time put back
        read.clear()
        assert preview.rebuild()
        assert target.name in read
        fresh = _fresh(sample_copy)
        try:
            _same(preview, fresh, ["same size, same time"])
        finally:
            fresh.stop()
    finally:
        preview.stop()


# ---------------------------------------------------------------- pages made when asked for
def test_a_deferred_build_serves_what_a_whole_build_makes(sample_copy: Path) -> None:
    """The preview's build hands over its files before the pages an edit reaches are rendered:
    such a page is rendered when first read (from this build's site, never the last one's),
    the rest when the build finishes; then every file, link finding and rendered page is what
    a build that rendered everything at once gives."""
    from site_gen.build import pipeline
    from site_gen.build.kept_site import PageCache
    from site_gen.web import pages

    def options(defer: bool) -> pipeline.BuildOptions:
        output = sample_copy.parent / f"lock-{defer}"
        return pipeline.BuildOptions(output, with_pdf=False, preview=True, defer=defer)

    whole, deferred = PageCache(), PageCache()
    assert pipeline.build(sample_copy, options(False), whole).finish is None
    first = pipeline.build(sample_copy, options(True), deferred)
    assert first.memory is not None and first.finish is not None
    assert "index.html" in first.memory.pending() and "feed.xml" in first.memory.pending()
    assert first.link_findings == [] and first.rendered_pages == []  # nothing rendered yet
    first.finish()
    assert first.memory.pending() == []
    source = next((sample_copy / "content").rglob("*.yaml"))
    source.write_text(source.read_text("utf-8").replace("title: ", "title: 修订 ", 1), "utf-8")
    expected = pipeline.build(sample_copy, options(False), whole)
    result = pipeline.build(sample_copy, options(True), deferred)
    assert result.memory is not None and result.finish is not None
    waiting = result.memory.pending()
    # the edited document's page is made first when the build finishes (a reader is most
    # likely looking at it), before the listings that show its title
    documents = {pages.document_route(e) for e in result.site.entries}
    assert waiting[0] in documents and "index.html" in waiting[1:]
    assert sorted(waiting, key=lambda r: r not in documents) == waiting
    page = next(r for r in waiting if r.endswith(".html") and r.count("/") == 1)
    assert "修订".encode() in result.memory[page]  # made on reading, from the new site
    assert result.rendered_pages == [page] and page not in result.memory.pending()
    result.finish()
    assert expected.memory is not None and dict(result.memory) == dict(expected.memory)
    assert result.link_findings == expected.link_findings
    assert (
        sorted(result.rendered_pages)
        == sorted(expected.rendered_pages)
        == sorted(r for r in waiting if r.endswith(".html"))
    )


@pytest.mark.slow
def test_the_preview_holds_its_text_files_packed_and_serves_them_as_written(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages and open data are held deflated (a province's were a third of the preview's
    memory); every file read back is byte for byte what a preview holding nothing packed
    serves."""
    from site_gen.build import packed, pipeline
    from site_gen.build.kept_site import PageCache

    def build(cache: PageCache) -> dict[str, bytes]:
        output = tmp_path / "lock"
        options = pipeline.BuildOptions(output, with_pdf=False, preview=True, defer=True)
        result = pipeline.build(sample_copy, options, cache)
        assert result.memory is not None and result.finish is not None
        result.finish()
        if cache is kept:
            held, unpacked = result.memory.held()
            assert held * 3 < unpacked  # the sample's text packs 4× and more
        return dict(result.memory)

    kept = PageCache()
    served = build(kept)
    assert all(
        isinstance(page, packed.Packed) for _key, page, _links, _page in kept.rendered.values()
    )
    json_files = [
        f
        for _key, kept_files, _entry, _sheetless in kept.data.values()
        for r, f in kept_files.files
        if r.endswith(".json")
    ]
    assert json_files and all(isinstance(f, packed.Packed) for f in json_files)
    assert build(kept) == served  # every page and data file taken from the cache, unpacked
    monkeypatch.setattr(packed, "SMALLEST", 1 << 40)  # nothing is worth packing
    plain = PageCache()
    assert build(plain) == served
    assert not any(
        isinstance(p, packed.Packed) for _key, p, _links, _page in plain.rendered.values()
    )


def test_the_preview_holds_no_workbook_and_serves_the_one_a_build_writes(
    sample_copy: Path, tmp_path: Path
) -> None:
    """A document's .xlsx (a zip: packing cannot shrink it) is not held by the preview, only
    its size, for the download link; reading it makes it again, byte for byte the workbook a
    build writes, and the page says the size the build's page says."""
    import re

    from site_gen.build import packed, pipeline
    from site_gen.build.kept_site import PageCache

    cache = PageCache()
    options = pipeline.BuildOptions(tmp_path / "lock", with_pdf=False, preview=True, defer=True)
    result = pipeline.build(sample_copy, options, cache)
    assert result.memory is not None and result.finish is not None and result.finish()
    sheets = [
        (route, kept)
        for _key, group, _entry, _sheetless in cache.data.values()
        for route, kept in group.files
        if route.endswith(".xlsx")
    ]
    assert sheets and all(isinstance(kept, packed.Remade) for _route, kept in sheets)
    built = tmp_path / "built"
    pipeline.build(sample_copy, pipeline.BuildOptions(built, with_pdf=False, with_search=False))
    for route, kept in sheets:
        written = (built / route).read_bytes()
        assert result.memory[route] == written and kept.size == len(written), route
    route = sheets[0][0]
    page = route.removesuffix(".xlsx") + ".html"
    xlsx_link = re.compile(r'href="[^"]*\.xlsx"[^>]*>.*?</a>', re.S)
    served_links = xlsx_link.findall(result.memory[page].decode("utf-8"))
    assert served_links and served_links == xlsx_link.findall((built / page).read_text("utf-8"))


def test_a_page_that_fails_when_asked_for_shows_why_and_is_tried_again(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page rendered on request that fails is answered with the error page (the preview keeps
    running); the build's finish fails as a build does, and the next build renders it again."""
    import http.client

    from site_gen.web.html import Renderer

    real = Renderer.render_page
    failing = {"on": True}

    def render_page(self: Renderer, page: pages.Page) -> str:
        if failing["on"] and page.route == "index.html":
            raise RuntimeError("模板出错")
        return real(self, page)

    monkeypatch.setattr(Renderer, "render_page", render_page)
    preview = Preview(sample_copy, port=0)
    try:
        preview.start()
        assert "内部错误：RuntimeError: 模板出错" in preview.error
        connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=30)
        connection.request("GET", "/index.html")
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
        assert response.status == 500 and "模板出错" in body
        failing["on"] = False
        assert preview.rebuild(), preview.error
        assert b"<html" in preview.files["index.html"]
    finally:
        preview.stop()


def test_a_reader_does_not_wait_for_the_finishing_build_nor_the_build_for_a_reader() -> None:
    """The page a reader asks for is made beside the build's current page, not after it; the
    build starts no new page while a reader's is being made; each page is made once."""
    import threading
    import time

    from site_gen.build.memory import Files

    files, made = Files(), []
    gates = {name: (threading.Event(), threading.Event()) for name in ("big", "asked")}

    def page(name: str) -> bytes:
        started, release = gates.get(name, (threading.Event(), threading.Event()))
        started.set()
        if name in gates:
            assert release.wait(10)
        made.append(name)
        return name.encode()

    for name in ("big", "asked", "next"):
        files.put(f"{name}.html", lambda name=name: page(name))
    finisher = threading.Thread(target=files.make_all)
    finisher.start()
    assert gates["big"][0].wait(10)  # the build is making its big page
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(files["asked.html"]))
    reader.start()
    assert gates["asked"][0].wait(10)  # made beside it, not after it
    gates["big"][1].set()
    time.sleep(0.3)
    assert made == ["big"]  # the build waits for the reader's page
    gates["asked"][1].set()
    reader.join(10)
    finisher.join(10)
    assert read == [b"asked"] and made == ["big", "asked", "next"] and files.pending() == []


def test_garbage_the_preview_exempts_from_collection_is_freed_within_a_few_builds() -> None:
    """settle_memory freezes what a build leaves (so full collections stay out of the next
    edit); cyclic garbage caught by a freeze is collected at the next full settling."""
    import gc
    import weakref

    from site_gen.build.kept_site import FULL_EVERY, settle_memory

    class Node:
        pass

    try:
        settle_memory(0)
        node = Node()
        node.self = node  # type: ignore[attr-defined]  # a cycle: only the collector frees it
        alive = weakref.ref(node)
        settle_memory(1)  # frozen with it
        del node
        gc.collect()
        assert alive() is not None  # exempt from collection while frozen
        settle_memory(FULL_EVERY)
        assert alive() is None
    finally:
        gc.unfreeze()


@pytest.mark.slow
def test_a_newer_save_stops_the_last_builds_background_pages(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher's builds finish in the background; a newer build stops the last one between
    two pages instead of waiting for all of them, and then serves what a fresh preview does."""
    import time

    from site_gen.build.memory import Files
    from site_gen.web.html import Renderer

    real = Renderer.render_page

    def slow(self: Renderer, page: pages.Page, extra: dict[str, object] | None = None) -> str:
        time.sleep(0.05)  # every page takes a while: finishing them all would take seconds
        return real(self, page, extra)

    preview = _fresh(sample_copy)
    try:
        monkeypatch.setattr(Renderer, "render_page", slow)
        site_file = sample_copy / "site.yaml"  # every page's input: every page is made again
        site_file.write_text(site_file.read_text("utf-8") + "# 改动\n", "utf-8")
        assert preview.rebuild(background=True), preview.error
        superseded = preview.files
        assert isinstance(superseded, Files) and len(superseded.pending()) > 10
        done = random_edit(sample_copy, random.Random(7))
        assert preview.rebuild(), preview.error
        assert superseded.pending(), "the newer build waited for every page of the last one"
        monkeypatch.undo()
        fresh = _fresh(sample_copy)
        try:
            _same(preview, fresh, ["site.yaml", done])
        finally:
            fresh.stop()
    finally:
        preview.stop()


# ---------------------------------------------------------------- entries kept between loads
def test_a_kept_file_s_entry_follows_site_yaml_the_drafts_option_and_its_neighbours(
    sample_copy: Path,
) -> None:
    """The loader keeps what each unchanged file gave (its place, its entry or the problem that
    keeps it out) for as long as site.yaml is unchanged; a changed site.yaml, the drafts option
    and a new file taking the same address are all seen, as a fresh load sees them."""
    import os
    import time

    from site_gen.errors import Problem
    from site_gen.load import KeptEntries, LoadedDocument, load_site

    content = sample_copy / "content"
    site_file = sample_copy / "site.yaml"
    original = site_file.read_text("utf-8")
    narrative = content / "2022" / "qingdao-model-organ.yaml"
    as_published = narrative.read_text("utf-8")
    text = as_published.replace("publisher: 青岛市财政局", "publisher: 新设单位")
    narrative.write_text("draft: true\n" + text, "utf-8")
    cache: dict[Path, LoadedDocument] = {}
    kept = KeptEntries()
    old = time.time_ns() - 60 * 10**9

    def load(drafts: bool = True) -> tuple[list[str], dict[str, list[Problem]]]:
        for file in content.rglob("*.yaml"):  # settled: an unchanged file is not read again
            if file.stat().st_mtime_ns != old:  # (each utime moves the change time)
                os.utime(file, ns=(old, old))
        broken: dict[str, list[Problem]] = {}
        site, _ = load_site(
            sample_copy, include_drafts=drafts, cache=cache, broken=broken, kept_entries=kept
        )
        fresh: dict[str, list[Problem]] = {}
        again, _ = load_site(sample_copy, include_drafts=drafts, broken=fresh)  # nothing kept
        shown = [f"{e.source}:{e.publisher.name}" for e in site.entries]
        assert shown == [f"{e.source}:{e.publisher.name}" for e in again.entries]
        assert {k: [p.as_dict() for p in v] for k, v in broken.items()} == {
            k: [p.as_dict() for p in v] for k, v in fresh.items()
        }
        return shown, broken

    name = "content/2022/qingdao-model-organ.yaml"
    shown, broken = load()
    files = dict(cache)
    shown, broken = load()
    assert all(cache[path] is item for path, item in files.items())  # the same file objects
    assert len(kept.made) == len(files)
    assert "新设单位" in broken[name][0].message and not any(name in s for s in shown)
    site_file.write_text(
        original.replace("publishers:\n", "publishers:\n  - id: new\n    name: 新设单位\n"), "utf-8"
    )
    shown, broken = load()
    assert f"{name}:新设单位" in shown and not broken
    shown, broken = load(drafts=False)  # the same files, drafts left out
    assert not any(name in s for s in shown) and not broken
    site_file.write_text(original, "utf-8")
    shown, broken = load()
    assert name in broken
    # a file whose name gives the same address as a kept one's (NFKC: ａ is a)
    (content / "2022" / "ａbc.yaml").write_text(as_published, "utf-8")
    (content / "2022" / "abc.yaml").write_text(as_published, "utf-8")
    shown, broken = load()
    assert "网址重复" in broken["content/2022/ａbc.yaml"][0].message
    (content / "2022" / "abc.yaml").unlink()
    shown, broken = load()
    assert "content/2022/ａbc.yaml" not in broken


def test_the_open_data_and_page_of_a_removed_document_are_not_kept(sample_copy: Path) -> None:
    preview = _fresh(sample_copy)
    try:
        assert preview.result is not None
        sources = {e.source for e in preview.result.site.entries}
        assert set(preview.page_cache.data) == sources
        assert "2022/qingdao-model-organ.html" in preview.page_cache.rendered
        removed = next((sample_copy / "content").rglob("qingdao-model-organ.yaml"))
        removed.unlink()
        assert preview.rebuild()
        assert set(preview.page_cache.data) == sources - {"content/2022/qingdao-model-organ.yaml"}
        assert "2022/qingdao-model-organ.html" not in preview.page_cache.rendered
    finally:
        preview.stop()


def test_an_unchanged_document_s_page_is_planned_as_the_same_object(sample_copy: Path) -> None:
    """pages.plan keeps the page of a document that holds no project followed through the year
    while its entry and breadcrumbs are the same objects; the preview's page cache then knows
    it without comparing keys. An edited document gets a new page."""
    from site_gen.load import KeptEntries, LoadedDocument, load_site
    from site_gen.web import pages

    cache: dict[Path, LoadedDocument] = {}
    kept = KeptEntries()

    def plan() -> dict[str, pages.Page]:
        site, _ = load_site(sample_copy, cache=cache, kept_entries=kept, include_drafts=True)
        return {p.route: p for p in pages.plan(site) if p.entry is not None}

    first = plan()
    edited = next((sample_copy / "content").rglob("qingdao-model-organ.yaml"))
    edited.write_text(edited.read_text("utf-8").replace("title: ", "title: 修订 ", 1), "utf-8")
    second = plan()
    same = {r for r in first if second[r] is first[r]}
    alone = {r for r, page in first.items() if not page.context["projects"]}
    assert same == alone - {"2022/qingdao-model-organ.html"} and len(same) >= 4
    assert second["2022/qingdao-model-organ.html"].title.startswith("修订")


def test_kept_markup_outlives_a_build_superseded_before_its_last_page() -> None:
    """The markup kept for listed rows (Memo.kept_markup) is replaced by what a build used only
    when that build made every page: a preview build superseded halfway (a quick second save)
    used only some rows, and dropping the rest made the next build render every row again."""
    from site_gen.web.summaries import Memo

    memo, first, second = Memo(), object(), object()
    made: list[str] = []

    def make(text: str):  # type: ignore[no-untyped-def]
        return lambda: made.append(text) or text

    assert memo.kept_markup(("a",), (first,), make("row a")) == "row a"
    assert memo.kept_markup(("b",), (second,), make("row b")) == "row b"
    memo.all_made = True
    memo.keep_only([])  # the next build begins
    assert memo.kept_markup(("a",), (first,), make("again")) == "row a"  # then it is superseded
    memo.keep_only([])  # and the next one begins: row b is still kept
    assert memo.kept_markup(("b",), (second,), make("again")) == "row b"
    assert made == ["row a", "row b"]
    memo.all_made = True  # that build made every page
    memo.keep_only([])
    assert memo.kept_markup(("b",), (second,), make("again")) == "row b"
    memo.all_made = True  # and so did the next, without row a: it is forgotten
    memo.keep_only([])
    assert memo.kept_markup(("a",), (first,), make("made again")) == "made again"
