"""Decimals reach the file as their exact text, while a workbook is written.

openpyxl serialises every number with "%.16g", which converts a Decimal to a
float first: 0.0006 would be written as 0.0005999999999999999. The cell
writer imports `safe_string` by name, so replacing that one reference makes
Decimals exact and leaves every other value as openpyxl writes it.

The replacement is in place only inside `exact_decimals()` (the exporter
writes its workbook there), never from importing Quotewright: other code in
the process that uses openpyxl gets openpyxl as it ships. Exports may run
on several threads at once, so the patch is counted: the first export in
installs it, the last one out restores openpyxl's.
tests/test_xlsx_structure.py fails if a later openpyxl changes this path.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from decimal import Decimal
from typing import Iterator

from openpyxl.cell import _writer

_openpyxl_safe_string = _writer.safe_string


def _exact_safe_string(value):
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return _openpyxl_safe_string(value)


class CountedPatch:
    """`owner.name` replaced by `replacement` while at least one workbook is
    being written (the exporter's save-time patches): the first writer in
    installs it, the last one out restores openpyxl's, across threads."""

    def __init__(self, owner, name: str, replacement):
        self.owner, self.name, self.replacement = owner, name, replacement
        self.original = getattr(owner, name)
        self._lock = threading.Lock()
        self._writing = 0

    @contextmanager
    def active(self) -> Iterator[None]:
        with self._lock:
            if self._writing == 0:
                setattr(self.owner, self.name, self.replacement)
            self._writing += 1
        try:
            yield
        finally:
            with self._lock:
                self._writing -= 1
                if self._writing == 0:
                    setattr(self.owner, self.name, self.original)


_exact = CountedPatch(_writer, "safe_string", _exact_safe_string)


def exact_decimals():
    """Write Decimals exactly for the duration of the block."""
    return _exact.active()
