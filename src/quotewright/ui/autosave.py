"""Autosave to a recovery file while the quote has unsaved changes; the
file goes away when the quote is saved or the app closes normally."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ..storage.problems import FileProblem
from ..storage.recovery import discard_recovery, new_recovery_path, write_recovery
from .documents import QuoteDocument

AUTOSAVE_MILLISECONDS = 15_000


class Autosaver(QObject):
    def __init__(self, document: QuoteDocument, interval: int = AUTOSAVE_MILLISECONDS, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.path = new_recovery_path()
        self.timer = QTimer(self)
        self.timer.setInterval(interval)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        document.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def save_now(self) -> None:
        if not self.document.modified:
            return
        try:
            write_recovery(self.path, self.document.quote, self.document.catalog, self.document.path)
        except FileProblem:
            pass  # autosave must never interrupt the user; the next tick tries again

    def _on_clean_changed(self, clean: bool) -> None:
        if clean and not self.document.modified:
            self.discard()

    def discard(self) -> None:
        discard_recovery(self.path)
