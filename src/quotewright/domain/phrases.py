"""Sentences that hold figures: a warning or an approval reason says
"overage is {} of the year's spend", and carries the figure as a value.

The domain decides what a sentence says and which figures it names; it never
turns a number into text, and this module imports nothing that does. A
`Phrase` is a plain value, a template and its parts: every reader makes its
text with `formatting.format_phrase(phrase, locale)` (the terminal, the app,
the PDF), or `domain.report` writes it for JSON with its figures as plain
decimals. A phrase is deliberately not a `str`: text made without a locale
would be the default locale's, whatever the user chose.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple, Union


class Figure(NamedTuple):
    """A number (or a date) inside a sentence, with what kind it is."""

    kind: str  # "money" (with its currency), "percent" (already 2 decimals), "quantity" or "date"
    value: Decimal | dt.date
    currency: str = ""


def money_figure(value: Decimal, currency: str) -> Figure:
    return Figure("money", value, currency)


def percent_figure(value: Decimal) -> Figure:
    return Figure("percent", value)


def quantity_figure(value: Decimal | int) -> Figure:
    return Figure("quantity", Decimal(value))


def date_figure(value: dt.date) -> Figure:
    return Figure("date", value)


Part = Union[Figure, str]
"""What fills a slot: a `Figure`, or text (a name, a role) inserted as it is."""


class Phrase:
    """`template` with a `{}` slot for each of `parts`. Immutable, compared
    and hashed by value, so a priced result holding phrases stays a value."""

    __slots__ = ("template", "parts")
    template: str
    parts: tuple[Part, ...]

    def __init__(self, template: str, *parts: Part) -> None:
        if template.count("{}") != len(parts):
            raise ValueError(f"the phrase {template!r} has {template.count('{}')} slots for {len(parts)} parts")
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "parts", parts)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError("a Phrase cannot be changed")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.template, self.parts) == (other.template, other.parts)

    def __hash__(self) -> int:
        return hash((self.template, self.parts))

    def __repr__(self) -> str:
        return f"Phrase({', '.join(repr(item) for item in (self.template, *self.parts))})"

    __str__ = __repr__  # no text without a locale: readers call formatting.format_phrase

    def __reduce__(self):  # slots and a custom __init__: pickle and copy rebuild it from its parts
        return Phrase, (self.template, *self.parts)


Message = Union[Phrase, str]
"""A warning's message or an approval reason: a `Phrase`, or a sentence with
no figures in it (plain text, shown as it is)."""
