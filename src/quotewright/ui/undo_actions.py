"""The Edit menu's Undo and Redo. They act on the active document's history
(the quote's, or the catalog's while the Catalog tab is shown) and say what
they would undo in words ("Undo change seats"), as Qt's QUndoGroup actions did; the
history itself lives in the workspace."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from .documents import EditableDocument
from .menus import key_sequences


class UndoActions(QObject):
    def __init__(self, parent: QObject, documents: list[EditableDocument], active: EditableDocument):
        super().__init__(parent)
        self._active = active
        self.undo = QAction("&Undo", parent)
        self.undo.setObjectName("undo")
        self.undo.setShortcuts(key_sequences(QKeySequence.StandardKey.Undo))
        self.undo.triggered.connect(lambda _checked=False: self._active.undo())
        self.redo = QAction("&Redo", parent)
        self.redo.setObjectName("redo")
        # Both spellings on every platform (the platform's own list may hold only one).
        redo_keys = key_sequences(QKeySequence.StandardKey.Redo)
        for extra in (*key_sequences("Ctrl+Shift+Z"), *key_sequences("Ctrl+Y")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.redo.setShortcuts(redo_keys)
        self.redo.triggered.connect(lambda _checked=False: self._active.redo())
        for document in documents:
            document.history_changed.connect(lambda document=document: self._on_history_changed(document))
        self._refresh()

    @property
    def active(self) -> EditableDocument:
        return self._active

    def set_active(self, document: EditableDocument) -> None:
        self._active = document
        self._refresh()

    def _on_history_changed(self, document: EditableDocument) -> None:
        if document is self._active:
            self._refresh()

    def _refresh(self) -> None:
        history = self._active.history
        # In words ("Undo change growth of Conversation handled"), not the edit's path.
        _show(self.undo, "&Undo", history.can_undo, history.undo_words)
        _show(self.redo, "&Redo", history.can_redo, history.redo_words)


def _show(action: QAction, prefix: str, enabled: bool, text: str) -> None:
    # Only what changed: a keystroke should not make the menu bar relayout.
    label = f"{prefix} {text}" if text else prefix
    if action.text() != label:
        action.setText(label)
    if action.isEnabled() != enabled:
        action.setEnabled(enabled)
