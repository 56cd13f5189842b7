"""Single lines of a form sheet that are not label–value pairs: check-box groups (□ ■ ☐ ☑ √ ✓ ✔,
the box before or after its option), unit lines (单位：万元, 金额单位:元), seal and signature lines
(填报单位（盖章）：…, 填表人：…, 联系电话：…).
"""

from __future__ import annotations

import re
from typing import Any

from site_gen.sheet_read import _SIGNATURE, At, Reader

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
    cell = reader.take(row, col)
    match = _SIGNATURE.match(cell)
    assert match  # checked by the caller
    entry: dict[str, Any] = {"label": At(match.group(1), cell.ref)}
    if match.group(2).strip():
        entry["value"] = At(match.group(2).strip(), cell.ref)
    return entry
