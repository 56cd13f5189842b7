"""A resident build's output (`site-gen build --watch`, issue 29): the site is kept in memory
between builds, as the preview keeps it, and each build after the first writes into output/
only the files whose bytes changed, and removes only the files it wrote that the site no
longer has.

- The first build (and any build after output/ was replaced, e.g. by a plain `site-gen build`,
  or after a file or folder in it turned into a link) stages the whole tree and swaps it in,
  as every build does (build.write).
- Later builds write each changed file beside its place and rename it over the old one, so a
  reader of output/ never sees half a file; the set of files is not swapped at once (a reader
  between two renames sees some files of the new build beside some of the last). A failed
  build writes nothing: the sync is its last stage.
- A file is known unchanged without reading it: it is the same kept object (page, data file)
  this process wrote last time, and output/ still holds the file it wrote (same inode, size
  and modification time). A file edited by hand, or replaced, is written again.
- Only files this process wrote, still as it wrote them, are ever removed; no link is followed
  (a folder that is a link makes the next build a whole-tree swap, which does not follow it).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from site_gen.build.memory import Kept, MemoryTree
from site_gen.build.packed import unpacked
from site_gen.build.write import MARKER, OutputTree
from site_gen.web import search

# A file as written: inode, size, modification time (ns). Any change by another hand shows.
Signature = tuple[int, int, int]


@dataclass(slots=True)
class Written:
    value: Kept | None  # the kept object it was written from (None: read back from disk)
    digest: bytes  # SHA-256 of its bytes
    signature: Signature


@dataclass
class SearchParts:
    """Index parts kept in memory between builds (search.KeptParts), with each page's SHA-256
    and whether it is indexed, kept by the page's object: only an edited page is hashed."""

    parts: dict[str, list[tuple[str, bytes]]] = field(default_factory=dict)
    pages: dict[str, tuple[Kept, bool, bytes]] = field(default_factory=dict)

    def get(self, key: str) -> list[tuple[str, bytes]] | None:
        return self.parts.get(key)

    def put(self, key: str, files: list[tuple[str, bytes]]) -> None:
        self.parts[key] = files

    def keep_only(self, keys: set[str]) -> None:
        self.parts = {key: files for key, files in self.parts.items() if key in keys}


@dataclass
class Published:
    """What this process last put in output/: each file by route, and output/ itself."""

    files: dict[str, Written] = field(default_factory=dict)
    folder: tuple[int, int] | None = None  # output/'s device and inode when written
    search: SearchParts = field(default_factory=SearchParts)


class _Replace(Exception):
    """The tree cannot be updated in place: swap a whole new one in instead."""


class SyncedTree(MemoryTree):
    """A build's files in memory until the build has succeeded; then `commit` brings output/
    to exactly these files (see the module's docstring)."""

    def __init__(self, output: Path, published: Published) -> None:
        super().__init__()
        self.output = output.resolve()
        self.published = published
        self.changed: list[str] = []  # routes written or removed by this commit

    def index_for_search(self) -> None:
        """Stage the search index of the pages staged so far (as complete() indexes a written
        tree), from memory: a page whose object is unchanged is not read or hashed again."""
        kept = self.published.search
        sources: list[search.Source] = []
        for route, value in sorted(self.files.made(), key=lambda item: PurePath(item[0])):
            if not route.endswith(".html"):
                continue
            known = kept.pages.get(route)
            if known is None or known[0] is not value:
                data = unpacked(value)
                known = (value, search.is_indexed(data), search.sha256(data))
                kept.pages[route] = known
            if known[1]:
                sources.append((route, known[2], _reader(value)))
        kept.pages = {r: kept.pages[r] for r in kept.pages if r in self.files}
        for route, content in search.index_files(sources, kept=kept):
            self.defer(route, content)  # bytes kept by SearchParts: the same objects next time

    def commit(self) -> None:
        try:
            if not self._in_place():
                raise _Replace
            self._update()
        except _Replace:
            self._replace()

    def _in_place(self) -> bool:
        """Whether output/ is still the tree this process wrote last (not replaced since)."""
        try:
            found = os.lstat(self.output)
        except OSError:
            return False
        return (
            bool(self.published.files)
            and stat.S_ISDIR(found.st_mode)
            and (found.st_dev, found.st_ino) == self.published.folder
            and (self.output / MARKER).is_file()
        )

    def _replace(self) -> None:
        """Stage the whole tree beside output/ and swap it in (build.write)."""
        tree = OutputTree(self.output)
        try:
            for route, value in self.files.made():
                tree.write(route, value)
            tree.commit()
        except BaseException:
            tree.abort()
            raise
        written = {}
        for route, value in self.files.made():
            digest = bytes.fromhex(tree.digests[route])
            written[route] = Written(value, digest, _signature(self.output / route) or (0, 0, 0))
        self.published.files = written
        found = os.lstat(self.output)
        self.published.folder = (found.st_dev, found.st_ino)
        self.changed = list(written)

    def _update(self) -> None:
        """Write the files that changed, then remove the ones this process wrote that the site
        no longer has."""
        files, folders = self.published.files, _Folders(self.output)
        root = f"{self.output}{os.sep}"  # a province's 40,000 routes: strings, not Paths
        for route, value in self.files.made():
            old = files.get(route)
            target = root + route  # checked when staged (checked_route); "/" works everywhere
            if old is not None and old.value is value and _signature(target) == old.signature:
                continue
            data = unpacked(value)
            digest = hashlib.sha256(data).digest()
            if old is not None and old.digest == digest and _signature(target) == old.signature:
                files[route] = Written(value, digest, old.signature)
                continue
            parts = route.split("/")
            folder = folders.real(parts[:-1], make=True)
            files[route] = Written(value, digest, _replace_file(folder / parts[-1], data))
            self.changed.append(route)
        for route in [r for r in files if r not in self.files]:
            parts = route.split("/")
            written = folders.real(parts[:-1], make=False) / parts[-1]
            if _signature(written) == files.pop(route).signature:  # still as this process wrote it
                written.unlink()
                folders.remove_empty(parts[:-1])
                self.changed.append(route)


class _Folders:
    """output/'s folders, each checked once per commit to be a real folder, not a link."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.checked: dict[tuple[str, ...], Path] = {(): output}

    def real(self, parts: list[str], make: bool) -> Path:
        key = tuple(parts)
        if key in self.checked:
            return self.checked[key]
        parent = self.real(parts[:-1], make)
        folder = parent / parts[-1]
        try:
            found = os.lstat(folder)
        except FileNotFoundError:
            if not make:
                raise _Replace from None
            folder.mkdir()
            found = os.lstat(folder)
        if not stat.S_ISDIR(found.st_mode):  # a link (or a file) where a folder was written
            raise _Replace
        self.checked[key] = folder
        return folder

    def remove_empty(self, parts: list[str]) -> None:
        """Remove the folders a removal left empty, deepest first (never output/ itself)."""
        while parts:
            key = tuple(parts)
            try:
                os.rmdir(self.checked[key])
            except OSError:
                return  # not empty
            del self.checked[key]
            parts = parts[:-1]


def _reader(value: Kept) -> Callable[[], str]:
    return lambda: unpacked(value).decode("utf-8")


def _signature(path: Path | str) -> Signature | None:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def _replace_file(target: Path, data: bytes) -> Signature:
    """Write `data` beside `target` and rename it over `target`: a reader sees the old file or
    the new one, never part of one. Returns the new file's signature."""
    temporary = target.with_name(f".site-gen-new-{os.getpid()}-{target.name}")
    for attempt in (1, 2):
        try:  # created here, never opened through a link someone left at that name
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            break
        except FileExistsError:
            if attempt == 2:
                raise
            temporary.unlink()  # a leftover of a killed run of this process id: ours by name
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    found = _signature(target)
    assert found is not None
    return found


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
