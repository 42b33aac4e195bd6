"""The line grid and the invoice schedule in the app (issue 11, item 7),
used as a person would: open a shipped sample, read the cells, toggle the
scenario, type usage and a discount into the quote form beside them, bill
annually. Every expected text is `formatting` applied to the engine's own
figure, never a written-down amount.

The views are tested standalone, beside a quote form on the same document
(the lead places them in the Quote tab)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLineEdit, QWidget

from quotewright.domain import price_quote
from quotewright.domain.edits import SetValue
from quotewright.formatting import format_money, format_month, format_quantity
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.ui.documents import QuoteDocument
from quotewright.ui.invoice_view import InvoiceView
from quotewright.ui.lines_view import LinesView
from quotewright.ui.quote_form import QuoteForm
from quotewright.workspace import QuoteSession
from quotewright.workspace.spend_commands import set_overage_cap

from test_app_quote import type_into_cell

LIST, DISCOUNT, FIRST_YEAR = 1, 2, 3
MONTH, CALENDAR, LABEL, AMOUNT = 0, 1, 2, 3


class Page:
    """A quote form with the line grid and the invoice schedule beside it."""

    def __init__(self, qtbot, name: str, locale: str = "en_US"):
        loaded = load_quote(sample(name).quote)
        self.document = QuoteDocument(QuoteSession(loaded.catalog, loaded.quote))
        self.widget = QWidget()
        layout = QHBoxLayout(self.widget)
        self.form = QuoteForm(self.document, locale=locale)
        self.lines = LinesView(self.document, locale)
        self.invoices = InvoiceView(self.document, locale)
        for part in (self.form, self.lines, self.invoices):
            layout.addWidget(part)
        qtbot.addWidget(self.widget)
        self.widget.resize(1600, 900)
        self.widget.show()
        qtbot.waitExposed(self.widget)

    @property
    def priced(self):
        return self.document.priced

    def engine(self):
        """The quote priced afresh by the engine, not read from the session."""
        return price_quote(self.document.catalog, self.document.quote)

    def money(self, value: Decimal, locale: str = "en_US") -> str:
        return format_money(value, self.priced.currency, locale)

    def net_column(self) -> int:
        return self.lines.model.columnCount() - 1

    def headers(self, view) -> list[str]:
        model = view.model
        return [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]


@pytest.fixture
def support(qtbot):
    return Page(qtbot, "support-agent")


def assert_grid_shows(page: Page, case, locale: str = "en_US") -> None:
    money = lambda value: page.money(value, locale)  # noqa: E731
    lines, net = page.lines, page.net_column()
    shown = {line.key for line in lines.grid.rows}
    for name in ("platform", "seats", "credit_packs", "overage"):
        charge = case.totals.lines.charge(name)
        if name not in shown:  # a line the plan does not sell: it charges nothing
            assert charge.list == charge.net == 0
            continue
        assert lines.text(name, LIST) == money(charge.list)
        assert lines.text(name, DISCOUNT) == money(charge.discount)
        assert lines.text(name, net) == money(charge.net)
        for index, year in enumerate(case.years):
            assert lines.text(name, FIRST_YEAR + index) == money(year.lines.charge(name).net)
    for summary in case.outcomes:
        assert lines.text(f"outcome:{summary.outcome}", net) == money(summary.charge.net)
        assert lines.text(f"outcome:{summary.outcome}", LIST) == money(summary.charge.list)
    assert lines.text("total", LIST) == money(case.totals.list_tcv)
    assert lines.text("total", DISCOUNT) == money(case.totals.discount)
    assert lines.text("total", net) == money(case.totals.tcv)
    for index, year in enumerate(case.years):
        assert lines.text("total", FIRST_YEAR + index) == money(year.total)


def assert_schedule_shows(page: Page, case, locale: str = "en_US") -> None:
    start = page.document.quote.start_date
    invoices = page.invoices
    assert invoices.model.rowCount() == len(case.invoices) + 1
    for invoice in case.invoices:
        assert invoices.text(invoice.month, MONTH) == format_quantity(Decimal(invoice.month), locale)
        assert invoices.text(invoice.month, AMOUNT) == page.money(invoice.amount, locale)
        if start:
            assert invoices.text(invoice.month, CALENDAR) == format_month(start, invoice.month, locale)
    assert invoices.text(0, LABEL) == "Total (TCV)"
    assert invoices.text(0, AMOUNT) == page.money(case.totals.tcv, locale)


def test_the_grid_shows_every_line_of_the_quote_with_the_engines_figures(support):
    priced = support.engine()
    assert support.headers(support.lines) == ["Line", "List", "Discount", "Year 1", "Year 2", "Year 3", "Net, term"]
    labels = [support.lines.model.text(row, 0) for row in range(support.lines.model.rowCount())]
    outcome_names = [support.document.catalog.outcome(summary.outcome).name for summary in priced.expected.outcomes]
    assert labels == ["Platform subscription", "Seats", "Credit packs", "Overage", *outcome_names, "Total"]
    assert_grid_shows(support, priced.expected)
    assert support.lines.caption.text() == "Showing: expected usage"


def test_the_schedule_shows_each_month_its_calendar_month_and_a_total_equal_to_the_tcv(support):
    priced = support.engine()
    assert support.headers(support.invoices) == ["Month", "Calendar month", "Invoice", "Amount"]
    assert_schedule_shows(support, priced.expected)
    assert support.invoices.text(1, CALENDAR) == "Feb 2027"  # the sample starts on 2027-02-01
    assert support.invoices.text(12, CALENDAR) == "Jan 2028"
    assert {support.invoices.text(month, LABEL) for month in range(1, 37)} == {"Monthly invoice"}
    assert "billed monthly" in support.invoices.caption.text()


def test_both_follow_the_scenario_toggle(support):
    priced = support.engine()
    expected_tcv = support.lines.text("total", support.net_column())
    for name in priced.scenarios:
        support.document.set_scenario(name)
        case = priced.scenarios[name]
        assert_grid_shows(support, case)
        assert_schedule_shows(support, case)
        assert support.lines.caption.text() == f"Showing: {name}, {format_quantity(case.multiplier)}x usage"
        assert support.lines.text("total", support.net_column()) != expected_tcv
    support.document.set_scenario(None)
    assert support.lines.text("total", support.net_column()) == expected_tcv
    assert_schedule_shows(support, priced.expected)


def test_typing_usage_reprices_the_grid_and_the_schedule(support, qtbot):
    before = support.lines.text("total", support.net_column()), support.invoices.text(5, AMOUNT)
    type_into_cell(qtbot, support.form.usage_view, 0, 1, "25,000")
    assert support.document.quote.usage[0].monthly == Decimal(25000)
    priced = support.engine()
    assert_grid_shows(support, priced.expected)
    assert_schedule_shows(support, priced.expected)
    assert (support.lines.text("total", support.net_column()), support.invoices.text(5, AMOUNT)) != before
    support.document.undo()
    assert (support.lines.text("total", support.net_column()), support.invoices.text(5, AMOUNT)) == before


def test_every_keystroke_in_a_discount_shows_at_once(support, qtbot):
    field = support.form.findChild(QLineEdit, "discount_subscription_percent")
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    for key in "12":
        qtbot.keyClick(field, key)
        priced = support.engine()
        assert support.lines.text("platform", DISCOUNT) == support.money(priced.totals.lines.platform.discount)
        assert support.lines.text("total", support.net_column()) == support.money(priced.totals.tcv)
        assert support.invoices.text(1, AMOUNT) == support.money(priced.invoices[0].amount)
    assert support.document.quote.discounts.subscription_percent == Decimal(12)


def test_annual_billing_shows_each_years_invoice_as_such(qtbot):
    page = Page(qtbot, "data-platform")
    priced = page.engine()
    assert priced.billing == "annual" and priced.term_months == 24
    assert_schedule_shows(page, priced.expected)
    assert page.invoices.text(1, LABEL) == "Annual invoice, year 1"
    assert page.invoices.text(13, LABEL) == "Annual invoice, year 2"
    assert page.invoices.text(1, CALENDAR) == "Mar 2027" and page.invoices.text(13, CALENDAR) == "Mar 2028"
    others = {page.invoices.text(month, LABEL) for month in range(1, 25) if month not in (1, 13)}
    assert "Annual invoice, year 1" not in others and others <= {"Usage invoice (overage and outcomes)",
                                                                  "No invoice (billed annually)"}
    first_year = priced.years[0].lines
    tip = page.invoices.model.data(page.invoices.model.index(0, AMOUNT), Qt.ItemDataRole.ToolTipRole)
    assert page.money(first_year.platform.net + first_year.seats.net) in tip
    assert "billed annually" in page.invoices.caption.text()
    labels = [page.lines.model.text(row, 0) for row in range(page.lines.model.rowCount())]
    assert "Seats" not in labels  # the plan prices no seats


def test_a_month_without_an_invoice_is_listed_and_says_so(support):
    # Annual billing, no usage and no outcomes: only the year's first month bills.
    session = support.document.session
    for edit in (SetValue(("billing",), "annual"), SetValue(("usage",), []), SetValue(("outcomes",), []),
                 SetValue(("credit_packs_per_year",), 0)):
        assert support.document.push(edit) is None
    priced = support.engine()
    assert [invoice.amount == 0 for invoice in priced.invoices[1:12]] == [True] * 11
    assert support.invoices.text(2, LABEL) == "No invoice (billed annually)"
    assert support.invoices.text(2, AMOUNT) == support.money(Decimal(0))
    assert support.invoices.model.data(support.invoices.model.index(1, LABEL), Qt.ItemDataRole.ForegroundRole)
    assert support.invoices.text(1, AMOUNT) == support.money(priced.years[0].total)  # nothing else bills
    assert session.quote.billing == "annual"


def test_a_term_change_changes_the_year_columns_and_the_months(support):
    assert support.document.session.change_term(18) is None
    priced = support.engine()
    assert support.headers(support.lines) == ["Line", "List", "Discount", "Year 1", "Year 2", "Net, term"]
    assert support.invoices.model.rowCount() == 19
    assert_grid_shows(support, priced.expected)
    assert_schedule_shows(support, priced.expected)


def test_the_cap_shows_the_overage_it_waived_outside_the_total(support):
    assert support.document.push(set_overage_cap(support.document.quote, Decimal(0))) is None
    priced = support.engine()
    assert priced.totals.overage_waived > 0
    assert support.lines.text("overage_waived", support.net_column()) == support.money(priced.totals.overage_waived)
    assert support.lines.text("overage_waived", LIST) == ""
    assert_grid_shows(support, priced.expected)  # the total is still the TCV


def test_without_a_contract_start_the_calendar_column_waits_for_one(qtbot):
    page = Page(qtbot, "token-api")
    assert page.document.quote.start_date is None
    assert page.invoices.table.isColumnHidden(CALENDAR)
    assert "contract start" in page.invoices.caption.text()
    assert page.document.push(SetValue(("start_date",), dt.date(2027, 11, 1))) is None
    assert not page.invoices.table.isColumnHidden(CALENDAR)
    assert page.invoices.text(1, CALENDAR) == "Nov 2027" and page.invoices.text(3, CALENDAR) == "Jan 2028"
    assert "contract start" not in page.invoices.caption.text()


def test_the_locale_formats_every_figure_and_month(support):
    support.lines.set_locale("de_DE")
    support.invoices.set_locale("de_DE")
    priced = support.engine()
    assert_grid_shows(support, priced.expected, "de_DE")
    assert_schedule_shows(support, priced.expected, "de_DE")
    assert support.invoices.text(1, CALENDAR) == format_month(dt.date(2027, 2, 1), 1, "de_DE")
    assert support.invoices.text(1, AMOUNT) != support.money(priced.invoices[0].amount)


def test_opening_another_quote_rebuilds_both(support):
    loaded = load_quote(sample("data-platform").quote)
    support.document.session.load(loaded.catalog, loaded.quote)
    priced = support.engine()
    assert support.headers(support.lines)[FIRST_YEAR:] == ["Year 1", "Year 2", "Net, term"]
    assert_grid_shows(support, priced.expected)
    assert_schedule_shows(support, priced.expected)


def test_the_tables_are_read_only_unsorted_and_as_tall_as_their_rows(support):
    for table in (support.lines.table, support.invoices.table):
        assert not table.isSortingEnabled()
        assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        rows = table.model().rowCount()
        last = table.rowViewportPosition(rows - 1) + table.rowHeight(rows - 1)
        assert rows > 1 and last <= table.viewport().height()  # the last row is on screen: nothing scrolls
        assert table.rowAt(table.viewport().height() - 1) in (rows - 1, -1)
        assert table.verticalScrollBar().maximum() == 0
    model = support.lines.model
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable


def test_a_hidden_view_waits_until_it_is_shown(support, qtbot):
    # On a hidden tab the views cost a keystroke nothing; shown, they show the quote as it is.
    support.lines.hide()
    support.invoices.hide()
    before = support.lines.model.text(len(support.lines.grid.rows) - 1, support.net_column())
    assert support.document.push(SetValue(("seats",), support.document.quote.seats + 7)) is None
    assert support.lines.model.text(len(support.lines.grid.rows) - 1, support.net_column()) == before  # not updated
    support.lines.show()
    support.invoices.show()
    priced = support.engine()
    assert support.lines.model.text(len(support.lines.grid.rows) - 1, support.net_column()) == support.money(
        priced.totals.tcv) != before
    assert support.invoices.model.text(0, AMOUNT) == support.money(priced.invoices[0].amount)


def test_rows_scrolled_into_view_show_the_quote_as_it_is(qtbot):
    # In a short scrolling page most of a 36-month schedule is out of sight
    # when a keystroke reprices; scrolled to, its rows show the new figures.
    from PySide6.QtWidgets import QScrollArea

    loaded = load_quote(sample("support-agent").quote)
    document = QuoteDocument(QuoteSession(loaded.catalog, loaded.quote))
    view = InvoiceView(document)
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.resize(700, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    assert document.push(SetValue(("discounts", "subscription_percent"), Decimal("7.5"))) is None
    priced = price_quote(document.catalog, document.quote)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    area.grab()  # paints what is now on screen
    model = view.model
    for invoice in priced.invoices[-5:]:  # read from Qt's items, as painted
        assert model.item(invoice.month - 1, AMOUNT).text() == format_money(invoice.amount, priced.currency)
    assert model.item(len(priced.invoices), AMOUNT).text() == format_money(priced.totals.tcv, priced.currency)
    for invoice in priced.invoices:  # and every row reads right, on screen or not
        assert view.text(invoice.month, AMOUNT) == format_money(invoice.amount, priced.currency)


def test_while_a_field_is_refused_both_say_their_figures_are_the_last_valid_ones(support, qtbot):
    field = support.form.findChild(QLineEdit, "discount_subscription_percent")
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, "150")  # over 100: refused, and no prefix of it stays applied
    assert support.document.session.refused
    priced = support.engine()
    for caption in (support.lines.caption.text(), support.invoices.caption.text()):
        assert "1 field not applied: Subscription discount" in caption and "last valid value" in caption
    assert support.lines.text("total", support.net_column()) == support.money(priced.totals.tcv)
    field.selectAll()
    qtbot.keyClicks(field, "15")
    assert not support.document.session.refused
    assert "not applied" not in support.lines.caption.text() + support.invoices.caption.text()
    assert support.lines.text("total", support.net_column()) == support.money(support.engine().totals.tcv)


def test_ctrl_c_copies_the_selected_rows_as_shown(support, qtbot):
    from PySide6.QtWidgets import QApplication

    table = support.lines.table
    table.setFocus()
    table.selectRow(len(support.lines.grid.rows) - 1)  # the totals row
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    header, total = QApplication.clipboard().text().splitlines()
    assert header.split("\t") == support.headers(support.lines)
    priced = support.engine()
    assert total.split("\t") == ["Total", support.money(priced.totals.list_tcv), support.money(priced.totals.discount),
                                 *[support.money(year.total) for year in priced.years], support.money(priced.totals.tcv)]
