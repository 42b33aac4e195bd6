"""Reading a usage file for shadow billing (PRICING.md 13) with DuckDB.

A file of records (CSV, gzip CSV or Parquet: told apart by their first
bytes, whatever the name) is read, checked and summed by DuckDB in one pass,
so ten million records never become Python objects: each record's time is
turned into whole days after the start (every month starts at midnight UTC,
so the day decides the month) and the quantities are summed per name and
day as DECIMAL(38,9), exactly (the text is checked, then cast; no float
ever holds a quantity). `domain.shadow.tally` then sorts the few thousand
sums into months, before-start, past-term and unknown units.

A malformed record (a bad time, a quantity that is negative, not a number,
with more than 9 decimals or more than 18 digits before the point, an
empty work unit) or a line DuckDB cannot read (a field too many, a quote
never closed, text that is not UTF-8) makes the whole file an error: the
first few named by their physical line (the header is line 1; a record
whose quoted field holds a line break starts on its first line), with how
many there are in all. Nothing is billed from a file that was not wholly
read. Parquet has no lines: its records are named by their number (the
first record is record 1).

The line of a record DuckDB found malformed is located afterwards, on that
error path only, by `usage_lines`.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import re
import stat
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import duckdb

from ..domain.catalog import Catalog
from ..domain.money import ZERO
from ..domain.shadow import BEFORE_START, BEYOND_TERM, DayGroup, RecordedUsage, month_starts, tally
from .problems import FileProblem
from .usage_lines import MAX_DECIMALS, MAX_WHOLE_DIGITS, lines_of_records, lines_of_texts, malformed_reason

SHOWN_PROBLEMS = 5
MAX_NAMES = 100_000
"""Different work-unit names one file may hold (a wrong column, or an id
per record, would otherwise fill memory with names)."""
MEMORY_LIMIT = "512MB"

TIME_PATTERN = r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?"
"""ISO 8601: a date, or a date and time with `T` or a space between, an
optional zone (`Z`, `+02:00`, `+0200`, `+02`); DuckDB converts it to UTC
and checks that the date and time exist."""
QUANTITY_PATTERN = rf"\d{{1,{MAX_WHOLE_DIGITS}}}(\.\d{{0,{MAX_DECIMALS}}})?|\.\d{{1,{MAX_DECIMALS}}}"

_DAY_MICROSECONDS = 86_400_000_000
MOMENT = '"quotewright moment"'
"""The column each record's time is cast into once (`_with_moment`): an
expression written twice is computed twice."""
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                  "UBIGINT", "UHUGEINT"}
_TIME_TYPES = {"DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE"}


class Columns(NamedTuple):
    """Which columns hold the record's time, work unit and quantity. With
    `quantity` None, a column named "quantity" is used if the file has one,
    and every record counts 1 if it has none."""

    timestamp: str = "timestamp"
    work_unit: str = "work_unit"
    quantity: str | None = None


class ImportCancelled(Exception):
    """`UsageReader.cancel` stopped the read; nothing was billed."""


class _Source(NamedTuple):
    kind: str  # "csv" or "parquet"
    compression: str  # "none" or "gzip" (CSV only)
    columns: dict[str, str]  # name -> DuckDB type, in file order
    scan: str  # the table function that reads the file
    numbered_scan: str  # the same, numbering records where the format can (Parquet)
    time: str
    unit: str
    quantity: str | None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def check_file(path: Path) -> int:
    """The size of a regular file, or a FileProblem saying why it is not one."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise FileProblem(path, "", "no such file") from None
    except OSError as error:
        raise FileProblem(path, "", f"cannot be read: {error.strerror or error}") from None
    if stat.S_ISDIR(status.st_mode):
        raise FileProblem(path, "", "is a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        raise FileProblem(path, "", "is not a regular file (a pipe or a device cannot be read as one)")
    if status.st_size == 0:
        raise FileProblem(path, "", "is empty (0 bytes); a usage file starts with a header line such as "
                                    "timestamp,work_unit,quantity")
    return status.st_size


def _file_kind(path: Path) -> tuple[str, str]:
    try:
        with open(path, "rb") as stream:
            magic = stream.read(4)
    except OSError as error:
        raise FileProblem(path, "", f"cannot be read: {error.strerror or error}") from None
    if magic == b"PAR1":
        return "parquet", "none"
    if magic[:2] == b"\x1f\x8b":
        return "csv", "gzip"
    return "csv", "none"


def _text_stream(path: Path, compression: str) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if compression == "gzip" else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")


def _csv_header(path: Path, compression: str) -> list[str]:
    try:
        with _text_stream(path, compression) as stream:
            header = next(csv.reader(stream), None)
    except (UnicodeDecodeError, csv.Error):
        raise FileProblem(path, "line 1", "is not a CSV header line in UTF-8 text") from None
    except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError
        raise FileProblem(path, "", f"cannot be read as gzip CSV: {error}") from None
    if not header or header == [""]:
        raise FileProblem(path, "line 1", "is empty; a usage file starts with a header line such as "
                                          "timestamp,work_unit,quantity")
    return header


def _pick(path: Path, names: list[str], wanted: str, option: str, required: bool) -> str | None:
    """The column called `wanted` (exactly, or else the one that matches it
    ignoring case); a missing required column is an error naming it."""
    if names.count(wanted) > 1:
        raise FileProblem(path, "line 1", f"has the column {wanted!r} twice; which one holds the data?")
    if wanted in names:
        return wanted
    folded = [name for name in names if name.strip().casefold() == wanted.casefold()]
    if len(folded) == 1:
        return folded[0]
    if not required:
        return None
    shown = ", ".join(repr(name) for name in names[:20]) + (" ..." if len(names) > 20 else "")
    raise FileProblem(path, wanted, f"is a column the file does not have (its columns: {shown}); "
                                    f"name the column with {option}")


def _source(path: Path, columns: Columns, connection: duckdb.DuckDBPyConnection) -> _Source:
    kind, compression = _file_kind(path)
    if kind == "csv":
        header = _csv_header(path, compression)
        # Every column read as text, under a name of its own (a blank or
        # repeated name elsewhere in the header must not stop the read).
        seen: set[str] = set()
        names = []
        for index, name in enumerate(header):
            unique = name if name and name not in seen else f"column {index + 1}"
            seen.add(unique)
            names.append(unique)
        types = {name: "VARCHAR" for name in names}
        struct = "{" + ", ".join(f"{_literal(name)}: 'VARCHAR'" for name in names) + "}"
        scan = (f"read_csv({_literal(str(path))}, auto_detect=false, header=true, delim=',', quote='\"', "
                f"escape='\"', compression={_literal(compression)}, columns={struct})")
        lookup = header
        numbered = scan
    else:
        scan = f"read_parquet({_literal(str(path))})"
        numbered = f"read_parquet({_literal(str(path))}, file_row_number=true)"
        try:
            described = connection.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
        except duckdb.Error as error:
            raise FileProblem(path, "", f"cannot be read as Parquet: {_first_line(error)}") from None
        types = {row[0]: str(row[1]) for row in described}
        names = lookup = list(types)
    time = _pick(path, lookup, columns.timestamp, "--timestamp-column", True)
    unit = _pick(path, lookup, columns.work_unit, "--work-unit-column", True)
    quantity = _pick(path, lookup, columns.quantity or "quantity", "--quantity-column", columns.quantity is not None)
    if kind == "csv":  # the header's names may have been made unique
        time, unit = names[lookup.index(time)], names[lookup.index(unit)]
        quantity = names[lookup.index(quantity)] if quantity is not None else None
    return _Source(kind, compression, types, scan, numbered, time, unit, quantity)


def _first_line(error: Exception) -> str:
    text = str(error).split("\n", 1)[0]
    return re.sub(r"^[A-Za-z ]+Error: ", "", text)


class _Checks(NamedTuple):
    """SQL for one record: its time as a TIMESTAMPTZ, whether the time, the
    quantity and the work unit are well formed, and the quantity's value."""

    moment: str
    time_ok: str
    quantity_ok: str
    value: str
    unit: str
    texts: tuple[str, str, str]  # time, work unit and quantity as written


def _checks(path: Path, source: _Source) -> _Checks:
    time, unit = _identifier(source.time), _identifier(source.unit)
    time_type = source.columns[source.time]
    if time_type == "VARCHAR":
        moment = f"TRY_CAST({time} AS TIMESTAMPTZ)"
        time_ok = f"(regexp_full_match({time}, {_literal(TIME_PATTERN)}) AND {MOMENT} IS NOT NULL)"
    elif time_type in _TIME_TYPES:
        moment = f"CAST({time} AS TIMESTAMPTZ)"  # a time without a zone is UTC (the session's zone)
        time_ok = f"({time} IS NOT NULL)"
    else:
        raise FileProblem(path, source.time, f"is a {time_type} column; a time is text, a DATE or a TIMESTAMP")
    if source.quantity is None:
        quantity_ok, value, quantity_text = "true", "CAST(1 AS DECIMAL(38,9))", "NULL"
    else:
        quantity = _identifier(source.quantity)
        quantity_type = source.columns[source.quantity]
        quantity_text = f"CAST({quantity} AS VARCHAR)"
        limit = "1" + "0" * MAX_WHOLE_DIGITS
        if quantity_type == "VARCHAR":
            quantity_ok = f"({quantity} IS NULL OR regexp_full_match({quantity}, {_literal(QUANTITY_PATTERN)}))"
            exact = f"TRY_CAST({quantity} AS DECIMAL(38,9))"
        elif quantity_type in _INTEGER_TYPES or quantity_type.startswith("DECIMAL"):
            exact = f"TRY_CAST({quantity} AS DECIMAL(38,9))"
            quantity_ok = (f"({quantity} IS NULL OR ({exact} IS NOT NULL AND {exact} = {quantity} "
                           f"AND {quantity} >= 0 AND {quantity} < {limit}))")
        else:
            floating = " (floating point: not an exact decimal)" if quantity_type in ("FLOAT", "DOUBLE") else ""
            raise FileProblem(path, source.quantity, f"is a {quantity_type} column{floating}; a quantity is "
                                                      "text, an integer or a DECIMAL")
        value = f"COALESCE({exact}, CAST(1 AS DECIMAL(38,9)))"
    unit_text = unit if source.columns[source.unit] == "VARCHAR" else f"CAST({unit} AS VARCHAR)"
    time_text = time if time_type == "VARCHAR" else f"CAST({time} AS VARCHAR)"
    return _Checks(moment, time_ok, quantity_ok, value, unit_text, (time_text, unit_text, quantity_text))


def _with_moment(scan: str, checks: _Checks) -> str:
    return f"(SELECT *, {checks.moment} AS {MOMENT} FROM {scan})"


class UsageReader:
    """One read of a usage file. `read()` runs on any thread; `cancel()` and
    `progress()` may be called from another one (the app's progress bar)."""

    def __init__(self, path: Path, start: dt.date, catalog: Catalog, *, columns: Columns = Columns(),
                 mapping: Mapping[str, str] | None = None, threads: int | None = None):
        self.path, self.start, self.catalog = Path(path), start, catalog
        self.columns, self.mapping = columns, mapping
        self._threads = threads
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()
        connection = self._connection
        if connection is not None:
            connection.interrupt()

    def progress(self) -> float | None:
        """How much of the read is done, 0-100, when DuckDB can tell."""
        connection = self._connection
        if connection is None:
            return None
        try:
            done = connection.query_progress()
        except duckdb.Error:
            return None
        return done if done >= 0 else None

    def read(self) -> RecordedUsage:
        check_file(self.path)
        config = {"memory_limit": MEMORY_LIMIT}
        if self._threads:
            config["threads"] = self._threads
        connection = duckdb.connect(config=config)
        self._connection = connection
        try:
            if self._cancelled.is_set():
                raise ImportCancelled()
            connection.execute("SET TimeZone = 'UTC'")
            # Progress is measured (for the app's bar) but never printed.
            connection.execute("SET enable_progress_bar = true")
            connection.execute("SET enable_progress_bar_print = false")
            source = _source(self.path, self.columns, connection)
            checks = _checks(self.path, source)
            groups = self._summed(connection, source, checks)
            if self._cancelled.is_set():
                raise ImportCancelled()
            return tally(groups, self.catalog, self.start, self.mapping)
        finally:
            self._connection = None
            connection.close()

    def _summed(self, connection: duckdb.DuckDBPyConnection, source: _Source, checks: _Checks) -> list[DayGroup]:
        starts = month_starts(self.start)
        first, end = (int(moment.timestamp()) * 1_000_000 for moment in (starts[0], starts[-1]))
        good = f"({checks.time_ok} AND {checks.quantity_ok} AND {checks.unit} IS NOT NULL)"
        # Each step in a query of its own, so every check and cast runs once per record.
        checked = (f"SELECT {checks.unit} AS unit, {good} AS good, epoch_us({MOMENT}) AS micros, "
                   f"{checks.value} AS value FROM {_with_moment(source.scan, checks)}")
        day = (f"CASE WHEN NOT good THEN NULL WHEN micros < {first} THEN {BEFORE_START} "
               f"WHEN micros >= {end} THEN {BEYOND_TERM} ELSE (micros - {first}) // {_DAY_MICROSECONDS} END")
        sql = (f"SELECT unit, day, count(*), sum(value) FROM (SELECT unit, {day} AS day, "
               f"CASE WHEN good THEN value END AS value FROM ({checked})) GROUP BY unit, day")
        try:
            connection.execute("SET preserve_insertion_order = false")  # an aggregate needs no order
            rows = connection.execute(sql).fetchmany(MAX_NAMES * 4 + 1)
        except duckdb.InterruptException:
            raise ImportCancelled() from None
        except duckdb.Error as error:
            raise self._unreadable(source, error) from None
        if len(rows) > MAX_NAMES * 4:
            raise FileProblem(self.path, source.unit, f"holds more than {MAX_NAMES:,} different work units; "
                                                      "is it the right column (--work-unit-column)?")
        records = sum(row[2] for row in rows)
        if records == 0:
            raise FileProblem(self.path, "", "has a header but no records")
        malformed = sum(row[2] for row in rows if row[1] is None or row[0] is None or not row[0].strip())
        if malformed:
            raise self._malformed(connection, source, checks, good, malformed, records)
        return [DayGroup(row[0], row[1], row[2], row[3] if row[3] is not None else ZERO) for row in rows]

    # --- errors -------------------------------------------------------------------------------------------

    def _unreadable(self, source: _Source, error: duckdb.Error) -> FileProblem:
        text = str(error)
        found = re.search(r"CSV Error on Line: (\d+)", text)
        if source.kind != "csv" or not found:
            return FileProblem(self.path, "", f"cannot be read: {_first_line(error)}")
        record = int(found.group(1)) - 1  # DuckDB counts records, the header being 1
        columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        if columns:
            reason = f"has {columns.group(2)} fields; the header has {columns.group(1)}"
        elif "unterminated quote" in text:
            reason = "has a quoted field that is never closed"
        elif "unicode" in text.lower() or "utf-8" in text.lower():
            reason = "is not UTF-8 text"
        else:
            reason = "cannot be read as CSV"
        lines = lines_of_records(self.path, source.compression, [record])
        where = f"line {lines[0]}" if lines else f"record {record}"
        return FileProblem(self.path, where, f"{reason}; nothing was billed from this file")

    def _malformed(self, connection, source: _Source, checks: _Checks, good: str, count: int,
                   records: int) -> FileProblem:
        time_text, unit_text, quantity_text = checks.texts
        order = ", file_row_number" if source.kind == "parquet" else ""
        scan = source.numbered_scan
        sql = (f"SELECT {time_text}, {unit_text}, {quantity_text}, {checks.time_ok}, {checks.quantity_ok}{order} "
               f"FROM {_with_moment(scan, checks)} WHERE NOT {good} OR trim({unit_text}) = '' "
               f"LIMIT {SHOWN_PROBLEMS}")
        connection.execute("SET preserve_insertion_order = true")  # the first malformed records, in file order
        bad = connection.execute(sql).fetchall()
        if source.kind == "parquet":
            places = [f"record {row[5] + 1}" for row in bad]
        else:
            csv_columns = list(source.columns)
            wanted = [tuple(row[:3]) for row in bad]
            indexes = (csv_columns.index(source.time), csv_columns.index(source.unit),
                       csv_columns.index(source.quantity) if source.quantity else None)
            found = lines_of_texts(self.path, source.compression, indexes, wanted)
            places = [f"line {line}" if line else "a record whose line was not found" for line in found]
        problems = [f"{place}: {malformed_reason(row)}" for place, row in zip(places, bad)]
        first_where, _, first_reason = problems[0].partition(": ") if problems else ("", "", "malformed record")
        rest = "; ".join(problems[1:])
        total = f"{count:,} malformed record{'s' if count != 1 else ''} of {records:,}"
        message = first_reason + (f"; {rest}" if rest else "") + f" ({total}; nothing was billed from this file)"
        return FileProblem(self.path, first_where, message)


def read_usage(path: Path, start: dt.date, catalog: Catalog, *, columns: Columns = Columns(),
               mapping: Mapping[str, str] | None = None) -> RecordedUsage:
    """The records of a usage file sorted out for `catalog` (PRICING.md 13),
    or a FileProblem naming the file and the line at fault."""
    return UsageReader(path, start, catalog, columns=columns, mapping=mapping).read()
