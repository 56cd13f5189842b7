"""Sheets as bureaus make them (tests/sheet_fixtures.py, written with openpyxl directly):
each imports with its figures as the sheet displays them, validates and builds; its variants
(blank rows, labels merged or repeated or left blank, numbers as text) import to the same
document; the kind is found from the sheet's words."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from site_gen import load
from site_gen.build import pipeline
from site_gen.sheets.grid import SheetError
from site_gen.sheets.patch import canon
from site_gen.sheets.to_yaml import dump
from site_gen.sheets.workbook import import_workbook
from tests import sheet_fixtures as sf
from tests.conftest import write_site

BASES = {
    "project-evaluation": sf.evaluation_form,
    "project-targets": sf.project_form,
    "target-completion": sf.targets_form,
    "progress": sf.progress_form,
}


def _import(tmp_path: Path, shape: sf.Shape, name: str = "sheet.xlsx") -> dict[str, Any]:
    result = import_workbook(sf.write(tmp_path / name, [shape]))
    assert result.problems == [], [(p.ref, p.message) for p in result.problems]
    return result.data


def _valid(tmp_path: Path, data: dict[str, Any]) -> Any:
    text = dump(data, ["test"])
    path = tmp_path / "doc.yaml"
    loaded = load.load_document(path, "doc.yaml", text.encode())
    errors = [p.format() for p in loaded.problems if p.severity == "error"]
    assert loaded.doc is not None and errors == [], errors + [text]
    return loaded.doc


def test_an_evaluation_form_keeps_what_the_sheet_displays(tmp_path: Path) -> None:
    data = _import(tmp_path, sf.evaluation_form())
    assert data["kind"] == "project-evaluation" and data["period"] == "2024年度"
    doc = _valid(tmp_path, data)
    form = doc.forms[0]
    assert (form.name, form.name_title, form.money_unit) == ("农村道路养护", "项目名称", "万元")
    assert (form.department, form.implementer) == ("县交通运输局", "县公路事务中心")
    total = form.budget.rows[0]
    # Number formats as displayed: 0.00 → 120.00, 0.000 → 149.974, 0.00% → 99.65%.
    assert (total.initial.text, total.executed.text, total.rate.text) == (
        "120.00",
        "149.974",
        "99.65%",
    )
    assert form.budget.titles.source == "项目资金（万元）"
    assert (form.goal, form.goal_result_title) == ("完成农村公路养护 320 公里。", "实际完成情况")
    items = [i for g in form.indicators for s in g.groups for i in s.items]
    assert [i.target.text for i in items][:4] == ["≥320公里", "＝45座", "≥85％", "2024年12月底前"]
    assert items[2].actual.text == "85.2%" and items[3].actual.text == "2024-12-20"
    assert [g.level1 for g in form.indicators] == ["产出指标", "效益指标", "满意度指标"]
    assert [s.level2 for s in form.indicators[0].groups] == ["数量指标", "质量指标", "时效指标"]
    assert (str(form.total_weight), str(form.total_score), form.grade) == ("100", "96.97", "优")
    assert (form.problems, form.measures) == ("个别路段养护进度滞后。", "提前安排施工计划。")
    assert [(s.label, s.value) for s in form.signatures] == [
        ("填表人", "李明"),
        ("联系电话", "0731-5555"),
        ("填报日期", "2025年1月10日"),
    ]
    assert form.notes == "1.执行率=全年执行数/全年预算数。\n2.偏差原因须说明。"


def test_a_project_form_a_target_list_and_a_progress_table(tmp_path: Path) -> None:
    project = _valid(tmp_path, _import(tmp_path, sf.project_form())).projects[0]
    assert (project.code, str(project.total), str(project.amount)) == (
        "370001(2024)015",
        "3500000",
        "2000000.50",
    )
    assert [i.target.text for g in project.indicators for s in g.groups for i in s.items] == [
        "=6处",
        "≥120件",
        "100%",
        "提高",
        "≥90%",
    ]
    targets = _valid(tmp_path, _import(tmp_path, sf.targets_form(), "t.xlsx"))
    assert [g.name for g in targets.groups] == ["一、重点目标", "二、创优目标"]
    first = targets.groups[0].targets[0]
    assert first.achievements == ("1.新增就业 3.2 万人", "2.城乡低保标准提高 5%")
    assert [t.number for g in targets.groups for t in g.targets] == [1, 2, 3]
    progress = _valid(tmp_path, _import(tmp_path, sf.progress_form(), "p.xlsx"))
    rows = [r for g in progress.groups for r in g.rows]
    assert [(r.name, r.star, str(r.percent)) for r in rows] == [
        ("预算执行", True, "76"),
        ("债务管理", False, "80"),
        ("评价覆盖", False, "60"),
    ]
    assert progress.columns.current == "三季度完成进度" and progress.legend.startswith("注：打")
    assert [g.category for g in progress.groups] == ["工作目标", "绩效指标"]


VARIANTS = {
    "blank-rows": lambda s: sf.with_blank_rows(s, [2, 4, len(s.rows) // 2, len(s.rows) - 1]),
    "labels-repeated": lambda s: sf.unmerged_down(s, "AB", repeat=True),
    "labels-blank-below": lambda s: sf.unmerged_down(s, "AB", repeat=False),
    "numbers-as-text": sf.numbers_as_text,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("kind", sorted(BASES))
def test_a_variant_of_a_sheet_is_the_same_document(tmp_path: Path, kind: str, variant: str) -> None:
    base = BASES[kind]()
    changed = VARIANTS[variant](base)
    assert changed.rows != base.rows or changed.merged != base.merged  # the variant differs
    assert canon(_import(tmp_path, changed, "v.xlsx")) == canon(_import(tmp_path, base))


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("部门整体支出绩效自评表", "department-evaluation"),
        ("部门整体支出绩效目标表", "department-targets"),
        ("专项资金绩效自评表", "special-fund-evaluation"),
        ("专项资金绩效目标表", "special-fund-targets"),
        ("项目支出绩效运行监控表", "monitoring"),
        ("项目支出绩效自评表", "project-evaluation"),
    ],
)
def test_the_kind_is_found_from_the_title(tmp_path: Path, title: str, kind: str) -> None:
    assert _import(tmp_path, sf.evaluation_form(title))["kind"] == kind


@pytest.mark.slow
def test_an_imported_sheet_builds_into_a_page_with_its_figures(tmp_path: Path) -> None:
    text = dump(_import(tmp_path, sf.evaluation_form()), ["test"])
    root = write_site(tmp_path / "site", {"2024/road.yaml": text})
    out = root / "output"
    pipeline.build(root, pipeline.BuildOptions(output=out, with_pdf=False, with_search=False))
    page = (out / "2024/road.html").read_text(encoding="utf-8")
    for figure in ("149.974", "99.65%", "＝45座", "≥85％", "318.6公里", "96.97", "2024-12-20"):
        assert figure in page


# ---------------------------------------------------------------- other file formats
FIXTURES = Path(__file__).parent / "fixtures" / "sheets"


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_old_excel_and_opendocument_import_like_the_xlsx(tmp_path: Path, suffix: str) -> None:
    """The fixtures are evaluation_form() saved by LibreOffice 7.4 (soffice --convert-to xls,
    ods); regenerate them if the form changes. Both keep the displayed figures: .xls through
    its number formats, .ods through the text it stores for each cell."""
    other = import_workbook(FIXTURES / f"evaluation{suffix}")
    assert other.problems == [] and other.notes == []
    assert canon(other.data) == canon(_import(tmp_path, sf.evaluation_form()))


def test_a_formula_gives_the_result_excel_saved(tmp_path: Path) -> None:
    """formula.xlsx: evaluation_form() with 执行率 as =D7/C7 under 0.00%, saved by LibreOffice."""
    data = import_workbook(FIXTURES / "formula.xlsx").data
    assert data["forms"][0]["budget"]["rows"][0]["rate"] == "99.65%"


def test_a_formula_without_a_saved_result_is_an_error(tmp_path: Path) -> None:
    path = sf.write(tmp_path / "f.xlsx", [sf.evaluation_form()])
    book = openpyxl.load_workbook(path)
    book.active["F7"] = "=D7/C7"  # openpyxl saves formulas without results
    book.save(path)
    problems = import_workbook(path).problems
    assert [(p.ref, "没有保存计算结果" in p.message) for p in problems] == [("自评表!F7", True)]


def test_an_xlsb_or_damaged_workbook_gets_a_message(tmp_path: Path) -> None:
    xlsb = tmp_path / "a.xlsb"
    with zipfile.ZipFile(xlsb, "w") as archive:
        archive.writestr("xl/workbook.bin", b"")
    with pytest.raises(SheetError, match="另存为 .xlsx"):
        import_workbook(xlsb)
    broken = tmp_path / "b.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(SheetError, match="无法读取"):
        import_workbook(broken)


@pytest.mark.slow
@pytest.mark.parametrize("make", [sf.evaluation_form, sf.project_form])
@pytest.mark.parametrize("gap", [0, 2])
def test_several_forms_on_one_sheet_are_several_forms(tmp_path: Path, make: Any, gap: int) -> None:
    one = _import(tmp_path, make())
    key = "forms" if "forms" in one else "projects"
    both = _import(tmp_path, sf.stacked([make(), make()], gap), "two.xlsx")
    assert canon(both[key]) == canon(one[key]) * 2


def test_an_et_file_is_read_by_its_content_not_its_name(tmp_path: Path) -> None:
    """WPS saves .et in the old Excel format; the reader goes by the file's first bytes."""
    et = tmp_path / "evaluation.et"
    et.write_bytes((FIXTURES / "evaluation.xls").read_bytes())
    assert canon(import_workbook(et).data) == canon(_import(tmp_path, sf.evaluation_form()))


def test_a_word_in_a_cell_does_not_decide_the_kind_over_the_title(tmp_path: Path) -> None:
    shape = sf.evaluation_form()
    shape.rows[21][1] = "加强绩效运行监控。"  # 改进措施 mentions 监控 (monitoring)
    assert _import(tmp_path, shape)["kind"] == "project-evaluation"
