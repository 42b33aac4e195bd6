"""The Summary sheet: years, TCV, ACV, list vs net, effective discount,
gross margin, approval and invoices, all formulas over the Schedule."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.result import LINE_NAMES
from .cells import cell_ref, define_name, header_row, put_formula, put_text, put_value, round_to, set_widths, snap
from .rate_card import SHEET as RATE_CARD
from .rate_card import RateCardRefs
from .schedule import ScheduleColumns

SHEET = "Summary"


@dataclass
class SummaryRefs:
    figures: dict[str, str] = field(default_factory=dict)  # key -> cell reference
    years: dict[int, tuple[str, str]] = field(default_factory=dict)  # year -> (list, net)


class SummarySheet:
    def __init__(self, workbook, sheet, quote_id: str, term: int, years: int, places: int,
                 schedule: ScheduleColumns, rates: RateCardRefs):
        self.workbook, self.sheet = workbook, sheet
        self.quote_id, self.term, self.year_count, self.places = quote_id, term, years, places
        self.schedule, self.rates = schedule, rates
        self.refs = SummaryRefs()
        self.row = 1

    def _sum(self, *keys: str) -> str:
        return "+".join(f"SUM({self.schedule.range(key)})" for key in keys)

    def build(self) -> SummaryRefs:
        sheet, p = self.sheet, self.places
        put_text(sheet, 1, 1, f"Summary: quote {self.quote_id}", "title")
        put_text(sheet, 2, 1, "Every figure is a formula over the Schedule; the Checks sheet compares them with "
                 "Quotewright's own figures.", "note")
        self.row = 4
        header_row(sheet, self.row, ["Figure", "Value", "How it is computed"])
        self.row += 1
        figures = [
            ("tcv", "Total contract value (TCV)", "QuoteTCV", f"ROUND({self._sum('total')},{p})", "money",
             "Sum of the monthly totals."),
            ("list_tcv", "List TCV", "QuoteListTCV", f"ROUND({self._sum('list_total')},{p})", "money",
             "Sum of the monthly list totals."),
            ("discount", "Discount", "QuoteDiscount", f"ROUND(QuoteListTCV-QuoteTCV,{p})", "money", "List - net."),
            ("effective_discount_percent", "Effective discount %", "EffectiveDiscountPct",
             f"IF(QuoteListTCV=0,0,{round_to('QuoteDiscount/QuoteListTCV*100', 2)})", "percent",
             "Discount / list TCV."),
            ("committed_tcv", "Committed TCV", "CommittedTCV",
             f"ROUND({self._sum('platform', 'seats', 'credit_packs')},{p})", "money",
             "Platform, seats and credit packs: what the customer commits to."),
            ("committed_list_tcv", "Committed list TCV", "CommittedListTCV",
             f"ROUND({self._sum('platform_list', 'seats_list', 'credit_packs_list')},{p})", "money", ""),
            ("committed_discount_percent", "Committed discount %", "CommittedDiscountPct",
             f"IF(CommittedListTCV=0,0,{round_to('(CommittedListTCV-CommittedTCV)/CommittedListTCV*100', 2)})",
             "percent", "Decides the approval level with the overage and outcome discounts."),
            ("acv", "Annual contract value (ACV)", "QuoteACV", round_to("QuoteTCV*12/TermMonths", p), "money",
             "TCV x 12 / term."),
            ("cost_to_serve", "Cost to serve (internal)", "QuoteCost", f"ROUND({self._sum('cost_to_serve')},{p})",
             "money", "Usage and outcomes x each unit's cost to serve."),
            ("gross_margin", "Gross margin (internal)", "GrossMargin", f"ROUND(QuoteTCV-QuoteCost,{p})", "money", ""),
            ("gross_margin_percent", "Gross margin % (internal)", "GrossMarginPct",
             f"IF(QuoteTCV=0,0,{round_to('(QuoteTCV-QuoteCost)/QuoteTCV*100', 2)})", "percent",
             "Compared with the margin floor for approval."),
            ("breakage_credits", "Prepaid credits expiring unused", "BreakageCredits",
             snap(f"SUM({self.schedule.range('breakage')})"), "credits", "Pack credits left at each year's end."),
        ]
        for key, label, name, formula, kind, how in figures:
            self._figure(key, label, name, formula, f"calc_{kind}", how)
        self._approval()
        self._years()
        self._lines()
        self._invoices()
        set_widths(sheet, {1: 34, 2: 18, 3: 18, 4: 18, 5: 18, 6: 18, 7: 18})
        sheet.freeze_panes = "A5"
        return self.refs

    def _figure(self, key: str, label: str, name: str, formula: str, style: str, how: str) -> None:
        put_text(self.sheet, self.row, 1, label)
        put_formula(self.sheet, self.row, 2, formula, style)
        if how:
            put_text(self.sheet, self.row, 3, how, "note")
        define_name(self.workbook, name, cell_ref(2, self.row, SHEET))
        self.refs.figures[key] = cell_ref(2, self.row, SHEET)
        self.row += 1

    def _approval(self) -> None:
        sheet, rates = self.sheet, self.rates
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
        for source in rates.role_rows:
            put_formula(sheet, self.row, 1, cell_ref(1, source, RATE_CARD), "calc_text")
            put_formula(sheet, self.row, 2, cell_ref(2, source, RATE_CARD), "calc_percent")
            limit = cell_ref(2, self.row, absolute=False)
            covers = ",".join(f"{limit}>={ask}" for ask in asks)
            put_formula(sheet, self.row, 3, f"IF(AND({covers}),1,0)", "calc_int")
            self.row += 1
        covers = f"$C${first}:$C${self.row - 1}"
        names = f"$A${first}:$A${self.row - 1}"
        self._figure(
            "approval", "Approval level needed", "ApprovalLevel",
            f"IF(GrossMarginPct<MarginFloor,{rates.last_role},IFERROR(INDEX({names},MATCH(1,{covers},0)),{rates.last_role}))",
            "calc_text",
            "The first level that covers every discount, each at 2 decimals as reported; the last if none does "
            "or margin is under the floor.",
        )

    def _years(self) -> None:
        sheet, p, schedule = self.sheet, self.places, self.schedule
        self.row += 1
        put_text(sheet, self.row, 1, "By contract year", "section")
        self.row += 1
        header_row(sheet, self.row, ["Year", "List", "Discount", "Net", "Packs bought", "Credits expiring",
                                     "Cost to serve (internal)"])
        self.row += 1
        years = schedule.range("year")
        for year in range(1, self.year_count + 1):
            r = self.row
            put_value(sheet, r, 1, year, "calc_int")
            year_cell = cell_ref(1, r)
            put_formula(sheet, r, 2, f"ROUND(SUMIF({years},{year_cell},{schedule.range('list_total')}),{p})", "calc_money")
            put_formula(sheet, r, 4, f"ROUND(SUMIF({years},{year_cell},{schedule.range('total')}),{p})", "calc_money")
            put_formula(sheet, r, 3, f"ROUND({cell_ref(2, r)}-{cell_ref(4, r)},{p})", "calc_money")
            put_formula(sheet, r, 5, f"INDEX(PacksPerYear,{year_cell})", "calc_int")
            put_formula(sheet, r, 6, snap(f"SUMIF({years},{year_cell},{schedule.range('breakage')})"), "calc_credits")
            put_formula(sheet, r, 7, f"ROUND(SUMIF({years},{year_cell},{schedule.range('cost_to_serve')}),{p})",
                        "calc_money")
            self.refs.years[year] = (cell_ref(2, r, SHEET), cell_ref(4, r, SHEET))
            self.row += 1

    def _lines(self) -> None:
        sheet, p = self.sheet, self.places
        self.row += 1
        put_text(sheet, self.row, 1, "By line, over the term", "section")
        self.row += 1
        header_row(sheet, self.row, ["Line", "List", "Discount", "Net"])
        self.row += 1
        for name in LINE_NAMES:
            r = self.row
            put_text(sheet, r, 1, name.replace("_", " ").capitalize())
            put_formula(sheet, r, 2, f"ROUND({self._sum(f'{name}_list')},{p})", "calc_money")
            put_formula(sheet, r, 4, f"ROUND({self._sum(name)},{p})", "calc_money")
            put_formula(sheet, r, 3, f"ROUND({cell_ref(2, r)}-{cell_ref(4, r)},{p})", "calc_money")
            self.row += 1

    def _invoices(self) -> None:
        sheet = self.sheet
        self.row += 1
        put_text(sheet, self.row, 1, "Invoices by month", "section")
        self.row += 1
        header_row(sheet, self.row, ["Month", "Contract year", "Amount"])
        self.row += 1
        for month in range(1, self.term + 1):
            put_value(sheet, self.row, 1, month, "calc_int")
            put_formula(sheet, self.row, 2, self.schedule.cell("year", month), "calc_int")
            put_formula(sheet, self.row, 3, self.schedule.cell("invoice", month), "calc_money")
            self.row += 1
