"""The Summary sheet: years, TCV, ACV, list vs net, effective discount,
gross margin, approval and invoices, all formulas over the Schedule."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.catalog import Catalog
from ...domain.commitment import committed_and_estimated
from ...domain.money import round_percent
from ...domain.quote import Quote
from ...domain.result import LINE_NAMES, PricedQuote
from ...formatting import format_phrase
from .cells import cell_ref, define_name, header_row, put_formula, put_text, put_value, round_to, set_widths, snap
from .rate_card import SHEET as RATE_CARD
from .rate_card import RateCardRefs
from .schedule import ScheduleColumns

SHEET = "Summary"


@dataclass
class SummaryRefs:
    figures: dict[str, str] = field(default_factory=dict)  # key -> cell reference
    years: dict[int, tuple[str, str]] = field(default_factory=dict)  # year -> (list, net)
    totals: dict[str, str] = field(default_factory=dict)  # "years" / "lines" / "invoices" -> its total's cell


class SummarySheet:
    def __init__(self, workbook, sheet, quote_id: str, quote: Quote, priced: PricedQuote, catalog: Catalog,
                 schedule: ScheduleColumns, rates: RateCardRefs):
        self.workbook, self.sheet = workbook, sheet
        self.quote_id, self.term, self.year_count = quote_id, priced.term_months, len(priced.years)
        self.places, self.priced, self.catalog = priced.minor_units, priced, catalog
        self.schedule, self.rates = schedule, rates
        self.quote_discounts = quote.discounts
        self.refs = SummaryRefs()
        self.row = 1

    def _sum(self, *keys: str) -> str:
        return "+".join(f"SUM({self.schedule.range(key)})" for key in keys)

    def build(self) -> SummaryRefs:
        sheet, p = self.sheet, self.places
        totals = self.priced.totals
        committed, estimated = committed_and_estimated(self.priced.expected)
        put_text(sheet, 1, 1, f"Summary: quote {self.quote_id}", "title")
        put_text(sheet, 2, 1, "Every figure is a formula over the Schedule; the Checks sheet compares them with "
                 "Quotewright's own figures.", "note")
        self.row = 4
        header_row(sheet, self.row, ["Figure", "Value", "How it is computed"])
        self.row += 1
        figures = [
            ("tcv", "Total contract value (TCV)", "QuoteTCV", f"ROUND({self._sum('total')},{p})", "money",
             "Sum of the monthly totals.", totals.tcv),
            ("list_tcv", "List TCV", "QuoteListTCV", f"ROUND({self._sum('list_total')},{p})", "money",
             "Sum of the monthly list totals.", totals.list_tcv),
            ("discount", "Discount", "QuoteDiscount", f"ROUND(QuoteListTCV-QuoteTCV,{p})", "money", "List - net.",
             totals.discount),
            ("effective_discount_percent", "Effective discount %", "EffectiveDiscountPct",
             f"IF(QuoteListTCV=0,0,{round_to('QuoteDiscount/QuoteListTCV*100', 2)})", "percent",
             "Discount / list TCV.", totals.effective_discount_percent),
            ("committed_tcv", "Committed TCV", "CommittedTCV",
             f"ROUND({self._sum('platform', 'seats', 'credit_packs')},{p})", "money",
             "Platform, seats and credit packs: what the customer commits to.", committed),
            ("usage_based_tcv", "Usage-based TCV (estimated)", "UsageBasedTCV", f"ROUND(QuoteTCV-CommittedTCV,{p})",
             "money", "Overage and outcome fees: they follow the usage forecast.", estimated),
            ("committed_list_tcv", "Committed list TCV", "CommittedListTCV",
             f"ROUND({self._sum('platform_list', 'seats_list', 'credit_packs_list')},{p})", "money", "",
             totals.committed_list_tcv),
            ("committed_discount_percent", "Committed discount %", "CommittedDiscountPct",
             f"IF(CommittedListTCV=0,0,{round_to('(CommittedListTCV-CommittedTCV)/CommittedListTCV*100', 2)})",
             "percent", "Decides the approval level with the overage and outcome discounts.",
             totals.committed_discount_percent),
            ("acv", "Annual contract value (ACV)", "QuoteACV", round_to("QuoteTCV*12/TermMonths", p), "money",
             "TCV x 12 / term.", totals.acv),
            ("cost_to_serve", "Cost to serve (internal)", "QuoteCost", f"ROUND({self._sum('cost_to_serve')},{p})",
             "money", "Usage and outcomes x each unit's cost to serve.", totals.cost_to_serve),
            ("gross_margin", "Gross margin (internal)", "GrossMargin", f"ROUND(QuoteTCV-QuoteCost,{p})", "money", "",
             totals.gross_margin),
            ("gross_margin_percent", "Gross margin % (internal)", "GrossMarginPct",
             f"IF(QuoteTCV=0,0,{round_to('(QuoteTCV-QuoteCost)/QuoteTCV*100', 2)})", "percent",
             "Compared with the margin floor for approval.", totals.gross_margin_percent),
            ("breakage_credits", "Prepaid credits expiring unused", "BreakageCredits",
             snap(f"SUM({self.schedule.range('breakage')})"), "credits", "Pack credits left at each year's end.",
             totals.breakage_credits),
        ]
        for key, label, name, formula, kind, how, value in figures:
            self._figure(key, label, name, formula, f"calc_{kind}", how, value)
        self._approval()
        self._messages()
        self._years()
        self._lines()
        self._invoices()
        # A-G: the Summary's tables; from I: the spend and per-unit blocks.
        # J holds the work unit's name in the revenue split table.
        set_widths(sheet, {1: 34, 2: 18, 3: 18, 4: 18, 5: 18, 6: 18, 7: 18, 8: 4, 9: 30, 10: 26,
                           **{column: 22 for column in range(11, 17)}})
        sheet.freeze_panes = "A5"
        return self.refs

    def _figure(self, key: str, label: str, name: str, formula: str, style: str, how: str, value) -> None:
        put_text(self.sheet, self.row, 1, label)
        put_formula(self.sheet, self.row, 2, formula, style, value)
        if how:
            put_text(self.sheet, self.row, 3, how, "note")
        define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
        self.refs.figures[key] = cell_ref(2, self.row, SHEET)
        self.row += 1

    def _approval(self) -> None:
        sheet, rates = self.sheet, self.rates
        priced = self.priced
        self.row += 1
        put_text(sheet, self.row, 1, "Approval", "section")
        self.row += 1
        header_row(sheet, self.row, ["Level", "Max discount %", "Covers this quote (1 = yes)"])
        self.row += 1
        first = self.row
        # Every comparison uses the figures as reported, at 2 decimals, like
        # the engine (PRICING.md 6): an overage discount of 10.004 is 10.00,
        # within a 10% limit. The committed discount and the gross margin are
        # reported figures already; the quote's own discounts are inputs at
        # any precision, so they are rounded here.
        asks = ("CommittedDiscountPct", round_to("OverageDiscount", 2), round_to("OutcomesDiscount", 2))
        discounts = self.priced_discounts()
        for source, level in zip(rates.role_rows, self.catalog.approval.levels):
            put_formula(sheet, self.row, 1, cell_ref(1, source, RATE_CARD), "calc_text", level.role)
            put_formula(sheet, self.row, 2, cell_ref(2, source, RATE_CARD), "calc_percent", level.max_discount_percent)
            limit = cell_ref(2, self.row, absolute=False)
            covers = ",".join(f"{limit}>={ask}" for ask in asks)
            put_formula(sheet, self.row, 3, f"IF(AND({covers}),1,0)", "calc_int",
                        int(all(level.max_discount_percent >= ask for ask in discounts)))
            self.row += 1
        covers = f"$C${first}:$C${self.row - 1}"
        names = f"$A${first}:$A${self.row - 1}"
        self._figure(
            "approval", "Approval level needed", "ApprovalLevel",
            f"IF(GrossMarginPct<MarginFloor,{rates.last_role},IFERROR(INDEX({names},MATCH(1,{covers},0)),{rates.last_role}))",
            "calc_text",
            "The first level that covers every discount, each at 2 decimals as reported; the last if none does "
            "or margin is under the floor.",
            priced.approval.level if priced.approval else "",
        )

    def priced_discounts(self) -> tuple:
        """The three discounts the approval compares, as the engine reports them."""
        discounts = self.quote_discounts
        return (self.priced.totals.committed_discount_percent, round_percent(discounts.overage_percent),
                round_percent(discounts.outcomes_percent))

    def _messages(self) -> None:
        """Why the approval level is what it is, and the engine's warnings,
        as Quotewright words them (text: they describe the exported quote)."""
        sheet, priced = self.sheet, self.priced
        reasons = [format_phrase(reason) for reason in priced.approval.reasons] if priced.approval else []
        warnings = [format_phrase(warning.message) for warning in priced.warnings]
        for title, lines, empty in (("Approval reasons (as exported)", reasons, "None."),
                                    ("Warnings (as exported)", warnings, "No warnings on this quote.")):
            self.row += 1
            put_text(sheet, self.row, 1, title, "section")
            self.row += 1
            for line in lines or [empty]:
                put_text(sheet, self.row, 1, line, "label" if lines else "note")
                self.row += 1
    def _years(self) -> None:
        sheet, p, schedule = self.sheet, self.places, self.schedule
        self.row += 1
        put_text(sheet, self.row, 1, "By contract year", "section")
        self.row += 1
        header_row(sheet, self.row, ["Year", "List", "Discount", "Net", "Packs bought", "Credits expiring",
                                     "Cost to serve (internal)"])
        self.row += 1
        years, first = schedule.range("year"), self.row
        for year in self.priced.years:
            r = self.row
            put_value(sheet, r, 1, year.year, "calc_int")
            year_cell = cell_ref(1, r)
            put_formula(sheet, r, 2, f"ROUND(SUMIF({years},{year_cell},{schedule.range('list_total')}),{p})",
                        "calc_money", year.list_total)
            put_formula(sheet, r, 4, f"ROUND(SUMIF({years},{year_cell},{schedule.range('total')}),{p})", "calc_money",
                        year.total)
            put_formula(sheet, r, 3, f"ROUND({cell_ref(2, r)}-{cell_ref(4, r)},{p})", "calc_money", year.discount)
            put_formula(sheet, r, 5, f"INDEX(PacksPerYear,{year_cell})", "calc_int", year.credit_packs)
            put_formula(sheet, r, 6, snap(f"SUMIF({years},{year_cell},{schedule.range('breakage')})"), "calc_credits",
                        year.breakage_credits)
            put_formula(sheet, r, 7, f"ROUND(SUMIF({years},{year_cell},{schedule.range('cost_to_serve')}),{p})",
                        "calc_money", year.cost_to_serve)
            self.refs.years[year.year] = (cell_ref(2, r, SHEET), cell_ref(4, r, SHEET))
            self.row += 1
        totals = self.priced.totals
        self._total_row("years", first, [(2, totals.list_tcv, "money"), (3, totals.discount, "money"),
                                         (4, totals.tcv, "money"),
                                         (5, sum(self.priced.credit_packs_per_year), "int"),
                                         (6, totals.breakage_credits, "credits"),
                                         (7, totals.cost_to_serve, "money")], 4)

    def _total_row(self, key: str, first: int, columns: list[tuple[int, object, str]], net_column: int) -> None:
        """Below a blank row (a table ends at its first blank row), the sum
        of each column of the table from `first`."""
        sheet, last = self.sheet, self.row - 1
        self.row += 1
        put_text(sheet, self.row, 1, "Total", "total_text")
        for column, value, kind in columns:
            formula = f"SUM({cell_ref(column, first)}:{cell_ref(column, last)})"
            formula = snap(formula) if kind == "credits" else f"ROUND({formula},{self.places})"
            put_formula(sheet, self.row, column, formula, f"total_{kind}", value)
        self.refs.totals[key] = cell_ref(net_column, self.row, SHEET)
        self.row += 1

    def _lines(self) -> None:
        sheet, p = self.sheet, self.places
        lines = self.priced.totals.lines
        self.row += 1
        put_text(sheet, self.row, 1, "By line, over the term", "section")
        self.row += 1
        header_row(sheet, self.row, ["Line", "List", "Discount", "Net"])
        self.row += 1
        first = self.row
        for name in LINE_NAMES:
            r = self.row
            charge = lines.charge(name)
            put_text(sheet, r, 1, name.replace("_", " ").capitalize())
            put_formula(sheet, r, 2, f"ROUND({self._sum(f'{name}_list')},{p})", "calc_money", charge.list)
            put_formula(sheet, r, 4, f"ROUND({self._sum(name)},{p})", "calc_money", charge.net)
            put_formula(sheet, r, 3, f"ROUND({cell_ref(2, r)}-{cell_ref(4, r)},{p})", "calc_money", charge.discount)
            self.row += 1
        totals = self.priced.totals
        self._total_row("lines", first, [(2, totals.list_tcv, "money"), (3, totals.discount, "money"),
                                         (4, totals.tcv, "money")], 4)

    def _invoices(self) -> None:
        sheet = self.sheet
        self.row += 1
        put_text(sheet, self.row, 1, "Invoices by month", "section")
        self.row += 1
        calendar = "calendar" in self.schedule.columns
        header_row(sheet, self.row, ["Month", "Contract year", "Amount", *(["Calendar month"] if calendar else [])])
        self.row += 1
        first = self.row
        for month, invoice in zip(self.priced.months, self.priced.invoices):
            put_value(sheet, self.row, 1, month.month, "calc_int")
            put_formula(sheet, self.row, 2, self.schedule.cell("year", month.month), "calc_int", month.year)
            put_formula(sheet, self.row, 3, self.schedule.cell("invoice", month.month), "calc_money", invoice.amount)
            if calendar:
                put_formula(sheet, self.row, 4, self.schedule.cell("calendar", month.month), "calc_month",
                            self.schedule.calendar[month.month])
            self.row += 1
        self._total_row("invoices", first, [(3, self.priced.totals.tcv, "money")], 3)
