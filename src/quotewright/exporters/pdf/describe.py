"""Price schedules in words a customer reads."""

from __future__ import annotations

from ...domain.schedules import AnySchedule, Graduated, Package, PerUnit, Volume
from .context import ProposalContext
from .fonts import literal


def schedule_lines(context: ProposalContext, schedule: AnySchedule, unit: str) -> list[str]:
    """Plain text lines describing a schedule, one tier per line."""
    if isinstance(schedule, PerUnit):
        return [f"{context.rate(schedule.unit_price)} per {unit}"]
    if isinstance(schedule, Package):
        text = f"{context.money(schedule.package_price)} per block of {context.quantity(schedule.package_size)} {unit}"
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
        line = f"{span}: {context.rate(tier.unit_price)} per {unit}"
        if tier.flat_fee:
            line += f" + {context.money(tier.flat_fee)}"
        lines.append(line)
        lower = tier.up_to
    how = ("each tier prices the quantity within it" if isinstance(schedule, Graduated)
           else "the whole quantity at the price of the tier it reaches")
    return lines + [f"({how})"]


def schedule_markup(context: ProposalContext, schedule: AnySchedule, unit: str) -> str:
    return "<br/>".join(literal(line) for line in schedule_lines(context, schedule, unit))
