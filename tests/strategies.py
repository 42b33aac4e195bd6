"""Hypothesis strategies for catalogs and quotes (as JSON-like dicts).

Discounts, growth rates and scenario multipliers come with 2, 3 and 4
decimals, so a rule that reads a figure at another precision than
PRICING.md says (approval compares the reported 2 decimals) meets 10.004."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st


def decimal_text(max_value: str, places: int, min_value: str = "0") -> st.SearchStrategy[str]:
    return st.decimals(
        min_value=Decimal(min_value), max_value=Decimal(max_value), places=places, allow_nan=False, allow_infinity=False
    ).map(lambda d: format(d, "f"))


FINE_PLACES = (2, 3, 4)


def fine_decimal_text(max_value: str, min_value: str = "0", places=FINE_PLACES) -> st.SearchStrategy[str]:
    """A decimal with any of `places` decimals (drawn first, then the value)."""
    return st.sampled_from(places).flatmap(lambda p: decimal_text(max_value, p, min_value))


@st.composite
def tiers(draw, max_bound: int = 20_000) -> list[dict]:
    bounds = sorted(draw(st.sets(st.integers(0, max_bound), max_size=3)))
    return [
        {
            "up_to": None if bound is None else str(bound),
            "unit_price": draw(decimal_text("3", 4)),
            "flat_fee": draw(st.sampled_from(["0", "0", draw(decimal_text("50", 2))])),
        }
        for bound in [*bounds, None]
    ]


def schedules(monotone: bool = False, max_bound: int = 20_000) -> st.SearchStrategy[dict]:
    """Any schedule; with `monotone`, only modes where more never costs less."""
    per_unit = st.builds(lambda p: {"mode": "per_unit", "unit_price": p}, decimal_text("3", 4))
    graduated = tiers(max_bound).map(lambda t: {"mode": "graduated", "tiers": t})
    volume = tiers(max_bound).map(lambda t: {"mode": "volume", "tiers": t})
    package = st.builds(
        lambda size, price, free: {"mode": "package", "package_size": size, "package_price": price, "free_units": free},
        decimal_text("500", 1, "0.5"),
        decimal_text("100", 2),
        decimal_text("100", 0),
    )
    modes = [per_unit, graduated, package] + ([] if monotone else [volume])
    return st.one_of(*modes)


APPROVAL_LIMITS = ("10", "25")  # the generated catalogs' rep and manager limits


def near_limit() -> st.SearchStrategy[str]:
    """A discount less than 0.01 from one of the catalogs' approval limits
    (10, 25), at 3 or 4 decimals: where the reported 2 decimals decide."""
    offsets = st.sampled_from((3, 4)).flatmap(
        lambda p: st.integers(-(10 ** (p - 2) - 1), 10 ** (p - 2) - 1).map(lambda n: Decimal(n).scaleb(-p)))
    return st.tuples(st.sampled_from(APPROVAL_LIMITS), offsets).map(lambda pair: format(Decimal(pair[0]) + pair[1], "f"))


@st.composite
def catalogs(draw, monotone: bool = False) -> dict:
    unit_count = draw(st.integers(1, 3))
    units = [
        {
            "id": f"u{i}",
            "name": f"Unit {i}",
            "unit": "thing",
            "credits": draw(decimal_text("10", 2)),
            "cost_to_serve": draw(decimal_text("1", 4)),
            "autonomy": draw(st.integers(1, 5)),
            "attribution": draw(st.integers(1, 5)),
        }
        for i in range(unit_count)
    ]
    plan = {
        "id": "p",
        "name": "Plan",
        "platform_fee": draw(decimal_text("1000", 2)),
        "included_seats": draw(st.integers(0, 5)),
        "min_seats": draw(st.integers(0, 10)),
        "included_credits": draw(decimal_text("20000", 0)),
        "rollover_cap": draw(st.sampled_from(["0", "1", "2", "0.5"])),
        "overage": draw(schedules(monotone)),
    }
    if draw(st.booleans()):
        plan["seat_price"] = draw(schedules(monotone, max_bound=50))
    if draw(st.booleans()):
        plan["credit_pack"] = {"size": draw(decimal_text("20000", 0, "500")), "price": draw(schedules(monotone, 200_000))}
    outcomes = []
    for i in range(draw(st.integers(0, 2))):
        minimum = draw(decimal_text("100", 2))
        outcome = {
            "id": f"o{i}",
            "name": f"Outcome {i}",
            "work_unit": f"u{draw(st.integers(0, unit_count - 1))}",
            "price": draw(schedules(monotone, max_bound=500)),
            "minimum_monthly": minimum,
        }
        if draw(st.booleans()):
            outcome["cap_monthly"] = str(Decimal(minimum) + Decimal(draw(decimal_text("5000", 2))))
        outcomes.append(outcome)
    term_months = draw(st.sets(st.integers(1, 60), max_size=3))
    return {
        "format": "quotewright.catalog/1",
        "name": "Generated",
        "version": "1",
        "currency": draw(st.sampled_from(["USD", "USD", "JPY", "KWD"])),
        "work_units": units,
        "plans": [plan],
        "outcomes": outcomes,
        "term_discounts": [{"months": m, "percent": draw(fine_decimal_text("30"))} for m in sorted(term_months)],
        "prepay_discount_percent": draw(fine_decimal_text("10")),
        "approval": {
            "margin_floor_percent": draw(decimal_text("80", 0)),
            "levels": [
                {"role": "rep", "max_discount_percent": APPROVAL_LIMITS[0]},
                {"role": "manager", "max_discount_percent": APPROVAL_LIMITS[1]},
                {"role": "cfo", "max_discount_percent": "100"},
            ],
        },
    }


@st.composite
def quotes(draw, catalog: dict, max_term: int = 36, packs: str = "any") -> dict:
    """A quote for `catalog`. packs: 'any', 'fixed' or 'auto'."""
    term = draw(st.integers(1, max_term))
    years = -(-term // 12)
    units = [u["id"] for u in catalog["work_units"]]
    usage = [
        {"work_unit": unit, "monthly": draw(decimal_text("3000", 1)), "growth_percent": draw(fine_decimal_text("8", "-8"))}
        for unit in draw(st.lists(st.sampled_from(units), unique=True, max_size=len(units)))
    ]
    outcomes = [
        {"outcome": o["id"], "monthly": draw(decimal_text("800", 0)), "growth_percent": draw(fine_decimal_text("5", "-5", (1, 2, 3, 4)))}
        for o in catalog["outcomes"]
        if draw(st.booleans())
    ]
    has_packs = "credit_pack" in catalog["plans"][0]
    fixed = st.one_of(st.integers(0, 6), st.lists(st.integers(0, 6), min_size=years, max_size=years))
    choice = {"any": st.one_of(st.just("auto"), fixed), "fixed": fixed, "auto": st.just("auto")}[packs]
    pack_counts = draw(choice) if has_packs else draw(st.sampled_from([0, "auto"]))
    quote = {
        "format": "quotewright.quote/1",
        "id": "Q-gen",
        "customer": {"name": "Generated customer"},
        "plan": "p",
        "seats": draw(st.integers(0, 30)),
        "term_months": term,
        "billing": draw(st.sampled_from(["monthly", "annual"])),
        "usage": usage,
        "outcomes": outcomes,
        "credit_packs_per_year": pack_counts,
        "discounts": {
            field: draw(st.sampled_from(["0", draw(fine_decimal_text("60")), draw(near_limit())]))
            for field in ("subscription_percent", "credit_packs_percent", "overage_percent", "outcomes_percent")
        },
    }
    if draw(st.booleans()):
        quote["scenario_multipliers"] = {"low": draw(fine_decimal_text("0.99", "0.1")),
                                         "high": draw(fine_decimal_text("3", "1"))}
    return quote


@st.composite
def catalog_and_quote(draw, monotone: bool = False, max_term: int = 36, packs: str = "any") -> tuple[dict, dict]:
    catalog = draw(catalogs(monotone))
    return catalog, draw(quotes(catalog, max_term, packs))


# PRICING.md 9-11: month-by-month series and spend protection.

CURRENCY_PLACES = {"USD": 2, "JPY": 0, "KWD": 3}


@st.composite
def spend_protections(draw, currency: str) -> dict:
    """A cap in the currency's minor units (sometimes absent, sometimes 0)
    and strictly increasing alert percents in (0, 100]."""
    protection: dict = {}
    if draw(st.integers(0, 4)):  # mostly capped
        protection["overage_cap_monthly"] = draw(
            st.one_of(st.just("0"), decimal_text("400", CURRENCY_PLACES[currency]))
        )
    percents = draw(st.sets(st.sampled_from(["25", "50", "75", "80", "90", "99.5", "100", "33.3"]), max_size=4))
    protection["alert_percents"] = sorted(percents, key=Decimal)
    return protection


@st.composite
def with_series(draw, quote: dict) -> dict:
    """The quote with some usage and outcome lines given as a series (a
    ramp: a few steps of whole or one-decimal values, term_months long)."""
    term = quote["term_months"]
    quote = {**quote, "usage": [dict(line) for line in quote["usage"]],
             "outcomes": [dict(line) for line in quote["outcomes"]]}
    for line in quote["usage"] + quote["outcomes"]:
        if draw(st.booleans()):
            steps = sorted(draw(st.sets(st.integers(1, term), max_size=3)))
            levels = [draw(decimal_text("30000" if "work_unit" in line else "800", 1)) for _ in range(len(steps) + 1)]
            series = []
            for month in range(1, term + 1):
                series.append(levels[sum(1 for step in steps if step <= month)])
            line.pop("monthly"), line.pop("growth_percent", None)
            line["series"] = series
    return quote


@st.composite
def next_catalog_and_quote(draw, max_term: int = 36, packs: str = "any", protection: bool = True) -> tuple[dict, dict]:
    """A generated catalog and quote that use series and (with
    `protection`) spend protection."""
    catalog = draw(catalogs())
    quote = draw(with_series(draw(quotes(catalog, max_term, packs))))
    if protection:
        quote["spend_protection"] = draw(spend_protections(catalog["currency"]))
    return catalog, quote
