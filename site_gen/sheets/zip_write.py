"""The ZIP archive around a workbook's parts (sheets.xlsx_write), written directly.

The bytes are those `zipfile` writes for members with a fixed date (2000-01-01), deflated at
zlib's default level, with permissions 0600, except that the archive says "made on Unix"
everywhere (zipfile says "Windows" on Windows, so the same workbook differed by the system
that wrote it). zipfile took a fifth of a workbook's time in its per-member objects, header
rewrites and seeks; and a part whose text repeats from workbook to workbook (styles,
relationships, content types) is compressed once per process here.
"""

from __future__ import annotations

import functools
import struct
import zlib

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # local file header (APPNOTE 4.3.7)
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # central directory header (4.3.12)
_END = struct.Struct("<4s4H2LH")  # end of central directory record (4.3.16)
_VERSION = 20  # 2.0: deflate
_UNIX = 3  # "made by" system
_DEFLATED = 8
_DOS_DATE = (2000 - 1980) << 9 | 1 << 5 | 1  # 2000-01-01, 00:00:00
_PERMISSIONS = 0o600 << 16


def _deflated(data: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate (wbits −15, as ZIP stores it) at zlib's default level."""
    return zlib.crc32(data), zlib.compress(data, -1, -15)


_shared = functools.lru_cache(maxsize=128)(_deflated)


def archive(members: list[tuple[str, bytes]], shared: frozenset[str] = frozenset()) -> bytes:
    """A ZIP archive of `members` (ASCII names, in this order); the members named in `shared`
    are texts that recur across archives and are compressed once."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in members:
        crc, packed = _shared(data) if name in shared else _deflated(data)
        encoded = name.encode("ascii")
        fields = (0, _DEFLATED, 0, _DOS_DATE, crc, len(packed), len(data), len(encoded))
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *fields, 0) + encoded
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                _VERSION,
                _UNIX,
                _VERSION,
                0,
                *fields,
                0,
                0,
                0,
                0,
                _PERMISSIONS,
                offset,
            )  # fmt: skip
            + encoded
        )
        out += (header, packed)
        offset += len(header) + len(packed)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(out) + directory + end
