"""What an edit of a catalog means when a person makes it in an editor:
the record a new plan, outcome, work unit, term discount or approval level
starts as, what a schedule becomes when its mode changes, where a new tier
goes, and the credit pack a plan starts selling. Each function returns data
or an edit for `CatalogSession.push`; the catalog's validators then say
whether the result is a valid catalog.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from ..domain.catalog import Catalog
from ..domain.edits import InsertItem, Path, SetValue
from ..domain.money import ZERO

NEW_PRICE = Decimal("0.01")  # a placeholder price a person replaces; 0 would hide that it is unset


def unique_id(existing: Sequence[str], stem: str) -> str:
    """`stem_1`, or the first `stem_N` not taken."""
    number = 1
    while f"{stem}_{number}" in existing:
        number += 1
    return f"{stem}_{number}"


# --- schedules -----------------------------------------------------------------------------
def default_schedule(mode: str, price: Decimal = ZERO) -> dict[str, Any]:
    """The simplest schedule of a mode, charging `price` per unit."""
    if mode == "per_unit":
        return {"mode": mode, "unit_price": price}
    if mode == "package":
        return {"mode": mode, "package_size": Decimal(1), "package_price": price, "free_units": ZERO}
    return {"mode": mode, "tiers": [{"up_to": None, "unit_price": price, "flat_fee": ZERO}]}


def first_price(schedule: dict[str, Any] | None) -> Decimal:
    """The price a schedule charges its first units (kept across a mode change)."""
    if not schedule:
        return ZERO
    if schedule["mode"] == "per_unit":
        return schedule["unit_price"]
    if schedule["mode"] == "package":
        return schedule["package_price"]
    return schedule["tiers"][0]["unit_price"]


def change_schedule_mode(path: Path, current: dict[str, Any] | None, mode: str) -> SetValue | None:
    """Graduated and volume read the same tiers two ways, so switching
    between them keeps the tiers; any other switch starts the new mode at
    the old first price. None when there is nothing to change."""
    if current is None or current["mode"] == mode:
        return None
    if {current["mode"], mode} == {"graduated", "volume"}:
        return SetValue(path, {**current, "mode": mode})
    return SetValue(path, default_schedule(mode, first_price(current)))


def set_schedule(path: Path, on: bool) -> SetValue:
    """Give an optional schedule (a seat price) or take it away."""
    return SetValue(path, default_schedule("per_unit") if on else None)


def add_tier(path: Path, schedule: dict[str, Any] | None) -> InsertItem:
    """A tier before the open-ended last one: twice the last bound (100 for
    the first), at the last tier's price, so the tiers stay in order."""
    tiers = (schedule or {}).get("tiers") or []
    bounds = [tier["up_to"] for tier in tiers if tier["up_to"] is not None]
    bound = (bounds[-1] * 2 if bounds else Decimal(100)) or Decimal(100)
    price = tiers[-1]["unit_price"] if tiers else ZERO
    return InsertItem((*path, "tiers"), max(0, len(tiers) - 1), {"up_to": bound, "unit_price": price, "flat_fee": ZERO})


def set_sells_packs(plan_index: int, on: bool) -> SetValue:
    """A plan starts selling credit packs (1,000 credits at a placeholder
    price) or stops."""
    pack = {"size": Decimal(1000), "price": default_schedule("per_unit", NEW_PRICE)} if on else None
    return SetValue(("plans", plan_index, "credit_pack"), pack)


# --- new records -----------------------------------------------------------------------------
def new_plan(ids: Sequence[str]) -> dict[str, Any]:
    return {"id": unique_id(ids, "plan"), "name": "New plan", "description": "", "platform_fee": ZERO,
            "seat_price": None, "included_seats": 0, "min_seats": 0, "included_credits": ZERO,
            "rollover_cap": ZERO, "overage": default_schedule("per_unit", NEW_PRICE), "credit_pack": None}


def new_outcome(catalog: Catalog, ids: Sequence[str]) -> dict[str, Any]:
    """An outcome counted on the first work unit (a catalog without work
    units cannot take one: its validator says so)."""
    units = catalog.work_units
    return {"id": unique_id(ids, "outcome"), "name": "New outcome", "work_unit": units[0].id if units else "",
            "price": default_schedule("per_unit", Decimal(1)), "minimum_monthly": ZERO, "cap_monthly": None,
            "description": ""}


def new_work_unit(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A unit in the middle of the matrix (3 x 3): neither ready for
    outcome pricing nor only for seats, until someone scores it."""
    return {"id": unique_id([r["id"] for r in records], "unit"), "name": "New work unit", "unit": "unit",
            "credits": Decimal(1), "cost_to_serve": ZERO, "autonomy": 3, "attribution": 3, "description": ""}


def new_term_discount(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A year past the longest term listed, so the terms stay distinct."""
    return {"months": max([r["months"] for r in records], default=0) + 12, "percent": ZERO}


def new_approval_level(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A last level that may approve any discount."""
    return {"role": unique_id([r["role"] for r in records], "level"), "max_discount_percent": Decimal(100)}
