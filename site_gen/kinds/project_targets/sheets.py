"""A 项目支出绩效目标表 (申报表) sheet → one project of a project-targets document: the project's
facts by their labels (项目名称, 项目编码, 项目总金额…), its goal, the indicator table and the
绩效自评 block when the form carries one.
"""

from __future__ import annotations

import re
from typing import Any

from site_gen.kinds.project_targets.model import (
    BudgetExecution,
    Project,
    ProjectTargets,
    SelfEvaluation,
)
from site_gen.model import DocumentBase
from site_gen.sheets.forms import _SECOND, fact_pairs, values_below
from site_gen.sheets.grid import Grid
from site_gen.sheets.indicators import is_indicator_header, read_indicators
from site_gen.sheets.layout import PROJECT_FACTS, Sheet, project_sheet, zh
from site_gen.sheets.read import At, Reader, _bare, form_readers

_PERIOD = re.compile(r"[（(][^）)]*年[^）)]*[）)]")


def read_project(reader: Reader) -> tuple[dict[str, Any], dict[str, Any]]:
    """One project form; returns the project and the document fields its sheet shows
    (the form's name in the title row, the goal's heading)."""
    labels = {zh(Project, k): k for k in ("name", *PROJECT_FACTS)}
    budget_labels = {zh(BudgetExecution, k): k for k in BudgetExecution.__dataclass_fields__}
    evaluation_labels = {zh(SelfEvaluation, k): k for k in ("score", "grade", "summary")}
    implementers = zh(Project, "implementers")
    project: dict[str, Any] = {}
    doc: dict[str, Any] = {}
    evaluation: dict[str, Any] | None = None
    facts: list[dict[str, Any]] = []
    index = 0
    rows = reader.rows
    while index < len(rows):
        row = rows[index]
        cols = reader.anchors(row)
        first = reader.grid.text(row, cols[0])
        if row in reader.grid.heads and _bare(first) == "绩效指标":
            reader.take(row, cols[0])  # the indicator table's section label
        elif row in reader.grid.heads:  # 项目资金（万元）… over the rows beside it
            facts.append({"label": reader.take(row, cols[0])})
        elif index == 0 and len(cols) == 1:
            doc["form_title"] = reader.take(row, cols[0])
        elif index == 1 and len(cols) == 1 and _PERIOD.fullmatch(first):
            doc["period"] = At(first[1:-1], reader.take(row, cols[0]).ref)  # （2024年度）
        elif is_indicator_header(reader, row):
            form: dict[str, Any] = {}
            before = set(reader.taken)
            index = read_indicators(reader, row, form)
            if "indicators" in project:  # 长期 and 年度 tables: one has no place in the model
                reader.give_back(before, row, _SECOND % "绩效指标表")
            else:
                project["indicators"] = form["indicators"]
            continue
        elif _bare(first) == "绩效指标" and len(cols) == 1:
            reader.take(row, cols[0])
        elif _bare(first) == "绩效自评" and len(cols) == 1:
            reader.take(row, cols[0])
            evaluation = project["evaluation"] = {}
        else:
            pairs = fact_pairs(reader, row) or []
            label, value = pairs[0] if len(pairs) == 1 else (At("", ""), At("", ""))
            height = reader.span_rows(row, 0)
            if label == implementers:
                project["implementers"] = values_below(reader, row, height, value)
                index = reader.rows.index(max(r for r in rows if r < row + height)) + 1
                continue
            for label, value in pairs:
                if evaluation is not None and label in budget_labels:
                    evaluation.setdefault("budget", {})[budget_labels[label]] = value
                elif evaluation is not None and label in evaluation_labels:
                    evaluation[evaluation_labels[label]] = value
                elif label in labels and labels[label] not in project:
                    project[labels[label]] = value
                elif "目标" in label and "指标" not in label and "goal" not in project:
                    project["goal"] = value
                    if label != "年度绩效目标":
                        doc["goal_title"] = label
                else:
                    facts.append({"label": label, "value": value} if value else {"label": label})
        index += 1
    if facts:
        project["facts"] = facts
    return project, doc


def lay_out(doc: DocumentBase, language: str) -> list[Sheet]:
    """The document's sheets in the official layout (the cover sheet is added after them)."""
    assert isinstance(doc, ProjectTargets)
    return [project_sheet(doc, p, f"项目{i}") for i, p in enumerate(doc.projects, start=1)]


def read_body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    """The document's fields read from its sheets (the cover sheet 说明 aside); each sheet's
    reader joins `readers`, so that what no reader took is reported."""
    body: dict[str, Any] = {}
    projects = []
    for reader in form_readers(grids, readers):
        project, fields = read_project(reader)
        projects.append(project)
        if "form_title" in fields:
            body.setdefault("title", fields["form_title"])
        for key, value in fields.items():
            body.setdefault(key, value)
    body["projects"] = projects
    if body.get("form_title") == "项目支出绩效目标申报表":
        del body["form_title"]
    return body
