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
"""

from __future__ import annotations

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
from openpyxl.worksheet.worksheet import Worksheet

CachedValue = Union[Decimal, Fraction, int, str, bool, None]


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
"""A formula whose value the exporter cannot know: it is written without one."""

_VALUES: WeakKeyDictionary = WeakKeyDictionary()  # worksheet -> {(row, column): value}


def remember(sheet: Worksheet, row: int, column: int, value) -> None:
    """The value the formula at (row, column) computes, for the saved file."""
    if value is UNKNOWN:
        return
    _VALUES.setdefault(sheet, {})[(row, column)] = value


def remembered(sheet: Worksheet) -> dict[tuple[int, int], CachedValue]:
    return _VALUES.get(sheet, {})


_FRACTION_DIGITS = 20  # more significant digits than a double holds: it reads back as the nearest double


def _number_text(value) -> str:
    """A number as the text of a cell value (xsd:double): exact for ints and
    Decimals, which a spreadsheet reads as their nearest double; a Fraction
    (a largest-remainder share's remainder) in 20 decimals, by integer
    arithmetic, which is closer than a double can be."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        whole, rest = divmod(abs(value.numerator), value.denominator)
        decimals = rest * 10**_FRACTION_DIGITS // value.denominator
        sign = "-" if value < 0 else ""
        return f"{sign}{whole}.{decimals:0{_FRACTION_DIGITS}d}"
    exponent = value.as_tuple().exponent
    return format(value, "f") if isinstance(exponent, int) and -40 < exponent < 40 else str(value)


def _cell_xml(value) -> tuple[bytes, bytes]:
    """(type attribute, value text) for a cached value."""
    if isinstance(value, bool):
        return b' t="b"', b"1" if value else b"0"
    if value is None:  # a formula that gives an empty text ("")
        return b' t="str"', b""
    if isinstance(value, str):
        return b' t="str"', escape(value).encode("utf-8")
    return b"", _number_text(value).encode("ascii")


# A formula cell as openpyxl writes it: no type attribute (openpyxl writes
# none for a formula), the formula's text (XML-escaped, so without "<"), and
# an empty value.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v ?/>')


def _rewrite_sheet(xml: bytes, values: dict[bytes, tuple[bytes, bytes]]) -> bytes:
    def cached(match: re.Match) -> bytes:
        found = values.get(match.group(1))
        if found is None:
            return match.group(0)
        kind, text = found
        return (b'<c r="' + match.group(1) + b'"' + match.group(2) + kind + b"><f>" + match.group(3)
                + b"</f><v>" + text + b"</v>")

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


def insert_cached_values(package: bytes, sheets: list[Worksheet]) -> bytes:
    """The saved workbook with each sheet's remembered values in its formula cells."""
    source = zipfile.ZipFile(io.BytesIO(package))
    parts = _sheet_parts(source)
    by_part = {}
    for sheet in sheets:
        values = remembered(sheet)
        if values:
            by_part[parts[sheet.title]] = {
                f"{get_column_letter(column)}{row}".encode("ascii"): _cell_xml(value)
                for (row, column), value in values.items()
            }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in by_part:
                data = _rewrite_sheet(data, by_part[info.filename])
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


__all__ = ["UNKNOWN", "insert_cached_values", "remember", "remembered"]
