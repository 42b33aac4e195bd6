"""Forecast usage (PRICING.md section 5, steps 1-2, and section 9): whole
units per month, with compound growth or from a month-by-month series, the
credits they burn and their cost to serve."""

from decimal import Decimal
from typing import NamedTuple

from .catalog import Catalog
from .money import HUNDRED, ONE, ZERO, round_wholes
from .quote import Quote
from .result import UnitMonth


def compounds(growth_percent: Decimal, months: int) -> tuple[Decimal, ...]:
    """(1 + g/100)^(m-1) for m = 1..months, exact.

    The power is built one exact multiplication at a time, so it never
    rounds however many digits it needs (the caller's context is EXACT).
    """
    rate = ONE + growth_percent / HUNDRED
    powers = [ONE]
    for _ in range(months - 1):
        powers.append(powers[-1] * rate)
    return tuple(powers)


def grow(
    monthly: Decimal, growth_percent: Decimal, multiplier: Decimal, months: int,
    powers: tuple[Decimal, ...] | None = None,
) -> list[Decimal]:
    """round_half_up(monthly * k * (1 + g/100)^(m-1), 0) for m = 1..months;
    `powers` are the growth's `compounds`, when the caller already has them."""
    base = monthly * multiplier
    return round_wholes([base * compound for compound in (powers or compounds(growth_percent, months))])


class Forecast(NamedTuple):
    """What the customer is expected to use, month by month (index m-1)."""

    usage: tuple[tuple[UnitMonth, ...], ...]
    outcome_counts: tuple[tuple[Decimal, ...], ...]  # [month][outcome line]
    credits_needed: tuple[Decimal, ...]
    cost_to_serve: tuple[Decimal, ...]  # exact; rounded once per month later


def forecast(
    catalog: Catalog, quote: Quote, multiplier: Decimal, powers: dict[Decimal, tuple[Decimal, ...]] | None = None
) -> Forecast:
    """The forecast for one usage case. `powers` caches each growth rate's
    compounds across the cases of one quote (every scenario grows alike)."""
    months = quote.term_months
    powers = {} if powers is None else powers

    def grown(line) -> list[Decimal]:
        if line.series is not None:  # PRICING.md 9: round_half_up(series[m-1] * k, 0)
            return round_wholes([value * multiplier for value in line.series])
        if line.growth_percent not in powers:
            powers[line.growth_percent] = compounds(line.growth_percent, months)
        return grow(line.monthly, line.growth_percent, multiplier, months, powers[line.growth_percent])

    units = {unit.id: unit for unit in catalog.work_units}
    outcome_units = {outcome.id: units[outcome.work_unit] for outcome in catalog.outcomes}

    unit_rows = []
    for line in quote.usage:
        unit = units[line.work_unit]
        unit_id, credits, cost = unit.id, unit.credits, unit.cost_to_serve
        unit_rows.append([UnitMonth(unit_id, q, q * credits, q * cost) for q in grown(line)])
    outcome_rows = [grown(line) for line in quote.outcomes]
    outcome_costs = [outcome_units[line.outcome].cost_to_serve for line in quote.outcomes]

    usage = tuple(zip(*unit_rows)) if unit_rows else ((),) * months
    counts = tuple(zip(*outcome_rows)) if outcome_rows else ((),) * months
    credits = tuple(sum([u.credits for u in month], ZERO) for month in usage)
    costs = tuple(
        sum([u.cost_to_serve for u in month_usage], ZERO)
        + sum([count * cost for count, cost in zip(month_counts, outcome_costs)], ZERO)
        for month_usage, month_counts in zip(usage, counts)
    )
    return Forecast(usage, counts, credits, costs)
