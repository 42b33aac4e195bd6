"""Help > About: the version installed, and where the app keeps its files
(what a person reporting a problem is asked for)."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from ..storage.samples import installed_version
from ..storage.settings_store import data_folder, settings_path


def about_text() -> str:
    return (f"<h3>Quotewright {installed_version()}</h3>"
            "<p>A pricing calculator and quote builder for companies that sell AI work: "
            "blended quotes of seats, credits, overage and outcomes, exact to the cent, offline.</p>"
            f"<p>Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}</p>")


def show_about(parent: QWidget) -> QMessageBox:
    """The About box, window-modal but not blocking (like every notice)."""
    box = QMessageBox(QMessageBox.Icon.Information, "About Quotewright", about_text(),
                      QMessageBox.StandardButton.Close, parent)
    box.setObjectName("about_dialog")
    box.setInformativeText(f"Settings: {settings_path()}\nData folder: {data_folder()}")
    box.open()
    return box
