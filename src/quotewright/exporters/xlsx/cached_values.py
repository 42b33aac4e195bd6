"""Cached values: each formula cell carries the figure the engine computed,
so a reader that does not recalculate (a mail or file preview, pandas, a BI
importer, Excel's Protected View) sees the model's numbers, not blanks.

openpyxl writes every formula with an empty value (`<v />`) and has no way
to write one beside it. The sheets remember, as each formula is placed,
the value it must show (`remember`); after openpyxl has saved the workbook,
`insert_cached_values` rewrites each sheet's XML once, putting those values
into the empty `<v />` of the cells they belong to. The workbook keeps
`fullCalcOnLoad`, so a spreadsheet still recalculates everything on opening;
the cached values are what it would compute, and a test compares them with
LibreOffice's.

A formula placed with `UNKNOWN` keeps its empty value (none is, today).
Every formula of the exporter is remembered, so the sheet knows where each
empty value belongs.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from fractions import Fraction
from posixpath import join, normpath
from typing import Union
from weakref import WeakKeyDictionary
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.worksheet.worksheet import Worksheet

CachedValue = Union[Decimal, Fraction, int, str, bool, None]


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
"""A formula whose value the exporter cannot know: it is written without one."""

_VALUES: WeakKeyDictionary = WeakKeyDictionary()  # worksheet -> {(row, column): value}


def remember(sheet: Worksheet, row: int, column: int, value) -> None:
    """The value the formula at (row, column) computes, for the saved file
    (`UNKNOWN`: the formula is written without one)."""
    _VALUES.setdefault(sheet, {})[(row, column)] = value


def remembered(sheet: Worksheet) -> dict[tuple[int, int], CachedValue]:
    return _VALUES.get(sheet, {})


_FRACTION_DIGITS = 20  # more significant digits than a double holds: it reads back as the nearest double


def _number_text(value) -> str:
    """A number as the text of a cell value (xsd:double): exact for ints and
    Decimals (a Decimal's text, "0.0065" or "9.99E+307", is a valid double),
    which a spreadsheet reads as their nearest double; a Fraction (a
    largest-remainder share's remainder) in 20 decimals, by integer
    arithmetic, which is closer than a double can be."""
    if isinstance(value, Fraction):
        whole, rest = divmod(abs(value.numerator), value.denominator)
        decimals = rest * 10**_FRACTION_DIGITS // value.denominator
        sign = "-" if value < 0 else ""
        return f"{sign}{whole}.{decimals:0{_FRACTION_DIGITS}d}"
    return str(value)


def _cell_xml(value) -> tuple[bytes, bytes]:
    """(type attribute, value text) for a cached value."""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return b"", str(value).encode("ascii")
    if isinstance(value, bool):
        return b' t="b"', b"1" if value else b"0"
    if value is None:  # a formula that gives an empty text ("")
        return b' t="str"', b""
    if isinstance(value, str):
        return b' t="str"', escape(value).encode("utf-8")
    return b"", _number_text(value).encode("ascii")


# openpyxl writes an empty value, `<v />`, only in a formula cell: rows in
# order, cells in column order within a row. So the sheet's XML split at
# `<v />` has one piece after each formula cell, in the order of their
# (row, column) keys, and the values go between the pieces. The formula
# text and every other text are XML-escaped, so none holds a "<".
_EMPTY_VALUE = b"<v />"
_FORMULA_START = b"><f>"  # the end of a formula cell's start tag
# The slower way, cell by cell, if the split does not find one empty value
# per formula (a later openpyxl writing differently): the cell's reference,
# its attributes (openpyxl writes no type for a formula), the formula.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v ?/>')


def _rewrite_sheet(xml: bytes, values: dict[tuple[int, int], object]) -> bytes:
    ordered = [values[key] for key in sorted(values)]
    pieces = xml.split(_EMPTY_VALUE)
    if len(pieces) != len(ordered) + 1:
        return _rewrite_cell_by_cell(xml, values)
    out = [pieces[0]]
    for value, piece in zip(ordered, pieces[1:]):
        if value is UNKNOWN:
            out.append(_EMPTY_VALUE)
        else:
            kind, text = _cell_xml(value)
            if kind:  # the type goes into the cell's start tag, just before its formula
                before = out[-1]
                at = before.rfind(_FORMULA_START)
                out[-1] = before[:at] + kind + before[at:]
            out.append(b"<v>" + text + b"</v>")
        out.append(piece)
    return b"".join(out)


def _rewrite_cell_by_cell(xml: bytes, values: dict[tuple[int, int], object]) -> bytes:
    by_reference = {f"{get_column_letter(column)}{row}".encode("ascii"): _cell_xml(value)
                    for (row, column), value in values.items() if value is not UNKNOWN}

    def cached(match: re.Match) -> bytes:
        where, attributes, formula = match.groups()
        found = by_reference.get(where)
        if found is None:
            return match.group(0)
        return b'<c r="%s"%s%s><f>%s</f><v>%s</v>' % (where, attributes, found[0], formula, found[1])

    return _FORMULA_CELL.sub(cached, xml)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its part in the package, read from the workbook's
    relationships (not guessed from the order)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets[sheet.get(f"{{{_RELATIONSHIPS}}}id")]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    return parts


def save_uncompressed(workbook) -> bytes:
    """The workbook as openpyxl saves it, but stored, not compressed: the
    package is compressed once, by `insert_cached_values`, not twice.
    (`Workbook.save` is this writer with a deflating archive.)"""
    buffer = io.BytesIO()
    workbook.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)  # as save does
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return buffer.getvalue()


def insert_cached_values(package: bytes, sheets: list[Worksheet]) -> bytes:
    """The saved workbook with each sheet's remembered values in its formula cells."""
    source = zipfile.ZipFile(io.BytesIO(package))
    parts = _sheet_parts(source)
    by_part = {}
    for sheet in sheets:
        values = remembered(sheet)
        if values:
            by_part[parts[sheet.title]] = values
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in by_part:
                data = _rewrite_sheet(data, by_part[info.filename])
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


__all__ = ["UNKNOWN", "insert_cached_values", "remember", "remembered", "save_uncompressed"]
