"""Price schedules and usage ramps in words a customer reads."""

from __future__ import annotations

from ...domain.catalog import WorkUnit
from ...domain.plurals import is_one, unit_word
from ...domain.schedules import AnySchedule, Graduated, Package, PerUnit, Volume
from .context import ProposalContext
from .fonts import literal


MAX_STEPS = 6
"""A series with more steps than this (imported usage, a ramp that changes
every month) reads better as a month-by-month table than as a sentence."""


def series_steps(series) -> list[tuple[int, int, object]]:
    """The runs of equal values in a month-by-month series, as (first
    month, last month, value), months counted from 1. Only compares."""
    steps: list[tuple[int, int, object]] = []
    for month, value in enumerate(series, 1):
        if steps and steps[-1][2] == value:
            steps[-1] = (steps[-1][0], month, steps[-1][2])
        else:
            steps.append((month, month, value))
    return steps


def ramp_text(context: ProposalContext, series, unit: WorkUnit | None = None) -> str | None:
    """A series as the steps a person would say ("months 1-3: 1,000 queries
    a month; from month 4: 20,000 queries a month"), or None when it has more
    than `MAX_STEPS` steps and reads better month by month."""
    steps = series_steps(series)
    if len(steps) > MAX_STEPS:
        return None

    def amount(value) -> str:
        return context.quantity(value) + (f" {unit.unit_for(value)}" if unit is not None else "")

    if len(steps) == 1:
        return f"{amount(steps[0][2])} every month"
    parts = []
    for first, last, value in steps:
        if first == last and last < len(series):
            span = f"month {first}"
        elif last == len(series):
            span = f"from month {first}"
        else:
            span = f"months {first}-{last}"
        parts.append(f"{span}: {amount(value)} a month")
    return "; ".join(parts)


def schedule_lines(context: ProposalContext, schedule: AnySchedule, unit: str, plural: str = "",
                   per: str = "") -> list[str]:
    """Plain text lines describing a schedule, one tier per line: `unit` is
    what is counted ("credit", "seat"), `plural` its own plural if it has one,
    `per` what follows the unit (" a month")."""
    if isinstance(schedule, PerUnit):
        return [f"{context.rate(schedule.unit_price)} per {unit}{per}"]
    if isinstance(schedule, Package):
        size = schedule.package_size
        text = (f"{context.money(schedule.package_price)} per block of {context.quantity(size)} "
                f"{unit_word(unit, is_one(size), plural)}{per}")
        if schedule.free_units:
            text += f", the first {context.quantity(schedule.free_units)} free"
        return [text]
    assert isinstance(schedule, (Graduated, Volume))
    lines = []
    lower = None
    for tier in schedule.tiers:
        if lower is None:
            span = f"Up to {context.quantity(tier.up_to)}" if tier.up_to is not None else "Any quantity"
        elif tier.up_to is None:
            span = f"Above {context.quantity(lower)}"
        else:
            span = f"Above {context.quantity(lower)} up to {context.quantity(tier.up_to)}"
        line = f"{span}: {context.rate(tier.unit_price)} per {unit}{per}"
        if tier.flat_fee:
            line += f" + {context.money(tier.flat_fee)}"
        lines.append(line)
        lower = tier.up_to
    how = ("each tier prices the quantity within it" if isinstance(schedule, Graduated)
           else "the whole quantity at the price of the tier it reaches")
    return lines + [f"({how})"]


def schedule_markup(context: ProposalContext, schedule: AnySchedule, unit: str, plural: str = "",
                    per: str = "", separator: str = "<br/>") -> str:
    """The schedule's lines as markup, one a line (or run on with `separator`)."""
    return separator.join(literal(line) for line in schedule_lines(context, schedule, unit, plural, per))
