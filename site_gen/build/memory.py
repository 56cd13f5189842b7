"""The preview's output: every file in memory by route, never on disk.

A page the preview's build defers (`MemoryTree.defer`) is made when first asked for: by a
reader's request, or by the build finishing in the background (`make_all`). So an edit is
served as soon as the site is loaded and planned, not after every page it reaches has been
rendered, and no request ever sees a page of the last build beside one of this build: a page
not yet made is made from this build's site before it is served (as Hugo's server renders a
page when it is asked for).

Text files are kept packed (build.packed) and unpacked when read: the preview holds a whole
site, and at 10,000 documents its pages and open data were a third of its memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_gen import interrupt
from site_gen.build.packed import Kept, Packed, Remade, pack, size_of, unpacked
from site_gen.build.write import checked_route

Make = Callable[[], bytes | Packed]


@dataclass(frozen=True, slots=True)
class Staged:
    """One document's open data as the preview keeps it between edits, with what staging it
    asks (MemoryTree.stage) worked out once: the routes checked, casefolded and measured."""

    files: tuple[tuple[str, Kept], ...]
    routes: tuple[str, ...]
    folded: tuple[str, ...]  # for the check that no file is staged twice (checked_route)
    sizes: tuple[int, ...]


def staged(files: Iterable[tuple[str, Kept]]) -> Staged:
    """Files kept to be staged again and again: each route checked as a written tree checks it
    (safe, and distinct from the others of the group) when kept, not at every staging."""
    kept = tuple(files)
    written: set[str] = set()
    for route, _ in kept:
        checked_route(route, written)
    routes = tuple(route for route, _ in kept)
    # a route that is its own casefolded form (most are) is not held twice
    folded = tuple(r if (f := r.casefold()) == r else f for r in routes)
    return Staged(kept, routes, folded, tuple(size_of(value) for _, value in kept))


class Files(Mapping[str, bytes]):
    """Routes to bytes; a deferred route's bytes are made once, on first reading. Pages are
    made one at a time per route, several routes at once: a reader asking for a small page
    does not wait for the finishing build's large one, and the build starts no new page while
    a reader is waiting (the reader's is the page someone is looking at). A making that fails
    is not kept: the next reading tries again and fails as loudly."""

    def __init__(self) -> None:
        self._entries: dict[str, Kept | Make] = {}
        self._first: list[str] = []  # made before the others when the build finishes (put)
        self._lock = threading.Lock()  # guards the two below
        self._making: dict[str, threading.Lock] = {}  # one per route being made
        self._readers = 0  # readers making a page now
        self._quiet = threading.Condition(self._lock)  # notified when a reader is done

    def __getitem__(self, route: str) -> bytes:
        value = self._entries[route]
        if isinstance(value, bytes | Packed | Remade):
            return unpacked(value)
        with self._lock:
            self._readers += 1
        try:
            return self._make(route)
        finally:
            with self._lock:
                self._readers -= 1
                self._quiet.notify_all()

    def _make(self, route: str) -> bytes:
        return unpacked(self._kept(route))

    def _kept(self, route: str) -> Kept:
        """A route's file made (once) and kept; as kept (packed), not unpacked: the build's
        finishing makes pages nobody is reading yet."""
        with self._lock:
            lock = self._making.setdefault(route, threading.Lock())
        try:
            with lock:
                value = self._entries[route]  # made meanwhile by another thread?
                if not isinstance(value, bytes | Packed | Remade):
                    made = value()
                    value = made if isinstance(made, Packed) else pack(route, made)
                    self._entries[route] = value
        finally:
            with self._lock:
                self._making.pop(route, None)
        return value

    def make_all(self, stop: threading.Event | None = None) -> bool:
        """Make every deferred file, in pending()'s order, each once no reader is waiting;
        False if `stop` was set first (a newer build supersedes this one: it stops between
        pages, or inside one (interrupt), and what it did not make is made by nobody; a
        reader asking for that page meanwhile makes it whole)."""
        with interrupt.stops_when(stop):
            try:
                for route in self.pending():
                    with self._lock:
                        self._quiet.wait_for(lambda: self._readers == 0)
                    interrupt.check()
                    self._kept(route)
            except interrupt.Superseded:
                return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, route: object) -> bool:
        return route in self._entries

    def pending(self) -> list[str]:
        """The routes not made yet: those staged `first`, then the others, each in the order
        they were staged."""
        first = dict.fromkeys(r for r in self._first if not self._made(r))
        rest = (r for r in self._entries if r not in first and not self._made(r))
        return [*first, *rest]

    def _made(self, route: str) -> bool:
        return isinstance(self._entries[route], bytes | Packed | Remade)

    def made(self) -> Iterator[tuple[str, Kept]]:
        """Every file as kept, once all are made (build.resident writes them out)."""
        for route, value in self._entries.items():
            if not isinstance(value, bytes | Packed | Remade):
                raise RuntimeError(f"not made yet: {route}")
            yield route, value

    def held(self) -> tuple[int, int]:
        """Bytes held for the files made so far, and the bytes they hold unpacked."""
        kept = [v for v in self._entries.values() if isinstance(v, bytes | Packed)]
        held = sum(len(v.deflated) if isinstance(v, Packed) else len(v) for v in kept)
        # (a Remade file is not held: it is made again when read)
        return held, sum(size_of(v) for v in kept)

    def put_all(self, files: Iterable[tuple[str, Kept]]) -> None:
        """Stage files made already (their routes checked by the caller)."""
        self._entries.update(files)

    def put(self, route: str, value: Kept | Make, first: bool = False) -> None:
        """Stage a file; a deferred one `first` is made before the others (make_all)."""
        self._entries[route] = value
        if first and not isinstance(value, bytes | Packed | Remade):
            self._first.append(route)


class MemoryTree:
    """The preview's files by route (the server answers from `files`). Routes are checked as
    for a written tree, so the preview refuses what a build would."""

    def __init__(self) -> None:
        self.files = Files()
        self.written: set[str] = set()

    @property
    def routes(self) -> list[str]:
        """The routes staged, in order (the files' own: not held twice)."""
        return list(self.files)

    def write(self, route: str, content: str | Kept) -> int:
        """Stage a file (packed when it is text); returns its size in bytes."""
        if isinstance(content, Packed | Remade):
            self.defer(route, content)
            return content.size
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.write_bytes(route, data)
        return len(data)

    def write_bytes(self, route: str, data: bytes) -> None:
        self.defer(route, pack(route, data))

    def defer(self, route: str, make: Kept | Make, first: bool = False) -> None:
        """Stage a file whose bytes are made when first read (or at once: bytes); one `first`
        is made before the others when the build finishes."""
        checked_route(route, self.written)
        self.files.put(route, make, first)

    def stage(self, group: Staged) -> None:
        """Stage a group of kept files at once: a province's preview stages 30,000 on every
        edit. Its routes were checked when it was kept; here only that none was staged before."""
        if not self.written.isdisjoint(group.folded):
            for route, kept in group.files:  # one by one: fails, and says which, as a build
                self.defer(route, kept)
        self.written.update(group.folded)
        self.files.put_all(group.files)

    def make_all(self, stop: threading.Event | None = None) -> bool:
        """Make every deferred file (after what readers ask for meanwhile), unless stopped."""
        return self.files.make_all(stop)

    def copy(self, route: str, source: Path) -> None:
        self.write_bytes(route, source.read_bytes())

    def commit(self) -> None:
        """Nothing to swap: the caller serves `files` once the build has succeeded."""

    def abort(self) -> None:
        self.files = Files()
