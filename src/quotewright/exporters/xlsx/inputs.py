"""The Inputs sheet: the quote's assumptions as plain values a reader may
change, and a small block of terms derived from them by formula."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from ...domain.catalog import Catalog
from ...domain.charges import Terms
from ...domain.money import EXACT, ZERO
from ...domain.quote import Quote
from ...domain.result import PricedQuote
from ...domain.schedules import schedule_amount
from ...domain.seats import billable_seats
from .cells import cell_ref, define_name, header_row, put_formula, put_text, put_value, range_ref, set_widths
from .rate_card import RateCardRefs
from .validation import InputRules, number_rule, range_rule

PACKS_AS_EXPORTED = "Packs as exported; Quotewright's choice for these inputs may differ."

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
    start: dt.date | None = None  # the contract start: ContractStart exists

    def series_cell(self, key: str, month: int) -> str | None:
        """The month's value of a series line, or None for a line with growth."""
        if key not in self.series:
            return None
        column, first = self.series[key]
        return cell_ref(column, first + month - 1, SHEET)


@dataclass(frozen=True)
class ExportFacts:
    """What the workbook says about itself and its quote beyond the inputs."""

    prepared_by: str = ""
    exported_by: str = ""  # "Quotewright 0.1.0"
    exported_at: str = ""  # "2026-12-01 22:49 UTC"


class InputsSheet:
    def __init__(self, workbook, sheet, catalog: Catalog, quote: Quote, priced: PricedQuote, rates: RateCardRefs,
                 rules: InputRules, facts: ExportFacts = ExportFacts()):
        self.workbook, self.sheet = workbook, sheet
        self.catalog, self.quote, self.priced, self.rates = catalog, quote, priced, rates
        self.rules, self.facts = rules, facts
        self.refs = InputRefs()
        self.row = 1

    def build(self) -> InputRefs:
        sheet, quote = self.sheet, self.quote
        put_text(sheet, 1, 1, f"Inputs: quote {quote.id} for {quote.customer.name}", "title")
        put_text(sheet, 2, 1, "Yellow cells are inputs: change one and the whole model recalculates. "
                 "The Schedule has one row per month of the term; the Checks sheet says when an input breaks a "
                 "rule.", "note")
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

    def _input(self, label: str, value, style: str, name: str, note: str = "", kind: str = "") -> str:
        put_text(self.sheet, self.row, 1, label)
        if style.endswith("_text"):
            put_text(self.sheet, self.row, 2, value, style)
        else:
            put_value(self.sheet, self.row, 2, value, style)
        if note:
            put_text(self.sheet, self.row, 3, note, "note")
        if kind:
            self.rules.validate(self.sheet, self.row, 2, kind)
        self.refs.cells[name] = (self.row, 2)
        define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
        self.row += 1
        return name

    def _date(self, label: str, value: dt.date | None, name: str = "") -> None:
        put_text(self.sheet, self.row, 1, label)
        if value is None:
            put_text(self.sheet, self.row, 2, "not set", "note")
        else:
            put_value(self.sheet, self.row, 2, value, "calc_date")
            if name:
                define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
        self.row += 1

    def _quote(self) -> None:
        quote, catalog, facts = self.quote, self.catalog, self.facts
        plan = catalog.plan(quote.plan)
        self._section("Quote")
        self._text("Quote id", quote.id)
        self._text("Customer", quote.customer.name)
        self._date("Quote date", quote.date)
        self._date("Valid until", quote.valid_until)
        self._date("Contract start", quote.start_date, "ContractStart")
        self.refs.start = quote.start_date
        self._text("Prepared by", facts.prepared_by or "not set")
        self._text("Catalog", f"{catalog.name} {catalog.version}")
        self._text("Currency", catalog.currency)
        self._text("Plan", f"{plan.name} ({plan.id})")
        self._text("Exported by", f"{facts.exported_by}, {facts.exported_at}" if facts.exported_at
                   else facts.exported_by)
        # The term is a fact of the export, not an input: the Schedule has one
        # row per month, so a different term needs a new export. The Checks
        # sheet compares it with the Schedule's rows.
        self._input("Term (months)", quote.term_months, "calc_int", "TermMonths",
                    "A fact of this export, not an input: the Schedule has one row per month; export again for "
                    "another term.")
        self._input("Billing", quote.billing, "input_text", "Billing", 'Type "monthly" or "annual".', "billing")
        self.rules.rule('Billing is "monthly" or "annual"', 'OR(EXACT(Billing,"monthly"),EXACT(Billing,"annual"))')
        self._input("Seats", quote.seats, "input_int", "Seats", "", "whole")
        self.rules.rule("Seats is a whole number, 0 or more", number_rule("Seats", "0", whole=True))
        self._input("Usage multiplier", 1, "input_rate", "Multiplier",
                    "1 is the expected case; type a scenario's multiplier (listed below) to see it.", "positive")
        self.rules.rule("Usage multiplier is above 0", number_rule("Multiplier", "0", above=True))
        discounts = quote.discounts
        names = []
        for label, value, name in [
            ("Subscription discount %", discounts.subscription_percent, "SubscriptionDiscount"),
            ("Credit packs discount %", discounts.credit_packs_percent, "CreditPacksDiscount"),
            ("Overage discount %", discounts.overage_percent, "OverageDiscount"),
            ("Outcomes discount %", discounts.outcomes_percent, "OutcomesDiscount"),
        ]:
            names.append(self._input(label, value, "input_percent", name, "", "percent"))
        self.rules.rule("Discounts are from 0 to 100%",
                        f"AND({','.join(number_rule(name, '0', high='100') for name in names)})")
        self.row += 1

    def _growth_table(self, title: str, lines, key, names, store: dict) -> None:
        if not lines:
            return
        sheet = self.sheet
        self._section(title)
        header_row(sheet, self.row, ["Id", "Name", "Per month (month 1)", "Growth % per month"])
        self.row += 1
        first, growing = self.row, 0
        for line in lines:
            ident = key(line)
            put_text(sheet, self.row, 1, ident)
            put_text(sheet, self.row, 2, names[ident])
            if line.series is None:
                put_value(sheet, self.row, 3, line.monthly, "input_rate")
                put_value(sheet, self.row, 4, line.growth_percent, "input_percent")
                self.rules.validate(sheet, self.row, 3, "nonnegative")
                self.rules.validate(sheet, self.row, 4, "growth")
                growing += 1
            else:  # the month-by-month block below holds its values; it has no growth
                put_text(sheet, self.row, 3, "Month by month (below)", "note")
            store[ident] = (cell_ref(3, self.row, SHEET), cell_ref(4, self.row, SHEET))
            self.refs.cells[f"{title}:{ident}"] = (self.row, 3)
            self.row += 1
        if growing:
            last = self.row - 1
            what = title.split(" (")[0]
            self.rules.rule(f"{what}: per month >= 0, growth > -100%", "AND(" + ",".join([
                range_rule(range_ref(3, first, last, SHEET), growing, "0"),
                range_rule(range_ref(4, first, last, SHEET), growing, "-100", above=True)]) + ")")
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
        last_column, last_row = 1 + len(lines), self.row - 1
        self.rules.validate(sheet, first, 2, "nonnegative", last_row, last_column)
        block = range_ref(2, first, last_row, SHEET, last_column)
        self.rules.rule("Usage and outcomes by month: 0 or more",
                        range_rule(block, len(lines) * self.quote.term_months, "0"))
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
                    "OverageCap", "The most a month's overage bills, at list and net; the credits are still served.",
                    "nonnegative")
        self.rules.rule("Overage cap is blank or 0 or more", f'OR(OverageCap="",{number_rule("OverageCap", "0")})')
        header_row(sheet, self.row, ["Credit alert", "Percent of the year's credits"])
        self.row += 1
        for index, percent in enumerate(protection.alert_percents, 1):
            put_value(sheet, self.row, 1, index, "calc_int")
            put_value(sheet, self.row, 2, percent, "input_percent")
            self.refs.alert_percents.append(cell_ref(2, self.row, SHEET))
            self.refs.cells[f"alert:{index}"] = (self.row, 2)
            self.rules.validate(sheet, self.row, 2, "alert")
            self.row += 1
        if protection.alert_percents:
            self.rules.rule("Credit alerts are above 0% and at most 100%", "AND(" + ",".join(
                number_rule(ref, "0", above=True, high="100") for ref in self.refs.alert_percents) + ")")
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
        chosen = "Chosen by Quotewright for the lowest packs + overage (auto). " if self.quote.auto_packs else ""
        for year, packs in enumerate(self.priced.credit_packs_per_year, 1):
            put_value(sheet, self.row, 1, year, "calc_int")
            put_value(sheet, self.row, 2, packs, "input_int")
            if year == 1:  # packs are bought before usage is known: a usage edit keeps them (PRICING.md 5.9)
                put_text(sheet, self.row, 3, chosen + PACKS_AS_EXPORTED, "note")
            self.refs.cells[f"packs:{year}"] = (self.row, 2)
            self.row += 1
        packs = define_name(self.workbook, "PacksPerYear", range_ref(2, first, self.row - 1, SHEET))
        self.rules.validate(sheet, first, 2, "whole", self.row - 1)
        years = len(self.priced.credit_packs_per_year)
        self.rules.rule("Packs are whole numbers, 0 or more", range_rule(packs, years, "0", whole=True))
        if self.catalog.plan(self.quote.plan).credit_pack is None:
            self.rules.rule("No packs on a plan without credit packs", f"SUM({packs})=0")
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
        catalog, quote = self.catalog, self.quote
        plan = catalog.plan(quote.plan)
        with localcontext(EXACT):  # the factors exactly as the engine multiplies them
            terms = Terms.of(catalog, quote)
        billable = billable_seats(plan, quote.seats)
        seats_exact = ZERO
        seat_amount = "0"
        if rates.seat_price is not None:
            seat_amount = f"IF(BillableSeats=0,0,{rates.seat_price.amount('BillableSeats')})"
            if billable:
                seats_exact = schedule_amount(plan.seat_price, Decimal(billable))
        self._section("Derived terms (formulas)")
        derived = [
            ("Term discount %", "TermDiscount", "calc_percent",
             f"SUMPRODUCT(({rates.term_months}=SUMPRODUCT(MAX(({rates.term_months}<=TermMonths)*{rates.term_months})))"
             f"*{rates.term_percents})", "The discount of the longest term the quote reaches.",
             terms.term_discount_percent),
            ("Prepay discount % applied", "PrepayApplied", "calc_percent",
             'IF(Billing="annual",PrepayDiscount,0)', "Only for annual billing.", terms.prepay_discount_percent),
            ("Subscription factor", "SubscriptionFactor", "calc_factor",
             "(1-SubscriptionDiscount/100)*(1-TermDiscount/100)*(1-PrepayApplied/100)",
             "Platform and seats: discounts compound.", terms.subscription_factor),
            ("Credit packs factor", "PackFactor", "calc_factor", "(1-CreditPacksDiscount/100)*(1-TermDiscount/100)", "",
             terms.pack_factor),
            ("Overage factor", "OverageFactor", "calc_factor", "1-OverageDiscount/100", "", terms.overage_factor),
            ("Outcomes factor", "OutcomeFactor", "calc_factor", "1-OutcomesDiscount/100", "", terms.outcome_factor),
            ("Billable seats", "BillableSeats", "calc_int", "MAX(0,MAX(Seats,MinSeats)-IncludedSeats)",
             "The larger of seats and the minimum, less included seats.", billable),
            ("Seats amount per month (list, exact)", "SeatsAmount", "calc_rate", seat_amount,
             "The seat price schedule on billable seats.", seats_exact),
        ]
        for label, name, style, formula, note, value in derived:
            put_text(sheet, self.row, 1, label)
            put_formula(sheet, self.row, 2, formula, style, value)
            if note:
                put_text(sheet, self.row, 3, note, "note")
            define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
            self.row += 1
