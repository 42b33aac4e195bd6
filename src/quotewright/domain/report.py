"""The priced result as plain JSON data (PRICING.md sections 6 and 8-11):
amounts as decimal strings, money with exactly the currency's minor units.

JSON is for programs, so nothing in it depends on the user's locale: the
figures inside warnings and approval reasons are written the same way as
every other amount here ("USD 1234.50", "12.50%", "24000", "2026-01-31").
People read the same sentences through `formatting.format_phrase`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .phrases import Figure, Message, Phrase
from .result import Alert, Lines, MonthResult, PricedCase, PricedQuote, Totals, YearResult


def number(value: Decimal) -> str:
    """An exact quantity as text: trailing zeros dropped, no exponent."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def amount(value: Decimal) -> str:
    """Money (already rounded to minor units) or a 2-decimal percentage."""
    return format(value, "f")


def _figure(figure: Figure) -> str:
    if figure.kind == "money":
        return f"{figure.currency} {amount(figure.value)}"
    if figure.kind == "percent":
        return amount(figure.value) + "%"
    if figure.kind == "date":
        return figure.value.isoformat()
    return number(figure.value)


def message_text(message: Message) -> str:
    """A warning or a reason for JSON: its figures as plain decimals (the
    locale-independent twin of `formatting.format_phrase`)."""
    if not isinstance(message, Phrase):
        return str(message)
    return message.template.format(*(_figure(part) if isinstance(part, Figure) else part for part in message.parts))


def _lines(lines: Lines) -> dict[str, Any]:
    return {
        "lines": {k: amount(v) for k, v in lines.net_amounts().items()},
        "list_lines": {k: amount(v) for k, v in lines.list_amounts().items()},
        "list_total": amount(lines.list_total),
        "total": amount(lines.total),
        "discount": amount(lines.discount),
    }


def _month(month: MonthResult) -> dict[str, Any]:
    flow = month.credits
    return {
        "month": month.month,
        "year": month.year,
        "credits_needed": number(flow.needed),
        "credits_included_pool": number(flow.included_pool),
        "credits_included_used": number(flow.included_used),
        "credits_banked": number(flow.banked),
        "credits_pack_bought": number(flow.pack_bought),
        "credits_pack_used": number(flow.pack_used),
        "credits_pack_balance": number(flow.pack_balance),
        "overage_credits": number(flow.overage),
        **_lines(month.lines),
        "cost_to_serve": amount(month.cost_to_serve),
        "overage_waived": amount(month.overage_waived),
        "usage": [
            {
                "work_unit": u.work_unit,
                "quantity": number(u.quantity),
                "credits": number(u.credits),
                "cost_to_serve": number(u.cost_to_serve),
            }
            for u in month.usage
        ],
        "outcomes": [
            {
                "outcome": o.outcome,
                "count": number(o.count),
                "amount": number(o.amount),
                "list": amount(o.charge.list),
                "net": amount(o.charge.net),
                "clamped": o.clamped,
            }
            for o in month.outcomes
        ],
    }


def _year(year: YearResult) -> dict[str, Any]:
    return {
        "year": year.year,
        "first_month": year.first_month,
        "months": year.month_count,
        "credit_packs": year.credit_packs,
        "pack_credits": number(year.pack_credits),
        "credits_needed": number(year.credits_needed),
        "overage_credits": number(year.overage_credits),
        "breakage_credits": number(year.breakage_credits),
        **_lines(year.lines),
        "cost_to_serve": amount(year.cost_to_serve),
    }


def _totals(totals: Totals) -> dict[str, Any]:
    return {
        "tcv": amount(totals.tcv),
        "list_tcv": amount(totals.list_tcv),
        "discount": amount(totals.discount),
        "effective_discount_percent": amount(totals.effective_discount_percent),
        "committed_tcv": amount(totals.committed_tcv),
        "committed_list_tcv": amount(totals.committed_list_tcv),
        "committed_discount_percent": amount(totals.committed_discount_percent),
        "acv": amount(totals.acv),
        "cost_to_serve": amount(totals.cost_to_serve),
        "gross_margin": amount(totals.gross_margin),
        "gross_margin_percent": amount(totals.gross_margin_percent),
        "breakage_credits": number(totals.breakage_credits),
        "credits_needed": number(totals.credits_needed),
        "credits_included_used": number(totals.credits_included_used),
        "credits_pack_used": number(totals.credits_pack_used),
        "overage_credits": number(totals.overage_credits),
        "overage_waived": amount(totals.overage_waived),
        "unallocated_revenue": amount(totals.unallocated_revenue),
        "lines": {k: amount(v) for k, v in totals.lines.net_amounts().items()},
        "list_lines": {k: amount(v) for k, v in totals.lines.list_amounts().items()},
    }


def _alerts(alerts: tuple[Alert, ...]) -> list[dict[str, Any]]:
    return [{"percent": number(a.percent), "year": a.year, "month": a.month} for a in alerts]


def _scenario(case: PricedCase) -> dict[str, Any]:
    return {
        "multiplier": number(case.multiplier),
        "tcv": amount(case.totals.tcv),
        "list_tcv": amount(case.totals.list_tcv),
        "acv": amount(case.totals.acv),
        "overage_credits": number(case.totals.overage_credits),
        "breakage_credits": number(case.totals.breakage_credits),
        "overage_waived": amount(case.totals.overage_waived),
        "alerts": _alerts(case.alerts),
        "years": [{"year": y.year, "total": amount(y.total), "list_total": amount(y.list_total)} for y in case.years],
    }


def priced_to_json(priced: PricedQuote, case_name: str | None = None) -> dict[str, Any]:
    """Everything in the priced result, ready for `json.dumps`; months, years,
    totals and invoices are those of `case_name` (expected by default)."""
    case = priced.case(case_name)
    approval = priced.approval
    return {
        "quote": priced.quote_id,
        "customer": priced.customer,
        "catalog": {"name": priced.catalog_name, "version": priced.catalog_version},
        "currency": priced.currency,
        "plan": priced.plan,
        "term_months": priced.term_months,
        "billing": priced.billing,
        "case": case.name,
        "term_discount_percent": number(priced.term_discount_percent),
        "prepay_discount_percent": number(priced.prepay_discount_percent),
        "credit_packs_per_year": list(priced.credit_packs_per_year),
        "pack_choices": [
            {
                "year": c.year,
                "packs": c.packs,
                "auto": c.auto,
                "candidates_tried": c.candidates_tried,
                "packs_and_overage_cost": amount(c.cost),
            }
            for c in priced.pack_choices
        ],
        "totals": _totals(case.totals),
        "years": [_year(year) for year in case.years],
        "invoices": [{"month": i.month, "amount": amount(i.amount)} for i in case.invoices],
        "approval": {
            "level": approval.level,
            "max_discount_percent": number(approval.max_discount_percent),
            "reasons": [message_text(reason) for reason in approval.reasons],
        }
        if approval
        else None,
        "warnings": [{"code": w.code, "message": message_text(w.message), "year": w.year} for w in priced.warnings],
        "spend_protection": {
            "overage_cap_monthly": None if spend.overage_cap_monthly is None else amount(spend.overage_cap_monthly),
            "alert_percents": [number(p) for p in spend.alert_percents],
        }
        if (spend := priced.spend_protection)
        else None,
        "scenarios": {name: _scenario(s) for name, s in priced.scenarios.items()},
        "alerts": _alerts(case.alerts),
        # Internal (PRICING.md 11): revenue, cost and margin per work unit.
        "work_units": [
            {
                "work_unit": u.work_unit,
                "quantity": number(summary.quantity) if summary else "0",
                "credits": number(u.credits),
                "revenue": amount(u.revenue),
                "cost_to_serve": amount(u.cost_to_serve),
                "gross_margin_percent": amount(u.gross_margin_percent),
            }
            for u, summary in _with_usage(case)
        ],
        "outcomes": [
            {
                "outcome": o.outcome,
                "count": number(o.count),
                "list": amount(o.charge.list),
                "net": amount(o.charge.net),
                "months_at_minimum": o.months_at_minimum,
                "months_at_cap": o.months_at_cap,
            }
            for o in case.outcomes
        ],
        "months": [_month(month) for month in case.months],
    }


def _with_usage(case: PricedCase):
    """Each unit's margin with its usage summary (None for a unit that only
    an outcome counts)."""
    usage = {summary.work_unit: summary for summary in case.work_units}
    return [(margin, usage.get(margin.work_unit)) for margin in case.unit_margins]
