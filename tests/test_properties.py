"""Invariants of the engine over generated catalogs and quotes."""

from __future__ import annotations

import copy
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import catalog_and_quote
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.money import round_money, round_percent
from quotewright.domain.report import priced_to_json
from quotewright.domain.result import LINE_NAMES
from quotewright.storage.documents import load_quote, save_quote

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def priced(pair):
    catalog, quote = pair
    return price_quote(Catalog.model_validate(catalog), Quote.model_validate(quote))


def money_figures(result):
    for case in (result.expected, *result.scenarios.values()):
        for month in case.months:
            for name in LINE_NAMES:
                yield month.lines.charge(name).list
                yield month.lines.charge(name).net
            yield month.cost_to_serve
        for year in case.years:
            yield year.total
            yield year.list_total
        totals = case.totals
        yield from (totals.tcv, totals.list_tcv, totals.acv, totals.cost_to_serve, totals.committed_tcv)
        yield from (invoice.amount for invoice in case.invoices)


@PROPERTY
@given(catalog_and_quote())
def test_invoices_years_and_months_all_sum_to_tcv(pair):
    result = priced(pair)
    for case in (result.expected, *result.scenarios.values()):
        tcv = case.totals.tcv
        assert sum(invoice.amount for invoice in case.invoices) == tcv
        assert sum(year.total for year in case.years) == tcv
        assert sum(month.total for month in case.months) == tcv
        assert [invoice.month for invoice in case.invoices] == list(range(1, result.term_months + 1))
        assert case.totals.list_tcv - tcv == case.totals.discount


@PROPERTY
@given(catalog_and_quote())
def test_money_never_has_more_decimals_than_the_currency(pair):
    result = priced(pair)
    for figure in money_figures(result):
        assert figure == round_money(figure, result.minor_units)


@PROPERTY
@given(catalog_and_quote())
def test_lines_are_never_negative_and_net_never_exceeds_list(pair):
    result = priced(pair)
    for month in result.months:
        for name in LINE_NAMES:
            charge = month.lines.charge(name)
            assert charge.net >= 0
            assert charge.list >= 0
            if name != "outcomes":  # a minimum can lift a discounted outcome fee; never above list
                assert charge.net <= charge.list
    assert all(invoice.amount >= 0 for invoice in result.invoices)


@PROPERTY
@given(catalog_and_quote(monotone=True, packs="fixed"), st.data())
def test_with_fixed_packs_more_usage_never_lowers_the_total(pair, data):
    catalog, quote = pair
    before = priced(pair).totals.tcv
    more = copy.deepcopy(quote)
    lines = more["usage"] + more["outcomes"]
    if not lines:
        more["usage"] = [{"work_unit": "u0", "monthly": "100"}]
    else:
        line = data.draw(st.sampled_from(lines))
        line["monthly"] = str(Decimal(line["monthly"]) + Decimal(data.draw(st.integers(1, 5000))))
    assert priced((catalog, more)).totals.tcv >= before


@PROPERTY
@given(
    catalog_and_quote(),
    st.sampled_from(["subscription_percent", "credit_packs_percent", "overage_percent", "outcomes_percent"]),
    st.integers(1, 100),
)
def test_a_larger_discount_never_raises_the_net(pair, field, step):
    catalog, quote = pair
    before = priced(pair).totals.tcv
    larger = copy.deepcopy(quote)
    larger["discounts"][field] = str(min(Decimal(100), Decimal(larger["discounts"][field]) + step))
    assert priced((catalog, larger)).totals.tcv <= before


@PROPERTY
@given(catalog_and_quote())
def test_the_result_is_identical_after_save_and_reload(pair):
    catalog, quote = Catalog.model_validate(pair[0]), Quote.model_validate(pair[1])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quote.json"
        save_quote(path, quote, catalog)
        loaded = load_quote(path)
    assert loaded.quote == quote
    assert loaded.catalog == catalog
    assert priced_to_json(price_quote(loaded.catalog, loaded.quote)) == priced_to_json(price_quote(catalog, quote))


@PROPERTY
@given(catalog_and_quote())
def test_a_scenario_of_one_is_the_expected_case(pair):
    catalog, quote = pair
    quote = {**quote, "scenario_multipliers": {"same": "1"}}
    result = priced((catalog, quote))
    same = result.scenarios["same"]
    assert same.months == result.expected.months
    assert same.totals == result.expected.totals


@PROPERTY
@given(catalog_and_quote())
def test_approval_reads_the_reported_two_decimal_figures(pair):
    """PRICING.md 6: the first level whose limit covers the committed
    discount and the overage and outcome discounts, each as reported (2
    decimals, so 10.004 is 10.00); the last level if none does or if the
    reported gross margin is under the floor."""
    catalog, quote = Catalog.model_validate(pair[0]), Quote.model_validate(pair[1])
    result = price_quote(catalog, quote)
    totals, discounts, policy = result.totals, quote.discounts, catalog.approval
    reported = (totals.committed_discount_percent, round_percent(discounts.overage_percent),
                round_percent(discounts.outcomes_percent))
    assert all(figure == round_percent(figure) for figure in (*reported, totals.gross_margin_percent))
    covering = [level.role for level in policy.levels if all(figure <= level.max_discount_percent for figure in reported)]
    last = policy.levels[-1].role
    under_floor = totals.gross_margin_percent < policy.margin_floor_percent
    assert result.approval.level == (last if under_floor or not covering else covering[0])


@PROPERTY
@given(
    catalog_and_quote(packs="fixed"),
    st.sampled_from(["subscription_percent", "credit_packs_percent", "overage_percent", "outcomes_percent"]),
    st.sampled_from(["0.0001", "0.001", "0.004", "0.005", "0.01", "1"]),
)
def test_a_larger_discount_never_needs_a_lower_approval_level(pair, field, step):
    """With the packs fixed (auto packs may buy more at a larger pack
    discount, which can dilute the committed discount), more discount never
    lowers the level, by a ten-thousandth or a whole point."""
    catalog, quote = pair
    levels = [level["role"] for level in catalog["approval"]["levels"]]
    before = levels.index(priced(pair).approval.level)
    larger = copy.deepcopy(quote)
    larger["discounts"][field] = str(min(Decimal(100), Decimal(larger["discounts"][field]) + Decimal(step)))
    assert levels.index(priced((catalog, larger)).approval.level) >= before


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog_and_quote(max_term=24, packs="auto"))
def test_auto_packs_match_a_brute_force_search(pair):
    """The exact search with pruning finds what trying every count finds."""
    catalog, quote = pair
    if "credit_pack" not in catalog["plans"][0]:
        return
    result = priced(pair)
    pack = catalog["plans"][0]["credit_pack"]
    size = Decimal(pack["size"])
    bounds = [Decimal(t["up_to"]) for t in pack["price"].get("tiers", []) if t["up_to"] is not None]
    for year in result.years:
        needed = year.credits_needed
        upper = int(-(-needed // size)) + 1
        candidates = sorted(set(range(upper + 1)) | {int(b // size) + 1 for b in bounds})
        costs = {}
        for n in candidates:
            fixed = {**quote, "credit_packs_per_year": [n] * len(result.years), "scenario_multipliers": {}}
            year_n = priced((catalog, fixed)).years[year.year - 1]
            costs[n] = year_n.lines.credit_packs.net + year_n.lines.overage.net
        best = min(candidates, key=lambda n: (costs[n], n))
        assert year.credit_packs == best, (costs, year.credit_packs)
