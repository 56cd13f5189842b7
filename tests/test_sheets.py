"""Excel in and out (issue 14): every sample and fixture document survives export → import
exactly; the visible sheets alone carry every value; the published site offers the .xlsx;
bad sheets are reported cell by cell and nothing is written."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from site_gen import cli, kinds, load, model
from site_gen.build import pipeline
from site_gen.model.blocks import BudgetColumn, IndicatorColumn
from site_gen.sheets.grid import display_text
from site_gen.sheets.patch import input_data
from site_gen.sheets.read import At
from site_gen.sheets.to_yaml import dump
from site_gen.sheets.workbook import export_workbook, import_workbook
from site_gen.sheets.xlsx_write import HIDDEN, figure_cell
from tests.conftest import ROOT, write_site

DOCUMENTS = sorted(
    [
        *ROOT.glob("content/*/*.yaml"),
        *ROOT.glob("tests/fixtures/evaluated/content/*/*.yaml"),
        *ROOT.glob("tests/fixtures/series/content/*/*.yaml"),  # indicator-series in Chinese
        *ROOT.glob("tests/fixtures/application/content/*/*.yaml"),  # 申报表 (issue 34)
        *ROOT.glob("tests/fixtures/scorecard/content/*/*.yaml"),  # 绩效评价评分表
        *ROOT.glob("examples/*/content/*/*.yaml"),  # and in English
    ]
)
FIELD_LABELS = {"报表编号", "编码", "主管部门", "主管部门编码", "实施单位", "实施单位编码"}
# What the official layout has no place for; the hidden sheet carries it (sheet_patch).
TECHNICAL = {"id", "silence", "revisions", "draft", "pdf", "contents"}


def _doc(path: Path) -> model.Document:
    loaded = load.load_document(path, path.name)
    assert loaded.doc is not None, [p.format() for p in loaded.problems]
    return loaded.doc


def _reimport(xlsx: bytes, tmp_path: Path, strict: bool = True) -> model.Document:
    path = tmp_path / "book.xlsx"
    path.write_bytes(xlsx)
    result = import_workbook(path)
    assert result.problems == []
    text = dump(result.data, ["test"])
    loaded = load.load_document(tmp_path / "doc.yaml", "doc.yaml", text.encode())
    errors = [p.format() for p in loaded.problems if p.severity == "error"]
    assert loaded.doc is not None and (errors == [] or not strict), errors
    return loaded.doc


def without_hidden_sheet(xlsx: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    if HIDDEN in book.sheetnames:
        book.remove(book[HIDDEN])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The edit loop's tier keeps one form and one table; the README's test command runs them all.
FAST = {"qingshen-fgj-wage-self-evaluation", "hangzhou-progress-1-9"}
EVERY_DOCUMENT = [
    pytest.param(
        p, id=f"{p.parent.name}/{p.stem}", marks=() if p.stem in FAST else pytest.mark.slow
    )
    for p in DOCUMENTS
]


@pytest.mark.parametrize("path", EVERY_DOCUMENT)
def test_import_of_export_is_the_document(path: Path, tmp_path: Path) -> None:
    doc = _doc(path)
    xlsx = export_workbook(doc)
    assert _reimport(xlsx, tmp_path) == doc
    assert export_workbook(doc) == xlsx  # byte-identical for the same input


def _strings(data: Any, skip: set[str]) -> set[str]:
    if isinstance(data, dict):
        return {s for k, v in data.items() if k not in skip for s in _strings(v, skip)}
    if isinstance(data, list):
        return {s for v in data for s in _strings(v, skip)}
    return {str(data).strip()} if isinstance(data, str) and data.strip() else set()


def _walk_dicts(data: Any) -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        return [(k, v) for k, v in data.items()] + [
            pair for v in data.values() for pair in _walk_dicts(v)
        ]
    if isinstance(data, list):
        return [pair for v in data for pair in _walk_dicts(v)]
    return []


@pytest.mark.parametrize("path", EVERY_DOCUMENT)
def test_the_visible_sheets_alone_carry_every_value(path: Path, tmp_path: Path) -> None:
    """Without the hidden sheet (a workbook a bureau retyped), every text and figure of the
    document still comes back: only anchors, PDF options, revisions and the like are lost."""
    doc = _doc(path)
    # Not strict: a check the document silences (silence) is among what is lost.
    bare = _reimport(without_hidden_sheet(export_workbook(doc)), tmp_path, strict=False)
    titles = {"indicator_titles", "titles"}
    # A time series' status bands and renamed headings are settings of its page, kept in the
    # hidden sheet like the PDF options; its sheet is headed with the catalog's words.
    settings = {"bands", "columns"} if doc.kind == "indicator-series" else set()
    skip = TECHNICAL | titles | settings
    lost = _strings(input_data(doc), skip) - _strings(input_data(bare), set())
    # A header field the source lists among its facts comes back as that field, which the
    # page prints under the same label (实施单位).
    lost -= FIELD_LABELS
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(doc)))
    cells = {str(c.value).strip() for ws in book.worksheets for row in ws.iter_rows() for c in row}
    headings = _strings([v for k, v in _walk_dicts(input_data(doc)) if k in titles], set())
    assert headings <= cells  # the form's own column headings head the sheet's columns
    # Column lists (indicator_columns, budget columns) are keys, not text the page shows.
    lost -= set(IndicatorColumn.__args__) | set(BudgetColumn.__args__)
    assert lost == set()
    assert bare.kind == doc.kind and bare.title == doc.title


# The form kinds no sample or fixture has: a sample form published under each of them.
SWAPPED = {
    "department-targets": "content/2019/huangshi-heritage-monitoring.yaml",
    "department-evaluation": "content/2023/qingshen-fgj-wage-self-evaluation.yaml",
    "special-fund-targets": "content/2019/huangshi-heritage-monitoring.yaml",
}


@pytest.mark.parametrize("kind", sorted(SWAPPED))
def test_every_kind_round_trips(kind: str, tmp_path: Path) -> None:
    source = ROOT / SWAPPED[kind]
    text = re.sub(r"(?m)^kind: .*$", f"kind: {kind}", source.read_text(encoding="utf-8"))
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    doc = _doc(path)
    assert doc.kind == kind and _reimport(export_workbook(doc), tmp_path) == doc
    covered = {_doc(p).kind for p in DOCUMENTS} | set(SWAPPED)
    assert covered == set(kinds.names())  # with the samples: every kind there is


def test_a_changed_cell_wins_over_the_hidden_sheet(tmp_path: Path) -> None:
    doc = _doc(ROOT / "content/2023/qingshen-fgj-wage-self-evaluation.yaml")
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(doc)))
    sheet = book["表1"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "发放(缴纳)覆盖率")
    sheet.cell(row=cell.row, column=cell.column + 4, value="100")  # 完成值
    out = io.BytesIO()
    book.save(out)
    changed = _reimport(out.getvalue(), tmp_path)
    item = changed.forms[0].indicators[0].groups[0].items[0]  # type: ignore[union-attr]
    assert item.actual is not None and item.actual.text == "100"
    assert changed.forms[0].indicators[1] == doc.forms[0].indicators[1]  # type: ignore[union-attr]


@pytest.mark.slow
def test_the_published_site_offers_the_form_as_xlsx(built_pages: Path, tmp_path: Path) -> None:
    page = (built_pages / "2021/weihai-etdz-key-projects.html").read_text(encoding="utf-8")
    assert 'href="weihai-etdz-key-projects.xlsx"' in page or "weihai-etdz-key-projects.xlsx" in page
    xlsx = (built_pages / "2021/weihai-etdz-key-projects.xlsx").read_bytes()
    assert _reimport(xlsx, tmp_path) == _doc(ROOT / "content/2021/weihai-etdz-key-projects.yaml")
    assert not (built_pages / "2022/qingdao-model-organ.xlsx").exists()  # prose, no form
    index = json.loads((built_pages / "data/index.json").read_text(encoding="utf-8"))
    files = {d["id"]: d["files"] for d in index["documents"]}
    assert files["2021/weihai-etdz-key-projects"]["xlsx"] == "2021/weihai-etdz-key-projects.xlsx"
    assert "xlsx" not in files["2022/qingdao-model-organ"]


def test_the_workbook_prints_on_a4_with_the_forms_layout() -> None:
    doc = _doc(ROOT / "content/2023/qingshen-fgj-wage-self-evaluation.yaml")
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(doc)))
    # the form first: the sheet a reader sees on opening, and the one a CSV conversion exports
    assert book.sheetnames == ["表1", "说明", HIDDEN] and book[HIDDEN].sheet_state == "hidden"
    form = book["表1"]
    assert int(form.page_setup.paperSize) == int(form.PAPERSIZE_A4)
    assert form.page_setup.orientation == "landscape"
    assert form.print_area
    merged = {str(r) for r in form.merged_cells.ranges}
    level1 = next(c for row in form.iter_rows() for c in row if c.value == "产出指标")
    assert (
        any(r.startswith(level1.coordinate) for r in merged)
        or form.cell(level1.row, level1.column).border.left.style == "thin"
    )
    # a figure is a number (SUM works) under a format that shows it as written (issue 28)
    budget = next(c for row in form.iter_rows() for c in row if c.value == 238.93)
    assert (budget.data_type, budget.number_format) == ("n", "0.00")
    values = [c.value for row in form.iter_rows() for c in row]
    assert "100.00%" not in values and 1 in values  # 执行率 100.00% is 1 under "0.00%"
    assert "=" in values and "%" in values  # 指标性质 and 度量单位 stay text
    widths = {k: v.width for k, v in form.column_dimensions.items()}
    assert max(widths.values()) >= 24


# ---------------------------------------------------------------- errors
def test_a_cell_it_cannot_place_leaves_a_draft_with_a_todo_and_a_failing_status(
    tmp_path: Path,
) -> None:
    doc = _doc(ROOT / "content/2023/qingshen-fgj-wage-self-evaluation.yaml")
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(doc)))
    book["表1"]["P40"] = "漏填的说明"
    source = tmp_path / "form.xlsx"
    book.save(source)
    target = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 1
    assert "表1!P40" in result.output and "漏填的说明" in result.output
    written = target.read_text(encoding="utf-8")
    data = yaml.safe_load(written)
    assert data["draft"] is True  # never published as it is
    assert data["forms"][0]["name"] == doc.forms[0].name  # what was read is kept
    todo = written.split("待处理（导入未完成）", 1)[1]
    assert "表1!P40" in todo and "漏填的说明" in todo


def test_an_invalid_value_names_the_yaml_line_and_the_cell(tmp_path: Path) -> None:
    doc = _doc(ROOT / "content/2023/qingshen-fgj-wage-self-evaluation.yaml")
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(doc)))
    if HIDDEN in book.sheetnames:
        book.remove(book[HIDDEN])
    sheet = book["表1"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 60)  # 权重
    cell.value = "六十"
    source = tmp_path / "form.xlsx"
    book.save(source)
    target = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert f"表1!{cell.coordinate}" in result.output
    assert "out.yaml:" in result.output and "“六十” 不是数字" in result.output
    written = target.read_text(encoding="utf-8")
    assert yaml.safe_load(written)["draft"] is True
    assert "“六十” 不是数字" in written.split("待处理（导入未完成）", 1)[1]


def test_a_file_that_is_no_workbook_gets_a_message(tmp_path: Path) -> None:
    source = tmp_path / "form.xlsx"
    source.write_text("not a workbook", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["import", str(source)])
    assert result.exit_code == 1 and "不是可读取的表格文件" in result.output


def test_import_then_export_on_the_command_line(tmp_path: Path) -> None:
    source = ROOT / "content/2018/hangzhou-progress-1-9.yaml"
    xlsx = tmp_path / "progress.xlsx"
    runner = CliRunner()
    assert (
        runner.invoke(cli.main, ["export", str(source), "--xlsx", "-o", str(xlsx)]).exit_code == 0
    )
    target = tmp_path / "progress.yaml"
    result = runner.invoke(cli.main, ["import", str(xlsx), "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "# 单元格 进度!" in text
    assert load.load_document(target, "progress.yaml").doc == _doc(source)


@pytest.mark.slow
def test_the_samples_imported_from_their_sheets_alone_keep_every_figure(tmp_path: Path) -> None:
    """Import (without the hidden sheet) → validate → build → ../shared/tools/fidelity.py."""
    from tests.conftest import SAMPLES, seed
    from tests.test_fidelity import coverage

    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_bytes((ROOT / "site.yaml").read_bytes())
    for route in SAMPLES.values():
        doc = _doc(ROOT / "content" / f"{route}.yaml")
        book = tmp_path / "book.xlsx"
        book.write_bytes(without_hidden_sheet(export_workbook(doc)))
        result = import_workbook(book)
        assert result.problems == []
        target = site / "content" / f"{route}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(result.data, ["test"]), encoding="utf-8")
    out = tmp_path / "output"
    pipeline.build(site, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    for number, route in SAMPLES.items():
        line = coverage(seed(number), out / f"{route}.html")
        assert line.endswith("= 1.000"), (route, line)


# ---------------------------------------------------------------- hostile workbooks
@pytest.mark.slow  # writes 210 MB into a zip
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 2**20))
    assert bomb.stat().st_size < 2**20
    result = CliRunner().invoke(cli.main, ["import", str(bomb)])
    assert result.exit_code == 1 and "解压后超过" in result.output


def test_a_line_break_in_a_sheet_name_cannot_write_yaml() -> None:
    """A sheet name is the file's and goes into the YAML comments: a line break in it (openpyxl
    refuses such names, an .ods may hold one) must not put a line of its own into the YAML."""
    text = dump({"title": At("标题", "进度\ndraft: true!A1")}, [])
    assert text == "title: 标题  # 单元格 进度 draft: true!A1\n"


def test_tabs_markup_and_escapes_in_cells_survive_as_displayed(tmp_path: Path) -> None:
    doc = _doc(ROOT / "content/2018/hangzhou-progress-1-9.yaml")
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(doc)))
    sheet = book["进度"]
    heading = next(c for c in sheet[2] if c.value == doc.columns.indicator)
    cell = sheet.cell(row=3, column=heading.column)  # the first row's 考核指标
    # openpyxl stores _x0041_ unescaped, so Excel shows it as "A": the import reads what is shown.
    cell.value = "第一行\n\t第二行 _x0041_ <b>&amp;</b>"
    out = io.BytesIO()
    book.save(out)
    changed = _reimport(out.getvalue(), tmp_path)
    assert changed.groups[0].rows[0].indicator == "第一行\n\t第二行 A <b>&amp;</b>"
    # Our own writer escapes a literal _x0041_ (as Excel does), so it comes back as written.
    text = (ROOT / "content/2018/hangzhou-progress-1-9.yaml").read_text(encoding="utf-8")
    path = tmp_path / "escaped.yaml"
    path.write_text(text.replace("财政八项支出", "财政_x0041_支出"), encoding="utf-8")
    escaped = _doc(path)
    assert _reimport(export_workbook(escaped), tmp_path) == escaped


@pytest.mark.slow
def test_a_text_longer_than_an_excel_cell_gets_no_sheet_but_a_warning(tmp_path: Path) -> None:
    long_text = "进度说明。" * 7_000  # 35,000 characters: a Markdown field may hold 50,000
    block = "\n".join("          " + line for line in [long_text])
    root = write_site(
        tmp_path / "site",
        {
            "2024/long.yaml": "kind: progress\ntitle: 进度\ngroups:\n  - category: 类别\n"
            f"    rows:\n      - name: 目标\n        indicator: |\n{block}\n",
            "2024/short.yaml": "kind: progress\ntitle: 进度二\ngroups:\n  - category: 类别\n"
            "    rows:\n      - name: 目标\n        indicator: 完成\n",
        },
    )
    out = root / "output"
    result = pipeline.build(
        root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False)
    )
    assert not (out / "2024/long.xlsx").exists() and (out / "2024/short.xlsx").exists()
    assert "long.xlsx" not in (out / "2024/long.html").read_text(encoding="utf-8")
    assert [w.check for w in result.warnings] == ["xlsx-cell-limit"]
    assert result.warnings[0].location.file.endswith("long.yaml")
    exported = CliRunner().invoke(
        cli.main,
        ["export", str(root / "content/2024/long.yaml"), "--xlsx", "-o", str(tmp_path / "x.xlsx")],
    )
    assert exported.exit_code == 1 and "超过 Excel 单元格上限" in exported.output


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("238.93", ("238.93", "0.00")),
        ("100.00%", ("1", "0.00%")),
        ("99.65%", ("0.9965", "0.00%")),
        ("0.00", ("0", "0.00")),
        ("7000000", ("7000000", "0")),
        ("1,234.50", ("1234.5", "#,##0.00")),
        ("-5.5", ("-5.5", "0.0")),
        ("≥90%", None),  # a target, not a number
        ("007", None),  # a code keeps its zeros
        ("+3", None),
        ("1e5", None),
        ("-0", None),
        ("1234567890123456", None),  # more digits than Excel keeps
        ("/", None),
        ("", None),
    ],
)
def test_a_figure_is_a_number_under_a_format_that_shows_it_as_written(
    written: str, stored: tuple[str, str] | None
) -> None:
    assert figure_cell(written) == stored
    if stored is not None:  # and the number under that format reads back as written
        assert display_text(float(stored[0]), stored[1]) == written


@pytest.mark.slow
def test_the_preview_keeps_saying_a_kept_document_has_no_sheet(tmp_path: Path) -> None:
    """The preview keeps each document's open data between edits, and what it lacks: a
    document without .xlsx is warned of after every build, not only when its files are made."""
    from site_gen.preview.server import Preview

    long_text = "进度说明。" * 7_000
    root = write_site(
        tmp_path / "site",
        {
            "2024/long.yaml": "kind: progress\ntitle: 进度\ngroups:\n  - category: 类别\n"
            f"    rows:\n      - name: 目标\n        indicator: |\n          {long_text}\n",
            "2024/short.yaml": "kind: progress\ntitle: 进度二\ngroups:\n  - category: 类别\n"
            "    rows:\n      - name: 目标\n        indicator: 完成\n",
        },
    )
    said: list[str] = []
    preview = Preview(root, port=0, say=said.append)
    try:
        for edit in range(3):
            assert preview.rebuild() and preview.result is not None
            assert [w.check for w in preview.result.warnings] == ["xlsx-cell-limit"], edit
            assert "2024/long.xlsx" not in preview.files and "2024/short.xlsx" in preview.files
            short = root / "content/2024/short.yaml"
            short.write_text(short.read_text("utf-8").replace("进度二", f"进度{edit}"), "utf-8")
        assert sum("xlsx" in text or "Excel" in text for text in said) == 1  # said once
    finally:
        preview.stop()
