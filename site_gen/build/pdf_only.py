"""`site-gen pdf`: the PDF annexes of some documents rendered again into an existing output/,
without rebuilding the pages (a reviewer fixing one annex's layout)."""

from __future__ import annotations

import os
from pathlib import Path

from site_gen.build.pipeline import BuildOptions, BuildResult
from site_gen.build.site_lock import SiteLock
from site_gen.build.write import MARKER, check_output_dir
from site_gen.errors import BuildError
from site_gen.load import SitePaths, load_site
from site_gen.pdf.annexes import pdf_job
from site_gen.pdf.pool import render_all as render_pdfs
from site_gen.web import pages
from site_gen.web.html import Renderer, check_theme


def build_pdfs(root: Path, options: BuildOptions, wanted: tuple[str, ...]) -> BuildResult:
    """Render the PDF annexes of some documents (all when `wanted` is empty) into output/.

    Each PDF replaces its old copy atomically (temporary file + rename); pages are not rebuilt.
    """
    paths = SitePaths(root)
    check_output_dir(options.output, root)
    check_theme(paths.templates)
    with SiteLock(options.output, options.lock_wait):  # one writer per output folder
        return _build_pdfs(root, paths, options, wanted)


def _build_pdfs(
    root: Path, paths: SitePaths, options: BuildOptions, wanted: tuple[str, ...]
) -> BuildResult:
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
    jobs = [pdf_job(renderer, e, paths, options.pdf_variant) for e in entries]
    result = BuildResult(site=site, warnings=warnings)
    out = options.output.resolve()
    for entry, annex in zip(
        entries,
        render_pdfs(jobs, workers=options.jobs, executor_spec=options.executor),
        strict=True,
    ):
        target = out / pages.pdf_route(entry)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(annex.data)
        os.replace(temporary, target)
        result.files.append(pages.pdf_route(entry))
    if not (out / MARKER).exists():
        (out / MARKER).write_text("site_gen build output\n", encoding="utf-8")
    result.pdfs = len(jobs)
    return result
