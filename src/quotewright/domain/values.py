"""Value types shared by the catalog and quote models.

Numbers arrive as decimal strings (or JSON integers) and become `Decimal`;
floats, NaN and infinity are refused with a message that says why, and a
negative zero becomes zero. Strings carry length limits so a runaway file
cannot make the app crawl, and no text holds control characters (long texts
keep tab and newline), Unicode non-characters or unpaired surrogates.
"""

import re
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

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
        return _unsigned(value)
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_CHARS:
            raise ValueError(f"has more than {MAX_NUMBER_CHARS} characters; not a sensible number")
        if not _DECIMAL_TEXT.fullmatch(value):
            raise ValueError(f"{value!r} is not a decimal number (write it like \"12.50\")")
        return _unsigned(Decimal(value))
    raise ValueError(f"must be a decimal string, not {type(value).__name__}")


def _unsigned(value: Decimal) -> Decimal:
    """"-0" and "-0.00" are zero: a negative zero would pass as a non-negative
    price and print as "-0.00" on every line it reaches."""
    return value.copy_abs() if value.is_zero() else value


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

# Characters no text field may hold. Unicode non-characters (U+FFFE, U+FFFF,
# U+FDD0-U+FDEF and the last two code points of every plane) are not allowed
# in XML, so a workbook holding one cannot be read back; an unpaired surrogate
# cannot be written as UTF-8 at all.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_SURROGATES = "\ud800-\udfff"
# C0 controls, DEL and C1 controls (ESC, BEL, NUL...): printed, they drive the
# terminal; in a PDF's metadata, they corrupt it. Long texts keep line breaks.
_CONTROLS = "\x00-\x1f\x7f-\x9f"
_LONG_TEXT_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # all but tab and newline

_FORBIDDEN_KIND = (
    (re.compile(f"[{_SURROGATES}]"), "an unpaired surrogate"),
    (re.compile(f"[{_NONCHARACTERS}]"), "Unicode non-characters"),
)
_FORBIDDEN = re.compile(f"[{_CONTROLS}{_SURROGATES}{_NONCHARACTERS}]")
_FORBIDDEN_LONG = re.compile(f"[{_LONG_TEXT_CONTROLS}{_SURROGATES}{_NONCHARACTERS}]")


def _refuse_characters(text: str, forbidden: re.Pattern[str]) -> str:
    """Name the first forbidden character and where it is (1-based)."""
    found = forbidden.search(text)
    if found is None:
        return text
    char = found.group()
    what = next((kind for pattern, kind in _FORBIDDEN_KIND if pattern.fullmatch(char)), "control characters")
    raise PydanticCustomError(
        "quotewright", "{message}",
        {"message": f"must not hold {what} (U+{ord(char):04X} at position {found.start() + 1})"},
    )


def plain_text(text: str) -> str:
    """Refuse control characters, non-characters and surrogates."""
    return _refuse_characters(text, _FORBIDDEN)


def long_text(text: str) -> str:
    """Like `plain_text`, but tab and newline are kept (addresses, notes)."""
    return _refuse_characters(text, _FORBIDDEN_LONG)


def identifier(text: str) -> str:
    """An id has no surrounding spaces (and, like any text, no control
    characters), so "basic " and "basic" are never two plans."""
    plain_text(text)
    if text != text.strip() or not text.strip():
        raise PydanticCustomError(
            "quotewright", "{message}", {"message": "must not be blank or start or end with spaces"}
        )
    return text


def patterned(pattern: str, message: str, **constraints: Any) -> Any:
    """A text type that must match `pattern`, refused with `message` (a true
    reason, such as "must be 64 lower-case hexadecimal digits") rather than
    pydantic's generic pattern error. The JSON Schema keeps the pattern."""
    compiled = re.compile(pattern)

    def check(text: str) -> str:
        if not compiled.fullmatch(text):
            raise PydanticCustomError("quotewright", "{message}", {"message": message})
        return text

    return Annotated[
        str,
        StringConstraints(**constraints),
        AfterValidator(check),
        Field(json_schema_extra={"pattern": pattern}),
    ]


Identifier = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    AfterValidator(identifier),
    Field(json_schema_extra={"pattern": r"^[^\s\x00-\x1f](?:[^\x00-\x1f]*[^\s\x00-\x1f])?$"}),
]
"""An id: 1-64 characters, no control characters, no surrounding spaces."""

Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(plain_text)]
ShortText = Annotated[str, StringConstraints(max_length=200), AfterValidator(plain_text)]
LongText = Annotated[str, StringConstraints(max_length=5000), AfterValidator(long_text)]
"""Descriptions, addresses and notes: may hold tab and newline."""

SHA256_HEX = patterned(r"^[0-9a-f]{64}$", "must be 64 lower-case hexadecimal digits (a SHA-256)")


class Frozen(BaseModel):
    """Base of every domain model: immutable, and unknown fields are errors
    (a typo in a price book must not be silently ignored).

    `defer_build`: a model's validator is built when it first validates, not
    when its class is defined. Nested models are validated through their
    parent's validator, so most never need one of their own: importing the
    domain went from about 330 to 215 ms of CPU at start-up (measured
    interleaved, issue 10), identical behaviour."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


def rebuilt(model: BaseModel, **changes: Any) -> Any:
    """A copy of a frozen model with `changes`, validated again.

    `model_copy(update=...)` skips validation; edits must not.
    """
    data = model.model_dump()
    data.update(changes)
    return type(model).model_validate(data)
