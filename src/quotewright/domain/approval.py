"""Approval (PRICING.md section 6): the first level whose discount limit
covers the committed discount and the quote's overage and outcome
discounts; the last level when none does or when margin is under the floor."""

from __future__ import annotations

from decimal import Decimal

from .catalog import ApprovalPolicy
from .money import round_percent
from .quote import Discounts
from .result import ApprovalResult, Totals


def _pct(value: Decimal) -> str:
    return f"{round_percent(value)}%"


def decide_approval(policy: ApprovalPolicy, totals: Totals, discounts: Discounts) -> ApprovalResult:
    # Every comparison uses the figures as reported, at 2 decimals (PRICING.md 6).
    asks = (
        ("committed discount", totals.committed_discount_percent),
        ("overage discount", round_percent(discounts.overage_percent)),
        ("outcome discount", round_percent(discounts.outcomes_percent)),
    )
    levels = policy.levels
    index = next(
        (i for i, level in enumerate(levels) if all(value <= level.max_discount_percent for _, value in asks)),
        None,
    )
    reasons = []
    if index is None:
        index = len(levels) - 1
        worst = max(asks, key=lambda ask: ask[1])
        reasons.append(f"The {worst[0]} of {_pct(worst[1])} is above every level's limit")
    elif index > 0:
        below = levels[index - 1]
        reasons += [
            f"The {what} of {_pct(value)} is above the {below.role} limit of {_pct(below.max_discount_percent)}"
            for what, value in asks
            if value > below.max_discount_percent
        ]
    if totals.gross_margin_percent < policy.margin_floor_percent:
        index = len(levels) - 1
        reasons.append(
            f"Gross margin of {_pct(totals.gross_margin_percent)} is below the floor of "
            f"{_pct(policy.margin_floor_percent)}"
        )
    level = levels[index]
    if not reasons:
        reasons.append(f"All discounts are within the {level.role} limit of {_pct(level.max_discount_percent)}")
    return ApprovalResult(level.role, index, level.max_discount_percent, tuple(reasons))
