"""The site's pages on every core (issue 29): a large site's pages are rendered by the build's
local workers, each page written straight into the staging folder by the worker that rendered
it, with its ids and links collected there for the link check.

A worker needs the whole site to render any page (navigation, year and publisher lists, project
links), so the site, the page list and the renderer's settings are pickled once into a private
temporary file; each worker loads it on its first task and keeps it for the next. The parent
process checks and reserves every page's path before any worker writes (OutputTree.path_for:
safe routes, no file written twice) and takes the results back in the pages' order, so the
files and the link check do not depend on which worker rendered which page.

A Dask cluster's machines (`--executor`) cannot see the staging folder or the temporary file:
the pickled job is placed once on every cluster worker, and they send each page's text back to
the build's process, which keeps and writes it in the pages' order.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_gen import model
from site_gen.build import page_cache, parallel, step_cache
from site_gen.build.write import OutputTree
from site_gen.pdf import pool
from site_gen.web import links, pages
from site_gen.web.html import Renderer

# Below this many pages a build renders in its own process: a worker loads the whole site first
# (0.7 s per 1,000 documents), about the time its own share of a few hundred pages takes.
PARALLEL_FROM = 400
CHUNK = 50  # pages per task: few enough round trips, small enough to spread evenly


@dataclass
class RenderJob:
    """What a worker needs to render any page of the site as the parent would."""

    site: model.Site
    templates: Path | None
    settings: dict[str, Any]  # Renderer's preview, with_pdf, with_search, with_bundle
    downloads: Mapping[str, tuple[str, int | None]]
    pages: list[pages.Page]
    targets: list[Path]  # each page's file in the staging folder, reserved by the parent
    kept: tuple[Path, list[str]] | None = None  # the page cache's site folder and each page's key


Rendered = list[tuple[str, str, tuple[list[str], list[str]]]]  # route, SHA-256, (ids, links)
_loaded: tuple[str, RenderJob, Renderer] | None = None  # a worker's job, by its file
INHERITED = ""  # the job's "file" when forked workers find it in place


def wanted(workers: parallel.Workers, page_count: int) -> bool:
    return (workers.count >= 2 or bool(workers.spec)) and page_count >= PARALLEL_FROM


def _renderer(job: RenderJob) -> Renderer:
    """A worker's renderer, set as the parent's was."""
    renderer = Renderer(job.site, job.templates, **job.settings)
    renderer.downloads = job.downloads
    return renderer


def render_chunk(task: tuple[str, int, int]) -> Rendered:
    """Render pages[start:stop] of the job in `path` and write them; runs in a worker."""
    global _loaded
    path, start, stop = task
    if _loaded is None or _loaded[0] != path:
        job: RenderJob = pickle.loads(Path(path).read_bytes())
        _loaded = (path, job, _renderer(job))
    _, job, renderer = _loaded
    store = step_cache.Store(job.kept[0], "pages") if job.kept else None
    out: Rendered = []
    for i in range(start, stop):
        page = job.pages[i]
        renderer.asked.clear()
        html = renderer.render_page(page)
        data = html.encode("utf-8")
        job.targets[i].write_bytes(data)
        found = links.collect(html)
        if store is not None and job.kept is not None:  # kept, and hashed there
            asked = page_cache.asked_of(renderer)
            digest = page_cache.save(store, job.kept[1][i], page.route, html, found, asked, data)
        else:
            digest = hashlib.sha256(data).hexdigest()
        out.append((page.route, digest, found))
    return out


def render(
    renderer: Renderer,
    page_list: list[pages.Page],
    tree: OutputTree,
    workers: parallel.Workers,
    tick: Callable[[], None],
    kept: tuple[Path, list[str]] | None = None,
) -> links.Found:
    """Every page rendered and staged by the workers; returns each page's ids and links. With
    `kept` (the page cache's site folder and each page's key), each page is kept there too."""
    settings = {
        "preview": renderer.preview,
        "with_pdf": renderer.with_pdf,
        "with_search": renderer.with_search,
        "with_bundle": renderer.with_bundle,
    }
    job = RenderJob(
        renderer.site,
        renderer.site_templates,
        settings,
        renderer.downloads,
        page_list,
        [],
    )
    tasks = [(i, min(i + CHUNK, len(page_list))) for i in range(0, len(page_list), CHUNK)]
    if workers.spec:  # the cluster writes nothing: the pages come back
        return _from_cluster(job, tasks, workers, tree, tick, kept)
    job.targets = [tree.path_for(page.route) for page in page_list]  # checked and reserved here
    job.kept = kept
    global _loaded
    if workers.restarted():  # forked workers find the job, and this renderer, in place
        _loaded = (INHERITED, job, renderer)
        try:
            return _collect(workers, [(INHERITED, *task) for task in tasks], tree, tick)
        finally:
            _loaded = None
    handle, name = tempfile.mkstemp(prefix="site_gen-pages-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(job, file, protocol=pickle.HIGHEST_PROTOCOL)
        del job
        return _collect(workers, [(name, *task) for task in tasks], tree, tick)
    finally:
        os.unlink(name)  # the one file this stage made outside the output


def _collect(
    workers: parallel.Workers,
    tasks: list[tuple[str, int, int]],
    tree: OutputTree,
    tick: Callable[[], None],
) -> links.Found:
    """The pages' ids and links, in the pages' order, as the workers render them."""
    found: links.Found = {}
    for chunk in workers.in_order(render_chunk, tasks, at_least=1):
        for route, digest, collected in chunk:
            found[route] = collected
            tree.digests[route] = digest  # taken as written: not hashed again
            tick()
    return found


Sent = list[tuple[str, str, links.PageLinks, page_cache.Asked]]  # route, text, (ids, links), asked
# A cluster worker's job, by its digest (a worker may run threads). The last one stays until
# another build's replaces it: one site per worker thread, the cost of not unpickling it per task.
_sent = threading.local()


def render_sent(task: tuple[bytes, str, int, int]) -> Sent:
    """Render pages[start:stop] of the pickled job `blob` and send them back; runs on a Dask
    cluster's worker, which unpickles the job once (its digest says when it is another)."""
    blob, digest, start, stop = task
    loaded: tuple[str, RenderJob, Renderer] | None = getattr(_sent, "job", None)
    if loaded is None or loaded[0] != digest:
        job: RenderJob = pickle.loads(blob)
        loaded = _sent.job = (digest, job, _renderer(job))
    _, job, renderer = loaded
    out: Sent = []
    for page in job.pages[start:stop]:
        renderer.asked.clear()
        html = renderer.render_page(page)
        out.append((page.route, html, links.collect(html), page_cache.asked_of(renderer)))
    return out


def _from_cluster(
    job: RenderJob,
    tasks: list[tuple[int, int]],
    workers: parallel.Workers,
    tree: OutputTree,
    tick: Callable[[], None],
    kept: tuple[Path, list[str]] | None,
) -> links.Found:
    """The pages rendered on a Dask cluster, written (and kept) here in the pages' order."""
    blob = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.sha256(blob).hexdigest()
    placed = pool.place_everywhere(workers.pool(), blob)  # sent to each worker once
    del job, blob
    store = step_cache.Store(kept[0], "pages") if kept else None
    found: links.Found = {}
    index = 0
    sent = [(placed, digest, start, stop) for start, stop in tasks]
    for chunk in workers.in_order(render_sent, sent, at_least=1):
        for route, html, collected, asked in chunk:
            data = html.encode("utf-8")
            if store is not None and kept is not None:  # kept, and hashed there
                tree.hashed[route] = page_cache.save(
                    store, kept[1][index], route, html, collected, asked, data
                )
            tree.write_bytes(route, data)
            found[route] = collected
            index += 1
            tick()
    return found
