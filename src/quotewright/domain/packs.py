"""Credit packs per contract year: the quote's own counts, or with "auto"
the count with the lowest rounded net packs + overage for the year
(PRICING.md section 5, step 8).

The search is exact and fast. Between a few breakpoints (a pack price tier
starts, a month becomes fully served, the partly served month's overage
crosses a tier) both the pack price and the overage are linear in the pack
count, so the year's cost is two rounded linear functions plus a constant.
Rounding moves the sum by at most one minor unit, which gives each piece a
lower bound: pieces that cannot beat the best count so far are skipped, and
inside the others only the counts within a minor unit of the best can win.
Of those, only a few need pricing: inside a piece the rounded pack price
never falls as packs are added and the rounded overage never rises, so on a
run of counts with the same rounded overage the first count is the cheapest.
Only the counts where the rounded overage steps down are priced (a tiny
pack size makes thousands of counts share each step). A tie goes to fewer
packs, as the rules say.

The whole quote's search has one budget of work (pieces bounded and counts
priced, over every contract year), sized so that the search ends in well
under a second; prices so close that the budget runs out are refused with
the field, so "auto" never freezes the app.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from heapq import heappop, heappush
from itertools import accumulate
from math import ceil, floor
from typing import Iterator

from .charges import Terms
from .errors import InvalidInput
from .money import ZERO
from .quote import Quote
from .result import PackChoice
from .schedules import Package
from .spend import cap_cut, capped

MAX_EVALUATIONS = 20_000
"""Counts priced (1 each) and pieces bounded (2 each) for one quote, every year together:
about 15 microseconds each, so about a third of a second of CPU at most."""


class SearchTooLarge(Exception):
    pass


class Budget:
    """The work one quote's auto-pack search may still do."""

    def __init__(self, limit: int = MAX_EVALUATIONS):
        self.left = limit

    def spend(self, amount: int = 1) -> None:
        self.left -= amount
        if self.left < 0:
            raise SearchTooLarge


@dataclass
class YearCost:
    """The net credit_packs + overage cost of one contract year as a function
    of the number of packs bought at its start."""

    terms: Terms
    residuals: list[Decimal]  # credits needed after included credits, by month
    _cumulative: list[Decimal] = field(init=False)
    _after: list[Decimal] = field(init=False)

    def __post_init__(self) -> None:
        full = [self.terms.overage_net(r) for r in self.residuals]
        self._cumulative = list(accumulate(self.residuals))
        # _after[i]: overage cost of months i.. when the packs are exhausted before month i
        self._after = list(accumulate(reversed(full), initial=ZERO))[::-1]
        # Without a package schedule every bound is an exact Decimal, which
        # `floors` computes without the Fraction checks; counts whose bounds
        # were computed are kept (the search bounds a piece's ends again
        # when it cuts the piece).
        plan = self.terms.plan
        self.decimal_bounds = not isinstance(plan.overage, Package) and not (
            plan.credit_pack is not None and isinstance(plan.credit_pack.price, Package)
        )
        self._floors: dict[int, tuple[Number, Number]] = {}

    def overage(self, packs: int) -> Decimal:
        balance = self.terms.pack_credits(packs)
        covered = bisect_right(self._cumulative, balance)  # months fully served by packs
        if covered == len(self.residuals):
            return ZERO
        short = self._cumulative[covered] - balance
        return self.terms.overage_net(short) + self._after[covered + 1]

    def packs(self, packs: int) -> Decimal:
        return self.terms.pack_net(packs)

    def __call__(self, packs: int) -> Decimal:
        return self.packs(packs) + self.overage(packs)

    def floors(self, packs: int) -> tuple[Number, Number]:
        """Lower bounds, before rounding, of the packs and the overage parts;
        linear in `packs` between breakpoints. Exact Decimals, except that a
        package schedule's bound is a Fraction."""
        known = self._floors.get(packs)
        if known is not None:
            return known
        found = self._decimal_floors(packs) if self.decimal_bounds else self._any_floors(packs)
        self._floors[packs] = found
        return found

    def _decimal_floors(self, packs: int) -> tuple[Decimal, Decimal]:
        # `_any_floors` when both schedules' bounds are their exact amounts.
        terms = self.terms
        pack = terms.plan.credit_pack
        balance = packs * pack.size
        pack_part = pack.price.amount(balance) * terms.pack_factor if packs else ZERO
        covered = bisect_right(self._cumulative, balance)
        if covered == len(self.residuals):
            return pack_part, ZERO
        overage = terms.plan.overage.amount(self._cumulative[covered] - balance) * terms.overage_factor
        cap = terms.overage_cap
        if cap is not None and overage > cap:
            overage = cap
        return pack_part, overage + self._after[covered + 1]

    def _any_floors(self, packs: int) -> tuple[Number, Number]:
        terms = self.terms
        pack = terms.plan.credit_pack
        balance = terms.pack_credits(packs)
        pack_part: Number = ZERO
        if packs:
            pack_part = _times(pack.price.linear_floor(balance), terms.pack_factor)
        covered = bisect_right(self._cumulative, balance)
        if covered == len(self.residuals):
            return pack_part, ZERO
        short = self._cumulative[covered] - balance
        overage = capped(_times(terms.plan.overage.linear_floor(short), terms.overage_factor), terms.overage_cap)
        return pack_part, _plus(overage, self._after[covered + 1])


Number = Decimal | Fraction


def _times(value: Number, factor: Decimal) -> Number:
    return value * factor if isinstance(value, Decimal) else value * Fraction(factor)


def _plus(left: Number, right: Number) -> Number:
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left + right
    return Fraction(left) + Fraction(right)


def _ceil_div(numerator: Decimal, denominator: Decimal) -> int:
    whole, remainder = divmod(numerator, denominator)
    return int(whole) + (1 if remainder else 0)


def _pieces(terms: Terms, cost: YearCost, needed: Decimal) -> list[tuple[int, int, tuple[int, ...]]]:
    """Inclusive runs of pack counts covering every count the rules name: 0
    to ceil(need / size) + 1, and the first count inside each higher tier of
    the pack price. Inside a run the pack price is linear and one month is
    partly served; each run carries the counts inside it where that month's
    overage crosses a tier of the overage price (where it splits into
    pieces that are linear in both parts)."""
    pack = terms.plan.credit_pack
    size = pack.size
    upper = _ceil_div(needed, size) + 1
    points = {0, 1, upper + 1}
    tier_starts = {pack.first_count_above(bound) for bound in pack.price.tier_bounds()}
    points |= {pack.first_count_above(bound) for bound in pack.price.breakpoints()}
    splits = set()
    overage_bounds = terms.plan.overage.breakpoints()
    for total, residual in zip(cost._cumulative, cost.residuals):
        points.add(_ceil_div(total, size))  # from here that month is fully served
        for bound in overage_bounds:
            if residual > bound:  # the month's short (at most its residual) can cross it
                splits.add(_ceil_div(total - bound, size))  # its overage drops to this tier
    starts = sorted(p for p in points if 0 <= p <= upper + 1)
    inner = sorted(splits)
    runs = []
    for first, following in zip(starts, starts[1:]):
        runs.append((first, following - 1, tuple(inner[bisect_right(inner, first):bisect_left(inner, following)])))
    return runs + [(n, n, ()) for n in sorted(tier_starts) if n > upper]


def best_pack_count(
    terms: Terms, residuals: list[Decimal], needed: Decimal, budget: Budget | None = None
) -> tuple[int, Decimal, int]:
    """(packs, cost, candidates evaluated): lowest cost, fewer packs on a tie."""
    budget = budget or Budget()
    cost = YearCost(terms, residuals)
    unit = Decimal(1).scaleb(-terms.places)
    overage_linear = not isinstance(terms.plan.overage, Package)
    exact_slopes = overage_linear and not isinstance(terms.plan.credit_pack.price, Package)
    best: list = [None, None]  # packs, cost
    tried = 0

    def consider(packs: int) -> None:
        nonlocal tried
        tried += 1
        budget.spend()
        value = cost(packs)
        if best[1] is None or value < best[1] or (value == best[1] and packs < best[0]):
            best[:] = [packs, value]

    # Runs and pieces in the order of their lower bounds. A run that the
    # overage's tiers split is bounded first as a whole (the pack part is
    # lowest at its first count, the overage at its last), and cut into its
    # pieces only if that bound can still beat the best count: with a
    # 100-tier overage most runs never need their 100 pieces.
    queue: list = []

    decimal_bounds = cost.decimal_bounds

    def push(first: int, last: int, splits: tuple[int, ...]) -> None:
        budget.spend(2)
        low_first, low_last = cost.floors(first), cost.floors(last)
        if decimal_bounds:  # the same sums, without the Fraction checks
            if splits:
                bound = low_first[0] + low_last[1] - unit
            else:
                bound = min(low_first[0] + low_first[1], low_last[0] + low_last[1]) - unit
        elif splits:
            bound = _plus(_plus(low_first[0], low_last[1]), -unit)
        else:
            bound = _plus(min(_plus(*low_first), _plus(*low_last)), -unit)
        heappush(queue, (bound, first, len(queue), last, splits, low_first, low_last))

    for first, last, splits in _pieces(terms, cost, needed):
        push(first, last, splits)
    while queue:
        bound, first, _, last, splits, low_first, low_last = heappop(queue)
        if best[1] is not None and (bound > best[1] or (bound == best[1] and first > best[0])):
            continue
        if splits:
            starts = [first, *splits, last + 1]
            for start, following in zip(starts, starts[1:]):
                push(start, following - 1, ())
            continue
        cut = cap_cut(terms, cost._cumulative, first, last)
        if cut is not None:  # min(overage, cap) is linear only on each side of the cap (PRICING.md 10)
            push(first, cut - 1, ())
            push(cut, last, ())
            continue
        if best[1] is None:
            consider(first)
            consider(last)
        window = (_decimal_window if decimal_bounds else _window)(
            first, last, low_first, low_last, best[1] + unit, unit, exact_slopes)
        counts = _overage_steps(window, first, last, low_first, low_last, unit) if overage_linear else window
        for packs in counts:
            consider(packs)
    return best[0], best[1], tried


def _overage_steps(window: range, first: int, last: int, low_first, low_last, unit: Decimal) -> Iterator[int]:
    """The counts of `window` that can be the cheapest: its first count and
    each count where the piece's rounded overage steps down.

    Inside a piece the overage part is exact and linear, ov(n) = ov(first) -
    d (n - first); rounded half up to minor units it is floor(ov(n) / unit +
    1/2) units, constant between steps. The pack part never falls as n
    grows, so on a run of equal rounded overage the run's first count is the
    cheapest and, on a tie, has the fewest packs.
    """
    if not window:
        return
    start, end = window.start, window.stop - 1
    yield start
    if first == last or start == end:
        yield from range(start + 1, end + 1)
        return
    # In minor units, as integer fractions: z(n) = (z_num - drop_num (n - first) / drop_den) / z_den.
    unit_fraction = Fraction(unit)
    z0 = Fraction(low_first[1]) / unit_fraction + Fraction(1, 2)
    drop = (Fraction(low_first[1]) - Fraction(low_last[1])) / unit_fraction / (last - first)
    if drop == 0:
        return  # the overage does not change in this piece: the first count is the cheapest
    high, low = floor(z0 - drop * (start - first)), floor(z0 - drop * (end - first))
    if high - low >= end - start:
        yield from range(start + 1, end + 1)  # the overage steps at almost every count
        return
    z_num, z_den = z0.numerator, z0.denominator
    d_num, d_den = drop.numerator, drop.denominator
    for level in range(high - 1, low - 1, -1):
        # the first count whose rounded overage is `level` units or fewer:
        # first + floor((z0 - level - 1) / drop) + 1, in integers
        step = first + ((z_num - (level + 1) * z_den) * d_den) // (z_den * d_num) + 1
        if start < step <= end:
            yield step


def _decimal_window(first: int, last: int, low_first, low_last, limit: Decimal, unit: Decimal, exact: bool) -> range:
    """`_window` for Decimal bounds: the same counts, with the rising or
    falling bound's crossing found in integers instead of Fractions."""
    start, end = low_first[0] + low_first[1], low_last[0] + low_last[1]
    if first == last:
        return range(first, first + 1) if start <= limit else range(0)
    rise = end - start
    if rise > 0:  # first + floor((limit - start) / slope), slope = rise / (last - first)
        return range(first, min(last, first + _floor_ratio((limit - start) * (last - first), rise)) + 1)
    if rise < 0:  # first + ceil(...), as -floor(-...)
        return range(max(first, first - _floor_ratio((start - limit) * (last - first), rise)), last + 1)
    return _window(first, last, low_first, low_last, limit, unit, exact)


def _floor_ratio(numerator: Decimal, denominator: Decimal) -> int:
    """floor(numerator / denominator), exactly."""
    top, bottom = numerator.as_integer_ratio()
    over, under = denominator.as_integer_ratio()
    return (top * under) // (bottom * over)


def _window(first: int, last: int, low_first, low_last, limit: Decimal, unit: Decimal, exact: bool) -> range:
    """The counts in [first, last] whose lower bound is within `limit`."""
    start, end = Fraction(_plus(*low_first)), Fraction(_plus(*low_last))
    limit, unit_fraction = Fraction(limit), Fraction(unit)
    if first == last:
        return range(first, first + 1) if start <= limit else range(0)
    slope = (end - start) / (last - first)
    if slope > 0:
        return range(first, min(last, first + floor((limit - start) / slope)) + 1)
    if slope < 0:
        return range(max(first, first + ceil((limit - start) / slope)), last + 1)
    if start > limit:
        return range(0)
    if exact:
        # Flat: the pack part rises exactly as the overage part falls, so the
        # rounded sum repeats with the period of the pack price in minor units.
        pack_slope = (Fraction(low_last[0]) - Fraction(low_first[0])) / (last - first)
        return range(first, min(last, first + (pack_slope / unit_fraction).denominator - 1) + 1)
    return range(first, last + 1)


def choose_packs(
    terms: Terms, quote: Quote, residuals: list[Decimal], needed: tuple[Decimal, ...]
) -> tuple[PackChoice, ...]:
    """One choice per contract year; `residuals` are the monthly credits
    still needed after included credits, `needed` the full monthly need."""
    choices = []
    budget = Budget()
    for year in range(1, terms.years + 1):
        months = terms.year_months(year)
        year_residuals = [residuals[m] for m in months]
        if terms.plan.credit_pack is None:
            choices.append(PackChoice(year, 0, quote.auto_packs, 0, YearCost(terms, year_residuals)(0)))
        elif quote.auto_packs:
            year_needed = sum((needed[m] for m in months), ZERO)
            try:
                packs, cost, tried = best_pack_count(terms, year_residuals, year_needed, budget)
            except SearchTooLarge:
                raise InvalidInput(
                    "credit_packs_per_year",
                    f'"auto" cannot settle year {year}: at these prices too many pack counts are equally '
                    f"plausible to compare in time ({MAX_EVALUATIONS:,} for the whole term); "
                    "type the pack counts instead",
                ) from None
            choices.append(PackChoice(year, packs, True, tried, cost))
        else:
            packs = quote.packs_for_year(year)
            choices.append(PackChoice(year, packs, False, 1, YearCost(terms, year_residuals)(packs)))
    return tuple(choices)
