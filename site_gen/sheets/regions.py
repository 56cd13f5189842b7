"""A form sheet's section labels moved aside, so that every section reads like a plain form.

Bureaus' forms (财预〔2020〕10号 attachments and the provinces' templates) put a section's name
in a cell merged down the left edge beside the section: 项目资金（万元） beside the budget table,
绩效指标 beside the indicator table, 项目基本情况 beside label–value rows, 预算执行情况（10分）.
Read as rows, that label becomes the first column of every table it covers (the budget's
资金来源, the indicators' 一级指标), and every figure lands one column off.

`view` returns the sheet with each such label lifted onto a row of its own above its section
(a *section head*) and the section's cells moved left by the label's width. The rows right
below a section that start with a cell running across the label column (合计, 总分, a note)
move with it, so that columns line up with the table they close. Each cell keeps the reference of its
real cell (Grid.origin), and each row the section it belongs to (Grid.sections), so that a table
ends where its section ends. A sheet without such labels is returned unchanged.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter

from site_gen.sheets.grid import Grid, Span

# Words of a section's name (after its points and unit are taken off): a vertical label with
# one of these is a section even when the rows beside it hold no table heading.
SECTION_WORDS = (
    "基本情况",
    "基本信息",
    "项目资金",
    "资金情况",
    "年度资金",
    "预算执行",
    "绩效指标",
    "绩效目标",
    "主要任务",
    "履职",
)
# Headings that mark a table's first row beside a label (see is_table_heading).
_TABLE_WORDS = ("一级指标", "二级指标", "三级指标", "年初预算", "全年预算", "执行数", "执行率")
_FIGURE = re.compile(r"[0-9０-９]")
_DECORATION = re.compile(r"[（(][^）)]*[）)]")


_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # the same labels are asked of every sheet
def bare_section(label: str) -> str:
    """A section label without spaces, points or unit: 预算执行情况（10分） → 预算执行情况."""
    return _DECORATION.sub("", _SPACE.sub("", label))


def _rows_within(ordered: list[int], span: Span) -> list[int]:
    """The rows of `ordered` that a span covers, found by bisection: cost follows the rows."""
    return ordered[
        bisect.bisect_left(ordered, span.top) : bisect.bisect_right(ordered, span.bottom)
    ]


def _is_section(grid: Grid, span: Span, rows: dict[int, list[int]], ordered: list[int]) -> bool:
    label = bare_section(grid.text(span.top, span.left))
    if not label:
        return False
    beside = {  # only rows that hold cells: a merge over the whole sheet costs nothing more
        r: [grid.text(r, c) for c in rows[r] if c > span.right] for r in _rows_within(ordered, span)
    }
    if not any(beside.values()):
        return False
    if any(word in label for word in SECTION_WORDS):
        return True
    if any(  # a table's heading row beside the label: two or more headings on one row
        sum(1 for t in texts if any(w in _SPACE.sub("", t) for w in _TABLE_WORDS)) >= 2
        for texts in beside.values()
    ):
        return True
    # Any other table: a first row of three or more headings (short, no figures) with rows
    # below it. An indicator's level label (产出指标 merged down) is never a section.
    first = beside.get(span.top, [])
    return (
        "指标" not in label
        and len(first) >= 3
        and all(len(t) <= 20 and not _FIGURE.search(t) for t in first)
        and sum(1 for texts in beside.values() if texts) >= 2
    )


def _unmerged_labels(grid: Grid, rows: dict[int, list[int]], left: int) -> list[Span]:
    """Section labels written without a merge, as the span they stand for: the label repeated
    on each row of its section, or written on its first row with the column blank below."""
    out = []
    ordered = sorted(rows)
    i = 0
    while i < len(ordered):
        r = ordered[i]
        text = grid.cells.get((r, left), "")
        own = grid.spans.get((r, left))
        right = own.right if own else left
        beside = any(c > right for c in rows[r])
        if (
            not text
            or (own is not None and own.bottom > own.top)
            or not beside
            or not any(w in bare_section(text) for w in SECTION_WORDS)
        ):
            i += 1
            continue
        j = i
        while j + 1 < len(ordered):
            below = ordered[j + 1]
            label = grid.cells.get((below, left), "")
            if (label and label != text) or not any(c > right for c in rows[below]):
                break
            j += 1
        if j > i:
            out.append(Span(r, left, ordered[j], right))
        i = j + 1
    return out


def view(grid: Grid) -> Grid:
    """The grid with its left-edge section labels lifted onto rows of their own."""
    grid = _at_left_edge(grid)
    rows: dict[int, list[int]] = {}
    for r, c in grid.cells:
        rows.setdefault(r, []).append(c)
    if not rows:
        return grid
    left = min(c for _, c in grid.cells)
    every_row = sorted(rows)
    candidates = [s for s in grid.spans.values() if s.left == left and s.bottom > s.top]
    candidates += _unmerged_labels(grid, rows, left)
    sections = sorted(
        (s for s in candidates if _is_section(grid, s, rows, every_row)),
        key=lambda s: (s.top, s.left),
    )
    sections = [s for i, s in enumerate(sections) if i == 0 or s.top > sections[i - 1].bottom]
    if not sections:
        return grid
    width = Counter(s.right - s.left + 1 for s in sections).most_common(1)[0][0]
    tops = [s.top for s in sections]

    def moved(r: int) -> int:  # a row's index once a head row is inserted above each section
        return r + bisect.bisect_right(tops, r)

    out = Grid(grid.name, notes=grid.notes, errors=grid.errors)
    cells_at: dict[int, list[int]] = {}
    for r, c in set(grid.cells) | set(grid.spans) | set(grid.comments):
        cells_at.setdefault(r, []).append(c)
    ordered = sorted(cells_at)
    in_section: dict[int, tuple[int, Span]] = {}
    for k, s in enumerate(sections):
        head = moved(s.top) - 1
        out.cells[(head, 0)] = grid.text(s.top, s.left)
        out.origin[(head, 0)] = grid.origin.get((s.top, s.left), (s.top, s.left))
        out.sections[head] = k
        out.heads.add(head)
        for r in _rows_within(ordered, s):  # rows that hold something: a tall merge costs no more
            in_section[r] = (k, s)
    after_section = False  # whether the rows above, back to a section, all moved with it
    for r in sorted(cells_at):
        shift, lead = 0, False
        if r in in_section:
            k, s = in_section[r]
            shift = s.right - s.left + 1
            out.sections[moved(r)] = k
        else:
            first = min(cells_at[r])
            span = grid.spans.get((r, first))
            wide = span is not None and span.right - span.left + 1 > width
            if after_section and first == left and wide:
                shift, lead = width, True  # 合计, 总分 or a note closing the section's table
        after_section = r in in_section or lead
        for c in cells_at[r]:
            target = _target(r, c, left, shift, lead, in_section)
            if target is None:
                continue  # the section label itself, or a hidden cell under it
            at = (moved(r), target)
            out.origin[at] = grid.origin.get((r, c), (r, c))
            if (r, c) in grid.cells:
                out.cells[at] = grid.cells[(r, c)]
            if (r, c) in grid.comments:
                out.comments[at] = grid.comments[(r, c)]
            span = grid.spans.get((r, c))
            if span is not None:
                right = max(target, span.right - shift)
                out.spans[at] = Span(at[0], target, moved(span.bottom), right)
    return out


def _at_left_edge(grid: Grid) -> Grid:
    """The sheet moved left so that its first column with text is the first column: many
    bureaus leave column A empty as a margin (or for row numbers printed elsewhere)."""
    left = min((c for _, c in grid.cells), default=0)
    if left == 0:
        return grid
    out = Grid(grid.name, notes=grid.notes, errors=grid.errors)
    for (r, c), text in grid.cells.items():
        out.cells[(r, c - left)] = text
        out.origin[(r, c - left)] = (r, c)
    for (r, c), text in grid.comments.items():
        if c >= left:
            out.comments[(r, c - left)] = text
    for (r, c), span in grid.spans.items():
        if span.right >= left:
            at = (r, max(c - left, 0))
            out.spans[at] = Span(r, at[1], span.bottom, span.right - left)
            out.origin.setdefault(at, (r, c))
    return out


def _target(
    r: int, c: int, left: int, shift: int, lead: bool, in_section: dict[int, tuple[int, Span]]
) -> int | None:
    """The column a cell moves to: left by the label's width; the leading cell of a row that runs
    across the label column stays at the left edge; a cell under the label itself is hidden."""
    if lead and c == left:
        return left
    if r in in_section and c <= in_section[r][1].right:
        return None
    return c - shift
