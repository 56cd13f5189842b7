"""Render stage (PDF), layout pass: the corrections of a layout and how they change the annex.

A `Plan` is a set of corrections keyed by each element's place in a fresh parse (`KEY`), so it
can be applied to every new parse of the same annex: page breaks before elements (moves), rows
and row-spanned groups cut where a page ended (cuts, with （续） labels), short labels kept on
one line, and the column widths a cut table was first laid out with. See pdf.print_layout.py.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from site_gen.tables.views import SHORT_LABEL

KEY = "data-pl"  # every element's place in the fresh parse, so a plan outlives the parse


def tag_of(element: Element) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def text_of(element: Element) -> str:
    return "".join(element.itertext()).strip()


def visible_count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def span_of(cell: Element, name: str = "rowspan") -> int:
    value = cell.get(name, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def cells_of(row: Element) -> list[Element]:
    return [c for c in row if tag_of(c) in ("td", "th")]


def key_of(element: Element) -> str:
    return element.get(KEY, "")


# ---------------------------------------------------------------- the plan
@dataclass
class Cut:
    row: str  # key of the row that starts the new page
    region: str  # key of the region's first element, so a move before it can drop the cut
    page: int  # where it was measured, within that region
    chars: dict[str, int] | None = None  # a split row: cell key → characters on the first page

    def same_as(self, other: Cut) -> bool:
        """A row may be cut twice, before it and inside it, but not twice the same way."""
        return self.row == other.row and (self.chars is None) == (other.chars is None)


@dataclass
class Plan:
    moves: set[str] = field(default_factory=set)
    cuts: list[Cut] = field(default_factory=list)
    wrap: set[str] = field(default_factory=set)  # tables whose short labels may wrap after all
    # column widths (CSS px) of tables that were cut, as first measured: a cut must not change
    # the automatic column widths, or the text it cut at would no longer fit
    widths: dict[str, list[float]] = field(default_factory=dict)

    def apply(self, root: Element) -> None:
        index: dict[str, Element] = {}
        for number, element in enumerate(root.iter()):
            element.set(KEY, str(number))
            index[str(number)] = element
        parents = {id(child): parent for parent in root.iter() for child in parent}
        for element in root.iter():
            if tag_of(element) in ("th", "td") and 0 < len(text_of(element)) <= SHORT_LABEL:
                element.set("data-nw", "")
        for key in self.wrap:
            for element in index[key].iter():
                element.attrib.pop("data-nw", None)
        for key in self.moves:
            index[key].set("data-break", "page")
        for key, widths in self.widths.items():
            _fix_widths(index[key], widths)
        for cut in self.cuts:
            row = index[cut.row]
            if cut.chars is not None:
                row.set("data-cut", "")  # the first half ends as its fragment did: no padding
                row = _split_row(row, cut.chars, parents)
                row.set(KEY, cut.row + "b")
                index[cut.row + "b"] = row
                parents[id(row)] = parents[id(index[cut.row])]
            _split_spans(row, [r for r in parents[id(row)] if tag_of(r) == "tr"])
            row.set("data-break", "page")


def _fix_widths(table: Element, widths: list[float]) -> None:
    table.set("data-fixed", "")
    columns = Element("colgroup")
    for width in widths:
        columns.append(Element("col", {"style": f"width: {width:.3f}px"}))
    after_caption = 1 if len(table) and tag_of(table[0]) == "caption" else 0
    table.insert(after_caption, columns)


def _split_spans(row: Element, rows: list[Element]) -> None:
    """Cut every row-spanned cell that runs from above into `row`; repeat its label there."""
    grid: dict[tuple[int, int], tuple[Element, int]] = {}  # (row, column) → (cell, its row)
    column_of: dict[int, int] = {}
    for r, tr in enumerate(rows):
        column = 0
        for cell in cells_of(tr):
            while (r, column) in grid:
                column += 1
            column_of[id(cell)] = column
            for dr in range(span_of(cell)):
                for dc in range(span_of(cell, "colspan")):
                    grid[(r + dr, column + dc)] = (cell, r)
            column += span_of(cell, "colspan")
    at = rows.index(row)
    running = {id(c): (c, top) for (r, _), (c, top) in grid.items() if r == at and top < at}
    for cell, top in sorted(running.values(), key=lambda item: column_of[id(item[0])]):
        clone = _continued(cell)
        clone.set("rowspan", str(top + span_of(cell) - at))
        cell.set("rowspan", str(at - top))
        later = [c for c in cells_of(row) if column_of.get(id(c), -1) > column_of[id(cell)]]
        row.insert(list(row).index(later[0]) if later else len(row), clone)


def _continued(cell: Element) -> Element:
    """A copy of a label cell for the continued page, marked to show （续）."""
    clone = copy.deepcopy(cell)
    for element in clone.iter():
        element.attrib.pop("id", None)
        element.attrib.pop(KEY, None)
    clone.set("data-continued", "")
    clone.set(KEY, key_of(cell) + "c")
    return clone


def _split_row(row: Element, chars: dict[str, int], parents: dict[int, Element]) -> Element:
    """Split `row` after `chars[i]` visible characters of each cell i that went on; returns
    the second row (inserted after the first). Cells left of the first cut cell are the row's
    labels and are repeated with （续）; other uncut cells stay empty in the second row."""
    group = parents[id(row)]
    rest = Element(row.tag, {k: v for k, v in row.attrib.items() if k not in ("id", KEY)})
    cells = cells_of(row)
    first_cut = min(i for i, cell in enumerate(cells) if key_of(cell) in chars)
    for index, cell in enumerate(cells):
        if span_of(cell) > 1:  # a group that starts on this row: it now spans the new row too
            cell.set("rowspan", str(span_of(cell) + 1))
            continue
        if key_of(cell) in chars:
            head, tail = _split_at(cell, chars[key_of(cell)])
            cell.clear()
            cell.attrib.update(head.attrib)
            cell.text = head.text
            cell.extend(list(head))
            tail.set(KEY, key_of(cell) + "b")
            rest.append(tail)
        elif index < first_cut:
            rest.append(_continued(cell))
        else:
            rest.append(Element(cell.tag, {k: v for k, v in cell.attrib.items() if k != KEY}))
    rows = [r for r in group if tag_of(r) == "tr"]
    at = rows.index(row)
    for above in rows[:at]:  # groups from above that covered this row cover the new one too
        for cell in cells_of(above):
            if rows.index(above) + span_of(cell) > at:
                cell.set("rowspan", str(span_of(cell) + 1))
    group.insert(list(group).index(row) + 1, rest)
    return rest


def _split_at(element: Element, n: int) -> tuple[Element, Element]:
    """Two copies of `element`: its first `n` visible characters and the rest. A paragraph or
    list item cut in two continues without indent or marker; a list goes on with its numbers."""
    head = Element(element.tag, dict(element.attrib))
    tail = Element(element.tag, {k: v for k, v in element.attrib.items() if k not in ("id", KEY)})
    left = n
    cut_inside = False
    items = 0

    def add(target: Element, text: str) -> None:
        if len(target):
            target[-1].tail = (target[-1].tail or "") + text
        else:
            target.text = (target.text or "") + text

    def take_text(text: str) -> None:
        nonlocal left, cut_inside
        if left >= visible_count(text):
            add(head if left > 0 or not visible_count(text) else tail, text)
            left -= visible_count(text)
            return
        seen = 0
        for offset, ch in enumerate(text):
            if seen == left and not ch.isspace():
                add(head, text[:offset])
                add(tail, text[offset:])
                break
            seen += 0 if ch.isspace() else 1
        left, cut_inside = 0, True

    take_text(element.text or "")
    for child in element:
        size = visible_count("".join(child.itertext()))
        if left == 0:
            tail.append(_bare(child))
        elif left >= size:
            head.append(_bare(child))
            left -= size
            items += tag_of(child) == "li"
        else:
            first, second = _split_at(child, left)
            head.append(first)
            tail.append(second)
            items += tag_of(child) == "li"
            left, cut_inside = 0, True
            second.set("data-cont", "")
        take_text(child.tail or "")
    if tag_of(element) == "ol" and items:
        tail.set("style", f"counter-reset: list-item {items - (1 if cut_inside else 0)}")
    return head, tail


def _bare(element: Element) -> Element:
    """A copy without its tail (tails are placed by the caller)."""
    clone = copy.deepcopy(element)
    clone.tail = None
    return clone
