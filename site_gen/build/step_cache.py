"""Build steps kept between builds (issue 29): a store of files under a key made of everything
they are made from, for the steps that cost most and depend on one document each (its open
data, build.data_cache; its pages, build.page_cache). The PDF annexes have their own
(pdf.annex_cache), in the same folder and under the same rules.

An entry records its key, the SHA-256 of each file and what else the step returns (a page's
ids and links), and is checked on every use: an entry that does not match (damaged, cut short,
another entry's put under this name) is made again, never published. Entries are written
atomically; clean-up removes only files with the store's own names (pdf.annex_cache
.remove_unused), and the cache folder may not be a link (pdf.annex_cache.cache_root).

The program is part of every key: every file of the site_gen package (its templates and
messages included) by content, the Python version and orjson's, so a change to the code, even
without a new version number, makes every step again.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import platform
import re
from pathlib import Path
from typing import Any

import site_gen
from site_gen.pdf import annex_cache

Files = list[tuple[str, str | bytes]]  # (route, content): text, or bytes as they are
_ENTRY = re.compile(r"[0-9a-f]{64}\.entry")  # the only names a store writes


@functools.cache
def program_key() -> str:
    """The program the files are made by: every file of the site_gen package, by content."""
    package = Path(site_gen.__file__).parent
    digest = hashlib.sha256(f"{platform.python_version()}\0".encode())
    try:
        digest.update(f"orjson {importlib.metadata.version('orjson')}\0".encode())
    except importlib.metadata.PackageNotFoundError:
        digest.update(b"orjson ?\0")
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def key_of(*parts: object) -> str:
    """A key from the program and the given parts (their repr: frozen dataclasses name every
    field)."""
    return hashlib.sha256(repr((program_key(), *parts)).encode()).hexdigest()


class Store:
    """One step's entries, in `.site-gen-cache/<name>/`."""

    def __init__(self, site_root: Path, name: str) -> None:
        self.folder = annex_cache.cache_root(site_root) / name

    def has(self, key: str) -> bool:
        return (self.folder / f"{key}.entry").is_file()

    def get(self, key: str) -> tuple[Files, Any] | None:
        """The files and the extra stored under key, or None when absent or not what it
        recorded."""
        try:
            blob = (self.folder / f"{key}.entry").read_bytes()
            head, _, body = blob.partition(b"\n")
            record = json.loads(head)
            if record["key"] != key:
                return None
            files: Files = []
            at = 0
            for route, size, sha256, is_text in record["files"]:
                data = body[at : at + size]
                at += size
                if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
                    return None
                files.append((route, data.decode("utf-8") if is_text else data))
            return (files, record["extra"]) if at == len(body) else None
        except (OSError, ValueError, TypeError, KeyError):
            return None  # absent or damaged: made again

    def put(
        self, key: str, files: Files, extra: Any = None, known: list[bytes] | None = None
    ) -> list[str]:
        """Keep `files` under `key`; returns each file's SHA-256 (the output records them too:
        not hashed twice). `known`: the files' bytes, already encoded by the caller."""
        self.folder.mkdir(parents=True, exist_ok=True)
        blobs = known or [c.encode("utf-8") if isinstance(c, str) else c for _, c in files]
        digests = [hashlib.sha256(data).hexdigest() for data in blobs]
        head = [
            (route, len(data), digest, isinstance(content, str))
            for (route, content), data, digest in zip(files, blobs, digests, strict=True)
        ]
        record = {"key": key, "files": head, "extra": extra}
        blob = json.dumps(record, ensure_ascii=False).encode() + b"\n" + b"".join(blobs)
        annex_cache.write_atomically(self.folder / f"{key}.entry", blob)
        return digests

    def keep_only(self, keys: set[str]) -> None:
        annex_cache.remove_unused(self.folder, _ENTRY, keys)


class Keyed:
    """A store used by an earlier stage with keys of its own (web.search's index parts): each
    key is made a step's key here, with the program's."""

    def __init__(self, store: Store, step: str) -> None:
        self.store, self.step = store, step

    def get(self, key: str) -> list[tuple[str, bytes]] | None:
        found = self.store.get(key_of(self.step, key))
        if found is None:
            return None
        return [(route, c.encode("utf-8") if isinstance(c, str) else c) for route, c in found[0]]

    def put(self, key: str, files: list[tuple[str, bytes]]) -> None:
        self.store.put(key_of(self.step, key), list(files))

    def keep_only(self, keys: set[str]) -> None:
        self.store.keep_only({key_of(self.step, key) for key in keys})
