"""Sentences that hold figures: a warning or an approval reason says
"overage is {} of the year's spend", and carries the figure as a value.

The domain decides what a sentence says and which figures it names; it never
turns a number into text. `formatting.format_phrase` does, in any locale:
each front end shows a phrase in the user's locale from its figures. A
`Phrase` is also a `str`, the sentence in the default locale (made by that
same function), so a reader that only prints it needs nothing else.
"""

from decimal import Decimal
from typing import NamedTuple


class Figure(NamedTuple):
    """A number inside a sentence, with what kind of number it is."""

    kind: str  # "money" (with its currency), "percent" (already 2 decimals) or "quantity"
    value: Decimal
    currency: str = ""


def money_figure(value: Decimal, currency: str) -> Figure:
    return Figure("money", value, currency)


def percent_figure(value: Decimal) -> Figure:
    return Figure("percent", value)


def quantity_figure(value: Decimal | int) -> Figure:
    return Figure("quantity", Decimal(value))


class Phrase(str):
    """`template` with a `{}` slot for each of `parts`: a `Figure`, or text
    (a name, a role) that is inserted as it is."""

    template: str
    parts: tuple

    def __new__(cls, template: str, *parts: Figure | str) -> "Phrase":
        # The display layer makes the default text; it is imported here, not
        # at module level, because formatting itself reads the domain's money.
        from ..formatting import format_phrase

        text = format_phrase(_Unformatted(template, parts))
        phrase = super().__new__(cls, text)
        phrase.template, phrase.parts = template, parts
        return phrase

    def __reduce__(self):  # a str subclass with attributes: pickle and copy rebuild it
        return Phrase, (self.template, *self.parts)


class _Unformatted(NamedTuple):
    template: str
    parts: tuple
