"""Seats (PRICING.md 5.6, the `seats` line): how many seats a quote gets and
how many of them are billed. The engine prices the billable seats; a
proposal says how many seats the customer has and how many are included."""

from __future__ import annotations

from .catalog import Plan


def seats_provided(plan: Plan, seats: int) -> int:
    """The seats the customer gets: the quote's, or the plan's minimum."""
    return max(seats, plan.min_seats)


def billable_seats(plan: Plan, seats: int) -> int:
    """The seats the seat price applies to: those provided beyond the
    plan's included seats."""
    return max(0, seats_provided(plan, seats) - plan.included_seats)


def included_seats_used(plan: Plan, seats: int) -> int:
    """The plan's included seats that the seats provided use."""
    return seats_provided(plan, seats) - billable_seats(plan, seats)
