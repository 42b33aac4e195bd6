"""The Rate card sheet: the catalog snapshot the quote was priced with, as
values a reader may change, and the formulas that price a quantity through
each schedule (PRICING.md section 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ...domain.catalog import Catalog, Plan
from ...domain.money import ZERO
from ...domain.quote import Quote
from ...domain.schedules import AnySchedule, Graduated, Package, PerUnit, Volume
from .validation import InputRules
from .cells import (
    OPEN_BOUND,
    cell_ref,
    define_name,
    header_row,
    put_formula,
    put_text,
    put_value,
    range_ref,
    set_widths,
    snap,
)

SHEET = "Rate card"


@dataclass(frozen=True)
class ScheduleRefs:
    """Where one schedule's numbers are, and the formula that prices `q`."""

    mode: str
    unit_price: str = ""
    above: str = ""
    bound: str = ""
    tier_price: str = ""
    flat_fee: str = ""
    first: str = ""
    package_size: str = ""
    package_price: str = ""
    free_units: str = ""

    def amount(self, q: str) -> str:
        """The exact amount for quantity `q` (a cell reference)."""
        if self.mode == "per_unit":
            return f"{q}*{self.unit_price}"
        if self.mode == "package":
            packages = snap(f"MAX(0,{q}-{self.free_units})/{self.package_size}")
            return f"CEILING({packages},1)*{self.package_price}"
        holds_some = f"((({q}>{self.above})+{self.first})>0)"
        if self.mode == "volume":
            return f"SUMPRODUCT({holds_some}*({q}<={self.bound})*({q}*{self.tier_price}+{self.flat_fee}))"
        units_in_tier = f"({q}>{self.above})*(({q}<{self.bound})*{q}+({q}>={self.bound})*{self.bound}-{self.above})"
        return f"SUMPRODUCT({units_in_tier}*{self.tier_price})+SUMPRODUCT({holds_some}*{self.flat_fee})"


@dataclass(frozen=True)
class OutcomeRefs:
    minimum: str
    cap: str
    price: ScheduleRefs
    cost_to_serve: str


@dataclass
class RateCardRefs:
    unit_credits: dict[str, str] = field(default_factory=dict)
    unit_cost: dict[str, str] = field(default_factory=dict)
    seat_price: ScheduleRefs | None = None
    overage: ScheduleRefs | None = None
    pack_price: ScheduleRefs | None = None
    outcomes: dict[str, OutcomeRefs] = field(default_factory=dict)
    term_months: str = ""
    term_percents: str = ""
    role_rows: range = range(0)
    last_role: str = ""


class RateCardSheet:
    def __init__(self, workbook, sheet, catalog: Catalog, quote: Quote, catalog_sha256: str, rules: InputRules):
        self.workbook, self.sheet = workbook, sheet
        self.catalog, self.quote = catalog, quote
        self.sha = catalog_sha256
        self.rules = rules
        self.row = 1
        self.refs = RateCardRefs()

    def build(self) -> RateCardRefs:
        sheet, catalog = self.sheet, self.catalog
        put_text(sheet, 1, 1, f"Rate card: {catalog.name} {catalog.version} ({catalog.currency})", "title")
        put_text(sheet, 2, 1, "The catalog snapshot this quote was priced with. Yellow values may be changed "
                 "for what-if analysis; the Schedule follows.", "note")
        put_text(sheet, 3, 1, f"Catalog SHA-256: {self.sha}", "note")
        self.row = 5
        self._work_units()
        plan = catalog.plan(self.quote.plan)
        self._plan(plan)
        if plan.seat_price is not None:
            self.refs.seat_price = self._schedule("Seat price (per billable seat, per month)", plan.seat_price, "seat")
        self.refs.overage = self._schedule("Overage price (per overage credit, per month)", plan.overage, "overage")
        if plan.credit_pack is not None:
            self.refs.pack_price = self._schedule(
                "Credit pack price (on the credits bought for a contract year)", plan.credit_pack.price, "pack"
            )
        self._outcomes()
        self._discounts()
        self._approval()
        set_widths(sheet, {1: 34, 2: 30, 3: 16, 4: 16, 5: 16, 6: 18, 7: 14, 8: 34})
        sheet.freeze_panes = "A5"
        return self.refs

    def _section(self, title: str) -> None:
        put_text(self.sheet, self.row, 1, title, "section")
        self.row += 1

    def _work_units(self) -> None:
        sheet = self.sheet
        self._section("Work units")
        header_row(sheet, self.row, ["Id", "Name", "Unit", "Credits per unit", "Cost to serve per unit (internal)",
                                     "Autonomy (1-5)", "Attribution (1-5)", "Ready for"])
        self.row += 1
        for unit in self.catalog.work_units:
            r = self.row
            put_text(sheet, r, 1, unit.id)
            put_text(sheet, r, 2, unit.name)
            put_text(sheet, r, 3, unit.unit)
            put_value(sheet, r, 4, unit.credits, "input_credits")
            put_value(sheet, r, 5, unit.cost_to_serve, "input_price")
            self.rules.validate(sheet, r, 4, "nonnegative", last_column=5, last_row=r)
            put_value(sheet, r, 6, unit.autonomy, "calc_int")
            put_value(sheet, r, 7, unit.attribution, "calc_int")
            put_text(sheet, r, 8, unit.readiness.pricing)
            self.refs.unit_credits[unit.id] = cell_ref(4, r, SHEET)
            self.refs.unit_cost[unit.id] = cell_ref(5, r, SHEET)
            self.row += 1
        self.row += 1

    def _scalar(self, label: str, value, style: str, name: str, kind: str = "nonnegative") -> str:
        put_text(self.sheet, self.row, 1, label)
        put_value(self.sheet, self.row, 2, value, style)
        self.rules.validate(self.sheet, self.row, 2, kind)
        define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
        self.row += 1
        return name

    def _plan(self, plan: Plan) -> None:
        self._section(f"Plan: {plan.name}")
        self._scalar("Platform fee per month", plan.platform_fee, "input_money", "PlatformFee")
        self._scalar("Included seats", plan.included_seats, "input_int", "IncludedSeats", "whole")
        self._scalar("Minimum seats", plan.min_seats, "input_int", "MinSeats", "whole")
        self._scalar("Included credits per month", plan.included_credits, "input_credits", "IncludedCredits")
        self._scalar("Rollover cap (months of included credits)", plan.rollover_cap, "input_rate", "RolloverCap")
        size = plan.credit_pack.size if plan.credit_pack else 0
        self._scalar("Credit pack size (credits)", size, "input_credits", "PackSize")
        self.row += 1

    def _schedule(self, title: str, schedule: AnySchedule, key: str) -> ScheduleRefs:
        sheet = self.sheet
        self._section(f"{title}: {schedule.mode.replace('_', ' ')}")
        if isinstance(schedule, PerUnit):
            put_text(sheet, self.row, 1, "Unit price")
            put_value(sheet, self.row, 2, schedule.unit_price, "input_price")
            self.rules.validate(sheet, self.row, 2, "nonnegative")
            refs = ScheduleRefs("per_unit", unit_price=cell_ref(2, self.row, SHEET))
            self.row += 2
            return refs
        if isinstance(schedule, Package):
            rows = [("Package size", schedule.package_size), ("Package price", schedule.package_price),
                    ("Free units", schedule.free_units)]
            start = self.row
            for label, value in rows:
                put_text(sheet, self.row, 1, label)
                put_value(sheet, self.row, 2, value, "input_money" if label == "Package price" else "input_rate")
                self.rules.validate(sheet, self.row, 2, "positive" if label == "Package size" else "nonnegative")
                self.row += 1
            self.row += 1
            return ScheduleRefs(
                "package",
                package_size=cell_ref(2, start, SHEET),
                package_price=cell_ref(2, start + 1, SHEET),
                free_units=cell_ref(2, start + 2, SHEET),
            )
        assert isinstance(schedule, (Graduated, Volume))
        header_row(sheet, self.row, ["Tier", "Above", "Up to (blank: no limit)", "Unit price", "Flat fee",
                                     "Upper bound used", "First tier"])
        self.row += 1
        first = self.row
        for index, tier in enumerate(schedule.tiers):
            r = self.row
            put_value(sheet, r, 1, index + 1, "calc_int")
            above = ZERO if index == 0 else schedule.tiers[index - 1].up_to
            put_formula(sheet, r, 2, "0" if index == 0 else cell_ref(3, r - 1, absolute=False), "calc_rate", above)
            put_value(sheet, r, 3, tier.up_to, "input_rate")
            put_value(sheet, r, 4, tier.unit_price, "input_price")
            put_value(sheet, r, 5, tier.flat_fee, "input_money")
            self.rules.validate(sheet, r, 3, "nonnegative", last_column=5, last_row=r)
            put_formula(sheet, r, 6, f'IF({cell_ref(3, r, absolute=False)}="",{OPEN_BOUND},'
                        f'{cell_ref(3, r, absolute=False)})', "calc_rate",
                        Decimal(OPEN_BOUND) if tier.up_to is None else tier.up_to)
            put_value(sheet, r, 7, 1 if index == 0 else 0, "calc_int")
            self.row += 1
        last = self.row - 1
        self.row += 1
        return ScheduleRefs(
            schedule.mode,
            above=range_ref(2, first, last, SHEET),
            bound=range_ref(6, first, last, SHEET),
            tier_price=range_ref(4, first, last, SHEET),
            flat_fee=range_ref(5, first, last, SHEET),
            first=range_ref(7, first, last, SHEET),
        )

    def _outcomes(self) -> None:
        quoted = {line.outcome for line in self.quote.outcomes}
        outcomes = [o for o in self.catalog.outcomes if o.id in quoted]
        if not outcomes:
            return
        sheet = self.sheet
        self._section("Outcome add-ons on this quote")
        header_row(sheet, self.row, ["Id", "Name", "Work unit", "Minimum per month", "Cap per month (blank: none)"])
        self.row += 1
        placed = {}
        for outcome in outcomes:
            r = self.row
            put_text(sheet, r, 1, outcome.id)
            put_text(sheet, r, 2, outcome.name)
            put_text(sheet, r, 3, self.catalog.work_unit(outcome.work_unit).name)
            put_value(sheet, r, 4, outcome.minimum_monthly, "input_money")
            put_value(sheet, r, 5, outcome.cap_monthly, "input_money")
            self.rules.validate(sheet, r, 4, "nonnegative", last_column=5, last_row=r)
            placed[outcome.id] = (cell_ref(4, r, SHEET), cell_ref(5, r, SHEET))
            self.row += 1
        self.row += 1
        for outcome in outcomes:
            price = self._schedule(f"Outcome price: {outcome.name} (per outcome, per month)", outcome.price, outcome.id)
            minimum, cap = placed[outcome.id]
            self.refs.outcomes[outcome.id] = OutcomeRefs(minimum, cap, price, self.refs.unit_cost[outcome.work_unit])

    def _discounts(self) -> None:
        sheet = self.sheet
        self._section("Term discounts (the longest term the quote reaches applies)")
        header_row(sheet, self.row, ["Term reached (months)", "Discount %"])
        self.row += 1
        first = self.row
        discounts = self.catalog.term_discounts or []
        for discount in discounts:
            put_value(sheet, self.row, 1, discount.months, "input_int")
            put_value(sheet, self.row, 2, discount.percent, "input_percent")
            self.rules.validate(sheet, self.row, 1, "whole")
            self.rules.validate(sheet, self.row, 2, "percent")
            self.row += 1
        if not discounts:  # keep the ranges valid: a row that never applies
            put_value(sheet, self.row, 1, None, "input_int")
            put_value(sheet, self.row, 2, None, "input_percent")
            self.rules.validate(sheet, self.row, 1, "whole")
            self.rules.validate(sheet, self.row, 2, "percent")
            self.row += 1
        last = self.row - 1
        self.refs.term_months = range_ref(1, first, last, SHEET)
        self.refs.term_percents = range_ref(2, first, last, SHEET)
        self.row += 1
        self._scalar("Prepay discount % (annual billing)", self.catalog.prepay_discount_percent, "input_percent",
                     "PrepayDiscount", "percent")
        self.row += 1

    def _approval(self) -> None:
        sheet = self.sheet
        approval = self.catalog.approval
        self._section("Approval")
        self._scalar("Gross margin floor %", approval.margin_floor_percent, "input_percent", "MarginFloor", "percent")
        header_row(sheet, self.row, ["Level (in order)", "Max discount %"])
        self.row += 1
        first = self.row
        for level in approval.levels:
            put_text(sheet, self.row, 1, level.role)
            put_value(sheet, self.row, 2, level.max_discount_percent, "input_percent")
            self.rules.validate(sheet, self.row, 2, "percent")
            self.row += 1
        self.refs.role_rows = range(first, self.row)
        self.refs.last_role = cell_ref(1, self.row - 1, SHEET)
