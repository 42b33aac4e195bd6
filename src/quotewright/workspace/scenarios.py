"""Which usage case is low, expected and high: the scenarios of a priced
quote in the order of their multipliers, the expected case (x1) among them.
The scenario toggle, its shortcuts and any other front end read the order
from here. (A domain rule; it lives here until `domain/` has a home for it.)"""

from __future__ import annotations

from decimal import Decimal

from ..domain.result import PricedQuote

EXPECTED = "expected"
_ONE = Decimal(1)


def cases_in_order(priced: PricedQuote) -> list[str | None]:
    """Every case, lowest usage first; None is the expected case. A
    scenario with multiplier 1 comes after the expected case."""
    scenarios = priced.scenarios
    names: list[str | None] = [None, *scenarios]
    return sorted(names, key=lambda name: _ONE if name is None else scenarios[name].multiplier)


def low_and_high(priced: PricedQuote) -> tuple[str | None, str | None]:
    """The scenario with the lowest multiplier and the one with the highest
    (None, None without scenarios; ties: the first listed)."""
    scenarios = priced.scenarios
    low = min(scenarios, key=lambda n: scenarios[n].multiplier, default=None)
    high = max(scenarios, key=lambda n: scenarios[n].multiplier, default=None)
    return low, high


def case_by_rank(priced: PricedQuote, rank: str) -> str | None:
    """"low", "expected" or "high" -> the scenario's name (None: expected)."""
    low, high = low_and_high(priced)
    return {"low": low, EXPECTED: None, "high": high}[rank]
