"""The preview's memory between rebuilds: parsed content files and rendered pages, each kept
until something it depends on changes (pipeline.PageCache is the protocol it fills)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from site_gen import i18n, model
from site_gen.build.feeds import DataFiles
from site_gen.load import LoadedDocument, SitePaths
from site_gen.web import pages
from site_gen.web.html import template_dirs


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
        digest = hashlib.sha256(paths.site_file.read_bytes() if paths.site_file.exists() else b"")
        digest.update(repr((site.years, [p.id for p in site.publishers_in_use])).encode())
        for directory in template_dirs(paths.templates):
            for file in sorted(directory.rglob("*")):
                if file.is_file():
                    digest.update(file.relative_to(directory).as_posix().encode())
                    digest.update(file.read_bytes())
        for catalog in sorted(i18n.LOCALE_DIR.glob("*.po")):  # the interface's words
            digest.update(catalog.read_bytes())
        self.shared = digest.hexdigest()
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
