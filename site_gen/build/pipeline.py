"""The build, as a list of stages: load → plan pages → render HTML → render PDFs → write.

Everything is validated and rendered before a byte is written; the write stage stages the files
beside output/ and swaps them in at the end, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from site_gen import interrupt, model
from site_gen.build import (
    data_cache,
    feeds,
    load_cache,
    page_cache,
    page_workers,
    parallel,
    step_cache,
)
from site_gen.build import manifest as build_manifest
from site_gen.build.annexes import render_annexes
from site_gen.build.memory import MemoryTree, Staged
from site_gen.build.options import (
    BuildOptions,
    BuildResult,
    PageCache,
    Progress,
    no_progress,
)
from site_gen.build.packed import Packed, pack
from site_gen.build.resident import SyncedTree
from site_gen.build.site_lock import SiteLock
from site_gen.build.write import OutputTree, check_output_dir
from site_gen.errors import BuildError, ContentError, Problem, Report
from site_gen.load import SitePaths, load_config, load_file, load_site
from site_gen.pdf.annexes import (
    PRINT_CSS,
    STATIC_ROUTE,
    font_substitutions,
    static_files,
)
from site_gen.web import links, pages, search
from site_gen.web.html import Renderer, check_theme, download_facts

# Options that change how a build runs, never what it writes: not part of its fingerprint.
_HOW_NOT_WHAT = frozenset({"jobs", "executor", "lock_wait", "defer", "resident"})


def build(
    root: Path,
    options: BuildOptions,
    cache: PageCache | None = None,
    progress: Progress = no_progress,
) -> BuildResult:
    """Load → plan → HTML → data files → PDF → check links → write; nothing is written unless
    every stage before the write succeeded."""
    paths = SitePaths(root)
    check_output_dir(options.output, root)
    check_theme(paths.templates)
    with (
        SiteLock(options.output, options.lock_wait),  # one writer per output folder
        parallel.Workers(options.jobs, options.executor) as workers,  # started when needed
    ):
        return _build(root, paths, options, cache, progress, workers)


def _build(
    root: Path,
    paths: SitePaths,
    options: BuildOptions,
    cache: PageCache | None,
    progress: Progress,
    workers: parallel.Workers,
) -> BuildResult:
    fingerprint = unchanged_build(paths, options)
    if isinstance(fingerprint, BuildResult):
        return fingerprint
    broken: dict[str, list[Problem]] = {}
    load: load_cache.Make = functools.partial(workers.in_order, load_file)
    if _keeps(options):  # the preview keeps its own documents
        load = load_cache.cached(load, root)
    defer = options.preview and options.defer
    # The preview serves an edit before the checks across documents (warnings only) are made.
    later: list[Callable[[], list[Problem]]] | None = [] if defer and not options.strict else None
    site, warnings = load_site(  # 1. load
        root,
        include_drafts=options.include_drafts,
        cache=cache.documents if cache else None,
        broken=broken if options.preview else None,
        make=load,
        later=later,
        kept_entries=cache.entries if cache else None,
        changed=cache.told if cache else None,
    )
    if options.strict and warnings:
        raise ContentError(warnings, strict=True)
    result = BuildResult(site=site, warnings=warnings, broken=broken)
    from_load = len(warnings)
    page_list = pages.plan(site)  # 2. plan
    if cache is not None:  # the preview's: what its kept pages and summaries depend on
        cache.begin(site, paths, page_list)
    # The preview makes a PDF or the search index when a reader asks for it, so its pages
    # offer both although the build makes neither.
    renderer = Renderer(
        site,
        paths.templates,
        preview=options.preview,
        with_pdf=options.with_pdf or options.preview,
        with_search=options.with_search or options.preview,
        with_bundle=options.bundle and options.with_pdf,
        memo=cache.summaries if cache else None,
    )
    # 3–7. Files go to a staging folder beside output/ as they are made, so no stage holds the
    # whole site in memory; output/ itself changes only when the staged tree is swapped in.
    # The preview keeps its files in memory (it holds them in its caches anyway) and serves
    # them from there: an edit writes nothing to disk.
    tree: OutputTree | MemoryTree
    if options.resident:  # build --watch: kept in memory, only changes written at the end
        assert cache is not None, "a resident build keeps its site in a PageCache"
        tree = SyncedTree(options.output, cache.published)
    else:
        tree = MemoryTree() if options.preview else OutputTree(options.output)
    try:
        no_sheet: list[model.Entry] = []  # 3. open data and feeds
        routes, memo = [p.route for p in page_list], cache.data if cache else None
        make: data_cache.Make = functools.partial(
            workers.in_order, feeds.document_files, inherit=True
        )
        if _keeps(options):  # the preview keeps its own (memo)
            hashed = tree.hashed if isinstance(tree, OutputTree) else None
            make = data_cache.cached(make, root, site.entries, hashed)
        sizes: dict[str, int] = {}
        # the preview does not hold the workbooks (made again when read); build --watch writes them
        remade = options.preview and not options.resident
        for group in feeds.open_data(site, no_sheet, memo, make, remade):  # a document's files
            if isinstance(group, Staged) and isinstance(tree, MemoryTree):  # the preview's
                tree.stage(group)
                sizes.update(zip(group.routes, group.sizes, strict=True))
            else:
                for route, content in group.files if isinstance(group, Staged) else group:
                    sizes[route] = tree.write(route, content)
        result.warnings += [feeds.no_sheet_warning(e) for e in no_sheet]
        summarise = renderer.summaries.summarise  # the feed says what the pages say
        listed = renderer.summaries.listed if cache is not None else None  # kept between builds
        for route, made in feeds.site_files(
            site, routes, options.with_pdf, no_sheet, summarise, listed
        ):
            if defer and isinstance(tree, MemoryTree):  # made when asked for
                tree.defer(route, made)
            else:
                tree.write(route, made())
        annexes = (
            render_annexes(renderer, paths, options, result, progress, workers, cache)
            if options.with_pdf
            else {}
        )
        result.pdfs = len(annexes)  # 4. PDF annexes
        if annexes:
            result.warnings += font_substitutions(site.config)
        page_counts = {route: annex.pages for route, annex in annexes.items()}
        sizes |= {route: tree.write(route, annex.data) for route, annex in annexes.items()}
        del annexes
        renderer.downloads = download_facts(sizes, page_counts)  # links say how big files are
        kept = page_cache.PageCache(root, renderer, paths) if _keeps(options) else None
        found = render_pages(
            renderer, page_list, paths, cache, progress, result, tree, workers, kept, defer
        )
        checked = cache.checked_links if cache else None  # the preview's: what an edit reaches

        def check(stop: threading.Event | None = None) -> bool:  # 6. links, every page made
            if isinstance(tree, MemoryTree) and not tree.make_all(stop):
                return False  # superseded: the next build checks its own
            renderer.summaries.all_made = True  # what the pages kept is complete (Memo)
            try:  # the preview's checks stop inside once superseded (interrupt)
                with interrupt.stops_when(stop):
                    interrupt.check()
                    findings = finishing_checks()
            except interrupt.Superseded:
                return False
            if later:
                later.clear()
            result.warnings, result.link_findings = findings
            if options.strict and result.link_findings:
                raise BuildError(
                    "链接检查未通过：\n    " + "\n    ".join(result.link_findings),
                    hint="修正内容中的链接，或去掉 --strict",
                )
            return True

        def finishing_checks() -> tuple[list[Problem], list[str]]:
            """The warnings with those of the checks across documents (in the order a build
            that made them at once gives), and the link check's findings."""
            warnings = result.warnings
            if later:
                report = Report()
                report.extend(warnings[:from_load])
                report.extend([p for checks in later for p in checks()])
                warnings = report.sorted() + warnings[from_load:]
            on_demand = {pages.pdf_route(e) for e in site.entries} if options.preview else set()
            in_order = {page.route: found[page.route] for page in page_list}
            routes = set(tree.routes)
            return warnings, check_links(in_order, routes, paths, on_demand, checked)

        if defer:
            result.finish = check  # the preview serves first, then finishes
        else:
            check()
        result.documents = len(site.entries)
        # The skip record describes the complete staged tree, by content: taken before the
        # swap, saved after it, so it never describes a half-written or another build's output.
        complete(tree, paths, options)  # 7. theme files, search index
        staged = tree.staging if isinstance(tree, OutputTree) and fingerprint else None
        known = tree.digests if isinstance(tree, OutputTree) else None
        files = build_manifest.snapshot(staged, known) if staged else {}
        tree.commit()  # 8. swap the complete tree in
        result.files = sorted(tree.written) if isinstance(tree, OutputTree) else []
        if isinstance(tree, SyncedTree):
            result.files = tree.changed
        result.memory = tree.files if options.preview and isinstance(tree, MemoryTree) else None
    except BaseException:
        tree.abort()
        raise
    if fingerprint:
        summary: dict[str, object] = {"documents": result.documents, "pdfs": result.pdfs}
        summary["link_findings"] = result.link_findings
        build_manifest.save(paths, options.output, fingerprint, summary, result.warnings, files)
    return result


def _keeps(options: BuildOptions) -> bool:
    """Whether the build keeps its steps for the next (build.step_cache): not with --no-cache,
    nor in the preview or a resident build, which keep their own in memory."""
    return options.pdf_cache and not options.preview and not options.resident


def unchanged_build(paths: SitePaths, options: BuildOptions) -> BuildResult | str | None:
    """The result of the last build if nothing it depends on changed (build.manifest), else
    this build's fingerprint (None for the preview and --no-cache, which do not skip)."""
    if options.preview or options.resident or not options.pdf_cache:
        return None
    key = repr([getattr(options, f.name) for f in fields(options) if f.name not in _HOW_NOT_WHAT])
    static_dir = static_files(paths)[PRINT_CSS].parent
    digest = build_manifest.fingerprint(paths, key, static_dir, options.with_pdf)
    record = build_manifest.up_to_date(paths, options.output, digest) if digest else None
    if record is None:
        return digest
    config, _ = load_config(paths)
    assert config is not None  # the recorded build loaded it
    result = BuildResult(model.Site(config, ()), build_manifest.warnings_of(record))
    result.documents, result.pdfs, result.up_to_date = record["documents"], record["pdfs"], True
    result.link_findings = record.get("link_findings", [])
    return result


def render_pages(
    renderer: Renderer,
    page_list: list[pages.Page],
    paths: SitePaths,
    cache: PageCache | None,
    progress: Progress,
    result: BuildResult,
    tree: OutputTree | MemoryTree,
    workers: parallel.Workers | None = None,
    kept: page_cache.PageCache | None = None,
    defer: bool = False,
) -> links.Found:
    """Render and stage every page (5.); returns each page's ids and links for the link check.
    With `defer` (the preview's), a page not kept is staged to be rendered when first read.
    A page whose inputs did not change since the last build comes from `kept` (the build's
    page cache; the preview has its own, `cache`); a large site's other pages are rendered on
    the build's workers (build.page_workers)."""
    found: links.Found = {}
    with progress("网页", len(page_list)) as tick:
        todo = []
        for page in page_list:
            hit = kept.get(page) if kept is not None else None
            if hit is None:
                todo.append(page)
                continue
            tree.write(page.route, hit[0])
            found[page.route] = hit[1]
            tick()
        on_workers = workers is not None and page_workers.wanted(workers, len(todo))
        if cache is None and isinstance(tree, OutputTree) and on_workers:
            assert workers is not None
            keys = (paths.root, [kept.key(page) for page in todo]) if kept is not None else None
            found |= page_workers.render(renderer, todo, tree, workers, tick, keys)
            result.rendered_pages += [page.route for page in todo]
        else:
            for page in todo:
                memo = cache.get(page) if cache is not None else None
                if memo is not None:  # the preview's, with the page's ids and links
                    tree.write(page.route, memo[0])
                    found[page.route] = memo[1]
                    tick()
                    continue
                make = functools.partial(
                    _render, renderer, page, result.rendered_pages, found, cache, kept
                )
                if defer and isinstance(tree, MemoryTree):  # made when asked for, or finished
                    # a document's page first: the reviewer is most likely reading the
                    # page of the document just saved, and waits while others are made
                    tree.defer(page.route, make, first=page.entry is not None)
                else:
                    tree.write(page.route, make())
                tick()
    if kept is not None:
        kept.keep_used()
    return found  # a deferred page's when it is made


def _render(
    renderer: Renderer,
    page: pages.Page,
    rendered: list[str],
    found: links.Found,
    cache: PageCache | None,
    kept: page_cache.PageCache | None,
) -> bytes | Packed:
    """One page rendered: its bytes (the preview's packed, as its cache keeps them); its ids
    and links into `found`; kept in the caches."""
    renderer.asked.clear()
    html = renderer.render_page(page)
    interrupt.check()  # the preview's finishing: a large page's later steps take a while too
    rendered.append(page.route)
    data = html.encode("utf-8")
    found[page.route] = links.collect(html)
    interrupt.check()
    if kept is not None:
        kept.put(page, html, found[page.route], page_cache.asked_of(renderer))
    if cache is None:
        return data
    packed = pack(page.route, data)
    cache.put(page, packed, found[page.route])
    return packed


def check_links(
    found: links.Found,
    routes: set[str],
    paths: SitePaths,
    on_demand: set[str] | None = None,
    memo: links.Memo | None = None,
) -> list[str]:
    """Broken internal links; `on_demand`: files the preview makes when they are asked for."""
    files = routes | {f"{STATIC_ROUTE}/{name}" for name in static_files(paths)}
    files |= on_demand or set()
    return links.check(found, files, skip=frozenset({pages.NOT_FOUND}), memo=memo)


def complete(tree: OutputTree | MemoryTree, paths: SitePaths, options: BuildOptions) -> None:
    """Add the theme's files to the staged tree and index it for search."""
    for name, file in static_files(paths).items():
        tree.copy(f"{STATIC_ROUTE}/{name}", file)
    if options.with_search and isinstance(tree, SyncedTree):  # from memory
        tree.index_for_search()
    if options.with_search and isinstance(tree, OutputTree):  # the preview's: on demand
        parts = step_cache.Keyed(step_cache.Store(paths.root, "search"), "search")
        search.index_site(tree.staging, kept=parts if _keeps(options) else None)
