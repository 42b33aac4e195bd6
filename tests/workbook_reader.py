"""Read a recalculated workbook the way a person would: by sheet, header
title and row label, never by the exporter's internal layout."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import load_workbook

from quotewright.domain.result import LINE_NAMES, PricedCase


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

    def labelled(self, sheet: str, label: str, column: int = 2, label_column: int = 1):
        for row in self.book[sheet].iter_rows(min_col=label_column):
            if row and row[0].value == label:
                return row[column - label_column].value
        raise KeyError(label)

    def table(self, sheet: str, section: str, column: int = 1) -> list[tuple]:
        """The rows of a table that follows a section title and its header,
        the title in `column` (the Summary's side block starts at column 9)."""
        rows = [row[column - 1:] for row in self.book[sheet].iter_rows(values_only=True)]
        start = next(i for i, row in enumerate(rows) if row and row[0] == section) + 2
        found = []
        for row in rows[start:]:
            if not row or row[0] is None:
                break
            found.append(row)
        return found

    @property
    def master_check(self):
        return self.book["Checks"]["B4"].value

    def failed_checks(self) -> list[tuple]:
        return [row[:4] for row in self.book["Checks"].iter_rows(min_row=7, values_only=True) if row[4] != "OK"]


LINE_TITLES = {"platform": "Platform", "seats": "Seats", "credit_packs": "Credit packs", "overage": "Overage",
               "outcomes": "Outcomes"}
# Summary labels and the totals they show; money at minor units, the rest at 2 decimals.
MONEY_FIGURES = {"Total contract value (TCV)": "tcv", "List TCV": "list_tcv", "Discount": "discount",
                 "Committed TCV": "committed_tcv", "Committed list TCV": "committed_list_tcv",
                 "Annual contract value (ACV)": "acv", "Cost to serve (internal)": "cost_to_serve"}
PERCENT_FIGURES = {"Effective discount %": "effective_discount_percent",
                   "Committed discount %": "committed_discount_percent",
                   "Gross margin % (internal)": "gross_margin_percent"}


def compare_case(book: RecalculatedWorkbook, case: PricedCase, invoices, places: int) -> list[str]:
    problems = []

    def compare(label: str, engine, value, at: int = places) -> None:
        got = exact(value, at)
        if got != engine:
            problems.append(f"{label}: engine {engine}, workbook {got}")

    for month in case.months:
        for line in LINE_NAMES:
            title = LINE_TITLES[line]
            compare(f"month {month.month} {line}", month.lines.charge(line).net,
                    book.schedule_value(month.month, f"{title} net"))
            compare(f"month {month.month} {line} list", month.lines.charge(line).list,
                    book.schedule_value(month.month, f"{title} list"))
        compare(f"month {month.month} total", month.total, book.schedule_value(month.month, "Total (net)"))
        compare(f"month {month.month} list total", month.list_total, book.schedule_value(month.month, "List total"))
        compare(f"month {month.month} invoice", invoices[month.month - 1].amount,
                book.schedule_value(month.month, "Invoice"))
    years = book.table("Summary", "By contract year")
    if [row[0] for row in years] != [year.year for year in case.years]:
        return problems + [f"years: engine {[y.year for y in case.years]}, workbook {[row[0] for row in years]}"]
    for year, row in zip(case.years, years):
        compare(f"year {year.year} list", year.list_total, row[1])
        compare(f"year {year.year} net", year.total, row[3])
    for label, field in MONEY_FIGURES.items():
        compare(label, getattr(case.totals, field), book.labelled("Summary", label))
    for label, field in PERCENT_FIGURES.items():
        compare(label, getattr(case.totals, field), book.labelled("Summary", label), 2)
    return problems
