"""The spreadsheet of a time-series indicator document, both ways: one row per indicator and
period, the goal's and the indicator's cells merged down over their rows (as agencies' data
tables print them), headed in the document's language; and reading such a sheet back, with
the headings of any catalog language, merged or repeated labels alike.
"""

from __future__ import annotations

from typing import Any

from site_gen import i18n
from site_gen.i18n import N_
from site_gen.kinds.series.model import IndicatorSeries
from site_gen.model import DocumentBase
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import Lay, Sheet
from site_gen.sheets.read import Reader, read_tables

GOAL = (("name", N_("目标")), ("statement", N_("目标表述")))
INDICATOR = (
    ("objective", N_("所属目标")),
    ("name", N_("指标名称")),
    ("type", N_("指标类型")),
    ("unit", N_("单位")),
    ("baseline", N_("基线值")),
    ("baseline_period", N_("基线期间")),
    ("target", N_("目标值")),
    ("target_period", N_("目标期间")),
    ("description", N_("指标说明")),
    ("notes", N_("注释")),
)
PERIOD = (
    ("period", N_("期间")),
    ("target", N_("该期目标值")),
    ("minimum", N_("目标下限")),
    ("maximum", N_("目标上限")),
    ("value", N_("实际值")),
    ("status", N_("状态")),
    ("note", N_("说明")),
)
ALWAYS = {("goal", "name"), ("indicator", "name"), ("period", "period"), ("period", "value")}
Column = tuple[str, str, str]  # (level, field, heading)


def columns(doc: IndicatorSeries) -> list[Column]:
    """The columns the document fills (and the four every such table has)."""
    goals = list(doc.goals)
    indicators = [i for g in goals for i in g.indicators]
    rows = [r for i in indicators for r in i.values]
    out = []
    for level, fields, records in (
        ("goal", GOAL, goals),
        ("indicator", INDICATOR, indicators),
        ("period", PERIOD, rows),
    ):
        for name, heading in fields:
            used = any(getattr(record, name) for record in records)
            if used or (level, name) in ALWAYS:
                out.append((level, name, heading))
    return out


def series_sheet(doc: IndicatorSeries, language: str) -> Sheet:
    _ = i18n.Language(language).gettext
    shown = columns(doc)
    lay = Lay(_("指标"), len(shown))
    lay.full(doc.title, "title")
    lay.cells([_(heading) for _level, _name, heading in shown], "header")
    for goal in doc.goals:
        goal_rows = sum(max(1, len(i.values)) for i in goal.indicators) or 1
        start = lay.row
        for indicator in goal.indicators or (None,):
            rows = max(1, len(indicator.values)) if indicator else 1
            for n in range(rows):
                for col, (level, name, _) in enumerate(shown):
                    if level == "goal" and lay.row == start:
                        lay.put(col, _text(getattr(goal, name)), "label", rows=goal_rows)
                    elif level == "indicator" and indicator and n == 0:
                        lay.put(col, _text(getattr(indicator, name)), "label", rows=rows)
                    elif level == "period" and indicator and indicator.values:
                        lay.put(col, _text(getattr(indicator.values[n], name)), "value")
                lay.row += 1
    wide = {"statement", "description", "notes", "note", "objective", "name"}
    lay.sheet.widths = {i: (28 if name in wide else 12) for i, (_, name, _) in enumerate(shown)}
    lay.sheet.landscape = True
    return lay.sheet


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _headings() -> dict[str, tuple[str, str]]:
    """Every language's heading → (level, field)."""
    found: dict[str, tuple[str, str]] = {}
    for language in i18n.LANGUAGES:
        _ = i18n.Language(language).gettext
        for level, fields in (("goal", GOAL), ("indicator", INDICATOR), ("period", PERIOD)):
            for name, heading in fields:
                found.setdefault(_(heading), (level, name))
    return found


def read_series(reader: Reader) -> dict[str, Any]:
    headings = _headings()
    header = reader.header_row(headings.__contains__)
    if header is None:
        return {}
    doc: dict[str, Any] = {}
    if (title := reader.title_above(header)) is not None:
        doc["title"] = title
    keys = {
        c: headings[reader.grid.text(header, c)]
        for c in reader.anchors(header)
        if reader.grid.text(header, c) in headings
    }
    for c in keys:
        reader.take(header, c)
    goals: list[dict[str, Any]] = []
    indicator: dict[str, Any] | None = None
    for row in reader.rows[reader.rows.index(header) + 1 :]:
        cells = {key: reader.take(row, c) for c, key in keys.items() if reader.grid.text(row, c)}
        goal_name = cells.get(("goal", "name"))
        if goal_name is not None and (not goals or goal_name != goals[-1]["name"]):
            goals.append({"name": goal_name, "indicators": []})
            indicator = None
        if not goals:
            continue  # cells before any goal are reported as unplaced
        name = cells.get(("indicator", "name"))
        if name is not None and (indicator is None or name != indicator["name"]):
            indicator = {"name": name}
            goals[-1]["indicators"].append(indicator)
        for (level, field), cell in cells.items():
            if level == "goal" and field != "name":
                goals[-1].setdefault(field, cell)
            elif level == "indicator" and field != "name" and indicator is not None:
                indicator.setdefault(field, cell)
        period = {field: cell for (level, field), cell in cells.items() if level == "period"}
        if period and indicator is not None:
            indicator.setdefault("values", []).append(period)
    for goal in goals:
        for entry in goal["indicators"]:  # the model's order of fields
            order = [name for name, _ in INDICATOR[:1]] + ["name"] + [n for n, _ in INDICATOR[2:]]
            entry.update({k: entry.pop(k) for k in [*order, "values"] if k in entry})
    doc["goals"] = goals
    return doc


def lay_out(doc: DocumentBase, language: str) -> list[Sheet]:
    """The document's sheets in the official layout (the cover sheet is added after them)."""
    assert isinstance(doc, IndicatorSeries)
    return [series_sheet(doc, language)]


def read_body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    """The document's fields read from its sheets (the cover sheet 说明 aside); each sheet's
    reader joins `readers`, so that what no reader took is reported."""
    body: dict[str, Any] = {}
    read_tables(grids, readers, body, read_series, "goals")
    return body
