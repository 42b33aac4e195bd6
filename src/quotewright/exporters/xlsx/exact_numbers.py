"""Decimals reach the file as their exact text.

openpyxl serialises every number with "%.16g", which converts a Decimal to a
float first: 0.0006 would be written as 0.0005999999999999999. The cell
writer imports `safe_string` by name, so replacing that one reference makes
Decimals exact and leaves every other value as openpyxl writes it.
tests/test_xlsx_structure.py fails if a later openpyxl changes this path.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.cell import _writer

_openpyxl_safe_string = _writer.safe_string


def _exact_safe_string(value):
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return _openpyxl_safe_string(value)


def install() -> None:
    _writer.safe_string = _exact_safe_string
