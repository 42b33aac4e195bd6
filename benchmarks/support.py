"""Shared by the benchmarks: a median timer, and a large, realistic quote
(N work units, T months, auto packs, two scenarios) on a catalog shaped like
the data-platform sample."""

from __future__ import annotations

import statistics
import time
from decimal import Decimal
from typing import Callable

from quotewright.domain import Catalog, Quote


def cpu_ms(work, repeat: int) -> float:
    """The lowest CPU time of `work` in this process, in milliseconds."""
    work()
    best = None
    for _ in range(repeat):
        start = time.process_time()
        work()
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    return best * 1000


def median_ms(work: Callable[[], object], repeat: int, warm_up: bool = True) -> float:
    """The median wall time of `work` in milliseconds."""
    if warm_up:
        work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def large_catalog(units: int) -> Catalog:
    return Catalog.model_validate(
        {
            "format": "quotewright.catalog/1",
            "name": "Benchmark",
            "version": "1",
            "currency": "USD",
            "work_units": [
                {
                    "id": f"unit_{i}",
                    "name": f"Work unit {i}",
                    "unit": "task",
                    "credits": str(Decimal(1 + i % 7) / 4),
                    "cost_to_serve": str(Decimal(1 + i % 11) / 1000),
                    "autonomy": 1 + i % 5,
                    "attribution": 1 + (i * 3) % 5,
                }
                for i in range(units)
            ],
            "plans": [
                {
                    "id": "scale",
                    "name": "Scale",
                    "platform_fee": "2500",
                    "seat_price": {"mode": "graduated", "tiers": [
                        {"up_to": "25", "unit_price": "40"}, {"up_to": None, "unit_price": "32"}]},
                    "included_seats": 5,
                    "included_credits": "400000",
                    "rollover_cap": "2",
                    "overage": {"mode": "graduated", "tiers": [
                        {"up_to": "500000", "unit_price": "0.01"}, {"up_to": None, "unit_price": "0.008"}]},
                    "credit_pack": {"size": "100000", "price": {"mode": "volume", "tiers": [
                        {"up_to": "1000000", "unit_price": "0.008"},
                        {"up_to": "5000000", "unit_price": "0.0068"},
                        {"up_to": None, "unit_price": "0.0055"}]}},
                }
            ],
            "outcomes": [
                {"id": "resolved", "name": "Resolved", "work_unit": "unit_4",
                 "price": {"mode": "graduated", "tiers": [
                     {"up_to": "2000", "unit_price": "0.99"}, {"up_to": None, "unit_price": "0.79"}]},
                 "minimum_monthly": "500", "cap_monthly": "20000"},
            ],
            "term_discounts": [{"months": 12, "percent": "0"}, {"months": 36, "percent": "8"}],
            "prepay_discount_percent": "3",
            "approval": {"margin_floor_percent": "50", "levels": [
                {"role": "rep", "max_discount_percent": "10"}, {"role": "cfo", "max_discount_percent": "100"}]},
        }
    )


def large_quote(units: int, months: int = 60) -> Quote:
    """Usage sized so the whole quote needs about 2-4M credits a month."""
    per_unit = Decimal(3_000_000) / units
    return Quote.model_validate(
        {
            "id": "BENCH",
            "customer": {"name": "Benchmark customer"},
            "plan": "scale",
            "seats": 40,
            "term_months": months,
            "billing": "annual",
            "usage": [
                {"work_unit": f"unit_{i}", "monthly": str(round(per_unit * (1 + i % 3) / 2)),
                 "growth_percent": str(Decimal(i % 9) / 4)}
                for i in range(units)
            ],
            "outcomes": [{"outcome": "resolved", "monthly": "1500", "growth_percent": "2.5"}],
            "credit_packs_per_year": "auto",
            "discounts": {"subscription_percent": "10", "credit_packs_percent": "5"},
            "scenario_multipliers": {"low": "0.7", "high": "1.5"},
        }
    )


# --- a file at every limit of the models (bench_limits.py) -----------------------------------------------------

def _hundred_tiers(base: str, step: str, fee: str = "0") -> dict:
    """A graduated schedule with the most tiers a schedule may have, unit
    prices a hair around `base` (the shape that is hardest for auto packs)."""
    price, bound = Decimal(base), Decimal(step)
    tiers = [
        {"up_to": format(bound * (i + 1), "f"), "unit_price": format(price + Decimal("0.000001") * (i % 3 - 1), "f"),
         "flat_fee": fee}
        for i in range(99)
    ]
    return {"mode": "graduated", "tiers": tiers + [{"up_to": None, "unit_price": base, "flat_fee": fee}]}


def limits_catalog_data() -> dict:
    """A catalog with the most work units, plans and outcomes, every schedule
    at 100 tiers, 120 term discounts and 20 approval levels."""
    from quotewright.domain.catalog import MAX_OUTCOMES, MAX_PLANS, MAX_WORK_UNITS

    long_name = "Work unit with a long but valid name " * 5
    units = [
        {
            "id": f"unit_{i}", "name": (long_name + str(i))[:200], "unit": "task",
            "credits": "1." + "0" * 37 + "1" if i % 3 == 0 else str(1 + i % 7),
            "cost_to_serve": "0.00" + "123456789" * 4 if i % 2 else "0.001",
            "autonomy": 1 + i % 5, "attribution": 1 + (i * 3) % 5, "description": "d" * 200,
        }
        for i in range(MAX_WORK_UNITS)
    ]
    plan = {
        "name": "Every limit", "platform_fee": "9" * 37 + ".99",
        "seat_price": _hundred_tiers("40", "10"), "included_seats": 5, "min_seats": 10,
        "included_credits": "1000", "rollover_cap": "2",
        "overage": _hundred_tiers("0.001", "50"),
        "credit_pack": {"size": "0.0006103515625", "price": _hundred_tiers("0.001", "100")},
    }
    outcomes = [
        {"id": f"outcome_{i}", "name": f"Outcome {i}", "work_unit": f"unit_{i % MAX_WORK_UNITS}",
         "price": _hundred_tiers("0.99", "20", "1.5"), "minimum_monthly": "10", "cap_monthly": "99999999"}
        for i in range(MAX_OUTCOMES)
    ]
    return {
        "format": "quotewright.catalog/1", "name": "Every limit", "version": "1", "currency": "USD",
        "work_units": units,
        "plans": [{"id": f"plan_{i}", **plan} for i in range(MAX_PLANS)],
        "outcomes": outcomes,
        "term_discounts": [{"months": m, "percent": format(Decimal(m) / 8, "f")} for m in range(1, 121)],
        "prepay_discount_percent": "3.333333333333333333333333333333333333",
        "approval": {"margin_floor_percent": "45", "levels": [
            {"role": f"level_{i}", "max_discount_percent": str(5 * (i + 1))} for i in range(20)]},
    }


GROWTH_EXTREMES = (
    "999.999999",   # just under the 1000% limit, with the most decimals growth may have
    "-99.999999",   # just above the -100% limit
    "0.000001",     # tiny, but 8 decimals in the rate compounded 119 times
    "7.5",
)


def limits_quote_data() -> dict:
    """A 120-month quote with 10 scenarios and as many usage and outcome
    lines as the forecast limit allows, growth at both extremes, 40-character
    amounts and auto packs."""
    from quotewright.domain.quote import MAX_FORECAST_CELLS, MAX_SCENARIOS

    months, cases = 120, 1 + MAX_SCENARIOS
    lines = MAX_FORECAST_CELLS // (months * cases)
    outcome_lines = 10
    return {
        "format": "quotewright.quote/1", "id": "LIMITS", "customer": {"name": "C" * 200, "address": "a\n" * 100},
        "plan": "plan_0", "seats": 1_000_000_000, "term_months": months, "billing": "annual",
        "usage": [
            {"work_unit": f"unit_{i}", "monthly": "9" * 31 + "." + "9" * 8 if i % 5 == 0 else "1000",
             "growth_percent": GROWTH_EXTREMES[i % len(GROWTH_EXTREMES)]}
            for i in range(lines - outcome_lines)
        ],
        "outcomes": [
            {"outcome": f"outcome_{i}", "monthly": "2500", "growth_percent": GROWTH_EXTREMES[i % len(GROWTH_EXTREMES)]}
            for i in range(outcome_lines)
        ],
        "credit_packs_per_year": "auto",
        "discounts": {"subscription_percent": "12.5", "credit_packs_percent": "3.3333333333333333333333333333333333333",
                      "overage_percent": "7", "outcomes_percent": "2.5"},
        "scenario_multipliers": {f"case_{i}": ("0.001", "0.5", "0.7", "0.9", "1.1", "1.5", "2", "10", "100", "1000")[i]
                                 for i in range(MAX_SCENARIOS)},
        "notes": "n" * 5000,
    }
