"""Open-data stage, kept between builds (issue 29): a document's JSON, CSV and .xlsx are made
again only when something they are made from changed. They were two fifths of a build's time
(the workbook alone a third), and an edit to one document made all of them again.

A document's files are keyed by the bytes of its source (the loaded document is a function of
them and of the program), what the loader adds (year, file name, publisher, language) and the
program (build.step_cache, which also says how entries are checked and cleaned up). They live
in `.site-gen-cache/data/`; after a build it holds the entries of that build's documents only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from site_gen import model
from site_gen.build import step_cache

DataFiles = step_cache.Files  # as build.feeds makes them: (route, content)
Make = Callable[[list[model.Entry]], Iterator[DataFiles]]


def document_key(entry: model.Entry) -> str:
    return step_cache.key_of(
        "data", entry.digest, entry.year, entry.slug, entry.source, entry.language, entry.publisher
    )


def cached(
    make: Make,
    site_root: Path,
    entries: tuple[model.Entry, ...],
    hashed: dict[str, str] | None = None,
) -> Make:
    """`make` for the documents whose files are not in the cache; the others are read from it.
    The cache then holds the entries of `entries` (the whole site) and nothing else. `hashed`
    is told the SHA-256 of each file it keeps, by route (the output records them: not hashed
    twice)."""
    store = step_cache.Store(site_root, "data")
    keys = {entry.source: document_key(entry) for entry in entries}

    def make_cached(todo: list[model.Entry]) -> Iterator[DataFiles]:
        store.keep_only(set(keys.values()))  # now: the caller stops at its last document
        # Which entries are there is told by their names; each is read when its turn comes
        # (all of them at once would hold a province's open data in memory).
        stored = [store.has(keys[entry.source]) for entry in todo]
        made = make([entry for entry, there in zip(todo, stored, strict=True) if not there])
        for entry, there in zip(todo, stored, strict=True):
            key = keys[entry.source]
            found = store.get(key) if there else None
            if found is not None:
                yield found[0]
                continue
            # not there, or damaged since it was seen (then made again here)
            files = next(made) if not there else next(iter(make([entry])))
            digests = store.put(key, files)
            if hashed is not None:
                hashed.update(zip([route for route, _ in files], digests, strict=True))
            yield files

    return make_cached
