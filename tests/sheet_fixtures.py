"""Spreadsheets shaped as bureaus make them, written cell by cell with openpyxl (not with
site_gen's own writer), and the variants real sheets show of the same form: blank rows,
labels merged differently, numbers stored as text or as numbers under a format, notes blocks.

A sheet is rows of cells (None for blank, a value, or (value, number format)) and merged ranges
in A1 notation. Variants transform that description, so that every variant of a form is
the same form and must import to the same document.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.properties import PageSetupProperties

Cell = Any  # None | str | int | float | date | tuple[value, number_format]


@dataclass
class Shape:
    name: str
    rows: list[list[Cell]]
    merged: list[str] = field(default_factory=list)


def write(path: Path, sheets: list[Shape]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    thin = Side(style="thin")
    for shape in sheets:
        ws = book.create_sheet(shape.name)
        for r, row in enumerate(shape.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(value, tuple):
                    cell.value, cell.number_format = value
                else:
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"  # typed text, even "=6处" (not a formula)
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        for ref in shape.merged:
            ws.merge_cells(ref)
        for c in range(1, max(len(r) for r in shape.rows) + 1):
            ws.column_dimensions[get_column_letter(c)].width = 16
        ws.page_setup.orientation = "landscape"  # printed on one page across, as forms are
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    book.save(path)
    return path


# ---------------------------------------------------------------- variants
def with_blank_rows(shape: Shape, at: list[int]) -> Shape:
    """Blank rows inserted before the given 0-based rows (merged ranges move with the rows)."""
    out = copy.deepcopy(shape)
    for index in sorted(at, reverse=True):
        width = len(out.rows[index])
        out.rows.insert(index, [None] * width)
        out.merged = [_shift(ref, index) for ref in out.merged]
    return out


def _shift(ref: str, index: int) -> str:
    c1, r1, c2, r2 = range_boundaries(ref)
    if r1 is None or r2 is None or c1 is None or c2 is None:
        return ref
    if r1 > index:  # 1-based rows below the insertion point move down
        r1, r2 = r1 + 1, r2 + 1
    elif r2 > index:
        r2 += 1
    return f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"


def unmerged_down(shape: Shape, columns: str, repeat: bool) -> Shape:
    """Vertical merges in the given columns undone, the label repeated on each row or left
    blank below its first row (both are how sheets exported from systems look)."""
    out = copy.deepcopy(shape)
    kept = []
    for ref in out.merged:
        c1, r1, c2, r2 = range_boundaries(ref)
        assert c1 is not None and r1 is not None and c2 is not None and r2 is not None
        letter = get_column_letter(c1)
        if c1 == c2 and r2 > r1 and letter in columns:
            label = out.rows[r1 - 1][c1 - 1]
            for r in range(r1 + 1, r2 + 1):
                out.rows[r - 1][c1 - 1] = label if repeat else None
        else:
            kept.append(ref)
    out.merged = kept
    return out


def numbers_as_text(shape: Shape) -> Shape:
    """Every (number, format) cell replaced by the text the format displays."""
    out = copy.deepcopy(shape)
    for row in out.rows:
        for i, value in enumerate(row):
            if isinstance(value, tuple):
                row[i] = shown(*value)
    return out


def shown(value: Any, number_format: str) -> str:
    """The displayed text of the few formats these fixtures use."""
    if isinstance(value, date):
        return value.isoformat() if "-" in number_format else f"{value.year}年{value.month}月"
    places = len(re.search(r"0\.?(0*)", number_format).group(1))  # type: ignore[union-attr]
    if number_format.endswith("%"):
        return f"{value * 100:.{places}f}%"
    return f"{value:,.{places}f}" if "," in number_format else f"{value:.{places}f}"


# ---------------------------------------------------------------- the forms
def evaluation_form(title: str = "项目支出绩效自评表") -> Shape:
    """A 项目支出绩效自评表 as a county fills it: label pairs on one row, a budget table with
    figures under number formats, 预期目标 | 实际完成情况 side by side, the indicator table
    with merged 一级/二级 cells, 总分, grade, text sections, signatures and a notes block."""
    rows: list[list[Cell]] = [
        [title] + [None] * 7,
        ["（2024年度）"] + [None] * 7,
        [None] * 7 + ["单位：万元"],
        ["项目名称", "农村道路养护", None, None, None, None, None, None],
        ["主管部门", "县交通运输局", None, None, "实施单位", "县公路事务中心", None, None],
        [
            "项目资金（万元）",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
            None,
        ],
        [
            "年度资金总额",
            (120, "0.00"),
            (150.5, "0.00"),
            (149.974, "0.000"),
            10,
            (0.99651, "0.00%"),
            9.97,
            None,
        ],
        [
            "其中：当年财政拨款",
            (120, "0.00"),
            (150.5, "0.00"),
            (149.974, "0.000"),
            "/",
            (0.99651, "0.00%"),
            "/",
            None,
        ],
        ["上年结转资金", "/", "/", "/", "/", "/", "/", None],
        ["年度总体目标", "预期目标", None, None, "实际完成情况", None, None, None],
        [
            None,
            "完成农村公路养护 320 公里。",
            None,
            None,
            "完成养护 318.6 公里，优良路率 85.2%。",
            None,
            None,
            None,
        ],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        [
            "产出指标",
            "数量指标",
            "养护里程",
            "≥320公里",
            "318.6公里",
            20,
            19,
            "两段道路因施工推迟，已排入下年计划",
        ],
        [None, None, "桥梁检查座数", "＝45座", "45座", 10, 10, None],
        [None, "质量指标", "优良路率", "≥85％", (0.852, "0.0%"), 20, 20, None],
        [
            None,
            "时效指标",
            "完成时间",
            "2024年12月底前",
            (date(2024, 12, 20), "yyyy-mm-dd"),
            10,
            10,
            None,
        ],
        [
            "效益指标",
            "社会效益指标",
            "群众出行条件",
            "明显改善",
            "明显改善",
            20,
            18,
            "部分村道仍有坑槽",
        ],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93%", 10, 10, None],
        ["总分", None, None, None, None, 100, 96.97, None],
        ["自评等级", "优", None, None, None, None, None, None],
        ["存在问题", "个别路段养护进度滞后。", None, None, None, None, None, None],
        ["改进措施", "提前安排施工计划。", None, None, None, None, None, None],
        [
            "填表人：李明",
            None,
            None,
            "联系电话：0731-5555",
            None,
            None,
            "填报日期：2025年1月10日",
            None,
        ],
        ["注：1.执行率=全年执行数/全年预算数。", None, None, None, None, None, None, None],
        ["2.偏差原因须说明。", None, None, None, None, None, None, None],
    ]
    merged = [
        "A1:H1",
        "A2:H2",
        "B4:H4",
        "B5:D5",
        "F5:H5",
        "A10:A11",
        "B10:D10",
        "E10:H10",
        "B11:D11",
        "E11:H11",
        "A13:A16",
        "B13:B14",
        "A19:E19",
        "B20:H20",
        "B21:H21",
        "B22:H22",
        "A23:C23",
        "D23:F23",
        "A24:H24",
        "A25:H25",
    ]
    return Shape("自评表", rows, merged)


def project_form() -> Shape:
    """A 项目支出绩效目标申报表: two label pairs per row, a long goal, the indicator table."""
    rows: list[list[Cell]] = [
        ["项目支出绩效目标申报表", None, None, None],
        ["项目名称", "全民健身设施建设", "项目编码", "370001(2024)015"],
        ["项目类别", "当年项目", "资金用途", "基本建设"],
        [
            "项目总金额（元）",
            (3500000, "#,##0"),
            "本年度预算申请金额（元）",
            (2000000.5, "#,##0.00"),
        ],
        ["年度绩效目标", "新建健身广场 6 处，更新器材 120 件。", None, None],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "新建健身广场", "=6处"],
        [None, None, "更新健身器材", "≥120件"],
        [None, "质量指标", "验收合格率", "100%"],
        ["效益指标", "社会效益指标", "群众健身便利度", "提高"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"],
    ]
    merged = ["A1:D1", "B5:D5", "A7:A9", "B7:B8"]
    return Shape("项目1", rows, merged)


def targets_form() -> Shape:
    """A 目标完成情况 table with groups as rows across the table (一、重点目标)."""
    rows: list[list[Cell]] = [
        ["2024年度绩效目标完成情况", None, None, None, None, None],
        ["序号", "目标名称", "目标内容", "完成状态", "完成情况综述", "取得实效"],
        ["一、重点目标", None, None, None, None, None],
        [
            1,
            "保障基本民生",
            "民生支出占比保持在 75% 以上。",
            "已完成",
            "民生支出占比 78.3%。",
            "1.新增就业 3.2 万人",
        ],
        [None, None, None, None, None, "2.城乡低保标准提高 5%"],
        ["2.", "推进预算公开", "部门预算公开率 100%。", "已完成", "按时公开。", None],
        ["二、创优目标", None, None, None, None, None],
        [
            (3, "0"),
            "绩效评价全覆盖",
            "重点项目评价覆盖率达到 30%。",
            "基本完成",
            "覆盖率 28%。",
            None,
        ],
    ]
    merged = ["A1:F1", "A3:F3", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "A7:F7"]
    return Shape("目标", rows, merged)


def progress_form() -> Shape:
    """A 进度情况表 with the bureau's own headings and a ★ legend under the table."""
    rows: list[list[Cell]] = [
        ["2024年1-9月重点工作进度情况表", None, None, None, None, None, None],
        [
            "类别",
            "目标名称",
            "考核指标",
            "完成时限",
            "三季度完成进度",
            "累计完成工作量",
            "进度状态",
        ],
        [
            "工作目标",
            "★预算执行",
            "支出进度 75%",
            "2024年12月",
            "完成 26%",
            (0.76, "0%"),
            "达到序时进度",
        ],
        [
            None,
            "债务管理",
            "债务率低于 100%",
            "2024年度",
            "化解 3.1 亿元",
            (0.8, "0%"),
            "达到序时进度",
        ],
        [
            "绩效指标",
            "评价覆盖",
            "覆盖率 30%",
            "2024年11月",
            "完成 6 个项目",
            (0.6, "0%"),
            "未达到序时进度",
        ],
        ['注：打"★"的目标涉及社会评价意见重点整改目标', None, None, None, None, None, None],
    ]
    merged = ["A1:G1", "A3:A4", "A6:G6"]
    return Shape("进度", rows, merged)


def stacked(shapes: list[Shape], gap: int = 1) -> Shape:
    """Several forms one below the other on one sheet, `gap` blank rows apart."""
    rows: list[list[Cell]] = []
    merged: list[str] = []
    for shape in shapes:
        offset = len(rows)
        rows += copy.deepcopy(shape.rows)
        for ref in shape.merged:
            c1, r1, c2, r2 = range_boundaries(ref)
            assert c1 is not None and r1 is not None and c2 is not None and r2 is not None
            merged.append(
                f"{get_column_letter(c1)}{r1 + offset}:{get_column_letter(c2)}{r2 + offset}"
            )
        rows += [[None] * len(shape.rows[0]) for _ in range(gap)]
    return Shape(shapes[0].name, rows, merged)
