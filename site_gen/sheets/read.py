"""Grids (sheets.grid) → document data, the shape a YAML file has, each value carrying the cell
it came from. Reads the layout sheets.layout writes and the variants bureaus make of it: blank
rows anywhere, 一级/二级 labels merged, repeated or left blank below their first row, notes
under the table, numbers stored as text, the form's own headings. Every non-empty cell is
either placed or reported (`Problem`): nothing is dropped silently, nothing is made up.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from site_gen.sheets import regions
from site_gen.sheets.grid import Grid


class At(str):
    """A cell's text that remembers the cell (`表1!C7`): the YAML names it in a comment."""

    ref: str

    def __new__(cls, value: str, ref: str) -> At:
        obj = super().__new__(cls, value)
        obj.ref = ref
        return obj


@dataclass(frozen=True)
class Problem:
    ref: str  # Sheet!B7
    message: str
    # Cells left unplaced because of this problem (a table whose heading was not understood
    # leaves its rows), each as `Sheet!C7 “text”`: listed under it, so that the one cause is
    # not buried among its effects.
    consequences: tuple[str, ...] = ()


_POINTS = re.compile(r"（(\d+(?:\.\d+)?)分）$")
_SIGNATURE = re.compile(r"^([^：:]{1,20})[：:](.*)$", re.S)
_PREFIX = re.compile(r"^(单位|分值)[：:]\s*(.*)$")


class Reader:
    """One sheet's rows, with the cells taken so far (the rest are reported)."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.taken: set[tuple[int, int]] = set()
        # What stopped a reader: its row, the problem, and the cells it left (None: every cell
        # left from that row down to the next row something was read from).
        self.failures: list[tuple[int, Problem, list[tuple[int, int]] | None]] = []
        by_row: dict[int, list[int]] = {}
        for r, c in grid.cells:
            by_row.setdefault(r, []).append(c)
        # Cells hidden under a merged range, found among the cells that exist (a merge the size
        # of the whole sheet costs no more than the cells in its rows).
        self.covered: set[tuple[int, int]] = set()
        filled = sorted(by_row)
        for s in grid.spans.values():
            for r in filled[
                bisect.bisect_left(filled, s.top) : bisect.bisect_right(filled, s.bottom)
            ]:
                self.covered.update(
                    (r, c)
                    for c in by_row[r]
                    if s.left <= c <= s.right and (r, c) != (s.top, s.left)
                )
        self._anchors = {
            r: sorted(c for c in cols if (r, c) not in self.covered) for r, cols in by_row.items()
        }
        self.rows = sorted(r for r, cols in self._anchors.items() if cols)

    def part(self, rows: list[int]) -> Reader:
        """The same sheet limited to some rows (one of several forms on a sheet); cells taken
        through the part count as taken for the whole sheet."""
        other = Reader.__new__(Reader)
        other.grid, other.taken, other.rows = self.grid, self.taken, rows
        other.covered, other._anchors = self.covered, self._anchors
        other.failures = self.failures
        return other

    def forms(self) -> list[Reader]:
        """The forms on this sheet: a new one starts at a title row (…绩效自评表) below other
        content, or at a second 项目名称 (several forms printed one after another)."""
        starts = [0]
        named = False
        for i, row in enumerate(self.rows):
            cols = self.anchors(row)
            first = _bare(self.grid.text(row, cols[0]))
            title = (  # a form's name across the sheet: not a 填表说明：… or 注：… line
                len(cols) == 1
                and "表" in first
                and self.span_cols(row, cols[0]) >= 3
                and not re.search(r"[：:]", first)
                and len(first) <= 60
            )
            if title and i > starts[-1] and named:
                starts.append(i)
                named = False
            elif first in _NAME_WORDS and len(cols) >= 2:
                if named and not (starts[-1] == i - 1 and i > 0):
                    starts.append(i)
                named = True
        bounds = [*starts, len(self.rows)]
        return [
            self.part(self.rows[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if b > a
        ]

    def anchors(self, row: int) -> list[int]:
        """Columns of the row's cells that hold text and are not covered by a merge."""
        return self._anchors.get(row, [])

    def header_row(self, is_heading: Callable[[str], object], least: int = 3) -> int | None:
        """The first row with at least `least` cells that are column headings of a table."""
        rows = (
            r
            for r in self.rows
            if sum(1 for c in self.anchors(r) if is_heading(self.grid.text(r, c))) >= least
        )
        return next(rows, None)

    def title_above(self, header: int) -> At | None:
        """The sheet's title: a first row of one cell above the table's header."""
        first = self.rows[0]
        if first < header and len(self.anchors(first)) == 1:
            return self.take(first, self.anchors(first)[0])
        return None

    def take(self, row: int, col: int) -> At:
        self.taken.add((row, col))
        return At(self.grid.text(row, col), self.grid.ref(row, col))

    def span_cols(self, row: int, col: int) -> int:
        span = self.grid.spans.get((row, col))
        return span.right - span.left + 1 if span else 1

    def span_rows(self, row: int, col: int) -> int:
        span = self.grid.spans.get((row, col))
        return span.bottom - span.top + 1 if span else 1

    def give_back(self, since: set[tuple[int, int]], row: int, message: str) -> None:
        """Undo what a reader took after `since` (a copy of `taken`) and report it under one
        cause at `row`: a part the form has twice (a second indicator table) is never read
        over the first."""
        again = self.taken - since
        self.taken.difference_update(again)
        first = min((c for r, c in again if r == row), default=0)
        self.fail(row, first, message, sorted(again))

    def same_section(self, a: int, b: int) -> bool:
        """Whether two rows lie in the same section of the form (sheets.regions)."""
        return self.grid.section(a) == self.grid.section(b)

    def fail(
        self, row: int, col: int, message: str, left: list[tuple[int, int]] | None = None
    ) -> None:
        """A reader gives up at this cell; the cells it leaves are reported under this."""
        self.failures.append((row, Problem(self.grid.ref(row, col), message), left))

    def leftover(self) -> list[Problem]:
        """Every non-empty cell that no reader placed: the causes first (a table a reader gave up
        on, with the cells it left below it, up to the next row something was read from), then
        each remaining cell with what kind of row it stands in."""
        left = [
            (r, c)
            for (r, c) in sorted(self.grid.cells)
            if (r, c) not in self.taken and (r, c) not in self.covered
        ]
        read_rows = {r for r, _ in self.taken}
        grouped: set[tuple[int, int]] = set()
        out = []
        for row, problem, scope in sorted(self.failures, key=lambda f: f[0]):
            after = [r for r in self.rows if r > row and r in read_rows]
            end = after[0] if after else float("inf")
            own = {cell for cell in left if self.grid.ref(*cell) == problem.ref}
            grouped.update(own)  # the cell the problem names is not its own consequence
            mine = [
                (r, c)
                for r, c in left
                if (r, c) not in grouped
                and ((r, c) in scope if scope is not None else row <= r < end)
            ]
            grouped.update(mine)
            refs = tuple(f"{self.grid.ref(r, c)} “{_short(self.grid.text(r, c))}”" for r, c in mine)
            out.append(Problem(problem.ref, problem.message, refs))
        for r, c in left:
            if (r, c) not in grouped:
                out.append(Problem(self.grid.ref(r, c), self._why(r, c)))
        return out

    def _why(self, r: int, c: int) -> str:
        text = f"“{_short(self.grid.text(r, c))}” 未能归入任何栏目"
        cols = self.anchors(r)
        if len(cols) == 1:
            return text + "：单独一行的文字，不是已知的栏目名、分区名或表下的注"
        first = self.grid.text(r, cols[0])
        if (r, cols[0]) in self.taken:
            return text + f"：同一行的 “{_short(first)}” 已读出，这一格不属于它的任何一栏"
        return text + f"：所在行以 “{_short(first)}” 开头，不是已识别的表格行或“栏目 | 内容”行"


_NAME_WORDS = ("项目名称", "部门名称", "单位名称", "部门(单位)名称", "专项名称", "专项资金名称")


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # a sheet's headings repeat; read back with every export
def _bare(text: str) -> str:
    """A heading without spaces and full/half-width differences, for matching words."""
    return _SPACE.sub("", text).replace("（", "(").replace("）", ")")


def sheet_readers(grids: list[Grid], readers: list[Reader]) -> Iterator[Reader]:
    """A reader for each sheet, in order, each joining `readers` so that what it leaves
    unread is reported (Reader.leftover)."""
    for grid in grids:
        reader = Reader(grid)
        readers.append(reader)
        yield reader


def form_readers(grids: list[Grid], readers: list[Reader]) -> Iterator[Reader]:
    """A reader for each form of each sheet (several forms may stand down one sheet), the
    sheet's section labels moved aside first (sheets.regions); each sheet joins `readers`."""
    for grid in grids:
        sheet = Reader(regions.view(grid))
        readers.append(sheet)
        yield from sheet.forms()


def read_tables(
    grids: list[Grid],
    readers: list[Reader],
    body: dict[str, Any],
    read: Callable[[Reader], dict[str, Any]],
    rows: str,
) -> None:
    """A document of one table continued over sheets: each sheet's rows (`rows`: the list of
    groups or goals) are added in order; its other fields come from the first sheet that
    has them."""
    for reader in sheet_readers(grids, readers):
        for key, value in read(reader).items():
            if key == rows:
                body.setdefault(rows, []).extend(value)
            else:
                body.setdefault(key, value)
