"""The priced result (PRICING.md section 6): every number a view, a
workbook or a proposal shows, already computed and rounded.

Readers format these values; they never add them up themselves. The few
sums computed on reading (a month's total) are exact in any decimal context.

The records are NamedTuples: immutable like frozen dataclasses, but a class
is built in a twentieth of the time, and the app builds them all at launch.
A `PricedCase` is the one exception: its figures may be computed when first
read (a scenario the summary does not show is never priced on a keystroke),
and once read they never change.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext
from types import MappingProxyType
from typing import Any, Callable, NamedTuple

from .money import EXACT, ZERO, exact_difference, exact_sum

LINE_NAMES = ("platform", "seats", "credit_packs", "overage", "outcomes")
COMMITTED_LINES = ("platform", "seats", "credit_packs")
"""What the customer commits to, as opposed to forecast usage."""


class Charge(NamedTuple):
    """One line's list and net amount, each rounded to minor units."""

    list: Decimal = ZERO
    net: Decimal = ZERO

    @property
    def discount(self) -> Decimal:
        return exact_difference(self.list, self.net)


NO_CHARGE = Charge()


class Lines(NamedTuple):
    """The five lines of a month (or their sums over a year or the term)."""

    platform: Charge = NO_CHARGE
    seats: Charge = NO_CHARGE
    credit_packs: Charge = NO_CHARGE
    overage: Charge = NO_CHARGE
    outcomes: Charge = NO_CHARGE

    def charge(self, name: str) -> Charge:
        return getattr(self, name)

    def net_amounts(self) -> dict[str, Decimal]:
        return {name: self.charge(name).net for name in LINE_NAMES}

    def list_amounts(self) -> dict[str, Decimal]:
        return {name: self.charge(name).list for name in LINE_NAMES}

    # The totals and sums below run for every month of every case (a
    # month's invoice, a year's lines), so they read the five charges by
    # position (the order of LINE_NAMES) instead of by name.
    @property
    def list_total(self) -> Decimal:
        (a, _), (b, _), (c, _), (d, _), (e, _) = self
        add = EXACT.add  # exact in any caller's context, without switching it
        return add(add(add(add(add(ZERO, a), b), c), d), e)  # as sum(..., ZERO) would

    @property
    def total(self) -> Decimal:
        (_, a), (_, b), (_, c), (_, d), (_, e) = self
        add = EXACT.add
        return add(add(add(add(add(ZERO, a), b), c), d), e)  # as sum(..., ZERO) would

    @property
    def discount(self) -> Decimal:
        return exact_difference(self.list_total, self.total)

    @property
    def committed(self) -> Charge:
        return Charge(
            exact_sum(self.charge(name).list for name in COMMITTED_LINES),
            exact_sum(self.charge(name).net for name in COMMITTED_LINES),
        )

    @staticmethod
    def summed(many: Sequence["Lines"]) -> "Lines":
        if not many:
            return Lines()
        with localcontext(EXACT):
            return Lines._make(
                Charge(sum([charge.list for charge in column], ZERO), sum([charge.net for charge in column], ZERO))
                for column in zip(*many)
            )


class UnitMonth(NamedTuple):
    """One work unit's forecast for a month: whole units, the credits they
    burn and their cost to serve (exact; the month's total is rounded)."""

    work_unit: str
    quantity: Decimal
    credits: Decimal
    cost_to_serve: Decimal


class OutcomeMonth(NamedTuple):
    """One outcome add-on in a month: the count, the schedule's exact amount,
    and the clamped, rounded list and net fees."""

    outcome: str
    count: Decimal
    amount: Decimal
    charge: Charge
    clamped: str  # "", "minimum" or "cap": what the contract limits did


class CreditFlow(NamedTuple):
    """Where a month's credits came from (PRICING.md section 5, steps 2-5)."""

    needed: Decimal
    included_pool: Decimal
    included_used: Decimal
    banked: Decimal
    pack_bought: Decimal
    pack_used: Decimal
    pack_balance: Decimal
    overage: Decimal


class MonthResult(NamedTuple):
    month: int
    year: int
    usage: tuple[UnitMonth, ...]
    outcomes: tuple[OutcomeMonth, ...]
    credits: CreditFlow
    lines: Lines
    cost_to_serve: Decimal
    overage_waived: Decimal = ZERO  # net overage the spend protection's cap took off (PRICING.md 10)

    @property
    def total(self) -> Decimal:
        return self.lines.total

    @property
    def list_total(self) -> Decimal:
        return self.lines.list_total


class YearResult(NamedTuple):
    year: int
    first_month: int
    month_count: int
    credit_packs: int
    pack_credits: Decimal
    credits_needed: Decimal
    overage_credits: Decimal
    breakage_credits: Decimal
    lines: Lines
    cost_to_serve: Decimal

    @property
    def total(self) -> Decimal:
        return self.lines.total

    @property
    def list_total(self) -> Decimal:
        return self.lines.list_total

    @property
    def discount(self) -> Decimal:
        return self.lines.discount


class Totals(NamedTuple):
    lines: Lines
    tcv: Decimal
    list_tcv: Decimal
    discount: Decimal
    effective_discount_percent: Decimal
    committed_tcv: Decimal
    committed_list_tcv: Decimal
    committed_discount_percent: Decimal
    acv: Decimal
    cost_to_serve: Decimal
    gross_margin: Decimal
    gross_margin_percent: Decimal
    breakage_credits: Decimal
    credits_needed: Decimal
    credits_included_used: Decimal
    credits_pack_used: Decimal
    overage_credits: Decimal
    overage_waived: Decimal = ZERO
    unallocated_revenue: Decimal = ZERO  # revenue of years whose usage needs no credits (PRICING.md 11)


class Invoice(NamedTuple):
    month: int
    amount: Decimal


class UnitSummary(NamedTuple):
    """A work unit over the whole term (internal: carries cost to serve)."""

    work_unit: str
    quantity: Decimal
    credits: Decimal
    cost_to_serve: Decimal


class UnitMargin(NamedTuple):
    """Revenue, cost and margin of one work unit over the term (PRICING.md
    11; internal, like all cost and margin)."""

    work_unit: str
    credits: Decimal
    revenue: Decimal
    cost_to_serve: Decimal
    gross_margin_percent: Decimal


class Alert(NamedTuple):
    """A credit alert: the month of the term in which a year's use first
    reaches `percent` of its allowance (PRICING.md 10)."""

    percent: Decimal
    year: int
    month: int


class OutcomeSummary(NamedTuple):
    """An outcome add-on over the whole term."""

    outcome: str
    count: Decimal
    charge: Charge
    months_at_minimum: int
    months_at_cap: int


CASE_FIELDS = ("months", "years", "totals", "invoices", "work_units", "outcomes", "alerts", "unit_margins")
"""A priced case's figures, in the order its equality compares them."""


class PricedCase:
    """The quote priced for one usage case: expected, or a scenario.

    Its name and multiplier are known at once; each other figure may be
    given, or be computed the first time it is read and kept (pricing runs on
    every keystroke, and a view reads only the figures it shows: a scenario's
    months, a case's invoices or its margin per work unit are often never
    read). `makers` maps a field to the function that computes it, in the
    exact context; computing is pure, so two threads that read a figure at
    once compute the same value.
    """

    __slots__ = ("name", "multiplier", "_values", "_makers")

    def __init__(self, name: str, multiplier: Decimal, *, makers: Mapping[str, Callable[[], Any]] | None = None,
                 **values: Any):
        unknown = set(values) - set(CASE_FIELDS) or set(makers or ()) - set(CASE_FIELDS)
        if unknown:
            raise TypeError(f"PricedCase has no field {sorted(unknown)[0]!r}")
        self.name, self.multiplier = name, multiplier
        self._makers = dict(makers or {})
        optional = {field: () for field in ("outcomes", "alerts", "unit_margins") if field not in self._makers}
        self._values = {**optional, **values}
        missing = set(CASE_FIELDS) - set(self._values) - set(self._makers)
        if missing:
            raise TypeError(f"PricedCase needs {sorted(missing)[0]!r} (a value or a maker)")

    def _read(self, field: str) -> Any:
        try:
            return self._values[field]
        except KeyError:
            pass
        maker = self._makers.get(field)
        if maker is None:  # another thread has just computed it
            return self._values[field]
        with localcontext(EXACT):
            value = maker()
        self._values[field] = value
        self._makers.pop(field, None)
        return value

    months = property(lambda self: self._read("months"), doc="tuple[MonthResult, ...]")
    years = property(lambda self: self._read("years"), doc="tuple[YearResult, ...]")
    totals = property(lambda self: self._read("totals"), doc="Totals")
    invoices = property(lambda self: self._read("invoices"), doc="tuple[Invoice, ...]")
    work_units = property(lambda self: self._read("work_units"), doc="tuple[UnitSummary, ...]")
    outcomes = property(lambda self: self._read("outcomes"), doc="tuple[OutcomeSummary, ...]")
    alerts = property(lambda self: self._read("alerts"), doc="tuple[Alert, ...]")
    unit_margins = property(lambda self: self._read("unit_margins"), doc="tuple[UnitMargin, ...]: PRICING.md 11")

    def figures(self) -> tuple:
        """Every field's value (each computed now if it was not yet)."""
        return (self.name, self.multiplier, *(self._read(field) for field in CASE_FIELDS))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PricedCase):
            return NotImplemented
        return self is other or self.figures() == other.figures()

    def __hash__(self) -> int:
        return hash((self.name, self.multiplier))

    def __repr__(self) -> str:
        known = ", ".join(f"{field}=..." for field in CASE_FIELDS if field not in self._makers)
        return f"PricedCase(name={self.name!r}, multiplier={self.multiplier!r}, {known})"


class PackChoice(NamedTuple):
    """How a year's credit pack count was decided, for the audit trail."""

    year: int
    packs: int
    auto: bool
    candidates_tried: int
    cost: Decimal  # the year's net credit_packs + overage at this count


class ApprovalResult(NamedTuple):
    level: str
    level_index: int
    max_discount_percent: Decimal
    reasons: tuple[str, ...]


class QuoteWarning(NamedTuple):
    code: str
    message: str
    year: int | None = None


class SpendTerms(NamedTuple):
    """The quote's spend protection as priced (PRICING.md 10), for the
    views and documents that show it."""

    overage_cap_monthly: Decimal | None
    alert_percents: tuple[Decimal, ...]


class PricedQuote(NamedTuple):
    quote_id: str
    customer: str
    catalog_name: str
    catalog_version: str
    currency: str
    minor_units: int
    plan: str
    term_months: int
    billing: str
    term_discount_percent: Decimal
    prepay_discount_percent: Decimal
    credit_packs_per_year: tuple[int, ...]
    pack_choices: tuple[PackChoice, ...]
    expected: PricedCase
    scenarios: Mapping[str, PricedCase] = MappingProxyType({})
    approval: ApprovalResult | None = None
    warnings: tuple[QuoteWarning, ...] = ()
    spend_protection: SpendTerms | None = None

    @property
    def months(self) -> tuple[MonthResult, ...]:
        return self.expected.months

    @property
    def years(self) -> tuple[YearResult, ...]:
        return self.expected.years

    @property
    def totals(self) -> Totals:
        return self.expected.totals

    @property
    def invoices(self) -> tuple[Invoice, ...]:
        return self.expected.invoices

    def case(self, name: str | None) -> PricedCase:
        """The expected case for None or "expected", else the named scenario."""
        if name in (None, "expected"):
            return self.expected
        return self.scenarios[name]
