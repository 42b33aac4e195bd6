"""The app says who it is: its icon on every window and its desktop file
name (so a Linux desktop matches the window to `quotewright.desktop`)."""

from __future__ import annotations

import gc
import sys

from PySide6.QtGui import QGuiApplication

from quotewright import app
from quotewright.storage.samples import app_icon


def test_opening_the_app_gives_its_window_the_shipped_icon(app_home, qapp, monkeypatch):
    monkeypatch.delenv("QUOTEWRIGHT_EXIT_AFTER_SHOW", raising=False)
    # main ends in the event loop; here it returns at once instead. (Quitting
    # the loop would make every later modal dialog of the test run return at
    # once: Qt remembers the quit.)
    monkeypatch.setattr(qapp, "exec", lambda: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main installs its error hook; put it back after
    opened = []
    build = app.build_main_window

    def keep(*args, **kwargs):
        opened.append(build(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(app, "build_main_window", keep)
    try:
        assert app.main([]) == 0
    finally:
        gc.unfreeze()  # main freezes start-up objects; a test process keeps collecting them
    (window,) = opened
    try:
        icon = window.windowIcon()
        assert not icon.isNull()
        assert icon.cacheKey() == qapp.windowIcon().cacheKey()  # the application's icon, not Qt's default
        assert not icon.pixmap(64, 64).isNull()
        assert app_icon().is_file()
        assert QGuiApplication.desktopFileName() == "quotewright"
    finally:
        window.quote.history.set_clean()
        window.close()
        window.deleteLater()
