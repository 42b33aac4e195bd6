"""The figures' text as the views show it, remembered: a keystroke reprices
the whole quote, but most of the forty-odd figures on screen (credits,
costs, the other lines' fees) come back with the same value, and writing a
figure through babel is the views' largest cost. The text is still made by
`quotewright.formatting` (the one place that turns numbers into text);
this only keeps what it wrote for the last few thousand values.

The key holds the value's digits and exponent, not only the value:
Decimal("1.5") and Decimal("1.50") are equal but need not read the same."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from ..formatting import format_money, format_percent, format_phrase, format_quantity

_LIMIT = 4096  # distinct figures kept; past it the memory starts again
_texts: dict[tuple, str] = {}


def _remembered(key: tuple, make: Callable[[], str]) -> str:
    text = _texts.get(key)
    if text is None:
        if len(_texts) >= _LIMIT:
            _texts.clear()
        text = _texts[key] = make()
    return text


def _digits(value) -> tuple:
    return value.as_tuple() if isinstance(value, Decimal) else (type(value), value)


def money_text(value: Decimal, currency: str, locale: str,
               write: Callable[[Decimal, str, str], str] = format_money) -> str:
    """`write` is `formatting.format_money` unless a view hands its own name
    for it (so a test can make the formatter fail where the view uses it)."""
    return _remembered(("money", _digits(value), currency, locale), lambda: write(value, currency, locale))


def percent_text(value: Decimal, locale: str) -> str:
    return _remembered(("percent", _digits(value), locale), lambda: format_percent(value, locale))


def quantity_text(value: Decimal, locale: str) -> str:
    return _remembered(("quantity", _digits(value), locale), lambda: format_quantity(value, locale))


def phrase_text(phrase, locale: str) -> str:
    """A warning or an approval reason (a `domain.phrases.Phrase`); its repr
    spells each figure's exact digits."""
    return _remembered(("phrase", repr(phrase), locale), lambda: format_phrase(phrase, locale))
