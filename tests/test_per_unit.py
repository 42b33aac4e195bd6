"""Revenue, cost and margin per work unit (PRICING.md 11): largest remainder
in minor units with exact fractions, ties to the unit listed first, cost
split once over the term, and the order the units are listed in."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction
from math import floor

from builders import northwind_catalog, per_unit, quote_data, simple_catalog, simple_quote
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.money import percent_of
from quotewright.domain.per_unit import largest_remainder
from quotewright.domain.report import priced_to_json


def price(catalog: dict, quote: dict):
    return price_quote(Catalog.model_validate(catalog), Quote.model_validate(quote))


def test_largest_remainder_gives_leftovers_to_the_largest_remainders_ties_first():
    assert largest_remainder(100, [D(1), D(1), D(1)]) == [34, 33, 33]  # a three-way tie: the first wins
    assert largest_remainder(10, [D(1), D(2), D(3)]) == [2, 3, 5]  # 1.67, 3.33, 5: the .67 wins
    assert largest_remainder(7, [D(0), D(0)]) == [0, 0]
    assert largest_remainder(0, [D(1), D(5)]) == [0, 0]
    shares = largest_remainder(123457, [D("0.1"), D("0.2"), D("0.3000000000000000000000000001")])
    assert sum(shares) == 123457


def three_unit_catalog() -> dict:
    catalog = simple_catalog(platform_fee="100", included_credits="0", overage=per_unit("0.01"))
    base = catalog["work_units"][0]
    catalog["work_units"] = [
        {**base, "id": "a", "credits": "1", "cost_to_serve": "0.001"},
        {**base, "id": "b", "credits": "1", "cost_to_serve": "0.002"},
        {**base, "id": "c", "credits": "1", "cost_to_serve": "0.003"},
    ]
    return catalog


def test_a_years_revenue_splits_by_credits_and_ties_go_to_the_unit_listed_first():
    # Three units needing the same credits: the platform fee's 10,000 cents
    # and the overage split three ways, the leftover cent to the first listed.
    quote = simple_quote(term_months=1)
    quote["usage"] = [{"work_unit": unit, "monthly": "100"} for unit in ("c", "a", "b")]
    priced = price(three_unit_catalog(), quote)
    margins = priced.expected.unit_margins
    assert [u.work_unit for u in margins] == ["c", "a", "b"]  # the quote's order, not the catalog's
    cents = int(priced.totals.tcv * 100)
    expected = [D(share) / 100 for share in largest_remainder(cents, [D(1), D(1), D(1)])]
    assert [u.revenue for u in margins] == expected and expected[0] > expected[1]
    assert sum(u.revenue for u in margins) == priced.totals.tcv
    assert priced.totals.unallocated_revenue == 0


def test_each_year_splits_by_its_own_credits_and_a_year_without_credits_is_unallocated():
    quote = simple_quote(term_months=24)
    quote["usage"] = [
        {"work_unit": "a", "series": ["100"] * 12 + ["0"] * 12},
        {"work_unit": "b", "series": ["300"] * 12 + ["0"] * 12},
    ]
    priced = price(three_unit_catalog(), quote)
    year1, year2 = priced.years
    a, b = priced.expected.unit_margins
    split = largest_remainder(int(year1.total * 100), [D(1200), D(3600)])
    assert (a.revenue, b.revenue) == (D(split[0]) / 100, D(split[1]) / 100)
    assert priced.totals.unallocated_revenue == year2.total  # year 2 needs no credits: nothing to split by
    assert a.credits == 1200 and b.credits == 3600


def test_outcome_fees_go_to_their_unit_which_is_listed_after_the_usage():
    catalog = northwind_catalog()
    quote = quote_data(
        term_months=12,
        usage=[{"work_unit": "doc_summary", "monthly": "30000"}],
        outcomes=[{"outcome": "resolved", "monthly": "400", "growth_percent": "2"}],
    )
    priced = price(catalog, quote)
    docs, resolution = priced.expected.unit_margins
    assert (docs.work_unit, resolution.work_unit) == ("doc_summary", "resolution")
    assert resolution.revenue == priced.totals.lines.outcomes.net and resolution.credits == 0
    assert docs.revenue == priced.totals.tcv - priced.totals.lines.outcomes.net  # the only unit with credits


def test_cost_is_split_once_over_the_term_by_exact_cost():
    # Costs of 0.001, 0.002 and 0.003 a unit: the term's rounded cost (the sum
    # of rounded months) split in proportion to each unit's exact cost.
    quote = simple_quote(term_months=13)
    quote["usage"] = [{"work_unit": unit, "monthly": "333"} for unit in ("a", "b", "c")]
    priced = price(three_unit_catalog(), quote)
    total_cents = int(priced.totals.cost_to_serve * 100)
    exact = [Fraction(333 * 13) * Fraction(price) for price in ("0.001", "0.002", "0.003")]
    floors = [floor(total_cents * e / sum(exact)) for e in exact]
    margins = priced.expected.unit_margins
    assert [int(u.cost_to_serve * 100) for u in margins] == largest_remainder(total_cents, exact)
    assert sum(floors) <= total_cents == sum(int(u.cost_to_serve * 100) for u in margins)
    for u in margins:
        assert u.gross_margin_percent == percent_of(u.revenue - u.cost_to_serve, u.revenue)


def test_no_revenue_means_no_margin_and_the_json_carries_the_table():
    catalog = simple_catalog(included_credits="1000")
    priced = price(catalog, simple_quote("10", term_months=3))
    (unit,) = priced.expected.unit_margins
    assert unit.revenue == 0 and unit.gross_margin_percent == 0
    data = priced_to_json(priced)
    assert data["work_units"] == [
        {"work_unit": "u", "quantity": "30", "credits": "30", "revenue": "0.00",
         "cost_to_serve": format(unit.cost_to_serve, "f"), "gross_margin_percent": "0.00"}
    ]
    assert data["totals"]["unallocated_revenue"] == "0.00"
