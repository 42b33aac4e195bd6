"""Small builders for test catalogs and quotes, as plain JSON-like dicts."""

from __future__ import annotations

import copy
import json
from typing import Any

from conftest import SHARED_VECTORS

_NORTHWIND = json.loads((SHARED_VECTORS / "quotes" / "growth-annual-packs-rollover.json").read_text("utf-8"))


def northwind_catalog() -> dict[str, Any]:
    """The catalog of the shared vectors, as a fresh dict to modify."""
    return copy.deepcopy(_NORTHWIND["catalog"])


def quote_data(**changes: Any) -> dict[str, Any]:
    data = {
        "format": "quotewright.quote/1",
        "id": "Q-T",
        "customer": {"name": "Test Co"},
        "plan": "growth",
        "seats": 12,
        "term_months": 12,
        "billing": "monthly",
        "usage": [{"work_unit": "doc_summary", "monthly": "10000"}],
        "credit_packs_per_year": 0,
    }
    data.update(changes)
    return data


def per_unit(price: str) -> dict[str, Any]:
    return {"mode": "per_unit", "unit_price": price}


def tiered(mode: str, *tiers: tuple[str | None, str] | tuple[str | None, str, str]) -> dict[str, Any]:
    return {
        "mode": mode,
        "tiers": [
            {"up_to": t[0], "unit_price": t[1], **({"flat_fee": t[2]} if len(t) > 2 else {})} for t in tiers
        ],
    }


def simple_catalog(**plan_changes: Any) -> dict[str, Any]:
    """One work unit (1 credit, cost 0.001), one plan 'p' with no fees: each
    test adds just what it is about."""
    plan = {
        "id": "p",
        "name": "Plan",
        "platform_fee": "0",
        "included_credits": "0",
        "overage": per_unit("0"),
    }
    plan.update(plan_changes)
    return {
        "format": "quotewright.catalog/1",
        "name": "Test",
        "version": "1",
        "currency": "USD",
        "work_units": [
            {"id": "u", "name": "Unit", "unit": "unit", "credits": "1", "cost_to_serve": "0.001",
             "autonomy": 5, "attribution": 5},
        ],
        "plans": [plan],
        "approval": {"margin_floor_percent": "0", "levels": [{"role": "rep", "max_discount_percent": "100"}]},
    }


def simple_quote(monthly: str = "0", **changes: Any) -> dict[str, Any]:
    data = {
        "format": "quotewright.quote/1",
        "id": "Q",
        "customer": {"name": "C"},
        "plan": "p",
        "term_months": 12,
        "usage": [{"work_unit": "u", "monthly": monthly}],
    }
    data.update(changes)
    return data
