"""Cached values: each formula cell carries the figure the engine computed,
so a reader that does not recalculate (a mail or file preview, pandas, a BI
importer, Excel's Protected View) sees the model's numbers, not blanks.

openpyxl writes every formula with an empty value (`<v />`) and has no way
to write one beside it. The sheets remember, as each formula is placed,
the value it must show (`remember`); while the workbook is saved
(`cached_values_written()`), the cell writer openpyxl's sheet writer calls
is replaced: a formula cell with a remembered value is written with it, as
`<c r=".." s=".." t="str"><f>..</f><v>..</v></c>`. Every cell is made as
text, exactly as openpyxl would write it (a test compares the two byte for
byte), because building an element per cell and serialising it through
et_xmlfile was two thirds of the save (the export went from 2.0-2.3x to
1.5-1.9x the openpyxl floor); a cell of a kind the text writer leaves
(dates, rich text, array formulas, links), and every cell when openpyxl
writes through lxml, goes through openpyxl's own writer.

Like `exact_numbers`, the wrapper is in place only inside the block, never
from importing Quotewright, and counted, so exports on several threads
share it. tests/test_xlsx_structure.py fails if a later openpyxl changes
the path. The workbook keeps `fullCalcOnLoad`, so a spreadsheet still
recalculates everything on opening; the cached values are what it would
compute, and a test compares them with LibreOffice's.

A formula placed with `UNKNOWN` is written without a value (none is, today).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Union
from weakref import WeakKeyDictionary

from openpyxl.cell import _writer as _cell_writer
from openpyxl.cell._writer import _set_attributes
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import Element, SubElement

from .exact_numbers import CountedPatch

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
    which a spreadsheet reads as their nearest double; a Fraction in 20
    decimals, by integer arithmetic, which is closer than a double can be."""
    if isinstance(value, Fraction):
        whole, rest = divmod(abs(value.numerator), value.denominator)
        decimals = rest * 10**_FRACTION_DIGITS // value.denominator
        sign = "-" if value < 0 else ""
        return f"{sign}{whole}.{decimals:0{_FRACTION_DIGITS}d}"
    return str(value)


def cell_value(value) -> tuple[str | None, str]:
    """(the cell's type attribute, or None for a number; the value's text)."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if value is None:  # a formula that gives an empty text ("")
        return "str", ""
    if isinstance(value, str):
        return "str", value  # the XML writer escapes it
    return None, _number_text(value)


_openpyxl_write_cell = sheet_writer.write_cell


def _remembered_for(worksheet, cell):
    """The value remembered for the formula in `cell`, or UNKNOWN."""
    return _VALUES.get(worksheet, {}).get((cell.row, cell.column), UNKNOWN)


def _escaped(text: str) -> str:
    """Text content as XML (what ElementTree escapes in element text)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _cell_xml(worksheet, cell, styled) -> str | None:
    """The cell's XML as openpyxl's writer makes it, or None for a cell this
    writer leaves to openpyxl (dates, rich text, array formulas, links).
    Made as text: building an element per cell and serialising it through
    et_xmlfile was two thirds of the save."""
    kind, value = cell.data_type, cell._value
    if cell.hyperlink is not None:
        return None
    start = f'<c r="{cell.coordinate}" s="{cell.style_id}"' if styled else f'<c r="{cell.coordinate}"'
    if kind == "f":
        if not isinstance(value, str):
            return None  # an array or data-table formula
        cached = _remembered_for(worksheet, cell)
        if cached is UNKNOWN:
            return f"{start}><f>{_escaped(value[1:])}</f><v /></c>"
        value_kind, text = cell_value(cached)
        typed = f' t="{value_kind}"' if value_kind else ""
        return f"{start}{typed}><f>{_escaped(value[1:])}</f><v>{_escaped(text)}</v></c>"
    if kind == "n" or kind == "b":
        if value is None or value == "":
            return f'{start} t="{kind}" />'
        # The writer's number text as the block has it (the exact one for Decimals).
        return f'{start} t="{kind}"><v>{_escaped(_cell_writer.safe_string(value))}</v></c>'
    if kind == "s" and isinstance(value, str):
        if value == "":
            return f'{start} t="inlineStr" />'
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'{start} t="inlineStr"><is><t{space}>{_escaped(value)}</t></is></c>'
    return None


def _write_cell(xf, worksheet, cell, styled=None):
    """openpyxl's cell writer, with a formula's remembered value, made as
    text where the XML writer takes text (et_xmlfile, which openpyxl uses
    without lxml); with lxml, or for a cell `_cell_xml` leaves, openpyxl's."""
    write_text = getattr(xf, "_file", None)
    if write_text is not None and xf._element_stack:
        text = _cell_xml(worksheet, cell, styled)
        if text is not None:
            write_text(text)
            return
    if cell.data_type == "f" and isinstance(cell._value, str):
        value = _remembered_for(worksheet, cell)
        if value is not UNKNOWN:
            _, attributes = _set_attributes(cell, styled)
            kind, text = cell_value(value)
            if kind:
                attributes["t"] = kind
            element = Element("c", attributes)
            SubElement(element, "f").text = cell._value[1:]
            SubElement(element, "v").text = text
            xf.write(element)
            return
    _openpyxl_write_cell(xf, worksheet, cell, styled)


def cached_values_written():
    """Save workbooks with their remembered values for the duration of the block."""
    return _cached.active()


_cached = CountedPatch(sheet_writer, "write_cell", _write_cell)

__all__ = ["UNKNOWN", "cached_values_written", "cell_value", "remember", "remembered"]
