"""The figures' text as a view shows it, remembered: a keystroke reprices
the whole quote, but most of the forty-odd figures on screen (credits,
costs, the other lines' fees) come back with the same value, and writing a
figure through babel is the views' largest cost. The text is still made by
`quotewright.formatting` (the one place that turns numbers into text);
this only keeps what it wrote for the last few thousand values. Each view
keeps its own (`FigureTexts()`), so nothing outlives the window.

The key holds the value's digits and exponent, not only the value:
Decimal("1.5") and Decimal("1.50") are equal but need not read the same."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from ..formatting import format_money, format_percent, format_phrase, format_quantity

LIMIT = 4096  # distinct figures kept; past it the memory starts again


def _digits(value) -> tuple:
    return value.as_tuple() if isinstance(value, Decimal) else (type(value), value)


class FigureTexts:
    def __init__(self) -> None:
        self._texts: dict[tuple, str] = {}

    def _remembered(self, key: tuple, make: Callable[[], str]) -> str:
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) >= LIMIT:
                self._texts.clear()
            text = self._texts[key] = make()
        return text

    def money(self, value: Decimal, currency: str, locale: str,
              write: Callable[[Decimal, str, str], str] = format_money) -> str:
        """`write` is `formatting.format_money` unless a view hands its own name
        for it (so a test can make the formatter fail where the view uses it)."""
        return self._remembered(("money", _digits(value), currency, locale), lambda: write(value, currency, locale))

    def percent(self, value: Decimal, locale: str) -> str:
        return self._remembered(("percent", _digits(value), locale), lambda: format_percent(value, locale))

    def quantity(self, value: Decimal, locale: str) -> str:
        return self._remembered(("quantity", _digits(value), locale), lambda: format_quantity(value, locale))

    def phrase(self, phrase, locale: str) -> str:
        """A warning or an approval reason (a `domain.phrases.Phrase`); its repr
        spells each figure's exact digits."""
        return self._remembered(("phrase", repr(phrase), locale), lambda: format_phrase(phrase, locale))
