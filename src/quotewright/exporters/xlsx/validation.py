"""Inputs that cannot silently lie: data validation on every input cell,
and the same rules as formulas for the Checks sheet.

Data validation stops a typed value that breaks a rule, but not a pasted
one, so each rule is also written as a formula that is TRUE while every
cell it covers keeps the rule; the Checks sheet shows one row per rule and
the master cell turns MISMATCH when one fails (PRICING.md 4 states the
rules: seats and packs whole numbers >= 0, discounts 0-100, multipliers
> 0, usage >= 0, growth above -100, billing monthly or annual).
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .cells import col

# kind -> (type, operator, formula1, formula2, what the reader is told)
_KINDS = {
    "billing": ("list", None, '"monthly,annual"', None, 'Billing is "monthly" or "annual".'),
    "whole": ("whole", "greaterThanOrEqual", "0", None, "A whole number, 0 or more."),
    "percent": ("decimal", "between", "0", "100", "A percentage from 0 to 100."),
    "positive": ("decimal", "greaterThan", "0", None, "A number above 0."),
    "nonnegative": ("decimal", "greaterThanOrEqual", "0", None, "A number, 0 or more."),
    "growth": ("decimal", "greaterThan", "-100", None, "A monthly growth above -100%."),
    "alert": ("decimal", "between", "0.000001", "100", "A percentage above 0, at most 100."),
}


class Rule(NamedTuple):
    """One rule the Checks sheet re-checks: `formula` is TRUE while it holds."""

    label: str
    formula: str


def number_rule(ref: str, low: str, *, above: bool = False, high: str | None = None, whole: bool = False) -> str:
    """TRUE when the cell holds a number >= low (> low with `above`), <= high, whole if asked."""
    parts = [f"ISNUMBER({ref})", f"{ref}>{low}" if above else f"{ref}>={low}"]
    if high is not None:
        parts.append(f"{ref}<={high}")
    if whole:
        parts.append(f"{ref}=INT({ref})")
    return f"AND({','.join(parts)})"


def range_rule(ref: str, count: int, low: str, *, above: bool = False, whole: bool = False) -> str:
    """TRUE when all `count` cells of the range hold numbers keeping the bound."""
    breaks = f"({ref}<={low})" if above else f"({ref}<{low})"
    if whole:
        breaks += f"+({ref}<>INT({ref}))"
    return f"AND(COUNT({ref})={count},SUMPRODUCT(ISNUMBER({ref})*(({breaks})>0))=0)"


class InputRules:
    """The data validation of a workbook's input cells, gathered by sheet and
    kind (one validation object each), and the rules the Checks re-check."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._sheets: dict[int, Worksheet] = {}
        self.rules: list[Rule] = []

    def validate(self, sheet: Worksheet, row: int, column: int, kind: str, last_row: int | None = None,
                 last_column: int | None = None) -> None:
        """Data validation of `kind` on a cell (or a block up to last_row, last_column)."""
        self._sheets[id(sheet)] = sheet
        where = f"{col(column)}{row}"
        if last_row is not None:
            where += f":{col(last_column or column)}{last_row}"
        self._cells[(id(sheet), kind)].append(where)

    def rule(self, label: str, formula: str) -> None:
        self.rules.append(Rule(label, formula))

    def apply(self) -> None:
        """Add the validations to their sheets (once the cells are all known)."""
        for (sheet_id, kind), cells in self._cells.items():
            kind_type, operator, low, high, message = _KINDS[kind]
            validation = DataValidation(type=kind_type, operator=operator, formula1=low, formula2=high,
                                        allow_blank=kind == "nonnegative", showErrorMessage=True,
                                        errorTitle="Not a valid input", error=message, showInputMessage=False)
            validation.sqref = " ".join(cells)
            self._sheets[sheet_id].add_data_validation(validation)
