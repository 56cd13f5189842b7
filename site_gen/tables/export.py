"""Machine-readable copies of a document: JSON (the validated model) and CSV (UTF-8 with BOM
so that Excel opens it correctly). Pure functions.

The CSV of a list (目标完成情况, 进度情况表, a time series) is its table, one row per target,
row or period. The CSV of a form-based document (the standard forms, 项目支出绩效目标表) is
long: one line per cell of every part of every form (tables.export_tables), since its tables differ.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from site_gen import i18n, model
from site_gen.i18n import N_
from site_gen.model import trends
from site_gen.tables import export_tables
from site_gen.values import Figure, Value


def to_data(obj: Any) -> Any:
    """Model objects → JSON-ready data. Decimals become strings so no figure is rounded."""
    if isinstance(obj, Value):
        return obj.text
    if isinstance(obj, Figure):  # as written: "89.974", "100.00%", "/"
        return {"text": obj.text, "unclear": True} if obj.unclear else obj.text
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_data(item) for item in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def document_json(entry: model.Entry) -> str:
    data = to_data(entry.doc)
    data = {"year": entry.year, **{k: v for k, v in data.items() if k != "year"}}
    data["publisher"] = entry.publisher.name
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# The 目标完成情况 table's columns, as the CSV and the spreadsheet (sheets.lists) head them.
TARGET_COLUMNS = (
    "类别",
    "序号",
    "目标名称",
    "目标内容",
    "标杆城市",
    "标杆值",
    "完成状态",
    "完成情况综述",
    "取得实效",
)


def document_rows(entry: model.Entry) -> tuple[list[str], list[list[str]]]:
    doc = entry.doc
    if isinstance(doc, model.TargetCompletionReport):
        header = [*TARGET_COLUMNS, "标注"]  # 标注: the source's marks, a column of the CSV only
        rows = [
            [
                g.name,
                str(t.number),
                t.name,
                t.content.strip(),
                t.benchmark.city if t.benchmark else "",
                t.benchmark.value if t.benchmark else "",
                t.status or "",
                t.summary.strip(),
                "\n".join(f"{n}.{text}" for n, text in model.numbered_items(t.achievements)),
                _marks(doc, t.incomplete),
            ]
            for g in doc.groups
            for t in g.targets
        ]
        return header, rows
    if isinstance(doc, model.ProgressReport):
        c = doc.columns
        header = [
            "类别",
            c.name,
            "★",
            c.indicator,
            c.attribute,
            c.deadline,
            c.current,
            c.cumulative,
            c.percent,
            c.status,
            c.possibility,
            c.problem,
            "问题说明",
            *c.extra,
            "标注",
        ]
        blank = ("",) * len(c.extra)
        rows = [
            [
                g.category,
                r.name,
                "★" if r.star else "",
                r.indicator.strip(),
                r.attribute or "",
                r.deadline,
                r.current.strip(),
                r.cumulative.strip(),
                "" if r.percent is None else f"{r.percent}%",
                r.status or "",
                r.possibility or "",
                "" if r.problem is None else ("是" if r.problem else "否"),
                r.problem_note.strip(),
                *(r.extra + blank)[: len(c.extra)],
                _marks(doc, r.incomplete),
            ]
            for g in doc.groups
            for r in g.rows
        ]
        return header, rows
    if isinstance(doc, model.ProjectTargets | model.FormDocument):
        return list(export_tables.LONG_COLUMNS), export_tables.document_lines(entry)
    if isinstance(doc, model.IndicatorSeries):
        with i18n.using(entry.language):
            return _series_rows(doc)
    return ["标题", "正文"], [[doc.title, doc.body.strip()]]


# One row per indicator and period: the indicator's facts repeated, the period's cells as
# written, and last the outcome site_gen read from them (trends.outcome), said as on the page.
SERIES_COLUMNS = (
    N_("目标"),
    N_("所属目标"),
    N_("指标名称"),
    N_("指标类型"),
    N_("单位"),
    N_("基线值"),
    N_("基线期间"),
    N_("目标值"),
    N_("目标期间"),
    N_("期间"),
    N_("该期目标值"),
    N_("目标下限"),
    N_("目标上限"),
    N_("实际值"),
    N_("状态"),
    N_("说明"),
    N_("是否达到"),
)


def _series_rows(doc: model.IndicatorSeries) -> tuple[list[str], list[list[str]]]:
    rows = []
    for goal in doc.goals:
        for ind in goal.indicators:
            facts = [goal.name, ind.objective, ind.name, ind.type or "", ind.unit, ind.baseline]
            facts += [ind.baseline_period, ind.target, ind.target_period]
            for row in ind.values:
                outcome = trends.outcome(ind, row)
                cells = [row.period, row.target, row.minimum, row.maximum, row.value]
                cells += [row.status or "", row.note.strip()]
                rows.append(
                    [*facts, *cells, i18n.gettext(trends.OUTCOME_WORDS[outcome]) if outcome else ""]
                )
    return [i18n.gettext(c) for c in SERIES_COLUMNS], rows


def _marks(doc: model.Document, row_incomplete: bool) -> str:
    """The 标注 cell of a list row: the row cut off in the source, or the whole source."""
    marks = [export_tables.INCOMPLETE] if row_incomplete else []
    if doc.incomplete:
        marks.append(f"原件不完整：{doc.incomplete}")
    return "；".join(marks)


def document_csv(entry: model.Entry) -> bytes:
    header, rows = document_rows(entry)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in header])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)%?")


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet cannot run (OWASP, CSV injection): text starting with
    = + - @, a tab or a carriage return gets a leading apostrophe, so `=3个` or
    `=HYPERLINK(…)` opens as text. A plain signed number (-5.5, +3%) is left as it is. The JSON
    keeps every text exactly; the .xlsx stores text as text, so it needs no such mark."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
