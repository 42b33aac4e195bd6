"""Which usage case is low, expected and high (PRICING.md 5.9): the cases
in the order of their usage multipliers, the expected case (x1) among
them. The proposal's scenario table, the app's scenario toggle and any
other reader ask here instead of sorting."""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from .money import ONE
from .result import PricedCase, PricedQuote


def scenario_order(multipliers: Mapping[str, Decimal]) -> list[str | None]:
    """Every case, lowest usage first; None is the expected case. A
    scenario at x1 comes after the expected case, ties keep their order."""
    names: list[str | None] = [None, *multipliers]
    return sorted(names, key=lambda name: ONE if name is None else multipliers[name])


def low_and_high(multipliers: Mapping[str, Decimal]) -> tuple[str | None, str | None]:
    """The scenario with the lowest multiplier and the one with the highest
    (None, None without scenarios; ties: the first listed)."""
    low = min(multipliers, key=lambda name: multipliers[name], default=None)
    high = max(multipliers, key=lambda name: multipliers[name], default=None)
    return low, high


def cases_in_order(priced: PricedQuote) -> list[PricedCase]:
    """The priced cases (expected and each scenario), lowest usage first."""
    multipliers = {name: case.multiplier for name, case in priced.scenarios.items()}
    return [priced.case(name) for name in scenario_order(multipliers)]
