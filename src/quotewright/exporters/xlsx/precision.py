"""Which figures a spreadsheet cannot reproduce exactly, so the export can
say so (a warning, and a row on the Checks sheet) instead of letting the
Checks show MISMATCH with no reason given.

A spreadsheet computes in IEEE doubles, which hold 15 significant decimal
digits. The workbook snaps every value to 14 significant digits before it
rounds (`cells.snap`), which is what lets it land on the engine's exact
cents despite binary drift, but which also means a figure needing more
than 14 significant digits cannot come out exact.

The test, per figure: count its digits from the leading one down to the
resolution its check uses, which is the currency's minor unit for money and
0.000001 (the Checks tolerance) for credits, counts and percentages. More
than `EXACT_DIGITS` is too many. So, for USD, $1,000,000,000,000.00 (15
digits) is too many and $999,999,999,999.99 (14) is not; 100,000,000
credits (15 digits down to 0.000001) are too many. Every input number (a
rate, a price) counts its own significant digits the same way, since its
cell holds a double. The worst figure is named; the count says how many.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Iterator, NamedTuple

from pydantic import BaseModel

from ...domain.result import LINE_NAMES, PricedQuote
from ..base import ExportJob

EXACT_DIGITS = 14
NUMBER_PLACES = 6  # the Checks sheet compares credits and percentages to 0.000001


class Inexact(NamedTuple):
    label: str
    digits: int


def _digits(value: Decimal, places: int) -> int:
    """Significant digits from the leading digit down to 10**-places."""
    if not value.is_finite() or value == 0:
        return 0
    return max(0, value.adjusted() + 1 + places)


def _input_digits(value: Decimal) -> int:
    if not value.is_finite() or value == 0:
        return 0
    with localcontext(prec=len(value.as_tuple().digits) + 1):  # normalize() rounds in the context
        return len(value.normalize().as_tuple().digits)


def _engine_figures(priced: PricedQuote) -> Iterator[tuple[str, Decimal, int]]:
    """(label, value, places) for every figure the workbook recomputes."""
    money, number = priced.minor_units, NUMBER_PLACES
    case = priced.expected
    for m in case.months:
        where = f"Month {m.month}"
        for unit in m.usage:
            yield f"{where} {unit.work_unit} usage", unit.quantity, number
            yield f"{where} {unit.work_unit} credits", unit.credits, number
        for outcome in m.outcomes:
            yield f"{where} {outcome.outcome} count", outcome.count, number
            yield f"{where} {outcome.outcome} amount", outcome.amount, money
        for field, value in m.credits._asdict().items():
            yield f"{where} {field.replace('_', ' ')} credits", value, number
        for name in LINE_NAMES:
            charge = m.lines.charge(name)
            yield f"{where} {name.replace('_', ' ')} list", charge.list, money
            yield f"{where} {name.replace('_', ' ')}", charge.net, money
        yield f"{where} list total", m.list_total, money
        yield f"{where} overage waived", m.overage_waived, money
        yield f"{where} cost to serve", m.cost_to_serve, money
    for invoice in case.invoices:
        yield f"Invoice month {invoice.month}", invoice.amount, money
    for year in case.years:
        for field in ("pack_credits", "credits_needed", "overage_credits", "breakage_credits"):
            yield f"Year {year.year} {field.replace('_', ' ')}", getattr(year, field), number
        yield f"Year {year.year} list", year.list_total, money
        yield f"Year {year.year} cost to serve", year.cost_to_serve, money
    for unit in case.unit_margins:
        yield f"{unit.work_unit} credits over the term", unit.credits, number
        yield f"{unit.work_unit} revenue", unit.revenue, money
        yield f"{unit.work_unit} cost to serve", unit.cost_to_serve, money
    for field, value in case.totals._asdict().items():
        if isinstance(value, Decimal):
            places = number if "percent" in field or "credits" in field else money
            yield field.replace("_", " "), value, places


def _input_numbers(model, path: str = "") -> Iterator[tuple[str, Decimal]]:
    """Every Decimal in a catalog or quote model, with its field path."""
    if isinstance(model, BaseModel):
        for name, value in model:
            yield from _input_numbers(value, f"{path}.{name}" if path else name)
    elif isinstance(model, (list, tuple)):
        for index, value in enumerate(model):
            yield from _input_numbers(value, f"{path}[{index}]")
    elif isinstance(model, dict):
        for key, value in model.items():
            yield from _input_numbers(value, f"{path}.{key}")
    elif isinstance(model, Decimal):
        yield path, model


def inexact_figures(job: ExportJob) -> list[Inexact]:
    """Every figure that needs more than `EXACT_DIGITS` digits, worst first."""
    found = [Inexact(label, digits) for label, value, places in _engine_figures(job.priced)
             if (digits := _digits(value, places)) > EXACT_DIGITS]
    for source, model in (("catalog", job.catalog), ("quote", job.quote)):
        found += [Inexact(f"{source} {path}", digits) for path, value in _input_numbers(model)
                  if (digits := _input_digits(value)) > EXACT_DIGITS]
    return sorted(found, key=lambda item: -item.digits)


def precision_warning(job: ExportJob) -> str | None:
    """One line for the person exporting, or None when every figure fits."""
    found = inexact_figures(job)
    if not found:
        return None
    worst = found[0]
    count = "1 figure needs" if len(found) == 1 else f"{len(found)} figures need"
    return (f"{count} more than the {EXACT_DIGITS} significant digits a spreadsheet computes exactly "
            f"(the longest: {worst.label}, {worst.digits} digits), so the Excel model may differ from "
            f"Quotewright in their last digits and its Checks may show MISMATCH")
