"""Spend protection as the customer reads it (PRICING.md 10): the monthly
overage cap and what it promises, the credit alerts, and in which month the
expected usage (and each scenario's) reaches each alert.

The section is left out of a proposal whose quote has no spend protection.
It lays out the priced result's `spend_protection`, `alerts` and
`overage_waived`; it works out nothing itself.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph

from ...domain.proposal_template import Section
from ...domain.result import PricedCase
from ...domain.scenario_order import cases_in_order
from .context import ProposalContext
from .fonts import literal
from .sections_front import heading
from .tables import themed_table

NOT_REACHED = "not reached"


def spend_protection(context: ProposalContext, section: Section, width: float) -> list:
    terms = context.priced.spend_protection
    if terms is None:
        return []
    flowables = heading(context, section, "Spend protection")
    body = context.styles["body"]
    if terms.overage_cap_monthly is not None:
        flowables += [Paragraph(literal(text), body) for text in _cap_sentences(context)]
    if terms.alert_percents:
        flowables.append(Paragraph(literal(_alerts_sentence(context)), body))
        if context.template.max_pages == 1:
            flowables.append(Paragraph(literal(_expected_alerts_sentence(context)), body))
        else:
            flowables.append(KeepTogether(_case_table(context, width)))
    return flowables


def _cap_sentences(context: ProposalContext) -> list[str]:
    cap = context.money(context.priced.spend_protection.overage_cap_monthly)
    waived = context.priced.totals.overage_waived
    return [
        f"Overage is capped at {cap} a month: whatever your usage, overage is never billed above {cap} in any "
        "month. Credits beyond your allowance are still served in full; above the cap they are not charged.",
        f"With the usage this proposal expects, the cap saves {context.money(waived)} of overage over the term."
        if waived > 0 else "With the usage this proposal expects, overage stays within the cap every month.",
    ]


def _percents(context: ProposalContext) -> str:
    texts = [context.percent(percent) for percent in context.priced.spend_protection.alert_percents]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def _alerts_sentence(context: ProposalContext) -> str:
    return (f"You are alerted when your credit use in a contract year reaches {_percents(context)} of that year's "
            "credits (the included credits and the prepaid packs bought for the year).")


def _expected_alerts_sentence(context: ProposalContext) -> str:
    alerts = context.priced.expected.alerts
    if not alerts:
        return "With the usage this proposal expects, no alert is reached."
    fired = ", ".join(f"{context.percent(alert.percent)} in {context.month(alert.month)}" for alert in alerts)
    return f"With the usage this proposal expects, the alerts come at {fired}."


def _months(context: ProposalContext, case: PricedCase, percent) -> str:
    """The months in which `case` reaches `percent`, at most one a year."""
    months = [context.month(alert.month) for alert in case.alerts if alert.percent == percent]
    return ", ".join(months) or NOT_REACHED


def case_label(context: ProposalContext, case: PricedCase) -> str:
    """A usage case as a column heads it: "Expected usage", "high (1.3x)"
    (a scenario's name as the quote types it)."""
    if case.name == "expected":
        return "Expected usage"
    return f"{case.name} ({context.quantity(case.multiplier)}x)"


def _case_table(context: ProposalContext, width: float) -> list:
    """One column per usage case, lowest usage first: the overage the cap
    waives, then each alert's months."""
    priced = context.priced
    cases = cases_in_order(priced)
    rows = []
    if priced.spend_protection.overage_cap_monthly is not None:
        rows.append(["Overage the cap waives, over the term",
                     *(context.money(case.totals.overage_waived) for case in cases)])
    for percent in priced.spend_protection.alert_percents:
        rows.append([f"{context.percent(percent)} alert", *(_months(context, case, percent) for case in cases)])
    label = 50 * mm
    column = (width - label) / len(cases)
    intro = ("When each alert comes with the usage this proposal expects" +
             (", and if usage comes in lower or higher:" if len(cases) > 1 else ":"))
    return [Paragraph(literal(intro), context.styles["intro"]),
            themed_table(context, ["", *(case_label(context, case) for case in cases)], rows,
                         [label, *([column] * len(cases))])]
