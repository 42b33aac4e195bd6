"""Spend protection and margin per work unit in the app, used as a person
would: type a cap and alert percents, see the overage waived in the expected
case and in the scenario shown, the alert months on the credit burn chart,
undo; the per-unit table (internal) with the units below the margin floor
highlighted. Expected figures come from the engine, never written down."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from quotewright.domain import price_quote
from quotewright.domain.errors import InvalidInput
from quotewright.formatting import format_money
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.workspace import QuoteSession
from quotewright.workspace.spend_commands import parse_alert_percents, set_overage_cap, type_alert_percents

from test_app_quote import retype


def type_alerts(qtbot, editor, text: str) -> None:
    retype(qtbot, editor.alerts, text)
    qtbot.keyClick(editor.alerts, Qt.Key.Key_Return)


def engine(window):
    return price_quote(window.quote.catalog, window.quote.quote)


# --- the commands, without Qt --------------------------------------------------------------------------
def sample_session() -> QuoteSession:
    loaded = load_quote(sample("support-agent").quote)
    return QuoteSession(loaded.catalog, loaded.quote)


def test_protection_that_promises_nothing_leaves_the_quote_as_it_was():
    session = sample_session()
    before = session.quote
    assert session.push(set_overage_cap(before, Decimal(50))) is None
    assert session.push(set_overage_cap(session.quote, None)) is None
    assert session.quote == before and "spend_protection" not in session.quote.model_dump(mode="json")
    assert set_overage_cap(before, None) is None and type_alert_percents(before, " ") is None


@pytest.mark.parametrize("text, says", [("50, 40", "strictly increase"), ("50, 120", "100"), ("0", "0"),
                                        ("50,,80", "no number"), ("fifty", "not a percent")])
def test_alert_percents_that_are_wrong_are_refused_naming_the_field(text, says):
    session = sample_session()
    problem = session._push_made(lambda: type_alert_percents(session.quote, text))
    assert isinstance(problem, InvalidInput) and says in str(problem)
    assert "alert_percents" in problem.path
    assert session.quote.spend_protection is None


def test_a_negative_cap_is_refused():
    session = sample_session()
    problem = session.push(set_overage_cap(session.quote, Decimal(-1)))
    assert problem is not None and "overage_cap_monthly" in problem.path


def test_alert_text_reads_percent_signs_and_spaces():
    assert parse_alert_percents(" 50%, 80 ;100 ") == (Decimal(50), Decimal(80), Decimal(100))


# --- the editor ------------------------------------------------------------------------------------------
def test_typing_a_cap_waives_overage_in_the_summary_and_undo_takes_it_back(window, qtbot):
    editor = window.form.spend
    before = window.quote.priced.totals.tcv
    assert editor.waived.text() == "No cap"
    retype(qtbot, editor.cap, "10")
    assert window.quote.quote.spend_protection.overage_cap_monthly == Decimal(10)
    priced = engine(window)
    assert priced.totals.overage_waived > 0
    assert window.quote.priced.totals.tcv == priced.totals.tcv < before
    assert window.summary.figure("tcv") == format_money(priced.totals.tcv, "USD")
    assert format_money(priced.totals.overage_waived, "USD") in editor.waived.text()
    # The scenario shown: its own waived overage, beside the expected one.
    window.quote.session.show_case("high")
    high = priced.scenarios[window.quote.scenario].totals.overage_waived
    assert high > priced.totals.overage_waived
    assert format_money(high, "USD") in editor.waived.text() and "shown" in editor.waived.text()
    window.quote.undo()
    assert window.quote.quote.spend_protection is None and window.quote.priced.totals.tcv == before
    assert editor.cap.text() == "" and editor.waived.text() == "No cap"


def test_a_cap_with_more_decimals_than_the_currency_is_marked_and_not_applied(window, qtbot):
    editor = window.form.spend
    retype(qtbot, editor.cap, "10.005")
    # Every keystroke up to "10.00" was a valid cap; the third decimal is refused and marked.
    assert window.quote.quote.spend_protection.overage_cap_monthly == Decimal("10.00")
    assert editor.cap.property("invalid") == "true" and "decimal" in editor.cap.toolTip()
    assert window.quote.priced.totals.tcv == engine(window).totals.tcv


def test_alerts_are_typed_shown_by_month_and_marked_on_the_burn_chart(window, qtbot):
    editor = window.form.spend
    type_alerts(qtbot, editor, "50, 80, 100")
    assert window.quote.quote.spend_protection.alert_percents == (Decimal(50), Decimal(80), Decimal(100))
    alerts = engine(window).expected.alerts
    assert alerts, "the sample's usage reaches its allowance"
    for alert in alerts:
        assert f"in month {alert.month} (year {alert.year})" in editor.fired.text()
    markers = window.alert_markers
    qtbot.waitUntil(lambda: markers.isVisible())
    marks = markers.marks()
    assert [(percent, month) for _x, percent, month in marks] == [(a.percent, a.month) for a in alerts]
    xs = [x for x, _p, _m in marks]
    assert xs == sorted(xs) and all(markers.chart._plot().left() <= x <= markers.chart._plot().right() for x in xs)
    assert markers.geometry() == window.summary.burn_chart.rect()
    # Out of order: marked on the field, the quote keeps the alerts it had.
    type_alerts(qtbot, editor, "80, 50")
    assert editor.alerts.property("invalid") == "true"
    assert window.quote.quote.spend_protection.alert_percents == (Decimal(50), Decimal(80), Decimal(100))
    window.quote.undo()
    assert window.quote.quote.spend_protection is None and markers.marks() == []


def test_cap_and_alerts_are_separate_undo_steps(window, qtbot):
    editor = window.form.spend
    retype(qtbot, editor.cap, "25")
    type_alerts(qtbot, editor, "90")
    protection = window.quote.quote.spend_protection
    assert protection.overage_cap_monthly == 25 and protection.alert_percents == (Decimal(90),)
    window.quote.undo()
    assert window.quote.quote.spend_protection.overage_cap_monthly == 25
    assert window.quote.quote.spend_protection.alert_percents == ()
    assert editor.alerts.text() == ""


# --- margin per work unit ---------------------------------------------------------------------------------
def test_the_per_unit_table_is_internal_and_highlights_units_below_the_floor(window, qtbot):
    view = window.form.unit_margins
    assert "INTERNAL" in view.title()
    priced = engine(window)
    floor = window.quote.catalog.approval.margin_floor_percent
    units = priced.expected.unit_margins
    assert view.table.rowCount() == len(units)
    low = [u.work_unit for u in units if u.gross_margin_percent < floor]
    assert low and len(low) < len(units), "the sample has units on both sides of the floor"
    assert view.below_floor() == low
    for row, unit in enumerate(units):
        assert view.table.item(row, 2).text() == format_money(unit.revenue, "USD")
        assert view.table.item(row, 3).text() == format_money(unit.cost_to_serve, "USD")
        highlighted = view.table.item(row, 4).background().style() != Qt.BrushStyle.NoBrush
        assert highlighted == (unit.work_unit in low)
    # A discount moves revenue, so the table follows the quote.
    retype(qtbot, window.form.findChild(type(window.form.spend.alerts), "discount_subscription_percent"), "30")
    assert [view.table.item(r, 2).text() for r in range(len(units))] == [
        format_money(u.revenue, "USD") for u in engine(window).expected.unit_margins]


# --- ramps -------------------------------------------------------------------------------------------------
def test_a_ramp_is_typed_for_a_usage_row_applied_as_one_step_and_follows_the_term(window, qtbot):
    from quotewright.workspace.ramp_commands import parse_steps, series_of

    form = window.form
    before = window.quote.quote
    form.usage_view.selectRow(1)
    dialog = form.usage_ramp.open_for(form.usage_ramp.selected_row())
    assert dialog.row == 1 and dialog.isVisible()
    dialog.steps.clear()
    qtbot.keyClicks(dialog.steps, "1,000")
    qtbot.keyClick(dialog.steps, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.steps, "from month 4: 20,000")
    assert dialog.apply_button.isEnabled() and "20,000" in dialog.preview.text()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    term = before.term_months
    line = window.quote.quote.usage[1]
    assert line.series == series_of(parse_steps("1000\nfrom month 4: 20000"), term)
    assert window.summary.figure("tcv") == format_money(engine(window).totals.tcv, "USD")
    # The term spin box: the series follows it, in the same step as the term.
    form.term.setValue(term + 6)
    assert window.quote.quote.term_months == term + 6
    assert window.quote.quote.usage[1].series[-1] == 20000 and len(window.quote.quote.usage[1].series) == term + 6
    window.quote.undo()
    assert window.quote.quote.usage[1].series == line.series
    window.quote.undo()
    assert window.quote.quote == before


def test_the_ramp_editor_marks_steps_it_cannot_read_and_keeps_apply_off(window, qtbot):
    dialog = window.form.outcome_ramp.open_for(0)
    dialog.steps.setPlainText("100\nfrom month 999: 5")
    assert not dialog.apply_button.isEnabled() and "the term has" in dialog.preview.text()
    assert dialog.steps.property("invalid") == "true"
    dialog.reject()
    assert window.quote.quote.outcomes[0].series is None
