"""The 绩效评价评分表 as a spreadsheet, both ways. Written: the card's title, its facts, the
heading row, one row per indicator with the 一级/二级 labels and their points merged down their
rows, the 合计 row, the grade, notes and signature lines. Read: bureaus' own cards, by their
headings (一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 指标解释 | 评价标准 | 得分, in
any order and wording the common templates use), labels merged, repeated or left blank below
their first row, points written 19分, several cards down one sheet or one per sheet."""

from __future__ import annotations

import re
from typing import Any

from site_gen.kinds.scorecard import tables
from site_gen.kinds.scorecard.model import EvaluationScorecards, Scorecard
from site_gen.model import DocumentBase
from site_gen.sheets.forms import fact_pairs
from site_gen.sheets.grid import Grid
from site_gen.sheets.layout import Lay, Sheet
from site_gen.sheets.read import _NAME_WORDS, At, Reader, _bare, form_readers
from site_gen.tables import export_tables

# ---------------------------------------------------------------- writing


def card_sheet(card: Scorecard, name: str) -> Sheet:
    columns = tables.card_columns(card)
    keys = [key for key, _ in columns]
    lay = Lay(name, len(columns))
    lay.full(card.title or "绩效评价评分表", "title")
    if card.name:
        lay.fact(card.name_title or "评价对象", card.name)
    for fact in card.facts:
        lay.fact(fact.label, fact.value)
    if card.incomplete:
        lay.fact(INCOMPLETE, card.incomplete)
    lay.cells([heading for _, heading in columns], "header")
    figures = tuple(i for i, k in enumerate(keys) if k.startswith("points") or k == "score")
    for row in tables.score_rows(card):
        for col, key in enumerate(keys):
            if key in ("level1", "points1"):
                if row.level1_span:
                    lay.put(col, tables.cell(row, key), "label", rows=row.level1_span)
            elif key in ("level2", "points2"):
                if row.level2_span:
                    lay.put(col, tables.cell(row, key), "label", rows=row.level2_span)
            else:
                lay.put(col, tables.cell(row, key), "value")
        lay.sheet.figures.update((lay.row, col) for col in figures)
        lay.row += 1
    if card.total_points is not None or card.total_score is not None:
        total = ["合计"] + [""] * (len(keys) - 1)
        points = next(i for i, k in enumerate(keys) if k.startswith("points") or k == "name")
        if card.total_points is not None:
            total[points] = export_tables.text(card.total_points)
        if card.total_score is not None and "score" in keys:
            total[keys.index("score")] = export_tables.text(card.total_score)
        lay.cells(total, "value", figures)
    if card.grade:
        lay.fact("评价等级", card.grade)
    if card.notes:
        lay.full(card.notes.strip(), "value")
    if card.signatures:  # one line under the card, as printed: 评价人：…　日期：…
        step = max(1, len(keys) // len(card.signatures))
        for i, fact in enumerate(card.signatures):
            col = min(i * step, len(keys) - 1)
            last = i == len(card.signatures) - 1 or col == len(keys) - 1
            wide = len(keys) - col if last else step
            lay.put(col, f"{fact.label}：{fact.value}", "value", cols=wide)
        lay.row += 1
    lay.sheet.widths = {
        i: 24 if k in ("explanation", "standard", "remark") else 14 if k.startswith("level") else 8
        for i, k in enumerate(keys)
    }
    lay.sheet.landscape = len(keys) > 6
    return lay.sheet


def lay_out(doc: DocumentBase, language: str) -> list[Sheet]:
    """The document's sheets in the official layout (the cover sheet is added after them)."""
    assert isinstance(doc, EvaluationScorecards)
    return [card_sheet(card, f"评分表{i}") for i, card in enumerate(doc.cards, start=1)]


# ---------------------------------------------------------------- reading
_HEADING_WORDS = (  # heading words → column, first match wins; 分值 goes with the level before
    ("一级", "level1"),
    ("二级", "level2"),
    ("三级", "name"),
    ("指标名称", "name"),
    ("分值", "points"),
    ("权重", "points"),
    ("标准分", "points"),
    ("满分", "points"),
    ("评价标准", "standard"),
    ("评分标准", "standard"),
    ("评分细则", "standard"),
    ("评分方法", "standard"),
    ("评分规则", "standard"),
    ("考核标准", "standard"),
    ("指标解释", "explanation"),
    ("指标说明", "explanation"),
    ("具体指标", "explanation"),
    ("指标内涵", "explanation"),
    ("计算公式", "explanation"),
    ("得分", "score"),
    ("备注", "remark"),
    ("扣分", "remark"),
    ("评分依据", "remark"),
    ("说明", "explanation"),
)
_NAME_LABELS = ("评价对象", "被评价单位", *_NAME_WORDS)  # and the forms' 项目名称, 部门名称…
_TOTAL = ("合计", "总分", "总计", "得分合计")
_GRADE = ("评价等级", "等级", "评价结果", "绩效等级")
_POINTS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分?\s*$")
INCOMPLETE = "原件不完整"  # a card cut in the source says so above its table
_ANNEX = re.compile(r"^附件\s*(\d+)$")


def heading_key(text: str) -> str | None:
    bare = _bare(text)
    return next((key for word, key in _HEADING_WORDS if word in bare), None)


def heading_cells(reader: Reader, row: int) -> list[tuple[int, int]]:
    """The heading cells over a card's columns, left to right: the row's own, and those of a
    two-row heading merged down into it from the row above (分值 | 评价标准 | 得分 beside
    评价指标 over 一级 | 二级 | 三级)."""
    cells = [(row, c) for c in reader.anchors(row)]
    at = reader.rows.index(row)
    if at > 0:
        above = reader.rows[at - 1]
        cells += [
            (above, c) for c in reader.anchors(above) if above + reader.span_rows(above, c) > row
        ]
    return sorted(cells, key=lambda cell: cell[1])


def _parents(reader: Reader, row: int) -> list[tuple[int, int]]:
    """A two-row heading's cells over several columns of the row below (评价指标)."""
    at = reader.rows.index(row)
    if at == 0:
        return []
    above = reader.rows[at - 1]
    return [
        (above, c)
        for c in reader.anchors(above)
        if reader.span_rows(above, c) == 1
        and reader.span_cols(above, c) > 1
        and any(c <= b < c + reader.span_cols(above, c) for b in reader.anchors(row))
    ]


def is_card_header(reader: Reader, row: int) -> bool:
    keys = [heading_key(reader.grid.text(r, c)) for r, c in heading_cells(reader, row)]
    levels = "level1" in keys and ("name" in keys or "level2" in keys)
    return levels and ("points" in keys or "score" in keys)


def _number(cell: At) -> At:
    """A figure as written, without the 分 some cards add (19分 → 19)."""
    match = _POINTS.match(cell)
    return At(match.group(1), cell.ref) if match else cell


def _columns(reader: Reader, header: int) -> tuple[dict[int, str], dict[str, str]]:
    """Column → key (points1/points2/points after the level they follow) and the headings
    that differ from the common ones. A heading that names nothing is left for the report."""
    columns: dict[int, str] = {}
    titles: dict[str, str] = {}
    level = ""
    for r, c in heading_cells(reader, header):
        key = heading_key(reader.grid.text(r, c))
        if key is None:
            continue
        if key == "points":
            key = {"level1": "points1", "level2": "points2"}.get(level, "points")
            title_key = "points"
        else:
            title_key = key
        if key in columns.values():
            continue  # a second column of the same name: reported, not read over the first
        heading = reader.take(r, c)
        columns[c] = key
        if key in ("level1", "level2", "name"):
            level = key
        if _bare(heading) != tables.HEADINGS[title_key] and title_key not in titles:
            titles[title_key] = heading
    return columns, titles


def read_card(reader: Reader) -> tuple[dict[str, Any], dict[str, Any]]:
    """One card; returns it and the document fields its sheet shows (附件N)."""
    card: dict[str, Any] = {}
    doc: dict[str, Any] = {}
    facts: list[dict[str, Any]] = []
    signatures: list[dict[str, Any]] = []
    rows = reader.rows
    header = next((r for r in rows if is_card_header(reader, r)), None)
    if header is None:
        if rows:
            reader.fail(rows[0], 0, "找不到评分表的表头（一级指标、分值、二级指标…）")
        return card, doc
    if any(r != header for r, _ in heading_cells(reader, header)):  # a two-row heading
        before = rows[: rows.index(header) - 1]  # its first row is not a fact
        for r, c in _parents(reader, header):
            reader.take(r, c)  # 评价指标 over the levels: a heading of headings, not data
    else:
        before = rows[: rows.index(header)]
    for row in before:
        cols = reader.anchors(row)
        first = _bare(reader.grid.text(row, cols[0]))
        if len(cols) == 1 and (annex := _ANNEX.match(first)):
            doc["annex"] = At(annex.group(1), reader.take(row, cols[0]).ref)
        elif len(cols) == 1 and "表" in first and "title" not in card:
            card["title"] = reader.take(row, cols[0])
        else:
            for label, value in fact_pairs(reader, row) or []:
                if label == INCOMPLETE:
                    card["incomplete"] = value
                elif _bare(label) in _NAME_LABELS and "name" not in card:
                    card["name"] = value
                    if _bare(label) != "评价对象":
                        card["name_title"] = label
                else:
                    facts.append({"label": label, "value": value})
    columns, titles = _columns(reader, header)
    order = [k for _, k in sorted(columns.items()) if k in tables.AFTER]  # as the sheet has them
    if order != [k for k in tables.AFTER if k in order]:
        card["columns"] = order
    if titles:
        card["titles"] = titles
    groups: list[dict[str, Any]] = []
    index = rows.index(header) + 1
    while index < len(rows):
        row = rows[index]
        cols = reader.anchors(row)
        first = _bare(reader.grid.text(row, cols[0]))
        if first.startswith(_TOTAL):
            _total(reader, row, columns, card)
        elif any(first.startswith(w) for w in _GRADE) and len(cols) >= 2:
            reader.take(row, cols[0])
            card["grade"] = reader.take(row, cols[1])
        elif groups and all(_signed(reader.grid.text(row, c)) for c in cols):
            for c in cols:
                cell = reader.take(row, c)
                said, _, signed = cell.partition("：" if "：" in cell else ":")
                signatures.append(
                    {"label": At(said.strip(), cell.ref), "value": At(signed.strip(), cell.ref)}
                )
        elif len(cols) == 1 and reader.span_cols(row, cols[0]) > 1 and groups:
            notes = reader.take(row, cols[0])
            card["notes"] = (
                At(f"{card['notes']}\n\n{notes}", card["notes"].ref) if ("notes" in card) else notes
            )
        else:
            _indicator_row(reader, row, columns, groups)
        index += 1
    if facts:
        card["facts"] = facts
    card["groups"] = groups
    if signatures:
        card["signatures"] = signatures
    return card, doc


_SIGNED = re.compile(r"^([^：:]{1,12})[：:]")


def _signed(text: str) -> bool:
    """A signature line's cell under the card (评价人：张明, 日期：…), not a note (注：…)."""
    match = _SIGNED.match(text.strip())
    return match is not None and not match.group(1).startswith(("注", "说明", "填表说明"))


def _total(reader: Reader, row: int, columns: dict[int, str], card: dict[str, Any]) -> None:
    reader.take(row, reader.anchors(row)[0])
    for c in reader.anchors(row)[1:]:
        key = columns.get(c, "")
        if key.startswith("points") and "total_points" not in card:
            card["total_points"] = _number(reader.take(row, c))
        elif (
            key.startswith("points")
            and _number(At(reader.grid.text(row, c), "")) == card["total_points"]
        ):
            reader.take(row, c)  # the same total under each level's 分值
        elif key == "score":
            card["total_score"] = _number(reader.take(row, c))


def _indicator_row(
    reader: Reader, row: int, columns: dict[int, str], groups: list[dict[str, Any]]
) -> None:
    """One indicator's row: a level label opens a new group where it is written and differs
    from the one above (a label repeated down its rows continues it)."""
    by_key = {key: c for c, key in columns.items()}
    anchors = set(reader.anchors(row))

    def written(key: str) -> At | None:
        c = by_key.get(key)
        if c is None or c not in anchors or not reader.grid.text(row, c).strip():
            return None
        return reader.take(row, c)

    level1, points1 = written("level1"), written("points1")
    if level1 is not None and (not groups or _bare(level1) != _bare(groups[-1]["level1"])):
        groups.append({"level1": level1, "groups": []})
        if points1 is not None:
            groups[-1]["points"] = _number(points1)
    if not groups:
        groups.append(
            {"level1": At("", reader.grid.ref(row, by_key.get("level1", 0))), "groups": []}
        )
    subgroups = groups[-1]["groups"]
    level2, points2 = written("level2"), written("points2")
    if level2 is not None and (not subgroups or _bare(level2) != _bare(subgroups[-1]["level2"])):
        subgroups.append({"level2": level2, "items": []})
        if points2 is not None:
            subgroups[-1]["points"] = _number(points2)
    if not subgroups:
        subgroups.append(
            {"level2": At("", reader.grid.ref(row, by_key.get("level2", 0))), "items": []}
        )
    item: dict[str, Any] = {}
    for key in ("name", "points", "explanation", "standard", "score", "remark"):
        cell = written(key)
        if cell is not None:
            item[key] = _number(cell) if key in ("points", "score") else cell
    if item:
        subgroups[-1]["items"].append({"name": item.pop("name", "")} | item)


def read_body(
    kind: str, grids: list[Grid], data: dict[str, Any], readers: list[Reader]
) -> dict[str, Any]:
    """The document's fields read from its sheets (the cover sheet 说明 aside); each sheet's
    reader joins `readers`, so that what no reader took is reported."""
    body: dict[str, Any] = {}
    cards = []
    for reader in form_readers(grids, readers):
        card, fields = read_card(reader)
        if card.get("groups"):
            cards.append(card)
        for key, value in fields.items():
            body.setdefault(key, value)
        if "title" in card:
            body.setdefault("title", card["title"])
    body["cards"] = cards
    return body
