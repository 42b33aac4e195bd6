"""The rates a customer signs for, and the usage behind the forecast.

The one-page summary's terms say charges follow "the rates in this
proposal", so the page carries them: the platform fee, the seat price, the
included credits, the overage rate, the pack prices, every outcome fee with
its minimum and cap, and the expected usage that the estimated usage-based
fees come from. The full template's rate card appendix uses the same rows.
Only the catalog's list prices and the quote's own figures: nothing internal.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from ...domain.proposal_template import Section
from .context import ProposalContext
from .describe import schedule_markup
from .fonts import literal
from .sections_front import heading
from .sections_money import minimum_and_cap
from .sections_usage import growth_text
from .tables import themed_table


def rate_rows(context: ProposalContext, compact: bool = False) -> list[list[str]]:
    """[label, markup] for each rate of the quote's plan and outcomes;
    `compact` runs a schedule's tiers on in one paragraph (the one-page summary)."""
    catalog, plan, quote = context.catalog, context.plan, context.quote
    separator = "; " if compact else "<br/>"

    def schedule(value, unit: str, plural: str = "", per: str = "") -> str:
        return schedule_markup(context, value, unit, plural, per, separator)

    rows = [["Platform subscription", literal(f"{context.money(plan.platform_fee)} per month")]]
    if plan.seat_price is not None:
        rows.append(["Seats", schedule(plan.seat_price, "seat", per=" per month")])
    if plan.included_seats or plan.min_seats:
        rows.append(["Seats included / minimum",
                     literal(f"{context.quantity(plan.included_seats)} / {context.quantity(plan.min_seats)}")])
    rows.append(["Credits included", literal(f"{context.quantity(plan.included_credits)} per month")])
    rows.append(["Overage", schedule(plan.overage, "credit")])
    if plan.credit_pack is not None:
        rows.append(["Prepaid credit packs", literal(f"Packs of {context.counted(plan.credit_pack.size, 'credit')}, "
                                                     "priced on the credits bought for a contract year:")
                     + separator.replace(";", "") + schedule(plan.credit_pack.price, "credit")])
    for line in quote.outcomes:
        outcome = catalog.outcome(line.outcome)
        unit = catalog.work_unit(outcome.work_unit)
        label, bounds = minimum_and_cap(context, outcome)
        rows.append([outcome.name, schedule(outcome.price, unit.unit, unit.unit_plural)
                     + separator + literal(f"{label}: {bounds}")])
    return rows


MAX_USAGE_ROWS = 10
"""The one page lists at most this many work units, those that use the most
credits; a quote of 200 units would otherwise shrink the page past reading."""


def usage_rows(context: ProposalContext, limit: int | None = None) -> tuple[list[list[str]], int]:
    """What the estimated usage-based fees assume: each used work unit and
    outcome's first month, growth (or ramp) and total over the term. With
    `limit`, only the units that use the most credits (in the quote's order);
    the second value is how many used units were left out."""
    catalog, quote, expected = context.catalog, context.quote, context.priced.expected
    used = [(line, total) for line, total in zip(quote.usage, expected.work_units) if total.quantity]
    left_out = 0
    if limit is not None and len(used) > limit:
        ranked = sorted(range(len(used)), key=lambda index: used[index][1].credits, reverse=True)[:limit]
        left_out = len(used) - limit
        used = [used[index] for index in sorted(ranked)]
    rows = []
    for line, total in used:
        unit = catalog.work_unit(line.work_unit)
        first = line.series[0] if line.series is not None else line.monthly
        growth = "Ramp" if line.series is not None else growth_text(context, line.growth_percent)
        rows.append([unit.name, context.units(first, unit), growth,
                     f"{context.quantity(unit.credits)} each", context.units(total.quantity, unit)])
    for line, summary in zip(quote.outcomes, expected.outcomes):
        outcome = catalog.outcome(line.outcome)
        unit = catalog.work_unit(outcome.work_unit)
        first = line.series[0] if line.series is not None else line.monthly
        growth = "Ramp" if line.series is not None else growth_text(context, line.growth_percent)
        rows.append([outcome.name, context.units(first, unit), growth, "outcome fee",
                     context.units(summary.count, unit)])
    return rows, left_out


def rates_at_a_glance(context: ProposalContext, section: Section, width: float) -> list:
    """The one-page template's rates and usage, two compact tables."""
    flowables = heading(context, section, "Rates and expected usage")
    flowables.append(themed_table(context, ["Item", "Rate"], rate_rows(context, compact=True),
                                  [45 * mm, width - 45 * mm],
                                  markup_columns={1}))
    usage, left_out = usage_rows(context, MAX_USAGE_ROWS)
    if usage:
        intro = "The usage behind the estimated usage-based fees:"
        flowables.append(Paragraph(literal(intro), context.styles["intro"]))
        flowables.append(themed_table(
            context, ["Work unit or outcome", "Month 1", "Growth / month", "Credits", "Over the term"], usage,
            [width - 122 * mm, 32 * mm, 24 * mm, 24 * mm, 42 * mm], right={1, 2, 4}))
    if left_out:
        flowables.append(Paragraph(literal(
            f"{context.counted(left_out, 'more work unit')} with less usage: the full proposal lists each one."),
            context.styles["muted"]))
    return flowables
