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
