"""Revenue, cost and margin per work unit (PRICING.md section 11): which
work units earn their cost. Internal, like all cost and margin.

Money is split in minor units by largest remainder with exact rational
arithmetic, so the units' revenue plus the unallocated revenue is the TCV
to the minor unit, and the units' costs are the total cost to serve.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from math import lcm

from .catalog import Catalog
from .forecast import Forecast
from .money import EXACT, ZERO, percent_of
from .quote import Quote
from .result import MonthResult, UnitMargin, YearResult

_SPLIT_LINES = ("platform", "seats", "credit_packs", "overage")
"""The lines split by credits; outcome fees go to the outcome's unit."""


def largest_remainder(total: int, weights: list[Fraction | Decimal]) -> list[int]:
    """Split `total` (>= 0) in proportion to `weights` (>= 0): each gets the
    floor of its exact share, and the units left over go one each to the
    largest remainders, ties to the one listed first. All weights 0: all
    shares 0.

    Exact and fast: the weights become integers over one common
    denominator, so every share is an integer division.
    """
    ratios = [weight.as_integer_ratio() for weight in weights]
    common = lcm(*(denominator for _, denominator in ratios)) if ratios else 1
    scaled = [numerator * (common // denominator) for numerator, denominator in ratios]
    whole = sum(scaled)
    if whole == 0:
        return [0] * len(weights)
    shares, remainders = [], []
    for weight in scaled:
        share, remainder = divmod(total * weight, whole)
        shares.append(share)
        remainders.append(remainder)
    left = total - sum(shares)
    if left:
        for index in sorted(range(len(scaled)), key=lambda i: (-remainders[i], i))[:left]:
            shares[index] += 1
    return shares


def unit_margins(
    catalog: Catalog,
    quote: Quote,
    usage: Forecast,
    months: tuple[MonthResult, ...] | list[MonthResult],
    years: list[YearResult],
    cost_to_serve: Decimal,
    places: int,
) -> tuple[tuple[UnitMargin, ...], Decimal]:
    """(work_units[], unallocated revenue) for one priced case."""
    with localcontext(EXACT):  # sums of exact credits and costs never round
        return _unit_margins(catalog, quote, usage, months, years, cost_to_serve, places)


def _unit_margins(catalog, quote, usage, months, years, cost_to_serve, places):
    scale = 10**places
    units = {unit.id: unit for unit in catalog.work_units}
    outcome_unit = {outcome.id: outcome.work_unit for outcome in catalog.outcomes}
    outcome_units = [outcome_unit[line.outcome] for line in quote.outcomes]
    listed = [line.work_unit for line in quote.usage]
    for unit_id in outcome_units:
        if unit_id not in listed:
            listed.append(unit_id)
    position = {unit_id: index for index, unit_id in enumerate(listed)}
    usage_index = [position[line.work_unit] for line in quote.usage]

    credits = [[ZERO] * len(listed) for _ in years]  # [year][unit], exact
    exact_cost = [ZERO] * len(listed)
    revenue = [0] * len(listed)  # minor units
    for index, column in zip(usage_index, zip(*usage.usage)):  # one usage line, month by month
        for row, year in zip(credits, years):
            start = year.first_month - 1
            row[index] = sum([u.credits for u in column[start : start + year.month_count]], ZERO)
        exact_cost[index] = sum([u.cost_to_serve for u in column], ZERO)
    for line, (unit_id, counts) in enumerate(zip(outcome_units, zip(*usage.outcome_counts))):
        index = position[unit_id]
        exact_cost[index] += sum(counts, ZERO) * units[unit_id].cost_to_serve
        revenue[index] += _minor(sum([month.outcomes[line].charge.net for month in months], ZERO), scale)

    for year, weights in zip(years, credits):
        if _unallocated(year):
            continue
        for index, share in enumerate(largest_remainder(_year_revenue(year, scale), weights)):
            revenue[index] += share

    costs = largest_remainder(_minor(cost_to_serve, scale), exact_cost)
    margins = []
    for index, unit_id in enumerate(listed):
        unit_revenue, unit_cost = _money(revenue[index], places), _money(costs[index], places)
        margins.append(
            UnitMargin(
                work_unit=unit_id,
                credits=sum([row[index] for row in credits], ZERO),
                revenue=unit_revenue,
                cost_to_serve=unit_cost,
                gross_margin_percent=percent_of(unit_revenue - unit_cost, unit_revenue),
            )
        )
    return tuple(margins), unallocated_revenue(years, places)


def unallocated_revenue(years, places: int) -> Decimal:
    """The revenue of the years whose usage needs no credits: no unit burns
    any, so there is nothing to split it by (PRICING.md 11). The totals
    carry it, so it is computed without the per-unit split."""
    scale = 10**places
    with localcontext(EXACT):
        return _money(sum((_year_revenue(year, scale) for year in years if _unallocated(year)), 0), places)


def _unallocated(year: YearResult) -> bool:
    # Credits are never negative, so a year needs none exactly when no unit
    # burns any: every unit's weight in the split is 0.
    return year.credits_needed == 0


def _year_revenue(year: YearResult, scale: int) -> int:
    return _minor(sum([year.lines.charge(name).net for name in _SPLIT_LINES], ZERO), scale)


def _minor(amount: Decimal, scale: int) -> int:
    """Money already rounded to minor units, as a whole number of them."""
    whole = amount * scale
    return int(whole)


def _money(minor: int, places: int) -> Decimal:
    return Decimal(minor).scaleb(-places)
