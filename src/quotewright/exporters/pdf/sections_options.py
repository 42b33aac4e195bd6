"""Your options (PRICING.md 12): the same customer priced under every plan
of the catalog, side by side: what each plan includes, its total contract
value, its first year, its largest monthly invoice and, when the quote has
scenarios, the lowest and highest total over them.

The figures are the comparison's (`domain.compare`); nothing internal is
shown: no cost to serve, no margin, no approval.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

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
PLANS_PER_TABLE = 3
LABEL_WIDTH = 38 * mm
DEFAULT_TEXT = ("The same usage priced under each of our plans, with the discounts of this proposal. "
                "Figures follow the usage assumptions of this proposal; actual charges follow actual usage.")


def options(context: ProposalContext, section: Section, width: float) -> list:
    comparison = context.comparison
    if comparison is None:
        return []
    ranged = bool(context.priced.scenarios)
    labels = ["What it includes", "Total contract value", "Committed fees", "Estimated usage-based fees", "Year 1",
              "Largest monthly invoice"]
    if ranged:
        labels.append("Low - high total")
    flowables = heading(context, section, "Your options")
    if not section.text:
        flowables.append(Paragraph(literal(DEFAULT_TEXT), context.styles["intro"]))
    # Plans are columns (a money figure needs the width; a catalog has few
    # plans), at most PLANS_PER_TABLE to a table.
    plans = comparison.plans
    for first in range(0, len(plans), PLANS_PER_TABLE):
        group = plans[first:first + PLANS_PER_TABLE]
        columns = [_column(context, row, comparison.quote_plan, ranged) for row in group]
        rows = [[label, *(column[index + 1] for column in columns)] for index, label in enumerate(labels)]
        column_width = (width - LABEL_WIDTH) / len(group)
        table = themed_table(context, ["", *(column[0] for column in columns)], rows,
                             [LABEL_WIDTH, *([column_width] * len(group))])
        flowables += [table, Spacer(1, 3 * mm)] if first + PLANS_PER_TABLE < len(plans) else [table]
    if ranged:
        flowables.append(Paragraph(literal(
            "Low - high total: the total contract value over the usage scenarios of this proposal, from the "
            "lowest usage to the highest."), context.styles["muted"]))
    return flowables


def _column(context: ProposalContext, row: PlanRow, proposed: str, ranged: bool) -> list[str]:
    """A plan's column: its name, then what it includes and its figures."""
    name = row.name + (PROPOSED if row.plan == proposed else "")
    if row.priced is None:
        return [name, makeup_text(context, row.makeup), NOT_PRICED, "", "", "", "", *([""] if ranged else [])]
    committed, estimated = context.split(row.priced.expected)
    figures = [context.money(row.tcv), context.money(committed), context.money(estimated), context.money(row.year_1),
               context.money(row.max_invoice)]
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
            credits += f" (unused ones roll over, up to {context.counted(makeup.rollover_cap, 'month')})"
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
