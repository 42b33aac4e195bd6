"""A fresh quote for a catalog: the first plan, a line for every work unit
at zero, automatic packs, dates from today. A rep types volumes and sees the
price. It also owns how long a quote is valid when nobody says
(`VALID_DAYS`), in days and in the words a proposal uses for a quote without
a `valid_until`; how quote ids are numbered; a new quote made from an
example (a shipped sample's); and when a quote has nothing to approve yet."""

from __future__ import annotations

import datetime as dt

from .catalog import Catalog
from .money import ZERO
from .quote import AUTO, Customer, Person, Quote, UsageLine
from .settings import Settings
from .values import rebuilt

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


def quote_id(today: dt.date, number: int) -> str:
    """`Q-20261201-003`: the day's `number`th quote (numbers past 999 keep every digit)."""
    return f"Q-{today:%Y%m%d}-{number:03d}"


def blank_quote(catalog: Catalog, today: dt.date, prepared_by: Person | None = None, number: int = 1) -> Quote:
    """Packs are "auto" on every plan: a plan without packs takes none (auto
    chooses 0 there), and a switch to a plan that sells them picks them, as
    the samples do, instead of leaving the rep with 0 packs nobody chose."""
    plan = catalog.plans[0]
    return Quote(
        id=quote_id(today, number),
        customer=Customer(name="New customer"),
        plan=plan.id,
        seats=plan.min_seats,
        term_months=12,
        billing="monthly",
        usage=[UsageLine(work_unit=unit.id, monthly=ZERO) for unit in catalog.work_units],
        credit_packs_per_year=AUTO,
        date=today,
        valid_until=default_valid_until(today),
        prepared_by=prepared_by,
    )


def from_example(example: Quote, today: dt.date, number: int, prepared_by: Person | None = None) -> Quote:
    """A new quote that starts as a copy of `example` (a sample's example
    quote): its own id, dated today with the default validity, the rep from
    the settings (else the example's), and no contract start already past."""
    start = example.start_date if example.start_date is not None and example.start_date >= today else None
    return rebuilt(example, id=quote_id(today, number), date=today, valid_until=default_valid_until(today),
                   start_date=start, prepared_by=prepared_by or example.prepared_by)


def nothing_to_approve(quote: Quote) -> bool:
    """True while the quote has no volume yet (every usage and outcome line
    at zero, ramps included): an approval level computed from an empty quote
    (0% margin on pay-as-you-go: the CFO) says nothing about the deal, so
    the app shows "Nothing to approve yet" instead of a level."""
    lines = [*quote.usage, *quote.outcomes]
    return all(not line.monthly and not any(line.series or ()) for line in lines)
