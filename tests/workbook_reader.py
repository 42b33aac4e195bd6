"""Read a recalculated workbook the way a person would: by sheet, header
title and row label, never by the exporter's internal layout."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import load_workbook


def exact(value, places: int) -> Decimal:
    """A recalculated number as Decimal at `places` decimals."""
    assert isinstance(value, (int, float)), f"expected a number, got {value!r}"
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


class RecalculatedWorkbook:
    def __init__(self, path: Path):
        self.book = load_workbook(path, data_only=True)
        schedule = self.book["Schedule"]
        self.schedule = schedule
        self.columns = {cell.value: cell.column for cell in schedule[4] if cell.value}
        self.first_row = 5

    def schedule_value(self, month: int, title: str):
        return self.schedule.cell(self.first_row + month - 1, self.columns[title]).value

    def labelled(self, sheet: str, label: str, column: int = 2):
        for row in self.book[sheet].iter_rows():
            if row[0].value == label:
                return row[column - 1].value
        raise KeyError(label)

    def table(self, sheet: str, section: str) -> list[tuple]:
        """The rows of a table that follows a section title and its header."""
        rows = list(self.book[sheet].iter_rows(values_only=True))
        start = next(i for i, row in enumerate(rows) if row and row[0] == section) + 2
        found = []
        for row in rows[start:]:
            if row[0] is None:
                break
            found.append(row)
        return found

    @property
    def master_check(self):
        return self.book["Checks"]["B4"].value

    def failed_checks(self) -> list[tuple]:
        return [row[:4] for row in self.book["Checks"].iter_rows(min_row=7, values_only=True) if row[4] != "OK"]
