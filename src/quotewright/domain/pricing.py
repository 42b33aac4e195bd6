"""The pricing engine: `price_quote(catalog, quote)` is a pure function from
a catalog and a quote to a `PricedQuote` (PRICING.md sections 5 and 6).

This module runs the month-by-month schedule; the rules it applies live in
one named place each: `forecast` (usage, series), `credits` (credit burn),
`charges` (lines, discounts, the overage cap), `packs` (auto packs), `spend`
(alerts and the cap's checks and warnings), `per_unit` (revenue and margin
per work unit), `approval`, `warnings`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

from .approval import decide_approval
from .catalog import Catalog
from .charges import Terms
from .consistency import check_quote_against_catalog
from .credits import IncludedMonth, draw_included, draw_packs
from .forecast import Forecast, forecast
from .money import EXACT, ONE, ZERO, percent_of, round_money, round_ratio
from .packs import choose_packs
from .per_unit import unallocated_revenue, unit_margins
from .quote import Quote
from .result import (
    NO_CHARGE,
    Charge,
    CreditFlow,
    Invoice,
    Lines,
    MonthResult,
    OutcomeMonth,
    OutcomeSummary,
    PricedCase,
    PricedQuote,
    SpendTerms,
    Totals,
    UnitSummary,
    YearResult,
)
from .spend import check_spend_protection, credit_alerts, spend_warnings
from .warnings import collect_warnings


def price_quote(catalog: Catalog, quote: Quote, *, today: dt.date | None = None) -> PricedQuote:
    """Price `quote` against `catalog`. Raises `InvalidInput` if the quote
    refers to something the catalog does not have. `today` is only used to
    warn about a quote past its validity date."""
    with localcontext(EXACT):
        check_quote_against_catalog(catalog, quote)
        check_spend_protection(quote, catalog.currency, catalog.minor_units)
        terms = Terms.of(catalog, quote)
        powers: dict = {}  # each growth rate's compounds, shared by every case
        expected_usage = forecast(catalog, quote, ONE, powers)
        expected_included = _draw_included(terms, expected_usage)
        residuals = [month.residual(need) for month, need in zip(expected_included, expected_usage.credits_needed)]
        choices = choose_packs(terms, quote, residuals, expected_usage.credits_needed)
        packs = tuple(choice.packs for choice in choices)

        expected = price_case("expected", ONE, terms, expected_usage, expected_included, packs, catalog, quote)
        # A scenario is priced when it is first read (the app shows one case
        # at a time); the result is the same as pricing it here.
        scenarios = {
            name: _deferred_case(name, multiplier, terms, packs, catalog, quote, powers)
            for name, multiplier in quote.scenario_multipliers.items()
        }

        def money(value: Decimal) -> str:
            return f"{catalog.currency} {value:,.{terms.places}f}"

        return PricedQuote(
            quote_id=quote.id,
            customer=quote.customer.name,
            catalog_name=catalog.name,
            catalog_version=catalog.version,
            currency=catalog.currency,
            minor_units=terms.places,
            plan=terms.plan.id,
            term_months=quote.term_months,
            billing=quote.billing,
            term_discount_percent=terms.term_discount_percent,
            prepay_discount_percent=terms.prepay_discount_percent,
            credit_packs_per_year=packs,
            pack_choices=choices,
            expected=expected,
            scenarios=scenarios,
            approval=decide_approval(catalog.approval, expected.totals, quote.discounts),
            warnings=collect_warnings(catalog, quote, terms, expected, today)
            + spend_warnings(quote, expected, terms.plan.included_credits, money),
            spend_protection=_spend_terms(quote, terms.places),
        )


def _spend_terms(quote: Quote, places: int) -> SpendTerms | None:
    protection = quote.spend_protection
    if protection is None:
        return None
    cap = protection.overage_cap_monthly
    # The cap was checked to fit the currency, so this only writes its cents.
    return SpendTerms(None if cap is None else round_money(cap, places), protection.alert_percents)


def _draw_included(terms: Terms, usage: Forecast) -> list[IncludedMonth]:
    return draw_included(usage.credits_needed, terms.plan.included_credits, terms.plan.rollover_cap)


def price_case(
    name: str,
    multiplier: Decimal,
    terms: Terms,
    usage: Forecast,
    included: list[IncludedMonth],
    packs: tuple[int, ...],
    catalog: Catalog,
    quote: Quote,
) -> PricedCase:
    """Price one usage case month by month with the packs already chosen.
    The months, years and totals are computed now; the figures built from
    them (invoices, summaries, alerts, margin per work unit) when read."""
    months, years, totals = _price_months(terms, usage, included, packs)
    return PricedCase(name, multiplier, months=months, years=years, totals=totals,
                      makers=_derived(terms, usage, months, years, totals, catalog, quote))


def _deferred_case(
    name: str, multiplier: Decimal, terms: Terms, packs: tuple[int, ...], catalog: Catalog, quote: Quote, powers: dict
) -> PricedCase:
    """A case priced in full the first time any of its figures is read."""
    core: list = []

    def priced() -> tuple:
        if not core:  # a pure computation: two threads at once compute the same
            usage = forecast(catalog, quote, multiplier, powers)
            months, years, totals = _price_months(terms, usage, _draw_included(terms, usage), packs)
            core.append((months, years, totals, _derived(terms, usage, months, years, totals, catalog, quote)))
        return core[0]

    makers = {
        "months": lambda: priced()[0],
        "years": lambda: priced()[1],
        "totals": lambda: priced()[2],
        **{field: (lambda field=field: priced()[3][field]()) for field in _DERIVED},
    }
    return PricedCase(name, multiplier, makers=makers)


_DERIVED = ("invoices", "work_units", "outcomes", "alerts", "unit_margins")


def _derived(terms, usage, months, years, totals, catalog, quote) -> dict:
    """The makers of a case's figures built from its months and years."""
    protection = quote.spend_protection
    return {
        "invoices": lambda: _invoices(terms, months),
        "work_units": lambda: _unit_summaries(usage, terms.places),
        "outcomes": lambda: _outcome_summaries(months),
        "alerts": (lambda: credit_alerts(months, years, terms.plan.included_credits, protection.alert_percents))
        if protection
        else (lambda: ()),
        "unit_margins": lambda: unit_margins(catalog, quote, usage, months, years, totals.cost_to_serve,
                                             terms.places)[0],
    }


def _price_months(
    terms: Terms, usage: Forecast, included: list[IncludedMonth], packs: tuple[int, ...]
) -> tuple[tuple[MonthResult, ...], tuple[YearResult, ...], Totals]:
    months: list[MonthResult] = []
    years: list[YearResult] = []
    for year in range(1, terms.years + 1):
        indexes = terms.year_months(year)
        bought = terms.pack_credits(packs[year - 1])
        draw = draw_packs([included[m].residual(usage.credits_needed[m]) for m in indexes], bought)
        year_months = [
            _price_month(terms, usage, included[m], m, year, k, bought, packs[year - 1], draw)
            for k, m in enumerate(indexes)
        ]
        months += year_months
        years.append(
            YearResult(
                year=year,
                first_month=indexes[0] + 1,
                month_count=len(indexes),
                credit_packs=packs[year - 1],
                pack_credits=bought,
                credits_needed=sum((month.credits.needed for month in year_months), ZERO),
                overage_credits=sum(draw.overage, ZERO),
                breakage_credits=draw.expired,
                lines=Lines.summed([month.lines for month in year_months]),
                cost_to_serve=sum((month.cost_to_serve for month in year_months), ZERO),
            )
        )
    totals = _totals(terms, years, months)
    return tuple(months), tuple(years), totals._replace(unallocated_revenue=unallocated_revenue(years, terms.places))


def _price_month(terms, usage, included, m, year, k, bought, packs, draw) -> MonthResult:
    # Positional records: this runs for every month of every case.
    outcomes = terms.outcome_charges(usage.outcome_counts[m])
    first_of_year = k == 0
    overage, waived = terms.capped_overage(draw.overage[k])
    lines = Lines(
        terms.platform,
        terms.seats,
        terms.pack_charge(packs) if first_of_year else NO_CHARGE,
        overage,
        _outcomes_line(outcomes),
    )
    flow = CreditFlow(
        usage.credits_needed[m],
        included.pool,
        included.used,
        included.banked,
        bought if first_of_year else ZERO,
        draw.used[k],
        draw.balance_after[k],
        draw.overage[k],
    )
    return MonthResult(
        m + 1, year, usage.usage[m], outcomes, flow, lines, round_money(usage.cost_to_serve[m], terms.places), waived
    )


def _outcomes_line(outcomes: tuple[OutcomeMonth, ...]) -> Charge:
    """The month's outcomes line: the sum of its outcome fees. One fee is
    its own sum (fees are rounded to minor units, so adding it to 0 would
    give the same digits)."""
    if len(outcomes) == 1:
        return outcomes[0].charge
    return Charge(sum([o.charge.list for o in outcomes], ZERO), sum([o.charge.net for o in outcomes], ZERO))


def _totals(terms: Terms, years: list[YearResult], months: list[MonthResult]) -> Totals:
    lines = Lines.summed([year.lines for year in years])
    tcv, list_tcv = lines.total, lines.list_total
    committed = lines.committed
    cost = sum((year.cost_to_serve for year in years), ZERO)
    return Totals(
        lines=lines,
        tcv=tcv,
        list_tcv=list_tcv,
        discount=list_tcv - tcv,
        effective_discount_percent=percent_of(list_tcv - tcv, list_tcv),
        committed_tcv=committed.net,
        committed_list_tcv=committed.list,
        committed_discount_percent=percent_of(committed.discount, committed.list),
        acv=round_ratio(tcv * 12, Decimal(terms.term_months), terms.places),
        cost_to_serve=cost,
        gross_margin=tcv - cost,
        gross_margin_percent=percent_of(tcv - cost, tcv),
        breakage_credits=sum((year.breakage_credits for year in years), ZERO),
        credits_needed=sum((year.credits_needed for year in years), ZERO),
        credits_included_used=sum((month.credits.included_used for month in months), ZERO),
        credits_pack_used=sum((month.credits.pack_used for month in months), ZERO),
        overage_credits=sum((year.overage_credits for year in years), ZERO),
        overage_waived=sum((month.overage_waived for month in months), ZERO),
    )


def _invoices(terms: Terms, months: list[MonthResult]) -> tuple[Invoice, ...]:
    """Monthly billing invoices each month's total. Annual billing moves a
    year's platform and seat lines to the year's first month."""
    if not terms.annual_billing:
        return tuple(Invoice(month.month, month.total) for month in months)
    amounts = [month.total for month in months]
    for year in range(1, terms.years + 1):
        indexes = terms.year_months(year)
        for m in indexes:
            subscription = months[m].lines.platform.net + months[m].lines.seats.net
            amounts[m] -= subscription
            amounts[indexes[0]] += subscription
    return tuple(Invoice(month.month, amount) for month, amount in zip(months, amounts))


def _outcome_summaries(months: list[MonthResult]) -> tuple[OutcomeSummary, ...]:
    if not months or not months[0].outcomes:
        return ()
    summaries = []
    for index, first in enumerate(months[0].outcomes):
        column = [month.outcomes[index] for month in months]
        summaries.append(
            OutcomeSummary(
                outcome=first.outcome,
                count=sum((o.count for o in column), ZERO),
                charge=Charge(sum((o.charge.list for o in column), ZERO), sum((o.charge.net for o in column), ZERO)),
                months_at_minimum=sum(1 for o in column if o.clamped == "minimum"),
                months_at_cap=sum(1 for o in column if o.clamped == "cap"),
            )
        )
    return tuple(summaries)


def _unit_summaries(usage: Forecast, places: int) -> tuple[UnitSummary, ...]:
    if not usage.usage:
        return ()
    summaries = []
    for column in zip(*usage.usage):  # one work unit, month by month
        summaries.append(
            UnitSummary(
                work_unit=column[0].work_unit,
                quantity=sum([u.quantity for u in column], ZERO),
                credits=sum([u.credits for u in column], ZERO),
                cost_to_serve=round_money(sum([u.cost_to_serve for u in column], ZERO), places),
            )
        )
    return tuple(summaries)
