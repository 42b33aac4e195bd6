"""Committed fees versus estimated usage-based fees: the one definition
every document uses when it splits a contract value.

Committed: what the customer owes whatever happens to usage, the platform
fee, seats and prepaid credit packs (packs are bought before usage is
known, PRICING.md 5.9). Estimated: everything that follows the forecast,
overage and outcome fees. The split is taken from the priced lines, so the
two parts always add up to the case's TCV exactly.
"""

from decimal import Decimal

from .money import exact_difference, exact_sum
from .result import COMMITTED_LINES, LINE_NAMES, Lines, PricedCase

USAGE_BASED_LINES = tuple(name for name in LINE_NAMES if name not in COMMITTED_LINES)
"""The lines that follow forecast usage: overage and outcomes."""


def split_lines(lines: Lines) -> tuple[Decimal, Decimal]:
    """(committed, estimated usage-based) net amounts of a month, a year or
    the term's lines; they sum to `lines.total`."""
    committed = exact_sum(lines.charge(name).net for name in COMMITTED_LINES)
    return committed, exact_difference(lines.total, committed)


def committed_and_estimated(case: PricedCase) -> tuple[Decimal, Decimal]:
    """(committed, estimated usage-based) fees of the case over the term,
    summing exactly to `case.totals.tcv`."""
    committed = case.totals.committed_tcv
    return committed, exact_difference(case.totals.tcv, committed)
