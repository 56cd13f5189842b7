"""The workbook's hidden sheet (issue 29, item 4): the export keeps the document there and reads
none of its own sheets back; the import works out what the sheets could not show. Workbooks
published before this change (their hidden sheet holds the patch itself) still import whole."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from site_gen.sheets import workbook
from site_gen.sheets.patch import input_data
from site_gen.sheets.workbook import export_workbook, import_workbook
from site_gen.sheets.xlsx_write import HIDDEN
from tests.conftest import ROOT
from tests.test_sheets import DOCUMENTS, _doc, _reimport, without_hidden_sheet

# Workbooks exported by site_gen 4d0277a, the last version that wrote the patch itself; each
# has something its sheets cannot show (PDF options, anchors, silenced checks, bands, labels
# written with their points, an English layout).
EARLIER = ROOT / "tests/fixtures/sheets/site-gen-4d0277a"
SOURCES = {
    "batang-infrastructure": "tests/fixtures/application/content/2021",
    "gsa-fy2018-annual-performance": "examples/performance-gov/content/2018",
    "hengshan-grain-reserve-self-evaluation": "content/2020",
    "progress-marks": "tests/fixtures/evaluated/content/2019",
    "qingshen-fgj-wage-self-evaluation": "content/2023",
    "quarterly-monitoring": "tests/fixtures/series/content/2024",
}


# This version's export opened and saved again by LibreOffice 7.4 (soffice --headless
# --convert-to xlsx): its own XML, shared strings and styles, the hidden sheet kept.
RESAVED = ROOT / "tests/fixtures/sheets/libreoffice-resaved"


def _hidden(xlsx: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return json.loads("".join(str(row[0].value) for row in book[HIDDEN].iter_rows()))


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_a_workbook_of_the_earlier_format_imports_whole(stem: str, tmp_path: Path) -> None:
    book = EARLIER / f"{stem}.xlsx"
    assert "keys" in _hidden(book.read_bytes())  # the earlier format: a patch
    doc = _doc(ROOT / SOURCES[stem] / f"{stem}.yaml")
    assert _reimport(book.read_bytes(), tmp_path) == doc


def test_the_export_reads_none_of_its_sheets_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a sheet read back on export")

    monkeypatch.setattr(workbook, "read_grids", refuse)
    for path in DOCUMENTS:
        doc = _doc(path)
        hidden = _hidden(export_workbook(doc))
        assert hidden["document"] == json.loads(json.dumps(input_data(doc)))
        assert hidden["language"] == (doc.language or "zh-CN")


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_both_formats_import_the_same(stem: str, tmp_path: Path) -> None:
    doc = _doc(ROOT / SOURCES[stem] / f"{stem}.yaml")
    fresh = tmp_path / "fresh.xlsx"
    fresh.write_bytes(export_workbook(doc))
    assert import_workbook(fresh).data == import_workbook(EARLIER / f"{stem}.xlsx").data


def _with_hidden(xlsx: bytes, hidden: object) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = book[HIDDEN]
    sheet.delete_rows(1, sheet.max_row)
    sheet["A1"] = json.dumps(hidden, ensure_ascii=False)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hidden_document_that_does_not_load_is_set_aside(tmp_path: Path) -> None:
    """A tampered or damaged hidden sheet costs only what the sheets cannot show."""
    doc = _doc(ROOT / "content/2023/qingshen-fgj-wage-self-evaluation.yaml")
    xlsx = export_workbook(doc)
    broken = _hidden(xlsx)
    broken["document"]["kind"] = "no-such-kind"
    plain = _hidden(xlsx) | {"language": "fr"}
    bare = tmp_path / "bare.xlsx"
    odd = [5, [], {"format": 2}, {"format": 2, "language": "zh-CN", "document": [1]}]
    for hidden in (broken, plain, *odd):
        path = tmp_path / "book.xlsx"
        path.write_bytes(_with_hidden(xlsx, hidden))
        result = import_workbook(path)
        assert result.problems == [] and any("已损坏" in n for n in result.notes)
        assert result.data["forms"][0]["name"] == doc.forms[0].name  # the sheets still come in
        bare.write_bytes(without_hidden_sheet(xlsx))
        assert result.data == import_workbook(bare).data  # as if it had no hidden sheet
    path.write_bytes(xlsx)
    assert import_workbook(path).notes == [] and import_workbook(path).data != result.data


@pytest.mark.parametrize("stem", sorted(p.stem for p in RESAVED.glob("*.xlsx")))
def test_a_workbook_saved_again_by_libreoffice_imports_whole(stem: str, tmp_path: Path) -> None:
    book = (RESAVED / f"{stem}.xlsx").read_bytes()
    assert _hidden(book)["format"] == workbook.HIDDEN_FORMAT
    assert _reimport(book, tmp_path) == _doc(ROOT / SOURCES[stem] / f"{stem}.yaml")
