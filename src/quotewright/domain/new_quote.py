"""A fresh quote for a catalog: the first plan, a line for every work unit
at zero, dates from today. A rep types volumes and sees the price. It also
owns how long a quote is valid when nobody says (`VALID_DAYS`), in days and
in the words a proposal uses for a quote without a `valid_until`."""

from __future__ import annotations

import datetime as dt

from .catalog import Catalog
from .money import ZERO
from .quote import Customer, Person, Quote, UsageLine
from .settings import Settings

VALID_DAYS = 30
"""A fresh quote's validity; a proposal of a quote without `valid_until` promises the same."""

DEFAULT_VALIDITY_TEXT = f"{VALID_DAYS} days from the date of this proposal"


def rep_of(settings: Settings) -> Person | None:
    """The rep from the settings, as a quote's "prepared by" (None if unnamed)."""
    if not settings.rep_name:
        return None
    return Person(name=settings.rep_name, role=settings.rep_role, email=settings.rep_email)


def default_valid_until(today: dt.date) -> dt.date:
    """The validity date of a quote made today."""
    return today + dt.timedelta(days=VALID_DAYS)


def blank_quote(catalog: Catalog, today: dt.date, prepared_by: Person | None = None, number: int = 1) -> Quote:
    plan = catalog.plans[0]
    return Quote(
        id=f"Q-{today:%Y%m%d}-{number:03d}",
        customer=Customer(name="New customer"),
        plan=plan.id,
        seats=plan.min_seats,
        term_months=12,
        billing="monthly",
        usage=[UsageLine(work_unit=unit.id, monthly=ZERO) for unit in catalog.work_units],
        credit_packs_per_year="auto" if plan.credit_pack else 0,
        date=today,
        valid_until=default_valid_until(today),
        prepared_by=prepared_by,
    )
