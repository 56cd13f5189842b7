"""The build, as a list of stages: load → plan pages → render HTML → render PDFs → write.

Everything is validated and rendered before a byte is written; the write stage stages the files
beside output/ and swaps them in at the end, so a failed build leaves the last good site as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from markupsafe import Markup

from site_gen import export, feeds, links, model, pages, pdf, schema, search, views
from site_gen.errors import BuildError, Problem
from site_gen.html import Renderer, check_theme, template_dirs
from site_gen.load import SitePaths, load_site
from site_gen.markdown import plain
from site_gen.write import MARKER, OutputTree, check_output_dir

STATIC_ROUTE = "assets"
PRINT_CSS = "print.css"


@dataclass
class BuildOptions:
    output: Path
    with_pdf: bool = True
    with_search: bool = True
    strict: bool = False  # broken internal links, anchors or duplicate ids fail the build
    bundle: bool = False  # also one PDF per year with every document, a cover and contents
    pdf_variant: str | None = None
    preview: bool = False
    include_drafts: bool = False
    quiet: bool = False


@dataclass
class BuildCache:
    """Kept by the preview between rebuilds: parsed documents by file, pages by input key.

    A page is rendered again only when its inputs changed: its document's bytes, the theme's
    templates, site.yaml, or the site's shape (years and publishers in the navigation).
    """

    documents: dict[Path, Any] = field(default_factory=dict)
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class BuildResult:
    site: model.Site
    warnings: list[Problem]
    files: list[str] = field(default_factory=list)
    pdfs: int = 0
    rendered_pages: list[str] = field(default_factory=list)  # not taken from a cache
    link_findings: list[str] = field(default_factory=list)


@contextmanager
def _progress(items: list[str], label: str, quiet: bool) -> Iterator[Callable[[], None]]:
    """A console progress bar on a terminal; silent otherwise (CI logs, pipes)."""
    if quiet or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=len(items), label=label, file=sys.stderr) as bar:
        yield lambda: bar.update(1)


def static_files(paths: SitePaths) -> dict[str, Path]:
    """Theme static files; the site's own templates/static/ overrides the default file by file."""
    found: dict[str, Path] = {}
    for directory in reversed(template_dirs(paths.templates)):
        static = directory / "static"
        if static.is_dir():
            # check_theme() has refused links out of the theme and links to folders, so every
            # file here (a link included) is the theme's own.
            for folder, _dirs, files in os.walk(static, followlinks=False):
                for name in files:
                    file = Path(folder) / name
                    found[file.relative_to(static).as_posix()] = file
    return dict(sorted(found.items()))


def print_css(paths: SitePaths) -> Markup:
    # The stylesheet is part of the trusted theme, not content: it goes into <style> unescaped.
    return Markup(static_files(paths)[PRINT_CSS].read_text(encoding="utf-8"))


def pdf_html(renderer: Renderer, entry: model.Entry, paths: SitePaths, watermark: bool) -> str:
    context = {
        "site": renderer.site,
        "config": renderer.site.config,
        "entry": entry,
        "doc": entry.doc,
        "print_css": print_css(paths),
        "watermark": watermark,
        "orientation": orientation(entry.doc),
        "in_bundle": False,
        "created": pdf.fixed_datetime(entry.doc.published, entry.year).date().isoformat(),
    }
    return renderer.render("pdf/document.html", context, entry)


def bundle_job(
    renderer: Renderer, year: int, paths: SitePaths, options: BuildOptions
) -> pdf.PdfJob:
    """All documents of a year in one annex: cover, contents with page numbers, then each one."""
    entries = renderer.site.entries_of_year(year)
    created = pdf.fixed_datetime(
        max((e.doc.published for e in entries if e.doc.published), default=None), year
    )
    context = {
        "site": renderer.site,
        "config": renderer.site.config,
        "year": year,
        "entries": entries,
        "orientations": [orientation(e.doc) for e in entries],
        "print_css": print_css(paths),
        "watermark": False,
        "in_bundle": True,
        "created": created.date().isoformat(),
    }
    html = renderer.render("pdf/bundle.html", context, None)
    fonts = renderer.site.config.fonts
    source = f"content/{year}/"
    pdf.check_fonts(plain_text(html), (fonts.serif, fonts.sans), source)
    return pdf.PdfJob(
        source=source,
        html=html,
        static_dir=str(static_files(paths)[PRINT_CSS].parent),
        created=created,
        variant=options.pdf_variant,
        **annex_addresses(renderer.site.config, pages.year_route(year)),
    )


def annex_addresses(config: model.SiteConfig, page_route: str) -> dict[str, str]:
    """Where an annex is laid out (its web page's address on the stand-in origin), where the
    theme's files appear, and the public address its links are moved to."""
    base = pdf.ANNEX_ORIGIN + pages.url_path(config.base_url)
    return {
        "page_url": base + page_route,
        "assets_url": base + STATIC_ROUTE + "/",
        "public_root": pages.public_root(config.base_url),
    }


def bundle_route(year: int) -> str:
    return f"{year}/{year}-annual.pdf"


def orientation(doc: model.Document) -> str:
    """Landscape for wide tables (a progress table has 6+ columns); overridable in YAML."""
    if doc.pdf.orientation:
        return doc.pdf.orientation
    if isinstance(doc, model.ProgressReport):
        return "landscape"
    if isinstance(doc, model.FormDocument):
        # Two level columns and more than three others (a 自评表 has ten) need a wide page.
        widest = max((len(views.form_columns(doc.kind, f)) for f in doc.forms), default=0)
        return "landscape" if widest > 3 else "portrait"
    return "portrait"


def pdf_job(
    renderer: Renderer, entry: model.Entry, paths: SitePaths, options: BuildOptions
) -> pdf.PdfJob:
    html = pdf_html(renderer, entry, paths, watermark=entry.doc.draft)
    fonts = renderer.site.config.fonts
    pdf.check_fonts(plain_text(html), (fonts.serif, fonts.sans), entry.source)
    static_dir = static_files(paths)[PRINT_CSS].parent
    return pdf.PdfJob(
        source=entry.source,
        html=html,
        static_dir=str(static_dir),
        created=pdf.fixed_datetime(entry.doc.published, entry.year),
        variant=options.pdf_variant,
        attachments=(
            (
                f"{entry.slug}.json",
                "本文件的结构化数据（JSON）",
                export.document_json(entry).encode(),
            ),
        ),
        **annex_addresses(renderer.site.config, pages.document_route(entry)),
    )


def plain_text(html: str) -> str:
    return plain(html) if len(html) < 200_000 else html


def theme_digest(paths: SitePaths) -> str:
    digest = hashlib.sha256()
    for directory in template_dirs(paths.templates):
        for file in sorted(directory.rglob("*")):
            if file.is_file():
                digest.update(file.relative_to(directory).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def page_key(page: pages.Page, site: model.Site, shared: str) -> str:
    """What a page depends on: its own document, or (listing pages) every document."""
    if page.entry is not None:
        return f"{shared}:{page.entry.digest}"
    return f"{shared}:" + ",".join(f"{e.source}={e.digest}" for e in site.entries)


def build(root: Path, options: BuildOptions, cache: BuildCache | None = None) -> BuildResult:
    paths = SitePaths(root)
    check_output_dir(options.output, root)
    check_theme(paths.templates)
    site, warnings = load_site(  # 1. load
        root,
        include_drafts=options.include_drafts,
        cache=cache.documents if cache is not None else None,
    )
    page_list = pages.plan(site)  # 2. plan
    renderer = Renderer(
        site,
        paths.templates,
        preview=options.preview,
        with_pdf=options.with_pdf,
        with_search=options.with_search,
        with_bundle=options.bundle and options.with_pdf,
    )
    rendered: dict[str, str | bytes] = {}
    result = BuildResult(site=site, warnings=warnings)
    shared = ""
    if cache is not None:
        site_bytes = paths.site_file.read_bytes() if paths.site_file.exists() else b""
        shape = repr((site.years, [p.id for p in site.publishers_in_use()]))
        shared = hashlib.sha256(
            site_bytes + shape.encode() + theme_digest(paths).encode()
        ).hexdigest()
    with _progress([p.route for p in page_list], "网页", options.quiet) as tick:  # 3. HTML
        for page in page_list:
            key = page_key(page, site, shared) if cache is not None else ""
            if cache is not None and cache.pages.get(page.route, ("", ""))[0] == key:
                rendered[page.route] = cache.pages[page.route][1]
            else:
                rendered[page.route] = html = renderer.render_page(page)
                result.rendered_pages.append(page.route)
                if cache is not None:
                    cache.pages[page.route] = (key, html)
            tick()
    for entry in site.entries:  # open data beside each page
        base = f"{entry.year}/{entry.slug}"
        rendered[f"{base}.json"] = export.document_json(entry)
        rendered[f"{base}.csv"] = export.document_csv(entry)
    rendered["data/index.json"] = feeds.data_index(site, options.with_pdf)
    rendered["data/schema.json"] = json.dumps(
        schema.document_schema(), ensure_ascii=False, indent=2
    )
    rendered["sitemap.xml"] = feeds.sitemap(site, [p.route for p in page_list])
    rendered["robots.txt"] = feeds.robots(site)
    rendered["feed.xml"] = feeds.atom(site)
    if options.with_pdf:  # 4. PDF
        jobs = [pdf_job(renderer, e, paths, options) for e in site.entries]
        routes = [pages.pdf_route(e) for e in site.entries]
        if options.bundle:
            jobs += [bundle_job(renderer, year, paths, options) for year in site.years]
            routes += [bundle_route(year) for year in site.years]
        for route, data in zip(routes, pdf.render_all(jobs), strict=True):
            rendered[route] = data
        result.pdfs = len(jobs)
    # 5. check links (before a byte is written)
    files = set(rendered) | {f"{STATIC_ROUTE}/{name}" for name in static_files(paths)}
    if options.with_pdf:
        files |= {pages.pdf_route(e) for e in site.entries}
        if options.bundle:
            files |= {bundle_route(year) for year in site.years}
    html_pages = {r: c for r, c in rendered.items() if r.endswith(".html") and isinstance(c, str)}
    result.link_findings = links.check(html_pages, files, skip=frozenset({pages.NOT_FOUND}))
    if options.strict and result.link_findings:
        raise BuildError(
            "链接检查未通过：\n    " + "\n    ".join(result.link_findings),
            hint="修正内容中的链接，或去掉 --strict",
        )
    tree = OutputTree(options.output)  # 6. write
    try:
        for route, content in rendered.items():
            if isinstance(content, bytes):
                tree.write_bytes(route, content)
            else:
                tree.write_text(route, content)
        for name, file in static_files(paths).items():
            tree.copy(f"{STATIC_ROUTE}/{name}", file)
        if options.with_search:
            search.index_site(tree.staging)
        tree.commit()
    except BaseException:
        tree.abort()
        raise
    result.files = sorted(tree.written)
    return result


def build_pdfs(root: Path, options: BuildOptions, wanted: tuple[str, ...]) -> BuildResult:
    """Render the PDF annexes of some documents (all when `wanted` is empty) into output/.

    Each PDF replaces its old copy atomically (temporary file + rename); pages are not rebuilt.
    """
    paths = SitePaths(root)
    check_output_dir(options.output, root)
    check_theme(paths.templates)
    site, warnings = load_site(root, include_drafts=options.include_drafts)
    known = {e.slug for e in site.entries} | {f"{e.year}/{e.slug}" for e in site.entries}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise BuildError(
            f"找不到文件：{'、'.join(unknown)}",
            hint="用文件名（不含 .yaml）指定，例如 weihai-etdz-key-projects 或 2021/weihai-etdz-key-projects",
        )
    entries = [
        e for e in site.entries if not wanted or e.slug in wanted or f"{e.year}/{e.slug}" in wanted
    ]
    renderer = Renderer(site, paths.templates, preview=options.preview, with_pdf=True)
    jobs = [pdf_job(renderer, e, paths, options) for e in entries]
    result = BuildResult(site=site, warnings=warnings)
    out = options.output.resolve()
    for entry, data in zip(entries, pdf.render_all(jobs), strict=True):
        target = out / pages.pdf_route(entry)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        result.files.append(pages.pdf_route(entry))
    if not (out / MARKER).exists():
        (out / MARKER).write_text("site_gen build output\n", encoding="utf-8")
    result.pdfs = len(jobs)
    return result
