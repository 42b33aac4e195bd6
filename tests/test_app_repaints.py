"""A keystroke repaints what it changed and nothing else: a chart whose bars
did not move reuses its painting, a table whose cells did not change says
nothing. (What it costs is measured in benchmarks/bench_app.py.)"""

from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLineEdit

from test_app_quote import retype, type_into_cell


def fresh_painting(chart) -> QPixmap:
    """The chart painted now, from nothing (what the cache must equal)."""
    pixmap = QPixmap(chart.size())
    chart._paint_into(pixmap)
    return pixmap


def painted(window) -> None:
    for chart in (window.summary.lines_chart, window.summary.burn_chart):
        chart.repaint()
    QApplication.processEvents()


def test_a_discount_repaints_the_charges_chart_and_reuses_the_credit_burn(window, qtbot):
    lines, burn = window.summary.lines_chart, window.summary.burn_chart
    painted(window)
    lines_before, burn_before = lines._painting, burn._painting
    assert lines_before is not None and burn_before is not None
    # Typed over the selection, so the field is never empty (an empty field is
    # refused, and the summary's notice saying so would resize both charts).
    discount = window.form.findChild(QLineEdit, "discount_subscription_percent")
    discount.setFocus()
    discount.selectAll()
    qtbot.keyClicks(discount, "12")
    assert not window.quote.session.refused
    painted(window)
    assert lines._painting is not lines_before  # the net charges moved
    assert burn._painting is burn_before  # credits do not depend on a discount
    for chart in (lines, burn):
        assert chart.grab().toImage() == fresh_painting(chart).toImage()


def test_a_resized_chart_is_painted_again_at_its_new_size(window, qtbot):
    chart = window.summary.lines_chart
    painted(window)
    before = chart._painting
    window.resize(window.width() - 120, window.height() - 60)
    qtbot.waitUntil(lambda: chart.size() != before.deviceIndependentSize().toSize())
    painted(window)
    assert chart._painting.deviceIndependentSize().toSize() == chart.size()
    assert chart.grab().toImage() == fresh_painting(chart).toImage()


def test_a_table_announces_only_the_rows_whose_text_changed(window, qtbot):
    usage = window.form.usage_model
    announced = []
    usage.dataChanged.connect(lambda first, last, *_: announced.append((first.row(), last.row())))
    retype(qtbot, window.form.findChild(QLineEdit, "discount_subscription_percent"), "9")
    assert window.quote.quote.discounts.subscription_percent == 9
    assert announced == []  # no usage figure depends on a discount
    monthly = next(c for c, column in enumerate(usage.columns) if column.key == "monthly")
    old = usage.data(usage.index(0, 3))
    type_into_cell(qtbot, window.form.usage_view, 0, monthly, str(window.quote.quote.usage[0].monthly * 2))
    assert usage.data(usage.index(0, 3)) != old
    assert announced and all(first == 0 for first, _ in announced)
