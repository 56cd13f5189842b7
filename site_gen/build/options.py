"""What a build is asked (BuildOptions) and answers (BuildResult), and what its caller may hand
it: the preview's page cache and a progress display. Kept apart from the stages
(build.pipeline) so that the modules around the build read them without importing it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from site_gen import model, pdf
from site_gen.build.memory import Files, Staged
from site_gen.build.packed import Packed
from site_gen.build.resident import Published
from site_gen.errors import Problem
from site_gen.load import KeptEntries, LoadedDocument, SitePaths
from site_gen.web import links, pages
from site_gen.web.summaries import Memo


@dataclass
class BuildOptions:
    output: Path
    with_pdf: bool = True
    with_search: bool = True
    strict: bool = False  # warnings, broken internal links, anchors or duplicate ids fail the build
    bundle: bool = False  # also one PDF per year with every document, a cover and contents
    pdf_variant: str = pdf.DEFAULT_VARIANT  # or one of pdf.PDF_VARIANTS
    preview: bool = False
    include_drafts: bool = False
    # reuse the steps whose inputs are unchanged: PDF annexes (pdf/annex_cache), loaded files,
    # open data, pages, search parts (build/step_cache); False is --no-cache
    pdf_cache: bool = True
    jobs: int | None = None  # worker processes (PDFs, and a large site's open data); None: cores
    executor: str | None = None  # where they run: None (local processes) or dask://HOST:PORT
    lock_wait: float = 600.0  # seconds to wait for another build of the same output
    # The preview's: pages not kept, and the site's feeds, are made when first asked for or
    # by BuildResult.finish (which the preview calls once it serves the build).
    defer: bool = False
    # `build --watch`'s: the site is kept in memory between builds (the caller's PageCache) and
    # each build writes only the files that changed into output/ (build.resident).
    resident: bool = False


class PageCache(Protocol):
    """Pages kept between builds (the preview keeps one; a published build has none).

    The pipeline asks and stores; the cache decides what a page depends on.
    """

    documents: dict[Path, LoadedDocument]  # parsed content files, for load_site
    entries: KeptEntries  # what each of them gave the last load, for load_site
    told: frozenset[str] | None  # what a watcher said changed since then (load.watched)
    data: dict[str, tuple[str, Staged, model.Entry, bool]]  # each document's JSON, CSV and .xlsx
    summaries: Memo  # what each document's summary says
    checked_links: links.Memo  # each page's link findings
    published: Published  # what a resident build last wrote into output/ (build.resident)
    annexes: dict[str, tuple[model.Entry, str, pdf.Annex]]  # a resident build's, by route
    shared: str  # what every page depends on, as of begin()

    def begin(self, site: model.Site, paths: SitePaths, planned: list[pages.Page]) -> None: ...
    def get(self, page: pages.Page) -> tuple[bytes | Packed, links.PageLinks] | None: ...
    def put(self, page: pages.Page, data: bytes | Packed, found: links.PageLinks) -> None: ...


# A stage's progress: called with a label and a count, gives a context whose value is a tick.
Progress = Callable[[str, int], AbstractContextManager[Callable[[], None]]]


def no_progress(label: str, total: int) -> AbstractContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


@dataclass
class BuildResult:
    site: model.Site
    warnings: list[Problem]
    files: list[str] = field(default_factory=list)  # written (the preview's: in `memory`)
    pdfs: int = 0
    pdfs_rendered: int = 0  # laid out this time, not taken from the PDF cache
    rendered_pages: list[str] = field(default_factory=list)  # not taken from a cache
    link_findings: list[str] = field(default_factory=list)
    broken: dict[str, list[Problem]] = field(default_factory=dict)  # preview: files left out
    documents: int = 0
    up_to_date: bool = False  # nothing changed since the last build: nothing was written
    memory: Files | None = None  # the preview's files, by route (none on disk)
    # With `defer`: make the rest and check the links; False if stopped (by the event) first.
    finish: Callable[[threading.Event | None], bool] | None = None
