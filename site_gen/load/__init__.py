"""Load facade: a site folder (site.yaml + content/<year>/*.yaml) → validated Site model.

Each document is read and converted on its own (no shared state), so documents can be parsed
in parallel or cached by content hash later. Problems of all files are gathered; if any is an
error, ContentError is raised with every one of them, and nothing downstream runs.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_gen import kinds, model
from site_gen.errors import Location, Places, Problem, Report, suggest, with_cells
from site_gen.load import project_checks, score_checks, watched
from site_gen.load.config_file import load_config as load_config
from site_gen.load.convert import Converter
from site_gen.load.site_folder import CONTENT_DIR as CONTENT_DIR
from site_gen.load.site_folder import OUTPUT_DIR as OUTPUT_DIR
from site_gen.load.site_folder import SITE_FILE as SITE_FILE
from site_gen.load.site_folder import TEMPLATES_DIR as TEMPLATES_DIR
from site_gen.load.site_folder import SitePaths as SitePaths
from site_gen.load.site_folder import content_files as content_files
from site_gen.load.validate import convert_document
from site_gen.load.watched import file_state
from site_gen.load.yamlsrc import parse, read_bytes
from site_gen.model.memo import per_object

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


@dataclass(frozen=True)
class LoadedDocument:
    """One content file after validation: the document (or None) and its problems."""

    path: Path
    name: str
    doc: model.Document | None
    problems: list[Problem]
    digest: str
    locations: Mapping[str, Location] = field(default_factory=dict)  # errors.Places
    year: int | None = None  # as the file states it, checked against its folder even when invalid
    # The file's times, size and inode when it was read, if it was then settled (the preview's
    # cache takes the file as unchanged while they stay the same: _load_cached).
    seen: tuple[int, int, int, int] | None = None


def load_document(path: Path, name: str, data: bytes | None = None) -> LoadedDocument:
    """Validate one content file in isolation; its bytes are read here unless given."""
    problems: list[Problem] = []
    if data is None:
        data, problems = read_bytes(path, name)
    if data is None:
        return LoadedDocument(path, name, None, problems, "")
    digest = hashlib.sha256(data).hexdigest()
    root, problems = parse(name, data)
    if root is None:
        return LoadedDocument(path, name, None, problems, digest)
    conv = Converter(name)
    doc = convert_document(conv, root, "【".encode() in data)
    found = with_cells(problems + conv.problems, data)
    year = doc.year if doc is not None else None
    if conv.salvaged:  # built with defaults for failed fields only to report everything at once
        doc = None
    places = Places.packed(name, conv.marks)
    return LoadedDocument(path, name, doc, found, digest, places, year)


# The coarsest tick of a file time in use (FAT: 2 s). A file last written longer ago than this
# when it was read gets another time if it is written again, so its times tell that it changed.
SETTLED_NS = 2_000_000_000


def _load_cached(
    path: Path,
    site: str | SitePaths,
    cache: dict[Path, LoadedDocument] | None,
    told: frozenset[str] | None = None,
) -> LoadedDocument:
    """Each file is read once per run; with a cache (the preview), unchanged bytes are not
    parsed again, and a settled file whose times, size and inode are those it had when it was
    read is not read again (as git's index does: a province's preview would otherwise read and
    hash every file on every edit). A file read within SETTLED_NS of its last write is read and
    compared by digest next time: a second write in the same tick keeps its time. `site`: the
    file's name in messages, or the site's paths to name it by (only when it is read).
    `told`: what a watcher said changed (load.watched): a settled file it did not name is
    taken as unchanged without looking."""
    if cache is None:
        name = site if isinstance(site, str) else site.display(path)
        data, problems = read_bytes(path, name)
        return (
            load_document(path, name, data) if data is not None else _unread(path, name, problems)
        )
    previous = cache.get(path)
    if told is not None and previous is not None and previous.seen and str(path) not in told:
        return previous
    before = file_state(path)
    if previous is not None and before is not None and previous.seen == before:
        return previous
    name = site if isinstance(site, str) else site.display(path)
    data, problems = read_bytes(path, name)
    if data is None:
        return _unread(path, name, problems)
    settled = before is not None and before[0] < time.time_ns() - SETTLED_NS
    seen = before if settled and file_state(path) == before else None  # not written while read
    if previous is None or previous.digest != hashlib.sha256(data).hexdigest():
        previous = load_document(path, name, data)
    cache[path] = loaded = replace(previous, seen=seen)  # the same document object
    return loaded


def _unread(path: Path, name: str, problems: list[Problem]) -> LoadedDocument:
    return LoadedDocument(path, name, None, problems, "")


def load_file(file: tuple[Path, str]) -> LoadedDocument:
    """One content file read and validated, for a worker (build.parallel): (path, name)."""
    return _load_cached(file[0], file[1], None)


def slug_of(path: Path) -> str:
    return unicodedata.normalize("NFKC", path.stem)


def load_site(
    root: Path,
    *,
    include_drafts: bool = False,
    cache: dict[Path, LoadedDocument] | None = None,
    broken: dict[str, list[Problem]] | None = None,
    make: Callable[[list[tuple[Path, str]]], Iterator[LoadedDocument]] | None = None,
    later: list[Callable[[], list[Problem]]] | None = None,
    kept_entries: KeptEntries | None = None,
    changed: frozenset[str] | None = None,
) -> tuple[model.Site, list[Problem]]:
    """Load and validate a whole site. Raises ContentError listing every problem on any error.

    Returns the site and its warnings when there are no errors. With a `cache` (the preview
    keeps one), a file whose bytes did not change is not parsed again. With `broken` (the
    preview), a content file with errors is left out of the site and its problems are put
    there under its name, so that one bad file does not take the other pages down; errors
    outside content files (site.yaml, folders) still raise. `make` loads the files (with
    load_file, in order; the build passes its workers), when there is no cache. With `later`
    (the preview's), the checks across documents, which find only warnings, are put there to be
    made once the pages are served (site_checks), not made here. `kept_entries` (the preview's)
    keeps what each unchanged file gave, for the next load. `changed` (the preview's, with
    `cache` and `kept_entries`): the paths a file watcher said changed since the last load;
    when the load understands the report (load.watched), it lists nothing and looks only at
    those files.
    """
    paths = SitePaths(root)
    report = Report()
    config, problems = load_config(paths)
    report.extend(problems)
    last = kept_entries.listing if kept_entries is not None else None
    if changed is not None and last is not None and watched.understood(changed, last, paths):
        listing, told = last, changed
    else:
        listing, told = watched.Listing.of(paths), None
    if kept_entries is not None:
        kept_entries.listing = listing
    files = listing.files
    report.extend(listing.problems)
    if make is not None and cache is None:
        loaded = list(make([(f, paths.display(f)) for f in files]))
    else:
        loaded = [_load_cached(f, paths, cache, told) for f in files]
    for item in loaded:
        report.extend(item.problems)
    entries: list[model.Entry] = []
    if config is not None:
        entries = _entries(config, loaded, report, include_drafts, kept_entries)
    if not files and not report.errors:
        report.add(
            Problem(
                Location(paths.display(paths.content)),
                "",
                "没有找到任何内容文件",
                hint="在 content/<年度>/ 中放入 .yaml 文件",
            )
        )
    if broken is not None:
        report = _set_aside(report, {item.name for item in loaded}, broken)
        entries = [e for e in entries if e.source not in broken]
    entries.sort(key=_order)
    site = model.Site(config=config, entries=tuple(entries)) if config is not None else None
    if site is not None:  # checks across documents: warnings, reported with the errors
        checks = functools.partial(_site_checks_of, site, loaded)
        if later is None:
            report.extend(checks())
        else:
            later.append(checks)
    report.raise_if_errors()
    assert site is not None
    return site, report.sorted()


def _site_checks_of(site: model.Site, loaded: list[LoadedDocument]) -> list[Problem]:
    return site_checks(site, {item.name: item.locations for item in loaded})


def site_checks(site: model.Site, where: Mapping[str, Mapping[str, Location]]) -> list[Problem]:
    """The checks across documents (warnings only); `where`: each file's field locations."""
    return project_checks.cross_checks(site, where) + score_checks.scheme_checks(site, where)


def _set_aside(report: Report, names: set[str], broken: dict[str, list[Problem]]) -> Report:
    """Move the problems of content files that have errors into `broken`; keep the rest."""
    bad = {p.location.file for p in report.errors if p.location.file in names}
    kept = Report()
    for problem in report.problems:
        if problem.location.file in bad:
            broken.setdefault(problem.location.file, []).append(problem)
        else:
            kept.add(problem)
    return kept


def _reserved(slug: str, year: int) -> str:
    """The generated file a document's outputs would replace, or ""."""
    if slug == "index":
        return f"{year}/index.html（年度页面）"
    if slug.endswith("-annual") and re.fullmatch(r"\d{4}-annual", slug):
        return f"{year}/{slug}.pdf（年度汇编 PDF）"
    return ""


def _order(entry: model.Entry) -> tuple[int, int, str]:
    """Newest year first; within a year, newest publication first; then by file name."""
    published = entry.doc.published.toordinal() if entry.doc.published else 0
    return (-entry.year, -published, entry.slug)


class KeptEntries:
    """What each file gave the last load (_entries), kept by the preview: by the identity of its
    LoadedDocument (the preview keeps an unchanged file's object: _load_cached), where it is
    published and its entry or the problem that keeps it out. Kept for one configuration object
    (load_config gives the same one while site.yaml is unchanged) and for the last load's files
    only; each value holds its file, so no other object can take its id meanwhile."""

    def __init__(self) -> None:
        self.config: model.SiteConfig | None = None
        self.made: dict[int, list[Any]] = {}
        self.listing: watched.Listing | None = None  # the content files of the last load


def _entries(
    config: model.SiteConfig,
    loaded: list[LoadedDocument],
    report: Report,
    include_drafts: bool,
    kept_entries: KeptEntries | None = None,
) -> list[model.Entry]:
    """The entries of the loaded files, in their order; the problems that keep a file out go
    to `report`. What one file gives depends on it and the configuration only, except that two
    files may not share an address: that is checked on every load, the rest may be kept."""
    last = kept_entries.made if kept_entries and kept_entries.config is config else {}
    made: dict[int, list[Any]] = {}
    by_name = {p.name: p for p in config.publishers}
    seen_slugs: dict[str, str] = {}
    entries: list[model.Entry] = []
    for item in loaded:
        kept = last.get(id(item))
        if kept is None or kept[0] is not item or kept[1] != include_drafts:
            kept = [item, include_drafts, _place(item), None]
        made[id(item)] = kept
        place = kept[2]
        if isinstance(place, Problem):
            report.add(place)
            continue
        year, slug, key = place
        if key in seen_slugs:
            report.add(
                Problem(
                    Location(item.name),
                    "",
                    f"与 {seen_slugs[key]} 的网址重复",
                    hint="两个文件名不能只差大小写",
                )
            )
            continue
        seen_slugs[key] = item.name
        if kept[3] is None:
            kept[3] = _accepted(item, year, slug, config, by_name, include_drafts)
        entry, problem = kept[3]
        if problem is not None:
            report.add(problem)
        if entry is not None:
            entries.append(entry)
    if kept_entries is not None:
        kept_entries.config, kept_entries.made = config, made
    return entries


def _place(item: LoadedDocument) -> tuple[int, str, str] | Problem:
    """A file's year (its folder), slug and address key, or why its name cannot be one."""
    year = int(item.path.parent.name)
    slug = slug_of(item.path)
    if not _SLUG.fullmatch(slug):
        return Problem(
            Location(item.name),
            "",
            f"文件名 “{item.path.name}” 不能用作网址",
            expected="小写英文字母、数字和连字符（-），例如 qingdao-targets.yaml",
            hint="文件名决定网页地址，请改名",
        )
    if reserved := _reserved(slug, year):
        return Problem(
            Location(item.name),
            "",
            f"文件名 “{item.path.name}” 与网站自动生成的 {reserved}冲突",
            hint="换一个文件名；index 和 <年度>-annual 留给年度页面和年度汇编",
        )
    return year, slug, f"{year}/{slug}".casefold()


def _accepted(
    item: LoadedDocument,
    year: int,
    slug: str,
    config: model.SiteConfig,
    by_name: dict[str, model.Publisher],
    include_drafts: bool,
) -> tuple[model.Entry | None, Problem | None]:
    """A file's entry, or the problem that keeps it out (None for a draft left out or a file
    whose own errors are reported already)."""
    if item.year is not None and item.year != year:
        return None, Problem(
            item.locations.get("year", Location(item.name)),
            "year",
            f"年度 {item.year} 与所在文件夹 {year} 不一致",
            hint="把文件移到对应年度的文件夹，或改正 year",
        )
    doc = item.doc
    if doc is None:
        return None, None
    publisher_name = doc.publisher or config.publisher
    publisher = by_name.get(publisher_name)
    if publisher is None:
        return None, Problem(
            item.locations.get("publisher", item.locations.get("", Location(item.name))),
            "publisher",
            f"发布单位 “{publisher_name}” 不在 site.yaml 的 publishers 列表中",
            expected="、".join(by_name),
            hint=suggest(publisher_name, list(by_name)) or "先在 site.yaml 中登记这个单位",
        )
    language = doc.language or config.language
    if language != "zh-CN" and not kinds.get(doc.kind).localised:
        return None, Problem(
            item.locations.get("language", item.locations.get("", Location(item.name))),
            "language",
            f"{kinds.label(doc.kind)}（{doc.kind}）目前只有中文版式，不能用 {language}",
            hint="写 language: zh-CN；可用其他语言的类型："
            + "、".join(sorted(k.name for k in kinds.all_kinds() if k.localised)),
        )
    if doc.draft and not include_drafts:
        return None, None
    return _entry(doc, slug, year, item.name, publisher, item.digest, language), None


@per_object  # the preview keeps unchanged documents: their entries, and what is kept per entry
def _entry(
    doc: model.Document,
    slug: str,
    year: int,
    source: str,
    publisher: model.Publisher,
    digest: str,
    language: str,
) -> model.Entry:
    return model.Entry(
        doc=doc,
        slug=slug,
        year=year,
        source=source,
        publisher=publisher,
        digest=digest,
        language=language,
    )
