"""The catalog (PRICING.md section 3): work units, plans, outcomes, discounts
and approval levels, with every rule that makes a price book consistent."""

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_serializer, model_validator

from .errors import field_error, require_unique
from .money import MINOR_UNITS, ZERO, minor_units
from .plurals import is_one, plural, unit_word
from .readiness import Readiness, readiness
from .schedules import Schedule
from .values import Count, Frozen, Identifier, LongText, Name, NonNegative, Percent, Positive, Score, ShortText

CATALOG_FORMAT = "quotewright.catalog/1"

# Limits on a price book's size (docs/pricing-decisions.md): far above any
# real catalog, low enough that loading, showing and exporting stay quick.
MAX_WORK_UNITS = 1_000
MAX_PLANS = 20
MAX_OUTCOMES = 100


class WorkUnit(Frozen):
    """One countable piece of AI work, such as "1 document summarized".
    `unit_plural` is the unit's plural when the English rule would get it
    wrong ("analysis" -> "analyses"); empty, `domain.plurals` makes it."""

    id: Identifier
    name: Name
    unit: Name
    unit_plural: ShortText = ""
    credits: NonNegative
    cost_to_serve: NonNegative
    autonomy: Score
    attribution: Score
    description: LongText = ""

    @property
    def readiness(self) -> Readiness:
        return readiness(self.autonomy, self.attribution)

    @model_serializer(mode="wrap")
    def _without_empty_plural(self, handler):
        # A catalog written before `unit_plural` existed dumps (and so hashes,
        # and diffs in the library) exactly as it did: the field is written
        # only when it says something.
        data = handler(self)
        if isinstance(data, dict) and not data.get("unit_plural"):
            data.pop("unit_plural", None)
        return data

    @property
    def units(self) -> str:
        """The unit counted more than once: "queries", "analyses"."""
        return self.unit_plural or plural(self.unit)

    def unit_for(self, count) -> str:
        """The unit for a count: "1 query", "2 queries"."""
        return unit_word(self.unit, is_one(count), self.unit_plural)


class CreditPack(Frozen):
    """Prepaid credits bought per contract year; `price` is a schedule on the
    credits bought in one year."""

    size: Positive
    price: Schedule

    def first_count_above(self, credits: Decimal) -> int:
        """The fewest packs that buy more than `credits`: with a tier bound
        of the pack price, the first count inside the tier above it
        (PRICING.md 5.8; the auto-pack search and the pack_cliff warning)."""
        return int(divmod(credits, self.size)[0]) + 1


class Plan(Frozen):
    id: Identifier
    name: Name
    description: LongText = ""
    platform_fee: NonNegative = ZERO
    seat_price: Schedule | None = None
    included_seats: Count = 0
    min_seats: Count = 0
    included_credits: NonNegative = ZERO
    rollover_cap: NonNegative = ZERO
    overage: Schedule
    credit_pack: CreditPack | None = None


class Outcome(Frozen):
    """An outcome-priced add-on: a fee per counted outcome, with a monthly
    minimum and an optional cap."""

    id: Identifier
    name: Name
    work_unit: Identifier
    price: Schedule
    minimum_monthly: NonNegative = ZERO
    cap_monthly: NonNegative | None = None
    description: LongText = ""

    @model_validator(mode="after")
    def _cap_not_below_minimum(self) -> "Outcome":
        if self.cap_monthly is not None and self.cap_monthly < self.minimum_monthly:
            raise field_error("cap_monthly", "must not be below minimum_monthly")
        return self


class TermDiscount(Frozen):
    months: Annotated[int, Field(strict=True, ge=1, le=120)]
    percent: Percent


class ApprovalLevel(Frozen):
    role: Identifier
    max_discount_percent: Percent


class ApprovalPolicy(Frozen):
    margin_floor_percent: Annotated[NonNegative, Field(le=100)] = ZERO
    levels: Annotated[list[ApprovalLevel], Field(min_length=1, max_length=20)]

    @field_validator("levels")
    @classmethod
    def _roles_unique(cls, levels: list[ApprovalLevel]) -> list[ApprovalLevel]:
        require_unique([level.role for level in levels], "role")
        return levels


class Catalog(Frozen):
    format: Literal["quotewright.catalog/1"]
    name: Name
    version: ShortText
    currency: Annotated[str, Field(min_length=3, max_length=3)]
    work_units: Annotated[list[WorkUnit], Field(max_length=MAX_WORK_UNITS)]
    plans: Annotated[list[Plan], Field(min_length=1, max_length=MAX_PLANS)]
    outcomes: Annotated[list[Outcome], Field(max_length=MAX_OUTCOMES)] = []
    term_discounts: Annotated[list[TermDiscount], Field(max_length=120)] = []
    prepay_discount_percent: Percent = ZERO
    approval: ApprovalPolicy
    description: LongText = ""

    @field_validator("format", mode="before")
    @classmethod
    def _known_format(cls, value: object) -> object:
        return check_format(value, CATALOG_FORMAT)

    @field_validator("currency")
    @classmethod
    def _iso_currency(cls, code: str) -> str:
        if code not in MINOR_UNITS:
            raise ValueError(f"{code!r} is not an ISO 4217 currency code (such as USD, EUR, JPY)")
        return code

    @field_validator("work_units", "plans", "outcomes")
    @classmethod
    def _ids_unique(cls, items: list) -> list:
        require_unique([item.id for item in items], "id")
        return items

    @field_validator("term_discounts")
    @classmethod
    def _terms_unique(cls, discounts: list[TermDiscount]) -> list[TermDiscount]:
        require_unique([str(d.months) for d in discounts], "months")
        return discounts

    @model_validator(mode="after")
    def _references_resolve(self) -> "Catalog":
        unit_ids = {unit.id for unit in self.work_units}
        for index, outcome in enumerate(self.outcomes):
            if outcome.work_unit not in unit_ids:
                raise field_error(
                    f"outcomes[{index}].work_unit", f"{outcome.work_unit!r} is not a work unit of this catalog"
                )
        return self

    @property
    def minor_units(self) -> int:
        return minor_units(self.currency)

    def plan(self, plan_id: str) -> Plan:
        return next(plan for plan in self.plans if plan.id == plan_id)

    def work_unit(self, unit_id: str) -> WorkUnit:
        return next(unit for unit in self.work_units if unit.id == unit_id)

    def outcome(self, outcome_id: str) -> Outcome:
        return next(outcome for outcome in self.outcomes if outcome.id == outcome_id)

    def term_discount_percent(self, term_months: int) -> "NonNegative":
        """The percent of the longest term discount the term reaches."""
        reached = [d for d in self.term_discounts if d.months <= term_months]
        return max(reached, key=lambda d: d.months).percent if reached else ZERO


def check_format(value: object, expected: str) -> object:
    """Refuse a missing, foreign or newer file format with a plain reason."""
    family, _, version = expected.rpartition("/")
    if not isinstance(value, str):
        raise ValueError(f"must be {expected!r}")
    if value == expected:
        return value
    prefix, _, their_version = value.rpartition("/")
    if prefix == family and their_version.isdigit() and int(their_version) > int(version):
        raise ValueError(
            f"{value!r} is newer than this Quotewright understands ({expected}); update Quotewright to open it"
        )
    raise ValueError(f"{value!r} is not a format Quotewright knows; expected {expected!r}")
