"""Credit burn (PRICING.md section 5, steps 3-5): included credits first,
with a rollover bank that never crosses a contract year, then the year's
prepaid packs, then overage."""

from decimal import Decimal
from typing import NamedTuple

from .money import ZERO
from .term import is_year_start


class IncludedMonth(NamedTuple):
    pool: Decimal  # this month's included credits plus the bank carried in
    used: Decimal
    banked: Decimal  # carried into next month (within the year)

    def residual(self, needed: Decimal) -> Decimal:
        """Credits still needed after the included pool."""
        return needed - self.used


def draw_included(needed: tuple[Decimal, ...], included: Decimal, rollover_cap: Decimal) -> list[IncludedMonth]:
    """Serve each month from its included credits and the bank.

    The bank holds at most `rollover_cap` months of included credits and is
    emptied at the start of every contract year.
    """
    bank_limit = rollover_cap * included
    months = []
    bank = ZERO
    for index, need in enumerate(needed):
        if is_year_start(index + 1):  # banked credits never cross a year boundary
            bank = ZERO
        pool = included + bank
        used = min(need, pool)
        bank = min(bank_limit, pool - used)
        months.append(IncludedMonth(pool, used, bank))
    return months


class PackDraw(NamedTuple):
    """A year's prepaid credits drawn month by month."""

    used: tuple[Decimal, ...]
    balance_after: tuple[Decimal, ...]
    overage: tuple[Decimal, ...]
    expired: Decimal  # bought but unused at the year's end: breakage


def draw_packs(residuals: list[Decimal], bought: Decimal) -> PackDraw:
    """Serve a year's residual needs from `bought` prepaid credits; the rest
    is overage, and what is left at the end expires."""
    balance = bought
    used, balances, overage = [], [], []
    for residual in residuals:
        take = min(residual, balance)
        balance -= take
        used.append(take)
        balances.append(balance)
        overage.append(residual - take)
    return PackDraw(tuple(used), tuple(balances), tuple(overage), balance)
