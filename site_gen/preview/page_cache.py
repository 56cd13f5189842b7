"""The preview's memory between rebuilds: parsed content files and rendered pages, each kept
until something it depends on changes (pipeline.PageCache is the protocol it fills)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_gen import model
from site_gen.build import page_cache as build_pages
from site_gen.build.feeds import DataFiles
from site_gen.load import LoadedDocument, SitePaths
from site_gen.web import pages


@dataclass
class PageCache:
    """Parsed documents by file and rendered pages by route, kept between the preview's rebuilds.

    A page is rendered again only when its inputs changed: its document's bytes, the theme's
    templates, site.yaml, or the site's shape (years and publishers in the navigation).
    """

    documents: dict[Path, LoadedDocument] = field(default_factory=dict)
    data: dict[str, tuple[str, DataFiles]] = field(default_factory=dict)  # by content file
    rendered: dict[str, tuple[str, str]] = field(default_factory=dict)  # route: (key, html)
    shared: str = ""  # digest of what every page depends on
    every_document: str = ""  # what a listing page depends on as well: every document

    def begin(self, site: model.Site, paths: SitePaths) -> None:
        self.shared = build_pages.shared_key(site, paths, ())  # as a build's kept pages
        self.every_document = ",".join(f"{e.source}={e.digest}" for e in site.entries)

    def key(self, page: pages.Page) -> str:
        """What a page depends on: its own document and the documents it shows besides
        (a project's stages), or (listing pages) every document."""
        own = (page.entry,) if page.entry is not None else ()
        if own or page.related:
            return f"{self.shared}:" + ",".join(e.digest for e in (*own, *page.related))
        return f"{self.shared}:{self.every_document}"

    def get(self, page: pages.Page) -> str | None:
        key, html = self.rendered.get(page.route, ("", ""))
        return html if key == self.key(page) else None

    def put(self, page: pages.Page, html: str) -> None:
        self.rendered[page.route] = (self.key(page), html)
