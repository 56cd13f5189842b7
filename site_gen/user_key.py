"""This user's own secret key, for what a build keeps between runs that it will later run as
code (pickled loaded documents, compiled templates): such a file is used only if it carries a
signature (HMAC-SHA256) made with this key. The key lives outside every site folder, in the
user's cache folder (`~/.cache/site_gen/cache-key`, %LOCALAPPDATA% on Windows), created with
owner-only rights; a site repository or a copied folder cannot bring files that pass."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

_KEY_FILE = "cache-key"


def key_folder() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "site_gen"


@functools.cache
def secret() -> bytes | None:
    """This user's signing key, made on first use; None when it cannot be kept (then nothing
    is kept: a locked-down account, a damaged key file)."""
    path = key_folder() / _KEY_FILE
    for _attempt in range(2):
        try:
            data = path.read_bytes()
            return data if len(data) == 32 else None
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:  # made only if absent: two builds starting at once keep the same key
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue  # the other build made it: read that one
        except OSError:
            return None
        fresh = secrets.token_bytes(32)
        with os.fdopen(handle, "wb") as out:
            out.write(fresh)
        return fresh
    return None


def signature(key: str, data: bytes, signing: bytes) -> str:
    """The signature of `data` kept under `key` (the key is signed too: an entry copied under
    another key's name does not pass)."""
    return hmac.new(signing, key.encode() + b"\0" + data, hashlib.sha256).hexdigest()
