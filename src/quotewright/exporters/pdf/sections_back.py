"""The closing sections: terms and validity, acceptance with signature
lines, and the rate card appendix (never cost to serve)."""

from __future__ import annotations

import re

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from ...domain.proposal_template import Section
from .context import ProposalContext
from .fonts import literal
from .document import Heading
from .sections_front import heading
from .sections_rates import rate_rows, rates_at_a_glance
from .tables import themed_table


TAX_SENTENCE = "Prices exclude taxes."
"""The legal text's own statement of what the terms' first line always says
(the default legal terms open with it): left out, so it is printed once."""


def terms(context: ProposalContext, section: Section, width: float) -> list:
    quote, priced = context.quote, context.priced
    valid = "was valid" if context.expired else "is valid"
    # Stated by the proposal itself, whatever the legal text says: custom
    # legal terms can add to it, never take it away.
    facts = [f"This proposal {valid} until {context.valid_until}. All prices are in {priced.currency} and "
             "exclude taxes."]
    # "A discount of 8.00%", not "A 8.00% discount": no article to agree with a number.
    if priced.term_discount_percent:
        facts.append(f"A discount of {context.percent(priced.term_discount_percent)} applies for the "
                     f"{quote.term_months}-month term.")
    if priced.prepay_discount_percent:
        facts.append(f"A discount of {context.percent(priced.prepay_discount_percent)} applies for annual "
                     "billing in advance.")
    flowables = heading(context, section, "Terms and validity")
    flowables += [Paragraph(literal(fact), context.styles["body"]) for fact in facts]
    legal = re.sub(" {2,}", " ", context.settings.branding.legal_terms.replace(TAX_SENTENCE, "")).strip()
    if legal:
        flowables.append(Paragraph(literal(legal), context.styles["muted"]))
    return flowables


def acceptance(context: ProposalContext, section: Section, width: float) -> list:
    customer = context.quote.customer.name
    name, role, _ = context.prepared_by
    line = "_" * 34
    # One table row per line of the two blocks, so "Name", "Signature" and
    # "Date" stay level across the columns however far a long name wraps.
    lines = [
        (f"For {customer}", f"For {context.company}" if context.company else "For the supplier"),
        ("Name: " + line, f"Name: {name}" if name else "Name: " + line),
        ("Title: " + line, f"Title: {role}" if role else "Title: " + line),
        ("Signature: " + line, "Signature: " + line),
        ("Date: " + line, "Date: " + line),
    ]
    styles = [context.styles["h3"]] + [context.styles["body"]] * (len(lines) - 1)
    rows = [[Paragraph(literal(left), style), Paragraph(literal(right), style)]
            for (left, right), style in zip(lines, styles)]
    table = Table(rows, colWidths=[width / 2, width / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 3), (-1, 3), 5 * mm),  # room to sign
                               ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.lightgrey)]))
    default = "By signing below, {customer} accepts this proposal (quote {quote_id})."
    intro = [Heading(context.fill(section.heading or "Acceptance"), context.styles["h2"]),
             Paragraph(context.fill(section.text or default), context.styles["body"])]
    return [KeepTogether(intro + [table])]


def rate_card(context: ProposalContext, section: Section, width: float) -> list:
    if context.template.max_pages == 1:
        return rates_at_a_glance(context, section, width)
    catalog, plan, quote = context.catalog, context.plan, context.quote
    flowables: list = [PageBreak()] if section.page_break_before else []
    flowables += heading(context, section, "Appendix: rate card")
    rows = rate_rows(context)
    if catalog.term_discounts:
        rows.append(["Term discounts", "<br/>".join(
            literal(f"{context.counted(d.months, 'month')} or more: {context.percent(d.percent)}")
            for d in sorted(catalog.term_discounts, key=lambda d: d.months))])
    if catalog.prepay_discount_percent:
        rows.append(["Annual prepayment", literal(f"{context.percent(catalog.prepay_discount_percent)} off "
                                                  "the subscription")])
    flowables.append(Paragraph(literal(f"{plan.name} plan"), context.styles["h3"]))
    flowables.append(themed_table(context, ["Item", "Price"], rows, [45 * mm, width - 45 * mm], markup_columns={1}))
    used = {line.work_unit for line, total in zip(quote.usage, context.priced.expected.work_units)
            if total.quantity}
    quoted = used | {catalog.outcome(line.outcome).work_unit for line in quote.outcomes}
    units = [unit for unit in catalog.work_units if unit.id in quoted]
    if units:
        flowables += [Spacer(1, 3 * mm), Paragraph("Work units and the credits they use", context.styles["h3"]),
                      themed_table(context, ["Work unit", "Counted per", "Credits each"],
                                   [[u.name, u.unit, context.quantity(u.credits)] for u in units],
                                   [width - 70 * mm, 40 * mm, 30 * mm], right={2})]
    return flowables
