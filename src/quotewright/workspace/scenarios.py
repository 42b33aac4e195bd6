"""Which case a front end shows: the scenario toggle's names for the cases
of the open quote. The order itself is a domain rule
(`domain/scenario_order.py`); this module only maps a priced quote's
scenarios onto it and names the ranks the toggle offers."""

from __future__ import annotations

from ..domain import scenario_order
from ..domain.result import PricedQuote

EXPECTED = "expected"


def _multipliers(priced: PricedQuote) -> dict:
    return {name: case.multiplier for name, case in priced.scenarios.items()}


def cases_in_order(priced: PricedQuote) -> list[str | None]:
    """Every case's name, lowest usage first; None is the expected case."""
    return scenario_order.scenario_order(_multipliers(priced))


def low_and_high(priced: PricedQuote) -> tuple[str | None, str | None]:
    """The lowest and the highest scenario (None, None without scenarios)."""
    return scenario_order.low_and_high(_multipliers(priced))


def case_by_rank(priced: PricedQuote, rank: str) -> str | None:
    """"low", "expected" or "high" -> the scenario's name (None: expected)."""
    low, high = low_and_high(priced)
    return {"low": low, EXPECTED: None, "high": high}[rank]
