"""The row writer of the spreadsheet layouts: a sheet's cells, roles (title, label, value…),
widths and figure cells, written top to bottom (sheets.layout, sheets.lists, sheets.series)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

from site_gen.sheets.grid import Grid, Span
from site_gen.tables import export


@dataclass
class Sheet:
    grid: Grid
    roles: dict[tuple[int, int], str] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    landscape: bool = False
    hidden: bool = False
    # Cells holding a form's figures (amounts, rates, points): written as numbers where their
    # text is a plain number, so that SUM works in Excel; other cells stay text.
    figures: set[tuple[int, int]] = field(default_factory=set)


def zh(cls: type, name: str) -> str:
    """A field's Chinese name as the model states it (the label a form prints)."""
    return _names(cls)[name]


@functools.cache
def _names(cls: Any) -> dict[str, str]:  # Any: mypy holds model classes unhashable
    return {f.name: f.metadata["zh"] for f in dataclasses.fields(cls)}


def text(value: Any) -> str:
    """A value as the page shows it (export.to_data keeps figures as written)."""
    data = export.to_data(value)
    if data is None:
        return ""
    if isinstance(data, bool):
        return "是" if data else "否"
    if isinstance(data, dict):  # an unclear figure
        return str(data["text"])
    return str(data)


class Lay:
    """Writes rows top to bottom; a label takes `label_cols` columns, its value the rest."""

    def __init__(self, name: str, width: int, label_cols: int = 1) -> None:
        self.sheet = Sheet(Grid(name))
        self.width = max(width, label_cols + 1)
        self.label_cols = label_cols
        self.row = 0

    def put(self, col: int, value: str, role: str, rows: int = 1, cols: int = 1) -> None:
        grid = self.sheet.grid
        if value:
            grid.cells[(self.row, col)] = value
        self.sheet.roles[(self.row, col)] = role
        if rows > 1 or cols > 1:
            grid.spans[(self.row, col)] = Span(self.row, col, self.row + rows - 1, col + cols - 1)

    def full(self, value: str, role: str) -> None:
        self.put(0, value, role, cols=self.width)
        self.row += 1

    def fact(self, label: str, value: str) -> None:
        self.put(0, label, "label", cols=self.label_cols)
        self.put(self.label_cols, value, "value", cols=self.width - self.label_cols)
        self.row += 1

    def facts(self, label: str, values: tuple[str, ...]) -> None:
        """A label over several rows, one value per row (目标1、目标2…, several 实施单位)."""
        if not values:
            return
        self.put(0, label, "label", rows=len(values), cols=self.label_cols)
        for value in values:
            self.put(self.label_cols, value, "value", cols=self.width - self.label_cols)
            self.row += 1

    def cells(self, values: list[str], role: str, figures: tuple[int, ...] = ()) -> None:
        for col, value in enumerate(values):
            self.put(col, value, role)
        self.sheet.figures.update((self.row, col) for col in figures)
        self.row += 1

    def figure(self, label: str, value: str) -> None:
        """A label–value row whose value is a figure (项目总金额, 得分)."""
        self.sheet.figures.add((self.row, self.label_cols))
        self.fact(label, value)
