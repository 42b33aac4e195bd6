"""Line charges (PRICING.md section 5, steps 6-7, and the overage cap of
section 10): each line's list and net amount with the quote's compounding
discounts, rounded once per line.

A line whose quantity is 0 bills 0 without evaluating its schedule; an
outcome's minimum is the one exception.
"""

from decimal import Decimal
from typing import NamedTuple

from .catalog import Catalog, Outcome, Plan
from .money import ZERO, factor, round_money
from .quote import Quote
from .result import NO_CHARGE, Charge, OutcomeMonth
from .schedules import AnySchedule
from .term import contract_years, year_month_indexes


class Terms(NamedTuple):
    """Everything about a quote that does not change from month to month."""

    plan: Plan
    places: int
    term_months: int
    annual_billing: bool
    term_discount_percent: Decimal
    prepay_discount_percent: Decimal
    subscription_factor: Decimal
    pack_factor: Decimal
    overage_factor: Decimal
    outcome_factor: Decimal
    outcomes: tuple[Outcome, ...]  # in the quote's order
    platform: Charge
    seats: Charge
    overage_cap: Decimal | None = None  # the most a month's overage bills, list and net (PRICING.md 10)

    @classmethod
    def of(cls, catalog: Catalog, quote: Quote) -> "Terms":
        plan = catalog.plan(quote.plan)
        places = catalog.minor_units
        discounts = quote.discounts
        term_percent = catalog.term_discount_percent(quote.term_months)
        prepay_percent = catalog.prepay_discount_percent if quote.billing == "annual" else ZERO
        subscription = factor(discounts.subscription_percent) * factor(term_percent) * factor(prepay_percent)
        billable_seats = max(0, max(quote.seats, plan.min_seats) - plan.included_seats)
        return cls(
            plan=plan,
            places=places,
            term_months=quote.term_months,
            annual_billing=quote.billing == "annual",
            term_discount_percent=term_percent,
            prepay_discount_percent=prepay_percent,
            subscription_factor=subscription,
            pack_factor=factor(discounts.credit_packs_percent) * factor(term_percent),
            overage_factor=factor(discounts.overage_percent),
            outcome_factor=factor(discounts.outcomes_percent),
            outcomes=tuple(catalog.outcome(line.outcome) for line in quote.outcomes),
            platform=_charge(plan.platform_fee, subscription, places),
            seats=_scheduled(plan.seat_price, Decimal(billable_seats), subscription, places),
            overage_cap=quote.spend_protection.overage_cap_monthly if quote.spend_protection else None,
        )

    @property
    def years(self) -> int:
        return contract_years(self.term_months)

    def year_months(self, year: int) -> range:
        """The 0-based month indexes of contract year `year` (1-based)."""
        return year_month_indexes(year, self.term_months)

    def pack_credits(self, packs: int) -> Decimal:
        pack = self.plan.credit_pack
        return ZERO if pack is None else packs * pack.size

    def pack_charge(self, packs: int) -> Charge:
        """The year's credit_packs line: the price schedule on the credits bought."""
        pack = self.plan.credit_pack
        if pack is None or packs == 0:
            return NO_CHARGE
        return _scheduled(pack.price, packs * pack.size, self.pack_factor, self.places)

    def pack_net(self, packs: int) -> Decimal:
        """pack_charge(packs).net without the list amount (the auto-pack
        search prices thousands of counts and compares only net)."""
        pack = self.plan.credit_pack
        if pack is None or packs == 0:
            return ZERO
        return round_money(pack.price.amount(packs * pack.size) * self.pack_factor, self.places)

    def overage_net(self, credits: Decimal) -> Decimal:
        """overage_charge(credits).net, the same way (the cap included)."""
        if credits == 0:
            return ZERO
        net = self.plan.overage.amount(credits) * self.overage_factor
        if self.overage_cap is not None and net > self.overage_cap:
            net = self.overage_cap
        return round_money(net, self.places)

    def overage_charge(self, credits: Decimal) -> Charge:
        return self.capped_overage(credits)[0]

    def capped_overage(self, credits: Decimal) -> tuple[Charge, Decimal]:
        """The month's overage line and what the cap waived: list = min(a,
        cap), net = min(a * (1 - discount), cap), each rounded; waived =
        round(net before the cap) - round(net after it). The cap is
        contractual, so like an outcome's cap it bounds the list amount too."""
        if credits == 0:
            return NO_CHARGE, ZERO
        amount = self.plan.overage.amount(credits)
        net = amount * self.overage_factor
        cap = self.overage_cap
        if cap is None or net <= cap and amount <= cap:
            return _charge(amount, self.overage_factor, self.places), ZERO
        uncapped = round_money(net, self.places)
        charge = Charge(round_money(min(amount, cap), self.places), round_money(min(net, cap), self.places))
        return charge, uncapped - charge.net

    def outcome_charges(self, counts: tuple[Decimal, ...]) -> tuple[OutcomeMonth, ...]:
        factor, places = self.outcome_factor, self.places
        return tuple([_outcome_charge(outcome, count, factor, places) for outcome, count in zip(self.outcomes, counts)])


def _charge(list_amount: Decimal, discount_factor: Decimal, places: int) -> Charge:
    return Charge(round_money(list_amount, places), round_money(list_amount * discount_factor, places))


def _scheduled(schedule: AnySchedule | None, quantity: Decimal, discount_factor: Decimal, places: int) -> Charge:
    if schedule is None or quantity == 0:
        return NO_CHARGE
    return _charge(schedule.amount(quantity), discount_factor, places)


def _outcome_charge(outcome: Outcome, count: Decimal, discount_factor: Decimal, places: int) -> OutcomeMonth:
    amount = outcome.price.amount(count) if count else ZERO
    net_exact = amount * discount_factor
    clamped = ""
    if amount < outcome.minimum_monthly or net_exact < outcome.minimum_monthly:
        clamped = "minimum"
    if outcome.cap_monthly is not None and amount > outcome.cap_monthly:
        clamped = "cap"

    # Clamped into [minimum, cap], written out rather than as a closure: this
    # runs for every outcome in every month of every case.
    low, cap = outcome.minimum_monthly, outcome.cap_monthly
    clamped_list, clamped_net = max(amount, low), max(net_exact, low)
    if cap is not None:
        clamped_list, clamped_net = min(clamped_list, cap), min(clamped_net, cap)
    charge = Charge(round_money(clamped_list, places), round_money(clamped_net, places))
    return OutcomeMonth(outcome.id, count, amount, charge, clamped)
