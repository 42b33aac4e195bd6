"""Layout that fits (issue 11, item 11), as a person meets it: at the default
1280x860 a field given the focus from the keyboard is scrolled into view,
the form's tables are as tall as their rows (only the form scrolls), and at
1024x700 both charts and their legends are whole and nothing of the summary
is cut off. Chart axes read in round steps (item 12)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QTableView

from quotewright.formatting import format_compact
from quotewright.ui.charts import StackedBarChart, value_axis
from test_app_repaints import fresh_painting


def sized(window, qtbot, width: int, height: int):
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().width() == width and window.size().height() == height)
    QApplication.processEvents()
    return window


def visible_in(widget, area) -> bool:
    """Is all of `widget` inside the scroll area's viewport (nothing scrolled off)?"""
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def test_alt_d_scrolls_the_form_to_the_discounts(window, qtbot):
    sized(window, qtbot, 1280, 860)
    scroll = window.quote_page.form_scroll
    discount = window.form.findChild(QLineEdit, "discount_subscription_percent")
    scroll.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    assert not visible_in(discount, scroll), "at 1280x860 the discounts start below the fold"
    window.activateWindow()
    window.form.findChild(QLineEdit, "customer_name").setFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is discount)
    qtbot.waitUntil(lambda: visible_in(discount, scroll))
    assert scroll.verticalScrollBar().value() > 0


def test_tabbing_into_a_field_below_the_fold_scrolls_it_into_view(window, qtbot):
    sized(window, qtbot, 1280, 860)
    scroll = window.quote_page.form_scroll
    scroll.verticalScrollBar().setValue(0)
    high = window.form.findChild(QLineEdit, "scenario_high_multiplier")
    assert not visible_in(high, scroll)
    high.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: visible_in(high, scroll))


def test_the_forms_tables_grow_with_their_rows_and_never_scroll_themselves(window, qtbot):
    sized(window, qtbot, 1280, 860)
    tables = [window.form.findChild(QTableView, name) for name in ("usage_table", "outcome_table",
                                                                    "unit_margins_table")]
    for table in tables:
        rows = table.model().rowCount()
        assert rows > 0
        assert table.verticalScrollBar().maximum() == 0, table.objectName()  # every row is shown
        assert table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        last = table.visualRect(table.model().index(rows - 1, 0))
        assert table.viewport().rect().contains(last), table.objectName()
    usage = tables[0]
    before = usage.height()
    window.form.add_unit.setCurrentIndex(0)
    qtbot.mouseClick(window.form.findChild(QPushButton, "add_unit_button"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert usage.model().rowCount() == len(window.quote.quote.usage)
    assert usage.height() > before  # the new row made the table taller, not a scroll bar
    assert usage.verticalScrollBar().maximum() == 0


def test_at_1024x700_the_charts_and_their_legends_are_whole(window, qtbot):
    sized(window, qtbot, 1024, 700)
    assert (window.width(), window.height()) == (1024, 700)  # the window can be that small
    page, summary = window.quote_page, window.summary
    area = page.summary_scroll
    assert summary.width() <= area.viewport().width()  # nothing cut off at the right
    for chart in (summary.lines_chart, summary.burn_chart):
        chart.repaint()
        assert visible_in(chart, area), chart.title  # the whole chart, not scrolled or cut
        legend = chart.legend_rects()
        assert len(legend) == len(chart.series) > 0
        for rect in legend:
            assert chart.rect().contains(rect), (chart.title, rect, chart.rect())
        for first, second in zip(legend, legend[1:]):
            assert not first.intersects(second)
        plot = chart._plot()
        assert plot.height() > 40 and all(rect.top() > plot.bottom() for rect in legend)
    # The figures above the charts are in view too: the summary fits without scrolling.
    assert area.verticalScrollBar().maximum() == 0


def test_the_legend_wraps_instead_of_running_off_a_narrow_chart(window, qtbot):
    shown = window.summary.lines_chart
    chart = StackedBarChart(shown.title, shown.format_value)
    qtbot.addWidget(chart)
    chart.set_data(shown.categories, shown.series, shown.bar_totals)
    chart.resize(240, 200)
    chart.show()
    qtbot.waitExposed(chart)
    legend = chart.legend_rects()
    assert len({rect.top() for rect in legend}) > 1  # more than one row
    for rect in legend:
        assert chart.rect().contains(rect)
    assert all(rect.top() > chart._plot().bottom() for rect in legend)
    assert chart.grab().toImage() == fresh_painting(chart).toImage()


def test_chart_axes_use_round_steps(window):
    for chart in (window.summary.lines_chart, window.summary.burn_chart):
        peak = max(chart.bar_totals)
        top, step = value_axis(peak)
        assert top >= peak > top - step
        digits = step.normalize().as_tuple().digits
        assert digits in ((1,), (2,), (5,)), step
        labels = [format_compact(step * index) for index in range(int(top / step) + 1)]
        assert all("." not in label for label in labels[1:]) or step < 1000, labels
    assert value_axis(Decimal("19013.96")) == (Decimal(20000), Decimal(5000))
    assert [format_compact(Decimal(5000) * i) for i in range(5)] == ["0", "5k", "10k", "15k", "20k"]


def test_axis_labels_follow_the_locale(window):
    assert format_compact(Decimal(1500000), "de_DE") == "1,5M"
    chart = window.summary.lines_chart
    window.quote_page.set_locale("de_DE")
    assert chart.locale == "de_DE"


def test_a_plans_tier_tables_grow_with_their_rows_in_the_scrolling_plan_editor(window, qtbot):
    from quotewright.ui.schedule_editor import ScheduleEditor

    sized(window, qtbot, 1280, 860)
    window.tabs.setCurrentIndex(1)
    window.catalog_view.tabs.setCurrentIndex(1)  # Plans
    page = window.catalog_view.tabs.currentWidget()
    tiered = []
    for row in range(page.list.count()):  # the first plan with a tiered schedule
        page.list.setCurrentRow(row)
        qtbot.waitUntil(lambda: page.scroll.widget().isVisible())
        QApplication.processEvents()
        tiered = [editor for editor in page.scroll.widget().findChildren(ScheduleEditor)
                  if editor.tier_view.isVisibleTo(page) and editor.tier_model.rowCount()]
        if tiered:
            break
    assert tiered, "the sample's plans have tiered schedules"
    editor = tiered[0]
    rows = editor.tier_model.rowCount()
    for _ in range(4):  # more tiers than the old fixed 100 pixels held
        editor._add_tier()
    QApplication.processEvents()
    assert editor.tier_model.rowCount() > rows
    for editor in tiered:
        view = editor.tier_view
        assert view.verticalScrollBar().maximum() == 0
        last = view.visualRect(editor.tier_model.index(editor.tier_model.rowCount() - 1, 0))
        assert view.viewport().rect().contains(last)


def test_the_wheel_over_a_table_scrolls_the_form(window, qtbot):
    from test_app_trust import wheel

    sized(window, qtbot, 1280, 860)
    scroll = window.quote_page.form_scroll
    scroll.verticalScrollBar().setValue(0)
    table = window.form.findChild(QTableView, "usage_table")
    before = scroll.verticalScrollBar().value()
    wheel(table.viewport(), notches=-2)
    QApplication.processEvents()
    assert scroll.verticalScrollBar().value() > before  # the form moved; the table has nothing to scroll
