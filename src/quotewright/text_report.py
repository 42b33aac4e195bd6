"""The priced quote as a plain-text report for the terminal, in the
user's locale (the settings' `locale`: `1.234,56 €` in de_DE).

Names come from files: every line is passed through `printable`, so a
control character in a customer name is shown as `\\x1b`, never obeyed.
"""

from __future__ import annotations

from decimal import Decimal

from .domain.result import PricedCase, PricedQuote
from .formatting import DEFAULT_LOCALE, format_amount, format_money, format_percent, format_phrase, format_quantity
from .printable import printable


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join([first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:])]).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(row) for row in rows]


def _spend_protection(priced: PricedQuote, case: PricedCase, money, locale: str) -> list[str]:
    """The cap and what it waived, and the months the alerts fire in."""
    spend = priced.spend_protection
    if spend is None:
        return []
    out = [""]
    if spend.overage_cap_monthly is not None:
        out.append(
            f"Spend protection: overage capped at {money(spend.overage_cap_monthly)} a month; "
            f"waived {money(case.totals.overage_waived)} over the term"
        )
    else:
        out.append("Spend protection: no overage cap")
    if spend.alert_percents:
        fired = ", ".join(f"{format_percent(a.percent, locale)} in year {a.year}, month {a.month}"
                          for a in case.alerts)
        percents = ", ".join(format_percent(p, locale) for p in spend.alert_percents)
        out.append(f"Credit alerts at {percents} of each year's credits: {fired or 'none reached'}")
    return out


def _unit_margins(case: PricedCase, amount, locale: str) -> list[str]:
    """Revenue, cost and margin per work unit: for the deal desk only."""
    if not case.unit_margins:
        return []
    rows = [
        [u.work_unit, format_quantity(u.credits, locale), amount(u.revenue), amount(u.cost_to_serve),
         format_percent(u.gross_margin_percent, locale)]
        for u in case.unit_margins
    ]
    rows.append(["(unallocated)", "", amount(case.totals.unallocated_revenue), "", ""])
    return ["", "INTERNAL - not for the customer: revenue and margin per work unit"] + _table(
        ["Work unit", "Credits", "Revenue", "Cost to serve", "Margin"], rows
    )


def render_text(priced: PricedQuote, case_name: str | None = None, locale: str = DEFAULT_LOCALE) -> str:
    """The report of one case (expected unless named) with every figure,
    warning and approval reason written in `locale`."""
    case: PricedCase = priced.case(case_name)
    currency, places = priced.currency, priced.minor_units

    def money(value: Decimal) -> str:
        return format_money(value, currency, locale)

    def amount(value: Decimal) -> str:
        return format_amount(value, places, locale)

    def percent(value: Decimal) -> str:
        return format_percent(value, locale)

    def quantity(value: Decimal) -> str:
        return format_quantity(value, locale)

    totals = case.totals
    label = "" if case.name == "expected" else f"  [scenario {case.name}: usage x{quantity(case.multiplier)}]"
    out = [
        f"Quote {priced.quote_id} for {priced.customer}{label}",
        f"Plan {priced.plan}, {priced.term_months} months, billed {priced.billing}; "
        f"catalog {priced.catalog_name} {priced.catalog_version} ({currency})",
        "",
    ]
    out += _table(
        ["Year", "List", "Discount", "Net"],
        [[str(y.year), amount(y.list_total), amount(y.discount), amount(y.total)] for y in case.years]
        + [["Total", amount(totals.list_tcv), amount(totals.discount), amount(totals.tcv)]],
    )
    packs = ", ".join(str(n) for n in priced.credit_packs_per_year)
    auto = " (chosen automatically)" if any(c.auto for c in priced.pack_choices) else ""
    out += [
        "",
        f"TCV {money(totals.tcv)}   ACV {money(totals.acv)}   list {money(totals.list_tcv)}   "
        f"effective discount {percent(totals.effective_discount_percent)}",
        f"Committed {money(totals.committed_tcv)} of list {money(totals.committed_list_tcv)} "
        f"(discount {percent(totals.committed_discount_percent)})",
        f"Internal: cost to serve {money(totals.cost_to_serve)}, gross margin "
        f"{money(totals.gross_margin)} ({percent(totals.gross_margin_percent)})",
        f"Credit packs per year: {packs}{auto}; breakage {quantity(totals.breakage_credits)} credits",
    ]
    if priced.approval:
        reasons = "; ".join(format_phrase(reason, locale) for reason in priced.approval.reasons)
        out.append(f"Approval: {priced.approval.level} - {reasons}")
    if priced.scenarios:
        out.append(
            "Scenarios: "
            + ", ".join(
                f"{name} (x{quantity(s.multiplier)}) {money(s.totals.tcv)}"
                for name, s in [("expected", priced.expected), *priced.scenarios.items()]
            )
        )
    out += _spend_protection(priced, case, money, locale)
    if priced.warnings:
        out += ["", "Warnings:"] + [f"  - {format_phrase(w.message, locale)}" for w in priced.warnings]
    out += _unit_margins(case, amount, locale)
    out.append("")
    rows = []
    for m in case.months:
        lines, flow = m.lines, m.credits
        rows.append(
            [
                str(m.month),
                str(m.year),
                quantity(flow.needed),
                quantity(flow.included_used),
                quantity(flow.pack_used),
                quantity(flow.overage),
                amount(lines.platform.net),
                amount(lines.seats.net),
                amount(lines.credit_packs.net),
                amount(lines.overage.net),
                amount(lines.outcomes.net),
                amount(m.total),
            ]
            + ([amount(m.overage_waived)] if priced.spend_protection else [])
        )
    out += _table(
        ["Month", "Year", "Credits", "Included", "Packs", "Overage", "Platform", "Seats", "Packs $", "Overage $",
         "Outcomes", "Total"] + (["Waived"] if priced.spend_protection else []),
        rows,
    )
    return "\n".join(printable(line) for line in out) + "\n"
