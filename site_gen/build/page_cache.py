"""Pages kept between builds (issue 29): a page is rendered again only when something it is
rendered from changed; an edit to one document renders its page, its project's pages and the
listing pages, not the province.

What a page is rendered from (the preview's page cache decides the same way):
- what every page shares: the program (build.step_cache), site.yaml, every template of the
  theme by content, the site's shape in the navigation (its years, the publishers in use), the
  build's settings (PDF, search, bundle) and SOURCE_DATE_EPOCH;
- the page itself: its route, template, title and breadcrumbs;
- a document's page: its document and the documents it shows besides (a project's stages),
  each by the digest of its source and what the loader adds; a listing page (home, years,
  publishers, projects, search): every document;
- what its download links said of their files (size, pages): recorded while it was rendered,
  and compared with this build's files before the page is used.
The page's ids and links are kept with it, for the link check. Entries are checked as every
step's are (build.step_cache) and kept in `.site-gen-cache/pages/`, the pages of the last build
only.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from site_gen import i18n, model
from site_gen.build import step_cache
from site_gen.load import SitePaths
from site_gen.web import pages
from site_gen.web.html import Renderer, template_dirs

Asked = dict[str, list[object] | None]  # download route → what the page said of it


def shared_key(site: model.Site, paths: SitePaths, settings: tuple[bool, ...]) -> str:
    """What every page of a site depends on besides the program."""
    digest = hashlib.sha256(paths.site_file.read_bytes() if paths.site_file.exists() else b"")
    digest.update(repr((site.years, [p.id for p in site.publishers_in_use], settings)).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode() + b"\0")
    for directory in template_dirs(paths.templates):
        for file in sorted(directory.rglob("*")):
            if file.is_file():
                digest.update(file.relative_to(directory).as_posix().encode() + b"\0")
                digest.update(file.read_bytes() + b"\0")
    for catalog in sorted(i18n.LOCALE_DIR.glob("*.po")):  # the interface's words (the preview
        digest.update(catalog.read_bytes() + b"\0")  # has no program key)
    return digest.hexdigest()


def identity(entry: model.Entry) -> tuple[object, ...]:
    """What a page shows of a document: its content, and where and by whom it is published."""
    return (entry.digest, entry.year, entry.slug, entry.source, entry.language, entry.publisher)


def page_inputs(page: pages.Page) -> tuple[object, ...]:
    """What a page is besides the documents it shows (also the preview's key, preview/)."""
    return (page.route, page.template, page.title, page.crumbs, page.facts)


class PageCache:
    def __init__(self, site_root: Path, renderer: Renderer, paths: SitePaths) -> None:
        settings = (renderer.preview, renderer.with_pdf, renderer.with_search, renderer.with_bundle)
        self.store = step_cache.Store(site_root, "pages")
        self.renderer = renderer
        self.shared = shared_key(renderer.site, paths, settings)
        self.every = hashlib.sha256(
            repr([identity(e) for e in renderer.site.entries]).encode()
        ).hexdigest()
        self.used: set[str] = set()

    def key(self, page: pages.Page) -> str:
        own = (page.entry,) if page.entry is not None else ()
        shown = [identity(e) for e in (*own, *page.related)] if own or page.related else None
        return step_cache.key_of("page", self.shared, page_inputs(page), shown or self.every)

    def get(self, page: pages.Page) -> tuple[str, tuple[list[str], list[str]]] | None:
        key = self.key(page)
        self.used.add(key)
        found = self.store.get(key)
        if found is None:
            return None
        files, extra = found
        asked: Asked = extra["asked"]
        downloads = self.renderer.downloads
        if any(_said(downloads.get(route)) != said for route, said in asked.items()):
            return None  # a download link would now say something else of its file
        ((_, html),) = files
        ids, refs = extra["found"]
        return str(html), (ids, refs)

    def put(
        self, page: pages.Page, html: str, found: tuple[list[str], list[str]], asked: Asked
    ) -> None:
        save(self.store, self.key(page), page.route, html, found, asked)

    def keep_used(self) -> None:
        self.store.keep_only(self.used)


def save(
    store: step_cache.Store,
    key: str,
    route: str,
    html: str,
    found: tuple[list[str], list[str]],
    asked: Asked,
    data: bytes | None = None,
) -> str:
    """Keep a rendered page (also called by the page workers, build.page_workers); `data`: its
    bytes if encoded already. Returns their SHA-256."""
    extra = {"found": found, "asked": asked}
    return store.put(key, [(route, html)], extra, [data] if data is not None else None)[0]


def _said(facts: tuple[str, int | None] | None) -> list[object] | None:
    return list(facts) if facts is not None else None  # as JSON keeps it


def asked_of(renderer: Renderer) -> Asked:
    """What the pages rendered since the last call said of their downloads (Renderer.asked)."""
    asked = {route: _said(renderer.downloads.get(route)) for route in sorted(renderer.asked)}
    renderer.asked.clear()
    return asked
