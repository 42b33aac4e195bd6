"""The money sections: pricing by year and line, usage scenarios, outcome
add-ons and the invoice schedule. They lay out the engine's figures."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from ...domain.commitment import split_lines
from ...domain.proposal_template import Section
from ...domain.scenario_order import cases_in_order
from ...formatting import format_month
from .context import ProposalContext
from .describe import ramp_text, schedule_markup
from .fonts import literal
from .sections_front import heading
from .sections_usage import ramp_flowables
from .tables import paired_columns, themed_table

LINE_LABELS = {
    "platform": "Platform subscription",
    "seats": "Seats",
    "credit_packs": "Prepaid credit packs",
    "overage": "Overage (forecast)",
    "outcomes": "Outcome add-ons (forecast)",
}


def pricing(context: ProposalContext, section: Section, width: float) -> list:
    priced = context.priced
    totals = priced.totals
    column = (width - 50 * mm) / 3
    # Each year's price in its committed and estimated usage-based parts
    # (domain.commitment): the forecast is never mistaken for a commitment.
    years = []
    for y in priced.years:
        committed, estimated = split_lines(y.lines)
        years.append([f"Year {y.year} ({context.counted(y.month_count, 'month')})", context.money(y.list_total),
                      context.money(y.discount), context.money(committed), context.money(estimated),
                      context.money(y.total)])
    committed, estimated = context.split()
    years.append(["Total", context.money(totals.list_tcv), context.money(totals.discount), context.money(committed),
                  context.money(estimated), context.money(totals.tcv)])
    figure = (width - 36 * mm) / 5
    flowables = heading(context, section, "Pricing")
    flowables.append(KeepTogether(themed_table(
        context, ["Contract year", "List price", "Discount", "Committed", "Estimated usage-based", "Your price"],
        years, [36 * mm, *([figure] * 5)], right={1, 2, 3, 4, 5}, total_row=True)))
    flowables.append(Paragraph(literal(
        "Committed: the platform subscription, seats and prepaid credit packs, owed whatever the usage. Estimated "
        "usage-based: overage and outcome fees at the expected usage; actual charges follow actual usage."),
        context.styles["muted"]))
    if context.template.max_pages == 1:
        return flowables
    lines = [[LINE_LABELS[name], context.money(charge.list), context.money(charge.discount), context.money(charge.net)]
             for name in LINE_LABELS
             for charge in [totals.lines.charge(name)] if charge.list or charge.net]
    lines.append(["Total", context.money(totals.list_tcv), context.money(totals.discount), context.money(totals.tcv)])
    flowables += [
        Spacer(1, 4 * mm),
        KeepTogether(themed_table(context, ["Over the term", "List price", "Discount", "Your price"], lines,
                                  [50 * mm, column, column, column], right={1, 2, 3}, total_row=True)),
        Paragraph(f"Overall discount: {context.percent(totals.effective_discount_percent)} off list. "
                  "Overage and outcome lines follow the usage assumptions below; actual charges follow actual usage.",
                  context.styles["muted"]),
    ]
    return flowables


def scenarios(context: ProposalContext, section: Section, width: float) -> list:
    priced = context.priced
    if not priced.scenarios:
        return []
    cases = cases_in_order(priced)
    rows = []
    for case in cases:
        committed, estimated = context.split(case)
        rows.append([
            "Expected" if case.name == "expected" else case.name,  # as the quote names it
            f"{context.quantity(case.multiplier)} x expected usage",
            context.money(case.years[0].total),
            context.money(committed),
            context.money(estimated),
            context.money(case.totals.tcv),
        ])
    column = (width - 62 * mm) / 4
    return heading(context, section, "Low, expected and high usage") + [KeepTogether(themed_table(
        context, ["Scenario", "Usage", "First year", "Committed", "Estimated usage-based", "Total contract value"],
        rows, [32 * mm, 30 * mm, column, column, column, column], right={2, 3, 4, 5}))]


def outcomes(context: ProposalContext, section: Section, width: float) -> list:
    quote, priced = context.quote, context.priced
    if not quote.outcomes:
        return []
    flowables = heading(context, section, "Outcome-based add-ons")
    for line, summary in zip(quote.outcomes, priced.expected.outcomes):
        outcome = context.catalog.outcome(line.outcome)
        unit = context.catalog.work_unit(outcome.work_unit)
        rows = [
            ["Price", schedule_markup(context, outcome.price, unit.unit, unit.unit_plural)],
            [*(literal(text) for text in minimum_and_cap(context, outcome))],
            ["Expected volume", literal(_volume(context, line, unit))],
            ["Expected over the term", literal(context.money(summary.charge.net))],
        ]
        flowables.append(KeepTogether([
            Paragraph(literal(outcome.name), context.styles["h3"]),
            themed_table(context, ["Item", "Detail"], rows, [45 * mm, width - 45 * mm], markup_columns={1}),
        ]))
        if line.series is not None and ramp_text(context, line.series) is None:
            flowables += ramp_flowables(context, outcome.name, line.series, width, unit)
    return flowables


def minimum_and_cap(context: ProposalContext, outcome) -> tuple[str, str]:
    """(label, value) for an outcome's monthly bounds, naming only those it
    has: "Monthly cap" / "$10,000.00" when there is no minimum."""
    minimum = outcome.minimum_monthly
    cap = outcome.cap_monthly
    if minimum and cap is not None:
        return "Monthly minimum / cap", f"{context.money(minimum)} / {context.money(cap)}"
    if minimum:
        return "Monthly minimum", f"{context.money(minimum)} (no cap)"
    if cap is not None:
        return "Monthly cap", context.money(cap)
    return "Monthly minimum / cap", "None: charged per outcome only"


def _volume(context: ProposalContext, line, unit) -> str:
    """An outcome line's expected count: month 1 and its growth (or that it
    stays flat), or its ramp in steps (a ramp of many steps gets its
    month-by-month table below)."""
    if line.series is None:
        if not line.growth_percent:
            return f"{context.units(line.monthly, unit)} every month"
        return (f"{context.units(line.monthly, unit)} in month 1, changing "
                f"{context.percent(line.growth_percent)} a month")
    return ramp_text(context, line.series, unit) or "Month by month, below"


def invoices(context: ProposalContext, section: Section, width: float) -> list:
    quote, priced = context.quote, context.priced
    start = quote.start_date

    def label(month: int) -> str:
        return f"{month} ({format_month(start, month, context.settings.locale)})" if start else str(month)

    entries = [(label(invoice.month), context.money(invoice.amount)) for invoice in priced.invoices]
    note = ("Subscription fees are invoiced at the start of each contract year; overage and outcome fees monthly."
            if quote.billing == "annual" else "Invoiced monthly.")
    return heading(context, section, "Invoice schedule") + [
        paired_columns(context, ("Month", "Amount"), entries, width),
        Paragraph(note + " Amounts follow the usage assumptions of this proposal.", context.styles["muted"]),
    ]
