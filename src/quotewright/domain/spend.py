"""Spend protection (PRICING.md section 10): whether the overage cap fits the
currency, the cap inside the auto-pack search, credit alerts, and the two
warnings (the cap waives overage; a year's credits run out early).

The capped overage line itself is a charge: `charges.Terms.capped_overage`.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .errors import InvalidInput
from .money import HUNDRED, ZERO, round_money
from .quote import Quote
from .result import Alert, PricedCase, QuoteWarning, YearResult

if TYPE_CHECKING:
    from .charges import Terms

CAP_FIELD = "spend_protection.overage_cap_monthly"


def check_spend_protection(quote: Quote, currency: str, places: int) -> None:
    """The cap is money in the catalog's currency: no more decimals than its
    minor units (trailing zeros aside: "60.00" yen is 60 yen)."""
    protection = quote.spend_protection
    if protection is None or protection.overage_cap_monthly is None:
        return
    cap = protection.overage_cap_monthly
    if round_money(cap, places) != cap:
        unit = "whole units" if places == 0 else f"{places} decimal place{'s' if places > 1 else ''}"
        raise InvalidInput(CAP_FIELD, f"{cap} has more decimals than {currency} money has ({unit})")


def capped(value, cap: Decimal | None):
    """min(value, cap) for a Decimal or Fraction bound; no cap, no change."""
    return value if cap is None or value <= cap else cap


def cap_cut(terms: "Terms", cumulative: list[Decimal], first: int, last: int) -> int | None:
    """The first pack count in (first, last] at which the partly served
    month's net overage falls to the cap or below, or None if the cap does
    not cross it there.

    The auto-pack search (packs.py) prices pieces of pack counts on which the
    overage is linear; min(overage, cap) is linear only on each side of the
    crossing, so a piece that straddles it is cut in two there.
    """
    cap = terms.overage_cap
    if cap is None or first == last:
        return None
    size = terms.plan.credit_pack.size
    covered = bisect_right(cumulative, first * size)
    if covered == len(cumulative) or bisect_right(cumulative, last * size) != covered:
        return None

    def uncapped(packs: int) -> Fraction:
        short = cumulative[covered] - packs * size
        return Fraction(terms.plan.overage.linear_floor(short)) * Fraction(terms.overage_factor)

    start, end, limit = uncapped(first), uncapped(last), Fraction(cap)
    if start <= limit or end > limit:
        return None
    # Linear between the two ends (the caller's pieces are); checked exactly
    # either side, so a rounding of the estimate cannot misplace the cut.
    cut = first + max(1, -(-(start - limit) * (last - first) // (start - end)))
    cut = min(cut, last)
    while cut - 1 > first and uncapped(cut - 1) <= limit:
        cut -= 1
    while cut < last and uncapped(cut) > limit:
        cut += 1
    return cut


def allowance(year: YearResult, included_credits: Decimal) -> Decimal:
    """A contract year's credits: included for each of its months, plus the
    packs bought at its start."""
    return included_credits * year.month_count + year.pack_credits


def credit_alerts(
    months, years: list[YearResult], included_credits: Decimal, percents: tuple[Decimal, ...]
) -> tuple[Alert, ...]:
    """Each percent fires in the first month of a year whose use so far
    reaches that share of the year's allowance: at most once a year, never
    in a year with no allowance; in firing order, lower percent first."""
    alerts: list[Alert] = []
    if not percents:
        return ()
    for year in years:
        available = allowance(year, included_credits)
        if available == 0:
            continue
        pending = list(percents)
        used = ZERO
        for month in months[year.first_month - 1 : year.first_month - 1 + year.month_count]:
            used += month.credits.needed
            while pending and used * HUNDRED >= available * pending[0]:
                alerts.append(Alert(pending.pop(0), year.year, month.month))
            if not pending:
                break
    return tuple(alerts)


def spend_warnings(quote: Quote, case: PricedCase, included_credits: Decimal, money) -> tuple[QuoteWarning, ...]:
    """The expected case's spend-protection warnings: the cap waives overage
    (with the total over the term), and a year's credits run out before its
    last month (naming that month). Only for a quote with spend protection,
    so a quote without it warns exactly as before."""
    if quote.spend_protection is None:
        return ()
    found = []
    waived = case.totals.overage_waived
    if waived > 0:
        months = sum(1 for month in case.months if month.overage_waived > 0)
        found.append(
            QuoteWarning(
                "overage_capped",
                f"The overage cap of {money(quote.spend_protection.overage_cap_monthly)} a month waives "
                f"{money(waived)} of overage over the term, in {months} month{'s' if months != 1 else ''} of the "
                "expected usage; the credits are still served and still cost to serve.",
            )
        )
    for year in case.years:
        available = allowance(year, included_credits)
        if available == 0 or year.month_count < 2:
            continue
        used = ZERO
        last = year.first_month + year.month_count - 1
        for month in case.months[year.first_month - 1 : last - 1]:  # every month before the year's last
            used += month.credits.needed
            if used >= available:
                found.append(
                    QuoteWarning(
                        "credits_run_out",
                        f"Year {year.year}: the expected usage uses up the year's {_credits(available)} credits in month "
                        f"{month.month}, before the year's last month ({last}); the rest of the year is overage.",
                        year.year,
                    )
                )
                break
    return tuple(found)


def _credits(value: Decimal) -> str:
    """A credit count for a sentence: thousands separators, no exponent, no
    trailing zeros ("24,000", "6.5")."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
