"""Spend protection on the Summary sheet (PRICING.md 10): the overage the
cap waives, each contract year's credit allowance, and the month each
credit alert fires, all formulas over the Schedule and the Inputs.

The block sits to the right of the Summary's own tables (from column I),
so a quote without spend protection keeps every Summary cell where it was.
"""

from __future__ import annotations

from ...domain.catalog import Plan
from ...domain.money import EXACT, ZERO
from ...domain.quote import Quote
from ...domain.result import PricedCase
from .cells import cell_ref, define_name, header_row, put_formula, put_text, put_value, snap
from .checks import Check
from .inputs import InputRefs
from .schedule import ScheduleColumns
from .summary import SHEET

SIDE = 9  # column I: right of the Summary's tables (A-G) and a spacer
NOT_REACHED = "not reached"


class SpendSection:
    def __init__(self, workbook, sheet, quote: Quote, places: int, schedule: ScheduleColumns, inputs: InputRefs,
                 case: PricedCase, plan: Plan):
        self.workbook, self.sheet, self.quote, self.places = workbook, sheet, quote, places
        self.schedule, self.inputs = schedule, inputs
        self.case, self.plan = case, plan  # the expected case: what the formulas compute
        self.row = 4
        self.checks: list[Check] = []
        self._alert_cells: dict[tuple[int, int], str] = {}  # (percent index, year) -> month cell

    def build(self, row: int) -> int:
        """Lay the block out from `row`; returns the first row after it."""
        if not self.inputs.spend:
            return row
        self.row = row
        sheet, at = self.sheet, SIDE
        put_text(sheet, self.row, at, "Spend protection", "section")
        self.row += 1
        put_text(sheet, self.row, at, "Overage cap per month")
        cap = self.quote.spend_protection.overage_cap_monthly
        put_formula(sheet, self.row, at + 1, 'IF(OverageCap="","none",OverageCap)', "calc_money",
                    "none" if cap is None else cap)
        self.row += 1
        put_text(sheet, self.row, at, "Overage waived by the cap")
        put_formula(sheet, self.row, at + 1, f"ROUND(SUM({self.schedule.range('overage_waived')}),{self.places})",
                    "calc_money", self.case.totals.overage_waived)
        put_text(sheet, self.row, at + 2, "Net overage before the cap less after it, month by month.", "note")
        self.waived = define_name(self.workbook, "OverageWaived", cell_ref(at + 1, self.row, SHEET))
        self.row += 2
        allowances = self._allowances()
        self._alerts(allowances)
        return self.row + 1

    def _allowances(self) -> dict[int, tuple[str, str, str]]:
        """Per contract year: (months, allowance, year cell), for the alerts."""
        sheet, at, schedule = self.sheet, SIDE, self.schedule
        put_text(sheet, self.row, at, "Credit allowance by contract year", "section")
        self.row += 1
        header_row(sheet, self.row, ["Year", "Months", "Allowance (credits)", "Credits used in the year"], at)
        self.row += 1
        years, found = schedule.range("year"), {}
        pack_size = self.plan.credit_pack.size if self.plan.credit_pack else ZERO
        self.allowance_values = {}
        for result in self.case.years:
            year, r = result.year, self.row
            put_value(sheet, r, at, year, "calc_int")
            year_cell = cell_ref(at, r)
            allowance = EXACT.add(EXACT.multiply(self.plan.included_credits, result.month_count),
                                  EXACT.multiply(result.credit_packs, pack_size))
            self.allowance_values[year] = allowance
            put_formula(sheet, r, at + 1, f"COUNTIF({years},{year_cell})", "calc_int", result.month_count)
            put_formula(sheet, r, at + 2,
                        snap(f"IncludedCredits*{cell_ref(at + 1, r)}+INDEX(PacksPerYear,{year_cell})*PackSize"),
                        "calc_credits", allowance)
            put_formula(sheet, r, at + 3, snap(f"SUMIF({years},{year_cell},{schedule.range('need')})"), "calc_credits",
                        result.credits_needed)
            found[year] = (cell_ref(at + 1, r), cell_ref(at + 2, r), year_cell)
            self.row += 1
        self.row += 1
        return found

    def _alerts(self, allowances: dict[int, tuple[str, str, str]]) -> None:
        """One row per year and percent, in firing order: within a year the
        months never decrease as the percent rises (use only grows), so year
        by year, percent by percent, is the order the engine lists them."""
        sheet, at, schedule = self.sheet, SIDE, self.schedule
        put_text(sheet, self.row, at, "Credit alerts", "section")
        self.row += 1
        header_row(sheet, self.row, ["Percent", "Year", "Credits at the alert", "Month reached"], at)
        self.row += 1
        years, used = schedule.range("year"), schedule.range("used_in_year")
        percents = self.quote.spend_protection.alert_percents
        fired = {(alert.percent, alert.year): alert.month for alert in self.case.alerts}
        for year, (months, allowance, year_cell) in allowances.items():
            for index, percent in enumerate(self.inputs.alert_percents):
                r = self.row
                value = percents[index]
                put_formula(sheet, r, at, percent, "calc_percent", value)
                put_formula(sheet, r, at + 1, year_cell, "calc_int", year)
                threshold = cell_ref(at + 2, r)
                put_formula(sheet, r, at + 2, snap(f"{allowance}*{cell_ref(at, r)}/100"), "calc_credits",
                            EXACT.divide(EXACT.multiply(self.allowance_values[year], value), 100))
                # The months of the year before the use so far reaches the
                # threshold; none left over: the alert does not fire.
                before = f"SUMPRODUCT(({years}={year_cell})*({used}<{threshold}))"
                first_month = f"({year_cell}-1)*12+1"
                put_formula(sheet, r, at + 3,
                            f'IF(OR({allowance}=0,{before}={months}),"{NOT_REACHED}",{first_month}+{before})',
                            "calc_int", fired.get((value, year), NOT_REACHED))
                self._alert_cells[(index, year)] = cell_ref(at + 3, r, SHEET)
                self.row += 1
        if not self.inputs.alert_percents:  # below a blank row: the table itself is empty
            put_text(sheet, self.row + 1, at, "No credit alerts on this quote.", "note")
            self.row += 2

    def check_rows(self, case: PricedCase) -> list[Check]:
        """The engine's waived overage and alerts beside these formulas."""
        if not self.inputs.spend:
            return []
        rows = [Check(f"Month {m.month} overage waived", m.overage_waived, self.schedule.cell("overage_waived", m.month),
                      "money") for m in case.months]
        rows.append(Check("Overage waived", case.totals.overage_waived, self.waived, "money"))
        fired = {(alert.percent, alert.year): alert.month for alert in case.alerts}
        percents = self.quote.spend_protection.alert_percents
        for (index, year), ref in self._alert_cells.items():
            percent = percents[index]
            rows.append(Check(f"Alert {percent}% year {year} month", fired.get((percent, year), NOT_REACHED), ref,
                              "exact"))
        return rows

