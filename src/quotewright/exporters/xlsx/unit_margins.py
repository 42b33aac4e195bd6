"""Revenue, cost and margin per work unit on the Summary sheet (PRICING.md
11; internal, like all cost and margin), as formulas over the Schedule.

Largest remainder in a spreadsheet: each unit's floor share is
`ROUNDDOWN(R x w / W, 0)` minor units; what is left over goes one minor unit
each to the units whose remainders rank highest (`RANK`), a tie going to the
unit listed first (`COUNTIF` of the same remainder above it). Revenue is
split year by year by credits; outcome fees go to their outcome's unit; the
term's cost to serve is split once, by each unit's exact cost.

The block sits to the right of the Summary's own tables, below the spend
protection block when there is one, so the Summary's other cells stay put.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from ...domain.catalog import Catalog
from ...domain.money import EXACT, ZERO, exact_difference, exact_sum, round_ratio
from ...domain.quote import Quote
from ...domain.result import PricedCase
from .cells import cell_ref, define_name, header_row, put_formula, put_text, put_value, round_to, snap
from .checks import Check
from .rate_card import RateCardRefs
from .schedule import ScheduleColumns, unit_titles
from .spend_summary import SIDE
from .summary import SHEET

_SPLIT_LINES = ("platform", "seats", "credit_packs", "overage")


class SplitRow(NamedTuple):
    """What the largest-remainder columns of one unit show (cached values)."""

    floor: int
    remainder: Decimal
    rank: int
    extra: int
    share: int


SNAP_DIGITS = 14  # cells.snap: a value at 14 significant digits


def snapped_share(total: int, weight: Decimal, whole: Decimal) -> Decimal:
    """total x weight / whole at 14 significant digits, as `cells.snap` gives
    it to the floor-share formula (computed exactly, rounded once)."""
    whole_part = int(Fraction(total) * Fraction(weight) / Fraction(whole))
    digits_before_point = len(str(whole_part)) if whole_part >= 1 else 1
    return round_ratio(EXACT.multiply(Decimal(total), weight), whole, SNAP_DIGITS - digits_before_point)


def split_rows(total: int, weights: list[Decimal]) -> list[SplitRow]:
    """The largest-remainder columns, computed the way their formulas do:
    the share snapped to 14 significant digits, its floor and remainder, the
    rank (RANK, descending, plus the equal remainders above), one extra unit
    while the rank is within the units left over. The remainders are the
    snapped ones (a spreadsheet's own may differ past the 10th decimal, in
    its binary digits); the shares equal `per_unit.largest_remainder`'s."""
    whole = exact_sum(weights)
    if whole == 0:
        floors, remainders = [0] * len(weights), [ZERO] * len(weights)
    else:
        shares = [snapped_share(total, weight, whole) for weight in weights]
        floors = [int(share) for share in shares]  # shares are >= 0: int() is the floor
        remainders = [exact_difference(share, low) for share, low in zip(shares, floors)]
    left = total - sum(floors)
    # RANK plus the equal remainders above: the place in the order of
    # remainders, largest first, ties in listed order.
    order = sorted(range(len(remainders)), key=lambda i: (-remainders[i], i))
    ranks = {index: place for place, index in enumerate(order, 1)}
    rows = []
    for index, remainder in enumerate(remainders):
        rank = ranks[index]
        extra = 1 if whole > 0 and rank <= left else 0
        rows.append(SplitRow(floors[index], remainder, rank, extra, floors[index] + extra))
    return rows


def listed_units(catalog: Catalog, quote: Quote) -> list[str]:
    """The quote's usage units in order, then each outcome's unit not listed yet."""
    listed = [line.work_unit for line in quote.usage]
    for line in quote.outcomes:
        unit = catalog.outcome(line.outcome).work_unit
        if unit not in listed:
            listed.append(unit)
    return listed


class UnitMarginSection:
    def __init__(self, workbook, sheet, catalog: Catalog, quote: Quote, places: int, schedule: ScheduleColumns,
                 rates: RateCardRefs, case: PricedCase):
        self.workbook, self.sheet, self.catalog, self.quote = workbook, sheet, catalog, quote
        self.case = case  # the expected case: what the formulas compute
        self.places, self.schedule, self.rates = places, schedule, rates
        self.units = listed_units(catalog, quote)
        self.titles = unit_titles(catalog, self.units)  # names, not ids, as the Schedule's headers
        self.usage_units = {line.work_unit for line in quote.usage}
        self.outcomes_on = {unit: [line.outcome for line in quote.outcomes
                                   if catalog.outcome(line.outcome).work_unit == unit] for unit in self.units}
        self.scale = str(10**places)
        self.unit_rows: dict[str, int] = {}

    # Formulas over the Schedule, by unit.
    def _term_sum(self, key: str) -> str:
        return f"SUM({self.schedule.range(key)})"

    def _year_sum(self, key: str, year_cell: str) -> str:
        return f"SUMIF({self.schedule.range('year')},{year_cell},{self.schedule.range(key)})"

    def build(self, row: int) -> int:
        """Lay the block out from `row`; returns the first row after it."""
        n, years = len(self.units), self.quote.contract_years
        table = row  # the per-unit result table: section, header, units, unallocated
        year_table = table + n + 4
        split = year_table + years + 3
        cost = split + years * n + 3
        self._revenue_by_year(year_table, split)
        self._cost_split(cost)
        self._results(table, year_table, split, cost)
        return cost + n + 6

    def _unit_credits(self, year) -> list[Decimal]:
        """Each listed unit's credits in a contract year (outcome units: 0)."""
        months = self.case.months[year.first_month - 1:year.first_month - 1 + year.month_count]
        found = {unit: [] for unit in self.units}
        for month in months:
            for used in month.usage:
                found[used.work_unit].append(used.credits)
        return [exact_sum(found[unit]) for unit in self.units]

    def _revenue_by_year(self, first: int, split: int) -> None:
        sheet, at, n = self.sheet, SIDE, len(self.units)
        put_text(sheet, first, at, "Revenue to split by contract year, in minor units (largest remainder)", "section")
        header_row(sheet, first + 1, ["Year", "Revenue (minor units)", "Credits (all units)", "Floor shares",
                                      "Left over", "Unallocated (no credits)"], at)
        put_text(sheet, split, at, "Revenue split by credits: the floor share, then one minor unit each to the "
                 "largest remainders (ties: the unit listed first)", "section")
        header_row(sheet, split + 1, ["Year", "Work unit", "Credits in the year", "Floor share", "Remainder",
                                      "Rank", "Extra unit", "Share (minor units)"], at)
        self.year_rows = {}
        for result in self.case.years:
            year = result.year
            r = first + 1 + year
            self.year_rows[year] = r
            put_value(sheet, r, at, year, "calc_int")
            year_cell = cell_ref(at, r)
            revenue = "+".join(self._year_sum(key, year_cell) for key in _SPLIT_LINES)
            minor = int(exact_sum(result.lines.charge(key).net for key in _SPLIT_LINES).scaleb(self.places))
            weights = self._unit_credits(result)
            rows = split_rows(minor, weights)
            whole = exact_sum(weights)
            floors = sum(row.floor for row in rows)
            put_formula(sheet, r, at + 1, round_to(f"({revenue})*{self.scale}", 0), "calc_int", minor)
            block = split + 2 + (year - 1) * n  # the year's rows in the split table
            revenue_cell, credits_cell, left_cell = cell_ref(at + 1, r), cell_ref(at + 2, r), cell_ref(at + 4, r)
            if n:
                put_formula(sheet, r, at + 2, snap(f"SUM({self._range(at + 2, block, block + n - 1)})"), "calc_credits",
                            whole)
                put_formula(sheet, r, at + 3, f"SUM({self._range(at + 3, block, block + n - 1)})", "calc_int", floors)
            else:
                put_formula(sheet, r, at + 2, "0", "calc_credits", ZERO)
                put_formula(sheet, r, at + 3, "0", "calc_int", 0)
            put_formula(sheet, r, at + 4, f"{revenue_cell}-{cell_ref(at + 3, r)}", "calc_int", minor - floors)
            put_formula(sheet, r, at + 5, f"IF({credits_cell}=0,{revenue_cell},0)", "calc_int",
                        minor if whole == 0 else 0)
            for index, unit in enumerate(self.units):
                s = block + index
                put_formula(sheet, s, at, year_cell, "calc_int", year)
                put_text(sheet, s, at + 1, self.titles[unit])
                if unit in self.usage_units:
                    credits = snap(f"{self._year_sum(f'usage:{unit}', year_cell)}*{self.rates.unit_credits[unit]}")
                else:  # an outcome's unit: outcomes burn no credits
                    credits = "0"
                put_formula(sheet, s, at + 2, credits, "calc_credits", weights[index])
                self._largest_remainder(s, block, index, revenue_cell, credits_cell, left_cell, at + 2, rows[index])

    def _largest_remainder(self, r: int, block: int, index: int, total: str, whole: str, left: str,
                           weight_at: int, values: SplitRow) -> None:
        """The five columns after a split row's weight (at `weight_at`): floor
        share, remainder, rank, extra unit, share; `total` is split in
        proportion to the weights, which sum to `whole`."""
        sheet = self.sheet
        weight = cell_ref(weight_at, r)
        share = snap(f"{total}*{weight}/{whole}")
        floor_at = weight_at + 1
        floor, remainder = cell_ref(floor_at, r), cell_ref(floor_at + 1, r)
        put_formula(sheet, r, floor_at, f"IF({whole}=0,0,ROUNDDOWN({share},0))", "calc_int", values.floor)
        # The remainder as a fraction of a minor unit, snapped again so equal
        # remainders are equal numbers (RANK and COUNTIF compare exactly).
        # Its cached value is the exact fraction's nearest double.
        put_formula(sheet, r, floor_at + 1, f"IF({whole}=0,0,{snap(f'{share}-{floor}')})", "calc_rate",
                    values.remainder)
        remainders = self._range(floor_at + 1, block, block + len(self.units) - 1)
        rank = f"RANK({remainder},{remainders},0)"
        if index:
            rank += f"+COUNTIF({self._range(floor_at + 1, block, r - 1)},{remainder})"
        put_formula(sheet, r, floor_at + 2, rank, "calc_int", values.rank)
        put_formula(sheet, r, floor_at + 3, f"IF(AND({whole}>0,{cell_ref(floor_at + 2, r)}<={left}),1,0)", "calc_int",
                    values.extra)
        put_formula(sheet, r, floor_at + 4, f"{floor}+{cell_ref(floor_at + 3, r)}", "calc_int", values.share)

    def _range(self, column: int, first: int, last: int) -> str:
        return f"{cell_ref(column, first)}:{cell_ref(column, last)}"

    def _exact_costs(self) -> list[Decimal]:
        """Each listed unit's exact cost over the term: its usage and the
        counts of the outcomes on it, times its cost to serve."""
        usage = {unit: [] for unit in self.units}
        counts = {unit: [] for unit in self.units}
        on_unit = {line.outcome: self.catalog.outcome(line.outcome).work_unit for line in self.quote.outcomes}
        for month in self.case.months:
            for used in month.usage:
                usage[used.work_unit].append(used.quantity)
            for outcome in month.outcomes:
                counts[on_unit[outcome.outcome]].append(outcome.count)
        return [exact_sum([*usage[unit], *counts[unit]]) * self.catalog.work_unit(unit).cost_to_serve
                for unit in self.units]

    def _cost_split(self, first: int) -> None:
        sheet, at, n = self.sheet, SIDE, len(self.units)
        put_text(sheet, first, at, "Cost to serve split over the term by each unit's exact cost (largest "
                 "remainder)", "section")
        put_text(sheet, first + 1, at, "Cost to serve (minor units)")
        minor = int(self.case.totals.cost_to_serve.scaleb(self.places))
        exact_costs = self._exact_costs()
        rows = split_rows(minor, exact_costs)
        put_formula(sheet, first + 1, at + 1, round_to(f"QuoteCost*{self.scale}", 0), "calc_int", minor)
        put_text(sheet, first + 2, at, "Exact cost (all units)")
        put_text(sheet, first + 3, at, "Left over")
        block = first + 5
        header_row(sheet, first + 4, ["Work unit", "Exact cost", "Floor share", "Remainder", "Rank", "Extra unit",
                                      "Cost (minor units)"], at)
        total, whole, left = cell_ref(at + 1, first + 1), cell_ref(at + 1, first + 2), cell_ref(at + 1, first + 3)
        if n:
            put_formula(sheet, first + 2, at + 1, snap(f"SUM({self._range(at + 1, block, block + n - 1)})"),
                        "calc_rate", exact_sum(exact_costs))
            put_formula(sheet, first + 3, at + 1, f"{total}-SUM({self._range(at + 2, block, block + n - 1)})",
                        "calc_int", minor - sum(row.floor for row in rows))
        else:
            put_formula(sheet, first + 2, at + 1, "0", "calc_rate", ZERO)
            put_formula(sheet, first + 3, at + 1, total, "calc_int", minor)
        self.cost_rows = {}
        for index, unit in enumerate(self.units):
            r = block + index
            self.cost_rows[unit] = r
            put_text(sheet, r, at, self.titles[unit])
            counts = [self._term_sum(f"count:{outcome}") for outcome in self.outcomes_on[unit]]
            if unit in self.usage_units:
                counts.insert(0, self._term_sum(f"usage:{unit}"))
            put_formula(sheet, r, at + 1, snap(f"({'+'.join(counts)})*{self.rates.unit_cost[unit]}"), "calc_rate",
                        exact_costs[index])
            self._largest_remainder(r, block, index, total, whole, left, at + 1, rows[index])

    def _results(self, first: int, year_table: int, split: int, cost: int) -> None:
        sheet, at, p, n = self.sheet, SIDE, self.places, len(self.units)
        put_text(sheet, first, at, "Revenue and margin by work unit (internal)", "section")
        header_row(sheet, first + 1, ["Work unit", "Credits", "Revenue", "Cost to serve", "Gross margin %"], at)
        years = self.quote.contract_years
        margins = {margin.work_unit: margin for margin in self.case.unit_margins}
        for index, unit in enumerate(self.units):
            margin = margins[unit]
            r = first + 2 + index
            self.unit_rows[unit] = r
            put_text(sheet, r, at, self.titles[unit])
            credits = "0"
            if unit in self.usage_units:
                credits = snap(f"{self._term_sum(f'usage:{unit}')}*{self.rates.unit_credits[unit]}")
            put_formula(sheet, r, at + 1, credits, "calc_credits", margin.credits)
            shares = "+".join(cell_ref(at + 7, split + 2 + (year - 1) * n + index) for year in range(1, years + 1))
            fees = "".join(f"+{self._term_sum(f'net:{outcome}')}" for outcome in self.outcomes_on[unit])
            put_formula(sheet, r, at + 2, round_to(f"({shares})/{self.scale}{fees}", p), "calc_money", margin.revenue)
            put_formula(sheet, r, at + 3, round_to(f"{cell_ref(at + 6, self.cost_rows[unit])}/{self.scale}", p),
                        "calc_money", margin.cost_to_serve)
            revenue, unit_cost = cell_ref(at + 2, r), cell_ref(at + 3, r)
            put_formula(sheet, r, at + 4,
                        f"IF({revenue}=0,0,{round_to(f'({revenue}-{unit_cost})/{revenue}*100', 2)})", "calc_percent",
                        margin.gross_margin_percent)
        r = first + 2 + n
        put_text(sheet, r, at, "Unallocated revenue")
        unallocated = self._range(at + 5, year_table + 2, year_table + 1 + years)
        put_formula(sheet, r, at + 2, round_to(f"SUM({unallocated})/{self.scale}", p), "calc_money",
                    self.case.totals.unallocated_revenue)
        put_text(sheet, r, at + 3, "Years whose usage needs no credits: nothing to split by.", "note")
        self.unallocated = define_name(self.workbook, "UnallocatedRevenue", cell_ref(at + 2, r, SHEET))

    def check_rows(self, case: PricedCase) -> list[Check]:
        rows = []
        at = SIDE
        for margin in case.unit_margins:
            r = self.unit_rows[margin.work_unit]
            rows += [
                Check(f"{margin.work_unit} credits", margin.credits, cell_ref(at + 1, r, SHEET), "number"),
                Check(f"{margin.work_unit} revenue", margin.revenue, cell_ref(at + 2, r, SHEET), "money"),
                Check(f"{margin.work_unit} cost to serve", margin.cost_to_serve, cell_ref(at + 3, r, SHEET), "money"),
                Check(f"{margin.work_unit} gross margin %", margin.gross_margin_percent, cell_ref(at + 4, r, SHEET),
                      "number"),
            ]
        rows.append(Check("Unallocated revenue", case.totals.unallocated_revenue, self.unallocated, "money"))
        return rows
