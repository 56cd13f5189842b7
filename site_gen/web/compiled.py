"""The theme's templates compiled once, not by every build process and every preview rebuild
(compiling the theme took 0.6 s of each build): Jinja's bytecode cache, in memory and in this
user's cache folder.

Compiled code read back from a file runs whatever the file holds, so a file is used only if it
carries a signature made with this user's own key (site_gen.user_key), which no site folder can
bring. Jinja checks each entry against a digest of the template's source, so an edited template
is compiled again. Entries are named by the template's name (not its folder: each test's or
site's theme folder would leave files behind for ever), with Jinja's and Python's versions.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import platform
import tempfile
from pathlib import Path

import jinja2
import jinja2.bccache

from site_gen import user_key

_VERSIONS = f"{jinja2.__version__}:{platform.python_implementation()}:{platform.python_version()}"


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}  # this process's, by key

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{_VERSIONS}:{name}".encode()).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is None:
            code = _read(bucket.key)
            if code is not None:  # each preview rebuild asks again: read and verified once
                self.compiled[bucket.key] = code
        if code is not None:
            bucket.bytecode_from_string(code)  # Jinja compares the source's digest

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = bucket.bytecode_to_string()
        self.compiled[bucket.key] = code
        _write(bucket.key, code)


def _folder() -> Path:
    return user_key.key_folder() / "templates"


def _read(key: str) -> bytes | None:
    signing = user_key.secret()
    if signing is None:
        return None
    try:
        stored = (_folder() / f"{key}.bc").read_bytes()
    except OSError:
        return None
    mark, _, code = stored.partition(b"\n")
    if not hmac.compare_digest(mark, user_key.signature(key, code, signing).encode()):
        return None  # not written by this user's builds: never run
    return code


def _write(key: str, code: bytes) -> None:
    """Kept atomically (two builds at once each write a whole file); a failure keeps nothing."""
    signing = user_key.secret()
    if signing is None:
        return
    folder = _folder()
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(prefix=".part-", dir=folder)
        with os.fdopen(handle, "wb") as out:
            out.write(user_key.signature(key, code, signing).encode() + b"\n" + code)
        os.replace(temporary, folder / f"{key}.bc")
    except OSError:
        if temporary is not None:  # its own unfinished file, never another
            with contextlib.suppress(OSError):
                os.unlink(temporary)


COMPILED = CompiledTemplates()
