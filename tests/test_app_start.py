"""Issue 11, items 8 and 9: starting from something (the start page, File >
New from sample, Help > About, a catalog opened while a quote is open, a
reprice on a catalog without the quote's plan) and new quotes that start
sensibly (automatic packs, nothing to approve yet, ids that never repeat)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from app_fixtures import discard_changes
from quotewright.domain.edits import SetValue
from quotewright.domain.new_quote import blank_quote, nothing_to_approve, quote_id
from quotewright.domain.pricing import price_quote
from quotewright.storage.app_state import AppState, load_app_state
from quotewright.storage.documents import load_catalog, load_quote
from quotewright.storage.recovery import new_recovery_path, write_recovery
from quotewright.storage.samples import samples, sample


@pytest.fixture
def launched(app_home, qtbot):
    """The window as `quotewright` with no file opens it (start page on)."""
    from quotewright.app import build_main_window

    windows = []

    def launch():
        window = build_main_window(None, autosave_interval=0, start_page=True)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield launch
    for window in windows:
        discard_changes(window)
        window.close()
        window.deleteLater()


def click(qtbot, window, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# --- the start page -----------------------------------------------------------------------


def test_the_app_opens_on_a_start_page_with_every_way_to_begin(launched):
    window = launched()
    assert window.start_page_shown and not window.tabs.isVisible()
    page = window.start_page
    names = {button.objectName() for button in page.findChildren(QPushButton)}
    assert {"start_new_quote", "start_continue", "start_open"} <= names
    assert {f"start_sample_{found.name}" for found in samples()} <= names
    # What is open behind it is named: the sample's example quote, so "Continue" says whose.
    continue_button = page.findChild(QPushButton, "start_continue")
    assert window.quote.quote.id in continue_button.text()
    assert window.catalog.catalog.name in page.findChild(QPushButton, "start_new_quote").text()
    for found in samples():  # each sample by the name of its catalog
        assert load_catalog(found.catalog).name in page.findChild(QPushButton, f"start_sample_{found.name}").text()


def test_continue_shows_the_open_quote_unchanged(launched, qtbot):
    window = launched()
    quote = window.quote.quote
    click(qtbot, window, "start_continue")
    assert not window.start_page_shown and window.tabs.isVisible()
    assert window.quote.quote == quote


def test_a_sample_from_the_start_page_opens_its_catalog_and_a_new_quote_from_its_example(launched, qtbot):
    window = launched()
    click(qtbot, window, "start_sample_token-api")
    found = sample("token-api")
    example = load_quote(found.quote).quote
    assert not window.start_page_shown
    assert window.catalog.catalog == load_catalog(found.catalog)
    assert window.quote.catalog == window.catalog.catalog
    quote = window.quote.quote
    assert quote.customer == example.customer and quote.usage == example.usage and quote.plan == example.plan
    assert quote.id != example.id and quote.id.startswith(f"Q-{dt.date.today():%Y%m%d}-")
    assert quote.date == dt.date.today()
    assert window.quote.path is None  # a new quote: Save asks where
    assert window.quote.priced == price_quote(window.quote.catalog, quote)


def test_a_catalog_opened_from_the_start_page_starts_a_quote_on_it(launched, qtbot, monkeypatch):
    path = sample("data-platform").catalog
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window = launched()
    click(qtbot, window, "start_open")
    assert not window.start_page_shown
    assert window.catalog.catalog.name == "Cobalt Data Cloud"
    assert window.quote.catalog == window.catalog.catalog  # no quote was chosen: one is started on it
    assert window.quote.quote.customer.name == "New customer"
    assert window.files.catalog_question is None  # nothing to ask about


def test_recent_files_are_on_the_start_page(launched, qtbot, tmp_path):
    window = launched()
    click(qtbot, window, "start_continue")
    window.quote.push(SetValue(("customer", "name"), "Recent Ltd"))
    path = tmp_path / "recent.json"
    assert window.files.save_quote_as(path)
    window.files.new_quote()
    window.show_start_page()
    recent = window.start_page.findChild(QPushButton, "start_recent_0")
    assert recent.text() == "recent.json" and recent.toolTip() == str(path.resolve())
    qtbot.mouseClick(recent, Qt.MouseButton.LeftButton)
    assert not window.start_page_shown
    assert window.quote.quote.customer.name == "Recent Ltd" and window.quote.path == path.resolve()


def test_no_start_page_when_a_crash_recovery_is_offered(app_home, launched):
    loaded = load_quote(sample("seat-copilot").quote)
    write_recovery(new_recovery_path(), loaded.quote, loaded.catalog, None)
    window = launched()
    assert window.recovery_banner.isVisible()
    assert not window.start_page_shown and window.tabs.isVisible()


def test_opening_with_a_file_shows_it_not_the_start_page(app_home, qtbot):
    from quotewright.app import build_main_window

    window = build_main_window(str(sample("seat-copilot").quote), autosave_interval=0, start_page=True)
    try:
        assert not window.start_page_shown
    finally:
        discard_changes(window)
        window.close()


def test_the_view_shortcuts_leave_the_start_page(launched, qtbot):
    window = launched()
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    catalog_tab = next(a for a in view.actions() if a.shortcut().toString() == "Ctrl+2")
    catalog_tab.trigger()
    assert not window.start_page_shown
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 1, timeout=5000)
    assert window.tabs.isVisible()


# --- File > New from sample, Help > About --------------------------------------------------


def test_file_new_from_sample_lists_the_four_samples_and_opens_one(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    submenu = next(a.menu() for a in menu.actions() if a.menu() and a.menu().objectName() == "new_from_sample")
    actions = {a.objectName(): a for a in submenu.actions()}
    assert set(actions) == {f"sample_{found.name}" for found in samples()} and len(actions) == 4
    actions["sample_data-platform"].trigger()
    example = load_quote(sample("data-platform").quote).quote
    assert window.catalog.catalog.name == "Cobalt Data Cloud"
    assert window.quote.quote.credit_packs_per_year == example.credit_packs_per_year
    assert window.quote.quote.customer == example.customer


def test_help_about_names_the_installed_version(window):
    about = next(a for a in window.findChildren(QAction) if a.objectName() == "about")
    about.trigger()
    box = window.about_dialog
    assert box.isVisible()
    assert f"Quotewright {metadata.version('quotewright')}" in box.text()
    box.close()


# --- a catalog opened while a quote is open; reprice on a catalog without the plan --------


def test_opening_a_catalog_asks_whether_to_start_a_new_quote_on_it(window, qtbot):
    quote = window.quote.quote
    assert window.files.open_catalog(sample("token-api").catalog)
    box = window.files.catalog_question
    assert box.isVisible() and "Start a new quote on it?" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Keep this quote")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.quote.quote == quote and window.catalog_banner.isVisible()
    assert window.files.open_catalog(sample("data-platform").catalog)
    box = window.files.catalog_question
    start = next(b for b in box.buttons() if b.text() == "Start a new quote")
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert window.quote.catalog == window.catalog.catalog and window.catalog.catalog.name == "Cobalt Data Cloud"
    assert window.quote.quote.id != quote.id and window.catalog_banner.isHidden()


def test_reprice_on_a_catalog_without_the_quotes_plan_says_which_plan(window, tmp_path):
    data = json.loads(sample("support-agent").catalog.read_text("utf-8"))
    plan = window.quote.quote.plan
    name = next(p.name for p in window.quote.catalog.plans if p.id == plan)
    data["plans"] = [p for p in data["plans"] if p["id"] != plan]
    data["name"] = "Without the plan"
    path = tmp_path / "without-plan.json"
    path.write_text(json.dumps(data), "utf-8")
    quote, catalog = window.quote.quote, window.quote.catalog
    assert window.files.open_catalog(path)
    window.files.catalog_question.close()
    window.catalog_banner.button("Reprice with current catalog").click()
    dialog = window.files.last_error
    assert dialog.isVisible() and f"no plan {name} ({plan})" in dialog.text() and "Without the plan" in dialog.text()
    assert (window.quote.quote, window.quote.catalog) == (quote, catalog)
    dialog.close()


# --- new quotes start sensibly ---------------------------------------------------------------


def test_a_new_quote_on_a_plan_with_packs_uses_automatic_packs(window):
    window.files.new_quote()  # support-agent: the first plan sells no packs
    assert window.quote.quote.auto_packs
    assert window.quote.session.change_plan("professional") is None
    quote = window.quote.quote
    assert quote.auto_packs
    # The engine chose the packs, as it does for the samples' automatic packs.
    assert window.quote.priced.credit_packs_per_year == price_quote(window.quote.catalog, quote).credit_packs_per_year


@pytest.mark.parametrize("name", [found.name for found in samples()])
def test_a_blank_quote_has_nothing_to_approve_until_usage_is_typed(name):
    catalog = load_catalog(sample(name).catalog)
    quote = blank_quote(catalog, dt.date(2026, 12, 1))
    assert quote.auto_packs
    assert nothing_to_approve(quote)
    typed = quote.model_copy(update={"usage": [quote.usage[0].model_copy(update={"monthly": 1})] + quote.usage[1:]})
    assert not nothing_to_approve(typed)
    assert not nothing_to_approve(load_quote(sample(name).quote).quote)


def test_quote_ids_never_repeat_after_a_relaunch(make_window):
    window = make_window()
    window.files.new_quote()
    first = window.quote.quote.id
    window.files.new_quote()
    second = window.quote.quote.id
    window.close()  # the app quits
    again = make_window()  # and starts again the same day
    again.files.new_quote()
    third = again.quote.quote.id
    assert len({first, second, third}) == 3
    today = dt.date.today()
    assert [first, second, third] == [quote_id(today, n) for n in range(1, 4)]
    assert load_app_state().quote_number == 3


def test_a_remembered_catalogs_blank_quote_is_numbered_too(app_home, make_window, tmp_path):
    path = tmp_path / "own.json"
    path.write_text(sample("token-api").catalog.read_text("utf-8"), "utf-8")
    window = make_window()
    assert window.files.open_catalog(path)
    window.files.catalog_question.close()
    window.files.new_quote()
    opened = window.quote.quote.id
    window.close()
    again = make_window()  # starts on the remembered catalog with a blank quote
    assert again.catalog.path == path
    assert again.quote.quote.id not in (opened, quote_id(dt.date.today(), 1))


def test_the_day_counter_starts_again_tomorrow_and_takes_the_later_of_two_windows():
    state, number = AppState().with_next_quote(dt.date(2026, 12, 1))
    assert number == 1
    state, number = state.with_next_quote(dt.date(2026, 12, 1))
    assert number == 2
    assert state.with_next_quote(dt.date(2026, 12, 2))[1] == 1
    other = AppState(quote_day="2026-12-01", quote_number=7)  # another window handed out more since
    assert state.with_quote_count_of(other).with_next_quote(dt.date(2026, 12, 1))[1] == 8
    assert other.with_quote_count_of(state) == other
