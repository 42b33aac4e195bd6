"""The quote (PRICING.md section 4): who is buying, which plan, how much
they expect to use, and what was discounted."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, Union

from annotated_types import Gt, Le
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializerFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)

from .catalog import check_format
from .errors import field_error, require_unique
from .money import ZERO
from .values import (
    Count,
    Dec,
    Frozen,
    Identifier,
    LongText,
    Name,
    NonNegative,
    Percent,
    Positive,
    ShortText,
    plain_text,
)
from .term import contract_years

QUOTE_FORMAT = "quotewright.quote/1"
AUTO = "auto"
MAX_PACKS = 1_000_000
MAX_TERM_MONTHS = 120

# Limits that keep the worst accepted quote priced in well under 2 seconds and
# 500 MB (benchmarks/bench_limits.py; docs/pricing-decisions.md says why).
MAX_USAGE_LINES = 1_000
MAX_OUTCOME_LINES = 100
MAX_SCENARIOS = 10
MAX_FORECAST_CELLS = 100_000
"""Usage and outcome lines x months x cases (the expected case and each
scenario): every cell is one forecast quantity the engine computes and keeps."""

MAX_GROWTH_DECIMALS = 6


def _growth_places(value: Decimal) -> Decimal:
    # The exact power (1 + g/100)^119 has 119 times the rate's decimals:
    # 952 at 6 decimals ("hundreds of digits", PRICING.md 5.1), 4,500 at 36,
    # which made a long quote's forecast several times slower.
    if -value.as_tuple().exponent > MAX_GROWTH_DECIMALS:
        raise field_error("", f"has more than {MAX_GROWTH_DECIMALS} decimal places; write it like \"2.5\"")
    return value


Growth = Annotated[Dec, Gt(-100), Le(1000), AfterValidator(_growth_places)]
"""Monthly growth in percent: above -100 (usage cannot go below nothing), at
most 1000, with at most 6 decimal places."""

Multiplier = Annotated[Positive, Le(1000)]


def _parse_pack_counts(value: Any) -> str | int | tuple[int, ...]:
    def count(item: Any, where: str) -> int:
        if isinstance(item, bool) or not isinstance(item, int):
            raise field_error(where, "must be a whole number of packs")
        if not 0 <= item <= MAX_PACKS:
            raise field_error(where, f"must be between 0 and {MAX_PACKS:,}")
        return item

    if value == AUTO:
        return AUTO
    if isinstance(value, (list, tuple)):
        return tuple(count(item, f"[{index}]") for index, item in enumerate(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return count(value, "")
    raise ValueError('must be "auto", a whole number, or a list with one whole number per contract year')


PackCounts = Annotated[
    Union[int, tuple[int, ...], str],
    PlainValidator(_parse_pack_counts),
    PlainSerializer(lambda v: list(v) if isinstance(v, tuple) else v),
    WithJsonSchema(
        {
            "anyOf": [
                {"const": AUTO},
                {"type": "integer", "minimum": 0},
                {"type": "array", "items": {"type": "integer", "minimum": 0}},
            ]
        }
    ),
]


class Customer(Frozen):
    name: Name
    contact: ShortText = ""
    email: ShortText = ""
    address: LongText = ""


class Person(Frozen):
    """Who prepared the quote, as printed on the proposal."""

    name: Name
    role: ShortText = ""
    email: ShortText = ""


class _OmitsUnset(Frozen):
    """A model whose optional newer fields (PRICING.md 9 and 10) are left out
    of its data when unset, so a quote that does not use them saves exactly
    as it did before they existed (and an older build still reads it)."""

    _omit_when_none: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _without_unset(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return self._trimmed(handler(self))

    def _trimmed(self, data: dict[str, Any]) -> dict[str, Any]:
        for name in self._omit_when_none:
            if name in data and data[name] is None:
                del data[name]
        return data


Series = Annotated[tuple[NonNegative, ...], Field(max_length=MAX_TERM_MONTHS)]
"""The expected count for months 1..T, one value a month (PRICING.md 9);
that it has exactly `term_months` values is checked by the quote."""

_FORECAST_SCHEMA = {
    # Either a series, or monthly (+ growth): never both (PRICING.md 9).
    "oneOf": [
        {"required": ["monthly"], "not": {"required": ["series"]}},
        {"required": ["series"], "not": {"anyOf": [{"required": ["monthly"]}, {"required": ["growth_percent"]}]}},
    ]
}


class _Forecast(_OmitsUnset):
    """The rule every usage and outcome line follows: `monthly` with compound
    `growth_percent`, or a month-by-month `series` (a ramp, imported usage),
    never both. The fields are declared by each line, first its id."""

    model_config = ConfigDict(json_schema_extra=_FORECAST_SCHEMA)
    _omit_when_none = ("monthly", "series")

    @model_validator(mode="after")
    def _monthly_or_series(self) -> Any:
        if self.series is None:
            if self.monthly is None:
                raise field_error("monthly", "is required (or a series: one value for each month of the term)")
        elif self.monthly is not None:
            raise field_error("series", "is given together with monthly; a line has one or the other")
        elif "growth_percent" in self.model_fields_set:
            raise field_error("series", "is given together with growth_percent; a series already holds every month")
        return self

    def _trimmed(self, data: dict[str, Any]) -> dict[str, Any]:
        data = super()._trimmed(data)
        if self.series is not None:
            data.pop("growth_percent", None)  # a series has no growth; writing 0 would break the rule
        return data


class UsageLine(_Forecast):
    work_unit: Identifier
    monthly: NonNegative | None = None
    growth_percent: Growth = ZERO
    series: Series | None = None


class OutcomeLine(_Forecast):
    outcome: Identifier
    monthly: NonNegative | None = None
    growth_percent: Growth = ZERO
    series: Series | None = None


AlertPercent = Annotated[Dec, Gt(0), Le(100)]
MAX_ALERTS = 10


class SpendProtection(_OmitsUnset):
    """What the customer is promised about overage (PRICING.md 10): a monthly
    cap on the overage bill, and the shares of a year's credits at which they
    are alerted. Whether the cap fits the currency is checked when priced."""

    _omit_when_none = ("overage_cap_monthly",)

    overage_cap_monthly: NonNegative | None = None
    alert_percents: Annotated[tuple[AlertPercent, ...], Field(max_length=MAX_ALERTS)] = ()

    @field_validator("alert_percents")
    @classmethod
    def _increasing(cls, percents: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
        for index in range(1, len(percents)):
            if percents[index] <= percents[index - 1]:
                raise field_error(
                    f"[{index}]", f"{percents[index]} must be above {percents[index - 1]}: the percents strictly increase"
                )
        return percents


class Discounts(Frozen):
    subscription_percent: Percent = ZERO
    credit_packs_percent: Percent = ZERO
    overage_percent: Percent = ZERO
    outcomes_percent: Percent = ZERO


ScenarioName = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(plain_text)]


class Quote(_OmitsUnset):
    _omit_when_none = ("spend_protection",)

    format: Literal["quotewright.quote/1"] = QUOTE_FORMAT
    id: Identifier
    customer: Customer
    plan: Identifier
    seats: Count = 0
    term_months: Annotated[int, Field(strict=True, ge=1, le=MAX_TERM_MONTHS)]
    billing: Literal["monthly", "annual"] = "monthly"
    usage: Annotated[list[UsageLine], Field(max_length=MAX_USAGE_LINES)] = []
    outcomes: Annotated[list[OutcomeLine], Field(max_length=MAX_OUTCOME_LINES)] = []
    credit_packs_per_year: PackCounts = 0
    discounts: Discounts = Discounts()
    scenario_multipliers: Annotated[dict[ScenarioName, Multiplier], Field(max_length=MAX_SCENARIOS)] = {}
    spend_protection: SpendProtection | None = None
    date: dt.date | None = None
    valid_until: dt.date | None = None
    start_date: dt.date | None = None
    prepared_by: Person | None = None
    notes: LongText = ""

    @field_validator("format", mode="before")
    @classmethod
    def _known_format(cls, value: object) -> object:
        return check_format(value, QUOTE_FORMAT)

    @field_validator("usage")
    @classmethod
    def _units_once(cls, lines: list[UsageLine]) -> list[UsageLine]:
        require_unique([line.work_unit for line in lines], "work_unit", "appears twice; give it one line")
        return lines

    @field_validator("outcomes")
    @classmethod
    def _outcomes_once(cls, lines: list[OutcomeLine]) -> list[OutcomeLine]:
        require_unique([line.outcome for line in lines], "outcome", "appears twice; give it one line")
        return lines

    @model_validator(mode="after")
    def _consistent(self) -> "Quote":
        packs = self.credit_packs_per_year
        if isinstance(packs, tuple) and len(packs) != self.contract_years:
            raise field_error(
                "credit_packs_per_year",
                f"needs one count per contract year: {self.contract_years} for a {self.term_months}-month term, "
                f"not {len(packs)}",
            )
        if isinstance(packs, str) and packs != AUTO:
            raise field_error("credit_packs_per_year", 'must be "auto", a whole number, or a list')
        for kind, lines in (("usage", self.usage), ("outcomes", self.outcomes)):
            for index, line in enumerate(lines):
                if line.series is not None and len(line.series) != self.term_months:
                    raise field_error(
                        f"{kind}[{index}].series",
                        f"has {len(line.series)} values; a {self.term_months}-month term needs one per month, "
                        f"{self.term_months}",
                    )
        cells = (len(self.usage) + len(self.outcomes)) * self.term_months * (1 + len(self.scenario_multipliers))
        if cells > MAX_FORECAST_CELLS:
            raise field_error(
                "usage" if self.usage else "outcomes",
                f"{len(self.usage):,} work units and {len(self.outcomes):,} outcomes over {self.term_months} months "
                f"in {1 + len(self.scenario_multipliers)} cases (expected and each scenario) make {cells:,} monthly "
                f"forecasts; at most {MAX_FORECAST_CELLS:,} (quote fewer units, a shorter term or fewer scenarios)",
            )
        if self.date and self.valid_until and self.valid_until < self.date:
            raise field_error("valid_until", f"{self.valid_until} is before the quote date {self.date}")
        return self

    @property
    def contract_years(self) -> int:
        return contract_years(self.term_months)

    @property
    def auto_packs(self) -> bool:
        return self.credit_packs_per_year == AUTO

    def packs_for_year(self, year: int) -> int:
        """The typed pack count for contract year `year` (1-based); not for auto."""
        packs = self.credit_packs_per_year
        return packs[year - 1] if isinstance(packs, tuple) else int(packs)
