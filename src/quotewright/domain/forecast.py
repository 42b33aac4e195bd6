"""Forecast usage (PRICING.md section 5, steps 1-2): whole units per month
with compound growth, the credits they burn and their cost to serve."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .catalog import Catalog
from .money import HUNDRED, ONE, ZERO, round_whole
from .quote import Quote
from .result import UnitMonth


def grow(monthly: Decimal, growth_percent: Decimal, multiplier: Decimal, months: int) -> list[Decimal]:
    """round_half_up(monthly * k * (1 + g/100)^(m-1), 0) for m = 1..months.

    The power is built one exact multiplication at a time, so it never
    rounds however many digits it needs (the caller's context is EXACT).
    """
    rate = ONE + growth_percent / HUNDRED
    base = monthly * multiplier
    quantities = []
    compound = ONE
    for _ in range(months):
        quantities.append(round_whole(base * compound))
        compound *= rate
    return quantities


class Forecast(NamedTuple):
    """What the customer is expected to use, month by month (index m-1)."""

    usage: tuple[tuple[UnitMonth, ...], ...]
    outcome_counts: tuple[tuple[Decimal, ...], ...]  # [month][outcome line]
    credits_needed: tuple[Decimal, ...]
    cost_to_serve: tuple[Decimal, ...]  # exact; rounded once per month later


def forecast(catalog: Catalog, quote: Quote, multiplier: Decimal) -> Forecast:
    months = quote.term_months
    units = {unit.id: unit for unit in catalog.work_units}
    outcome_units = {outcome.id: units[outcome.work_unit] for outcome in catalog.outcomes}

    unit_rows = []
    for line in quote.usage:
        unit = units[line.work_unit]
        unit_rows.append(
            [
                UnitMonth(unit.id, quantity, quantity * unit.credits, quantity * unit.cost_to_serve)
                for quantity in grow(line.monthly, line.growth_percent, multiplier, months)
            ]
        )
    outcome_rows = [grow(line.monthly, line.growth_percent, multiplier, months) for line in quote.outcomes]
    outcome_costs = [outcome_units[line.outcome].cost_to_serve for line in quote.outcomes]

    usage = tuple(tuple(row[m] for row in unit_rows) for m in range(months))
    counts = tuple(tuple(row[m] for row in outcome_rows) for m in range(months))
    credits = tuple(sum((u.credits for u in month), ZERO) for month in usage)
    costs = tuple(
        sum((u.cost_to_serve for u in month_usage), ZERO)
        + sum((count * cost for count, cost in zip(month_counts, outcome_costs)), ZERO)
        for month_usage, month_counts in zip(usage, counts)
    )
    return Forecast(usage, counts, credits, costs)
