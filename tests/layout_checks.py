"""What a reader of a printed table notices, read from WeasyPrint's box tree of a finished layout.

Written apart from site_gen/pdf/print_layout.py on purpose: the engine finds faults to mend them,
this module only looks at the result, with its own reading of the boxes, so a test that uses it
does not take the engine's word for its own work.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

SHORT = 6  # a label of this many characters or fewer must stay on one line
MIN_ROWS = 3
HEADINGS = {"h1", "h2", "h3", "h4", "caption"}


def tag(element: Any) -> str:
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def visible(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def boxes(box: Any) -> Iterator[Any]:
    """Every box below `box`, without generated content (::before, ::after, ::marker)."""
    yield box
    for child in getattr(box, "children", None) or ():
        if "::" not in (getattr(child, "element_tag", "") or ""):
            yield from boxes(child)


def text_of(box: Any) -> str:
    return "".join(b.text for b in boxes(box) if type(b).__name__ == "TextBox")


def lines_of(box: Any) -> int:
    return sum(1 for b in boxes(box) if type(b).__name__ == "LineBox")


@dataclass
class Placed:
    """Each element's outermost box on each page it appears on."""

    parts: dict[int, dict[int, Any]] = field(default_factory=dict)  # id(element) → page → box
    elements: dict[int, Any] = field(default_factory=dict)
    body_rows: dict[int, list[Any]] = field(default_factory=dict)  # id(row group) → rows
    page_height: list[float] = field(default_factory=list)

    def pages(self, element: Any) -> list[int]:
        return sorted(self.parts.get(id(element), {}))


def place(document: Any) -> Placed:
    placed = Placed()
    for number, page in enumerate(document.pages):
        placed.page_height.append(page._page_box.height)
        stack = [(page._page_box, None)]
        while stack:
            box, parent = stack.pop()
            element = getattr(box, "element", None)
            if element is not None and "::" not in (box.element_tag or ""):
                on_page = placed.parts.setdefault(id(element), {})
                if number not in on_page:
                    on_page[number] = box
                    placed.elements[id(element)] = element
                    kind = type(box).__name__
                    if kind == "TableRowBox" and not (parent.is_header or parent.is_footer):
                        # rows are kept by their row group (a tbody): a table's body
                        rows = placed.body_rows.setdefault(id(parent.element), [])
                        if element not in rows:
                            rows.append(element)
            children = list(getattr(box, "children", None) or ())
            stack.extend((child, box) for child in reversed(children))
    return placed


def faults(document: Any, root: Any) -> list[str]:
    """Every fault of the printed tables, as "page N: …" lines; empty when they read well."""
    placed = place(document)
    parent = {id(child): node for node in root.iter() for child in node}
    found: list[str] = []

    def where(page: int) -> str:
        return f"第 {page + 1} 页"

    for element in root.iter():
        name = tag(element)
        parts = placed.parts.get(id(element), {})
        if not parts:
            continue
        if name in ("th", "td"):
            own = visible("".join(element.itertext()))
            for page, box in parts.items():
                if 0 < len(own) <= SHORT and lines_of(box) > 1:
                    found.append(f"{where(page)}：短标题「{own}」折成 {lines_of(box)} 行")
                if len(parts) > 1 and not visible(text_of(box)):
                    found.append(f"{where(page)}：跨页单元格「{own[:10]}」在此页为空")
        if name == "tr" and len(parts) > 1:
            found += _stub(element, placed, where)
        if name in HEADINGS or "annex-label" in (element.get("class") or "").split():
            found += _stranded(element, placed, parent, where)
    tables: dict[int, list[Any]] = {}  # a table's body rows, over all its row groups
    for group_id, rows in placed.body_rows.items():
        group = placed.elements[group_id]
        table = group if tag(group) == "table" else parent[id(group)]
        tables.setdefault(id(table), []).extend(rows)
    for rows in tables.values():
        found += _thin_pages(rows, placed, where)
    return found


def _stub(row: Any, placed: Placed, where: Any) -> list[str]:
    """A row split over pages must show, on its first page, the start of every cell that
    goes on: a number and empty cells at the foot of a page is a stub."""
    pages = placed.pages(row)
    first, later = pages[0], pages[1:]
    found = []
    for cell in row:
        parts = placed.parts.get(id(cell), {})
        goes_on = any(visible(text_of(parts[p])) for p in later if p in parts)
        if goes_on and not (first in parts and visible(text_of(parts[first]))):
            found.append(f"{where(first)}：跨页的行在页末只留下空格")
            break
    return found


def _stranded(element: Any, placed: Placed, parent: dict[int, Any], where: Any) -> list[str]:
    """A heading whose following content starts on a later page stands alone at a page foot."""
    pages = placed.pages(element)
    siblings = [s for s in parent.get(id(element), []) if placed.pages(s)]
    if element not in siblings:
        return []
    after = siblings[siblings.index(element) + 1 :]
    if tag(element) == "caption" or not after:
        return []
    if placed.pages(after[0])[0] > pages[-1]:
        return [f"{where(pages[-1])}：标题「{visible(''.join(element.itertext()))[:12]}」留在页末"]
    return []


def _thin_pages(rows: list[Any], placed: Placed, where: Any) -> list[str]:
    """A page that carries part of a table which goes on after it must carry three rows or
    more, unless the rows it has fill half the page (a row may be taller than a page)."""
    by_page: dict[int, list[Any]] = {}
    for row in rows:
        for page in placed.pages(row):
            by_page.setdefault(page, []).append(row)
    pages = sorted(by_page)
    found = []
    for page in pages[:-1]:
        on_page = by_page[page]
        height = sum(placed.parts[id(r)][page].margin_height() for r in on_page)
        if len(on_page) < MIN_ROWS and height < placed.page_height[page] / 2:
            found.append(f"{where(page)}：表格在此页只有 {len(on_page)} 行，下一页还有")
    return found


EMPTY = 1 / 3  # no page but a document's last may be emptier, unless what follows starts a page
FORCED = {"page", "left", "right", "recto", "verso"}


def empty_pages(document: Any) -> list[str]:
    """Pages left more than a third empty that are neither the last nor followed by a section
    that must start a page (a project's form, the contents): the printed forms flow on."""
    found = []
    pages = [page._page_box for page in document.pages]
    for number, page in enumerate(pages[:-1]):
        top = page.content_box_y()
        lowest = top
        for root in (c for c in page.children if type(c).__name__ != "MarginBox"):
            for box in boxes(root):
                if type(box).__name__ in ("TextBox", "LineBox", "ImageBox") or tag(
                    getattr(box, "element", None) or _NONE
                ) in ("tr", "img", "svg"):
                    lowest = max(lowest, box.position_y + box.margin_height())
        empty = (top + page.height - lowest) / page.height
        if empty > EMPTY and not (
            _breaks(page, "break_after") or _breaks(pages[number + 1], "break_before")
        ):
            found.append(f"第 {number + 1} 页空出 {empty:.0%}")
    return found


class _NoElement:
    tag = ""


_NONE = _NoElement()


def _breaks(page: Any, side: str) -> bool:
    """Whether an element on the page asks for a page break before (or after) itself: a
    project's form starting a page, the contents page ending one."""
    for root in (c for c in page.children if type(c).__name__ != "MarginBox"):
        for box in boxes(root):
            if str(box.style[side]) in FORCED:
                return True
    return False
