"""A file's bytes kept compressed in memory, for the preview, which holds a whole site.

At 10,000 documents the preview's pages and open data were ~600 MB of its 1.7 GiB: text that
zlib's fastest level shrinks 4–15× at ~100 MB/s (a page: well under a millisecond either
way). Only text is packed; a workbook is a zip already, and a small file is not worth it.
Readers never see the packing: `Files` (build.memory) hands out the bytes as written.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
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


@dataclass(frozen=True, slots=True)
class Remade:
    """A file the preview does not hold but makes again, the same bytes, when it is read: a
    document's workbook, a zip that packing cannot shrink (a province's 10,000: 86 MiB of the
    preview's memory), downloaded by a reviewer now and then."""

    make: Callable[[], bytes]
    size: int

    def unpack(self) -> bytes:
        return self.make()


# What a file is kept as: its bytes, packed, or how to make it again.
Kept = bytes | Packed | Remade


def unpacked(value: Kept) -> bytes:
    return value.unpack() if isinstance(value, Packed | Remade) else value


def size_of(value: Kept) -> int:
    return value.size if isinstance(value, Packed | Remade) else len(value)
