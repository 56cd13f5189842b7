"""A build that would change nothing is not made again (issue 12: a no-change rebuild of 10,000
documents in under a second, where loading them alone takes a minute).

The fingerprint of a build is everything its output depends on: the bytes of every content
file, site.yaml and template, the build's options, SOURCE_DATE_EPOCH, the versions of site_gen
and WeasyPrint, and (with PDFs) the theme's static files and the fonts (pdf.annex_cache's
environment key). After a build, the fingerprint is stored with the SHA-256 of every file of the
complete tree it swapped in. The next build with the same fingerprint, whose output folder
still holds exactly those files byte for byte, is skipped: its output is the one a new build
would write, byte for byte. The record lives beside the PDF cache (`.site-gen-cache/builds/`); `--no-cache`
ignores it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from site_gen import i18n
from site_gen.build.write import MARKER, STAGING_MARKER
from site_gen.errors import Location, Problem
from site_gen.load import SitePaths, content_files, load_config
from site_gen.load.yamlsrc import read_bytes
from site_gen.pdf import annex_cache as pdf_cache
from site_gen.web.html import template_dirs


def fingerprint(paths: SitePaths, options: str, static_dir: Path, with_pdf: bool) -> str | None:
    """The build's inputs as one digest; None when the content cannot even be listed."""
    files, problems = content_files(paths)
    if problems:
        return None
    digest = hashlib.sha256(f"{options}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    digest.update(pdf_cache._versions().encode())
    # Content and site.yaml are read as the loader reads them: a pipe, a device, a link or an
    # oversized file is never read here (it would block or fill memory); the build reports it.
    inputs = [paths.site_file] if paths.site_file.exists() else []
    for path in [*inputs, *sorted(files)]:
        data, refused = read_bytes(path, str(path))
        if data is None or refused:
            return None
        digest.update(f"{path}\0".encode() + data + b"\0")
    for directory in template_dirs(paths.templates):  # the theme, checked by check_theme
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(f"{path}\0".encode() + path.read_bytes() + b"\0")
    for path in sorted(i18n.LOCALE_DIR.glob("*.po")):  # the interface's words
        digest.update(f"{path}\0".encode() + path.read_bytes() + b"\0")
    if with_pdf:
        config, _ = load_config(paths)
        families = [] if config is None else list(vars(config.fonts).values())
        digest.update(pdf_cache.environment_key(static_dir, families).encode())
    return digest.hexdigest()


def _record(paths: SitePaths, output: Path) -> Path:
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:24]
    return pdf_cache.cache_root(paths.root) / "builds" / f"{name}.json"


def snapshot(folder: Path, known: dict[str, str] | None = None) -> dict[str, str]:
    """Every file of a tree with the SHA-256 of its bytes: a page edited by hand with its size
    and time kept is still told apart. `known`: the digests the build took as it wrote files
    into its private staging folder (OutputTree.digests), not read and hashed again."""
    known = known or {}
    found = {}
    for parent, _dirs, names in os.walk(folder):
        for name in names:
            if name in (MARKER, STAGING_MARKER) and Path(parent) == folder:
                continue  # the markers a staged and a published tree differ by
            path = Path(parent) / name
            route = path.relative_to(folder).as_posix()
            if route in known:
                found[route] = known[route]
                continue
            if path.is_symlink() or not path.is_file():
                found[route] = "not a file"
                continue
            digest = hashlib.sha256()
            with path.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
            found[route] = digest.hexdigest()
    return found


def up_to_date(paths: SitePaths, output: Path, digest: str) -> dict[str, Any] | None:
    """The record of the last build when it had this fingerprint and its output holds exactly
    the files it wrote, byte for byte."""
    try:
        record = json.loads(_record(paths, output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("fingerprint") != digest:
        return None
    if output.is_symlink() or not output.is_dir():
        return None
    return record if snapshot(output) == record.get("files") else None


def save(
    paths: SitePaths,
    output: Path,
    digest: str,
    summary: dict[str, Any],
    warnings: list[Problem],
    files: dict[str, str],
) -> None:
    """Record a build: `files` is the snapshot of the complete tree it swapped in."""
    target = _record(paths, output)
    target.parent.mkdir(parents=True, exist_ok=True)
    record = {"fingerprint": digest, "files": files, **summary}
    record["warnings"] = [w.as_dict() for w in warnings]
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(record, stream, ensure_ascii=False)
    os.replace(temporary, target)


def warnings_of(record: dict[str, Any]) -> list[Problem]:
    """The warnings the recorded build printed, to print them again."""
    return [
        Problem(
            Location(w["file"], w["line"], w["column"]),
            w["field"],
            w["message"],
            w["expected"],
            w["hint"],
            w["severity"],
            w["check"],
        )
        for w in record.get("warnings", [])
    ]
