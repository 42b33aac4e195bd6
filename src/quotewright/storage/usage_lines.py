"""Where a malformed record of a usage file is, and why (the error path of
`usage_import`): the physical line a CSV record starts on, found by a plain
read of the file up to it, and the reason in words.

DuckDB counts records, not lines, and returns no position for a record
that it read but that failed a check; it keeps a file's order, so the first
malformed records it returns are found again here, in order, by their text
(any earlier record with the same text would have been malformed too).
A blank line is not a record, for DuckDB and here alike; a record whose
quoted field holds a line break starts on its first line.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

MAX_DECIMALS = 9
MAX_WHOLE_DIGITS = 18
"""Digits before the point of one quantity: ten billion records of the
largest still sum inside DECIMAL(38,9)."""


def malformed_reason(row: tuple) -> str:
    """Why a record the checks refused is malformed, in words."""
    time_text, unit_text, quantity_text, time_ok, quantity_ok = row[:5]
    if not time_ok:
        if time_text is None or not str(time_text).strip():
            return "the time is empty"
        return (f"time {str(time_text)[:40]!r} is not an ISO 8601 date or date-time that exists "
                "(such as 2026-01-31 or 2026-01-31T08:00:00Z)")
    if not quantity_ok:
        text = str(quantity_text).strip()
        shown = repr(text[:40])
        if text.startswith("-"):
            return f"quantity {shown} is negative"
        whole, point, decimals = text.partition(".")
        if whole.isdigit() or (not whole and decimals):
            if point and decimals.isdigit() and len(decimals) > MAX_DECIMALS:
                return f"quantity {shown} has {len(decimals)} decimals; at most {MAX_DECIMALS}"
            if len(whole) > MAX_WHOLE_DIGITS:
                return f"quantity {shown} has more than {MAX_WHOLE_DIGITS} digits before the point"
        return f"quantity {shown} is not a number (write it like 12 or 3.5)"
    return "the work unit is empty"


def _records(path: Path, compression: str) -> Iterator[tuple[int, list[str]]]:
    """Each data record of a CSV file with the physical line it starts on
    (blank lines are not records, as DuckDB reads them too)."""
    with gzip.open(path, "rb") if compression == "gzip" else open(path, "rb") as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        reader = csv.reader(stream)
        last = 0
        try:
            for row in reader:
                first, last = last + 1, reader.line_num
                if first > 1 and row:
                    yield first, row
        except csv.Error:
            return


def lines_of_records(path: Path, compression: str, records: list[int]) -> list[int]:
    wanted, found = set(records), {}
    for ordinal, (line, _) in enumerate(_records(path, compression), start=1):
        if ordinal in wanted:
            found[ordinal] = line
            if len(found) == len(wanted):
                break
    return [found[r] for r in records if r in found]


def lines_of_texts(path: Path, compression: str, indexes: tuple, wanted: list[tuple]) -> list[int | None]:
    """The lines of `wanted` (time, unit, quantity as DuckDB read them, in
    file order), found in order by their text. Any earlier record with the
    same text would have been malformed too, so the first match is it."""
    lines: list[int | None] = []

    def cell(row: list[str], index: int | None) -> str | None:
        if index is None or index >= len(row) or row[index] == "":
            return None  # DuckDB reads an empty field as NULL
        return row[index]

    pending = iter(wanted)
    target = next(pending, None)
    if target is not None:
        for line, row in _records(path, compression):
            if tuple(cell(row, i) for i in indexes) == target:
                lines.append(line)
                target = next(pending, None)
                if target is None:
                    break
    return lines + [None] * (len(wanted) - len(lines))
