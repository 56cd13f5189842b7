"""A site kept in memory between rebuilds (by the preview, and by `build --watch`): parsed
content files and rendered pages, each kept until something it depends on changes
(pipeline.PageCache is the protocol it fills)."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from site_gen import model, pdf
from site_gen.build import page_cache as build_pages
from site_gen.build.memory import Staged
from site_gen.build.packed import Packed
from site_gen.build.resident import Published
from site_gen.load import KeptEntries, LoadedDocument, SitePaths
from site_gen.model.memo import per_object
from site_gen.web import links, pages
from site_gen.web.summaries import Memo

# What a kept page was rendered from (PageCache.key): compared with ==, never hashed or shown.
Key = tuple[str, tuple[object, ...], tuple[str, ...]]


@dataclass
class PageCache:
    """Parsed documents by file and rendered pages by route, kept between rebuilds.

    A page is rendered again only when its inputs changed: its document's bytes, the theme's
    templates, site.yaml, or the site's shape (years and publishers in the navigation).
    """

    documents: dict[Path, LoadedDocument] = field(default_factory=dict)
    entries: KeptEntries = field(default_factory=KeptEntries)  # what each of them gave
    # what the preview's watcher said changed since content/ was last looked at whole; None:
    # not known, every file is looked at (load.watched)
    told: frozenset[str] | None = None
    data: dict[str, tuple[str, Staged, model.Entry, bool]] = field(
        default_factory=dict
    )  # by content file
    # route: (key, the page's bytes as served, its ids and links for the link check, the page)
    rendered: dict[str, tuple[Key, bytes | Packed, links.PageLinks, pages.Page]] = field(
        default_factory=dict
    )
    summaries: Memo = field(default_factory=Memo)  # each unchanged document's, kept
    checked_links: links.Memo = field(default_factory=links.Memo)  # each unchanged page's
    published: Published = field(default_factory=Published)  # build --watch's (build.resident)
    # build --watch's PDF annexes by route: (the entry, what every annex is made with, annex)
    annexes: dict[str, tuple[model.Entry, str, pdf.Annex]] = field(default_factory=dict)
    shared: str = ""  # digest of what every page depends on
    every_document: tuple[str, ...] = ()  # what a listing page depends on as well: every document

    def begin(self, site: model.Site, paths: SitePaths, planned: list[pages.Page]) -> None:
        """A build starts: forget the pages it does not plan (a removed document's)."""
        routes = {page.route for page in planned}
        self.rendered = {r: kept for r, kept in self.rendered.items() if r in routes}
        shared = build_pages.shared_key(site, paths, ())  # as a build's kept pages
        if shared != self.shared:  # site.yaml's labels, the templates, the messages…
            self.summaries = Memo()
        self.shared = shared
        self.summaries.keep_only(e.doc for e in site.entries)
        self.every_document = tuple(map(_identity, site.entries))

    def key(self, page: pages.Page) -> Key:
        """What a page depends on: its own document and the documents it shows besides
        (a project's stages), or (listing pages) every document. A tuple, compared part by
        part, not a text: an unchanged document's identity is the same string object from
        build to build, so a province's keys compare without being formatted every edit."""
        own = (page.entry,) if page.entry is not None else ()
        shown = (*own, *page.related)
        documents = tuple(map(_identity, shown)) if shown else self.every_document
        return (self.shared, build_pages.page_inputs(page), documents)

    def get(self, page: pages.Page) -> tuple[bytes | Packed, links.PageLinks] | None:
        kept = self.rendered.get(page.route)
        if kept is None:
            return None
        # the same page object (pages.plan keeps a document's while its entry is the same) has
        # the same key while what every page shares is the same
        if not (kept[3] is page and kept[0][0] == self.shared) and kept[0] != self.key(page):
            return None
        return kept[1], kept[2]

    def put(self, page: pages.Page, data: bytes | Packed, found: links.PageLinks) -> None:
        self.rendered[page.route] = (self.key(page), data, found, page)


@per_object  # the loader keeps an unchanged document's entry (load._entry)
def _identity(entry: model.Entry) -> str:
    return repr(build_pages.identity(entry))


# A full collection at a province's scale costs seconds: made after every FULL_EVERY-th build.
FULL_EVERY = 8


def settle_memory(builds: int) -> None:
    """Once a build is finished (and the preview's served), exempt what is left (the kept documents, pages and
    summaries: millions of objects at a province's scale) from the collector's full passes,
    which would otherwise fall at random inside the next build before its pages are served
    (measured at 10,000 documents: about 1 s of each edit's 3). After every FULL_EVERY-th build
    everything is handed back to the collector and collected first, so garbage the freeze
    caught is freed within FULL_EVERY builds, not kept for ever."""
    if builds % FULL_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()
