"""Price schedules (PRICING.md section 2): a quantity in, an exact amount out.

Four modes: per_unit, graduated, volume and package. Schedules price seats,
overage credits, credit packs and outcomes; they never round.
"""

from bisect import bisect_left
from decimal import Decimal, localcontext
from functools import cached_property
from fractions import Fraction
from typing import Annotated, Literal, Union

from pydantic import Field, field_validator

from .errors import field_error
from .money import EXACT, ZERO
from .values import Frozen, NonNegative, Positive


class Tier(Frozen):
    """Quantities above the previous tier's bound, up to and including `up_to`."""

    up_to: NonNegative | None
    unit_price: NonNegative
    flat_fee: NonNegative = ZERO


class PerUnit(Frozen):
    mode: Literal["per_unit"]
    unit_price: NonNegative

    def amount(self, quantity: Decimal) -> Decimal:
        return quantity * self.unit_price

    def tier_bounds(self) -> tuple[Decimal, ...]:
        return ()

    def breakpoints(self) -> tuple[Decimal, ...]:
        return ()

    def linear_floor(self, quantity: Decimal) -> Decimal | Fraction:
        return self.amount(quantity)


MAX_TIERS = 100


class _Tiered(Frozen):
    tiers: Annotated[list[Tier], Field(min_length=1, max_length=MAX_TIERS)]
    # The bounds, and for a graduated schedule the amount of every tier below
    # each tier: computed once, so that an amount costs a binary search, not
    # a walk over up to 100 tiers (the auto-pack search prices many counts).
    # Cached properties: pydantic ignores them as fields and in equality.
    @cached_property
    def _bounds(self) -> tuple[Decimal, ...]:
        return tuple(tier.up_to for tier in self.tiers[:-1])

    @cached_property
    def _below(self) -> tuple[Decimal, ...]:
        below, lower, total = [], ZERO, ZERO
        with localcontext(EXACT):
            for tier in self.tiers:
                below.append(total)
                if tier.up_to is not None:
                    total += (tier.up_to - lower) * tier.unit_price + tier.flat_fee
                    lower = tier.up_to
        return tuple(below)

    @field_validator("tiers")
    @classmethod
    def _bounds_increase(cls, tiers: list[Tier]) -> list[Tier]:
        *inner, last = tiers
        for index, tier in enumerate(inner):
            if tier.up_to is None:
                raise field_error(f"[{index}].up_to", "only the last tier may be open-ended (null)")
            if index and tier.up_to <= inner[index - 1].up_to:
                raise field_error(f"[{index}].up_to", "bounds must increase")
        if last.up_to is not None:
            raise field_error(f"[{len(tiers) - 1}].up_to", "the last tier must be open-ended (null)")
        return tiers

    def tier_bounds(self) -> tuple[Decimal, ...]:
        return self._bounds  # every tier but the last has a bound (checked on loading)

    def breakpoints(self) -> tuple[Decimal, ...]:
        """Quantities where the amount changes formula (tiers start above them)."""
        return self.tier_bounds()

    def linear_floor(self, quantity: Decimal) -> Decimal | Fraction:
        """A lower bound of the amount, linear between breakpoints: here exact."""
        return self.amount(quantity)

    def tier_index(self, quantity: Decimal) -> int:
        """The tier that holds `quantity` (a bound is inclusive)."""
        return bisect_left(self._bounds, quantity)


class Graduated(_Tiered):
    """Each tier prices only the units that fall in it, plus its flat fee."""

    mode: Literal["graduated"]

    def amount(self, quantity: Decimal) -> Decimal:
        # Every tier below the one holding `quantity` is full (its units and
        # its flat fee); the holding tier prices what lies above its lower
        # bound, plus its own flat fee (the first tier's even at 0).
        index = self.tier_index(quantity)
        tier = self.tiers[index]
        lower = self._bounds[index - 1] if index else ZERO
        return self._below[index] + (quantity - lower) * tier.unit_price + tier.flat_fee


class Volume(_Tiered):
    """All of the quantity at the price of the one tier that holds it."""

    mode: Literal["volume"]

    def amount(self, quantity: Decimal) -> Decimal:
        tier = self.tiers[self.tier_index(quantity)]
        return quantity * tier.unit_price + tier.flat_fee


class Package(Frozen):
    """Whole packages: 150 minutes in packages of 60 bill 3 packages."""

    mode: Literal["package"]
    package_size: Positive
    package_price: NonNegative
    free_units: NonNegative = ZERO

    def amount(self, quantity: Decimal) -> Decimal:
        billable = max(ZERO, quantity - self.free_units)
        packages, remainder = divmod(billable, self.package_size)
        if remainder:
            packages += 1
        return packages * self.package_price

    def tier_bounds(self) -> tuple[Decimal, ...]:
        return ()

    def breakpoints(self) -> tuple[Decimal, ...]:
        return (self.free_units,)

    def linear_floor(self, quantity: Decimal) -> Fraction:
        """Whole packages cost at least the fraction of packages used."""
        billable = max(ZERO, quantity - self.free_units)
        return Fraction(billable) / Fraction(self.package_size) * Fraction(self.package_price)


AnySchedule = PerUnit | Graduated | Volume | Package

Schedule = Annotated[Union[PerUnit, Graduated, Volume, Package], Field(discriminator="mode")]


def schedule_amount(schedule: AnySchedule, quantity: Decimal) -> Decimal:
    """The exact amount for `quantity`, in the exact context whatever the caller's."""
    with localcontext(EXACT):
        return schedule.amount(quantity)

