"""The line grid and the invoice schedule as rows (domain/line_items.py,
issue 11 item 7): for generated quotes, every case's grid reconciles with
the engine (the lines' net over the term is the TCV, each year column is
that year's total, each row's years add up to its term net) and the
invoices add up to the TCV; which rows a plan shows; annual invoices; the
calendar month of a term month. Expected figures come from the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import per_unit, simple_catalog, simple_quote
from strategies import catalog_and_quote, next_catalog_and_quote
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.line_items import (
    ANNUAL,
    LINE,
    MEMO,
    MONTHLY,
    NO_INVOICE,
    TOTAL,
    USAGE,
    calendar_month,
    calendar_months,
    invoice_schedule,
    line_grid,
)
from quotewright.domain.term import contract_year, is_year_start
from quotewright.formatting import month_start
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import samples

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _priced(catalog_data: dict, quote_data: dict):
    catalog, quote = Catalog.model_validate(catalog_data), Quote.model_validate(quote_data)
    return catalog, quote, price_quote(catalog, quote)


def _cases(priced):
    return (priced.expected, *priced.scenarios.values())


def _check_grid(catalog, priced) -> None:
    for case in _cases(priced):
        grid = line_grid(catalog, priced, case)
        lines, total = grid.lines, grid.total
        assert total.kind == TOTAL and grid.rows[-1] is total
        assert grid.years == tuple(range(1, len(case.years) + 1))
        assert sum(row.net for row in lines) == case.totals.tcv == total.net
        assert sum(row.list for row in lines) == case.totals.list_tcv == total.list
        assert sum(row.discount for row in lines) == case.totals.discount == total.discount
        for index, year in enumerate(case.years):
            assert sum(row.years[index] for row in lines) == year.total == total.years[index]
        for row in grid.rows:
            assert len(row.years) == len(case.years)
            assert sum(row.years) == row.net, row.key
            if row.kind == LINE:
                assert row.list - row.discount == row.net
        memos = [row for row in grid.rows if row.kind == MEMO]
        assert sum(row.net for row in memos) == case.totals.overage_waived


def _check_invoices(priced, start) -> None:
    for case in _cases(priced):
        schedule = invoice_schedule(priced, case, start)
        assert schedule.total == case.totals.tcv
        assert sum(row.amount for row in schedule.rows) == case.totals.tcv
        assert [row.amount for row in schedule.rows] == [invoice.amount for invoice in case.invoices]
        assert [row.month for row in schedule.rows] == list(range(1, priced.term_months + 1))
        for row in schedule.rows:
            assert row.year == contract_year(row.month)
            annual_row = priced.billing == "annual" and is_year_start(row.month)
            assert (row.kind == ANNUAL) is annual_row
            if row.kind == ANNUAL:
                assert row.label == f"Annual invoice, year {row.year}"
                year = case.years[row.year - 1]
                assert row.subscription == year.lines.platform.net + year.lines.seats.net
            else:
                assert row.subscription == 0
                assert (row.kind == NO_INVOICE) is (row.amount == 0)
                assert row.kind in ((USAGE, NO_INVOICE) if priced.billing == "annual" else (MONTHLY, NO_INVOICE))
            assert row.calendar_month == (calendar_month(start, row.month) if start else None)


@PROPERTY
@given(catalog_and_quote(), st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2040, 12, 31))))
def test_the_grid_and_the_invoices_reconcile_with_the_engine(pair, start):
    catalog, _, priced = _priced(*pair)
    _check_grid(catalog, priced)
    _check_invoices(priced, start)


@PROPERTY
@given(next_catalog_and_quote())
def test_with_ramps_and_spend_protection_too(pair):
    catalog, quote, priced = _priced(*pair)
    _check_grid(catalog, priced)
    _check_invoices(priced, dt.date(2027, 3, 1))
    capped = quote.spend_protection is not None and quote.spend_protection.overage_cap_monthly is not None
    assert any(row.key == "overage_waived" for row in line_grid(catalog, priced, priced.expected).rows) is capped


@pytest.mark.parametrize("found", samples(), ids=lambda found: found.name)
def test_every_sample_reconciles(found):
    loaded = load_quote(found.quote)
    priced = price_quote(loaded.catalog, loaded.quote)
    _check_grid(loaded.catalog, priced)
    _check_invoices(priced, loaded.quote.start_date)


def test_rows_follow_what_the_plan_sells():
    bare = simple_catalog(platform_fee="100")
    catalog, _, priced = _priced(bare, simple_quote("10"))
    assert [row.key for row in line_grid(catalog, priced, priced.expected).rows] == ["platform", "overage", "total"]

    full = simple_catalog(platform_fee="100", seat_price=per_unit("20"),
                          credit_pack={"size": "1000", "price": per_unit("0.01")})
    full["outcomes"] = [{"id": "won", "name": "Deals won", "work_unit": "u", "price": per_unit("2")},
                        {"id": "kept", "name": "Renewals kept", "work_unit": "u", "price": per_unit("1")}]
    quote = simple_quote("10", seats=3, outcomes=[{"outcome": "kept", "monthly": "4"}, {"outcome": "won", "monthly": "5"}])
    catalog, _, priced = _priced(full, quote)
    grid = line_grid(catalog, priced, priced.expected)
    assert [row.key for row in grid.rows] == ["platform", "seats", "credit_packs", "overage", "outcome:kept",
                                              "outcome:won", "total"]
    assert [row.label for row in grid.rows if row.key.startswith("outcome:")] == ["Renewals kept", "Deals won"]
    by_key = {row.key: row for row in grid.rows}
    for summary in priced.expected.outcomes:
        assert by_key[f"outcome:{summary.outcome}"].net == summary.charge.net
    assert by_key["seats"].net == priced.totals.lines.seats.net != 0


def test_the_cap_shows_what_it_waived_outside_the_totals():
    catalog_data = simple_catalog(overage=per_unit("1"))
    quote = simple_quote("500", term_months=14, spend_protection={"overage_cap_monthly": "100"})
    catalog, _, priced = _priced(catalog_data, quote)
    grid = line_grid(catalog, priced, priced.expected)
    waived = next(row for row in grid.rows if row.key == "overage_waived")
    assert waived.kind == MEMO and waived.list is None and waived.discount is None
    assert waived.net == priced.totals.overage_waived > 0
    assert waived.years == (sum(month.overage_waived for month in priced.months[:12]),
                            sum(month.overage_waived for month in priced.months[12:]))
    assert grid.total.net == priced.totals.tcv == sum(row.net for row in grid.lines)


def test_annual_billing_puts_each_years_subscription_on_its_first_month():
    catalog_data = simple_catalog(platform_fee="100", seat_price=per_unit("10"), overage=per_unit("0.5"))
    quote = simple_quote("0", term_months=26, billing="annual", seats=2,
                         usage=[{"work_unit": "u", "series": ["0"] * 5 + ["30"] + ["0"] * 20}])
    _, _, priced = _priced(catalog_data, quote)
    schedule = invoice_schedule(priced, priced.expected, dt.date(2027, 3, 15))
    kinds = [row.kind for row in schedule.rows]
    assert [row.month for row in schedule.rows if row.kind == ANNUAL] == [1, 13, 25]
    assert kinds[5] == USAGE and schedule.rows[5].amount == priced.months[5].lines.overage.net
    assert kinds.count(NO_INVOICE) == 26 - 3 - 1
    assert schedule.rows[24].amount == priced.months[24].total + priced.months[25].total  # the short last year
    assert [row.label for row in schedule.rows if row.kind == ANNUAL] == [
        "Annual invoice, year 1", "Annual invoice, year 2", "Annual invoice, year 3"]
    assert len(schedule.invoiced) == 4


@pytest.mark.parametrize(("start", "month", "expected"), [
    (dt.date(2027, 3, 1), 1, dt.date(2027, 3, 1)),
    (dt.date(2027, 3, 31), 1, dt.date(2027, 3, 1)),  # the calendar month the term starts in
    (dt.date(2027, 3, 15), 10, dt.date(2027, 12, 1)),
    (dt.date(2027, 3, 15), 11, dt.date(2028, 1, 1)),
    (dt.date(2027, 1, 1), 120, dt.date(2036, 12, 1)),
])
def test_the_calendar_month_of_a_term_month(start, month, expected):
    assert calendar_month(start, month) == expected


@given(st.dates(dt.date(1990, 1, 1), dt.date(2080, 12, 31)), st.integers(1, 120))
def test_the_calendar_month_agrees_with_the_formatters_month(start, month):
    # formatting.format_month labels the proposal's schedule: the two never disagree.
    assert calendar_month(start, month) == month_start(start, month)


def test_figures_stay_decimal():
    catalog, _, priced = _priced(simple_catalog(platform_fee="99.99"), simple_quote("1"))
    grid = line_grid(catalog, priced, priced.expected)
    schedule = invoice_schedule(priced, priced.expected)
    figures = [value for row in grid.rows for value in (row.list, row.discount, row.net, *row.years)
               if value is not None] + [row.amount for row in schedule.rows] + [schedule.total]
    assert figures and all(type(value) is Decimal for value in figures)


def test_the_calendar_of_a_term_is_each_months_calendar_month():
    start = dt.date(2027, 5, 31)
    assert calendar_months(start, 30) == tuple(calendar_month(start, month) for month in range(1, 31))
