"""A quote started from shadow usage (PRICING.md 13; issue 14's "Start a
quote from this usage"): on the chosen plan, with usage lines that are the
recorded series month by month, or a monthly volume and growth fitted to it.

The fit is a least-squares line through the logarithm of each month's
volume, ln v(m) = a + b (m - 1), over the months with recorded usage: the
compound growth the engine forecasts, v(m) = monthly * (1 + g/100)^(m - 1),
is exactly such a line, so a series that grows steadily is recovered
whatever its length, and one noisy month moves the fit far less than it
would move a growth measured between the first and the last month (whose
first or last month may also be partial). A month without usage has no
logarithm and is left out of the fit. Then

- `growth_percent` = (e^b - 1) * 100, rounded half away from zero to the 6
  decimals a growth may have, and kept inside the range a quote accepts
  (above -100, at most 1000);
- `monthly` = e^a, the fitted level of month 1, in whole units (the
  forecast counts whole units of a work unit each month).

Fewer than two months with usage cannot show a growth: the monthly volume
is then the series' average and the growth 0. A flat series fits growth 0
exactly. The logarithms are Decimal arithmetic at a fixed precision, so the
same series fits the same figures on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Context, Decimal
from typing import Literal, NamedTuple

from pydantic import ValidationError

from .errors import describe
from .money import HUNDRED, ONE, ZERO, round_money, round_whole
from .quote import MAX_GROWTH_DECIMALS, Quote, UsageLine
from .shadow import ShadowPlan, ShadowResult

FIT_CHOICES = ("series", "growth")
"""How a started quote's usage follows the records: the recorded series
month by month, or a monthly volume with a fitted growth."""

Fit = Literal["series", "growth"]

_FIT_CONTEXT = Context(prec=40)
"""The precision of the fit's logarithms and sums: far more than the 6
decimals the growth keeps, the same on every machine."""

MAX_GROWTH = Decimal(1000)
MIN_GROWTH = Decimal("-99.999999")
"""The range of a quote's growth_percent (above -100, at most 1000)."""


class FittedVolume(NamedTuple):
    monthly: Decimal
    growth_percent: Decimal
    months_fitted: int
    """The months with usage the line was fitted through."""


def fit_volume(series: Sequence[Decimal]) -> FittedVolume:
    """The monthly volume and growth fitted to a recorded series (see the
    module's docstring for the rule)."""
    context = _FIT_CONTEXT
    points = [(index, context.ln(value)) for index, value in enumerate(series) if value > 0]
    if len(points) < 2:
        total = sum(series, ZERO)
        average = context.divide(total, Decimal(len(series))) if series else ZERO
        return FittedVolume(round_whole(average), ZERO, len(points))
    count = Decimal(len(points))
    mean_x = context.divide(sum((Decimal(x) for x, _ in points), ZERO), count)
    mean_y = context.divide(_sum(context, [y for _, y in points]), count)
    spread = _sum(context, [context.multiply(Decimal(x) - mean_x, Decimal(x) - mean_x) for x, _ in points])
    moment = _sum(context, [context.multiply(Decimal(x) - mean_x, context.subtract(y, mean_y)) for x, y in points])
    slope = context.divide(moment, spread)
    intercept = context.subtract(mean_y, context.multiply(slope, mean_x))
    growth = round_money(context.multiply(context.subtract(context.exp(slope), ONE), HUNDRED), MAX_GROWTH_DECIMALS)
    growth = min(MAX_GROWTH, max(MIN_GROWTH, growth))
    if growth == 0:
        growth = ZERO  # "0", not "0.000000" or "-0.000000"
    return FittedVolume(round_whole(context.exp(intercept)), growth, len(points))


def _sum(context: Context, values: list[Decimal]) -> Decimal:
    total = ZERO
    for value in values:
        total = context.add(total, value)
    return total


def usage_lines(series: dict[str, tuple[Decimal, ...]], fit: Fit) -> list[UsageLine]:
    """A started quote's usage: each recorded work unit's series as it is,
    or its fitted monthly volume and growth."""
    if fit == "series":
        return [UsageLine(work_unit=unit, series=values) for unit, values in series.items()]
    lines = []
    for unit, values in series.items():
        fitted = fit_volume(values)
        lines.append(UsageLine(work_unit=unit, monthly=fitted.monthly, growth_percent=fitted.growth_percent))
    return lines


def started_quote(result: ShadowResult, plan: str | None = None, fit: Fit = "series") -> Quote:
    """The quote a rep starts from shadow usage: the priced quote of `plan`
    (by default the cheapest), its usage as `fit` says. Raises KeyError for
    a plan the result does not have."""
    chosen: ShadowPlan = next((p for p in result.plans if p.plan == (plan or result.cheapest)), None)
    if chosen is None:
        raise KeyError(plan)
    if fit == "series":
        return chosen.quote
    data = chosen.quote.model_dump()
    data["usage"] = usage_lines(dict(result.series), fit)
    try:
        return Quote.model_validate(data)
    except ValidationError as error:  # a fitted figure the quote refuses (none should be)
        raise describe(error) from None
