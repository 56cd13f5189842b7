"""Bureaus' own workbooks come in (issue 27): the corpus of bureau-shaped sheets (tests/sheet_corpus.py)
imports with every cell placed, field by field equal to its hand-checked expected document, in
every format and layout variant; what cannot be placed is reported cause first; hostile
workbooks cost what their real cells cost, or are refused with a located message."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from site_gen import cli
from site_gen.load import load_document
from site_gen.sheets import to_yaml as sheet_yaml
from site_gen.sheets.files import read_workbook
from site_gen.sheets.grid import SheetError
from site_gen.sheets.workbook import import_workbook
from tests import sheet_corpus as sc
from tests import sheet_fixtures as sf
from tests.conftest import ROOT

ENTRIES = sc.entries()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def _differences(got: Any, want: Any, path: str = "") -> list[str]:
    """Field-by-field differences, each with its path, so a failure says which field."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for key in dict.fromkeys([*want, *got]):
            if key not in got:
                out.append(f"{path}.{key}: missing (expected {want[key]!r})")
            elif key not in want:
                out.append(f"{path}.{key}: not expected ({got[key]!r})")
            else:
                out += _differences(got[key], want[key], f"{path}.{key}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        out = [f"{path}: {len(got)} items, expected {len(want)}"] if len(got) != len(want) else []
        for i, (g, w) in enumerate(zip(got, want, strict=False)):
            out += _differences(g, w, f"{path}[{i}]")
        return out
    return [] if got == want else [f"{path}: {got!r}, expected {want!r}"]


def test_the_corpus_covers_the_families_formats_and_layouts() -> None:
    assert len(ENTRIES) >= 30
    assert {e.family for e in ENTRIES} == set(sc.FAMILIES)
    suffixes = {Path(e.name).suffix for e in ENTRIES}
    assert suffixes == {".xlsx", ".xls", ".ods"}
    assert any(e.name.endswith("-wps.xlsx") for e in ENTRIES)
    for name in sc.SAVED:  # the saved copies really are what their names say
        head = (sc.FILES / name).read_bytes()[:8]
        assert head.startswith(b"\xd0\xcf\x11\xe0" if name.endswith(".xls") else b"PK"), name
    with zipfile.ZipFile(sc.FILES / "caiyu-self-evaluation-wps.xlsx") as book:
        assert "KSOProductBuildVer" in book.read("docProps/custom.xml").decode()


# The fast tier imports each family's own workbook; its layout variants and the copies saved
# by LibreOffice and WPS (four in five of the corpus) run with the whole suite.
TIERED = [
    pytest.param(e, id=e.name, marks=[] if e.name == f"{e.family}.xlsx" else [pytest.mark.slow])
    for e in ENTRIES
]


@pytest.mark.parametrize("entry", TIERED)
def test_a_bureau_workbook_imports_to_its_expected_document(
    entry: sc.Entry, tmp_path: Path
) -> None:
    result = import_workbook(entry.make(tmp_path))
    assert [(p.ref, p.message) for p in result.problems] == []
    want = yaml.safe_load((sc.CORPUS / f"{entry.family}.yaml").read_text(encoding="utf-8"))
    assert _differences(_plain(result.data), want) == []


@pytest.mark.parametrize("family", sorted(sc.FAMILIES))
def test_every_expected_document_is_a_valid_document(family: str, tmp_path: Path) -> None:
    text = (sc.CORPUS / f"{family}.yaml").read_text(encoding="utf-8")
    target = tmp_path / "content" / "2024" / f"{family}.yaml"
    loaded = load_document(target, f"content/2024/{family}.yaml", text.encode("utf-8"))
    assert [p.format() for p in loaded.problems if p.severity == "error"] == []


def test_every_value_names_the_cell_it_came_from(tmp_path: Path) -> None:
    path = sc._writer("sichuan-self-evaluation", "")(tmp_path)
    text = sheet_yaml.dump(import_workbook(path).data, [])
    lines = text.splitlines()
    # 原因 is merged over five budget rows: read once, from its own (top-left) cell I9
    assert [line for line in lines if "1.预算执行率" in line][0].endswith("自评表!I9")
    # a figure of the indicator table moved aside with its section keeps its real cell
    assert any("'60'" in line and line.endswith("自评表!I15") for line in lines)
    assert any(line.endswith("自评表!A8") and "points" in line for line in lines)


# ---------------------------------------------------------------- what cannot be placed
def _with_unknown_budget_column(tmp_path: Path) -> Path:
    shape = sc.caiyu_self_evaluation()
    shape.rows[4][8] = "备用列"  # a heading no budget table has, over figures in I6:I7
    shape.rows[5][8] = "12.5"
    shape.rows[6][8] = "7.5"
    return sf.write(tmp_path / "odd.xlsx", [shape])


def test_a_cause_comes_first_with_the_cells_it_left(tmp_path: Path) -> None:
    result = import_workbook(_with_unknown_budget_column(tmp_path))
    first = result.problems[0]
    assert first.ref == "自评表!I5" and "备用列" in first.message
    assert [c.split(" ")[0] for c in first.consequences] == ["自评表!I6", "自评表!I7"]
    assert len(result.problems) == 1  # the effects are not listed again on their own
    rows = result.data["forms"][0]["budget"]["rows"]
    assert [r["executed"] for r in rows[:2]] == ["1298.46", "1298.46"]  # the rest was read


def test_a_partial_import_writes_a_draft_with_a_todo_and_fails(tmp_path: Path) -> None:
    source = _with_unknown_budget_column(tmp_path)
    target = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 1
    report = result.output
    assert report.index("自评表!I5") < report.index("自评表!I6")  # cause, then its effects
    text = target.read_text(encoding="utf-8")
    body, todo = text.split("待处理（导入未完成）", 1)
    data = yaml.safe_load(body)
    assert data["draft"] is True and data["forms"][0]["total_score"] == "96.89"
    assert "自评表!I6 “12.5”" in todo and "自评表!I7 “7.5”" in todo
    assert all(line.startswith("#") for line in todo.splitlines()[1:] if line)


def test_a_clean_import_is_not_a_draft_and_exits_zero(tmp_path: Path) -> None:
    source = sc._writer("hubei-monitoring", "")(tmp_path)
    target = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert "draft" not in data and "待处理" not in target.read_text(encoding="utf-8")


def test_a_stray_cell_is_reported_with_the_kind_of_row_it_stands_in(tmp_path: Path) -> None:
    shape = sc.department_evaluation()
    shape.rows.append(sc._row(9, (4, "已核对")))
    result = import_workbook(sf.write(tmp_path / "stray.xlsx", [shape]))
    assert [(p.ref, p.message) for p in result.problems] == [
        (
            "自评表!E16",
            "“已核对” 未能归入任何栏目：单独一行的文字，不是已知的栏目名、分区名或表下的注",
        )
    ]


# ---------------------------------------------------------------- bounded cost
_HOSTILE = textwrap.dedent(
    """
    import sys, tracemalloc
    from pathlib import Path
    from site_gen.sheets.workbook import import_workbook
    from site_gen.sheets.grid import SheetError
    tracemalloc.start()
    try:
        result = import_workbook(Path(sys.argv[1]))
        print("problems", len(result.problems))
    except SheetError as exc:
        print("refused", exc)
    print("peak", tracemalloc.get_traced_memory()[1] // 2**20)
    """
)


def _import_in_a_subprocess(path: Path) -> dict[str, str]:
    """Import in a process of its own, so that a runaway cannot take the test run with it; the
    time limit is a hang guard, not a speed target."""
    done = subprocess.run(
        [sys.executable, "-c", _HOSTILE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in done.stdout.splitlines()}


def _patched(source: Path, target: Path, member: str, change: Any) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == member else data)
    return target


@pytest.mark.slow
def test_a_cell_at_the_last_column_and_row_costs_one_cell(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(sc._writer("hubei-monitoring", "")(tmp_path))
    book.active["XFD1048576"] = "x"  # the claimed dimension is now the whole sheet
    path = tmp_path / "far.xlsx"
    book.save(path)
    found = _import_in_a_subprocess(path)
    assert found["problems"] == "1"  # the stray cell, reported
    assert int(found["peak"]) < 200  # MiB the import allocated, traced


@pytest.mark.slow
def test_a_merge_over_the_whole_sheet_costs_nothing_more(tmp_path: Path) -> None:
    source = sc._writer("hubei-monitoring", "")(tmp_path)
    path = _patched(
        source,
        tmp_path / "merged.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'<mergeCell ref="A1:H1"/>', b'<mergeCell ref="A1:XFD1048576"/>'),
    )
    found = _import_in_a_subprocess(path)
    assert "problems" in found  # read (the merge hides the other cells), not exhausted
    assert int(found["peak"]) < 200  # MiB the import allocated, traced


def _ods(content: str, path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:spreadsheet>{content}</office:spreadsheet></office:body>"
            "</office:document-content>",
        )
    return path


@pytest.mark.slow
def test_a_tiny_ods_that_repeats_text_a_billion_times_is_refused(tmp_path: Path) -> None:
    path = _ods(
        '<table:table table:name="表1"><table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="16384"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table>",
        tmp_path / "repeat.ods",
    )
    assert path.stat().st_size < 1200
    found = _import_in_a_subprocess(path)
    assert "非空单元格超过" in found["refused"] and "表1!" in found["refused"]
    assert int(found["peak"]) < 200


def test_a_damaged_repeat_count_is_a_located_message(tmp_path: Path) -> None:
    path = _ods(
        '<table:table table:name="表1"><table:table-row table:number-rows-repeated="x">'
        "<table:table-cell><text:p>项目名称</text:p></table:table-cell>"
        "</table:table-row></table:table>",
        tmp_path / "bad.ods",
    )
    with pytest.raises(SheetError, match=r"bad\.ods：表1!A1 处的 table:number-rows-repeated=“x”"):
        read_workbook(path)


def test_blank_repeated_rows_of_an_ods_cost_nothing(tmp_path: Path) -> None:
    path = _ods(
        '<table:table table:name="表1"><table:table-row><table:table-cell><text:p>项目名称'
        "</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
        "<table:table-row><table:table-cell><text:p>末行</text:p></table:table-cell>"
        "</table:table-row></table:table>",
        tmp_path / "tall.ods",
    )
    (grid,) = read_workbook(path)
    assert grid.cells == {(0, 0): "项目名称", (1048575, 0): "末行"}


def test_the_xlsx_reader_keeps_what_excel_shows(tmp_path: Path) -> None:
    """Formats, dates, booleans, rich text, notes and formula results, read from the XML."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"], sheet["A1"].number_format = 0.99651, "0.00%"
    sheet["A2"], sheet["A2"].number_format = 1234.5, "#,##0.00"
    sheet["A3"] = "=1+1"
    sheet["A4"] = True
    sheet["A5"] = "第_x000D_行"
    sheet["A6"] = 89.974
    sheet["A7"] = 45646
    sheet["A7"].number_format = "yyyy-mm-dd"
    sheet["A8"].comment = openpyxl.comments.Comment("原件字迹不清", "site_gen")
    sheet["A8"] = "模糊"
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    (grid,) = read_workbook(path)
    assert grid.text(0, 0) == "99.65%" and grid.text(1, 0) == "1,234.50"
    assert grid.errors and "=1+1" in grid.errors[0][1]  # no saved result: reported, not blank
    assert grid.text(3, 0) == "TRUE" and grid.text(4, 0) == "第\r行"
    assert grid.text(5, 0) == "89.974" and grid.text(6, 0) == "2024-12-20"
    assert grid.comments[(7, 0)] == "原件字迹不清"


def test_a_sheet_saved_with_results_reads_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "=SUM(1,2)"
    raw = io.BytesIO()
    book.save(raw)
    path = _patched_bytes(raw.getvalue(), tmp_path / "saved.xlsx")
    (grid,) = read_workbook(path)
    assert grid.text(0, 0) == "3" and grid.errors == []


def _patched_bytes(data: bytes, target: Path) -> Path:
    source = target.with_suffix(".src.xlsx")
    source.write_bytes(data)
    return _patched(
        source,
        target,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<f>SUM(1,2)</f><v />", b"<f>SUM(1,2)</f><v>3</v>"),
    )


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.125, "0.00", "0.13"),  # half away from zero, as Excel rounds (not half to even)
        (0.99651, "0.00%", "99.65%"),
        (1, "0%", "100%"),
        (1234.5, "#,##0.00", "1,234.50"),
        (120, '0.00"万元"', "120.00万元"),
        (1234.5, '"¥"#,##0.00', "¥1,234.50"),
        (7, '0"个"', "7个"),
        (-5.5, "0.00;(0.00)", "(5.50)"),
        (-5.5, "0.00", "-5.50"),
        (0, '0.00;-0.00;"—"', "—"),
        (1234.5, "[Red]#,##0.0", "1,234.5"),
        (3, "0_);(0)", "3"),
        (0.5, "#.##", ".5"),
        (2.567, "0.0#", "2.57"),
        (2.5, "0.0#", "2.5"),
        (12345678, "#,##0,", "12,346"),
        (123456, "0.00E+00", "1.23E+05"),
        (45, "@", "45"),
        (0.1 + 0.2, "General", "0.3"),  # a computed result without its binary noise
        (89.974, "General", "89.974"),
    ],
)
def test_a_number_shows_as_its_format_shows_it(
    value: float, number_format: str, shown: str
) -> None:
    from site_gen.sheets.grid import display_text

    assert display_text(value, number_format) == shown


def _two_forms_expected() -> dict[str, Any]:
    want = yaml.safe_load((sc.CORPUS / "caiyu-self-evaluation.yaml").read_text(encoding="utf-8"))
    want["forms"] = want["forms"] * 2
    return want


def test_two_forms_down_one_sheet_are_two_forms(tmp_path: Path) -> None:
    form = sc.caiyu_self_evaluation()
    path = sf.write(tmp_path / "two.xlsx", [sf.stacked([form, form], gap=2)])
    result = import_workbook(path)
    assert result.problems == []
    assert _differences(_plain(result.data), _two_forms_expected()) == []


def test_one_form_per_sheet_are_the_forms_in_sheet_order(tmp_path: Path) -> None:
    first, second = sc.caiyu_self_evaluation(), sc.caiyu_self_evaluation()
    second.name = "自评表2"
    result = import_workbook(sf.write(tmp_path / "sheets.xlsx", [first, second]))
    assert result.problems == []
    assert _differences(_plain(result.data), _two_forms_expected()) == []


def test_a_second_indicator_table_is_reported_not_read_over_the_first(tmp_path: Path) -> None:
    """A 申报表 with 长期 and 年度 indicator tables: the model holds one; the second is a cause
    with every cell it leaves, and the first is read as it is."""
    shape = sc.caiyu_project_targets()
    shape.rows += [
        sc._row(
            5, (0, "长期绩效指标"), (1, "一级指标"), (2, "二级指标"), (3, "三级指标"), (4, "指标值")
        ),
        sc._row(5, (1, "效益指标"), (2, "可持续影响指标"), (3, "耕地质量等级"), (4, "提升0.5等")),
    ]
    shape.merged.append("A14:A15")
    result = import_workbook(sf.write(tmp_path / "two.xlsx", [shape]))
    want = yaml.safe_load((sc.CORPUS / "caiyu-project-targets.yaml").read_text(encoding="utf-8"))
    assert _plain(result.data)["projects"][0]["indicators"] == want["projects"][0]["indicators"]
    (problem,) = result.problems
    assert "第二张绩效指标表" in problem.message
    left = {c.split(" ")[0] for c in problem.consequences} | {problem.ref}
    assert {"目标表!D15", "目标表!E15", "目标表!C14"} <= left


def test_a_numbering_column_before_the_levels_is_the_rows_order(tmp_path: Path) -> None:
    rows = [
        ["绩效指标", None, None, None, None],
        ["序号", "一级指标", "二级指标", "三级指标", "指标值"],
        ["1", "产出指标", "数量指标", "新建公厕", "≥12座"],
        ["2", None, "质量指标", "验收合格率", "100%"],
        ["5", "效益指标", "社会效益指标", "群众如厕条件", "改善"],
    ]
    head = [
        ["专项资金绩效目标表", None, None, None, None],
        ["专项名称", "公厕改造", None, None, None],
    ]
    path = sf.write(tmp_path / "n.xlsx", [sf.Shape("目标表", head + rows, ["B5:B6"])])
    result = import_workbook(path)
    groups = _plain(result.data)["forms"][0]["indicators"]
    assert [i["name"] for g in groups for s in g["groups"] for i in s["items"]] == [
        "新建公厕",
        "验收合格率",
        "群众如厕条件",
    ]
    # 1 and 2 are the rows' order; a 5 after them is not, and is reported with its cell
    assert [(p.ref, p.message.split("：")[0]) for p in result.problems] == [
        ("目标表!A7", "“5” 未能归入任何栏目")
    ]


def test_a_spaced_out_title_below_an_annex_line_names_the_kind(tmp_path: Path) -> None:
    shape = sc.caiyu_with_head_lines()
    shape.rows[1][0] = "项 目 支 出 绩 效 自 评 表"
    shape.rows[3][1] = "绩效监控平台运维"  # a project name that mentions 监控
    result = import_workbook(sf.write(tmp_path / "spaced.xlsx", [shape]))
    assert result.data["kind"] == "project-evaluation"
    assert result.problems == []


def test_a_block_of_instructions_under_the_form_is_its_notes(tmp_path: Path) -> None:
    shape = sc.department_evaluation()
    shape.rows += [
        sc._row(9, (0, "填表说明：1.执行率=全年执行数/全年预算数。")),
        sc._row(9, (0, "2.偏差原因须逐项说明。")),
    ]
    shape.merged += [
        f"A{len(shape.rows) - 1}:I{len(shape.rows) - 1}",
        f"A{len(shape.rows)}:I{len(shape.rows)}",
    ]
    result = import_workbook(sf.write(tmp_path / "notes.xlsx", [shape]))
    assert result.problems == []
    assert (
        result.data["forms"][0]["notes"]
        == "填表说明：1.执行率=全年执行数/全年预算数。\n2.偏差原因须逐项说明。"
    )


@pytest.mark.slow
def test_the_page_prints_the_indicator_columns_in_the_forms_order(tmp_path: Path) -> None:
    """The national 监控表: 1-7月执行情况, then 全年预计完成情况 and the 偏差原因分析 columns,
    then 完成目标可能性 and 备注, as the sheet has them (not the per-unit columns first)."""
    from site_gen.build import pipeline
    from tests.conftest import write_site

    data = import_workbook(sc._writer("national-monitoring", "")(tmp_path)).data
    root = write_site(tmp_path / "site", {"2023/m.yaml": sheet_yaml.dump(data, [])})
    out = tmp_path / "out"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    page = (out / "2023" / "m.html").read_text(encoding="utf-8")
    head = page.split('class="form-indicators', 1)[1].split("<thead>", 1)[1].split("</thead>")[0]
    headings = [re.sub(r"<[^>]+>", "", h) for h in head.split("</th>")[:-1]]
    assert headings == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行情况", "全年预计完成情况",
        "偏差原因分析：经费保障", "偏差原因分析：制度保障", "偏差原因分析：人员保障",
        "偏差原因分析：硬件条件保障", "偏差原因分析：其他", "完成目标可能性", "备注",
    ]  # fmt: skip
