"""Autosave to a recovery file while the quote has unsaved changes; the
file goes away when the quote is saved or the app closes normally.

Autosave never interrupts the user, but it never stops silently either:
when a write fails (the recovery folder was deleted and cannot be made
again, the disk is full) `failed` says why, once, and `resumed` says when
writing works again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ..storage.problems import FileProblem
from ..storage.recovery import RecoverySlot
from .documents import QuoteDocument

AUTOSAVE_MILLISECONDS = 15_000


class Autosaver(QObject):
    failed = Signal(str)  # why autosave stopped (emitted once per outage)
    resumed = Signal()

    def __init__(self, document: QuoteDocument, interval: int = AUTOSAVE_MILLISECONDS, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.slot = RecoverySlot()
        self.problem: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        document.clean_changed.connect(self._on_clean_changed)

    @property
    def path(self):
        """This window's recovery file, once it has written one."""
        return self.slot.path

    def save_now(self) -> None:
        if not self.document.modified:
            return
        try:
            # The slot recreates the folder and its lock if they were deleted.
            self.slot.write(self.document.quote, self.document.catalog, self.document.path)
        except FileProblem as problem:
            if self.problem is None:
                self.failed.emit(str(problem))
            self.problem = str(problem)
            return  # the next tick tries again
        if self.problem is not None:
            self.problem = None
            self.resumed.emit()

    def _on_clean_changed(self, clean: bool) -> None:
        if clean and not self.document.modified:
            self.discard()

    def discard(self) -> None:
        """Remove this window's recovery file. Never raises: it runs while the
        app closes, and a file left behind is only offered once more."""
        try:
            self.slot.discard()
        except FileProblem:
            pass
