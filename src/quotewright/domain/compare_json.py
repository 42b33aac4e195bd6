"""A `Comparison` (PRICING.md section 12) as plain JSON data: the fields of a
compare vector's `expected` at the same paths (`plans[]`,
`cheapest_by_multiplier[]`), plus what each plan is made of, its
architecture, the cheapest ranges and the whole sweep. Amounts are decimal
strings; money has exactly the currency's minor units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .compare import Cheapest, CheapestRange, Comparison, Makeup, PlanRow
from .report import amount, number


def comparison_to_json(comparison: Comparison) -> dict[str, Any]:
    plan_ids = [row.plan for row in comparison.plans]
    return {
        "currency": comparison.currency,
        "quote_plan": comparison.quote_plan,
        "plans": [_row(row) for row in comparison.plans],
        "cheapest_by_multiplier": [_cheapest(entry) for entry in comparison.cheapest_by_multiplier],
        "cheapest_ranges": [_range(found) for found in comparison.cheapest_ranges],
        "sweep": [
            {"multiplier": number(k), "tcv": {plan: _money(tcv) for plan, tcv in zip(plan_ids, tcvs)}}
            for k, tcvs in zip(comparison.multipliers, comparison.sweep)
        ],
    }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else amount(value)


def _row(row: PlanRow) -> dict[str, Any]:
    data: dict[str, Any] = {
        "plan": row.plan,
        "name": row.name,
        "architecture": row.architecture,
        "made_of": _makeup(row.makeup),
    }
    if row.priced is None:
        data["problem"] = row.problem  # the plan's auto packs could not settle: no figures
        return data
    priced = row.priced
    totals = priced.totals
    low, high = row.low_high
    data.update(
        {
            "tcv": amount(totals.tcv),
            "list_tcv": amount(totals.list_tcv),
            "acv": amount(totals.acv),
            "years": [{"year": year.year, "total": amount(year.total)} for year in priced.years],
            "year_1": amount(row.year_1),
            "max_invoice": amount(row.max_invoice),
            "credit_packs_per_year": list(priced.credit_packs_per_year),
            "low_high": {"low": amount(low), "high": amount(high)},
            "gross_margin_percent": amount(totals.gross_margin_percent),  # internal
            "approval": {"level": priced.approval.level},
        }
    )
    if priced.scenarios:
        data["scenarios"] = {name: {"tcv": amount(tcv)} for name, tcv in row.scenario_tcvs.items()}
    return data


def _makeup(makeup: Makeup) -> dict[str, Any]:
    return {
        "platform_fee": number(makeup.platform_fee),
        "seat_price": makeup.seat_price,
        "billable_seats": makeup.billable_seats,
        "included_seats": makeup.included_seats,
        "included_credits": number(makeup.included_credits),
        "rollover_cap": number(makeup.rollover_cap),
        "credit_pack_size": None if makeup.credit_pack_size is None else number(makeup.credit_pack_size),
        "overage_mode": makeup.overage_mode,
        "outcomes": list(makeup.outcomes),
    }


def _cheapest(entry: Cheapest) -> dict[str, Any]:
    data: dict[str, Any] = {"multiplier": number(entry.multiplier), "plan": entry.plan, "tcv": _money(entry.tcv)}
    if entry.unsettled:
        data["unsettled"] = list(entry.unsettled)
    return data


def _range(found: CheapestRange) -> dict[str, Any]:
    return {"from": number(found.first), "to": number(found.last), "plan": found.plan}
