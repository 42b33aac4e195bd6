"""The quote's lines and its billing schedule as rows a reader lays out
(issue 11, item 7): the line grid a CPQ line editor shows and the invoice
schedule, for one priced case (expected usage or a scenario).

Everything here is read from the priced result: the five lines' per-year and
term figures are the engine's own (`YearResult.lines`, `Totals.lines`);
the only sums made here are a single outcome add-on's net per contract year
and the overage the cap waived per year, each an exact sum of rounded
monthly amounts (so they reconcile to the engine's figures to the cent).
No formatting: the app, the workbook and the proposal format these values
through `quotewright.formatting`.

Rows of the grid, in order: the platform subscription; seats, if the plan
prices seats; credit packs, if the plan sells packs; overage; one row per
outcome add-on on the quote; then, if the quote caps overage, a memo row of
the overage the cap waived (already out of the overage line, so it is not
part of any total); then the total. A row is shown for a line whose plan
does not price it only if it charges something (it cannot, but the grid
never hides money). There are no true-up lines: the engine bills no true-up.

The invoice schedule has one row per month of the term, months without an
invoice included (labelled so), and its total is the priced TCV.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .catalog import Catalog
from .money import ZERO, exact_sum
from .result import PricedCase, PricedQuote
from .term import calendar_month, contract_year, is_year_start, year_month_indexes

LINE = "line"  # a charge: counted in the totals
MEMO = "memo"  # shown for information, already inside another line: not counted
TOTAL = "total"

LINE_LABELS = {"platform": "Platform subscription", "seats": "Seats", "credit_packs": "Credit packs",
               "overage": "Overage"}
WAIVED_LABEL = "Overage waived by the cap (not billed)"
TOTAL_LABEL = "Total"

# The kinds of invoice row.
ANNUAL = "annual"  # a year's subscription billed in advance, with that month's usage
MONTHLY = "monthly"  # monthly billing: the month's total
USAGE = "usage"  # annual billing: a month's overage and outcomes, billed as used
NO_INVOICE = "none"  # nothing is billed that month


class LineRow(NamedTuple):
    """One row of the line grid. `list` and `discount` are over the term
    (None on a memo row); `years` is the net of each contract year; `net`
    the net over the term."""

    key: str  # "platform", "seats", "credit_packs", "overage", "outcome:<id>", "overage_waived", "total"
    label: str
    kind: str  # LINE, MEMO or TOTAL
    list: Decimal | None
    discount: Decimal | None
    years: tuple[Decimal, ...]
    net: Decimal


class LineGrid(NamedTuple):
    years: tuple[int, ...]  # the contract years, 1..N: the grid's year columns
    rows: tuple[LineRow, ...]

    @property
    def lines(self) -> tuple[LineRow, ...]:
        """The rows that are charges (what the total row sums)."""
        return tuple(row for row in self.rows if row.kind == LINE)

    @property
    def total(self) -> LineRow:
        return self.rows[-1]


class InvoiceRow(NamedTuple):
    month: int  # month of the term, 1-based
    year: int  # its contract year
    calendar_month: dt.date | None  # the first day of its calendar month; None without a contract start
    label: str
    kind: str  # ANNUAL, MONTHLY, USAGE or NO_INVOICE
    amount: Decimal
    subscription: Decimal  # on an annual invoice, the year's platform and seats in it; else 0


class InvoiceSchedule(NamedTuple):
    billing: str  # "monthly" or "annual"
    start: dt.date | None
    rows: tuple[InvoiceRow, ...]
    total: Decimal  # the priced TCV (the invoices sum to it, PRICING.md 6)

    @property
    def invoiced(self) -> tuple[InvoiceRow, ...]:
        """The months that have an invoice."""
        return tuple(row for row in self.rows if row.kind != NO_INVOICE)


# --- the line grid -----------------------------------------------------------------------------
def line_grid(catalog: Catalog, priced: PricedQuote, case: PricedCase) -> LineGrid:
    """The rows of the line grid for `case` of `priced` (priced with `catalog`)."""
    plan = catalog.plan(priced.plan)
    term = priced.term_months
    years = tuple(year.year for year in case.years)
    totals = case.totals.lines
    rows = []
    sold = {"platform": True, "seats": plan.seat_price is not None, "credit_packs": plan.credit_pack is not None,
            "overage": True}
    for name, label in LINE_LABELS.items():
        charge = totals.charge(name)
        if sold[name] or charge.list or charge.net:
            rows.append(LineRow(name, label, LINE, charge.list, charge.discount,
                                tuple(year.lines.charge(name).net for year in case.years), charge.net))
    for index, summary in enumerate(case.outcomes):
        per_year = tuple(
            exact_sum(case.months[m].outcomes[index].charge.net for m in year_month_indexes(year, term))
            for year in years
        )
        rows.append(LineRow(f"outcome:{summary.outcome}", _outcome_name(catalog, summary.outcome), LINE,
                            summary.charge.list, summary.charge.discount, per_year, summary.charge.net))
    protection = priced.spend_protection
    if protection is not None and protection.overage_cap_monthly is not None:
        per_year = tuple(exact_sum(case.months[m].overage_waived for m in year_month_indexes(year, term))
                         for year in years)
        rows.append(LineRow("overage_waived", WAIVED_LABEL, MEMO, None, None, per_year,
                            case.totals.overage_waived))
    rows.append(LineRow("total", TOTAL_LABEL, TOTAL, case.totals.list_tcv, case.totals.discount,
                        tuple(year.total for year in case.years), case.totals.tcv))
    return LineGrid(years, tuple(rows))


def _outcome_name(catalog: Catalog, outcome_id: str) -> str:
    for outcome in catalog.outcomes:
        if outcome.id == outcome_id:
            return outcome.name
    return outcome_id


# --- the invoice schedule ----------------------------------------------------------------------
@lru_cache(maxsize=32)
def calendar_months(start: dt.date, term_months: int) -> tuple[dt.date, ...]:
    """`calendar_month` of every month of the term (the schedule is derived
    on every keystroke; the calendar changes only with the start or the term)."""
    return tuple(calendar_month(start, month) for month in range(1, term_months + 1))


def invoice_label(kind: str, year: int, billing: str) -> str:
    """What a month's row says: annual invoices name their contract year."""
    if kind == ANNUAL:
        return f"Annual invoice, year {year}"
    if kind == USAGE:
        return "Usage invoice (overage and outcomes)"
    if kind == MONTHLY:
        return "Monthly invoice"
    return "No invoice (billed annually)" if billing == "annual" else "No invoice (nothing to bill)"


def invoice_schedule(priced: PricedQuote, case: PricedCase, start: dt.date | None = None) -> InvoiceSchedule:
    """Every month's invoice of `case`, labelled. With annual billing the first
    month of each contract year is that year's annual invoice (the year's
    platform and seats, plus the month's usage lines); its other months bill
    the usage lines (overage, outcomes) when there are any, else nothing.
    With monthly billing every month with an amount is a monthly invoice."""
    annual = priced.billing == "annual"
    term = priced.term_months
    subscriptions = {}
    if annual:
        for year in case.years:
            lines = [case.months[m].lines for m in year_month_indexes(year.year, term)]
            subscriptions[year.year] = exact_sum([line.platform.net for line in lines] +
                                                 [line.seats.net for line in lines])
    months = calendar_months(start, term) if start else ()
    rows = []
    for invoice in case.invoices:
        year = contract_year(invoice.month)
        if annual and is_year_start(invoice.month):
            kind = ANNUAL
        elif not invoice.amount:
            kind = NO_INVOICE
        else:
            kind = USAGE if annual else MONTHLY
        label = invoice_label(kind, year, priced.billing)
        subscription = subscriptions[year] if kind == ANNUAL else ZERO
        rows.append(InvoiceRow(invoice.month, year, months[invoice.month - 1] if start else None,
                               label, kind, invoice.amount, subscription))
    return InvoiceSchedule(priced.billing, start, tuple(rows), case.totals.tcv)
