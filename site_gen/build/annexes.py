"""The build's PDF stage: every document's annex (and with `bundle`, each year's), rendered in
parallel on the build's workers; an annex whose inputs are unchanged since the last build comes
from the PDF cache (pdf.annex_cache), and a resident build (`build --watch`) keeps each
document's annex in memory while its document and the theme are the same."""

from __future__ import annotations

from dataclasses import astuple

from site_gen import pdf
from site_gen.build import parallel
from site_gen.build.options import BuildOptions, BuildResult, PageCache, Progress, no_progress
from site_gen.load import SitePaths
from site_gen.pdf import annex_cache as pdf_cache
from site_gen.pdf.annexes import PRINT_CSS, bundle_job, bundle_route, pdf_job, static_files
from site_gen.pdf.pool import render_all as render_pdfs
from site_gen.web import pages
from site_gen.web.html import Renderer


def render_annexes(
    renderer: Renderer,
    paths: SitePaths,
    options: BuildOptions,
    result: BuildResult,
    progress: Progress = no_progress,
    workers: parallel.Workers | None = None,
    cache: PageCache | None = None,
) -> dict[str, pdf.Annex]:
    """Every annex by route, documents' in the site's order, then the years' bundles."""
    site = renderer.site
    entries, variant = list(site.entries), options.pdf_variant
    routes = [pages.pdf_route(e) for e in entries]
    years = list(site.years) if options.bundle else []

    def render(some: list[pdf.PdfJob]) -> list[pdf.Annex]:
        with progress("PDF 附件", len(some)) as tick:
            pool = workers.pool() if workers is not None else None  # the build's workers
            return render_pdfs(
                some,
                workers=options.jobs,
                on_done=tick,
                executor_spec=options.executor,
                pool=pool,
            )

    bundles = [bundle_route(year) for year in years]
    if not options.pdf_cache or options.preview:
        jobs = [pdf_job(renderer, e, paths, variant) for e in entries]
        jobs += [bundle_job(renderer, year, paths, variant) for year in years]
        result.pdfs_rendered = len(jobs)
        return dict(zip([*routes, *bundles], render(jobs), strict=True))
    static_dir = static_files(paths)[PRINT_CSS].parent
    fonts = astuple(site.config.fonts)
    # A resident build's annexes: each by its document's entry object (the same object while
    # its file and site.yaml are unchanged) and what every annex is made with (the theme, the
    # site's shape, the fonts and versions, the variant), so an edit lays out its own annex only.
    kept = cache.annexes if cache is not None and options.resident else None
    shared = ""
    if cache is not None and kept is not None:
        shared = f"{cache.shared}:{pdf_cache.environment_key(static_dir, fonts)}:{variant}"
    made: dict[str, pdf.Annex] = {}
    todo, jobs = [], []
    for entry, route in zip(entries, routes, strict=True):
        hit = kept.get(route) if kept is not None else None
        if hit is not None and hit[0] is entry and hit[1] == shared:
            made[route] = hit[2]
            continue
        todo.append(route)
        jobs.append(pdf_job(renderer, entry, paths, variant))
    todo += bundles
    jobs += [bundle_job(renderer, year, paths, variant) for year in years]
    annexes, result.pdfs_rendered = pdf_cache.render_cached(
        jobs, paths.root, static_dir, fonts, render
    )
    made.update(zip(todo, annexes, strict=True))
    if kept is not None:
        kept.clear()
        kept.update((r, (e, shared, made[r])) for e, r in zip(entries, routes, strict=True))
    return {route: made[route] for route in [*routes, *bundles]}
