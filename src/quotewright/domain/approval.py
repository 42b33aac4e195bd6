"""Approval (PRICING.md section 6): the first level whose discount limit
covers the committed discount and the quote's overage and outcome
discounts; the last level when none does or when margin is under the floor.
Its reasons are `Phrase`s: the figures stay values for the display layer.
Whether a quote needs approval at all is `needs_approval`."""

from __future__ import annotations

from decimal import Decimal

from .catalog import ApprovalPolicy
from .money import round_percent
from .phrases import Phrase, percent_figure
from .quote import Discounts
from .result import ApprovalResult, PricedQuote, Totals


def needs_approval(priced: PricedQuote) -> bool:
    """Whether the quote needs someone above the first approval level: then
    a proposal of it is a draft (and a quote library lists it as pending)."""
    return priced.approval is not None and priced.approval.level_index > 0


def _pct(value: Decimal):
    return percent_figure(round_percent(value))


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
        reasons.append(Phrase("The {} of {} is above every level's limit", worst[0], _pct(worst[1])))
    elif index > 0:
        below = levels[index - 1]
        reasons += [
            Phrase("The {} of {} is above the {} limit of {}", what, _pct(value), below.role,
                   _pct(below.max_discount_percent))
            for what, value in asks
            if value > below.max_discount_percent
        ]
    if totals.gross_margin_percent < policy.margin_floor_percent:
        index = len(levels) - 1
        reasons.append(Phrase("Gross margin of {} is below the floor of {}", _pct(totals.gross_margin_percent),
                              _pct(policy.margin_floor_percent)))
    level = levels[index]
    if not reasons:
        reasons.append(Phrase("All discounts are within the {} limit of {}", level.role,
                              _pct(level.max_discount_percent)))
    return ApprovalResult(level.role, index, level.max_discount_percent, tuple(reasons))
