"""Invariants of series, spend protection and revenue per work unit
(PRICING.md 9-11) over generated catalogs and quotes."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import HealthCheck, given, settings

from strategies import catalog_and_quote, next_catalog_and_quote
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.report import priced_to_json
from quotewright.domain.term import contract_year

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def priced(pair):
    catalog, quote = pair
    return price_quote(Catalog.model_validate(catalog), Quote.model_validate(quote))


def cases(result):
    return (result.expected, *result.scenarios.values())


@PROPERTY
@given(next_catalog_and_quote())
def test_units_revenue_and_unallocated_make_the_tcv_and_costs_the_total_cost(pair):
    result = priced(pair)
    for case in cases(result):
        margins = case.unit_margins
        assert sum(u.revenue for u in margins) + case.totals.unallocated_revenue == case.totals.tcv
        assert sum(u.cost_to_serve for u in margins) == case.totals.cost_to_serve
        assert all(u.revenue >= 0 and u.cost_to_serve >= 0 for u in margins)
        assert sum(u.credits for u in margins) == case.totals.credits_needed


@PROPERTY
@given(next_catalog_and_quote())
def test_with_a_cap_no_months_overage_bills_more(pair):
    result = priced(pair)
    cap = result.spend_protection.overage_cap_monthly
    waived = Decimal(0)
    for case in cases(result):
        for month in case.months:
            if cap is not None:
                assert month.lines.overage.net <= cap and month.lines.overage.list <= cap
            assert month.overage_waived >= 0
        assert case.totals.overage_waived == sum(m.overage_waived for m in case.months)
    for month in result.months:
        waived += month.overage_waived
    if cap is None:
        assert waived == 0


def _without_cap(quote: dict) -> dict:
    bare = copy.deepcopy(quote)
    bare["spend_protection"].pop("overage_cap_monthly", None)
    return bare


@PROPERTY
@given(next_catalog_and_quote(packs="fixed"))
def test_a_cap_never_raises_a_total_with_the_same_packs(pair):
    catalog, quote = pair
    capped, uncapped = priced(pair), priced((catalog, _without_cap(quote)))
    for with_cap, without in zip(cases(capped), cases(uncapped)):
        for a, b in zip(with_cap.months, without.months):
            assert a.total <= b.total
            assert a.overage_waived == b.lines.overage.net - a.lines.overage.net
            assert a.credits == b.credits and a.cost_to_serve == b.cost_to_serve  # still served, still costs
        assert with_cap.totals.tcv + with_cap.totals.overage_waived == without.totals.tcv


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(next_catalog_and_quote(max_term=24, packs="auto"))
def test_a_cap_never_raises_a_total_with_auto_packs(pair):
    """Auto packs minimize each year's packs + overage; the cap only lowers
    the overage of every count, so no year (and no TCV) can cost more."""
    catalog, quote = pair
    capped, uncapped = priced(pair), priced((catalog, _without_cap(quote)))
    for a, b in zip(capped.years, uncapped.years):
        assert a.total <= b.total
    assert capped.totals.tcv <= uncapped.totals.tcv


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(next_catalog_and_quote(max_term=24, packs="auto"))
def test_auto_packs_with_a_cap_match_a_brute_force_search(pair):
    """The search prices the capped overage lines (PRICING.md 10) and still
    finds what trying every count finds."""
    catalog, quote = pair
    if "credit_pack" not in catalog["plans"][0]:
        return
    result = priced(pair)
    pack = catalog["plans"][0]["credit_pack"]
    size = Decimal(pack["size"])
    bounds = [Decimal(t["up_to"]) for t in pack["price"].get("tiers", []) if t["up_to"] is not None]
    for year in result.years:
        upper = int(-(-year.credits_needed // size)) + 1
        candidates = sorted(set(range(upper + 1)) | {int(b // size) + 1 for b in bounds})
        costs = {}
        for n in candidates:
            fixed = {**quote, "credit_packs_per_year": [n] * len(result.years), "scenario_multipliers": {}}
            year_n = priced((catalog, fixed)).years[year.year - 1]
            costs[n] = year_n.lines.credit_packs.net + year_n.lines.overage.net
        best = min(candidates, key=lambda n: (costs[n], n))
        assert year.credit_packs == best, (costs, year.credit_packs)


@PROPERTY
@given(next_catalog_and_quote())
def test_alerts_fire_in_order_and_at_most_once_a_year(pair):
    result = priced(pair)
    percents = result.spend_protection.alert_percents
    for case in cases(result):
        months = [alert.month for alert in case.alerts]
        assert months == sorted(months)
        seen = [(alert.year, alert.percent) for alert in case.alerts]
        assert len(seen) == len(set(seen))
        for alert in case.alerts:
            assert alert.percent in percents and contract_year(alert.month) == alert.year
            year = case.years[alert.year - 1]
            allowance = year.pack_credits + Decimal(catalog_included(pair)) * year.month_count
            used = sum(m.credits.needed for m in case.months[year.first_month - 1 : alert.month])
            before = used - case.months[alert.month - 1].credits.needed
            assert used * 100 >= allowance * alert.percent > before * 100  # the first month that reaches it
        same_month = [(a.month, a.percent) for a in case.alerts]
        assert same_month == sorted(same_month)


def catalog_included(pair) -> str:
    return pair[0]["plans"][0]["included_credits"]


@PROPERTY
@given(catalog_and_quote())
def test_a_series_of_identical_values_prices_like_monthly_with_no_growth(pair):
    catalog, quote = pair
    flat = copy.deepcopy(quote)
    ramp = copy.deepcopy(quote)
    for flat_line, ramp_line in zip(flat["usage"] + flat["outcomes"], ramp["usage"] + ramp["outcomes"]):
        flat_line["growth_percent"] = "0"
        ramp_line.pop("growth_percent", None)
        ramp_line["series"] = [ramp_line.pop("monthly")] * quote["term_months"]
    assert priced_to_json(priced((catalog, ramp))) == priced_to_json(priced((catalog, flat)))


@PROPERTY
@given(catalog_and_quote())
def test_a_quote_without_the_new_fields_saves_as_before(pair):
    """Nothing new is written for a quote that does not use it: an older
    build reads it still."""
    _, quote = pair
    data = Quote.model_validate(quote).model_dump(mode="json")
    assert "spend_protection" not in data
    for line in data["usage"] + data["outcomes"]:
        assert "series" not in line and "monthly" in line and "growth_percent" in line
