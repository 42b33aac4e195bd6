"""Plans side by side in the app: the rows and the TCV-by-multiplier chart
for the open quote, computed off the GUI thread and superseded by the next
edit, and "Switch to this plan" as one undoable step. Expected figures
come from `compare` and the engine, never written down."""

from __future__ import annotations

import threading

from quotewright.domain import price_quote
from quotewright.domain.compare import compare
from quotewright.formatting import format_money
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.workspace import QuoteSession
from quotewright.workspace import plan_sweep
from quotewright.workspace.plan_sweep import SweepCancelled, SweepJobs, crossovers, switch_to_plan

from test_app_quote import retype

PLANS_TAB = 3


def open_plans(window, qtbot):
    window.tabs.setCurrentIndex(PLANS_TAB)
    view = window.plans
    qtbot.waitUntil(lambda: view.comparison is not None and not view.stale, timeout=20000)
    return view


# --- the workspace side, without Qt --------------------------------------------------------------------
def test_a_newer_job_supersedes_the_older_one_and_a_cancelled_job_never_computes():
    loaded = load_quote(sample("support-agent").quote)
    jobs = SweepJobs()
    first = jobs.submit(loaded.catalog, loaded.quote)
    second = jobs.submit(loaded.catalog, loaded.quote)
    assert first.cancelled and not jobs.accept(first) and jobs.accept(second)
    try:
        first.run()
    except SweepCancelled:
        pass
    else:
        raise AssertionError("a cancelled job computed")
    assert second.run().plans == compare(loaded.catalog, loaded.quote).plans


def test_switching_plan_is_one_step_that_prices_like_the_compared_row():
    loaded = load_quote(sample("support-agent").quote)
    session = QuoteSession(loaded.catalog, loaded.quote)
    comparison = compare(session.catalog, session.quote)
    other = next(row for row in comparison.plans if row.plan != session.quote.plan and row.priced is not None)
    steps = len(session.history)
    assert session.push(switch_to_plan(session.catalog, session.quote, other.plan)) is None
    assert len(session.history) == steps + 1 and session.history.undo_text.startswith("Switch to plan")
    assert session.priced.totals.tcv == other.tcv
    session.undo()
    assert session.quote == loaded.quote
    assert switch_to_plan(session.catalog, session.quote, session.quote.plan) is None


def test_crossovers_are_where_the_cheapest_plan_changes():
    loaded = load_quote(sample("support-agent").quote)
    comparison = compare(loaded.catalog, loaded.quote)
    found = crossovers(comparison)
    cheapest = {entry.multiplier: entry.plan for entry in comparison.cheapest_by_multiplier}
    assert len(found) == len(comparison.cheapest_ranges) - 1
    for cross in found:
        assert cheapest[cross.after] == cross.before != cross.plan == cheapest[cross.at]


# --- the view ----------------------------------------------------------------------------------------------
def test_the_plans_tab_shows_every_plan_and_the_sweep(window, qtbot):
    view = open_plans(window, qtbot)
    quote, catalog = window.quote.quote, window.quote.catalog
    expected = compare(catalog, quote)
    assert view.table.rowCount() == len(catalog.plans)
    for index, row in enumerate(expected.plans):
        assert view.table.item(index, 0).text().startswith(row.name)
        assert view.table.item(index, 2).text() == format_money(row.tcv, expected.currency)
    assert "(this quote)" in view.table.item([r.plan for r in expected.plans].index(quote.plan), 0).text()
    assert [line.values for line in view.chart.lines] == [
        [tcvs[i] for tcvs in expected.sweep] for i in range(len(expected.plans))]
    labels = [marker.label for marker in view.chart.markers]
    assert labels[0] == "expected"
    assert len(labels) == 1 + len(crossovers(expected))
    for range_ in expected.cheapest_ranges:
        assert view.comparison.row(range_.plan).name in view.ranges.text()


def test_the_sweep_runs_off_the_gui_thread_and_the_next_edit_supersedes_it(window, qtbot, monkeypatch):
    threads = []
    real = plan_sweep.compare

    def recording(catalog, quote):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(catalog, quote)

    monkeypatch.setattr(plan_sweep, "compare", recording)
    view = open_plans(window, qtbot)
    # Two edits in a row: the first one's job is cancelled, the view shows the second.
    retype(qtbot, window.form.findChild(type(window.form.spend.alerts), "discount_subscription_percent"), "12")
    assert view.stale and not view.switch_button.isEnabled()
    first = view.start()
    retype(qtbot, window.form.findChild(type(window.form.spend.alerts), "discount_subscription_percent"), "25")
    assert first.cancelled
    qtbot.waitUntil(lambda: not view.stale, timeout=20000)
    assert view.compared == window.quote.quote
    assert view.comparison.row(window.quote.quote.plan).tcv == window.quote.priced.totals.tcv
    assert threads and not any(threads), "compare ran on the GUI thread"


def test_switch_to_this_plan_is_one_undoable_step(window, qtbot):
    view = open_plans(window, qtbot)
    before = window.quote.quote
    other = next(row for row in view.comparison.plans if row.plan != before.plan and row.priced is not None)
    view.select_plan(other.plan)
    assert view.switch_button.isEnabled()
    qtbot.mouseClick(view.switch_button, qtbot_left())
    assert window.quote.quote.plan == other.plan
    assert window.quote.priced.totals.tcv == price_quote(window.quote.catalog, window.quote.quote).totals.tcv
    assert window.quote.priced.totals.tcv == other.tcv
    assert window.form.plan.currentData() == other.plan
    window.quote.undo()
    assert window.quote.quote == before


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
