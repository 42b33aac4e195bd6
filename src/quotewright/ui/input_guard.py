"""Two rules of input that hold in every part of the main window, kept in
one application-wide event filter so every spin box, combo box and field
follows them, including editors built later (catalog editors, table cells):

- the mouse wheel changes a spin box or a combo box only once it has focus
  (a click first); over an unfocused one the wheel scrolls the form it sits
  in, so scrolling past Seats or Term never changes the quote;
- Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y belong to the document's undo everywhere
  in the main window: a focused field's own undo would otherwise take them
  (undoing text the document already holds, greying Redo, merging two of
  the document's steps into one the history never sees).

Dialogs keep Qt's own behaviour: their fields are not the document.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QMainWindow,
    QWidget,
)

_WHEEL, _OVERRIDE, _POLISH = QEvent.Type.Wheel, QEvent.Type.ShortcutOverride, QEvent.Type.Polish
_STEPPERS = (QAbstractSpinBox, QComboBox)
_REDO_KEYS = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


def _stepper(widget: QObject) -> QWidget | None:
    """The spin box or combo box a wheel over `widget` would change (a spin
    box's text field belongs to its spin box)."""
    for candidate in (widget, widget.parent() if isinstance(widget, QWidget) else None):
        if isinstance(candidate, _STEPPERS):
            return candidate
    return None


def _is_undo_key(event) -> bool:
    if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
        return True
    return QKeySequence(event.keyCombination()) in _REDO_KEYS


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class InputGuard(QObject):
    """Install once on the application (`install`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == _WHEEL:
            return self._on_wheel(watched, event)
        if kind == _POLISH and isinstance(watched, _STEPPERS):
            # Qt gives a spin box focus on the first wheel turn (WheelFocus),
            # which would let that very turn change it: a click or Tab focuses it.
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind == _OVERRIDE and isinstance(watched, QWidget) and _is_undo_key(event):
            if isinstance(watched.window(), QMainWindow):
                # Not claimed by the field: the shortcut goes to Edit > Undo / Redo.
                event.ignore()
                return True
        return False

    @staticmethod
    def _on_wheel(watched: QObject, event: QWheelEvent) -> bool:
        stepper = _stepper(watched)
        if stepper is None or stepper.hasFocus():
            return False  # a focused field takes the wheel: the person chose it
        area = _scroll_area_of(stepper)
        if area is None:
            event.ignore()  # nothing to scroll: the wheel does nothing here
            return True
        # Scroll what the field sits in, as the wheel would over empty space.
        viewport = area.viewport()
        position = viewport.mapFromGlobal(event.globalPosition().toPoint()).toPointF()
        forwarded = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                                event.buttons(), event.modifiers(), event.phase(), event.inverted())
        QApplication.sendEvent(viewport, forwarded)
        event.accept()
        return True


_guard: InputGuard | None = None


def install(app: QApplication | None = None) -> InputGuard:
    """Put the guard on `app` (the running application by default), once
    however many windows are built."""
    global _guard
    if _guard is None:
        app = app or QApplication.instance()
        _guard = InputGuard(app)
        app.installEventFilter(_guard)
    return _guard
