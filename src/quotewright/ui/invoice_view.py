"""The invoice schedule of the open quote (issue 11, item 7): every month of
the term with its calendar month from the contract start ("Mar 2027") and
the amount invoiced, for the case the scenario toggle shows, and a total
that is the priced TCV. With annual billing the first month of each
contract year is labelled "Annual invoice, year N"; months that bill
nothing stay in the schedule, labelled "No invoice" and greyed, so the
calendar reads without gaps. The rows come from `domain/line_items.py`;
this view only formats them (the table and its updating are
`ui/case_table.py`'s).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtWidgets import QWidget

from ..domain.line_items import ANNUAL, MEMO, NO_INVOICE, TOTAL, InvoiceRow, InvoiceSchedule, invoice_schedule
from ..domain.result import PricedCase
from ..formatting import DEFAULT_LOCALE, format_month, format_quantity
from .documents import QuoteDocument
from .case_table import CaseTableView, case_caption

HEADERS = ["Month", "Calendar month", "Invoice", "Amount"]
MONTH, CALENDAR, LABEL, AMOUNT = range(4)
TOOLTIPS = ["Month of the contract term.", "The calendar month, counted from the quote's contract start.",
            "What is billed that month.", "The amount invoiced that month; the total is the TCV."]
TOTAL_LABEL = "Total (TCV)"
NO_START = "Set the quote's contract start to see calendar months."


class InvoiceView(CaseTableView):
    """The invoice schedule for the case shown."""

    schedule: InvoiceSchedule | None = None  # the rows shown
    _measured: tuple = ()  # what the column widths were measured for

    def __init__(self, quote: QuoteDocument, locale: str = DEFAULT_LOCALE, parent: QWidget | None = None):
        self._months: dict[dt.date, str] = {}  # calendar month -> its text in the locale (they rarely change)
        super().__init__("Invoice schedule", "invoice", quote, locale, parent, tip=self._tip,
                         text_columns=frozenset({CALENDAR, LABEL}))

    def _forget_texts(self) -> None:
        self._months.clear()
        super()._forget_texts()
        self.schedule = None  # every width again

    # --- cells ----------------------------------------------------------------------------------
    def _values(self, invoice: InvoiceRow | None) -> tuple:
        if invoice is None:  # the total row
            return ("", None, TOTAL_LABEL, self.schedule.total)
        return (invoice.month, invoice.calendar_month, invoice.label, invoice.amount)

    def _text(self, column: int, value) -> str:
        if column == MONTH:
            return format_quantity(Decimal(value), self.locale) if value != "" else ""
        if column == CALENDAR:
            return self.month_text(value) if value else ""
        if column == LABEL:
            return value
        return self.money_text(value)

    def month_text(self, month: dt.date) -> str:
        text = self._months.get(month)
        if text is None:
            # `month` is the first day of the calendar month line_items derived;
            # as contract month 1 from itself, format_month writes that month.
            text = self._months[month] = format_month(month, 1, self.locale)
        return text

    @staticmethod
    def _style(invoice: InvoiceRow | None) -> str:
        if invoice is None:
            return TOTAL
        return MEMO if invoice.kind == NO_INVOICE else ""

    def _tip(self, invoice: InvoiceRow | None, column: int) -> str:
        if invoice is not None and invoice.kind == ANNUAL:
            return (f"The platform and seats of contract year {invoice.year} billed in advance "
                    f"({self.money_text(invoice.subscription)}), with this month's usage lines.")
        return ""

    def text(self, month: int, column: int) -> str:
        """The text of term month `month`'s row (0: the total row) in `column`."""
        self.catch_up()
        return self.model.text(month - 1 if month else len(self.schedule.rows), column)

    # --- updating -------------------------------------------------------------------------------
    def _update(self, case: PricedCase) -> None:
        document = self.document
        schedule = invoice_schedule(document.priced, case, document.quote.start_date)
        billing = "billed annually in advance" if schedule.billing == "annual" else "billed monthly"
        self.caption_text(f"{case_caption(case, self.locale)}; {billing}." + ("" if schedule.start else f" {NO_START}"))
        if schedule == self.schedule:
            return
        reshaped = self.schedule is None or len(schedule.rows) != len(self.schedule.rows)
        start_changed = self.schedule is None or schedule.start != self.schedule.start
        self.schedule = schedule
        self.model.show(schedule.rows + (None,), HEADERS, TOOLTIPS)  # None: the total row
        self.table.setColumnHidden(CALENDAR, schedule.start is None)
        # Every invoice is >= 0, so the total is the widest amount. Measured again
        # only when the total's length changes (digits are equally wide) or the
        # labels do: most keystrokes change digits, not lengths.
        labels = tuple(sorted({invoice.label for invoice in schedule.rows} | {TOTAL_LABEL}))
        total = self.money_text(schedule.total)
        measured = (len(total), schedule.start, labels)
        if reshaped or start_changed or measured != self._measured:
            months = [self.month_text(invoice.calendar_month) for invoice in schedule.rows if invoice.calendar_month]
            last_month = format_quantity(Decimal(len(schedule.rows)), self.locale)
            self.table.set_widths([[last_month], months, labels, [total]])
            self._measured = measured
