"""The Inputs sheet: the quote's assumptions as plain values a reader may
change, and a small block of terms derived from them by formula."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.catalog import Catalog
from ...domain.quote import Quote
from ...domain.result import PricedQuote
from .cells import cell_ref, define_name, header_row, put_formula, put_text, put_value, range_ref, set_widths
from .rate_card import RateCardRefs

SHEET = "Inputs"


@dataclass
class InputRefs:
    usage: dict[str, tuple[str, str]] = field(default_factory=dict)  # unit -> (monthly, growth)
    outcomes: dict[str, tuple[str, str]] = field(default_factory=dict)  # outcome -> (monthly, growth)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # input name -> (row, column), for tests
    # "usage:<unit>" / "outcome:<id>" -> (column, row of month 1) in the month-by-month block (PRICING.md 9)
    series: dict[str, tuple[int, int]] = field(default_factory=dict)
    spend: bool = False  # the quote has spend protection: OverageCap and the alert percents exist
    alert_percents: list[str] = field(default_factory=list)  # one cell per alert percent, in order

    def series_cell(self, key: str, month: int) -> str | None:
        """The month's value of a series line, or None for a line with growth."""
        if key not in self.series:
            return None
        column, first = self.series[key]
        return cell_ref(column, first + month - 1, SHEET)


class InputsSheet:
    def __init__(self, workbook, sheet, catalog: Catalog, quote: Quote, priced: PricedQuote, rates: RateCardRefs):
        self.workbook, self.sheet = workbook, sheet
        self.catalog, self.quote, self.priced, self.rates = catalog, quote, priced, rates
        self.refs = InputRefs()
        self.row = 1

    def build(self) -> InputRefs:
        sheet, quote = self.sheet, self.quote
        put_text(sheet, 1, 1, f"Inputs: quote {quote.id} for {quote.customer.name}", "title")
        put_text(sheet, 2, 1, "Yellow cells are inputs: change one and the whole model recalculates. "
                 "The Schedule has one row per month of the term.", "note")
        self.row = 4
        self._quote()
        self._usage()
        self._outcomes()
        self._series()
        self._spend_protection()
        self._packs()
        self._scenarios()
        self._derived()
        set_widths(sheet, {1: 34, 2: 30, 3: 18, 4: 18, 5: 60})
        return self.refs

    def _section(self, title: str) -> None:
        put_text(self.sheet, self.row, 1, title, "section")
        self.row += 1

    def _text(self, label: str, text: str) -> None:
        put_text(self.sheet, self.row, 1, label)
        put_text(self.sheet, self.row, 2, text)
        self.row += 1

    def _input(self, label: str, value, style: str, name: str, note: str = "") -> str:
        put_text(self.sheet, self.row, 1, label)
        if style.endswith("_text"):
            put_text(self.sheet, self.row, 2, value, style)
        else:
            put_value(self.sheet, self.row, 2, value, style)
        if note:
            put_text(self.sheet, self.row, 3, note, "note")
        self.refs.cells[name] = (self.row, 2)
        define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
        self.row += 1
        return name

    def _quote(self) -> None:
        quote, catalog = self.quote, self.catalog
        plan = catalog.plan(quote.plan)
        self._section("Quote")
        self._text("Quote id", quote.id)
        self._text("Customer", quote.customer.name)
        self._text("Catalog", f"{catalog.name} {catalog.version}")
        self._text("Currency", catalog.currency)
        self._text("Plan", f"{plan.name} ({plan.id})")
        self._input("Term (months)", quote.term_months, "calc_int", "TermMonths",
                    "Fixed: the Schedule has one row per month; export again for another term.")
        self._input("Billing", quote.billing, "input_text", "Billing", 'Type "monthly" or "annual".')
        self._input("Seats", quote.seats, "input_int", "Seats")
        self._input("Usage multiplier", 1, "input_rate", "Multiplier",
                    "1 is the expected case; type a scenario's multiplier (listed below) to see it.")
        discounts = quote.discounts
        self._input("Subscription discount %", discounts.subscription_percent, "input_percent", "SubscriptionDiscount")
        self._input("Credit packs discount %", discounts.credit_packs_percent, "input_percent", "CreditPacksDiscount")
        self._input("Overage discount %", discounts.overage_percent, "input_percent", "OverageDiscount")
        self._input("Outcomes discount %", discounts.outcomes_percent, "input_percent", "OutcomesDiscount")
        self.row += 1

    def _growth_table(self, title: str, lines, key, names, store: dict) -> None:
        if not lines:
            return
        sheet = self.sheet
        self._section(title)
        header_row(sheet, self.row, ["Id", "Name", "Per month (month 1)", "Growth % per month"])
        self.row += 1
        for line in lines:
            ident = key(line)
            put_text(sheet, self.row, 1, ident)
            put_text(sheet, self.row, 2, names[ident])
            if line.series is None:
                put_value(sheet, self.row, 3, line.monthly, "input_rate")
                put_value(sheet, self.row, 4, line.growth_percent, "input_percent")
            else:  # the month-by-month block below holds its values; it has no growth
                put_text(sheet, self.row, 3, "Month by month (below)", "note")
            store[ident] = (cell_ref(3, self.row, SHEET), cell_ref(4, self.row, SHEET))
            self.refs.cells[f"{title}:{ident}"] = (self.row, 3)
            self.row += 1
        self.row += 1

    def _usage(self) -> None:
        names = {unit.id: unit.name for unit in self.catalog.work_units}
        self._growth_table("Usage per work unit", self.quote.usage, lambda line: line.work_unit, names,
                           self.refs.usage)

    def _outcomes(self) -> None:
        names = {outcome.id: outcome.name for outcome in self.catalog.outcomes}
        self._growth_table("Outcome add-ons (outcomes per month)", self.quote.outcomes, lambda line: line.outcome,
                           names, self.refs.outcomes)

    def _series(self) -> None:
        """Lines given month by month (a ramp, imported usage): one input
        row per month, one column per line, so any month can be changed."""
        lines = [(f"usage:{line.work_unit}", line.work_unit, line.series) for line in self.quote.usage
                 if line.series is not None]
        lines += [(f"outcome:{line.outcome}", line.outcome, line.series) for line in self.quote.outcomes
                  if line.series is not None]
        if not lines:
            return
        sheet = self.sheet
        self._section("Usage and outcomes by month (series: the count for each month, times the usage multiplier)")
        header_row(sheet, self.row, ["Month", *[ident for _, ident, _ in lines]])
        self.row += 1
        first = self.row
        for month in range(1, self.quote.term_months + 1):
            put_value(sheet, self.row, 1, month, "calc_int")
            self.row += 1
        for offset, (key, _, values) in enumerate(lines):
            column = 2 + offset
            for month, value in enumerate(values, 1):
                put_value(sheet, first + month - 1, column, value, "input_rate")
            self.refs.series[key] = (column, first)
            self.refs.cells[f"series:{key}"] = (first, column)
        self.row += 1

    def _spend_protection(self) -> None:
        """The overage cap (blank: none) and the alert percents (PRICING.md 10)."""
        protection = self.quote.spend_protection
        if protection is None:
            return
        sheet = self.sheet
        self.refs.spend = True
        self._section("Spend protection")
        self._input("Overage cap per month (blank: none)", protection.overage_cap_monthly, "input_money",
                    "OverageCap", "The most a month's overage bills, at list and net; the credits are still served.")
        header_row(sheet, self.row, ["Credit alert", "Percent of the year's credits"])
        self.row += 1
        for index, percent in enumerate(protection.alert_percents, 1):
            put_value(sheet, self.row, 1, index, "calc_int")
            put_value(sheet, self.row, 2, percent, "input_percent")
            self.refs.alert_percents.append(cell_ref(2, self.row, SHEET))
            self.refs.cells[f"alert:{index}"] = (self.row, 2)
            self.row += 1
        if not protection.alert_percents:
            put_text(sheet, self.row, 1, "No credit alerts on this quote.", "note")
            self.row += 1
        self.row += 1

    def _packs(self) -> None:
        sheet = self.sheet
        self._section("Credit packs bought per contract year")
        header_row(sheet, self.row, ["Contract year", "Packs"])
        self.row += 1
        first = self.row
        note = "Chosen by Quotewright for the lowest packs + overage (auto)." if self.quote.auto_packs else ""
        for year, packs in enumerate(self.priced.credit_packs_per_year, 1):
            put_value(sheet, self.row, 1, year, "calc_int")
            put_value(sheet, self.row, 2, packs, "input_int")
            if note and year == 1:
                put_text(sheet, self.row, 3, note, "note")
            self.refs.cells[f"packs:{year}"] = (self.row, 2)
            self.row += 1
        define_name(self.workbook, "PacksPerYear", range_ref(2, first, self.row - 1, SHEET))
        self.row += 1

    def _scenarios(self) -> None:
        if not self.quote.scenario_multipliers:
            return
        sheet = self.sheet
        self._section("Usage scenarios on this quote (type one into Usage multiplier)")
        header_row(sheet, self.row, ["Scenario", "Multiplier"])
        self.row += 1
        for name, multiplier in self.quote.scenario_multipliers.items():
            put_text(sheet, self.row, 1, name)
            put_value(sheet, self.row, 2, multiplier, "calc_rate")
            self.row += 1
        self.row += 1

    def _derived(self) -> None:
        rates, sheet = self.rates, self.sheet
        self._section("Derived terms (formulas)")
        seat_amount = "0"
        if rates.seat_price is not None:
            seat_amount = f"IF(BillableSeats=0,0,{rates.seat_price.amount('BillableSeats')})"
        derived = [
            ("Term discount %", "TermDiscount", "calc_percent",
             f"SUMPRODUCT(({rates.term_months}=SUMPRODUCT(MAX(({rates.term_months}<=TermMonths)*{rates.term_months})))"
             f"*{rates.term_percents})", "The discount of the longest term the quote reaches."),
            ("Prepay discount % applied", "PrepayApplied", "calc_percent",
             'IF(Billing="annual",PrepayDiscount,0)', "Only for annual billing."),
            ("Subscription factor", "SubscriptionFactor", "calc_factor",
             "(1-SubscriptionDiscount/100)*(1-TermDiscount/100)*(1-PrepayApplied/100)",
             "Platform and seats: discounts compound."),
            ("Credit packs factor", "PackFactor", "calc_factor", "(1-CreditPacksDiscount/100)*(1-TermDiscount/100)", ""),
            ("Overage factor", "OverageFactor", "calc_factor", "1-OverageDiscount/100", ""),
            ("Outcomes factor", "OutcomeFactor", "calc_factor", "1-OutcomesDiscount/100", ""),
            ("Billable seats", "BillableSeats", "calc_int", "MAX(0,MAX(Seats,MinSeats)-IncludedSeats)",
             "The larger of seats and the minimum, less included seats."),
            ("Seats amount per month (list, exact)", "SeatsAmount", "calc_rate", seat_amount,
             "The seat price schedule on billable seats."),
        ]
        for label, name, style, formula, note in derived:
            put_text(sheet, self.row, 1, label)
            put_formula(sheet, self.row, 2, formula, style)
            if note:
                put_text(sheet, self.row, 3, note, "note")
            define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
            self.row += 1
