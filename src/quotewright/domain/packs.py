"""Credit packs per contract year: the quote's own counts, or with "auto"
the count with the lowest rounded net packs + overage for the year
(PRICING.md section 5, step 8).

The search is exact. Every candidate the rules name is considered, but runs
of candidates are skipped when a lower bound proves none of them can win:
inside one price tier more packs never cost less, and with an overage
schedule that never decreases, more credits never raise the overage.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from .charges import Terms
from .money import ZERO
from .quote import Quote
from .result import PackChoice
from .schedules import never_decreases

_BRUTE_FORCE_SPAN = 16


@dataclass(frozen=True)
class YearCost:
    """The net credit_packs + overage cost of one contract year as a function
    of the number of packs bought at its start."""

    terms: Terms
    residuals: list[Decimal]  # credits needed after included credits, by month

    def __post_init__(self) -> None:
        full = [self.terms.overage_charge(r).net for r in self.residuals]
        object.__setattr__(self, "_cumulative", list(accumulate(self.residuals)))
        # _after[i]: overage cost of months i.. when the packs are exhausted before month i
        object.__setattr__(self, "_after", list(accumulate(reversed(full), initial=ZERO))[::-1])

    def overage(self, packs: int) -> Decimal:
        balance = self.terms.pack_credits(packs)
        covered = bisect_right(self._cumulative, balance)  # months fully served by packs
        if covered == len(self.residuals):
            return ZERO
        short = self._cumulative[covered] - balance
        return self.terms.overage_charge(short).net + self._after[covered + 1]

    def packs(self, packs: int) -> Decimal:
        return self.terms.pack_charge(packs).net

    def __call__(self, packs: int) -> Decimal:
        return self.packs(packs) + self.overage(packs)


def _ceil_div(numerator: Decimal, denominator: Decimal) -> int:
    whole, remainder = divmod(numerator, denominator)
    return int(whole) + (1 if remainder else 0)


def candidate_ranges(terms: Terms, needed: Decimal) -> list[tuple[int, int]]:
    """Inclusive runs of pack counts that must be considered, split where the
    pack price enters a higher tier (the only places more packs can cost less)."""
    pack = terms.plan.credit_pack
    assert pack is not None
    upper = _ceil_div(needed, pack.size) + 1
    tier_starts = sorted({int(divmod(bound, pack.size)[0]) + 1 for bound in pack.price.tier_bounds()})
    starts = sorted({0} | {n for n in tier_starts if n <= upper})
    runs = [(start, end - 1) for start, end in zip(starts, starts[1:] + [upper + 1])]
    runs += [(n, n) for n in tier_starts if n > upper]
    return runs


def best_pack_count(terms: Terms, residuals: list[Decimal], needed: Decimal) -> tuple[int, Decimal, int]:
    """(packs, cost, candidates evaluated): lowest cost, fewer packs on a tie."""
    cost = YearCost(terms, residuals)
    can_bound = never_decreases(terms.plan.overage)
    best_packs, best_cost, tried = 0, None, 0

    def search(low: int, high: int) -> None:
        nonlocal best_packs, best_cost, tried
        # Runs are visited in ascending order, so the best so far has fewer
        # packs than anything here: matching its cost is not enough to win.
        if can_bound and best_cost is not None and cost.packs(low) + cost.overage(high) >= best_cost:
            return
        if high - low < _BRUTE_FORCE_SPAN or not can_bound:
            for packs in range(low, high + 1):
                tried += 1
                value = cost(packs)
                if best_cost is None or value < best_cost:
                    best_packs, best_cost = packs, value
            return
        middle = (low + high) // 2
        search(low, middle)
        search(middle + 1, high)

    for low, high in candidate_ranges(terms, needed):
        search(low, high)
    assert best_cost is not None
    return best_packs, best_cost, tried


def choose_packs(
    terms: Terms, quote: Quote, residuals: list[Decimal], needed: tuple[Decimal, ...]
) -> tuple[PackChoice, ...]:
    """One choice per contract year; `residuals` are the monthly credits
    still needed after included credits, `needed` the full monthly need."""
    choices = []
    for year in range(1, terms.years + 1):
        months = terms.year_months(year)
        year_residuals = [residuals[m] for m in months]
        if terms.plan.credit_pack is None:
            choices.append(PackChoice(year, 0, quote.auto_packs, 0, YearCost(terms, year_residuals)(0)))
        elif quote.auto_packs:
            year_needed = sum((needed[m] for m in months), ZERO)
            packs, cost, tried = best_pack_count(terms, year_residuals, year_needed)
            choices.append(PackChoice(year, packs, True, tried, cost))
        else:
            packs = quote.packs_for_year(year)
            choices.append(PackChoice(year, packs, False, 1, YearCost(terms, year_residuals)(packs)))
    return tuple(choices)
