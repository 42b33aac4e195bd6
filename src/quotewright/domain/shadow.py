"""Shadow billing (PRICING.md 13): what recorded usage would have cost under
every plan of a catalog.

This module owns the rules, not the reading: the contract calendar of
recorded time (`month_starts`: month `m` holds `[start + (m-1) months,
start + m months)`, the day of the month clamped), the order in which a
record is tested (before the start, past month 120, an unknown work unit,
else billed: `tally`), the term and the series that follow, and the quotes
built from them, one per plan, priced by the engine (`shadow_bill`).
`storage/usage_import.py` reads a file and hands `tally` its records already
summed per work unit and day; nothing here does I/O.
"""

import bisect
import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError

from .catalog import Catalog
from .errors import InvalidInput, describe
from .money import ZERO
from .pricing import price_quote
from .quote import AUTO, MAX_TERM_MONTHS, Customer, Discounts, PackCounts, Quote, UsageLine
from .report import amount, number
from .result import PricedQuote
from .values import Count, Frozen

BEFORE_START = -1
"""The day key of a record before the start (`tally`)."""

BEYOND_TERM = -2
"""The day key of a record at or after the start of month 121."""

_DAY = dt.timedelta(days=1)


def add_months(start: dt.date, months: int) -> dt.date:
    """`start` plus `months` calendar months, the day of the month kept and
    clamped to the month's last day (Jan 31 + 1 month = Feb 28, or 29).
    Always counted from the start, never month after month: Jan 31 + 2
    months is Mar 31, not Mar 28."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year = start.year + years
    return dt.date(year, month_index + 1, min(start.day, calendar.monthrange(year, month_index + 1)[1]))


def month_starts(start: dt.date) -> tuple[dt.datetime, ...]:
    """The first instant (UTC) of months 1..121: month `m` holds the times
    from `month_starts[m-1]` up to, not including, `month_starts[m]`; the
    last one is where records stop being billed (`beyond_term`)."""
    return tuple(
        dt.datetime.combine(add_months(start, m), dt.time(), dt.timezone.utc) for m in range(MAX_TERM_MONTHS + 1)
    )


def month_day_offsets(start: dt.date) -> tuple[int, ...]:
    """`month_starts` as whole days after the start (every month starts at
    midnight UTC, so a record's day after the start decides its month)."""
    return tuple((moment.date() - start).days for moment in month_starts(start))


def month_of_day(offsets: tuple[int, ...], day: int) -> int:
    """The month (1..120) of a record `day` whole days after the start, for
    0 <= day < offsets[-1]."""
    return bisect.bisect_right(offsets, day)


class RecordedUsage(NamedTuple):
    """The records of one usage file, sorted out (PRICING.md 13)."""

    records: int
    """Every data row read, the header excluded."""
    before_start: int
    beyond_term: int
    unknown_work_units: Mapping[str, int]
    """Records per work unit the catalog does not have, by the name written."""
    billed: Mapping[str, Mapping[int, Decimal]]
    """Exact quantity per catalog work unit per month (1..120), for every
    unit with a billed record (months without one left out)."""
    billed_records: Mapping[str, int]


class DayGroup(NamedTuple):
    """The records of one name on one day, as the import sums them: `day`
    whole days after the start (or BEFORE_START, BEYOND_TERM), `records`
    counted and `quantity` summed exactly."""

    name: str
    day: int
    records: int
    quantity: Decimal


def tally(
    groups: Iterable[DayGroup], catalog: Catalog, start: dt.date, mapping: Mapping[str, str] | None = None
) -> RecordedUsage:
    """Sort summed records out in PRICING.md 13's order: before the start,
    past month 120, naming a work unit the catalog does not have, else
    billed in their month. A name is stripped of surrounding spaces and
    then, if `mapping` has it, replaced by the work unit it maps to; an
    unknown name is reported as written (stripped), before any mapping."""
    known = {unit.id for unit in catalog.work_units}
    offsets = month_day_offsets(start)
    records = before = beyond = 0
    unknown: dict[str, int] = {}
    billed: dict[str, dict[int, Decimal]] = {}
    counts: dict[str, int] = {}
    for group in groups:
        records += group.records
        if group.day == BEYOND_TERM or group.day >= offsets[-1]:
            beyond += group.records
        elif group.day < 0:  # BEFORE_START
            before += group.records
        else:
            name = group.name.strip()
            unit = mapping.get(name, name) if mapping else name
            if unit not in known:
                unknown[name] = unknown.get(name, 0) + group.records
                continue
            month = month_of_day(offsets, group.day)
            per_month = billed.setdefault(unit, {})
            per_month[month] = per_month.get(month, ZERO) + group.quantity
            counts[unit] = counts.get(unit, 0) + group.records
    return RecordedUsage(records, before, beyond, dict(sorted(unknown.items())), billed, counts)


class ShadowTerms(Frozen):
    """What a usage file does not record (a shadow vector's `quote`; the
    command's TERMS.json): seats, billing, discounts and, optionally, the
    packs bought each contract year by every plan that sells packs."""

    seats: Count = 0
    billing: Literal["monthly", "annual"] = "monthly"
    discounts: Discounts = Discounts()
    credit_packs_per_year: PackCounts | None = None


class ShadowPlan(NamedTuple):
    plan: str
    name: str
    quote: Quote
    """The quote priced: the recorded series on this plan (a rep can start
    a real quote from it)."""
    priced: PricedQuote


class ShadowResult(NamedTuple):
    start: dt.date
    term_months: int
    recorded: RecordedUsage
    series: Mapping[str, tuple[Decimal, ...]]
    """Per billed work unit, in catalog order: the exact sum for months 1..T."""
    plans: tuple[ShadowPlan, ...]
    cheapest: str
    """The plan with the lowest TCV (on a tie, the one listed first)."""


def _plain(value: Decimal) -> Decimal:
    """A sum without the trailing zeros of its 9 decimal places (exact)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal


def recorded_series(recorded: RecordedUsage, catalog: Catalog) -> tuple[int, dict[str, tuple[Decimal, ...]]]:
    """The term (the month of the last billed record) and the series of
    every catalog work unit with a billed record, in catalog order."""
    if not recorded.billed:
        raise InvalidInput(
            "",
            f"has no billed record ({recorded.records:,} read: {recorded.before_start:,} before the start, "
            f"{recorded.beyond_term:,} past month {MAX_TERM_MONTHS}, "
            f"{sum(recorded.unknown_work_units.values()):,} of work units the catalog does not have)",
        )
    term = max(max(months) for months in recorded.billed.values())
    series = {}
    for unit in catalog.work_units:
        if recorded.billed_records.get(unit.id):
            months = recorded.billed[unit.id]
            series[unit.id] = tuple(_plain(months.get(m, ZERO)) for m in range(1, term + 1))
    return term, series


def _quote(catalog: Catalog, plan_id: str, has_packs: bool, terms: ShadowTerms, term: int,
           series: Mapping[str, tuple[Decimal, ...]], start: dt.date, customer: str) -> Quote:
    packs: Any = 0
    if has_packs:
        packs = AUTO if terms.credit_packs_per_year is None else terms.credit_packs_per_year
    data = {
        "id": f"shadow-{plan_id}",
        "customer": Customer(name=customer),
        "plan": plan_id,
        "seats": terms.seats,
        "term_months": term,
        "billing": terms.billing,
        "usage": [UsageLine(work_unit=unit, series=values) for unit, values in series.items()],
        "credit_packs_per_year": packs,
        "discounts": terms.discounts,
        "start_date": start,
    }
    try:
        return Quote.model_validate(data)
    except ValidationError as error:
        raise describe(error) from None


def shadow_bill(catalog: Catalog, recorded: RecordedUsage, terms: ShadowTerms, start: dt.date,
                customer: str = "Shadow billing") -> ShadowResult:
    """Price the recorded usage under every plan of `catalog`, in catalog
    order: the series of PRICING.md 13, the given terms, no outcomes and no
    scenarios; `"auto"` packs for a plan that sells them unless packs are
    given (then for every such plan), 0 for the others. Raises
    `InvalidInput` (no billed record; packs that do not fit the term)."""
    term, series = recorded_series(recorded, catalog)
    plans = []
    for plan in catalog.plans:
        quote = _quote(catalog, plan.id, plan.credit_pack is not None, terms, term, series, start, customer)
        plans.append(ShadowPlan(plan.id, plan.name, quote, price_quote(catalog, quote)))
    cheapest = min(plans, key=lambda p: p.priced.totals.tcv)  # min keeps the first of equals
    return ShadowResult(start, term, recorded, series, tuple(plans), cheapest.plan)


def shadow_to_json(result: ShadowResult) -> dict[str, Any]:
    """The result as plain JSON data, with a shadow vector's `expected` at
    the same paths (PRICING.md 8): amounts as decimal strings."""
    recorded = result.recorded
    return {
        "start": result.start.isoformat(),
        "currency": result.plans[0].priced.currency,
        "term_months": result.term_months,
        "records": recorded.records,
        "before_start": recorded.before_start,
        "beyond_term": recorded.beyond_term,
        "unknown_work_units": dict(recorded.unknown_work_units),
        "billed_records": {unit: recorded.billed_records[unit] for unit in result.series},
        "usage": {unit: [number(v) for v in values] for unit, values in result.series.items()},
        "cheapest": result.cheapest,
        "plans": [
            {
                "plan": p.plan,
                "name": p.name,
                "cheapest": p.plan == result.cheapest,
                "tcv": amount(p.priced.totals.tcv),
                "list_tcv": amount(p.priced.totals.list_tcv),
                "acv": amount(p.priced.totals.acv),
                "credit_packs_per_year": list(p.priced.credit_packs_per_year),
                "months": [{"month": m.month, "total": amount(m.total)} for m in p.priced.months],
                "invoices": [{"month": i.month, "amount": amount(i.amount)} for i in p.priced.invoices],
            }
            for p in result.plans
        ],
    }
