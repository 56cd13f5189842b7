"""A form sheet's section labels moved aside, so that every section reads like a plain form.

Bureaus' forms (财预〔2020〕10号 attachments and the provinces' templates) put a section's name
in a cell merged down the left edge beside the section: 项目资金（万元） beside the budget table,
绩效指标 beside the indicator table, 项目基本情况 beside label–value rows, 预算执行情况（10分）.
Read as rows, that label becomes the first column of every table it covers (the budget's
资金来源, the indicators' 一级指标), and every figure lands one column off.

`view` returns the sheet with each such label lifted onto a row of its own above its section
(a *section head*) and the section's cells moved left by the label's width. Rows below that
start with a cell running across the label column (合计, 总分, signatures, notes) move with
them, so that columns line up with the tables they close. Each cell keeps the reference of its
real cell (Grid.origin), and each row the section it belongs to (Grid.sections), so that a table
ends where its section ends. A sheet without such labels is returned unchanged.
"""

from __future__ import annotations

import re
from collections import Counter

from site_gen.sheet_grid import Grid, Span

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
)
# Headings that mark a table's first row beside a label (see is_table_heading).
_TABLE_WORDS = ("一级指标", "二级指标", "三级指标", "年初预算", "全年预算", "执行数", "执行率")
_DECORATION = re.compile(r"[（(][^）)]*[）)]")


def bare_section(label: str) -> str:
    """A section label without spaces, points or unit: 预算执行情况（10分） → 预算执行情况."""
    return _DECORATION.sub("", re.sub(r"\s+", "", label))


def _is_section(grid: Grid, span: Span, rows: dict[int, list[int]]) -> bool:
    label = bare_section(grid.text(span.top, span.left))
    if not label:
        return False
    beside = {
        r: [grid.text(r, c) for c in rows.get(r, []) if c > span.right]
        for r in range(span.top, span.bottom + 1)
    }
    if not any(beside.values()):
        return False
    if any(word in label for word in SECTION_WORDS):
        return True
    return any(  # a table's heading row beside the label: two or more headings on one row
        sum(1 for t in texts if any(w in re.sub(r"\s+", "", t) for w in _TABLE_WORDS)) >= 2
        for texts in beside.values()
    )


def view(grid: Grid) -> Grid:
    """The grid with its left-edge section labels lifted onto rows of their own."""
    rows: dict[int, list[int]] = {}
    for r, c in grid.cells:
        rows.setdefault(r, []).append(c)
    if not rows:
        return grid
    left = min(c for _, c in grid.cells)
    sections = sorted(
        (
            s
            for s in grid.spans.values()
            if s.left == left and s.bottom > s.top and _is_section(grid, s, rows)
        ),
        key=lambda s: s.top,
    )
    sections = [s for i, s in enumerate(sections) if i == 0 or s.top > sections[i - 1].bottom]
    if not sections:
        return grid
    width = Counter(s.right - s.left + 1 for s in sections).most_common(1)[0][0]
    tops = [s.top for s in sections]

    def moved(r: int) -> int:  # a row's index once a head row is inserted above each section
        return r + sum(1 for t in tops if t <= r)

    out = Grid(grid.name, notes=grid.notes, errors=grid.errors)
    in_section: dict[int, tuple[int, Span]] = {}
    for k, s in enumerate(sections):
        head = moved(s.top) - 1
        out.cells[(head, 0)] = grid.text(s.top, s.left)
        out.origin[(head, 0)] = (s.top, s.left)
        out.sections[head] = k
        out.heads.add(head)
        for r in range(s.top, s.bottom + 1):
            in_section[r] = (k, s)
    cells_at: dict[int, list[int]] = {}
    for r, c in set(grid.cells) | set(grid.spans) | set(grid.comments):
        cells_at.setdefault(r, []).append(c)
    for r in sorted(cells_at):
        shift, lead = 0, False
        if r in in_section:
            k, s = in_section[r]
            shift = s.right - s.left + 1
            out.sections[moved(r)] = k
        else:
            first = min(cells_at[r])
            span = grid.spans.get((r, first))
            if first == left and span is not None and span.right - span.left + 1 > width:
                shift, lead = width, True  # 合计, 总分, a signature or note across the label
        for c in cells_at[r]:
            target = _target(r, c, left, shift, lead, in_section)
            if target is None:
                continue  # the section label itself, or a hidden cell under it
            at = (moved(r), target)
            out.origin[at] = (r, c)
            if (r, c) in grid.cells:
                out.cells[at] = grid.cells[(r, c)]
            if (r, c) in grid.comments:
                out.comments[at] = grid.comments[(r, c)]
            span = grid.spans.get((r, c))
            if span is not None:
                right = max(target, span.right - shift)
                out.spans[at] = Span(at[0], target, moved(span.bottom), right)
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
