"""Issue 15 item 7: the Library tab and its actions in the main window
(ui/library_*.py, attached with `attach_library(window)` as the window
will), against SQLite libraries in tmp_path: the list and its filters, a
quote's revisions and their diff, approving as the deal desk (the status
column says approved and the proposal loses its DRAFT mark), a rejection
without a comment refused, a rep who cannot approve above their level,
saving as a revision twice, an unreachable team library, push and the
unshared count (to SQLite and to a real PostgreSQL team library), opening a
revision, and the title showing the revision and its status."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from conftest import REPO
from postgres_server import postgres  # noqa: F401  (the session's server)
from quotewright.domain import library as rules
from quotewright.domain.edits import SetValue
from quotewright.domain.settings import Settings
from quotewright.domain.values import rebuilt
from quotewright.storage.documents import load_quote
from quotewright.storage.library.connect import LibraryProblem

SAMPLES = REPO / "resources" / "quotes"
OTHERS = [path for path in sorted(SAMPLES.glob("*.json")) if path.name != "support-agent-quote.json"]


@pytest.fixture
def library_window(window, tmp_path, monkeypatch):
    """The window (the support agent sample open: HS-2026-0077, needs the
    manager; deal_desk is a later level) with its library in tmp_path."""
    monkeypatch.delenv("QUOTEWRIGHT_LIBRARY", raising=False)
    monkeypatch.delenv("QUOTEWRIGHT_TEAM_LIBRARY", raising=False)
    window.services.settings = Settings(rep_name="Dee Desk", rep_role="deal_desk",
                                        library_url=f"sqlite:///{tmp_path / 'app'}.sqlite3")
    window.library.update_state()  # the window attached its library at start-up; this one is in tmp_path
    return window


def use(window, **changes) -> None:
    window.services.settings = rebuilt(window.services.settings, **changes)


def open_tab(window, qtbot):
    window.tabs.setCurrentIndex(window.library.tab_index)
    view = window.library.view
    assert view is not None and window.tabs.currentWidget() is view  # built on first view
    return view


def column(view, name: str) -> list[str]:
    from quotewright.ui.library_table import HEADERS

    return [view.model.text(row, HEADERS.index(name)) for row in range(view.model.rowCount())]


def save(window):
    action = window.library.save_action
    action.trigger()
    return window.library.last_stored


def test_the_tab_and_menus_are_added_and_the_tab_is_built_on_first_view(library_window, qtbot):
    window = library_window
    assert window.tabs.tabText(window.library.tab_index) == "&Library" and window.library.view is None
    files = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.library.save_action in files.actions()
    names = [a.objectName() for a in window.library.menu.actions()]
    assert {"library_push_action", "library_pull_action", "save_library_revision"} <= set(names)
    shortcut = window.library.save_action.shortcut()
    assert not [a for a in window.findChildren(type(window.library.save_action))
                if a is not window.library.save_action and not shortcut.isEmpty() and a.shortcut() == shortcut]
    open_tab(window, qtbot)


def test_list_and_filter(library_window, qtbot):
    window = library_window
    for path in OTHERS:
        loaded = load_quote(path)
        window.library.session.save_revision(loaded.quote, loaded.catalog)
    save(window)
    view = open_tab(window, qtbot)
    everyone = {load_quote(path).quote.id for path in [*OTHERS, SAMPLES / "support-agent-quote.json"]}
    assert set(column(view, "Id")) == everyone
    quote = window.quote.quote
    row = column(view, "Id").index(quote.id)
    assert column(view, "Customer")[row] == quote.customer.name
    assert column(view, "Rev")[row] == "1"
    assert column(view, "Status")[row] == "needs approval (Manager)"
    assert column(view, "Valid until")[row] == quote.valid_until.isoformat()

    qtbot.keyClicks(view.filters.search, quote.customer.name[:6].lower())
    qtbot.waitUntil(lambda: column(view, "Id") == [quote.id])
    view.filters.search.clear()
    view.filters.status.setCurrentIndex(view.filters.status.findData(rules.READY))
    qtbot.waitUntil(lambda: column(view, "Id") and set(column(view, "Status")) == {"ready"})
    view.filters.status.setCurrentIndex(0)
    view.filters.min_tcv.setText("not money")
    qtbot.waitUntil(lambda: view.filters.min_tcv.property("invalid") == "true")  # marked, and left out:
    assert set(column(view, "Id")) == everyone
    view.filters.min_tcv.setText(str(window.quote.priced.totals.tcv))
    qtbot.waitUntil(lambda: column(view, "Id") == [quote.id])


def test_open_revisions_and_see_a_diff(library_window, qtbot):
    window = library_window
    save(window)
    seats = window.quote.quote.seats
    window.quote.push(SetValue(("seats",), seats + 5))
    assert save(window).number == 2
    view = open_tab(window, qtbot)
    view.select_quote(window.quote.quote.id)
    detail = view.detail
    assert detail.revisions.rowCount() == 2 and detail.selected_numbers() == [2]
    text = detail.diff.toPlainText()
    assert "Revision 1 -> 2" in text and f"Seats: {seats} -> {seats + 5}" in text and "TCV: " in text
    detail.select_revisions(1, 2)
    assert detail.diff.toPlainText() == text
    detail.select_revisions(1)
    assert detail.diff.toPlainText() == ""  # the first has none before it
    assert [entry.split("   ")[-1][:18] for entry in detail.timeline.texts()] == ["Revision 1 stored "] + [
        "Revision 2 stored "]


def test_approve_as_deal_desk_makes_the_status_approved_and_the_proposal_final(library_window, qtbot, tmp_path):
    from pdf_reader import page_texts

    window = library_window
    stored = save(window)
    view = open_tab(window, qtbot)
    view.select_quote(stored.quote_id)
    detail = view.detail
    assert detail.approve_button.isEnabled() and not window.library.stamp().final
    qtbot.mouseClick(detail.approve_button, Qt.MouseButton.LeftButton)
    row = column(view, "Id").index(stored.quote_id)
    assert column(view, "Status")[row] == "approved (Manager)"
    assert not detail.approve_button.isEnabled() and "already approved" in detail.approve_button.toolTip()
    assert "approved as Deal desk" in detail.timeline.texts()[-1]
    stamp = window.library.stamp()
    assert stamp.final and (stamp.revision, stamp.content_hash) == (1, stored.content_hash)

    out = tmp_path / "approved.pdf"
    window.library.export_revision(stored.quote_id, 1, out)
    qtbot.waitUntil(lambda: view.message.text().startswith("Exported"), timeout=60000)
    text = "\n".join(page_texts(out))
    assert "DRAFT" not in text and f"{stored.quote_id} rev 1 · {stored.content_hash[:12]}" in text
    assert "exported as pdf" in detail.timeline.texts()[-1]
    window.exports.notice.close()


def test_reject_without_a_comment_is_refused(library_window, qtbot):
    window = library_window
    stored = save(window)
    view = open_tab(window, qtbot)
    view.select_quote(stored.quote_id)
    detail = view.detail
    assert detail.reject_button.isEnabled()
    qtbot.mouseClick(detail.reject_button, Qt.MouseButton.LeftButton)
    assert "comment: is required to reject" in view.message.text()
    assert window.library.session.status(stored.quote_id).status == rules.NEEDS_APPROVAL
    qtbot.keyClicks(detail.comment, "discount above the floor")
    qtbot.mouseClick(detail.reject_button, Qt.MouseButton.LeftButton)
    assert column(view, "Status") == ["rejected (Manager)"]
    assert detail.timeline.texts()[-1].endswith("rejected as Deal desk: discount above the floor")


def test_a_rep_cannot_approve_above_their_level(library_window, qtbot):
    window = library_window
    use(window, rep_role="rep", rep_name="Rae Rep")
    stored = save(window)
    view = open_tab(window, qtbot)
    view.select_quote(stored.quote_id)
    detail = view.detail
    assert not detail.approve_button.isEnabled() and not detail.reject_button.isEnabled()
    assert "Needs Manager or a later level; your role is Rep" in detail.approve_button.toolTip()
    with pytest.raises(LibraryProblem, match="needs Manager"):
        window.library.session.approve(stored.quote_id, 1)
    assert column(view, "Status") == ["needs approval (Manager)"]


def test_save_as_revision_twice_adds_one_and_leaves_undo_alone(library_window, qtbot):
    window = library_window
    window.quote.push(SetValue(("seats",), window.quote.quote.seats + 1))
    history = window.quote.history
    before = (history.index, len(history), history.clean_index, window.quote.modified)
    first, again = save(window), save(window)
    assert (first.added, again.added, again.number) == (True, False, 1)
    assert "unchanged" in window.statusBar().currentMessage()
    assert len(window.library.session.revisions(first.quote_id)) == 1
    assert (history.index, len(history), history.clean_index, window.quote.modified) == before


def test_the_title_shows_the_revision_and_its_status(library_window, qtbot):
    window = library_window
    quote_id = window.quote.quote.id
    qtbot.waitUntil(lambda: window.library.state is None and not window.library.timer.isActive())
    assert quote_id not in window.windowTitle()
    save(window)
    assert window.windowTitle().startswith(f"{quote_id} rev 1, needs approval (Manager) · ")
    window.library.session.approve(quote_id, 1)
    view = open_tab(window, qtbot)
    view.changed.emit()
    assert window.windowTitle().startswith(f"{quote_id} rev 1, approved (Manager) · ")
    window.quote.push(SetValue(("seats",), window.quote.quote.seats + 1))
    qtbot.waitUntil(lambda: window.windowTitle().startswith(f"{quote_id} edited since rev 1 · "))
    assert window.windowTitle().count(quote_id) == 1  # the window's own title follows, once
    window.quote.undo()
    qtbot.waitUntil(lambda: window.windowTitle().startswith(f"{quote_id} rev 1, approved (Manager) · "))


def test_an_unreachable_team_library_shows_a_message_and_the_local_list_works(library_window, qtbot):
    window = library_window
    use(window, team_library_url="postgresql://nobody@127.0.0.1:1/no_such_library")
    stored = save(window)
    view = open_tab(window, qtbot)
    qtbot.waitUntil(lambda: not view.background.busy, timeout=30000)
    assert "cannot be reached" in view.team_label.text() and "127.0.0.1" in view.message.text()
    assert "\n" not in view.message.text()
    view.say("")
    with qtbot.waitSignal(view.background.busy_changed) as started:  # off the GUI thread, behind the busy bar
        qtbot.mouseClick(view.push_button, Qt.MouseButton.LeftButton)
    assert started.args == [True] and view.busy.isVisibleTo(view) and not view.push_button.isEnabled()
    qtbot.waitUntil(lambda: not view.background.busy, timeout=30000)
    assert "cannot be opened" in view.message.text() and not view.busy.isVisibleTo(view)
    view.refresh()
    assert column(view, "Id") == [stored.quote_id]
    window.quote.push(SetValue(("seats",), window.quote.quote.seats + 1))
    assert save(window).number == 2  # the local library still stores


def test_push_and_the_unshared_count(library_window, qtbot, tmp_path):
    window = library_window
    use(window, team_library_url=f"sqlite:///{tmp_path / 'team'}.sqlite3")
    save(window)
    view = open_tab(window, qtbot)
    qtbot.waitUntil(lambda: not view.background.busy and "Not yet shared" in view.team_label.text(), timeout=30000)
    assert "1 revisions, 0 decisions, 1 events" in view.team_label.text()
    window.library.push_action.trigger()
    qtbot.waitUntil(lambda: "Everything is shared" in view.team_label.text(), timeout=30000)
    assert view.message.text() == "Pushed: 1 revisions, 0 decisions, 1 events copied"
    window.library.pull_action.trigger()
    qtbot.waitUntil(lambda: view.message.text().startswith("Pulled"), timeout=30000)
    assert view.last_copied.revisions == 0 and not window.library.session.unshared().anything


def test_a_revision_opens_in_the_quote_tab(library_window, qtbot):
    window = library_window
    first = save(window)
    seats = window.quote.quote.seats
    window.quote.push(SetValue(("seats",), seats + 5))
    save(window)
    window.quote.history.set_clean()  # nothing to ask about before opening another quote
    view = open_tab(window, qtbot)
    view.select_quote(first.quote_id)
    view.detail.select_revisions(1)
    qtbot.mouseClick(view.detail.open_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == 0 and window.quote.quote.seats == seats
    assert window.windowTitle().startswith(f"{first.quote_id} rev 1, needs approval (Manager) · ")


def test_push_and_pull_with_a_postgresql_team_library(library_window, qtbot, postgres):
    from quotewright.storage.library import open_library
    from quotewright.storage.library.team import init_team

    window = library_window
    team_url = postgres.url(postgres.new_database())
    team = open_library(team_url)
    init_team(team, {level.role: f"qw_{level.role}" for level in window.quote.catalog.approval.levels})
    use(window, team_library_url=team_url)
    stored = save(window)
    window.library.session.approve(stored.quote_id, 1, "fine")
    view = open_tab(window, qtbot)
    qtbot.waitUntil(lambda: "1 revisions, 1 decisions, 2 events" in view.team_label.text(), timeout=30000)
    window.library.push_action.trigger()
    qtbot.waitUntil(lambda: "Everything is shared" in view.team_label.text(), timeout=30000)
    assert view.last_copied.refused == 0 and team.status(stored.quote_id).status == rules.APPROVED
    team.close()


def test_file_export_of_an_approved_revision_is_stamped_and_logged(library_window, qtbot, tmp_path):
    from pdf_reader import page_texts

    window = library_window
    stored = save(window)
    view = open_tab(window, qtbot)
    view.select_quote(stored.quote_id)
    qtbot.mouseClick(view.detail.approve_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "from-the-window.pdf"
    window.export_to([("pdf", out)])  # File > Export, not the Library tab's export
    qtbot.waitUntil(lambda: window.exports.notice is not None and out.exists(), timeout=60000)
    text = "\n".join(page_texts(out))
    assert f"{stored.quote_id} rev 1 · {stored.content_hash[:12]}" in text
    qtbot.waitUntil(lambda: any("exported as pdf" in entry.text for entry in window.library.session.timeline(stored.quote_id)),
                    timeout=10000)
    window.exports.notice.close()


def test_a_window_with_no_library_yet_never_loads_the_database_layer(tmp_path):
    """Start-up pays nothing for the library until one exists (ui/library_actions.py, storage/library/where.py)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from quotewright.app import build_main_window\n"
        "window = build_main_window(autosave_interval=0)\n"
        "window.show(); app.processEvents(); window.library.update_state(); app.processEvents()\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("QUOTEWRIGHT_LIBRARY", None)
    env.pop("QUOTEWRIGHT_SETTINGS", None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert not (tmp_path / "data" / "quotewright" / "library.sqlite3").exists()


def test_the_library_closes_with_the_window_and_not_when_closing_is_cancelled(library_window, qtbot):
    from test_app_files import answer_next_question
    from PySide6.QtWidgets import QMessageBox

    window = library_window
    save(window)
    assert window.library.session._library is not None  # open: the revision was stored through it
    window.quote.push(SetValue(("seats",), window.quote.quote.seats + 1))
    answer_next_question(qtbot, QMessageBox.StandardButton.Cancel)
    assert window.close() is False
    assert window.library.session._library is not None  # the rep kept working: so does the library
    answer_next_question(qtbot, QMessageBox.StandardButton.Discard)
    assert window.close() is True
    assert window.library.session._library is None


def test_the_library_tab_follows_a_locale_chosen_in_the_settings(library_window, qtbot):
    from test_app_locale import choose_locale_in_settings
    from quotewright.formatting import format_money

    window = library_window
    save(window)
    view = open_tab(window, qtbot)
    quote = window.quote.quote
    row = column(view, "Id").index(quote.id)
    tcv, currency = window.quote.priced.totals.tcv, window.quote.priced.currency
    assert column(view, "TCV")[row] == format_money(tcv, currency, "en_US")
    view.select_quote(quote.id)
    revisions = view.detail.revisions
    assert revisions.item(revisions.rowCount() - 1, 4).text() == format_money(tcv, currency, "en_US")
    choose_locale_in_settings(window, qtbot, "de_DE")
    in_german = format_money(tcv, currency, "de_DE")
    assert in_german != format_money(tcv, currency, "en_US")
    assert column(view, "TCV")[row] == in_german
    assert view.detail.quote_id == quote.id  # still shown, now in German
    assert revisions.item(revisions.rowCount() - 1, 4).text() == in_german


def test_no_two_actions_of_the_window_share_a_shortcut(library_window, qtbot):
    """Qt fires neither of two actions holding the same keys: the library's
    Ctrl+Alt+R and Ctrl+L, and every other shortcut, belong to one action."""
    from PySide6.QtGui import QAction

    window = library_window
    open_tab(window, qtbot)  # every page built, with its actions
    held: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            held.setdefault(keys.toString(), []).append(action.objectName())
    assert {"Ctrl+Alt+R", "Ctrl+L", "Ctrl+Alt+S", "Ctrl+S", "Ctrl+Z"} <= set(held)
    assert {keys: names for keys, names in held.items() if len(names) > 1} == {}
