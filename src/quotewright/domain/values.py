"""Value types shared by the catalog and quote models.

Numbers arrive as decimal strings (or JSON integers) and become `Decimal`;
floats, NaN and infinity are refused with a message that says why. Strings
carry length limits so a runaway file cannot make the app crawl.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le
from pydantic import (
    BaseModel,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

MAX_NUMBER_CHARS = 40
_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class FloatLiteral(str):
    """A JSON number with a fraction or exponent, kept as its text so the
    model can refuse it with the field's path instead of losing cents."""


class NonFiniteLiteral(str):
    """NaN, Infinity or -Infinity as written in a JSON file."""


def parse_decimal(value: Any) -> Decimal:
    """Turn an input value into a finite Decimal or raise ValueError."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    if isinstance(value, (float, FloatLiteral)):
        raise ValueError(
            'must be a decimal string such as "0.0065", not a JSON number with '
            "a fraction (floats cannot hold money exactly)"
        )
    if isinstance(value, NonFiniteLiteral):
        raise ValueError("must be a finite number, not NaN or infinity")
    if isinstance(value, int):
        if len(str(abs(value))) > MAX_NUMBER_CHARS:
            raise ValueError(f"has more than {MAX_NUMBER_CHARS} digits")
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("must be a finite number, not NaN or infinity")
        return value
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_CHARS:
            raise ValueError(f"has more than {MAX_NUMBER_CHARS} characters; not a sensible number")
        if not _DECIMAL_TEXT.fullmatch(value):
            raise ValueError(f"{value!r} is not a decimal number (write it like \"12.50\")")
        return Decimal(value)
    raise ValueError(f"must be a decimal string, not {type(value).__name__}")


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain text, never in exponent notation."""
    return format(value, "f")


_DECIMAL_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "maxLength": MAX_NUMBER_CHARS},
        {"type": "integer"},
    ]
}

Dec = Annotated[
    Decimal,
    PlainValidator(parse_decimal),
    PlainSerializer(decimal_text, return_type=str, when_used="json"),
    WithJsonSchema(_DECIMAL_SCHEMA),
]
"""Any finite decimal."""

NonNegative = Annotated[Dec, Ge(0)]
Positive = Annotated[Dec, Gt(0)]
Percent = Annotated[Dec, Ge(0), Le(100)]

Count = Annotated[int, Strict(), Ge(0), Le(1_000_000_000)]
"""A whole number of things (seats, packs): a JSON integer, not 12.0 or true."""

Score = Annotated[int, Strict(), Ge(1), Le(5)]

Identifier = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\s\x00-\x1f](?:[^\x00-\x1f]*[^\s\x00-\x1f])?$")
]
"""An id: 1-64 characters, no control characters, no surrounding spaces."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=5000)]


class Frozen(BaseModel):
    """Base of every domain model: immutable, and unknown fields are errors
    (a typo in a price book must not be silently ignored)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def rebuilt(model: BaseModel, **changes: Any) -> Any:
    """A copy of a frozen model with `changes`, validated again.

    `model_copy(update=...)` skips validation; edits must not.
    """
    data = model.model_dump()
    data.update(changes)
    return type(model).model_validate(data)
