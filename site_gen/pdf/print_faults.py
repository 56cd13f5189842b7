"""Render stage (PDF), layout pass: where a layout put everything, and what a reader would fault.

`measure` reads WeasyPrint's box tree of one layout; `faults` lists what reads badly in it, each
with the correction that mends it (pdf.print_plan.py); `report` says what is left, for the tests.
Knows nothing of the content model, only of tables, rows, cells and headings.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from site_gen.pdf.print_plan import Cut, cells_of, key_of, span_of, tag_of, text_of, visible_count

MIN_ROWS = 3  # rows of a table a page must carry unless the table ends there
EMPTY_PAGE = 1 / 3  # no page but a document's last is left emptier than this by a move
BORDER_ROOM = 2.0  # CSS px below a cut row's last line for its bottom border
FORCED = {"page", "left", "right", "recto", "verso"}

Box = Any  # WeasyPrint's boxes and documents are untyped
Document = Any


# ---------------------------------------------------------------- measuring a layout
@dataclass
class Part:
    page: int
    box: Box


@dataclass
class Measure:
    """Where every element landed, read from the box tree of one layout."""

    root: Element
    page_height: list[float] = field(default_factory=list)
    page_bottom: list[float] = field(default_factory=list)  # where each page's area ends
    new_on_page: list[list[Element]] = field(default_factory=list)  # first seen there, in order
    parts: dict[int, list[Part]] = field(default_factory=dict)  # id(element) → its boxes
    tables: list[Element] = field(default_factory=list)
    body_rows: dict[int, list[Element]] = field(default_factory=dict)  # id(table) → rows
    parent: dict[int, Element] = field(default_factory=dict)

    def pages_of(self, element: Element) -> list[int]:
        return sorted({part.page for part in self.parts.get(id(element), [])})

    def height_on(self, element: Element, page: int) -> float:
        return sum(p.box.margin_height() for p in self.parts[id(element)] if p.page == page)

    def rows_on(self, table: Element, page: int) -> list[Element]:
        return [r for r in self.body_rows[id(table)] if page in self.pages_of(r)]

    def style(self, element: Element, name: str) -> str:
        parts = self.parts.get(id(element))
        return str(parts[0].box.style[name]) if parts else ""


def _walk(box: Box, parent: Box | None = None) -> Iterator[tuple[Box, Box | None]]:
    yield box, parent
    for child in getattr(box, "children", None) or ():
        yield from _walk(child, box)


def measure(document: Document, root: Element) -> Measure:
    m = Measure(root)
    for node in root.iter():
        for child in node:
            m.parent[id(child)] = node
    for number, page in enumerate(document.pages):
        m.page_height.append(page._page_box.height)
        m.page_bottom.append(page._page_box.content_box_y() + page._page_box.height)
        new: list[Element] = []
        for box, parent in _walk(page._page_box):
            element: Element | None = getattr(box, "element", None)
            if element is None or "::" in (box.element_tag or ""):
                continue
            parts = m.parts.setdefault(id(element), [])
            if any(p.page == number for p in parts):
                continue  # an anonymous box inside the element's own box, or a later line of it
            new.append(element)
            parts.append(Part(number, box))
            kind = type(box).__name__  # a table's first box is its wrapper
            if tag_of(element) == "table" and element not in m.tables:
                m.tables.append(element)
                m.body_rows[id(element)] = []
            elif kind == "TableRowBox" and not (parent and (parent.is_header or parent.is_footer)):
                table = _ancestor(m, element, "table")
                rows = m.body_rows.setdefault(id(table), [])
                if element not in rows:
                    rows.append(element)
        m.new_on_page.append(new)
    return m


def _ancestor(m: Measure, element: Element, tag: str) -> Element | None:
    node = m.parent.get(id(element))
    while node is not None and tag_of(node) != tag:
        node = m.parent.get(id(node))
    return node


def _text_boxes(box: Box) -> Iterator[Box]:
    for b, _ in _walk(box):
        if type(b).__name__ == "TextBox" and "::" not in (b.element_tag or ""):
            yield b


def _chars(box: Box) -> int:
    return sum(visible_count(b.text) for b in _text_boxes(box))


def _chars_that_fit(box: Box, page_bottom: float, room: float = 0.0) -> int:
    """Visible characters of a cell's part on the page where its row is cut.

    The first half of a cut row ends without bottom padding or margin (print.css,
    `tr[data-cut]`), but it does end with the row's border; when the page had less room than
    that below the part's last line (and `room` more), the lowest line goes to the second half
    instead, or the first half would not fit and would move whole to the next page."""
    lines = [b for b, _ in _walk(box) if type(b).__name__ == "LineBox"]
    if not lines:
        return _chars(box)
    lowest = max(lines, key=lambda line: line.position_y + line.height)
    if page_bottom - (lowest.position_y + lowest.height) >= BORDER_ROOM + room:
        return _chars(box)
    return _chars(box) - _chars(lowest)


def _lines(box: Box) -> int:
    return sum(1 for b, _ in _walk(box) if type(b).__name__ == "LineBox")


# ---------------------------------------------------------------- faults
@dataclass
class Fault:
    page: int
    what: str  # in Chinese, for the report
    move: str | None = None  # key of the element to start a new page with (shifts what follows)
    cut: Cut | None = None  # a cut that keeps the breaks where they are
    widths: tuple[str, list[float]] | None = None  # the cut table's column widths
    wrap: str | None = None  # key of a table whose short labels must be allowed to wrap


def _kept_before(m: Measure, element: Element) -> Element:
    """The element, or the first of the headings before it that are kept with it; a table
    that opens its section moves with the section."""
    parent = m.parent.get(id(element))
    if parent is None:
        return element
    siblings = [s for s in parent if id(s) in m.parts]
    start = siblings.index(element)
    while start > 0 and m.style(siblings[start - 1], "break_after") == "avoid":
        start -= 1
    if start == 0 and tag_of(parent) in ("section", "div", "article"):
        return _kept_before(m, parent)
    return siblings[start]


def faults(m: Measure, regions: list[Element]) -> list[Fault]:
    found: list[Fault] = []
    for table in m.tables:
        found += _table_faults(m, table, regions)
    found += _heading_faults(m)
    return sorted(found, key=lambda f: f.page)


def _table_faults(m: Measure, table: Element, regions: list[Element]) -> list[Fault]:
    found: list[Fault] = []
    pages = m.pages_of(table)
    for cell in table.iter():
        short = "data-nw" in cell.attrib and "data-continued" not in cell.attrib
        if short and any(_lines(p.box) > 1 for p in m.parts.get(id(cell), [])):
            found.append(Fault(pages[0], f"短标题「{text_of(cell)}」折行"))
    container = m.parent.get(id(table))
    if container is not None and id(container) in m.parts:
        width = m.parts[id(table)][0].box.margin_width()
        if width > m.parts[id(container)][0].box.width + 1:
            found.append(Fault(pages[0], "表格超出版心", wrap=key_of(table)))
    rows = m.body_rows.get(id(table), [])
    if len(pages) < 2 or not rows:
        return found
    first = pages[0]
    body = sum(m.height_on(r, p) for r in rows for p in m.pages_of(r))
    header = (sum(m.height_on(table, p) for p in pages) - body) / len(pages)
    on_first = m.rows_on(table, first)
    moved = _kept_before(m, table)
    at_top = m.new_on_page[first][:1] == [moved] or moved.get("data-break") == "page"
    # A table that fits on a page starts on the next one rather than split, unless that would
    # leave this page more than a third empty: the printed forms flow on, a table beginning
    # where the last one ends and splitting between rows under its repeated header.
    starts = m.parts[id(moved)][0].box.position_y if id(moved) in m.parts else m.page_bottom[first]
    emptied = (m.page_bottom[first] - starts) / m.page_height[first]
    fits = body + header <= m.page_height[first] and emptied <= EMPTY_PAGE
    if not at_top and (fits or len(on_first) < MIN_ROWS):
        whole = body + header <= m.page_height[first]
        why = "可整页容纳的表格跨页" if whole else "表格在页末只留下不足 3 行"
        return [*found, Fault(first, why, move=key_of(moved))]
    region = regions[first]
    table_box = next(b for b, _ in _walk(m.parts[id(table)][0].box) if hasattr(b, "column_widths"))
    widths = (key_of(table), list(table_box.column_widths))
    for page in pages[1:]:
        on_page = m.rows_on(table, page)
        if not on_page:
            continue
        head = on_page[0]
        began = m.pages_of(head)[0]
        cut = Cut(key_of(head), key_of(region), page - m.pages_of(region)[0])
        if began < page - 1:  # a row over three pages or more: cut with its first continuation
            continue
        if began < page:  # the row began on the page before: cut it at every page it runs on
            chain = _row_cuts(m, head, cut, widths)
            if chain is None:
                found.append(Fault(began, "跨页的行在上一页只留下空格", move=key_of(head)))
                return found
            found += chain
        elif _spanned_into(head, rows):
            found.append(Fault(page, "合并单元格跨页", cut=cut, widths=widths))
        later = m.pages_of(rows[-1])[-1] > page
        filled = sum(m.height_on(r, page) for r in on_page)
        if later and len(on_page) < MIN_ROWS and filled < m.page_height[page] / 2:
            found.append(Fault(page, "中间页只有不足 3 行"))
    return found


def _row_cuts(
    m: Measure, head: Element, first: Cut, widths: tuple[str, list[float]]
) -> list[Fault] | None:
    """Cuts of a row that runs over pages, one at each page it goes on to: the first cut
    makes its second half row `Kb`, the next cuts `Kb` into `Kb` and `Kbb`, and so on, so a row
    longer than a page is mended in one pass. None when its first page shows only a stub."""
    found: list[Fault] = []
    pages = m.pages_of(head)
    suffix = ""
    for k, (here, there) in enumerate(itertools.pairwise(pages)):
        chars = {  # cells whose text goes on: how much of it this page shows
            key_of(cell) + suffix: sum(
                # a second half starts under the row's top padding, which a fragment lacks
                _chars_that_fit(p.box, m.page_bottom[here], p.box.padding_top if k else 0)
                for p in m.parts[id(cell)]
                if p.page == here
            )
            for cell in cells_of(head)
            if any(_chars(p.box) for p in m.parts[id(cell)] if p.page == there)
        }
        if not chars:
            break
        if not all(chars.values()):
            return None if k == 0 else found
        cut = Cut(key_of(head) + suffix, first.region, first.page + k, chars)
        found.append(Fault(there, "跨页的行拆为两行", cut=cut, widths=widths))
        suffix += "b"
    return found


def _spanned_into(row: Element, rows: list[Element]) -> bool:
    at = rows.index(row)
    return any(r + span_of(c) > at for r, tr in enumerate(rows[:at]) for c in cells_of(tr))


def _heading_faults(m: Measure) -> list[Fault]:
    found: list[Fault] = []
    for page, elements in enumerate(m.new_on_page[:-1]):
        for element in elements:
            if m.style(element, "break_after") != "avoid" or m.pages_of(element) != [page]:
                continue
            parent = m.parent.get(id(element))
            siblings = [s for s in parent if id(s) in m.parts] if parent is not None else []
            following = siblings[siblings.index(element) + 1 :]
            if following and m.pages_of(following[0])[0] > page:
                moved = _kept_before(m, element)
                what = f"标题「{text_of(element)[:12]}」留在页末"
                found.append(Fault(page, what, move=key_of(moved)))
    return found


def regions(m: Measure) -> list[Element]:
    """For each page, the element that opens its run of pages between forced breaks."""
    opened: list[Element] = []
    for page, elements in enumerate(m.new_on_page):
        # the first element that starts here (html, body and a split table go on from before)
        starting = [e for e in elements if m.pages_of(e)[0] == page]
        first = starting[0] if starting else m.root
        ended = [e for p in m.new_on_page[:page] for e in p if m.pages_of(e)[-1] == page - 1]
        forced = (
            page == 0
            or m.style(first, "break_before") in FORCED
            or any(m.style(e, "break_after") in FORCED for e in ended)
        )
        opened.append(first if forced else opened[-1])
    return opened


def report(document: Document, root: Element) -> list[str]:
    """The faults left in a finished layout, as "第 N 页：…" lines (empty when there are none)."""
    m = measure(document, root)
    return [f"第 {f.page + 1} 页：{f.what}" for f in faults(m, regions(m))]
