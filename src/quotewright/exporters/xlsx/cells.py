"""Cell writing for the workbook: named styles, safe text, references,
defined names, and the rounding formulas that mirror `domain/money.py`.

Spreadsheets compute in binary floating point, where 100 * 1.005 is
100.49999999999999 and ROUND gives 100, not 101. Every value is therefore
snapped to 14 significant digits before it is rounded (`snap`), which
recovers the exact decimal the engine computed.
"""

from __future__ import annotations

import re
from copy import copy
from decimal import Decimal
from weakref import WeakKeyDictionary

from babel.numbers import get_currency_symbol
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from .cached_values import remember

INPUT_FILL = "FFF2CC"  # every cell a reader may change
HEADER_FILL = "1F4E79"
SECTION_FILL = "D9E1F2"
OPEN_BOUND = "9.99E+307"  # the numeric stand-in for an open-ended last tier


def snap(expression: str) -> str:
    """The value at 14 significant digits: undoes binary floating-point drift."""
    return f"ROUND({expression},13-INT(LOG10(MAX(ABS({expression}),1))))"


def round_to(expression: str, places: int) -> str:
    """ROUND half away from zero, like `money.round_money`, after `snap`."""
    return f"ROUND({snap(expression)},{places})"


def money_format(currency: str, places: int, more_places: int = 0) -> str:
    """The currency's number format; `more_places` optional digits past the
    minor unit, for rates and prices ($0.0065 a credit)."""
    symbol = get_currency_symbol(currency, locale="en_US")
    symbol = symbol if len(symbol) == 1 else f"{symbol} "
    decimals = "0" * places + "#" * more_places
    number = "#,##0" + ("." + decimals if decimals else "")
    return f'"{symbol}"{number};-"{symbol}"{number}'


# Assigning a named style by name makes openpyxl search its style list for
# every cell, which doubled the export time; each workbook keeps the resolved
# style arrays of its named styles instead, and cells take a copy.
_RESOLVED: WeakKeyDictionary = WeakKeyDictionary()


def _style(cell, name: str) -> None:
    cell._style = copy(_RESOLVED[cell.parent.parent][name])


class Styles:
    """Named styles registered once per workbook; cells refer to them by name."""

    def __init__(self, workbook, currency: str, places: int, fractional_credits: bool):
        money = money_format(currency, places)
        # Credits carry thousands separators; fractional credits show at
        # least two decimals and up to eight (no bare "1,000." for a whole).
        credits = "#,##0.00######" if fractional_credits else "#,##0"
        thin = Side(style="thin", color="BFBFBF")
        formats = {"money": money, "price": money_format(currency, places, 8), "rate": "General", "int": "#,##0",
                   "percent": "0.00", "credits": credits, "factor": "0.########", "text": "@",
                   "date": "yyyy-mm-dd", "month": "mmm yyyy"}
        # Only the styles the sheets use: each one registered costs time on
        # every export (openpyxl indexes its parts).
        roles = {"input": ("money", "price", "rate", "int", "percent", "credits", "text"),
                 "calc": ("money", "rate", "int", "percent", "credits", "factor", "text", "date", "month"),
                 "total": ("money", "int", "credits", "text")}
        for role, kinds in roles.items():
            for kind in kinds:
                number_format = formats[kind]
                style = NamedStyle(name=f"{role}_{kind}", number_format=number_format)
                if role == "total":  # a totals row: bold over a rule
                    style.font = Font(bold=True)
                    style.border = Border(top=Side(style="thin", color="1F3864"))
                if role == "input":
                    style.fill = PatternFill("solid", fgColor=INPUT_FILL)
                    style.font = Font(color="1F3864")
                    style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                workbook.add_named_style(style)
        extras = [
            NamedStyle(name="title", font=Font(bold=True, size=14, color=HEADER_FILL)),
            NamedStyle(name="note", font=Font(italic=True, color="595959"), alignment=Alignment(wrap_text=False)),
            NamedStyle(
                name="header",
                font=Font(bold=True, color="FFFFFF"),
                fill=PatternFill("solid", fgColor=HEADER_FILL),
                alignment=Alignment(wrap_text=True, vertical="center"),
            ),
            NamedStyle(name="section", font=Font(bold=True), fill=PatternFill("solid", fgColor=SECTION_FILL)),
            NamedStyle(name="label"),
            NamedStyle(name="check", font=Font(bold=True, size=12)),
        ]
        for style in extras:
            workbook.add_named_style(style)
        _RESOLVED[workbook] = {style.name: style.as_tuple() for style in workbook._named_styles}


# What XML 1.0 (the format of every part of an .xlsx) cannot hold at all:
# control characters other than tab, newline and return, the surrogates
# (never valid alone) and the non-characters U+FFFE and U+FFFF. openpyxl
# refuses the first kind, but writes the others raw, which makes a sheet that
# neither openpyxl nor LibreOffice can read back.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> str:
    """Text as a spreadsheet can store it: what XML 1.0 cannot hold is
    replaced with U+FFFD, so the workbook always reads back."""
    text = str(text)
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def put_text(sheet: Worksheet, row: int, column: int, text: str, style: str = "label") -> None:
    """Text a person typed: always stored as text, so "=cmd()" stays text."""
    cell = sheet.cell(row, column)
    cell.value = safe_text(text)
    cell.data_type = "s"
    _style(cell, style)


def put_wrapped(sheet: Worksheet, row: int, first: int, last: int, text: str, style: str, lines: int) -> None:
    """Text across columns first..last of a row, wrapped on `lines` lines, so
    a long note prints inside the page instead of running off its edge."""
    put_text(sheet, row, first, text, style)
    cell = sheet.cell(row, first)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    sheet.row_dimensions[row].height = _LINE_HEIGHT * lines + 2


def put_value(sheet: Worksheet, row: int, column: int, value: Decimal | int | None, style: str) -> None:
    _style(sheet.cell(row, column, value), style)


def put_formula(sheet: Worksheet, row: int, column: int, formula: str, style: str, value) -> None:
    """A formula and the value it computes (the engine's figure), which the
    saved file carries as the cell's cached value (cached_values.py)."""
    cell = sheet.cell(row, column)
    # Set as openpyxl's value setter would for a string starting with "="
    # (a formula), without its scan for characters XML cannot hold: the
    # formulas are the exporter's own text, and that scan of every long
    # formula was a tenth of the export.
    cell._value, cell.data_type = "=" + formula, "f"
    _style(cell, style)
    remember(sheet, row, column, safe_text(value) if isinstance(value, str) else value)


_HEADERS: WeakKeyDictionary = WeakKeyDictionary()  # sheet -> {row: {column: title}}


def header_row(sheet: Worksheet, row: int, titles: list[str], first_column: int = 1) -> None:
    for offset, title in enumerate(titles):
        put_text(sheet, row, first_column + offset, title, "header")
        _HEADERS.setdefault(sheet, {}).setdefault(row, {})[first_column + offset] = title


_LINE_HEIGHT = 15  # points per line of 11-point text
_DEFAULT_WIDTH = 13  # a column's width (in characters) when none was set


def fit_header_heights(sheet: Worksheet) -> None:
    """Make each header row tall enough for its longest title wrapped in its
    column (LibreOffice does not grow a row for wrapped text on opening, so
    a header would be clipped). Run once the sheet's widths are set."""
    for row, titles in _HEADERS.get(sheet, {}).items():
        lines = 1
        for column, title in titles.items():
            width = sheet.column_dimensions[col(column)].width or _DEFAULT_WIDTH
            per_line = max(4, int(width * 0.85) - 1)  # bold header text is wider than the width's digits
            wrapped, length = 1, 0
            for word in title.split():
                if length and length + 1 + len(word) > per_line:
                    wrapped, length = wrapped + 1, len(word)
                else:
                    length += len(word) + (1 if length else 0)
                wrapped += (len(word) - 1) // per_line  # a word longer than the line breaks inside
            lines = max(lines, wrapped)
        current = sheet.row_dimensions[row].height or 0
        sheet.row_dimensions[row].height = max(current, _LINE_HEIGHT * lines + 4)


def col(column: int) -> str:
    return get_column_letter(column)


def cell_ref(column: int, row: int, sheet: str | None = None, absolute: bool = True) -> str:
    dollar = "$" if absolute else ""
    local = f"{dollar}{col(column)}{dollar}{row}"
    return f"{quote_sheetname(sheet)}!{local}" if sheet else local


def range_ref(column: int, first_row: int, last_row: int, sheet: str | None = None, last_column: int | None = None) -> str:
    end_column = last_column or column
    local = f"${col(column)}${first_row}:${col(end_column)}${last_row}"
    return f"{quote_sheetname(sheet)}!{local}" if sheet else local


def define_name(workbook, name: str, reference: str) -> str:
    """A workbook-level defined name; returns the name for use in formulas."""
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    return name


def set_widths(sheet: Worksheet, widths: dict[int, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[col(column)].width = width
