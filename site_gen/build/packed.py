"""A file's bytes kept compressed in memory, for the preview, which holds a whole site.

At 10,000 documents the preview's pages and open data were ~600 MB of its 1.7 GiB: text that
zlib's fastest level shrinks 4–15× at ~100 MB/s (a page: well under a millisecond either
way). Only text is packed; a workbook is a zip already, and a small file is not worth it.
Readers never see the packing: `Files` (build.memory) hands out the bytes as written.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

PACKED_TYPES = (".html", ".json", ".csv", ".xml", ".txt", ".css", ".js", ".svg")
SMALLEST = 512  # bytes: below this the packing costs more than it keeps


@dataclass(frozen=True, slots=True)
class Packed:
    """Deflated bytes and the size they unpack to."""

    deflated: bytes
    size: int

    def unpack(self) -> bytes:
        return zlib.decompress(self.deflated)


def pack(route: str, data: bytes) -> bytes | Packed:
    """The bytes to keep for `route`: packed when it is text worth packing, else as they are."""
    if len(data) < SMALLEST or not route.endswith(PACKED_TYPES):
        return data
    return Packed(zlib.compress(data, 1), len(data))


def unpacked(value: bytes | Packed) -> bytes:
    return value.unpack() if isinstance(value, Packed) else value


def size_of(value: bytes | Packed) -> int:
    return value.size if isinstance(value, Packed) else len(value)
