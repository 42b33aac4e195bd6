"""The pricing rules of PRICING.md section 5-6, one behaviour at a time.

Expected figures are worked out by hand in each test from the rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from builders import per_unit, simple_catalog, simple_quote, tiered
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.errors import InvalidInput
from quotewright.formatting import format_phrase


def price(catalog: dict, quote: dict, **kwargs):
    return price_quote(Catalog.model_validate(catalog), Quote.model_validate(quote), **kwargs)


def test_usage_grows_monthly_and_rounds_half_up_to_whole_units():
    # 100 * 1.005^(m-1): 100, 100.5 -> 101, 101.0025 -> 101, 101.5075125 -> 102
    priced = price(simple_catalog(), simple_quote(term_months=4, usage=[{"work_unit": "u", "monthly": "100", "growth_percent": "0.5"}]))
    assert [m.usage[0].quantity for m in priced.months] == [100, 101, 101, 102]


def test_negative_growth_and_the_power_is_exact_over_120_months():
    quote = simple_quote(term_months=120, usage=[{"work_unit": "u", "monthly": "1000000", "growth_percent": "-3.3333"}])
    quantities = [m.usage[0].quantity for m in price(simple_catalog(), quote).months]
    from decimal import Context, ROUND_HALF_UP
    from fractions import Fraction
    from math import floor

    exact = 1000000 * Fraction(966667, 1000000) ** 119  # the power as an exact fraction
    context = Context(prec=2000)
    expected = (D(1000000) * context.power(D("0.966667"), 119)).quantize(D(1), rounding=ROUND_HALF_UP)
    assert quantities[-1] == expected == floor(exact + Fraction(1, 2))  # half up, from the exact value
    assert quantities[-1] == 17699  # 1,000,000 x 0.966667^119 = 17,699.06...: the value itself
    assert quantities[0] == 1000000


def test_included_credits_then_bank_within_the_year_only():
    # 100 included a month, bank up to 1 month (100). Need 40 each month:
    # month 1 banks 60, month 2 has 160 and banks 100 (capped) ... month 13 starts at 100 again.
    catalog = simple_catalog(included_credits="100", rollover_cap="1")
    priced = price(catalog, simple_quote("40", term_months=14))
    pools = [m.credits.included_pool for m in priced.months]
    banked = [m.credits.banked for m in priced.months]
    assert pools[:3] == [100, 160, 200]
    assert banked[0] == 60 and banked[1] == 100 and banked[11] == 100
    assert pools[12] == 100  # the bank never crosses a year boundary
    assert banked[12] == 60


def test_rollover_lets_a_spike_use_last_months_leftover():
    catalog = simple_catalog(included_credits="100", rollover_cap="2", overage=per_unit("1"))
    quote = simple_quote(term_months=3, usage=[{"work_unit": "u", "monthly": "0"}])
    quote["usage"] = [{"work_unit": "u", "monthly": "10", "growth_percent": "200"}]  # 10, 30, 90
    months = price(catalog, quote).months
    assert [m.credits.needed for m in months] == [10, 30, 90]
    assert [m.credits.banked for m in months] == [90, 160, 170]  # 260 - 90; the cap of 200 is not reached
    assert all(m.credits.overage == 0 for m in months)


def test_packs_serve_their_year_then_expire_as_breakage():
    catalog = simple_catalog(
        included_credits="100",
        overage=per_unit("0.1"),
        credit_pack={"size": "500", "price": per_unit("0.05")},
    )
    # need 150 a month: 50 a month beyond included; 1 pack (500) covers 10 months,
    # months 11 and 12 pay 50 overage each at 0.1 = 5.00; year 2 buys 2 packs: 400 expire.
    priced = price(catalog, simple_quote("150", term_months=24, credit_packs_per_year=[1, 2]))
    year1, year2 = priced.years
    assert [m.credits.pack_used for m in priced.months[:12]] == [50] * 10 + [0, 0]
    assert [m.lines.overage.net for m in priced.months[10:12]] == [D("5.00"), D("5.00")]
    assert year1.breakage_credits == 0
    assert year2.breakage_credits == 1000 - 600
    assert priced.totals.breakage_credits == 400
    assert priced.months[0].lines.credit_packs.net == D("25.00")  # 500 credits x 0.05
    assert priced.months[12].lines.credit_packs.net == D("50.00")
    assert all(m.lines.credit_packs.net == 0 for m in priced.months if m.month not in (1, 13))


def test_a_short_last_year_pays_full_price_for_its_packs():
    catalog = simple_catalog(credit_pack={"size": "100", "price": per_unit("1")})
    priced = price(catalog, simple_quote("10", term_months=14, credit_packs_per_year=[1, 1]))
    assert priced.years[1].month_count == 2
    assert priced.months[12].lines.credit_packs.list == D("100.00")
    assert priced.years[1].breakage_credits == 80


def test_zero_quantity_lines_bill_nothing_not_even_a_first_tier_flat_fee():
    catalog = simple_catalog(
        overage=tiered("graduated", ("10", "1", "5"), (None, "1")),
        seat_price=tiered("volume", ("10", "3", "7"), (None, "2")),
        included_seats=5,
    )
    priced = price(catalog, simple_quote("0", seats=5))
    assert priced.totals.tcv == 0


def test_seats_bill_the_larger_of_seats_and_minimum_beyond_included():
    catalog = simple_catalog(seat_price=per_unit("10"), included_seats=2, min_seats=5)
    assert price(catalog, simple_quote(seats=1)).months[0].lines.seats.list == D("30.00")  # 5 - 2
    assert price(catalog, simple_quote(seats=9)).months[0].lines.seats.list == D("70.00")  # 9 - 2


def test_outcome_minimum_applies_even_at_zero_and_after_discount_and_cap_cuts():
    catalog = simple_catalog()
    catalog["outcomes"] = [
        {"id": "o", "name": "O", "work_unit": "u", "price": per_unit("2"), "minimum_monthly": "100", "cap_monthly": "300"}
    ]
    quote = simple_quote(term_months=3, discounts={"outcomes_percent": "50"})
    quote["outcomes"] = [{"outcome": "o", "monthly": "0"}]
    month = price(catalog, quote).months[0]
    assert (month.lines.outcomes.list, month.lines.outcomes.net) == (D("100.00"), D("100.00"))

    quote["outcomes"] = [{"outcome": "o", "monthly": "80"}]  # 160 list; net 80 -> raised to the minimum 100
    month = price(catalog, quote).months[0]
    assert (month.lines.outcomes.list, month.lines.outcomes.net) == (D("160.00"), D("100.00"))

    quote["outcomes"] = [{"outcome": "o", "monthly": "1000"}]  # 2000 list -> cap 300; net 1000 -> cap 300
    month = price(catalog, quote).months[0]
    assert (month.lines.outcomes.list, month.lines.outcomes.net) == (D("300.00"), D("300.00"))
    assert month.outcomes[0].clamped == "cap"


def test_discounts_compound_and_apply_before_rounding():
    catalog = simple_catalog(platform_fee="409.99")
    catalog["term_discounts"] = [{"months": 12, "percent": "5"}]
    catalog["prepay_discount_percent"] = "4"
    quote = simple_quote(billing="annual", discounts={"subscription_percent": "10"})
    month = price(catalog, quote).months[0]
    # 409.99 * 0.9 * 0.95 * 0.96 = 336.5197... -> 336.52
    assert month.lines.platform.net == D("336.52")
    monthly = price(catalog, simple_quote(billing="monthly", discounts={"subscription_percent": "10"})).months[0]
    assert monthly.lines.platform.net == D("350.54")  # 409.99 * 0.855 = 350.54145: no prepay discount


@pytest.mark.parametrize(("term", "percent"), [(11, "0"), (12, "3"), (23, "3"), (24, "7"), (120, "9")])
def test_the_longest_term_discount_the_term_reaches(term, percent):
    catalog = simple_catalog(platform_fee="100")
    catalog["term_discounts"] = [{"months": 36, "percent": "9"}, {"months": 12, "percent": "3"}, {"months": 24, "percent": "7"}]
    priced = price(catalog, simple_quote(term_months=term))
    assert priced.term_discount_percent == D(percent)


def test_annual_billing_moves_subscription_to_the_first_month_of_each_year():
    catalog = simple_catalog(platform_fee="100", overage=per_unit("1"))
    priced = price(catalog, simple_quote("5", term_months=15, billing="annual"))
    amounts = [invoice.amount for invoice in priced.invoices]
    assert amounts[0] == D("1200.00") + 5
    assert amounts[1:12] == [D("5.00")] * 11
    assert amounts[12] == D("300.00") + 5  # a 3-month last year
    assert sum(amounts) == priced.totals.tcv


def test_acv_of_an_odd_term_rounds_once():
    catalog = simple_catalog(platform_fee="10.01")
    priced = price(catalog, simple_quote(term_months=7))
    # tcv 70.07, acv = 70.07 * 12 / 7 = 120.12
    assert priced.totals.acv == D("120.12")


def test_yen_has_no_minor_units():
    catalog = simple_catalog(platform_fee="999.5")
    catalog["currency"] = "JPY"
    month = price(catalog, simple_quote()).months[0]
    assert month.lines.platform.net == D("1000")
    assert month.lines.platform.net.as_tuple().exponent == 0


def test_three_decimal_currency():
    catalog = simple_catalog(overage=per_unit("0.0125"))
    catalog["currency"] = "KWD"
    month = price(catalog, simple_quote("3")).months[0]
    assert month.lines.overage.net == D("0.038")  # 0.0375 rounds half up


def test_approval_follows_the_committed_discount_and_the_margin_floor():
    catalog = simple_catalog(platform_fee="100")
    catalog["approval"] = {
        "margin_floor_percent": "50",
        "levels": [{"role": "rep", "max_discount_percent": "10"}, {"role": "vp", "max_discount_percent": "30"},
                   {"role": "cfo", "max_discount_percent": "100"}],
    }
    assert price(catalog, simple_quote(discounts={"subscription_percent": "10"})).approval.level == "rep"
    approval = price(catalog, simple_quote(discounts={"subscription_percent": "10.01"})).approval
    assert approval.level == "vp"
    assert "10.01%" in format_phrase(approval.reasons[0]) and "rep" in format_phrase(approval.reasons[0])
    assert price(catalog, simple_quote(discounts={"overage_percent": "31"})).approval.level == "cfo"
    catalog["work_units"][0]["cost_to_serve"] = "1"
    low_margin = price(catalog, simple_quote("60"))  # cost 60 of 100 a month: 40% margin
    assert low_margin.totals.gross_margin_percent == D("40.00")
    assert low_margin.approval.level == "cfo"
    assert any("floor" in format_phrase(reason) for reason in low_margin.approval.reasons)


def test_forecast_usage_does_not_dilute_the_committed_discount():
    catalog = simple_catalog(platform_fee="100", overage=per_unit("1"))
    catalog["approval"]["levels"] = [{"role": "rep", "max_discount_percent": "10"}, {"role": "vp", "max_discount_percent": "100"}]
    priced = price(catalog, simple_quote("1000", discounts={"subscription_percent": "20"}))
    assert priced.totals.effective_discount_percent < 10
    assert priced.totals.committed_discount_percent == D("20.00")
    assert priced.approval.level == "vp"


def test_auto_packs_pick_the_cheapest_and_fewest_on_a_tie():
    # Overage 0.01 a credit; a 1000-credit pack costs 10.00: exactly the same as
    # overage, so every count ties and the fewest (0) wins.
    catalog = simple_catalog(overage=per_unit("0.01"), credit_pack={"size": "1000", "price": per_unit("0.01")})
    assert price(catalog, simple_quote("500", credit_packs_per_year="auto")).credit_packs_per_year == (0,)
    # A cheaper pack: 6000 credits a year are needed, so 6 packs.
    catalog["plans"][0]["credit_pack"]["price"] = per_unit("0.008")
    assert price(catalog, simple_quote("500", credit_packs_per_year="auto")).credit_packs_per_year == (6,)


def test_auto_packs_jump_a_volume_cliff():
    # 10 packs (10,000 credits) at 0.01 = 100; 11 packs enter the 0.005 tier = 55.
    catalog = simple_catalog(
        overage=per_unit("1"),
        credit_pack={"size": "1000", "price": tiered("volume", ("10000", "0.01"), (None, "0.005"))},
    )
    priced = price(catalog, simple_quote("800", credit_packs_per_year="auto"))  # 9,600 needed
    assert priced.credit_packs_per_year == (11,)
    fixed = price(catalog, simple_quote("800", credit_packs_per_year=10))
    cliff = [w for w in fixed.warnings if w.code == "pack_cliff"]
    assert len(cliff) == 1 and "11 packs" in format_phrase(cliff[0].message)


def test_scenarios_keep_the_expected_packs():
    catalog = simple_catalog(overage=per_unit("0.01"), credit_pack={"size": "1000", "price": per_unit("0.008")})
    quote = simple_quote("500", credit_packs_per_year="auto", scenario_multipliers={"low": "0.5", "high": "2"})
    priced = price(catalog, quote)
    assert priced.credit_packs_per_year == (6,)
    low, high = priced.scenarios["low"], priced.scenarios["high"]
    assert [y.credit_packs for y in low.years] == [6] and [y.credit_packs for y in high.years] == [6]
    assert low.totals.breakage_credits == 3000
    assert high.totals.overage_credits == 6000
    assert low.totals.tcv == priced.totals.tcv  # the packs are bought whatever the usage
    assert high.totals.tcv == priced.totals.tcv + D("60.00")


def test_warnings_explain_themselves():
    catalog = simple_catalog(
        platform_fee="10",
        overage=per_unit("1"),
        credit_pack={"size": "1000", "price": per_unit("0.001")},
    )
    catalog["work_units"][0].update(autonomy=2, attribution=5)
    catalog["outcomes"] = [{"id": "o", "name": "Outcome", "work_unit": "u", "price": per_unit("1")}]
    quote = simple_quote("100", credit_packs_per_year=[0], valid_until="2026-01-31", date="2026-01-01")
    quote["outcomes"] = [{"outcome": "o", "monthly": "1"}]
    codes = [w.code for w in price(catalog, quote, today=dt.date(2026, 2, 1)).warnings]
    assert codes == ["overage_share", "outcome_not_ready", "expired"]
    quote["credit_packs_per_year"] = [5]
    warnings = price(catalog, quote, today=dt.date(2026, 1, 31)).warnings
    assert [w.code for w in warnings] == ["credits_expire", "outcome_not_ready"]
    assert "3,800 of the 5,000" in format_phrase(warnings[0].message)
    assert "autonomy 2" in format_phrase(warnings[1].message)


def test_a_quote_that_does_not_fit_the_catalog_is_invalid_input():
    with pytest.raises(InvalidInput) as caught:
        price(simple_catalog(), simple_quote(plan="nope"))
    assert caught.value.path == "plan"


def test_the_engine_never_leaks_its_context():
    from decimal import getcontext

    before = getcontext().prec
    price(simple_catalog(platform_fee="1"), simple_quote())
    assert getcontext().prec == before


def test_the_quotes_own_discounts_are_compared_at_two_decimals():
    catalog = simple_catalog(platform_fee="100")
    catalog["approval"]["levels"] = [{"role": "rep", "max_discount_percent": "10"},
                                     {"role": "vp", "max_discount_percent": "100"}]
    assert price(catalog, simple_quote(discounts={"overage_percent": "10.004"})).approval.level == "rep"
    approval = price(catalog, simple_quote(discounts={"overage_percent": "10.005"})).approval
    assert approval.level == "vp" and "10.01%" in format_phrase(approval.reasons[0])
