"""Money: currencies, exact arithmetic and the one place that rounds.

Every amount in Quotewright is a `Decimal` (`values.parse_decimal` is the
door: it refuses floats). Arithmetic runs in `EXACT`, a context with so much
precision that products and sums never round, and that traps if anything
would. Rounding happens only through the functions below, for the engine and
for every display (a chart's whole credits use `round_whole` too).
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    localcontext,
)
from typing import Iterable

# Enough digits for a 40-character growth rate compounded over 120 months.
_EXACT_DIGITS = 20_000

EXACT = Context(
    prec=_EXACT_DIGITS,
    rounding=ROUND_HALF_UP,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact, Rounded],
)
"""Arithmetic context for pricing: an inexact result is a bug, so it raises."""

_ROUNDING = Context(prec=_EXACT_DIGITS, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Overflow])

# ISO 4217 active currencies and their minor units (digits after the point).
_ZERO_DECIMALS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DECIMALS = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DECIMALS = "CLF UYW"
_TWO_DECIMALS = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL "
    "BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP "
    "DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR "
    "ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD "
    "MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN "
    "PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP "
    "STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES "
    "WST XCD XCG YER ZAR ZMW ZWG"
)

MINOR_UNITS: dict[str, int] = {
    **{code: 2 for code in _TWO_DECIMALS.split()},
    **{code: 0 for code in _ZERO_DECIMALS.split()},
    **{code: 3 for code in _THREE_DECIMALS.split()},
    **{code: 4 for code in _FOUR_DECIMALS.split()},
}

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def minor_units(currency: str) -> int:
    """Digits after the decimal point for an ISO 4217 currency code."""
    return MINOR_UNITS[currency]


_QUANTA = {places: ONE.scaleb(-places) for places in range(0, 9)}


def _quantum(places: int) -> Decimal:
    return _QUANTA.get(places) or ONE.scaleb(-places)


def round_money(amount: Decimal, places: int) -> Decimal:
    """Half away from zero: the same rule as the spreadsheet's ROUND."""
    # Positional arguments and the quantum looked up here: this runs for
    # every line of every month of every case.
    quantum = _QUANTA.get(places) or ONE.scaleb(-places)
    return amount.quantize(quantum, ROUND_HALF_UP, _ROUNDING)


def round_whole(quantity: Decimal) -> Decimal:
    """A forecast quantity in whole units, half away from zero."""
    return round_money(quantity, 0)


def round_wholes(quantities: Iterable[Decimal]) -> list[Decimal]:
    """round_whole of each quantity: the forecast rounds every unit-month,
    so the loop avoids a call per value."""
    quantize, one, context = Decimal.quantize, ONE, _ROUNDING
    return [quantize(q, one, ROUND_HALF_UP, context) for q in quantities]


def round_percent(value: Decimal) -> Decimal:
    """Percentages are reported to 2 decimals, rounded like money."""
    return round_money(value, 2)


def round_ratio(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    """numerator / denominator, rounded half away from zero, computed exactly.

    Decimal division can be endless (ACV over a 7-month term), so the quotient
    is computed in integers and rounded once, never twice.
    """
    # The quotient as one integer ratio (each Decimal is exactly n / d), as
    # a Fraction would hold it but unreduced (no gcd): the rounding looks
    # only at the remainder's share of the divisor, which reducing keeps.
    top, bottom = numerator.as_integer_ratio()
    over, under = denominator.as_integer_ratio()
    dividend, divisor = top * under * 10**places, bottom * over
    whole, remainder = divmod(abs(dividend), abs(divisor))
    if 2 * remainder >= abs(divisor):
        whole += 1
    signed = -whole if (dividend < 0) != (divisor < 0) and dividend else whole
    return Decimal(signed).scaleb(-places, context=_ROUNDING).quantize(_quantum(places), context=_ROUNDING)


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole * 100 to 2 decimals; 0 when the whole is 0."""
    if whole == 0:
        return round_percent(ZERO)
    return round_ratio(part * HUNDRED, whole, 2)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of `values`, whatever the caller's decimal context.

    The priced result's totals are properties read by exporters and views,
    which run in Python's default 28-digit context: a plain `sum` there
    would silently round a figure past 28 digits.
    """
    with localcontext(EXACT):
        return sum(values, ZERO)


def exact_difference(left: Decimal, right: Decimal) -> Decimal:
    """left - right, exactly, whatever the caller's decimal context."""
    return EXACT.subtract(left, right)


def factor(percent: Decimal) -> Decimal:
    """The multiplier that takes `percent` off: 10 -> 0.9 (exact)."""
    return EXACT.subtract(ONE, EXACT.scaleb(percent, -2))
