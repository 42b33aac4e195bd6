"""The opening sections: cover (or compact header), executive summary and
what is included."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (CondPageBreak, KeepInFrame, KeepTogether, NextPageTemplate, PageBreak, Paragraph,
                                Spacer, Table, TableStyle)

from ...domain.commitment import split_lines
from ...domain.proposal_template import Section
from ...domain.seats import included_seats_used, seats_provided
from .context import ProposalContext
from .document import DRAFT_TEXT, PAGE_SIZES, Heading, ProposalDocument, logo_image
from .fonts import literal, shortened
from .tables import facts_table, themed_table


HEADER_FACT_CHARS = 100


HEADING_ROOM = 35 * mm
"""A heading starts a new page unless this much of the page is left: room
for it and the first lines of its section, so no heading ends a page alone
(keepWithNext alone does not hold when the next flowable is a table that
splits, or a group too tall to keep)."""


def heading(context: ProposalContext, section: Section, fallback: str = "") -> list:
    """A section's heading and its template text."""
    parts: list = []
    title = section.heading or fallback
    if title:
        if context.template.max_pages != 1:  # one page shrinks to fit: nothing to break
            parts.append(CondPageBreak(HEADING_ROOM))
        parts.append(Heading(context.fill(title), context.styles["h2"]))
    if section.text:
        parts.append(Paragraph(context.fill(section.text), context.styles["intro"]))
    return parts


def _prepared_by(context: ProposalContext) -> str:
    name, role, email = context.prepared_by
    return ", ".join(part for part in (name, role, email) if part)


def _facts(context: ProposalContext) -> list[tuple[str, str]]:
    quote = context.quote
    return [
        ("Customer", quote.customer.name),
        ("Contact", quote.customer.contact),
        ("Quote", quote.id),
        ("Date", context.date(quote.date or context.today)),
        ("Valid until", context.valid_until),
        ("Prepared by", _prepared_by(context)),
        ("Total contract value", context.money(context.priced.totals.tcv)),
        *split_facts(context),
    ]


COMMITTED_LABEL = "Committed fees"
ESTIMATED_LABEL = "Estimated usage-based fees"
SPLIT_LABELS = ("Total contract value", COMMITTED_LABEL, ESTIMATED_LABEL)


def split_facts(context: ProposalContext) -> list[tuple[str, str]]:
    """The contract value's two parts, wherever it is stated: what is owed
    whatever the usage, and what follows the forecast."""
    committed, estimated = context.split()
    return [(COMMITTED_LABEL, context.money(committed) + " (platform, seats and prepaid credits)"),
            (ESTIMATED_LABEL, context.money(estimated) + " (overage and outcome fees; they follow actual usage)")]


def split_sentence(context: ProposalContext) -> str:
    committed, estimated = context.split()
    tcv = context.money(context.priced.totals.tcv)
    if not estimated:
        return f"All of the total contract value of {tcv} is committed fees (platform, seats and prepaid credits)."
    return (f"Of the total contract value of {tcv}, {context.money(committed)} is committed fees (platform, seats "
            f"and prepaid credits) and {context.money(estimated)} is estimated usage-based fees (overage and "
            "outcome fees), which follow actual usage.")


def cover(context: ProposalContext, section: Section, width: float) -> list:
    flowables: list = []
    logo = logo_image(context, 80 * mm, 16 * mm)
    if logo is not None:
        logo.hAlign = "LEFT"
        flowables += [logo, Spacer(1, 8 * mm)]
    flowables.append(Spacer(1, 30 * mm))
    if context.company:
        flowables.append(Paragraph(literal(context.company), context.styles["h3"]))
    if context.website_markup:
        flowables.append(Paragraph(context.website_markup, context.styles["body"]))
    flowables += [
        Heading(context.fill(section.heading or "Proposal for {customer}"), context.styles["h1"]),
    ]
    if section.text:
        flowables.append(Paragraph(context.fill(section.text), context.styles["body"]))
    flowables += [Spacer(1, 12 * mm), facts_table(context, _facts(context), [45 * mm, width - 45 * mm])]
    if context.expired:
        flowables += [Spacer(1, 10 * mm), Paragraph(
            literal(f"{context.expired_text}: ask for a current proposal before signing."),
            context.styles["draft"])]
    if context.draft:
        flowables += [Spacer(1, 10 * mm), Paragraph(
            f"{DRAFT_TEXT}: the prices in this proposal need internal approval before they are final.",
            context.styles["draft"])]
    # The cover is one page whatever the length of its names: at the limits
    # (200-character names, a 600-character "prepared by") it shrinks to fit.
    height = PAGE_SIZES[context.template.page_size][1] - 2 * ProposalDocument.margin
    return [KeepInFrame(width, height, flowables, mode="shrink"), NextPageTemplate("body"), PageBreak()]


def header(context: ProposalContext, section: Section, width: float) -> list:
    """A compact opening for one-page documents."""
    title = Heading(context.fill(section.heading or "Proposal for {customer}"), context.styles["h2"])
    logo = logo_image(context, 34 * mm, 10 * mm)  # inside the 40 mm column and its padding
    flowables: list = []
    if logo is not None:
        row = Table([[title, logo]], colWidths=[width - 40 * mm, 40 * mm], hAlign="LEFT")
        row.setStyle(TableStyle([("ALIGN", (1, 0), (1, 0), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        flowables.append(row)
    else:
        flowables.append(title)
    if section.text:
        flowables.append(Paragraph(context.fill(section.text), context.styles["body"]))
    if context.website_markup:
        flowables.append(Paragraph(context.website_markup, context.styles["body"]))
    # The compact facts cut a long value (a 200-character name, a name, role
    # and e-mail together) to a few lines; the acceptance block prints it whole.
    facts = [(label, shortened(value, HEADER_FACT_CHARS)) for label, value in _facts(context)
             if label not in (*SPLIT_LABELS, "Contact")]
    half = (len(facts) + 1) // 2
    left, right = facts_table(context, facts[:half], [25 * mm, width / 2 - 27 * mm]), facts_table(
        context, facts[half:], [25 * mm, width / 2 - 27 * mm])
    pair = Table([[left, right]], colWidths=[width / 2, width / 2], hAlign="LEFT")
    pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    flowables.append(pair)
    if context.expired:
        flowables.append(Paragraph(literal(f"{context.expired_text}: ask for a current proposal before signing."),
                                   context.styles["draft"]))
    if context.draft:
        flowables.append(Paragraph(f"{DRAFT_TEXT}: prices need internal approval before they are final.",
                                   context.styles["draft"]))
    return flowables


def _what_you_get(context: ProposalContext) -> list[str]:
    quote, plan, priced = context.quote, context.plan, context.priced
    items = [f"The {plan.name} plan for {quote.term_months} months, billed "
             f"{'monthly' if quote.billing == 'monthly' else 'annually in advance'}."]
    if plan.seat_price is not None or plan.included_seats:
        included_seats = included_seats_used(plan, quote.seats)
        items.append(context.counted(seats_provided(plan, quote.seats), "seat")
                     + (f", {context.quantity(included_seats)} of them included" if included_seats else "")
                     + ".")
    if plan.included_credits:
        rollover = (f"; unused credits roll over for up to {context.counted(plan.rollover_cap, 'month')} within a "
                    "contract year" if plan.rollover_cap else "")
        items.append(f"{context.quantity(plan.included_credits)} credits included every month{rollover}.")
    if plan.credit_pack is not None and any(priced.credit_packs_per_year):
        years = ", ".join(
            f"year {year.year}: {context.quantity(year.pack_credits)}" for year in priced.years if year.credit_packs)
        items.append(f"Prepaid credits at a lower rate than overage ({years}).")
    for line in quote.outcomes:
        items.append(f"{context.catalog.outcome(line.outcome).name}: charged per outcome delivered.")
    protection = priced.spend_protection
    if protection is not None and protection.overage_cap_monthly is not None:
        items.append(f"Overage is capped at {context.money(protection.overage_cap_monthly)} a month.")
    return items


def summary(context: ProposalContext, section: Section, width: float) -> list:
    flowables = heading(context, section, "Executive summary")
    flowables.append(Paragraph(literal(split_sentence(context)), context.styles["body"]))
    flowables += [Paragraph(literal(item), context.styles["bullet"], bulletText="\u2022")
                  for item in _what_you_get(context)]
    if any(other.kind == "pricing" for other in context.template.sections):
        return flowables  # the pricing section shows the years in full
    rows = []
    for year in context.priced.years:
        committed, estimated = split_lines(year.lines)
        rows.append([f"Year {year.year}", context.money(committed), context.money(estimated),
                     context.money(year.total)])
    committed, estimated = context.split()
    rows.append(["Total contract value", context.money(committed), context.money(estimated),
                 context.money(context.priced.totals.tcv)])
    flowables.append(KeepTogether(themed_table(
        context, ["Contract year", "Committed", "Estimated usage-based", "Price"], rows,
        [50 * mm, 35 * mm, 40 * mm, 35 * mm], right={1, 2, 3}, total_row=True)))
    return flowables


def included(context: ProposalContext, section: Section, width: float) -> list:
    quote, plan, priced = context.quote, context.plan, context.priced
    rows = [["Plan", plan.name], ["Term", f"{quote.term_months} months"],
            ["Billing", "Monthly" if quote.billing == "monthly" else "Annually in advance"]]
    if plan.platform_fee:
        rows.append(["Platform subscription", f"{context.money(plan.platform_fee)} per month at list price"])
    if plan.seat_price is not None or plan.included_seats or quote.seats:
        seats = context.counted(quote.seats, "seat")
        if plan.min_seats > quote.seats:
            seats += f" (the plan's minimum of {context.quantity(plan.min_seats)} applies)"
        if plan.included_seats:
            seats += f"; {context.quantity(plan.included_seats)} included in the plan"
        rows.append(["Seats", seats])
    rows.append(["Credits included", f"{context.quantity(plan.included_credits)} per month"])
    if plan.rollover_cap:
        rollover = context.counted(plan.rollover_cap, "month")
        rows.append(["Rollover", f"Unused included credits carry over, up to {rollover} of allowance, within each "
                                 "contract year"])
    if plan.credit_pack is not None:
        packs = "; ".join(
            f"Year {y.year}: {context.counted(y.credit_packs, 'pack')}, {context.counted(y.pack_credits, 'credit')}"
            if y.credit_packs else f"Year {y.year}: none" for y in priced.years)
        rows.append(["Prepaid credit packs", f"{packs}. Packs of {context.quantity(plan.credit_pack.size)} credits, "
                                             "valid for their contract year"])
    for line in quote.outcomes:
        rows.append(["Outcome add-on", context.catalog.outcome(line.outcome).name])
    return heading(context, section, "What is included") + [
        themed_table(context, ["Item", "Detail"], rows, [45 * mm, width - 45 * mm])]
