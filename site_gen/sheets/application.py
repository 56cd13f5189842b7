"""Reading a 申报表's own parts from a sheet (issue 34): the 项目实施进度计划 table, the 长期绩效指标
table's section, and 资金总额及构成 written as label–amount rows or in one cell
(总额10606.7522万元 财政拨款：6923.3552万元（其中：上级财政资金：6923.3552万元；本级财政：0万元）…).

What cannot be read as one of these stays where it was (a fact, or a cell reported as unplaced):
nothing is dropped and nothing is guessed.
"""

from __future__ import annotations

import re
from typing import Any

from site_gen.model.application_parts import SCHEDULE_TITLES
from site_gen.sheets.indicators import read_indicators
from site_gen.sheets.read import At, Reader, _bare

_SCHEDULE_KEYS: tuple[tuple[str, str], ...] = (("内容", "content"), ("开始", "start"))
_SCHEDULE_KEYS += (("完成", "end"), ("结束", "end"), ("备注", "remark"))
LONG_SECTION = re.compile(r"^(长期|总目标|总体目标).*指标|^(长期|总目标).*目标$")
_FUNDING_TITLE = re.compile(r"资金总额及构成|项目资金申请|资金情况|项目预算|资金来源及构成")
_TOTAL = re.compile(r"总额|合计|总计")
_AMOUNT = re.compile(r"^\s*([-\d][\d,]*(?:\.\d+)?)\s*(?:万元|元|万)?\s*$")
# label：amount pairs inside one cell; （其中：…） holds the parts of the item before it.
_PAIR = re.compile(
    r"(?P<open>[(（]\s*其中\s*[：:]?)?\s*(?:[一二三四五六七八九十]+\s*[、.．])?\s*"
    r"(?P<label>[^\d：:（）()，,；;、\s][^\d：:（）()，,；;]*?)\s*[：:]?\s*"
    r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?:万元|元|万)?\s*(?P<close>[)）])?"
)


def is_schedule_header(reader: Reader, row: int) -> bool:
    words = [_bare(reader.grid.text(row, c)) for c in reader.anchors(row)]
    return any("开始" in w for w in words) and any("完成" in w or "结束" in w for w in words)


def schedule_key(heading: str) -> str | None:
    bare = _bare(heading)
    return next((key for word, key in _SCHEDULE_KEYS if word in bare), None)


def read_schedule(reader: Reader, at: int, form: dict[str, Any]) -> int:
    """The schedule whose heading row is `at`; returns the index of the next row. Its rows go
    on while each fills only the heading's columns. A column under another heading (序号) is
    not read: its cells are reported as unplaced, never guessed into the schedule."""
    heads = reader.anchors(at)
    keys = {c: key for c in heads if (key := schedule_key(reader.grid.text(at, c)))}
    schedule: dict[str, Any] = {"rows": []}
    for c, key in keys.items():
        heading = reader.take(at, c)
        if _bare(heading) != SCHEDULE_TITLES.get(key):
            schedule.setdefault("titles", {})[key] = heading
    index = reader.rows.index(at) + 1
    while index < len(reader.rows):
        row = reader.rows[index]
        cols = reader.anchors(row)
        if not cols or not reader.same_section(row, at):
            break  # the schedule ends where its section (a label down the left) ends
        if any(c not in heads or reader.span_cols(row, c) != reader.span_cols(at, c) for c in cols):
            break  # a cell across the columns: the form goes on below the table
        entry = {keys[c]: reader.take(row, c) for c in cols if c in keys}
        if "content" not in entry:
            break
        schedule["rows"].append(entry)
        index += 1
    form["schedule"] = schedule
    return index


def above(reader: Reader, index: int, header: Any) -> bool:
    """Whether the row after `index` is a table's heading row of the given kind."""
    return index + 1 < len(reader.rows) and header(reader, reader.rows[index + 1])


def read_long_indicators(reader: Reader, row: int, form: dict[str, Any]) -> int:
    """The 长期绩效指标 table under its section label; its title kept where it differs."""
    long: dict[str, Any] = {}
    index = read_indicators(reader, row, long)
    title = form.pop("_long")
    form["long_indicators"] = long.get("indicators", [])
    if _bare(title) != "长期绩效指标":
        form["long_indicator_title"] = title
    return index


def long_section(label: str) -> bool:
    """长期绩效指标, 总目标绩效指标: the 申报表's second indicator table."""
    return bool(LONG_SECTION.match(_bare(label)))


def funding_from_facts(facts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """资金总额及构成 out of the form's facts (the list is changed in place), or None."""
    for i, fact in enumerate(facts):
        label = fact["label"]
        ref = getattr(label, "ref", "")
        if not _FUNDING_TITLE.search(_bare(str(label))):
            continue
        value = fact.get("value")
        funding = _from_text(value) if value else _from_rows(facts, i + 1)
        if funding is None:
            continue
        taken = funding.pop("_rows", 0)
        del facts[i : i + 1 + taken]
        title = _bare(str(label))
        unit = re.search(r"[(（]\s*((?:万)?元)\s*[)）]", title)
        if unit:
            funding["unit"] = At(unit.group(1), ref)
            title = title[: unit.start()] + title[unit.end() :]
        if title != "资金总额及构成":
            funding["title"] = At(title, ref)
        return funding
    return None


def _from_rows(facts: list[dict[str, Any]], start: int) -> dict[str, Any] | None:
    """Label–amount rows under the section: the total first, then sources; a row labelled
    其中：… (or indented) is a part of the source above it."""
    rows = []
    for fact in facts[start:]:
        value = fact.get("value")
        if value is None or not _AMOUNT.match(str(value)):
            break
        rows.append(fact)
    if len(rows) < 2 or not _TOTAL.search(str(rows[0]["label"])):
        return None
    funding: dict[str, Any] = {"_rows": len(rows), "items": []}
    _total(funding, rows[0]["label"], rows[0]["value"])
    for fact in rows[1:]:
        label, amount = fact["label"], _amount(fact["value"])
        text = str(label)
        if (text.startswith(("其中", "　", " ")) or text != text.lstrip()) and funding["items"]:
            part = At(re.sub(r"^[\s　]*(其中\s*[：:])?\s*", "", text), getattr(label, "ref", ""))
            funding["items"][-1].setdefault("parts", []).append({"label": part, "amount": amount})
        else:
            funding["items"].append({"label": label, "amount": amount})
    return funding


def _from_text(value: At) -> dict[str, Any] | None:
    """The one-cell form: 总额10606.7522万元财政拨款:6923.3552万元(其中:上级财政资金:…)…"""
    pairs = list(_PAIR.finditer(str(value)))
    if len(pairs) < 2 or not _TOTAL.search(pairs[0].group("label")):
        return None
    funding: dict[str, Any] = {"items": []}
    _total(funding, At(pairs[0].group("label"), value.ref), pairs[0].group("amount"))
    inside = False
    for match in pairs[1:]:
        entry = {
            "label": At(match.group("label").strip(), value.ref),
            "amount": At(match.group("amount"), value.ref),
        }
        inside = inside or bool(match.group("open"))
        if inside and funding["items"]:
            funding["items"][-1].setdefault("parts", []).append(entry)
        else:
            funding["items"].append(entry)
        if match.group("close"):
            inside = False
    return funding


def _total(funding: dict[str, Any], label: Any, amount: Any) -> None:
    if _bare(str(label)).rstrip("：:") != "资金总额":
        funding["total_label"] = At(str(label).rstrip("：: "), getattr(label, "ref", ""))
    funding["total"] = _amount(amount)


def _amount(value: Any) -> At:
    match = _AMOUNT.match(str(value))
    text = match.group(1) if match else str(value)
    return At(text, getattr(value, "ref", ""))
