"""Your options (PRICING.md 12): the same customer priced under every plan
of the catalog, side by side: what each plan includes, its total contract
value, its first year, its largest monthly invoice and, when the quote has
scenarios, the lowest and highest total over them.

The figures are the comparison's (`domain.compare`); nothing internal is
shown: no cost to serve, no margin, no approval.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from ...domain.compare import Makeup, PlanRow
from ...domain.proposal_template import Section
from .context import ProposalContext
from .fonts import literal
from .sections_front import heading
from .tables import themed_table

ARCHITECTURE_WORDS = {
    "seat": "Subscription and seats",
    "usage": "Pay as you go",
    "credits": "Prepaid credits",
    "outcomes": "Outcome-based",
    "hybrid": "Hybrid",
}
NOT_PRICED = "Price on request"
PROPOSED = " (this proposal)"
DEFAULT_TEXT = ("The same usage priced under each of our plans, with the discounts of this proposal. "
                "Figures follow the usage assumptions of this proposal; actual charges follow actual usage.")


def options(context: ProposalContext, section: Section, width: float) -> list:
    comparison = context.comparison
    if comparison is None:
        return []
    ranged = bool(context.priced.scenarios)
    header = ["Plan", "What it includes", "Total contract value", "Year 1", "Largest monthly invoice"]
    widths = [26 * mm, 0, 23 * mm, 22 * mm, 22 * mm]
    if ranged:
        header.append("Low - high total")
        widths.append(25 * mm)
    widths[1] = width - sum(widths)
    rows = [_row(context, row, comparison.quote_plan, ranged) for row in comparison.plans]
    flowables = heading(context, section, "Your options")
    if not section.text:
        flowables.append(Paragraph(literal(DEFAULT_TEXT), context.styles["intro"]))
    flowables.append(themed_table(context, header, rows, widths, right={2, 3, 4, 5}))
    if ranged:
        flowables.append(Paragraph(literal(
            "Low - high total: the total contract value over the usage scenarios of this proposal, from the "
            "lowest usage to the highest."), context.styles["muted"]))
    return flowables


def _row(context: ProposalContext, row: PlanRow, proposed: str, ranged: bool) -> list[str]:
    name = row.name + (PROPOSED if row.plan == proposed else "")
    if row.priced is None:
        return [name, makeup_text(context, row.makeup), NOT_PRICED, "", "", *([""] if ranged else [])]
    figures = [context.money(row.tcv), context.money(row.year_1), context.money(row.max_invoice)]
    if ranged:
        low, high = row.low_high
        figures.append(f"{context.money(low)} - {context.money(high)}")
    return [name, makeup_text(context, row.makeup, row.architecture), *figures]


def makeup_text(context: ProposalContext, makeup: Makeup, architecture: str | None = None) -> str:
    """What a plan is made of, in words, at list price."""
    parts = []
    if makeup.platform_fee:
        parts.append(f"platform subscription {context.money(makeup.platform_fee)} a month")
    if makeup.seat_price:
        seats = f"{context.quantity(makeup.billable_seats)} paid seats"
        if makeup.included_seats:
            seats += f" ({context.quantity(makeup.included_seats)} more included)"
        parts.append(seats)
    elif makeup.included_seats:
        parts.append(f"{context.quantity(makeup.included_seats)} seats included")
    if makeup.included_credits:
        credits = f"{context.quantity(makeup.included_credits)} credits included a month"
        if makeup.rollover_cap:
            credits += f" (unused ones roll over, up to {context.quantity(makeup.rollover_cap)} month(s))"
        parts.append(credits)
    if makeup.credit_pack_size is not None:
        parts.append(f"prepaid packs of {context.quantity(makeup.credit_pack_size)} credits")
    parts.append("further credits as overage")
    outcomes = [context.catalog.outcome(outcome).name for outcome in makeup.outcomes]
    if outcomes:
        parts.append("outcome add-ons: " + ", ".join(outcomes))
    text = "; ".join(parts)
    text = text[0].upper() + text[1:]
    if architecture is not None:
        text = f"{ARCHITECTURE_WORDS[architecture]}. {text}"
    return text + "."
