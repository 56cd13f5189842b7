"""Single lines of a form sheet that are not label–value pairs: check-box groups (□ ■ ☐ ☑ √ ✓ ✔,
the box before or after its option), unit lines (单位：万元, 金额单位:元), seal and signature lines
(填报单位（盖章）：…, 填表人：…, 联系电话：…).
"""

from __future__ import annotations

import re
from typing import Any

from site_gen.sheets.read import _SIGNATURE, At, Reader

_BOX = re.compile(r"[☑■☐□✓√✔☒]")
_TICKED = "☑■✓√✔☒"
_UNIT_LINE = re.compile(r"^(?:金额)?单位[：:]\s*(\S.*)$")
_SEAL_LABELS = ("填报单位（盖章）", "填报单位(盖章)")


def parse_checks(text: str) -> list[tuple[str, bool]] | None:
    """The options of a check-box group as printed: ☑常年性项目 □一次性项目 (box before its
    option) or 1、部门预算项目 □ 2、省直专项 ■ (box after); None when the text is anything else.
    A lone tick after a word (达成√) is not a group: a group has a box glyph or two options."""
    text = text.strip()
    if not text or not _BOX.search(text):
        return None
    parts, boxes = _BOX.split(text), _BOX.findall(text)
    if _BOX.match(text):
        texts = parts[1:]
    elif _BOX.fullmatch(text[-1]):
        texts = parts[:-1]
    else:
        return None
    options = [(t.strip(), box in _TICKED) for box, t in zip(boxes, texts, strict=True)]
    if any(not t for t, _ in options):
        return None
    if len(options) < 2 and not re.search(r"[☑■☐□☒]", text):
        return None
    return options


def check_group(label: At | None, values: list[At]) -> dict[str, Any]:
    options = [
        {"text": At(t, v.ref)} | ({"checked": True} if on else {})
        for v in values
        for t, on in parse_checks(v) or []
    ]
    return ({"label": label} if label else {}) | {"options": options}


def unit_or_seal_row(reader: Reader, row: int) -> bool:
    """A row of 单位：万元, 填报单位（盖章）：… and signature lines, with a unit or a seal among them."""
    texts = [reader.grid.text(row, c).strip() for c in reader.anchors(row)]
    return any(_UNIT_LINE.match(t) or "盖章" in t for t in texts) and all(
        _UNIT_LINE.match(t) or _SIGNATURE.match(t) for t in texts
    )


def units_and_seals(reader: Reader, row: int, form: dict[str, Any]) -> None:
    for c in reader.anchors(row):
        text = reader.grid.text(row, c).strip()
        unit = _UNIT_LINE.match(text)
        if unit and "money_unit" not in form:
            form["money_unit"] = At(unit.group(1).strip(), reader.take(row, c).ref)
            continue
        entry = signature(reader, row, c)
        if entry["label"] in _SEAL_LABELS and entry.get("value") and "seal" not in form:
            form["seal"] = entry["value"]
        else:  # 项目单位（盖章）：, 填报人：… — printed under the form as the sheet has them
            form.setdefault("signatures", []).append(entry)


def signature(reader: Reader, row: int, col: int) -> dict[str, Any]:
    """The first (or only) `label：value` of a cell; see signatures for a cell with several."""
    return signatures(reader, row, col)[0]


_GAP = re.compile(r"[ \u3000]{2,}|\t+")  # what separates two lines written in one cell


def signatures(reader: Reader, row: int, col: int) -> list[dict[str, Any]]:
    """A cell's `label：value` lines: 填报单位（盖章）：某局　　填报日期：2024年1月10日 written in one
    cell (spaces between) is two lines."""
    cell = reader.take(row, col)
    parts = [p for p in _GAP.split(cell.strip()) if p]
    if len(parts) < 2 or not all(_SIGNATURE.match(p) for p in parts):
        parts = [cell.strip()]
    entries = []
    for part in parts:
        match = _SIGNATURE.match(part)
        assert match  # checked by the caller
        entry: dict[str, Any] = {"label": At(match.group(1).strip(), cell.ref)}
        if match.group(2).strip():
            entry["value"] = At(match.group(2).strip(), cell.ref)
        entries.append(entry)
    return entries


# ---------------------------------------------------------------- the lines above a form
_PERIOD = re.compile(r"[（(][^）)]*年[^）)]*[）)]")
_FORM_CODE = re.compile(r"^报表编号[：:]\s*")
_ANNEX = re.compile(r"^附件\s*(\d{1,3})\s*[:：]?$")
_HEAD_SIGN = ("盖章", "填报", "填表", "单位", "日期", "电话", "联系人", "负责人")


def _head_kind(text: str) -> str | None:
    text = text.strip()
    if _PERIOD.fullmatch(text):
        return "period"
    if _UNIT_LINE.match(text):
        return "unit"
    if _FORM_CODE.match(text):
        return "code"
    if _ANNEX.match(text):
        return "annex"
    match = _SIGNATURE.match(text)
    if match and any(w in match.group(1) for w in _HEAD_SIGN):
        return "sign"
    return None


def head_line(reader: Reader, row: int, form: dict[str, Any]) -> bool:
    """A line above a form's fields made only of 附件2, （2024年度）, 单位：万元, 报表编号：…,
    填报单位（盖章）：… and the like, in one cell or several: each put where it belongs."""
    cols = reader.anchors(row)
    kinds = [_head_kind(reader.grid.text(row, c)) for c in cols]
    if not cols or None in kinds:
        return False
    for c, kind in zip(cols, kinds, strict=True):
        text = reader.grid.text(row, c).strip()
        if kind == "sign":
            for entry in signatures(reader, row, c):
                if entry["label"] in _SEAL_LABELS and entry.get("value") and "seal" not in form:
                    form["seal"] = entry["value"]
                else:
                    form.setdefault("signatures", []).append(entry)
            continue
        cell = reader.take(row, c)
        if kind == "period":
            form["_period"] = At(text[1:-1], cell.ref)
        elif kind == "unit":
            form["money_unit"] = At(_UNIT_LINE.match(text).group(1).strip(), cell.ref)  # type: ignore[union-attr]
        elif kind == "code":
            form["form_code"] = At(_FORM_CODE.sub("", text), cell.ref)
        else:
            form["_annex"] = At(_ANNEX.match(text).group(1), cell.ref)  # type: ignore[union-attr]
    return True
