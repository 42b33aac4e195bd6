"""What the window says while a field holds a value the document refused
(the session's `refused`): the sentence the summary shows, and the dialog
that stops a save or an export, names each refused field and offers to go
to it. Nothing leaves the app with figures the rep did not see."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QScrollArea, QTabWidget, QWidget

from .documents import EditableDocument


def not_applied(document: EditableDocument) -> str:
    """ "1 field not applied: Subscription discount", or "" when none is."""
    names = document.session.refused_words()
    if not names:
        return ""
    count = f"{len(names)} field{'' if len(names) == 1 else 's'}"
    return f"{count} not applied: {', '.join(names)}"


def stopped_by_refused(parent: QWidget, document: EditableDocument, doing: str) -> bool:
    """True (and a dialog is open) when `doing` ("save the quote", "export
    the quote") must wait for refused fields; False when nothing is refused."""
    session = document.session
    if not session.refused:
        return False
    names = session.refused_words()
    lines = "\n".join(f"- {name}: {problem.message}" for name, problem in zip(names, session.refused.values()))
    box = QMessageBox(QMessageBox.Icon.Warning, "Fields not applied",
                      f"Cannot {doing}: {not_applied(document)}.\n\n"
                      f"{lines}\n\nFix each one or undo its change, then try again.",
                      QMessageBox.StandardButton.Close, parent)
    box.setObjectName("refused_dialog")
    for field, name in zip(list(session.refused), names):
        button = box.addButton(f"Go to {name}", QMessageBox.ButtonRole.ActionRole)
        button.setObjectName("go_to_field")
        button.clicked.connect(lambda _=False, field=field: _leave_for(box, document, field))
    box.open()  # window-modal, never blocking: the work stays at hand
    parent.last_refused_dialog = box
    return True


def _leave_for(box: QMessageBox, document: EditableDocument, field: tuple) -> None:
    box.close()  # a window-modal dialog would keep the focus from the field
    QTimer.singleShot(0, lambda: go_to(document, field))


def go_to(document: EditableDocument, field: tuple) -> bool:
    """Show the widget that edits `field` (its tab, scrolled into view) and focus it."""
    widget = document.widget_for(field)
    if widget is None:
        return False
    ancestor = widget.parentWidget()
    while ancestor is not None:  # every tab on the way is made current
        if isinstance(ancestor, QTabWidget):
            for index in range(ancestor.count()):
                if ancestor.widget(index).isAncestorOf(widget):
                    ancestor.setCurrentIndex(index)
        ancestor = ancestor.parentWidget()
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, QScrollArea):
            ancestor.ensureWidgetVisible(widget)
        ancestor = ancestor.parentWidget()
    widget.window().activateWindow()
    widget.setFocus()
    return True
