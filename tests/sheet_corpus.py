"""Bureau-shaped workbooks: the standard forms laid out as the published templates lay them out,
written cell by cell with openpyxl (never with site_gen's own writer).

Each family follows a template that bureaus fill in (its source is named in its docstring); the
figures are made up for the tests. Each family has a hand-written expected document in
tests/fixtures/corpus/<family>.yaml, and each variant of it (labels unmerged, blank rows,
numbers typed as text, the same sheet saved as .xls, .ods or by WPS) must import to exactly that
document. tests/fixtures/corpus/files/ holds the copies LibreOffice saved in the other formats
(`python3 tests/sheet_corpus.py` makes them again).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import scorecard_corpus
from tests import sheet_fixtures as sf
from tests.sheet_fixtures import Cell, Shape

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
FILES = CORPUS / "files"


def _row(width: int, *cells: tuple[int, Cell]) -> list[Cell]:
    """A row of `width` cells with the given (column index, value) pairs filled in."""
    out: list[Cell] = [None] * width
    for col, value in cells:
        out[col] = value
    return out


# ---------------------------------------------------------------- 项目支出绩效自评表 (财预〔2020〕10号)
def caiyu_self_evaluation() -> Shape:
    """The national 项目支出绩效自评表 of 财预〔2020〕10号: 项目资金（万元） and 绩效指标 merged down
    column A beside their tables, 年度总体目标 over 预期目标 | 实际完成情况, 总分 at the foot."""
    w = 9
    rows = [
        _row(w, (0, "项目支出绩效自评表")),
        _row(w, (0, "（2024年度）")),
        _row(w, (0, "项目名称"), (1, "城乡居民医保参保财政补助")),
        _row(w, (0, "主管部门"), (1, "县医疗保障局"), (4, "实施单位"), (5, "县医疗保障事务中心")),
        _row(
            w,
            (0, "项目资金（万元）"),
            (2, "年初预算数"),
            (3, "全年预算数"),
            (4, "全年执行数"),
            (5, "分值"),
            (6, "执行率"),
            (7, "得分"),
        ),
        _row(
            w,
            (1, "年度资金总额"),
            (2, (1250, "0.00")),
            (3, (1312.5, "0.00")),
            (4, (1298.46, "0.00")),
            (5, 10),
            (6, (0.98930, "0.00%")),
            (7, 9.89),
        ),
        _row(
            w,
            (1, "其中：当年财政拨款"),
            (2, (1250, "0.00")),
            (3, (1312.5, "0.00")),
            (4, (1298.46, "0.00")),
            (5, "—"),
            (6, (0.98930, "0.00%")),
            (7, "—"),
        ),
        _row(w, (1, "上年结转资金"), (5, "—"), (7, "—")),
        _row(w, (1, "其他资金"), (5, "—"), (7, "—")),
        _row(w, (0, "年度总体目标"), (1, "预期目标"), (5, "实际完成情况")),
        _row(
            w,
            (1, "按标准足额落实城乡居民医保财政补助，参保率稳定在 95% 以上。"),
            (5, "补助资金按季拨付到位，全年参保率 96.2%。"),
        ),
        _row(
            w,
            (0, "绩效指标"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "年度指标值"),
            (5, "实际完成值"),
            (6, "分值"),
            (7, "得分"),
            (8, "偏差原因分析及改进措施"),
        ),
        _row(
            w,
            (1, "产出指标"),
            (2, "数量指标"),
            (3, "参保人数"),
            (4, "≥41万人"),
            (5, "41.3万人"),
            (6, 20),
            (7, 20),
        ),
        _row(
            w,
            (2, "质量指标"),
            (3, "参保率"),
            (4, "≥95%"),
            (5, (0.962, "0.0%")),
            (6, 20),
            (7, 20),
        ),
        _row(
            w,
            (2, "时效指标"),
            (3, "补助资金拨付时间"),
            (4, "按季度拨付"),
            (5, "按季度拨付"),
            (6, 10),
            (7, 10),
        ),
        _row(
            w,
            (1, "效益指标"),
            (2, "社会效益指标"),
            (3, "群众看病负担"),
            (4, "有效减轻"),
            (5, "有所减轻"),
            (6, 30),
            (7, 27),
            (8, "门诊统筹报销比例未达预期，下年提高至 55%"),
        ),
        _row(
            w,
            (1, "满意度指标"),
            (2, "服务对象满意度指标"),
            (3, "参保群众满意度"),
            (4, "≥90%"),
            (5, "92%"),
            (6, 10),
            (7, 10),
        ),
        _row(w, (0, "总分"), (6, 100), (7, 96.89)),
    ]
    merged = [
        "A1:I1",
        "A2:I2",
        "B3:I3",
        "B4:D4",
        "F4:I4",
        "A5:A9",
        "A10:A11",
        "B10:E10",
        "F10:I10",
        "B11:E11",
        "F11:I11",
        "A12:A17",
        "B13:B15",
        "A18:F18",
    ]
    return Shape("自评表", rows, merged)


# ---------------------------------------------------------------- 四川 部门预算项目支出绩效自评表
def sichuan_self_evaluation() -> Shape:
    """四川's 部门预算项目支出绩效自评表 (as 青神、大英 publish it): 报表编号 above the title,
    项目基本情况 / 预算执行情况(10分) / 绩效指标(90分) merged down column A, one 原因 cell merged
    across the five budget rows, 指标性质 | 指标值 | 度量单位 in three columns, signatures."""
    w = 11
    rows = [
        _row(w, (10, "报表编号:510000_0013zp")),
        _row(w, (0, "部门预算项目支出绩效自评表(2023年度)")),
        _row(w, (0, "项目名称"), (1, "51000021R000000019951-工资性支出")),
        _row(
            w,
            (0, "主管部门"),
            (1, "青神县发展和改革局本级"),
            (5, "实施单位（盖章）"),
            (6, "青神县发展和改革局"),
        ),
        _row(
            w,
            (0, "项目基本情况"),
            (1, "1.项目年度目标完成情况"),
            (2, "项目年度目标"),
            (6, "年度目标完成情况"),
        ),
        _row(
            w,
            (2, "保障工资及时、足额发放，社保及时、足额缴纳。"),
            (6, "全年按月足额发放工资、缴纳社保。"),
        ),
        _row(w, (1, "2.项目实施内容及过程概述"), (2, "按月核发工资，按规定缴纳社保。")),
        _row(
            w,
            (0, "预算执行情况(10分)"),
            (1, "年度预算数(万元)"),
            (2, "年初预算"),
            (3, "调整后预算数"),
            (4, "预算执行数"),
            (5, "预算执行率"),
            (6, "权重"),
            (7, "得分"),
            (8, "原因"),
        ),
        _row(
            w,
            (1, "总额"),
            (2, "238.93"),
            (3, "251.89"),
            (4, "251.89"),
            (5, "100.00%"),
            (6, "10"),
            (7, "10"),
            (8, "1.预算执行率=预算执行数/调整后预算数；2.年中追加人员经费。"),
        ),
        _row(
            w,
            (1, "其中:财政资金"),
            (2, "238.93"),
            (3, "251.89"),
            (4, "251.89"),
            (5, "100.00%"),
            (6, "/"),
            (7, "/"),
        ),
        _row(
            w,
            (1, "财政专户管理资金"),
            (2, "0.00"),
            (3, "0.00"),
            (4, "0.00"),
            (5, "0.00%"),
            (6, "/"),
            (7, "/"),
        ),
        _row(
            w,
            (1, "单位资金"),
            (2, "0.00"),
            (3, "0.00"),
            (4, "0.00"),
            (5, "0.00%"),
            (6, "/"),
            (7, "/"),
        ),
        _row(w, (1, "其他资金"), (6, "/"), (7, "/")),
        _row(
            w,
            (0, "绩效指标(90分)"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "指标性质"),
            (5, "指标值"),
            (6, "度量单位"),
            (7, "完成值"),
            (8, "权重"),
            (9, "得分"),
            (10, "未完成原因分析"),
        ),
        _row(
            w,
            (1, "产出指标"),
            (2, "数量指标"),
            (3, "发放(缴纳)覆盖率"),
            (4, "="),
            (5, "100"),
            (6, "%"),
            (7, "100"),
            (8, "60"),
            (9, "60"),
        ),
        _row(
            w,
            (1, "效益指标"),
            (2, "社会效益指标"),
            (3, "足额保障率(参保率)"),
            (4, "="),
            (5, "100"),
            (6, "%"),
            (7, "100"),
            (8, "30"),
            (9, "30"),
        ),
        _row(w, (0, "合计"), (8, "100"), (9, "100")),
        _row(w, (0, "评价结论"), (1, "全年工资、社保足额按时发放，自评得分 100 分。")),
        _row(w, (0, "存在问题"), (1, "无")),
        _row(w, (0, "改进措施"), (1, "无")),
        _row(w, (0, "项目负责人:张伟"), (6, "财务负责人:李娜")),
    ]
    merged = [
        "A2:K2",
        "B3:K3",
        "B4:E4",
        "G4:K4",
        "A5:A7",
        "B5:B6",
        "C5:F5",
        "G5:K5",
        "C6:F6",
        "G6:K6",
        "C7:K7",
        "A8:A13",
        "I8:K8",
        "I9:K13",
        "A14:A16",
        "A17:H17",
        "B18:K18",
        "B19:K19",
        "B20:K20",
        "A21:F21",
        "G21:K21",
    ]
    return Shape("自评表", rows, merged)


# ---------------------------------------------------------------- 湖北 项目支出绩效监控表
def hubei_monitoring() -> Shape:
    """The monitoring form 黄石 published in 2019: 项目单位(盖章) and 单位:万元 on one row, check
    boxes after their options (项目属性, 项目类型) and a funding-channel row with no label,
    绩效指标 merged down column A, two-level indicators, 偏差 and 建议 sections, a notes block."""
    w = 8
    rows = [
        _row(w, (0, "黄石市项目支出绩效监控表(申遗)")),
        _row(w, (0, "(2019年度)")),
        _row(w, (0, "项目单位(盖章):"), (6, "单位:万元")),
        _row(
            w,
            (0, "项目名称"),
            (1, "申遗经费"),
            (4, "项目执行单位"),
            (5, "黄石市文物局(湖北水泥遗址博物馆)"),
        ),
        _row(w, (0, "主管部门"), (1, "黄石市文化和旅游局")),
        _row(
            w,
            (0, "项目属性"),
            (1, "1、持续性项目□ 2、新增性项目□"),
            (4, "项目类型"),
            (5, "1、常年性项目☑ 2、延续性项目□ 3、一次性项目□"),
        ),
        _row(w, (0, "1、部门预算项目 □  2、省直专项 □  3、省对下转移支付项目 □")),
        _row(w, (0, "项目资金"), (1, "年初预算数"), (3, "1-6月执行数"), (5, "全年预计执行数")),
        _row(w, (0, "年度资金总额:"), (1, "220"), (3, "87.57")),
        _row(w, (0, "其中:当年一般公共预算拨款"), (1, "220"), (3, "87.57")),
        _row(w, (0, "年度总体目标"), (1, "年初设定目标"), (4, "1-6月执行情况")),
        _row(
            w,
            (1, "推进黄石矿冶工业遗产申遗工作。"),
            (4, "完成遗产价值研究，举办活动 5 场。"),
        ),
        _row(
            w,
            (0, "绩效指标"),
            (1, "一级指标"),
            (2, "指标名称"),
            (3, "指标值"),
            (4, "半年度指标执行情况"),
            (6, "完成目标可能性"),
        ),
        _row(w, (1, "产出指标"), (2, "质量")),
        _row(w, (2, "时效")),
        _row(
            w,
            (2, "成本"),
            (3, "年度预算220万元"),
            (4, "按进度执行,已使用约40%"),
            (6, "确定能"),
        ),
        _row(
            w,
            (1, "效益指标"),
            (2, "社会效益"),
            (4, "开展申遗宣传活动 5 场"),
            (6, "确定能"),
        ),
        _row(w, (0, "偏差或不能完成目标原因分析")),
        _row(w, (0, "相关建议或举措")),
        _row(w, (0, "注: 1.完成目标可能性分确定能、有可能、不可能三级。")),
        _row(w, (0, "2.偏差原因从投入保障、制度保障、项目管理等方面分析。")),
    ]
    merged = [
        "A1:H1",
        "A2:H2",
        "A3:F3",
        "G3:H3",
        "B4:D4",
        "F4:H4",
        "B5:H5",
        "B6:D6",
        "F6:H6",
        "A7:H7",
        "B8:C8",
        "D8:E8",
        "F8:H8",
        "B9:C9",
        "D9:E9",
        "F9:H9",
        "B10:C10",
        "D10:E10",
        "F10:H10",
        "A11:A12",
        "B11:D11",
        "E11:H11",
        "B12:D12",
        "E12:H12",
        "A13:A17",
        "E13:F13",
        "G13:H13",
        "B14:B16",
        "E14:F14",
        "G14:H14",
        "E15:F15",
        "G15:H15",
        "E16:F16",
        "G16:H16",
        "E17:F17",
        "G17:H17",
        "B18:H18",
        "B19:H19",
        "A20:H20",
        "A21:H21",
    ]
    return Shape("监控表", rows, merged)


# ---------------------------------------------------------------- 项目支出绩效目标执行监控表 (财预〔2019〕136号)
def national_monitoring() -> Shape:
    """The national 项目支出绩效目标执行监控表: a two-row indicator heading, 偏差原因分析 over
    经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他 and 完成目标可能性 over 确定能 | 有可能 |
    完全不可能, each answered with a tick; 1-7月执行率 and 全年预计执行率 in the budget table."""
    w = 16
    rows = [
        _row(w, (0, "项目支出绩效目标执行监控表")),
        _row(w, (0, "（2023年度）")),
        _row(w, (0, "项目名称"), (1, "高标准农田建设补助")),
        _row(
            w,
            (0, "主管部门及代码"),
            (1, "[126]县农业农村局"),
            (6, "实施单位"),
            (7, "县农田建设服务中心"),
        ),
        _row(
            w,
            (0, "项目资金（万元）"),
            (2, "年初预算数"),
            (4, "1-7月执行数"),
            (6, "1-7月执行率"),
            (8, "全年预计执行数"),
            (10, "全年预计执行率"),
        ),
        _row(
            w,
            (1, "年度资金总额"),
            (2, "500.00"),
            (4, "280.00"),
            (6, "56.00%"),
            (8, "500.00"),
            (10, "100.00%"),
        ),
        _row(
            w,
            (1, "其中：财政拨款"),
            (2, "500.00"),
            (4, "280.00"),
            (6, "56.00%"),
            (8, "500.00"),
            (10, "100.00%"),
        ),
        _row(w, (1, "其他资金"), (2, "/"), (4, "/"), (6, "/"), (8, "/"), (10, "/")),
        _row(w, (0, "年度总体目标"), (1, "年初设定目标"), (8, "1-7月执行情况")),
        _row(
            w,
            (1, "建成高标准农田 1.2 万亩，新增灌溉面积 0.8 万亩。"),
            (8, "已完成 0.7 万亩，灌溉工程进场施工。"),
        ),
        _row(
            w,
            (0, "绩效指标"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "年度指标值"),
            (5, "1-7月执行情况"),
            (6, "全年预计完成情况"),
            (7, "偏差原因分析"),
            (12, "完成目标可能性"),
            (15, "备注"),
        ),
        _row(
            w,
            (7, "经费保障"),
            (8, "制度保障"),
            (9, "人员保障"),
            (10, "硬件条件保障"),
            (11, "其他"),
            (12, "确定能"),
            (13, "有可能"),
            (14, "完全不可能"),
        ),
        _row(
            w,
            (1, "产出指标"),
            (2, "数量指标"),
            (3, "建成高标准农田面积"),
            (4, "≥1.2万亩"),
            (5, "0.7万亩"),
            (6, "1.2万亩"),
            (12, "√"),
        ),
        _row(
            w,
            (2, "时效指标"),
            (3, "工程完工时间"),
            (4, "2023年11月底前"),
            (5, "按计划推进"),
            (6, "11月底完工"),
            (13, "√"),
            (15, "雨季影响工期"),
        ),
        _row(
            w,
            (1, "效益指标"),
            (2, "经济效益指标"),
            (3, "亩均增产粮食"),
            (4, "≥50公斤"),
            (5, "未到收获期"),
            (6, "50公斤"),
            (7, "√"),
            (13, "√"),
        ),
        _row(
            w,
            (1, "满意度指标"),
            (2, "服务对象满意度指标"),
            (3, "受益农户满意度"),
            (4, "≥90%"),
            (5, "—"),
            (6, "92%"),
            (12, "√"),
        ),
        _row(w, (0, "其他说明的问题"), (1, "无")),
        _row(w, (0, "联系人：王强"), (5, "联系电话：0736-1234567"), (10, "填报日期：2023年8月5日")),
    ]
    merged = [
        "A1:P1",
        "A2:P2",
        "B3:P3",
        "B4:F4",
        "H4:P4",
        "A5:A8",
        "C5:D5",
        "E5:F5",
        "G5:H5",
        "I5:J5",
        "K5:P5",
        "C6:D6",
        "E6:F6",
        "G6:H6",
        "I6:J6",
        "K6:P6",
        "C7:D7",
        "E7:F7",
        "G7:H7",
        "I7:J7",
        "K7:P7",
        "C8:D8",
        "E8:F8",
        "G8:H8",
        "I8:J8",
        "K8:P8",
        "A9:A10",
        "B9:H9",
        "I9:P9",
        "B10:H10",
        "I10:P10",
        "A11:A16",
        "B11:B12",
        "C11:C12",
        "D11:D12",
        "E11:E12",
        "F11:F12",
        "G11:G12",
        "H11:L11",
        "M11:O11",
        "P11:P12",
        "B13:B14",
        "B17:P17",
        "A18:E18",
        "F18:J18",
        "K18:P18",
    ]
    return Shape("监控表", rows, merged)


# ---------------------------------------------------------------- 项目支出绩效目标表 (财预〔2020〕10号)
def caiyu_project_targets() -> Shape:
    """The national 项目支出绩效目标表: 项目资金（万元） merged down beside 年度资金总额 /
    其中：财政拨款 / 其他资金, 年度目标, 绩效指标 merged down beside the indicator table."""
    w = 5
    rows = [
        _row(w, (0, "项目支出绩效目标表")),
        _row(w, (0, "（2024年度）")),
        _row(w, (0, "项目名称"), (1, "高标准农田建设")),
        _row(
            w,
            (0, "主管部门及代码"),
            (1, "[126]县农业农村局"),
            (3, "实施单位"),
            (4, "县农田建设服务中心"),
        ),
        _row(w, (0, "项目资金（万元）"), (1, "年度资金总额"), (2, (1200, "0.00"))),
        _row(w, (1, "其中：财政拨款"), (2, (1000, "0.00"))),
        _row(w, (1, "其他资金"), (2, (200, "0.00"))),
        _row(w, (0, "年度目标"), (1, "新建高标准农田 1 万亩，配套灌排设施。")),
        _row(
            w,
            (0, "绩效指标"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "指标值"),
        ),
        _row(w, (1, "产出指标"), (2, "数量指标"), (3, "新建高标准农田面积"), (4, "≥10000亩")),
        _row(w, (2, "质量指标"), (3, "工程验收合格率"), (4, "100%")),
        _row(w, (1, "效益指标"), (2, "经济效益指标"), (3, "亩均节本增效"), (4, "≥100元")),
        _row(
            w,
            (1, "满意度指标"),
            (2, "服务对象满意度指标"),
            (3, "受益农户满意度"),
            (4, "≥90%"),
        ),
    ]
    merged = [
        "A1:E1",
        "A2:E2",
        "B3:E3",
        "A5:A7",
        "C5:E5",
        "C6:E6",
        "C7:E7",
        "B8:E8",
        "A9:A13",
        "B10:B11",
    ]
    return Shape("目标表", rows, merged)


# ---------------------------------------------------------------- 部门整体支出绩效目标表
def department_targets() -> Shape:
    """A 部门整体支出绩效目标表 as provinces lay it out: 年度主要任务 merged down beside a task table
    whose 预算金额（万元） heading covers 总额 | 财政拨款 | 其他资金, 年度总体目标, and 年度绩效指标
    merged down beside the indicator table."""
    w = 6
    rows = [
        _row(w, (0, "部门整体支出绩效目标表")),
        _row(w, (0, "（2024年度）")),
        _row(w, (0, "部门（单位）名称"), (1, "县市场监督管理局")),
        _row(
            w,
            (0, "年度主要任务"),
            (1, "任务名称"),
            (2, "主要内容"),
            (3, "预算金额（万元）"),
        ),
        _row(w, (3, "总额"), (4, "财政拨款"), (5, "其他资金")),
        _row(
            w,
            (1, "食品安全抽检"),
            (2, "完成食品抽检 2000 批次"),
            (3, "120.00"),
            (4, "120.00"),
            (5, "0.00"),
        ),
        _row(
            w,
            (1, "特种设备检验"),
            (2, "电梯等特种设备定期检验"),
            (3, "80.50"),
            (4, "60.50"),
            (5, "20.00"),
        ),
        _row(w, (1, "合计"), (3, "200.50"), (4, "180.50"), (5, "20.00")),
        _row(w, (0, "年度总体目标"), (1, "守住食品安全底线，特种设备检验率 100%。")),
        _row(
            w,
            (0, "年度绩效指标"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "指标值"),
        ),
        _row(w, (1, "产出指标"), (2, "数量指标"), (3, "食品抽检批次"), (4, "≥2000批次")),
        _row(w, (2, "质量指标"), (3, "特种设备定期检验率"), (4, "100%")),
        _row(w, (1, "效益指标"), (2, "社会效益指标"), (3, "重大食品安全事故"), (4, "0起")),
        _row(
            w,
            (1, "满意度指标"),
            (2, "服务对象满意度指标"),
            (3, "群众满意度"),
            (4, "≥85%"),
        ),
    ]
    merged = [
        "A1:F1",
        "A2:F2",
        "B3:F3",
        "A4:A8",
        "B4:B5",
        "C4:C5",
        "D4:F4",
        "B9:F9",
        "A10:A14",
        "E10:F10",
        "B11:B12",
        "E11:F11",
        "E12:F12",
        "E13:F13",
        "E14:F14",
    ]
    return Shape("目标表", rows, merged)


# ---------------------------------------------------------------- 部门整体支出绩效自评表
def department_evaluation() -> Shape:
    """A 部门整体支出绩效自评表: 年度预算执行情况（万元） merged down beside the budget table
    (全年预算数（A）, 全年执行数（B）, 执行率（B/A）), 年度总体目标 over 预期目标 | 实际完成情况,
    the indicator table with 分值 | 得分 | 偏差原因分析及改进措施, 总分 and 自评等级."""
    w = 9
    rows = [
        _row(w, (0, "部门整体支出绩效自评表")),
        _row(w, (0, "（2023年度）")),
        _row(w, (0, "部门（单位）名称"), (1, "县文化广电旅游局")),
        _row(
            w,
            (0, "年度预算执行情况（万元）"),
            (2, "年初预算数"),
            (3, "全年预算数（A）"),
            (4, "全年执行数（B）"),
            (5, "分值"),
            (6, "执行率（B/A）"),
            (7, "得分"),
        ),
        _row(
            w,
            (1, "年度资金总额"),
            (2, "856.20"),
            (3, "902.75"),
            (4, "880.10"),
            (5, "10"),
            (6, "97.49%"),
            (7, "9.75"),
        ),
        _row(w, (1, "其中：财政拨款"), (2, "856.20"), (3, "902.75"), (4, "880.10"), (6, "97.49%")),
        _row(w, (1, "其他资金"), (2, "0"), (3, "0"), (4, "0")),
        _row(w, (0, "年度总体目标"), (1, "预期目标"), (5, "实际完成情况")),
        _row(
            w,
            (1, "开展文化惠民演出 120 场，公共文化场馆免费开放。"),
            (5, "全年演出 126 场，场馆全年免费开放。"),
        ),
        _row(
            w,
            (0, "绩效指标"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "年度指标值"),
            (5, "实际完成值"),
            (6, "分值"),
            (7, "得分"),
            (8, "偏差原因分析及改进措施"),
        ),
        _row(
            w,
            (1, "产出指标"),
            (2, "数量指标"),
            (3, "文化惠民演出场次"),
            (4, "≥120场"),
            (5, "126场"),
            (6, "30"),
            (7, "30"),
        ),
        _row(
            w,
            (1, "效益指标"),
            (2, "社会效益指标"),
            (3, "公共文化服务覆盖率"),
            (4, "≥95%"),
            (5, "93%"),
            (6, "40"),
            (7, "36"),
            (8, "偏远村组覆盖不足，下年增加流动服务"),
        ),
        _row(
            w,
            (1, "满意度指标"),
            (2, "服务对象满意度指标"),
            (3, "群众满意度"),
            (4, "≥90%"),
            (5, "94%"),
            (6, "20"),
            (7, "20"),
        ),
        _row(w, (0, "总分"), (6, "100"), (7, "95.75")),
        _row(w, (0, "自评等级"), (1, "优")),
    ]
    merged = [
        "A1:I1",
        "A2:I2",
        "B3:I3",
        "A4:A7",
        "A8:A9",
        "B8:E8",
        "F8:I8",
        "B9:E9",
        "F9:I9",
        "A10:A13",
        "A14:F14",
        "B15:I15",
    ]
    return Shape("自评表", rows, merged)


# ---------------------------------------------------------------- 专项资金绩效目标表
def special_fund_targets() -> Shape:
    """A 专项资金绩效目标表: 专项资金情况（万元） merged down beside a one-row table of the fund's
    sources, 年度目标, 绩效指标 with 指标解释, and the filler's signature lines."""
    w = 6
    rows = [
        _row(w, (0, "专项资金绩效目标表")),
        _row(w, (0, "（2022年度）")),
        _row(w, (0, "专项名称"), (1, "农村人居环境整治专项资金")),
        _row(w, (0, "主管部门"), (1, "县农业农村局"), (3, "资金使用单位"), (4, "各乡镇人民政府")),
        _row(
            w,
            (0, "专项资金情况（万元）"),
            (1, "年度资金总额"),
            (2, "中央补助"),
            (3, "省级补助"),
            (4, "县级配套"),
        ),
        _row(w, (1, "300"), (2, "150"), (3, "100"), (4, "50")),
        _row(w, (0, "年度目标"), (1, "完成农村户厕改造 1500 户，村庄保洁全覆盖。")),
        _row(
            w,
            (0, "绩效指标"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "指标值"),
            (5, "指标解释"),
        ),
        _row(
            w,
            (1, "产出指标"),
            (2, "数量指标"),
            (3, "户厕改造户数"),
            (4, "≥1500户"),
            (5, "按验收合格户数计"),
        ),
        _row(w, (2, "时效指标"), (3, "完工时间"), (4, "2022年10月底前")),
        _row(
            w,
            (1, "效益指标"),
            (2, "生态效益指标"),
            (3, "村庄环境"),
            (4, "明显改善"),
            (5, "第三方暗访评价"),
        ),
        _row(w, (0, "填报人：赵敏"), (2, "联系电话：0736-7654321"), (4, "填报日期：2022年3月1日")),
    ]
    merged = [
        "A1:F1",
        "A2:F2",
        "B3:F3",
        "B4:C4",
        "E4:F4",
        "A5:A6",
        "E5:F5",
        "E6:F6",
        "B7:F7",
        "A8:A11",
        "B9:B10",
        "A12:B12",
        "C12:D12",
        "E12:F12",
    ]
    return Shape("目标表", rows, merged)


# ---------------------------------------------------------------- 专项资金绩效自评表
def special_fund_evaluation() -> Shape:
    """A 专项资金绩效自评表: 预算执行情况（10分） merged down beside the budget table, a 资金安排表
    titled on its own row with 单位：万元 and a 合计 row, 年度总体目标, 绩效指标（90分）, 总分,
    自评等级 and signatures."""
    w = 8
    rows = [
        _row(w, (0, "专项资金绩效自评表")),
        _row(w, (0, "（2023年度）")),
        _row(w, (0, "专项名称"), (1, "县级储备粮轮换专项资金")),
        _row(w, (0, "主管部门"), (1, "县发展和改革局"), (4, "实施单位"), (5, "县粮食储备中心")),
        _row(
            w,
            (0, "预算执行情况（10分）"),
            (1, "资金来源"),
            (2, "年初预算数"),
            (3, "全年预算数"),
            (4, "全年执行数"),
            (5, "执行率"),
            (6, "分值"),
            (7, "得分"),
        ),
        _row(
            w,
            (1, "合计"),
            (2, "96.00"),
            (3, "96.00"),
            (4, "95.20"),
            (5, "99.17%"),
            (6, "10"),
            (7, "9.92"),
        ),
        _row(w, (1, "其中：县级财政"), (2, "96.00"), (3, "96.00"), (4, "95.20"), (5, "99.17%")),
        _row(w, (0, "资金安排表"), (6, "单位：万元")),
        _row(w, (0, "序号"), (1, "储备库点"), (3, "轮换数量（吨）"), (4, "金额"), (6, "备注")),
        _row(w, (0, "1"), (1, "城关库"), (3, "800"), (4, "52.80"), (6, "")),
        _row(w, (0, "2"), (1, "河口库"), (3, "650"), (4, "42.40"), (6, "/")),
        _row(w, (0, "合计"), (3, "1450"), (4, "95.20")),
        _row(w, (0, "年度总体目标"), (1, "预期目标"), (4, "实际完成情况")),
        _row(w, (1, "完成储备粮轮换 1450 吨。"), (4, "全年轮换 1450 吨，库存数量真实。")),
        _row(
            w,
            (0, "绩效指标（90分）"),
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "年度指标值"),
            (5, "实际完成值"),
            (6, "分值"),
            (7, "得分"),
        ),
        _row(
            w,
            (1, "产出指标"),
            (2, "数量指标"),
            (3, "轮换数量"),
            (4, "=1450吨"),
            (5, "1450吨"),
            (6, "50"),
            (7, "50"),
        ),
        _row(
            w,
            (1, "效益指标"),
            (2, "社会效益指标"),
            (3, "储备粮质量达标率"),
            (4, "100%"),
            (5, "100%"),
            (6, "40"),
            (7, "40"),
        ),
        _row(w, (0, "总分"), (6, "100"), (7, "99.92")),
        _row(w, (0, "自评等级"), (1, "优")),
        _row(w, (0, "填表人：周丽"), (4, "填报日期：2024年1月15日")),
    ]
    merged = [
        "A1:H1",
        "A2:H2",
        "B3:H3",
        "B4:D4",
        "F4:H4",
        "A5:A7",
        "A8:F8",
        "G8:H8",
        "B9:C9",
        "E9:F9",
        "G9:H9",
        "B10:C10",
        "E10:F10",
        "G10:H10",
        "B11:C11",
        "E11:F11",
        "G11:H11",
        "A12:C12",
        "E12:F12",
        "G12:H12",
        "A13:A14",
        "B13:D13",
        "E13:H13",
        "B14:D14",
        "E14:H14",
        "A15:A17",
        "A18:F18",
        "B19:H19",
        "A20:D20",
        "E20:H20",
    ]
    return Shape("自评表", rows, merged)


def with_margin(shape: Shape) -> Shape:
    """The form one column to the right, column A left empty as a margin (as many bureaus print)."""
    from openpyxl.utils import get_column_letter, range_boundaries

    rows = [[None, *row] for row in shape.rows]
    merged = []
    for ref in shape.merged:
        c1, r1, c2, r2 = range_boundaries(ref)
        assert c1 is not None and r1 is not None and c2 is not None and r2 is not None
        merged.append(f"{get_column_letter(c1 + 1)}{r1}:{get_column_letter(c2 + 1)}{r2}")
    return Shape(shape.name, rows, merged)


def caiyu_with_head_lines() -> Shape:
    """The 10号 自评表 as an annex: 附件2 above the title, （2024年度） and 单位：万元 on one row,
    and 填报单位（盖章） with 填报日期 written in one cell under the form."""
    shape = caiyu_self_evaluation()
    shape.rows[1] = _row(9, (0, "（2024年度）"), (7, "单位：万元"))
    shape.merged = ["A2:G2" if m == "A2:I2" else m for m in shape.merged]
    shape.rows.insert(0, _row(9, (0, "附件2")))
    from tests.sheet_fixtures import _shift

    shape.merged = [_shift(m, 0) for m in shape.merged]
    shape.rows.append(_row(9, (0, "填报单位（盖章）：县医疗保障局　　　填报日期：2025年1月20日")))
    shape.merged.append(f"A{len(shape.rows)}:I{len(shape.rows)}")
    return shape


# ---------------------------------------------------------------- the corpus
@dataclass(frozen=True)
class Entry:
    name: str  # the workbook's file name
    family: str  # the expected document: tests/fixtures/corpus/<family>.yaml
    make: Callable[[Path], Path]  # writes the workbook into a folder, returns its path


FAMILIES: dict[str, Callable[[], Shape]] = {
    "caiyu-self-evaluation": caiyu_self_evaluation,
    "sichuan-self-evaluation": sichuan_self_evaluation,
    "hubei-monitoring": hubei_monitoring,
    "national-monitoring": national_monitoring,
    "caiyu-project-targets": caiyu_project_targets,
    "department-targets": department_targets,
    "department-evaluation": department_evaluation,
    "special-fund-targets": special_fund_targets,
    "special-fund-evaluation": special_fund_evaluation,
    "targets-completion": sf.targets_form,
    "progress": sf.progress_form,
    "caiyu-self-evaluation-annex": caiyu_with_head_lines,
    "project-application": sf.project_form,
    "hunan-department-scorecard": scorecard_corpus.hunan_department_scorecard,
    "project-scorecard": scorecard_corpus.project_scorecard,
    "points-in-labels-scorecard": scorecard_corpus.points_in_labels_scorecard,
}
# Variants: a function of the family's shape, and which families it suits.
VARIANTS: dict[str, Callable[[Shape], Shape]] = {
    "": lambda shape: shape,
    "-repeated": lambda shape: sf.unmerged_down(shape, "A", repeat=True),
    "-blank-below": lambda shape: sf.unmerged_down(shape, "A", repeat=False),
    "-blank-rows": lambda shape: sf.with_blank_rows(shape, [3, len(shape.rows) - 2]),
    "-as-text": sf.numbers_as_text,
    "-margin": with_margin,
}
XLSX_VARIANTS = {
    "caiyu-self-evaluation": [
        "",
        "-repeated",
        "-blank-below",
        "-blank-rows",
        "-as-text",
        "-margin",
    ],
    "sichuan-self-evaluation": ["", "-repeated", "-blank-rows"],
    "hubei-monitoring": ["", "-blank-below", "-margin"],
    "national-monitoring": ["", "-blank-rows"],
    "caiyu-project-targets": ["", "-blank-below", "-as-text"],
    "department-targets": ["", "-blank-rows"],
    "department-evaluation": ["", "-repeated"],
    "special-fund-targets": [""],
    "special-fund-evaluation": ["", "-blank-rows"],
    "targets-completion": ["", "-as-text"],
    "progress": [""],
    "caiyu-self-evaluation-annex": ["", "-margin"],
    "project-application": ["", "-blank-rows"],
    "hunan-department-scorecard": ["", "-repeated", "-blank-below", "-as-text", "-margin"],
    "project-scorecard": ["", "-repeated", "-blank-rows"],
    "points-in-labels-scorecard": ["", "-blank-below"],
}
# Copies saved by LibreOffice (and the WPS-marked .xlsx), kept in tests/fixtures/corpus/files.
SAVED = {
    "caiyu-self-evaluation.xls": "caiyu-self-evaluation",
    "caiyu-self-evaluation.ods": "caiyu-self-evaluation",
    "caiyu-self-evaluation-wps.xlsx": "caiyu-self-evaluation",
    "sichuan-self-evaluation.xls": "sichuan-self-evaluation",
    "sichuan-self-evaluation.ods": "sichuan-self-evaluation",
    "hubei-monitoring.ods": "hubei-monitoring",
    "national-monitoring.xls": "national-monitoring",
    "caiyu-project-targets.xls": "caiyu-project-targets",
    "department-evaluation.ods": "department-evaluation",
    "hunan-department-scorecard.xls": "hunan-department-scorecard",
    "project-scorecard.ods": "project-scorecard",
}


def _writer(family: str, variant: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        shape = VARIANTS[variant](FAMILIES[family]())
        return sf.write(folder / f"{family}{variant}.xlsx", [shape])

    return make


def _saved(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        del folder
        return FILES / name

    return make


def entries() -> list[Entry]:
    out = [
        Entry(f"{family}{variant}.xlsx", family, _writer(family, variant))
        for family, variants in XLSX_VARIANTS.items()
        for variant in variants
    ]
    out += [Entry(name, family, _saved(name)) for name, family in SAVED.items()]
    return out


# ---------------------------------------------------------------- saving the other formats
def wps_marked(source: Path, target: Path) -> None:
    """The .xlsx as WPS Office packages it: its app.xml names WPS 表格 and a custom property
    KSOProductBuildVer carries WPS's build, as every file WPS saves does."""
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
        "<vt:lpwstr>2052-12.1.0.16120</vt:lpwstr></property></Properties>"
    )
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = data.replace(b"Microsoft Excel", "WPS 表格".encode()).replace(
                    b"<Application>openpyxl</Application>",
                    "<Application>WPS 表格</Application>".encode(),
                )
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/docProps/custom.xml" ContentType='
                    b'"application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
                )
            if item.filename == "_rels/.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdWps" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>',
                )
            new.writestr(item, data)
        new.writestr("docProps/custom.xml", custom)


def save_copies() -> None:
    """Write the .xls and .ods copies with LibreOffice, and the WPS-marked .xlsx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("需要 LibreOffice（apt-get install libreoffice-calc）")
    FILES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, family in SAVED.items():
            source = _writer(family, "")(folder)
            if name.endswith("-wps.xlsx"):
                wps_marked(source, FILES / name)
                continue
            fmt = "xls:MS Excel 97" if name.endswith(".xls") else "ods"
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    fmt,
                    "--outdir",
                    str(folder / "out"),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            shutil.copy(folder / "out" / Path(name).name, FILES / name)


if __name__ == "__main__":
    save_copies()
