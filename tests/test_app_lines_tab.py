"""The line grid and the invoice schedule in the main window: their own tab,
reached from the View menu, built on first view, following the open quote."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QAction

from quotewright.domain import price_quote
from quotewright.domain.edits import SetValue
from quotewright.formatting import format_money
from quotewright.ui.main_window import LINES_TAB


def _action(window, name):
    return next(a for a in window.findChildren(QAction) if a.objectName() == name)


def test_the_view_menu_opens_the_lines_and_billing_tab_with_the_open_quotes_figures(make_window, qtbot):
    window = make_window()
    assert window._lines is None  # built when first shown, not at launch
    _action(window, "lines_and_billing").trigger()
    assert window.tabs.currentIndex() == LINES_TAB
    page = window.lines_page
    assert window.tabs.widget(LINES_TAB) is page
    priced = price_quote(window.quote.catalog, window.quote.quote)
    net = page.lines.model.columnCount() - 1
    assert page.lines.text("total", net) == format_money(priced.expected.totals.tcv, priced.currency)


def test_the_tab_follows_an_edit_made_in_the_quote_builder(make_window, qtbot):
    window = make_window()
    window.show_tab(LINES_TAB)
    page = window.lines_page
    usage = window.quote.quote.usage
    assert usage, "the default sample has usage lines"
    window.quote.session.push(SetValue(("usage", 0, "monthly"), usage[0].monthly + Decimal(1000)))
    priced = price_quote(window.quote.catalog, window.quote.quote)
    before = page.lines.text("total", page.lines.model.columnCount() - 1)
    assert before == format_money(priced.expected.totals.tcv, priced.currency)
    window.quote.session.undo()
    after = price_quote(window.quote.catalog, window.quote.quote)
    assert page.lines.text("total", page.lines.model.columnCount() - 1) == format_money(after.expected.totals.tcv,
                                                                                      after.currency)
    assert after.expected.totals.tcv != priced.expected.totals.tcv
