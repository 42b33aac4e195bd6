"""The auto-pack search on the shapes that are hard for it: flat pricing
(every count ties), explosive growth, and prices so close that no search
could settle quickly."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from builders import per_unit, simple_catalog, simple_quote, tiered
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.charges import Terms
from quotewright.domain.credits import draw_included
from quotewright.domain.errors import InvalidInput
from quotewright.domain.forecast import forecast
from quotewright.domain.money import EXACT
from quotewright.domain.packs import YearCost, best_pack_count


def brute_force_year(catalog: Catalog, quote: Quote, year: int = 1) -> tuple[int, int]:
    """(best count by trying every count the rules name, the fast search's count)."""
    with localcontext(EXACT):
        terms = Terms.of(catalog, quote)
        usage = forecast(catalog, quote, Decimal(1))
        included = draw_included(usage.credits_needed, terms.plan.included_credits, terms.plan.rollover_cap)
        months = terms.year_months(year)
        residuals = [included[m].residual(usage.credits_needed[m]) for m in months]
        needed = sum((usage.credits_needed[m] for m in months), Decimal(0))
        pack = terms.plan.credit_pack
        upper = int(-(-needed // pack.size)) + 1
        candidates = sorted(set(range(upper + 1)) | {int(b // pack.size) + 1 for b in pack.price.tier_bounds()})
        cost = YearCost(terms, residuals)
        brute = min(candidates, key=lambda n: (cost(n), n))
        return brute, best_pack_count(terms, residuals, needed)[0]


@pytest.mark.parametrize(("pack_price", "size", "overage", "discount"), [
    ("0.01", "1000", "0.01", "0"),            # every count costs the same: fewest wins
    ("0.0073", "333", "0.006935", "5"),       # flat after a 5% pack discount, with rounding that repeats
    ("0.0099", "250", "0.01", "0"),           # packs barely cheaper than overage
])
def test_flat_and_nearly_flat_prices_match_brute_force(pack_price, size, overage, discount):
    catalog = Catalog.model_validate(simple_catalog(
        overage=per_unit(overage), credit_pack={"size": size, "price": per_unit(pack_price)}))
    quote = Quote.model_validate(simple_quote("7777", credit_packs_per_year="auto",
                                              discounts={"credit_packs_percent": discount}))
    brute, fast = brute_force_year(catalog, quote)
    assert fast == brute


def test_a_volume_cliff_and_a_graduated_overage_match_brute_force():
    catalog = Catalog.model_validate(simple_catalog(
        overage=tiered("graduated", ("2000", "0.02"), ("9000", "0.012"), (None, "0.009")),
        credit_pack={"size": "500", "price": tiered("volume", ("20000", "0.011"), ("40000", "0.007"),
                                                    (None, "0.0065", "12"))}))
    quote = Quote.model_validate(simple_quote("3100", credit_packs_per_year="auto", term_months=12,
                                              usage=[{"work_unit": "u", "monthly": "3100", "growth_percent": "4"}]))
    brute, fast = brute_force_year(catalog, quote)
    assert fast == brute


def test_explosive_growth_is_settled_in_a_few_evaluations():
    catalog = Catalog.model_validate(simple_catalog(
        overage=per_unit("0.01"), credit_pack={"size": "10000", "price": per_unit("0.008")}))
    quote = Quote.model_validate(simple_quote(term_months=48, credit_packs_per_year="auto", usage=[
        {"work_unit": "u", "monthly": "30000", "growth_percent": "1000"}]))
    priced = price_quote(catalog, quote)
    assert all(choice.candidates_tried < 20 for choice in priced.pack_choices)
    assert priced.credit_packs_per_year[0] > 10**9


def test_prices_too_close_to_settle_are_refused_not_frozen():
    catalog = Catalog.model_validate(simple_catalog(
        overage=per_unit("0.00693500000001"), credit_pack={"size": "333", "price": per_unit("0.006935")}))
    quote = Quote.model_validate(simple_quote("99000000", credit_packs_per_year="auto"))
    with pytest.raises(InvalidInput) as caught:
        price_quote(catalog, quote)
    assert caught.value.path == "credit_packs_per_year"
    assert "type the pack counts" in caught.value.message
