"""What a spend-protection edit means (PRICING.md 10): the monthly overage
cap and the alert percents a person types, as edits of the quote's
`spend_protection`. The quote's validators judge the values (a negative
cap, percents out of order or above 100); this module only turns text into
values and keeps the file tidy: protection that promises nothing (no cap,
no alerts) is removed, so the quote saves as it did before it had any.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Sequence

from ..domain.edits import MISSING, Compound, Edit, SetValue
from ..domain.errors import InvalidInput
from ..domain.quote import Quote
from ..domain.values import parse_decimal

PROTECTION = ("spend_protection",)
CAP_FIELD = "spend_protection.overage_cap_monthly"
ALERTS_FIELD = "spend_protection.alert_percents"
ALERTS_EXAMPLE = 'percents of a year\'s credits separated by commas, such as "50, 80, 100"'


def _protection(cap: Decimal | None, alerts: tuple[Decimal, ...]) -> object:
    if cap is None and not alerts:
        return MISSING
    value: dict = {"alert_percents": list(alerts)}
    if cap is not None:
        value["overage_cap_monthly"] = cap
    return value


def _unchanged(quote: Quote, cap: Decimal | None, alerts: tuple[Decimal, ...]) -> bool:
    current = quote.spend_protection
    if current is None:
        return cap is None and not alerts
    return current.overage_cap_monthly == cap and current.alert_percents == alerts


def set_overage_cap(quote: Quote, cap: Decimal | None) -> SetValue | None:
    """The most the customer's overage bill may be in a month; None: no cap.
    Always an edit of the whole protection, so the keystrokes of one typed
    cap (the first one starting the protection) merge into one undo step."""
    alerts = quote.spend_protection.alert_percents if quote.spend_protection else ()
    if _unchanged(quote, cap, alerts):
        return None
    return SetValue(PROTECTION, _protection(cap, alerts))


def parse_alert_percents(text: str) -> tuple[Decimal, ...]:
    """"50, 80, 100" (a "%" after a number is fine; empty: no alerts).
    Raises `InvalidInput` on the alert field for what is not a number; the
    quote then checks that they increase and lie in (0, 100]."""
    parts = [part.strip().rstrip("%").strip() for part in re.split(r"[,;]", text.strip().rstrip(",;"))]
    if len(parts) == 1 and not parts[0]:
        return ()
    values = []
    for index, part in enumerate(parts):
        if not part:
            raise InvalidInput(f"{ALERTS_FIELD}[{index}]", f"no number between the commas; type {ALERTS_EXAMPLE}")
        try:
            values.append(parse_decimal(part))
        except ValueError:
            raise InvalidInput(f"{ALERTS_FIELD}[{index}]", f"{part!r} is not a percent; type {ALERTS_EXAMPLE}") from None
    return tuple(values)


def set_alert_percents(quote: Quote, percents: Sequence[Decimal]) -> Edit | None:
    """The alert percents (the field is committed once typed, so each is a
    step of its own: never merged into the cap's keystrokes)."""
    cap = quote.spend_protection.overage_cap_monthly if quote.spend_protection else None
    alerts = tuple(percents)
    if _unchanged(quote, cap, alerts):
        return None
    if quote.spend_protection is not None and (cap is not None or alerts):
        return SetValue((*PROTECTION, "alert_percents"), list(alerts))
    return Compound((SetValue(PROTECTION, _protection(cap, alerts)),), "Set alert percents")


def type_alert_percents(quote: Quote, text: str) -> Edit | None:
    """The edit for the typed alert field (None when it says what the quote holds)."""
    return set_alert_percents(quote, parse_alert_percents(text))


def alert_percents_text(quote: Quote) -> str:
    percents = quote.spend_protection.alert_percents if quote.spend_protection else ()
    return ", ".join(f"{p.normalize():f}" for p in percents)
