"""Forecast usage (PRICING.md section 5, steps 1-2, and section 9): whole
units per month, with compound growth or from a month-by-month series, the
credits they burn and their cost to serve."""

from decimal import Decimal, localcontext
from functools import lru_cache
from itertools import repeat
from operator import mul
from typing import NamedTuple

from .catalog import Catalog
from .money import EXACT, HUNDRED, ONE, ZERO, round_wholes
from .quote import Quote
from .result import UnitMonth


@lru_cache(maxsize=256)  # at most a few MB even for 120 months of 40-digit rates
def compounds(growth_percent: Decimal, months: int) -> tuple[Decimal, ...]:
    """(1 + g/100)^(m-1) for m = 1..months, exact.

    The power is built one exact multiplication at a time, in the exact
    context whatever the caller's, so it never rounds however many digits
    it needs. Kept for the next pricing: a keystroke reprices the same
    growth rates (and a growth's compounds over 120 months are most of a
    forecast's work). Growth rates that are equal but written with other
    trailing zeros share an entry; forecasts round every product to whole
    units, which no trailing zero changes.
    """
    with localcontext(EXACT):
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
    usage_rows, outcome_rows = _quantities(quote, multiplier, powers)
    units = {unit.id: unit for unit in catalog.work_units}
    outcome_units = {outcome.id: units[outcome.work_unit] for outcome in catalog.outcomes}

    # Column by column (a unit's months), then turned into months: the
    # products and sums are the same, in the same order, as unit-month by
    # unit-month, with far fewer Python steps (a large quote has tens of
    # thousands of unit-months per case).
    unit_rows, credit_rows, cost_rows = [], [], []
    for line, quantities in zip(quote.usage, usage_rows):
        unit = units[line.work_unit]
        credit_row = list(map(mul, quantities, repeat(unit.credits)))
        cost_row = list(map(mul, quantities, repeat(unit.cost_to_serve)))
        unit_rows.append(list(map(UnitMonth, repeat(unit.id), quantities, credit_row, cost_row)))
        credit_rows.append(credit_row)
        cost_rows.append(cost_row)
    outcome_costs = [outcome_units[line.outcome].cost_to_serve for line in quote.outcomes]

    usage = tuple(zip(*unit_rows)) if unit_rows else ((),) * months
    counts = tuple(zip(*outcome_rows)) if outcome_rows else ((),) * months
    credits = tuple(sum(month, ZERO) for month in zip(*credit_rows)) if credit_rows else (ZERO,) * months
    unit_costs = [sum(month, ZERO) for month in zip(*cost_rows)] if cost_rows else [ZERO] * months
    costs = tuple(
        month_cost + sum([count * cost for count, cost in zip(month_counts, outcome_costs)], ZERO)
        for month_cost, month_counts in zip(unit_costs, counts)
    )
    return Forecast(usage, counts, credits, costs)


def credits_and_counts(
    catalog: Catalog, quote: Quote, multiplier: Decimal, powers: dict[Decimal, tuple[Decimal, ...]] | None = None
) -> tuple[tuple[Decimal, ...], tuple[tuple[Decimal, ...], ...]]:
    """`forecast(...)`'s credits_needed and outcome_counts alone, the same
    sums in the same order: what a plan comparison's sweep prices, without
    the work-unit months it never reads."""
    months = quote.term_months
    usage_rows, outcome_rows = _quantities(quote, multiplier, powers)
    units = {unit.id: unit for unit in catalog.work_units}
    credit_rows = [
        [q * credits for q in quantities]
        for credits, quantities in zip((units[line.work_unit].credits for line in quote.usage), usage_rows)
    ]
    credits = tuple(sum(month, ZERO) for month in zip(*credit_rows)) if credit_rows else (ZERO,) * months
    counts = tuple(zip(*outcome_rows)) if outcome_rows else ((),) * months
    return credits, counts


def _quantities(quote: Quote, multiplier: Decimal, powers: dict | None) -> tuple[list[list[Decimal]], list[list[Decimal]]]:
    """Whole units per month of each usage line and each outcome line."""
    months = quote.term_months
    powers = {} if powers is None else powers

    def grown(line) -> list[Decimal]:
        if line.series is not None:  # PRICING.md 9: round_half_up(series[m-1] * k, 0)
            return round_wholes([value * multiplier for value in line.series])
        if line.growth_percent not in powers:
            powers[line.growth_percent] = compounds(line.growth_percent, months)
        return grow(line.monthly, line.growth_percent, multiplier, months, powers[line.growth_percent])

    return [grown(line) for line in quote.usage], [grown(line) for line in quote.outcomes]
