"""Render stage (PDF): annexes kept between builds, so an unchanged document is never laid out
again (the layout pass makes a PDF the costliest file of a site).

An annex is stored under a key made of everything its bytes depend on: the job itself (the
annex HTML with its stylesheet, the PDF variant, attachments, addresses and creation date),
every file of the theme's static folder, the font files fontconfig picks for the site's font
families (path, size and modification time: hashing CJK fonts of 20–100 MB on every build would
cost more than it saves), and the versions of site_gen, WeasyPrint and pydyf. Same key, same
bytes: a cached annex is byte-identical to a fresh render, which the tests check.

The cache lives in the site folder (`.site-gen-cache/pdf/`), or where SITE_GEN_CACHE_DIR names
explicitly; a cache folder that is a symbolic link is refused, since clean-up must never reach
through a link into someone's shared disk. Files are named by their key only and written
atomically; each entry records the SHA-256 of its PDF, checked on every use (a file put there
under an entry's name is rendered over, never published). After a build, entries the build did
not use are removed, and only files with this cache's own names: anything else in the folder is
left alone.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import site_gen
from site_gen import pdf
from site_gen.errors import BuildError

ROOT = ".site-gen-cache"
FOLDER = f"{ROOT}/pdf"
CACHE_ENV = "SITE_GEN_CACHE_DIR"  # a cache elsewhere, named explicitly
_ENTRY = re.compile(r"[0-9a-f]{64}\.(?:pdf|json)")  # the only names this cache writes
_PART = ".part-"  # an entry being written (mkstemp prefix)
_STALE = 24 * 3600  # an unfinished entry this old was left by a build that died
Render = Callable[[list[pdf.PdfJob]], list[pdf.Annex]]  # the annexes the cache lacks


def _versions() -> str:
    found = [f"site_gen {site_gen.__version__}"]
    for package in ("weasyprint", "pydyf"):
        try:
            found.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{package} ?")
    return "\n".join(found)


def _files_digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def environment_key(static_dir: Path, font_families: Iterable[str]) -> str:
    """What every annex of a build depends on besides its own job."""
    digest = hashlib.sha256(_versions().encode())
    digest.update(_files_digest(p for p in static_dir.rglob("*") if p.is_file()).encode())
    for family in sorted(set(font_families)):
        digest.update(family.encode() + b"\0")
        for file, index in pdf.font_files(family):
            stat = os.stat(file)
            digest.update(f"{file}\0{index}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def job_key(job: pdf.PdfJob, environment: str) -> str:
    digest = hashlib.sha256(environment.encode())
    for part in (
        job.html,
        job.variant or "",
        job.page_url,
        job.assets_url,
        job.public_root,
        job.created.isoformat(),
    ):
        digest.update(part.encode() + b"\0")
    for name, description, data in job.attachments:
        digest.update(name.encode() + b"\0" + description.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def cache_root(site_root: Path) -> Path:
    """The site's cache folder. A `.site-gen-cache` (or a folder in it) that is a symbolic link
    is refused: the build cleans its cache, and must not follow a link out of the site. To keep
    the cache elsewhere, name the place explicitly in SITE_GEN_CACHE_DIR."""
    explicit = os.environ.get(CACHE_ENV, "").strip()
    if explicit:
        return Path(explicit)
    root = site_root / ROOT
    for folder in (
        root,
        *(root / name for name in ("pdf", "load", "data", "pages", "search", "builds")),
    ):
        if folder.is_symlink():
            raise BuildError(
                f"缓存文件夹 {folder} 是符号链接（指向 {os.readlink(folder)}）；"
                "生成时会清理缓存，site_gen 不跟随链接到网站以外的文件夹",
                hint=f"删去这个链接；要把缓存放在别处，请设置环境变量 {CACHE_ENV}=实际的文件夹",
            )
    return root


class Cache:
    def __init__(self, site_root: Path) -> None:
        self.folder = cache_root(site_root) / "pdf"

    def get(self, key: str) -> pdf.Annex | None:
        data_file, facts_file = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            facts = json.loads(facts_file.read_text(encoding="utf-8"))
            data = data_file.read_bytes()
            if facts["sha256"] != hashlib.sha256(data).hexdigest():
                return None  # not the PDF this entry recorded: rendered again
            return pdf.Annex(data, int(facts["pages"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged: rendered again

    def put(self, key: str, annex: pdf.Annex) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        facts = {"pages": annex.pages, "sha256": hashlib.sha256(annex.data).hexdigest()}
        write_atomically(self.folder / f"{key}.pdf", annex.data)
        write_atomically(self.folder / f"{key}.json", json.dumps(facts).encode())

    def keep_only(self, keys: set[str]) -> None:
        remove_unused(self.folder, _ENTRY, keys)


def remove_unused(folder: Path, names: re.Pattern[str], keys: set[str]) -> None:
    """Remove a cache folder's entries whose key is not in keys: files with the cache's own
    names only (`names`, or an unfinished .part- file), never a link, never anything else."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for file in folder.iterdir():
        ours = names.fullmatch(file.name) or file.name.startswith(_PART)
        if not ours or file.is_symlink() or not file.is_file():
            continue
        if file.name.startswith(_PART):  # another build may be writing it right now
            if time.time() - file.stat().st_mtime > _STALE:
                file.unlink(missing_ok=True)
        elif file.name.split(".")[0] not in keys:
            file.unlink(missing_ok=True)


def write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=_PART)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render_all(
    jobs: list[pdf.PdfJob], keys: list[str], cache: Cache, render: Render
) -> tuple[list[pdf.Annex], int]:
    """Annexes for `jobs`, from the cache where their key is there; returns them with the
    number that had to be rendered. The cache then holds exactly these annexes."""
    found = [cache.get(key) for key in keys]
    missing = [i for i, annex in enumerate(found) if annex is None]
    for i, annex in zip(missing, render([jobs[i] for i in missing]), strict=True):
        found[i] = annex
        cache.put(keys[i], annex)
    cache.keep_only(set(keys))
    return [annex for annex in found if annex is not None], len(missing)


def render_cached(
    jobs: list[pdf.PdfJob], site_root: Path, static_dir: Path, fonts: Iterable[str], render: Render
) -> tuple[list[pdf.Annex], int]:
    """`render_all` with the keys of this site's theme, fonts and versions."""
    environment = environment_key(static_dir, fonts)
    return render_all(jobs, [job_key(job, environment) for job in jobs], Cache(site_root), render)
