"""Loading stage, kept between builds (issue 29): a content file is parsed, validated and
converted again only when its bytes (or the program) changed. Loading was a fifth of a build,
and an edit to one document loaded the province again.

A loaded document (the model with its problems and cell locations) is kept pickled, under a key
made of the program (build.step_cache), the file's path and name and the SHA-256 of its bytes.
Unpickling runs code named in the data, so an entry is used only if it carries a signature
(HMAC-SHA256) made with this user's own secret key, kept outside every site folder in the
user's cache folder (`~/.cache/site_gen/cache-key`, %LOCALAPPDATA% on Windows, created with
owner-only rights). A site repository that brings its own `.site-gen-cache/load/` entries (a
department's commit, a copied folder) cannot make the build unpickle them: they are not signed
with this key, and are loaded again from the YAML. Without a place for the key, nothing is
kept. Entries live in `.site-gen-cache/load/`, checked and cleaned up as every step's are.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

from site_gen.build import step_cache
from site_gen.load import LoadedDocument
from site_gen.load.yamlsrc import read_bytes
from site_gen.user_key import secret
from site_gen.user_key import signature as _signature

File = tuple[Path, str]  # a content file and its name in messages, as load.load_file takes it
Make = Callable[[list[File]], Iterator[LoadedDocument]]


def cached(make: Make, site_root: Path) -> Make:
    """`make` for the files whose loaded document is not kept (or whose entry is not signed
    with this user's key); the others are unpickled. The store then holds this build's files."""
    signing = secret()
    if signing is None:
        return make
    store = step_cache.Store(site_root, "load")

    def key_of(file: File) -> tuple[str, str] | None:
        """The file's key and the digest of its bytes."""
        data, problems = read_bytes(*file)
        if data is None or problems:
            return None  # refused or unreadable: the loader says why, nothing is kept
        digest = hashlib.sha256(data).hexdigest()
        return step_cache.key_of("load", str(file[0]), file[1], digest), digest

    def kept(key: str) -> LoadedDocument | None:
        found = store.get(key)
        if found is None:
            return None
        ((_, data),), extra = found
        if not isinstance(data, bytes) or not isinstance(extra, dict):
            return None
        if not hmac.compare_digest(str(extra.get("signature")), _signature(key, data, signing)):
            return None  # not made by this user's builds: never unpickled
        loaded = pickle.loads(data)  # signed above with this user's own key
        return loaded if isinstance(loaded, LoadedDocument) else None

    def make_cached(files: list[File]) -> Iterator[LoadedDocument]:
        keys = [key_of(file) for file in files]
        store.keep_only({k[0] for k in keys if k is not None})
        stored = [k is not None and store.has(k[0]) for k in keys]
        made = make([file for file, there in zip(files, stored, strict=True) if not there])
        for file, k, there in zip(files, keys, stored, strict=True):
            loaded = kept(k[0]) if there and k is not None else None
            if loaded is None:
                loaded = next(made) if not there else next(iter(make([file])))
                if k is not None and loaded.digest == k[1]:  # not changed since it was keyed
                    data = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
                    signature = _signature(k[0], data, signing)
                    store.put(k[0], [("loaded", data)], {"signature": signature})
            yield loaded

    return make_cached
