"""The PDF annexes' inputs: each document's print HTML (the print stylesheet inlined, the
annex's creation date fixed), a year's bundle, and the jobs pdf.pool renders. The theme's
static files are found here too, since the annexes and the site share them.
"""

from __future__ import annotations

import os
from dataclasses import astuple
from pathlib import Path
from typing import TypedDict

from markupsafe import Markup

from site_gen import i18n, model, pdf
from site_gen.errors import Location, Problem
from site_gen.load import SitePaths
from site_gen.markdown import plain
from site_gen.pdf.pool import render_all as render_pdfs
from site_gen.tables import export, form_tables
from site_gen.web import pages
from site_gen.web.html import Renderer, template_dirs

STATIC_ROUTE = "assets"
PRINT_CSS = "print.css"


class AnnexAddresses(TypedDict):
    page_url: str  # the annex's web page on the stand-in origin, where it is laid out
    assets_url: str  # where the theme's files appear
    public_root: str  # the public address its links are moved to


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
        "orientation": form_tables.orientation(entry.doc),
        "in_bundle": False,
        "created": pdf.fixed_datetime(entry.doc.published, entry.year).date().isoformat(),
    }
    return renderer.render("pdf/document.html", context, entry)


def bundle_job(renderer: Renderer, year: int, paths: SitePaths, variant: str | None) -> pdf.PdfJob:
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
        "orientations": [form_tables.orientation(e.doc) for e in entries],
        "print_css": print_css(paths),
        "watermark": False,
        "in_bundle": True,
        "created": created.date().isoformat(),
    }
    html = renderer.render("pdf/bundle.html", context, None)
    fonts = renderer.site.config.fonts
    source = f"content/{year}/"
    pdf.check_fonts(plain_text(html), astuple(fonts), source)
    return pdf.PdfJob(
        source=source,
        html=html,
        static_dir=str(static_files(paths)[PRINT_CSS].parent),
        created=created,
        variant=variant,
        **annex_addresses(renderer.site.config, pages.year_route(year)),
    )


def annex_addresses(config: model.SiteConfig, page_route: str) -> AnnexAddresses:
    base = pdf.ANNEX_ORIGIN + pages.url_path(config.base_url)
    return AnnexAddresses(
        page_url=base + page_route,
        assets_url=base + STATIC_ROUTE + "/",
        public_root=pages.public_root(config.base_url),
    )


def bundle_route(year: int) -> str:
    return f"{year}/{year}-annual.pdf"


def pdf_job(
    renderer: Renderer, entry: model.Entry, paths: SitePaths, variant: str | None
) -> pdf.PdfJob:
    html = pdf_html(renderer, entry, paths, watermark=entry.doc.draft)
    fonts = renderer.site.config.fonts
    pdf.check_fonts(plain_text(html), astuple(fonts), entry.source)
    static_dir = static_files(paths)[PRINT_CSS].parent
    return pdf.PdfJob(
        source=entry.source,
        html=html,
        static_dir=str(static_dir),
        created=pdf.fixed_datetime(entry.doc.published, entry.year),
        variant=variant,
        attachments=(
            (
                f"{entry.slug}.json",
                attachment_description(entry),
                export.document_json(entry).encode(),
            ),
        ),
        **annex_addresses(renderer.site.config, pages.document_route(entry)),
    )


def attachment_description(entry: model.Entry) -> str:
    return i18n.Language(entry.language).gettext("本文件的结构化数据（JSON）")


def plain_text(html: str) -> str:
    return plain(html) if len(html) < 200_000 else html


def render_pdf(renderer: Renderer, entry: model.Entry, paths: SitePaths) -> bytes:
    """One document's annex, in this process (the preview renders PDFs when asked for them)."""
    return render_pdfs([pdf_job(renderer, entry, paths, pdf.DEFAULT_VARIANT)], workers=1)[0].data


# The GB/T 9704 profile's faces (site.yaml fonts); serif and sans are fallbacks by design.
PROFILE_FACES = (("fangsong", "仿宋"), ("heiti", "黑体"), ("kaiti", "楷体"), ("title", "标题"))


def font_substitutions(config: model.SiteConfig) -> list[Problem]:
    """A warning for each face of the profile this machine does not have: its PDFs are set in
    another face, which the reader of an official annex should not have to find out."""
    found = []
    for name, role in PROFILE_FACES:
        family = getattr(config.fonts, name)
        if used := pdf.substituted(family):
            found.append(
                Problem(
                    Location("site.yaml"),
                    f"fonts.{name}",
                    f"PDF 的{role}字体 “{family}” 本机没有安装，PDF 中改用 “{used}”",
                    hint="安装该字体（Fandol 字体的装法见 README），或在 site.yaml 的 fonts 中写已安装的字体",
                    severity="warning",
                    check="fonts",
                )
            )
    return found
