"""The Checks sheet: Quotewright's own figures as values beside the
workbook's formulas, the difference, and one master cell that reads OK only
when everything agrees."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ...domain.commitment import committed_and_estimated
from ...domain.result import LINE_NAMES, PricedQuote
from ...domain.money import ONE, ZERO
from .cells import cell_ref, header_row, put_formula, put_text, put_value, put_wrapped, set_widths
from .inputs import PACKS_AS_EXPORTED
from .precision import EXACT_DIGITS
from .schedule import ScheduleColumns
from .summary import SummaryRefs
from .validation import Rule

VALID, NOT_VALID = "valid", "NOT VALID"

SHEET = "Checks"
FIRST_CHECK_ROW = 7


class Check(NamedTuple):
    """One more row for the Checks sheet, from a section that owns its
    figures: the engine's value beside the workbook cell that recomputes it.
    `kind`: "money" (within half a minor unit), "number" (within 0.000001)
    or "exact" (a count or a text, equal)."""

    label: str
    engine: Decimal | int | str
    ref: str
    kind: str


class ChecksSheet:
    def __init__(self, sheet, priced: PricedQuote, schedule: ScheduleColumns, summary: SummaryRefs,
                 precision: str | None = None, more: list[Check] | None = None, rules: list[Rule] | None = None):
        self.sheet, self.priced, self.schedule, self.summary = sheet, priced, schedule, summary
        self.more = more or []  # after the rows above, so a quote without them keeps its rows where they were
        self.rules = rules or []  # the inputs' rules, re-checked (validation.py)
        self.precision = precision  # precision.precision_warning, or None when every figure fits
        self.row = FIRST_CHECK_ROW
        self.tolerance = ONE.scaleb(-priced.minor_units) / 2

    def build(self) -> str:
        """Lay out every check; returns the master cell's reference."""
        sheet, priced = self.sheet, self.priced
        put_text(sheet, 1, 1, "Checks: the workbook against Quotewright's engine", "title")
        put_wrapped(sheet, 2, 1, 5, "Engine values are as Quotewright priced the quote. After you change an input, "
                    "differences are expected: the workbook follows you, the engine values do not.", "note", 2)
        put_wrapped(sheet, 3, 1, 5, f"{PACKS_AS_EXPORTED} A usage edit keeps the exported packs, so its total can "
                    "differ from Quotewright's for the same edit.", "note", 2)
        put_text(sheet, 4, 1, "All checks", "check")
        put_wrapped(sheet, 4, 3, 5, f"Money agrees when the difference is under half a minor unit "
                    f"({self.tolerance}).", "note", 2)
        # Row 5 says whether the figures fit a spreadsheet's digits, beside
        # the master cell, so a MISMATCH they cause comes with its reason.
        put_text(sheet, 5, 1, "Precision", "check")
        if self.precision:
            put_wrapped(sheet, 5, 2, 5, f"Warning: {self.precision}.", "check", 4)
        else:
            put_wrapped(sheet, 5, 2, 5, f"Every figure fits in the {EXACT_DIGITS} significant digits a spreadsheet "
                        "computes exactly.", "note", 2)
        header_row(sheet, 6, ["Check", "Engine", "Workbook", "Difference", "Status"])
        case = priced.expected
        # The facts and rules first: a term or an input that breaks the
        # model says so by name, before the figures that then differ.
        term = self.priced.term_months
        months = self.schedule.range("month")
        self._row("Rows in Schedule = term (months)", term,
                  f'IF(COUNT({months})=TermMonths,COUNT({months}),"term "&TermMonths&", Schedule rows "'
                  f'&COUNT({months}))', "calc_int", None)
        for rule in self.rules:
            self._row(f"Input valid: {rule.label}", VALID, f'IF({rule.formula},"{VALID}","{NOT_VALID}")',
                      "calc_text", None)
        for month in case.months:
            for name in LINE_NAMES:
                self._money(f"Month {month.month} {name.replace('_', ' ')}", month.lines.charge(name).net,
                            self.schedule.cell(name, month.month))
            self._money(f"Month {month.month} total", month.total, self.schedule.cell("total", month.month))
            self._number(f"Month {month.month} overage credits", month.credits.overage,
                         self.schedule.cell("overage_credits", month.month))
        for invoice in case.invoices:
            self._money(f"Invoice month {invoice.month}", invoice.amount, self.schedule.cell("invoice", invoice.month))
        for year in case.years:
            list_ref, net_ref = self.summary.years[year.year]
            self._money(f"Year {year.year} list", year.list_total, list_ref)
            self._money(f"Year {year.year} total", year.total, net_ref)
        totals, figures = case.totals, self.summary.figures
        for key in ("tcv", "list_tcv", "discount", "committed_tcv", "committed_list_tcv", "acv", "cost_to_serve",
                    "gross_margin"):
            self._money(key.replace("_", " ").upper() if key in ("tcv", "acv") else key.replace("_", " ").capitalize(),
                        getattr(totals, key), figures[key])
        self._money("Usage-based TCV (estimated)", committed_and_estimated(case)[1], figures["usage_based_tcv"])
        for table, label in (("years", "Total of the years"), ("lines", "Total of the lines"),
                             ("invoices", "Total of the invoices")):
            self._money(label, totals.tcv, self.summary.totals[table])
        self._money("Schedule total row", totals.tcv, self.schedule.total_cell("total"))
        for key in ("effective_discount_percent", "committed_discount_percent", "gross_margin_percent"):
            self._number(key.replace("_", " ").capitalize(), getattr(totals, key), figures[key])
        self._number("Breakage credits", totals.breakage_credits, figures["breakage_credits"])
        self._text("Approval level", priced.approval.level if priced.approval else "", figures["approval"])
        for check in self.more:
            if check.kind == "money":
                self._money(check.label, check.engine, check.ref)
            elif check.kind == "number":
                self._number(check.label, check.engine, check.ref)
            else:
                self._row(check.label, check.engine, check.ref, "calc_int", None)
        last = self.row - 1
        status = f"$E${FIRST_CHECK_ROW}:$E${last}"
        put_formula(sheet, 4, 2, f'IF(COUNTIF({status},"OK")=ROWS({status}),"OK","MISMATCH")', "check", "OK")
        set_widths(sheet, {1: 60, 2: 18, 3: 18, 4: 14, 5: 12})
        sheet.freeze_panes = f"A{FIRST_CHECK_ROW}"
        return cell_ref(2, 4, SHEET)

    def _row(self, label: str, engine, workbook_ref: str, style: str, tolerance: Decimal | None) -> None:
        sheet, r = self.sheet, self.row
        put_text(sheet, r, 1, label)
        if isinstance(engine, str):
            put_text(sheet, r, 2, engine)
        else:
            put_value(sheet, r, 2, engine, style)
        # The workbook's formula computes the engine's figure (that is what
        # the check proves), so the engine value is its cached value too.
        put_formula(sheet, r, 3, workbook_ref, style, engine)
        here_engine, here_book = cell_ref(2, r, absolute=False), cell_ref(3, r, absolute=False)
        if tolerance is None:
            put_text(sheet, r, 4, "")
            put_formula(sheet, r, 5, f'IF({here_book}={here_engine},"OK","MISMATCH")', "calc_text", "OK")
        else:
            put_formula(sheet, r, 4, f"{here_book}-{here_engine}", style, ZERO)
            put_formula(sheet, r, 5, f'IF(ABS({cell_ref(4, r, absolute=False)})<{tolerance},"OK","MISMATCH")',
                        "calc_text", "OK")
        self.row += 1

    def _money(self, label: str, engine: Decimal, ref: str) -> None:
        self._row(label, engine, ref, "calc_money", self.tolerance)

    def _number(self, label: str, engine: Decimal, ref: str) -> None:
        self._row(label, engine, ref, "calc_rate", Decimal("0.000001"))

    def _text(self, label: str, engine: str, ref: str) -> None:
        self._row(label, engine, ref, "calc_text", None)
