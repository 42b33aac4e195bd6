"""Fixtures for the desktop app tests: a private home for settings and state,
and a main window built the way `quotewright` builds it."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_home(tmp_path, monkeypatch):
    """Settings, state, recovery files and templates in a throwaway folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("QUOTEWRIGHT_SETTINGS", raising=False)
    return tmp_path


def discard_changes(window) -> None:
    """Let a test window close without asking (the prompt has its own test)."""
    for document in (window.quote, window.catalog):
        document.history.set_clean()


@pytest.fixture
def make_window(app_home, qtbot):
    from quotewright.app import build_main_window

    windows = []

    def make(path=None, autosave_interval=0):
        window = build_main_window(path, autosave_interval=autosave_interval)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        discard_changes(window)
        window.close()
        window.deleteLater()


@pytest.fixture
def window(make_window):
    return make_window()


def through_settings_dialog(window, qtbot, use) -> None:
    """Edit > Settings as the menu opens it (a modal dialog, shown with its
    own event loop): find the dialog really shown, call `use(dialog)` from
    inside that loop, and return once it has closed. A failure in `use` is
    raised here, after the dialog is closed, so it never hangs the run."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from quotewright.ui.settings_dialog import SettingsDialog

    problems = []

    def shown() -> bool:
        dialog = QApplication.activeModalWidget()
        return isinstance(dialog, SettingsDialog) and dialog.isVisible()

    def answer() -> None:
        try:
            qtbot.waitUntil(shown, timeout=5000)
            use(QApplication.activeModalWidget())
        except BaseException as error:  # noqa: BLE001 - raised below, once the dialog is closed
            problems.append(error)
        if shown():
            QApplication.activeModalWidget().reject()

    QTimer.singleShot(0, answer)
    window.edit_settings()  # returns when the dialog closes
    if problems:
        raise problems[0]


def click_ok(qtbot, dialog) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
