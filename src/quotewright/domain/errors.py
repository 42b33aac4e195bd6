"""Domain errors and the one-line description of what is wrong and where.

A message always names the field by its path in the file, such as
`plans[1].overage.tiers[2].up_to`, so a person can find it.
"""

from __future__ import annotations

from typing import Any, Iterable

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

SCHEDULE_MODES = ("per_unit", "graduated", "volume", "package")


class InvalidInput(ValueError):
    """Input that breaks a rule, with the path of the field at fault."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def field_error(subpath: str, message: str) -> PydanticCustomError:
    """An error raised inside a validator that points below the validated
    field: `tiers` + `[2].up_to` reads `tiers[2].up_to`."""
    return PydanticCustomError("quotewright", "{message}", {"subpath": subpath, "message": message})


def join_path(parts: Iterable[str | int]) -> str:
    """('plans', 1, 'overage', 'tiers') -> 'plans[1].overage.tiers'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _location(error: dict[str, Any]) -> str:
    # A tagged union puts its tag ("graduated") into the location; a reader
    # of the file never sees that key, so it is dropped.
    parts = [p for p in error["loc"] if not (isinstance(p, str) and p in SCHEDULE_MODES)]
    path = join_path(parts)
    subpath = (error.get("ctx") or {}).get("subpath", "")
    if subpath:
        path = path + subpath if subpath.startswith("[") or not path else f"{path}.{subpath}"
    return path


_PLAIN_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a field Quotewright knows (a typo?)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "string_type": "must be text",
    "string_unicode": "must not hold an unpaired surrogate (not valid Unicode text)",
    "string_too_short": "must not be empty",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "list_type": "must be a list",
    "date_type": "must be a date such as 2026-12-31",
    "date_parsing": "must be a date such as 2026-12-31",
    "date_from_datetime_parsing": "must be a date such as 2026-12-31",
    "union_tag_not_found": "needs a 'mode' (one of per_unit, graduated, volume, package)",
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _PLAIN_MESSAGES:
        return _PLAIN_MESSAGES[kind]
    if kind == "string_too_long":
        return f"is longer than {ctx['max_length']} characters"
    if kind == "string_pattern_mismatch":
        # Fields with a pattern give their own reason (values.patterned); this
        # is the fallback, and it must not guess at one.
        return f"does not have the expected form (the pattern {ctx.get('pattern', '')})"
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "greater_than":
        return f"must be greater than {ctx['gt']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    if kind == "too_short":
        return f"must have at least {ctx['min_length']} item(s)"
    if kind == "too_long":
        return f"must have at most {ctx['max_length']} item(s)"
    if kind == "union_tag_invalid":
        return f"unknown mode {ctx['tag']!r}; expected one of per_unit, graduated, volume, package"
    if kind == "literal_error":
        return f"must be {ctx['expected']}"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message[:1].lower() + message[1:]


def describe(error: ValidationError) -> InvalidInput:
    """The first problem of a pydantic error as an `InvalidInput`, with a
    count of the others so nothing is hidden."""
    problems = error.errors(include_url=False)
    first = problems[0]
    message = _message(first)
    if len(problems) > 1:
        message += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
    return InvalidInput(_location(first), message)


def require_unique(keys: list[str], field: str, problem: str = "is a duplicate") -> None:
    """Raise for the first key seen before, pointing at `[index].field`."""
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if key in seen:
            raise field_error(f"[{index}].{field}", f"{key!r} {problem}")
        seen.add(key)
