"""Ramps: a usage or outcome line typed as steps ("from month 4: 20,000",
optionally growing after a step) and written into the line's month-by-month
`series` (PRICING.md 9), and the series following a term change.

The quote stores only the series, so the steps are read back from it
(`steps_of`): a run of equal months is one step; a run that grows by one
steady percentage (two decimals, as the editor writes it) is one step with
growth. A longer term continues the last step (its growth too), a shorter
one cuts the series; the months kept are never rewritten.

Ramp values are whole units (`money.round_whole`): the engine counts whole
units (5.1), and a whole series scaled by a scenario multiplier rounds once,
as a `monthly` line does.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext
from typing import NamedTuple, Sequence

from ..domain.edits import Compound, Edit, SetValue
from ..domain.errors import InvalidInput
from ..domain.money import EXACT, HUNDRED, ONE, ZERO, round_money, round_whole
from ..domain.quote import MAX_TERM_MONTHS, Quote
from . import commands

LINE_KEYS = ("usage", "outcomes")
GROWTH_PLACES = 2  # the editor's growth: "2.5" %/month, read back to the same two decimals
EXAMPLE = 'one step a line, such as "1,000", "from month 4: 20,000" or "from month 7: 20,000 growing 5%"'
_STEP = re.compile(
    r"^(?:(?:from\s+)?month\s+(?P<month>[0-9]+)\s*:?\s*)?(?P<value>[0-9][0-9,_]*(?:\.[0-9]+)?)"
    r"(?:\s*,?\s*(?:growing|growth|\+)\s*(?P<growth>[+-]?[0-9]+(?:\.[0-9]+)?)\s*%?(?:\s*/\s*month|\s+a\s+month)?)?$",
    re.IGNORECASE,
)


class RampStep(NamedTuple):
    """From `from_month` on (1..T), `monthly` units, growing `growth_percent`
    a month (compound) until the next step."""

    from_month: int
    monthly: Decimal
    growth_percent: Decimal = ZERO


# --- steps -> series ----------------------------------------------------------------------------
def check_steps(steps: Sequence[RampStep], months: int, field: str = "series") -> tuple[RampStep, ...]:
    """The steps in order, or `InvalidInput` on `field` naming the step."""
    if not steps:
        raise InvalidInput(field, f"has no step; type {EXAMPLE}")
    ordered = tuple(steps)
    for index, step in enumerate(ordered, 1):
        where = f"step {index} (from month {step.from_month})"
        if index == 1 and step.from_month != 1:
            raise InvalidInput(field, f"{where}: the first step starts in month 1")
        if index > 1 and step.from_month <= ordered[index - 2].from_month:
            raise InvalidInput(field, f"{where}: each step starts after the one before")
        if step.from_month > months:
            raise InvalidInput(field, f"{where}: the term has {months} months")
        if step.monthly < 0:
            raise InvalidInput(field, f"{where}: a volume cannot be negative")
        if step.growth_percent <= -HUNDRED or step.growth_percent > 1000:
            raise InvalidInput(field, f"{where}: growth must be above -100% and at most 1000% a month")
    return ordered


def series_of(steps: Sequence[RampStep], months: int) -> tuple[Decimal, ...]:
    """Months 1..`months` of the ramp, whole units (steps must be checked)."""
    values: list[Decimal] = []
    with localcontext(EXACT):
        for index, step in enumerate(steps):
            end = steps[index + 1].from_month - 1 if index + 1 < len(steps) else months
            rate = ONE + step.growth_percent / HUNDRED
            for offset in range(max(0, min(end, months) - step.from_month + 1)):
                values.append(round_whole(step.monthly * rate**offset))
    return tuple(values)


# --- series -> steps ----------------------------------------------------------------------------
def _grows(series: Sequence[Decimal], start: int, growth: Decimal) -> int:
    """How many months from `start` follow series[start] growing `growth`."""
    base, rate, length = series[start], ONE + growth / HUNDRED, 1
    with localcontext(EXACT):
        while start + length < len(series) and round_whole(base * rate**length) == series[start + length]:
            length += 1
    return length


def _growth_guess(series: Sequence[Decimal], start: int) -> Decimal | None:
    if start + 2 >= len(series) or series[start] == 0:
        return None
    try:
        ratio = (series[start + 2] / series[start]).sqrt()  # two months smooth the first month's rounding
    except InvalidOperation:
        return None
    return round_money((ratio - ONE) * HUNDRED, GROWTH_PLACES)


def steps_of(series: Sequence[Decimal]) -> tuple[RampStep, ...]:
    """The steps that write `series` (`series_of(steps_of(s), len(s)) == s`
    for any series of whole units; a month that fits no run is a step)."""
    steps: list[RampStep] = []
    start = 0
    while start < len(series):
        flat = 1
        while start + flat < len(series) and series[start + flat] == series[start]:
            flat += 1
        step, length = RampStep(start + 1, series[start]), flat
        guess = _growth_guess(series, start)
        if flat == 1 and guess not in (None, ZERO):
            # The rounding of two months leaves the rate a hundredth or so either way.
            for growth in (guess, guess - Decimal("0.01"), guess + Decimal("0.01")):
                if not -HUNDRED < growth <= 1000:  # what a step may grow (check_steps)
                    continue
                grown = _grows(series, start, growth)
                if grown >= 3 and grown > length:
                    step, length = RampStep(start + 1, series[start], growth), grown
        if step.monthly != round_whole(step.monthly):  # a fractional value (imported usage) is kept as is
            step, length = RampStep(start + 1, series[start]), flat
        steps.append(step)
        start += length
    return tuple(steps)


# --- text ---------------------------------------------------------------------------------------
def parse_steps(text: str, field: str = "series") -> tuple[RampStep, ...]:
    """Read typed steps: one a line (or separated by ";"): a first line with
    no month is month 1; "from month N: VALUE" starts a step; "growing G%"
    after a value makes it grow G% a month until the next step."""
    steps: list[RampStep] = []
    for number, raw in enumerate(re.split(r"[\n;]", text), 1):
        line = raw.strip()
        if not line:
            continue
        found = _STEP.match(line)
        if not found:
            raise InvalidInput(field, f"line {number}: {line!r} is not a step; type {EXAMPLE}")
        month = int(found.group("month")) if found.group("month") else (1 if not steps else None)
        if month is None:
            raise InvalidInput(field, f"line {number}: {line!r}: say from which month, such as \"from month 4: 20,000\"")
        value = Decimal(found.group("value").replace(",", "").replace("_", ""))
        growth = Decimal(found.group("growth")) if found.group("growth") else ZERO
        steps.append(RampStep(month, value, growth))
    return tuple(steps)


def steps_text(steps: Sequence[RampStep]) -> str:
    """The steps as `parse_steps` reads them (plain digits: the editor's own text)."""
    lines = []
    for step in steps:
        head = "" if step.from_month == 1 else f"from month {step.from_month}: "
        growth = f" growing {step.growth_percent.normalize():f}%" if step.growth_percent else ""
        lines.append(f"{head}{step.monthly.normalize():f}{growth}")
    return "\n".join(lines)


# --- edits --------------------------------------------------------------------------------------
def _line_field(key: str, row: int) -> str:
    return f"{key}[{row}].series"


def set_ramp(quote: Quote, key: str, row: int, steps: Sequence[RampStep]) -> SetValue:
    """The line at `row` of `key` ("usage" or "outcomes") becomes the ramp:
    one edit of the whole line (its id kept, `monthly` and growth replaced
    by the series), so undo brings back the line as it was."""
    if key not in LINE_KEYS:
        raise InvalidInput(key, "is not a usage or outcome list")
    lines = getattr(quote, key)
    if not 0 <= row < len(lines):
        raise InvalidInput(f"{key}[{row}]", "is not a line of the quote")
    checked = check_steps(steps, quote.term_months, _line_field(key, row))
    ident = "work_unit" if key == "usage" else "outcome"
    record = {ident: getattr(lines[row], ident), "series": list(series_of(checked, quote.term_months))}
    return SetValue((key, row), record)


def clear_ramp(quote: Quote, key: str, row: int) -> SetValue | None:
    """Back to one monthly volume (the first month's) with no growth."""
    line = getattr(quote, key)[row]
    if line.series is None:
        return None
    ident = "work_unit" if key == "usage" else "outcome"
    return SetValue((key, row), {ident: getattr(line, ident), "monthly": line.series[0], "growth_percent": ZERO})


def resized_series(series: Sequence[Decimal], months: int) -> tuple[Decimal, ...]:
    """`series` for a term of `months`: cut, or continued by its last step."""
    if months <= len(series):
        return tuple(series[:months])
    steps = steps_of(series)
    return tuple(series) + series_of(steps, months)[len(series):]


def change_term(quote: Quote, months: int) -> Compound:
    """The term change of `commands.change_term` (the pack list follows it)
    and every series following it, as one step."""
    change = commands.change_term(quote, months)
    edits: list[Edit] = list(change.edits)
    if isinstance(months, int) and 1 <= months <= MAX_TERM_MONTHS:
        for key in LINE_KEYS:
            for row, line in enumerate(getattr(quote, key)):
                if line.series is not None and len(line.series) != months:
                    edits.append(SetValue((key, row, "series"), list(resized_series(line.series, months))))
    return Compound(tuple(edits), change.label)
