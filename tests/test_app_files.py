"""Documents in the app: save, close and reopen; broken files; the prompt
before losing changes; recent files; crash recovery; the remembered layout."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app_fixtures import discard_changes
from quotewright.domain.edits import SetValue
from quotewright.formatting import format_money
from quotewright.storage.app_state import load_app_state
from quotewright.storage.documents import load_quote
from quotewright.storage.recovery import new_recovery_path, pending_recoveries, read_recovery, write_recovery
from quotewright.storage.samples import sample


def answer_next_question(qtbot, button: QMessageBox.StandardButton) -> list[str]:
    """Click `button` on the next message box, as a person would; returns its text."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)
    return seen


def test_save_close_and_reopen_gives_the_same_quote(make_window, tmp_path):
    window = make_window()
    window.quote.push(SetValue(("seats",), 77))
    window.quote.push(SetValue(("customer", "name"), "Reopened Ltd"))
    path = tmp_path / "saved.json"
    assert window.files.save_quote_as(path)
    assert not window.isWindowModified()
    quote, tcv = window.quote.quote, window.summary.figure("tcv")
    window.close()
    again = make_window(str(path))
    assert again.quote.quote == quote
    assert again.quote.path == path
    assert again.summary.figure("tcv") == tcv
    assert str(path.resolve()) in load_app_state().recent_files
    assert again.windowTitle().startswith("saved.json")


def test_opening_a_broken_catalog_shows_an_error_and_keeps_everything(window, tmp_path):
    broken = tmp_path / "broken-catalog.json"
    data = json.loads(sample("token-api").catalog.read_text("utf-8"))
    data["plans"][1]["overage"]["unit_price"] = -1
    broken.write_text(json.dumps(data), "utf-8")
    before_quote, before_catalog = window.quote.quote, window.catalog.catalog
    assert window.files.open_file(broken) is False
    dialog = window.files.last_error
    assert dialog.isVisible()
    assert "broken-catalog.json: plans[1].overage.unit_price: must be at least 0" in dialog.text()
    assert (window.quote.quote, window.catalog.catalog) == (before_quote, before_catalog)
    dialog.close()
    assert window.quote.push(SetValue(("seats",), 30)) is None  # the app keeps working
    assert window.summary.figure("tcv") == format_money(window.quote.priced.totals.tcv, "USD")


def test_opening_garbage_is_an_error_too(window, tmp_path):
    garbage = tmp_path / "notes.json"
    garbage.write_text("this is not json", "utf-8")
    assert window.files.open_file(garbage) is False
    assert "notes.json: is not valid JSON" in window.files.last_error.text()


def test_the_app_asks_before_losing_changes(window, qtbot):
    window.quote.push(SetValue(("seats",), 99))
    seen = answer_next_question(qtbot, QMessageBox.StandardButton.Cancel)
    window.files.new_quote()
    assert seen and "unsaved changes" in seen[0]
    assert window.quote.quote.seats == 99  # cancelled: nothing lost
    answer_next_question(qtbot, QMessageBox.StandardButton.Discard)
    window.files.new_quote()
    assert window.quote.quote.customer.name == "New customer"
    assert not window.isWindowModified()


def test_closing_with_changes_can_be_cancelled(window, qtbot):
    window.quote.push(SetValue(("seats",), 98))
    answer_next_question(qtbot, QMessageBox.StandardButton.Cancel)
    assert window.close() is False
    assert window.isVisible()
    discard_changes(window)


def test_a_catalog_opened_from_file_becomes_the_current_catalog(window, tmp_path):
    path = sample("data-platform").catalog
    assert window.files.open_file(path)
    assert window.catalog.catalog.name == "Cobalt Data Cloud"
    assert window.catalog_banner.isVisible()  # the quote keeps its own snapshot until repriced
    assert load_app_state().last_catalog == str(path.resolve())


def test_crash_recovery_is_offered_back(app_home, make_window, qtbot):
    loaded = load_quote(sample("seat-copilot").quote)
    recovered = loaded.quote.model_copy(update={"seats": 123})
    write_recovery(new_recovery_path(), recovered, loaded.catalog, None)
    window = make_window()
    assert window.recovery_banner.isVisible()
    assert "QS-2026-0142" in window.recovery_banner.label.text()
    qtbot.mouseClick(window.recovery_banner.button("Recover"), Qt.MouseButton.LeftButton)
    assert window.quote.quote.seats == 123
    assert window.quote.catalog == loaded.catalog
    assert window.isWindowModified()
    assert pending_recoveries() == []


def test_autosave_writes_a_recovery_file_until_the_quote_is_saved(make_window, tmp_path):
    window = make_window(autosave_interval=60_000)
    window.quote.push(SetValue(("seats",), 45))
    window.autosaver.save_now()
    assert read_recovery(window.autosaver.path).quote.seats == 45
    assert pending_recoveries() == []  # the window is running: its own file is not a crash's
    own = window.autosaver.path
    window.files.save_quote_as(tmp_path / "q.json")
    assert not own.exists()
    assert pending_recoveries() == []


def test_the_window_layout_is_remembered(make_window):
    window = make_window()
    window.resize(700, 760)  # within the offscreen screen, which restoreGeometry respects
    size = (window.width(), window.height())
    assert size != (1280, 860)  # not the first-run default
    window.close()
    assert load_app_state().window_geometry
    again = make_window()
    assert (again.width(), again.height()) == size


def test_recent_files_fill_the_menu(window, tmp_path):
    path = tmp_path / "recent.json"
    window.files.save_quote_as(path)
    titles = [action.text() for action in window.recent_menu.actions()]
    assert "recent.json" in titles


def test_a_bare_quote_is_priced_with_the_current_catalog(window, tmp_path):
    loaded = load_quote(sample("support-agent").quote)
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(loaded.quote.model_dump(mode="json")), "utf-8")
    assert window.files.open_file(bare)
    assert window.quote.catalog == window.catalog.catalog


def test_no_arguments_opens_the_app(app_home):
    import os
    import subprocess
    import sys

    env = {**os.environ, "QUOTEWRIGHT_EXIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "quotewright"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_an_unexpected_exception_is_shown_and_the_work_kept(window):
    import sys

    from quotewright.app import install_error_hook

    previous = sys.excepthook
    install_error_hook(window)
    try:
        window.quote.push(SetValue(("seats",), 66))
        try:
            raise RuntimeError("a bug in a slot")
        except RuntimeError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
    dialog = window.files.last_error
    assert dialog.isVisible() and "a bug in a slot" in dialog.text()
    assert "Traceback" not in dialog.text()
    assert window.isVisible() and window.quote.quote.seats == 66
    dialog.close()


def test_a_damaged_window_layout_does_not_stop_the_app(app_home, make_window):
    from quotewright.storage.app_state import state_path

    state_path().parent.mkdir(parents=True)
    state_path().write_text('{"window_geometry": "a", "recent_files": []}', "utf-8")
    window = make_window()
    assert window.isVisible()
