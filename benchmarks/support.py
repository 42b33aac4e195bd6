"""Shared by the benchmarks: a median timer, and a large, realistic quote
(N work units, T months, auto packs, two scenarios) on a catalog shaped like
the data-platform sample."""

from __future__ import annotations

import statistics
import time
from decimal import Decimal
from typing import Callable

from quotewright.domain import Catalog, Quote


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
