"""Find and reuse: each document's open data (JSON, CSV, the form as .xlsx), sitemap.xml,
robots.txt, an Atom feed of disclosures, and data/index.json.

Functions of the model returning text; every URL is absolute, built from site.yaml's
base_url, so portals and crawlers can follow them. Dates come from the content (a document
without a publication date counts from 1 January of its year), so output is reproducible.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from site_gen import i18n, interrupt, kinds, model
from site_gen.build.memory import Staged, staged
from site_gen.build.packed import Kept, Packed, Remade, pack
from site_gen.errors import Location, Problem
from site_gen.load import schema
from site_gen.model.memo import per_object
from site_gen.sheets.workbook import export_workbook
from site_gen.sheets.xlsx_write import CELL_LIMIT, CellTooLong
from site_gen.tables import export, views
from site_gen.web import pages, summaries

DataFiles = list[tuple[str, str | bytes]]
Summarise = Callable[[model.Document, i18n.Language], summaries.Summary]


def open_data(
    site: model.Site,
    no_sheet: list[model.Entry],
    memo: dict[str, tuple[str, Staged, model.Entry, bool]] | None = None,
    make: Callable[[list[model.Entry]], Iterator[DataFiles]] | None = None,
    remade_sheets: bool = False,
) -> Iterator[DataFiles | Staged]:
    """Open data beside each document's page, one document's files at a time (the write stage
    stages them before the next are made). A document with a text longer than an Excel cell
    holds gets no .xlsx (it is listed in `no_sheet`) rather than a cut text. With a `memo` (the
    preview's), a document's files are made again only when it changed, and are given as it
    keeps them (packed, to be staged at once: Staged); `make` makes the files of the documents
    that need them, in order (build.parallel: on every core), else they are made here one by
    one. With `remade_sheets` (the preview's) a kept document's workbook is not held but made
    again when it is read (packed.Remade): only its size is kept, for the download link."""
    kept_files: dict[str, tuple[Staged, bool]] = {}
    if memo is not None and len(memo) > len(site.entries):  # a document was removed
        present = {e.source for e in site.entries}
        for source in [s for s in memo if s not in present]:
            del memo[source]
    for entry in site.entries if memo is not None else ():
        kept = memo.get(entry.source) if memo is not None else None
        # the same entry object (the loader keeps an unchanged file's), or the same inputs
        if kept is not None and (kept[2] is entry or kept[0] == _data_key(entry)):
            kept_files[entry.source] = kept[1], kept[3]
    todo = [e for e in site.entries if e.source not in kept_files]
    made = make(todo) if make is not None else (document_files(e) for e in todo)
    for entry in site.entries:
        files: DataFiles | Staged
        if entry.source in kept_files:
            files, sheetless = kept_files[entry.source]  # as the memo keeps them already
        else:
            files = next(made)
            sheetless = kinds.get(entry.kind).sheet and not any(
                route.endswith(".xlsx") for route, _ in files
            )
            if memo is not None:  # kept as served (packed), the preview's files share them
                remade = entry if remade_sheets else None
                files = staged((route, _kept(route, content, remade)) for route, content in files)
                memo[entry.source] = (_data_key(entry), files, entry, sheetless)
        if sheetless:
            no_sheet.append(entry)
        yield files


def site_files(
    site: model.Site,
    routes: list[str],
    with_pdf: bool,
    no_sheet: list[model.Entry],
    summarise: Summarise = summaries.summarise,
    listed: Listed | None = None,
) -> list[tuple[str, Callable[[], bytes]]]:
    """The files about the whole site (data index and schema, sitemap, robots.txt, feed), each
    as a route and how to make it (the preview makes them when they are asked for: no page
    says how big they are, so no page waits for them). `summarise`: the pages' summaries
    (Renderer.summaries), so the feed does not summarise every document again; `listed`: the
    data index's records kept between builds (a site kept in memory)."""
    no_xlsx = {e.slug for e in no_sheet}
    makers: list[tuple[str, Callable[[], str]]] = [
        ("data/index.json", functools.partial(data_index, site, with_pdf, no_xlsx, listed)),
        ("data/schema.json", schema_text),
        ("sitemap.xml", functools.partial(sitemap, site, routes)),
        ("robots.txt", functools.partial(robots, site)),
        ("feed.xml", functools.partial(atom, site, summarise)),
    ]
    return [(route, functools.partial(_utf8, make)) for route, make in makers]


def _utf8(make: Callable[[], str]) -> bytes:
    return make().encode("utf-8")


@functools.cache
def schema_text() -> str:
    """The documents' JSON Schema, the same for every site of this program."""
    return json.dumps(schema.document_schema(), ensure_ascii=False, indent=2)


def _data_key(entry: model.Entry) -> str:
    """What a document's open data is made from, besides the program."""
    return f"{entry.digest}:{entry.year}:{entry.slug}:{_text_of(entry.publisher)}"


# A publisher's record as text, made once per publisher object (a dataclass's repr is slow,
# and a province's 10,000 documents share a few hundred publishers).
_text_of = per_object(repr)


def _kept(route: str, content: str | bytes | Packed, remade: model.Entry | None) -> Kept:
    """A file as the memo keeps it: packed, or (a workbook, with `remade`: the entry it is made
    from) made again when read."""
    if isinstance(content, Packed):
        return content
    if remade is not None and route.endswith(".xlsx") and isinstance(content, bytes):
        return Remade(functools.partial(_workbook, remade), len(content))
    return pack(route, content.encode("utf-8") if isinstance(content, str) else content)


def _workbook(entry: model.Entry) -> bytes:
    return export_workbook(entry.doc, entry.language)


def document_files(entry: model.Entry) -> DataFiles:
    base = f"{entry.year}/{entry.slug}"
    files: DataFiles = [
        (f"{base}.json", export.document_json(entry)),
        (f"{base}.csv", export.document_csv(entry)),
    ]
    if kinds.get(entry.kind).sheet:
        with contextlib.suppress(CellTooLong):  # open_data says which documents have none
            files.append((f"{base}.xlsx", _workbook(entry)))
    return files


def no_sheet_warning(entry: model.Entry) -> Problem:
    return Problem(
        Location(entry.source),
        "",
        f"有一栏超过 Excel 单元格的上限（{CELL_LIMIT:,} 字），网站不提供这份文件的 .xlsx 表格",
        hint="其余下载照常；如需表格，把这一栏分成几段（例如分条写入 achievements）",
        severity="warning",
        check="xlsx-cell-limit",
    )


def absolute(config: model.SiteConfig, route: str) -> str:
    base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
    return base + route


def entry_date(entry: model.Entry) -> date:
    return entry.doc.published or date(entry.year, 1, 1)


def sitemap(site: model.Site, routes: list[str]) -> str:
    lastmod = {pages.document_route(e): last_update(e).isoformat() for e in site.entries}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for route in routes:
        if route == pages.NOT_FOUND:
            continue
        lines.append(f"  <url><loc>{escape(absolute(site.config, route))}</loc>")
        if route in lastmod:
            lines.append(f"    <lastmod>{lastmod[route]}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(site: model.Site) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(site.config, 'sitemap.xml')}\n"


def last_update(entry: model.Entry) -> date:
    """The day the document last changed: its latest 更新记录, else its publication."""
    return max((r.date for r in entry.doc.revisions), default=entry_date(entry))


# A feed tells its readers what is new: the newest documents (by their latest correction) with
# their corrections, as news feeds do. Every document stays in the sitemap and the data index;
# a province's feed of every document would be megabytes, fetched again and again by readers.
FEED_DOCUMENTS = 50


def atom(site: model.Site, summarise: Summarise = summaries.summarise) -> str:
    """One entry per document, updated by its latest revision, and one per correction, so that
    a reader following the feed hears of a corrected figure; the newest FEED_DOCUMENTS."""
    entries = sorted(site.entries, key=lambda e: (last_update(e), e.year, e.slug), reverse=True)
    entries = entries[:FEED_DOCUMENTS]
    updated = max((last_update(e) for e in entries), default=date(1970, 1, 1))
    config = site.config
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{config.language}">',
        f"  <title>{escape(config.title)}</title>",
        f"  <id>{escape(absolute(config, ''))}</id>",
        f'  <link rel="alternate" href={quoteattr(absolute(config, "index.html"))}/>',
        f'  <link rel="self" href={quoteattr(absolute(config, "feed.xml"))}/>',
        f"  <updated>{updated.isoformat()}T00:00:00Z</updated>",
        f"  <author><name>{escape(config.publisher)}</name></author>",
    ]
    for entry in entries:
        interrupt.check()  # the preview's finishing stops here once superseded
        url = absolute(config, pages.document_route(entry))
        day = entry_date(entry).isoformat()
        # each entry in its own language
        language = i18n.Language(entry.language, config.label_map)
        summary, kind, revised = entry_words(entry, language, summarise)
        lang = f" xml:lang={quoteattr(entry.language)}" if entry.language != config.language else ""
        out += [
            f"  <entry{lang}>",
            f"    <title>{escape(entry.doc.title)}</title>",
            f"    <id>{escape(url)}</id>",
            f'    <link rel="alternate" href={quoteattr(url)}/>',
            f"    <published>{day}T00:00:00Z</published>",
            f"    <updated>{last_update(entry).isoformat()}T00:00:00Z</updated>",
            f"    <author><name>{escape(entry.publisher.name)}</name></author>",
            f"    <category term={quoteattr(entry.kind)} label={quoteattr(kind)}/>",
            f"    <summary>{escape(summary)}</summary>",
            "  </entry>",
        ]
        for number, revision in enumerate(entry.doc.revisions, start=1):
            when = revision.date.isoformat()
            out += [
                f"  <entry{lang}>",
                f"    <title>{escape(revised + entry.doc.title)}</title>",
                f"    <id>{escape(f'{url}#revision-{number}')}</id>",
                f'    <link rel="alternate" href={quoteattr(url + "#revisions")}/>',
                f"    <published>{when}T00:00:00Z</published>",
                f"    <updated>{when}T00:00:00Z</updated>",
                f"    <author><name>{escape(entry.publisher.name)}</name></author>",
                f'    <category term="revision" label={quoteattr(revised.rstrip("：: "))}/>',
                f"    <summary>{escape(f'{when} {revision.summary}')}</summary>",
                "  </entry>",
            ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def kind_name_in(entry: model.Entry, config: model.SiteConfig) -> str:
    """The document kind's name in the document's own language."""
    return views.kind_name(entry.kind, i18n.Language(entry.language, config.label_map))


def entry_words(
    entry: model.Entry, lang: i18n.Language, summarise: Summarise = summaries.summarise
) -> tuple[str, str, str]:
    """A feed entry's summary, kind name and revision prefix, in `lang`."""
    _ = lang.gettext
    kind = views.kind_name(entry.kind, lang)
    period = _("（{period}）", period=entry.doc.period) if entry.doc.period else ""
    summary = entry.publisher.name + " " + _("{year}年{kind}", year=entry.year, kind=kind)
    summary += period + _("。") + summarise(entry.doc, lang).lead
    return summary, kind, _("更新：")


# The data index's record of each document, kept by its entry object (the same object while its
# file and site.yaml are unchanged, in a site kept in memory) and the files it lists.
Listed = dict[int, tuple[model.Entry, tuple[bool, bool], dict[str, object]]]


def data_index(
    site: model.Site,
    with_pdf: bool,
    no_sheet: frozenset[str] | set[str] = frozenset(),
    listed: Listed | None = None,
) -> str:
    """Every document with its year, publisher, kind and file links (absolute and relative)."""
    documents, kept = [], {}
    for entry in site.entries:
        interrupt.check()  # the preview's finishing stops here once superseded
        xlsx = bool(kinds.get(entry.kind).sheet) and entry.slug not in no_sheet
        hit = listed.get(id(entry)) if listed is not None else None
        if hit is not None and hit[0] is entry and hit[1] == (with_pdf, xlsx):
            document = hit[2]
        else:
            document = _index_record(entry, site.config, with_pdf, xlsx)
        documents.append(document)
        kept[id(entry)] = (entry, (with_pdf, xlsx), document)
    if listed is not None:  # only this site's entries, held so that their ids stay theirs
        listed.clear()
        listed.update(kept)
    data = {"title": site.config.title, "schema": "schema.json", "documents": documents}
    return export.json_text(data)


def _index_record(
    entry: model.Entry, config: model.SiteConfig, with_pdf: bool, xlsx: bool
) -> dict[str, object]:
    base = f"{entry.year}/{entry.slug}"
    files = {"html": f"{base}.html", "json": f"{base}.json", "csv": f"{base}.csv"}
    if xlsx:  # as open_data writes them
        files["xlsx"] = f"{base}.xlsx"
    if with_pdf:
        files["pdf"] = f"{base}.pdf"
    return {
        "id": base,
        "title": entry.doc.title,
        "year": entry.year,
        "period": entry.doc.period or None,
        "published": entry.doc.published.isoformat() if entry.doc.published else None,
        "updated": last_update(entry).isoformat() if entry.doc.revisions else None,
        "publisher": entry.publisher.name,
        "publisher_id": entry.publisher.id,
        "kind": entry.kind,
        "kind_zh": kinds.label(entry.kind),
        "language": entry.language,
        "kind_name": kind_name_in(entry, config),
        "files": files,
        "urls": {k: absolute(config, v) for k, v in files.items()},
    }
