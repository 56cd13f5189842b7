"""Build stage: Site model → the list of pages to render (route, template, context). No I/O.

Routes are relative POSIX paths inside the output folder ("2021/weihai.html"); templates turn
them into links relative to the page being rendered, so the site works from file:// and from
any sub-path of a web server.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from site_gen import i18n, model
from site_gen.load import projects
from site_gen.tables.views import year_label


@dataclass(frozen=True)
class Crumb:
    title: str
    route: str
    lang: str  # the language of the title: the site's, which a document's page may not speak


@dataclass(frozen=True)
class Page:
    route: str
    template: str
    title: str
    crumbs: tuple[Crumb, ...]
    context: dict[str, Any] = field(default_factory=dict)
    entry: model.Entry | None = None
    # Other documents whose content the page shows (a project's stages, a year's or a
    # publisher's documents): the page is rendered again when one of them changes (the
    # preview's and the build's page caches). A page with neither shows every document.
    related: tuple[model.Entry, ...] = ()
    # What else the page says of the site that its related documents do not tell (the home
    # page's count of each year's documents): part of its key in both page caches.
    facts: tuple[object, ...] = ()


HOME = "index.html"
NOT_FOUND = "404.html"
SEARCH = "search.html"
PROJECTS = "projects/index.html"
# The home page shows each year's newest documents and links to the year's page for the rest:
# a province publishes thousands a year, and a home page listing all of them would be
# megabytes on a phone (and rendered again on every edit).
HOME_PER_YEAR = 10


def url_path(base_url: str) -> str:
    """The path part of the base URL, always ending with a slash: https://a.gov.cn/jx → /jx/."""
    if "://" in base_url:
        base_url = "/" + base_url.split("://", 1)[1].partition("/")[2]
    return base_url if base_url.endswith("/") else base_url + "/"


def public_root(base_url: str) -> str:
    """The site's absolute address, or "" when site.yaml gives only a path (links in PDFs
    then cannot point at the site and are dropped)."""
    return base_url if base_url.startswith(("http://", "https://")) else ""


def public_address(base_url: str, route: str) -> str:
    """A page's absolute public address, or "" when site.yaml gives only a path."""
    root = public_root(base_url)
    return (root if root.endswith("/") else root + "/") + route if root else ""


def year_route(year: int) -> str:
    return f"{year}/index.html"


def document_route(entry: model.Entry) -> str:
    return f"{entry.year}/{entry.slug}.html"


def pdf_route(entry: model.Entry) -> str:
    return f"{entry.year}/{entry.slug}.pdf"


def publisher_route(publisher: model.Publisher) -> str:
    return f"publishers/{publisher.id}.html"


def related_entries(records: list[projects.ProjectRecord]) -> tuple[model.Entry, ...]:
    if not records:  # most documents of a province: asked for each on every preview edit
        return ()
    found: dict[tuple[int, str], model.Entry] = {}
    for record in records:
        found.update(record.entries)
    return tuple(found[k] for k in sorted(found))


def _shown(
    entries: list[model.Entry], records: list[projects.ProjectRecord]
) -> tuple[model.Entry, ...]:
    """A publisher page's documents and those of its projects' stages, each once."""
    found = {(e.year, e.slug): e for e in entries}
    for record in records:
        found.update(record.entries)
    return tuple(found[k] for k in sorted(found))


def plan(site: model.Site) -> list[Page]:
    """Every page of the site, in a fixed order (deterministic output); the titles of pages
    that are not a document's are in the site's language."""
    language = site.config.language
    lang = i18n.Language(language, site.config.label_map)
    home = _crumb(lang.gettext("首页"), HOME, language)
    publishers = site.publishers_in_use
    every = projects.collect(site)  # every project, and those followed through the year
    linked = projects.linked(every)
    of_document = projects.by_document(linked)
    of_year: dict[int, list[model.Entry]] = {}  # one pass, not one per year
    for entry in site.entries:
        of_year.setdefault(entry.year, []).append(entry)
    years = [(y, tuple(of_year.get(y, ()))) for y in site.years]
    global _alone
    kept, alone = _alone, {}
    shown = [(y, entries[:HOME_PER_YEAR], len(entries)) for y, entries in years]
    pages = [
        Page(
            HOME,
            "index.html",
            site.config.title,
            (),
            {"years": shown, "publishers": publishers, "has_projects": bool(every)},
            related=tuple(e for _, entries, _ in shown for e in entries),
            facts=(tuple((y, count) for y, _, count in shown), bool(every)),
        )
    ]
    for year, entries in years:
        crumb = _crumb(year_label(year, lang), year_route(year), language)
        pages.append(
            Page(
                year_route(year),
                "year.html",
                year_label(year, lang),
                (home,),
                {"year": year, "entries": entries},
                related=entries,  # the year's documents, not the site's
            )
        )
        for entry in entries:
            held = of_document.get(f"{entry.year}/{entry.slug}", [])
            page = kept.get(id(entry)) if not held else None
            if page is None or page.entry is not entry or page.crumbs != (home, crumb):
                page = Page(
                    document_route(entry),
                    "document.html",
                    entry.doc.title,
                    (home, crumb),
                    {"doc": entry.doc, "projects": held},
                    entry=entry,
                    related=related_entries(held),
                )
            if not held:
                alone[id(entry)] = page
            pages.append(page)
    if len(publishers) > 1:
        entries_of: dict[str, list[model.Entry]] = {}  # grouped once: a scan per publisher
        records_of: dict[str, list[projects.ProjectRecord]] = {}  # was quadratic in a province
        for entry in site.entries:
            entries_of.setdefault(entry.publisher.id, []).append(entry)
        for record in every:
            records_of.setdefault(record.publisher.id, []).append(record)
        for publisher in publishers:
            pages.append(
                Page(
                    publisher_route(publisher),
                    "publisher.html",
                    publisher.name,
                    (home,),
                    {
                        "publisher": publisher,
                        "entries": tuple(entries_of.get(publisher.id, ())),
                        "records": records_of.get(publisher.id, []),
                    },
                    related=_shown(
                        entries_of.get(publisher.id, []), records_of.get(publisher.id, [])
                    ),
                )
            )
    for record in linked:
        pages.append(
            Page(
                record.route,
                "project.html",
                record.name,
                (home, Crumb(record.publisher.name, publisher_route(record.publisher), language))
                if len(publishers) > 1
                else (home,),
                {"record": record},
                related=related_entries([record]),
            )
        )
    if every:
        pages.append(
            Page(PROJECTS, "projects.html", lang.gettext("项目全程"), (home,), {"records": every})
        )
    pages.append(Page(SEARCH, "search.html", lang.gettext("搜索"), (home,), {}))
    pages.append(Page(NOT_FOUND, "404.html", lang.gettext("页面未找到"), (home,), {}))
    _alone = alone
    return pages


# The last plan's pages of documents that hold no project followed through the year (most of a
# province's), by their entry's identity: such a page is made of its entry and breadcrumbs
# only, so while both are the same objects (the loader keeps an unchanged file's entry;
# breadcrumbs are kept by value: _crumb) the page is the same object too, and the preview's
# page cache knows it without comparing its key. Each page holds its entry: no id is reused.
_alone: dict[int, Page] = {}


@functools.lru_cache(maxsize=4096)
def _crumb(title: str, route: str, lang: str) -> Crumb:
    return Crumb(title, route, lang)
