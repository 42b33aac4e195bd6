"""Price schedules (PRICING.md section 2): a quantity in, an exact amount out.

Four modes: per_unit, graduated, volume and package. Schedules price seats,
overage credits, credit packs and outcomes; they never round.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
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


class _Tiered(Frozen):
    tiers: Annotated[list[Tier], Field(min_length=1, max_length=100)]

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
        return tuple(tier.up_to for tier in self.tiers if tier.up_to is not None)

    def breakpoints(self) -> tuple[Decimal, ...]:
        """Quantities where the amount changes formula (tiers start above them)."""
        return self.tier_bounds()

    def linear_floor(self, quantity: Decimal) -> Decimal | Fraction:
        """A lower bound of the amount, linear between breakpoints: here exact."""
        return self.amount(quantity)

    def tier_index(self, quantity: Decimal) -> int:
        """The tier that holds `quantity` (a bound is inclusive)."""
        for index, tier in enumerate(self.tiers):
            if tier.up_to is None or quantity <= tier.up_to:
                return index
        raise AssertionError("the last tier is open-ended")


class Graduated(_Tiered):
    """Each tier prices only the units that fall in it, plus its flat fee."""

    mode: Literal["graduated"]

    def amount(self, quantity: Decimal) -> Decimal:
        total = ZERO
        lower = ZERO
        for index, tier in enumerate(self.tiers):
            if index and quantity <= lower:
                break
            upper = quantity if tier.up_to is None else min(quantity, tier.up_to)
            total += max(ZERO, upper - lower) * tier.unit_price + tier.flat_fee
            if tier.up_to is None:
                break
            lower = tier.up_to
        return total


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


def never_decreases(schedule: AnySchedule) -> bool:
    """True when buying more never costs less.

    Only a volume schedule can break this: at a tier bound, the next tier's
    lower unit price can make one more unit cheaper than the bound itself.
    """
    if not isinstance(schedule, Volume):
        return True
    with localcontext(EXACT):
        for below, above in zip(schedule.tiers, schedule.tiers[1:]):
            bound = below.up_to
            if bound * above.unit_price + above.flat_fee < bound * below.unit_price + below.flat_fee:
                return False
    return True
