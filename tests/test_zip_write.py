"""The workbooks' ZIP archive is written directly (sheets.zip_write): the bytes are exactly those
`zipfile` writes for the same members (fixed date, deflated, 0600), on every system, and any
ZIP reader reads them back; a part compressed once and reused gives the same bytes."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from site_gen.sheets import zip_write
from site_gen.sheets.workbook import export_workbook
from tests.test_sheets import DOCUMENTS, _doc


def _zipfile_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """As zipfile writes them (what the workbooks were before), made on Unix."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            entry = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 3  # zipfile says 0 (MS-DOS) on Windows
            archive.writestr(entry, data)
    return out.getvalue()


def _members(seed: int) -> list[tuple[str, bytes]]:
    chance = random.Random(seed)
    texts = [
        b"",
        "<?xml 标题 绩效目标 ≥90%?>".encode() * chance.randint(1, 400),
        bytes(chance.randrange(256) for _ in range(chance.randint(1, 5000))),  # incompressible
    ]
    return [(f"xl/part{i}.xml", chance.choice(texts)) for i in range(chance.randint(1, 12))]


@pytest.mark.parametrize("seed", range(12))
def test_the_archive_is_byte_for_byte_what_zipfile_writes(seed: int) -> None:
    members = _members(seed)
    expected = _zipfile_bytes(members)
    assert zip_write.archive(members) == expected
    shared = frozenset(name for name, _ in members[::2])
    assert zip_write.archive(members, shared) == expected  # compressed once, then reused
    assert zip_write.archive(members, shared) == expected
    with zipfile.ZipFile(io.BytesIO(expected)) as read:
        assert read.testzip() is None
        assert [(i.filename, read.read(i)) for i in read.infolist()] == members


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_documents_workbook_is_the_archive_zipfile_would_write(path: Path) -> None:
    book = export_workbook(_doc(path))
    with zipfile.ZipFile(io.BytesIO(book)) as read:
        members = [(i.filename, read.read(i)) for i in read.infolist()]
        assert all(i.date_time == (2000, 1, 1, 0, 0, 0) for i in read.infolist())
    assert book == _zipfile_bytes(members)
