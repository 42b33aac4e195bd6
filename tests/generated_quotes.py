"""A seeded corpus of catalogs and quotes for the spreadsheet parity tests,
built so that every schedule mode, rollover, packs (typed and auto),
outcomes with a minimum and a cap, both billings and terms from 1 to 120
months all appear, and so that discounts, growth rates and scenario
multipliers come with 2, 3 and 4 decimals: a formula that reads a figure at
another precision than the engine (an approval limit compared with an
unrounded discount, say) meets a case that shows it. Overage and outcome
discounts are often drawn a few ten-thousandths from an approval limit, where
rounding to the reported 2 decimals decides the level."""

from __future__ import annotations

import random
from decimal import Decimal

MODES = ("per_unit", "graduated", "volume", "package")
TERMS = (1, 2, 7, 11, 12, 13, 23, 24, 25, 36, 47, 60, 61, 84, 119, 120)
CURRENCIES = ("USD", "EUR", "JPY", "KWD", "GBP")
FINE_PLACES = (2, 3, 4)
APPROVAL_LIMITS = ("10", "25")  # the generated catalogs' rep and manager limits


def _decimal(rng: random.Random, low: float, high: float, places: int) -> str:
    scale = 10**places
    return str(Decimal(rng.randint(int(low * scale), int(high * scale))) / scale)


def _fine(rng: random.Random, low: float, high: float) -> str:
    """A value with 2, 3 or 4 decimals (as many as it draws, not padded)."""
    return _decimal(rng, low, high, rng.choice(FINE_PLACES))


def _near_limit(rng: random.Random) -> str:
    """A discount less than 0.01 from an approval limit, at 3 or 4 decimals:
    10.004 reports as 10.00 (within 10), 10.005 as 10.01 (above it)."""
    limit = Decimal(rng.choice(APPROVAL_LIMITS))
    places = rng.choice((3, 4))
    offset = Decimal(rng.choice((-1, 1)) * rng.randint(1, 10 ** (places - 2) - 1)).scaleb(-places)
    return str(limit + offset)


def schedule(rng: random.Random, mode: str, scale: int, price_high: float) -> dict:
    if mode == "per_unit":
        return {"mode": mode, "unit_price": _decimal(rng, 0, price_high, 4)}
    if mode == "package":
        return {
            "mode": mode,
            "package_size": str(rng.choice([1, 5, 10, 60, 250, 1000]) * max(1, scale // 1000)),
            "package_price": _decimal(rng, 0, price_high * 100, 2),
            "free_units": str(rng.choice([0, 0, 10, scale // 10])),
        }
    bounds = sorted(rng.sample(range(1, scale * 4), rng.randint(1, 3)))
    prices = sorted((_decimal(rng, 0, price_high, 4) for _ in bounds), key=Decimal, reverse=True)
    tiers = [
        {"up_to": str(bound), "unit_price": price, "flat_fee": rng.choice(["0", "0", _decimal(rng, 0, 50, 2)])}
        for bound, price in zip(bounds, prices)
    ]
    tiers.append({"up_to": None, "unit_price": _decimal(rng, 0, price_high, 4), "flat_fee": "0"})
    return {"mode": mode, "tiers": tiers}


def generated_case(index: int, seed: int = 2026) -> tuple[str, dict, dict]:
    rng = random.Random(seed * 1000 + index)
    unit_count = rng.randint(1, 4)
    units = [
        {
            "id": f"unit_{i}",
            "name": f"Work unit {i}",
            "unit": "task",
            "credits": rng.choice(["1", "2", "0.2", "0.5", "5", "0.25", "3"]),
            "cost_to_serve": _decimal(rng, 0, 0.05, 4),
            "autonomy": rng.randint(1, 5),
            "attribution": rng.randint(1, 5),
        }
        for i in range(unit_count)
    ]
    included = rng.choice([0, 1000, 5000, 20000])
    plan = {
        "id": "plan",
        "name": "Plan",
        "platform_fee": _decimal(rng, 0, 900, 2),
        "included_seats": rng.randint(0, 5),
        "min_seats": rng.randint(0, 8),
        "included_credits": str(included),
        "rollover_cap": ("1", "2", "0.5", "0")[index % 4],
        "overage": schedule(rng, MODES[index % 4], 20000, 0.02),
        "seat_price": schedule(rng, MODES[(index + 1) % 4], 20, 60),
    }
    if index % 5 != 4:
        plan["credit_pack"] = {
            "size": rng.choice(["1000", "2500", "5000", "10000"]),
            "price": schedule(rng, MODES[(index + 2) % 4], 200000, 0.015),
        }
    outcomes = []
    if index % 3 != 2:
        minimum = _decimal(rng, 0, 300, 2)
        outcome = {
            "id": "outcome_a",
            "name": "Outcome A",
            "work_unit": f"unit_{rng.randrange(unit_count)}",
            "price": schedule(rng, MODES[(index + 3) % 4], 800, 3),
            "minimum_monthly": minimum,
        }
        if index % 2 == 0:
            outcome["cap_monthly"] = str(Decimal(minimum) + Decimal(rng.randint(0, 3000)))
        outcomes.append(outcome)
    catalog = {
        "format": "quotewright.catalog/1",
        "name": f"Generated {index}",
        "version": "1",
        "currency": CURRENCIES[index % len(CURRENCIES)],
        "work_units": units,
        "plans": [plan],
        "outcomes": outcomes,
        "term_discounts": [{"months": 12, "percent": "0"}, {"months": 24, "percent": _fine(rng, 0, 8)},
                           {"months": 36, "percent": _fine(rng, 0, 15)}],
        "prepay_discount_percent": _fine(rng, 0, 6),
        "approval": {"margin_floor_percent": str(rng.randint(0, 70)), "levels": [
            {"role": "rep", "max_discount_percent": "10"}, {"role": "manager", "max_discount_percent": "25"},
            {"role": "cfo", "max_discount_percent": "100"}]},
    }
    term = TERMS[index % len(TERMS)]
    years = -(-term // 12)
    if "credit_pack" not in plan:
        packs = 0
    elif index % 3 == 0:
        packs = "auto"
    else:
        packs = [rng.randint(0, 8) for _ in range(years)]
    quote = {
        "format": "quotewright.quote/1",
        "id": f"GEN-{index}",
        "customer": {"name": f"Customer {index}"},
        "plan": "plan",
        "seats": rng.randint(0, 30),
        "term_months": term,
        "billing": ("monthly", "annual")[index % 2],
        "usage": [
            {"work_unit": unit["id"], "monthly": str(rng.randint(0, 9000)),
             "growth_percent": rng.choice(["0", "0.5", "1", "2.5", "-1.5", "3.3333", "5", _fine(rng, -4, 5),
                                           _fine(rng, -2, 3)])}
            for unit in units
            if rng.random() < 0.85
        ],
        "outcomes": [{"outcome": "outcome_a", "monthly": str(rng.randint(0, 600)),
                      "growth_percent": rng.choice(["0", "2", "-3", "4.5", _fine(rng, -3, 4)])} for _ in outcomes],
        "credit_packs_per_year": packs,
        "discounts": {
            "subscription_percent": rng.choice(["0", "5", "12.5", _fine(rng, 0, 30), _near_limit(rng)]),
            "credit_packs_percent": rng.choice(["0", "7.5", _fine(rng, 0, 20)]),
            "overage_percent": rng.choice(["0", "3", _fine(rng, 0, 30), _near_limit(rng), _near_limit(rng)]),
            "outcomes_percent": rng.choice(["0", "10", _fine(rng, 0, 15), _near_limit(rng), _near_limit(rng)]),
        },
    }
    if index % 4 == 1:
        quote["scenario_multipliers"] = {"low": _fine(rng, 0.1, 0.99), "high": _fine(rng, 1.01, 3)}
    return f"generated-{index:02d}", catalog, quote


def generated_cases(count: int = 60) -> list[tuple[str, dict, dict]]:
    return [generated_case(index) for index in range(count)]


# Sections 9-11: a separate corpus, so the cases above stay exactly as they
# are. Each case is a generated quote with month-by-month series (ramps,
# fractional counts that round half up, a year of zeros that leaves revenue
# unallocated), spend protection (a cap in the currency's minor units, often
# low enough to bite, sometimes 0 or absent; alert percents at up to 3
# decimals, 100 among them) and now and then two twin work units whose
# equal remainders test the largest remainder's tie rule.

PLACES = {"USD": 2, "EUR": 2, "JPY": 0, "KWD": 3, "GBP": 2}
FULL_SPEND_CASES = 40  # then a few with the cap, the alerts or the series left out
ALERT_POOL = ("10", "12.5", "25", "33.333", "50", "66.67", "75", "80", "90", "99.99", "100")


def _series(rng: random.Random, term: int, base: int) -> list[str]:
    """A ramp: a pilot level, then one to three steps (some down), with
    some months at a half (x.5 rounds away from zero) or zero."""
    steps = sorted(rng.sample(range(1, term), min(term - 1, rng.randint(1, 3)))) if term > 1 else []
    levels = [rng.choice([base // 20, base // 4, 0, base // 2])] + [rng.randint(0, base * 3) for _ in steps]
    values, level = [], 0
    for month in range(term):
        while level < len(steps) and month >= steps[level]:
            level += 1
        value = Decimal(levels[level])
        if rng.random() < 0.15:
            value += Decimal("0.5")
        values.append(str(value))
    if term > 12 and rng.random() < 0.3:  # the pilot stops: a last year with no usage
        last_year = (term - 1) // 12 * 12
        values[last_year:] = ["0"] * (term - last_year)
    return values


def spend_case(index: int, seed: int = 913) -> tuple[str, dict, dict]:
    _, catalog, quote = generated_case(index, seed)
    rng = random.Random(seed * 7919 + index)
    term = quote["term_months"]
    units = catalog["work_units"]
    full = index < FULL_SPEND_CASES  # series, a cap and alerts, all three
    if full and not quote["usage"]:
        quote["usage"] = [{"work_unit": units[0]["id"], "monthly": str(rng.randint(100, 9000)), "growth_percent": "0"}]
    lines = quote["usage"] + quote["outcomes"]
    ramped = rng.randrange(len(lines)) if full and lines else -1  # at least this line has a series
    for number, line in enumerate(lines):
        if number == ramped or rng.random() < 0.6:
            base = max(10, int(Decimal(line["monthly"])))
            line.pop("monthly")
            line.pop("growth_percent")
            line["series"] = _series(rng, term, base)
    if len(units) >= 2 and quote["usage"] and rng.random() < 0.35:
        # Twin units: the same credits, cost and usage, so equal remainders.
        first = dict(quote["usage"][0])
        source = next(unit for unit in units if unit["id"] == first["work_unit"])
        twin = next(unit for unit in units if unit["id"] != first["work_unit"])
        twin.update(credits=source["credits"], cost_to_serve=source["cost_to_serve"])
        quote["usage"] = [first, {**first, "work_unit": twin["id"]}] + [
            line for line in quote["usage"][1:] if line["work_unit"] != twin["id"]]
    places = PLACES[catalog["currency"]]
    protection: dict = {}
    if full or rng.random() < 0.5:
        cap = Decimal(rng.choice([0, 0, 1, 5, 10, 20, 60, 150])) + Decimal(rng.randint(0, 10**places - 1)).scaleb(-places)
        protection["overage_cap_monthly"] = str(cap if rng.random() < 0.9 else Decimal(0))
    if full or rng.random() < 0.5:
        protection["alert_percents"] = sorted(rng.sample(ALERT_POOL, rng.randint(1, 4)), key=Decimal)
    quote["spend_protection"] = protection
    quote["id"] = f"SPEND-{index}"
    return f"spend-{index:02d}", catalog, quote


def spend_cases(count: int = 46) -> list[tuple[str, dict, dict]]:
    return [spend_case(index) for index in range(count)]
