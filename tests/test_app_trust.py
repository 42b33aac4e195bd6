"""Issue 11, "the app a rep can trust": each defect reproduced as a person
meets it, then the behaviour that replaces it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication


def wheel(widget, notches: int = -1) -> QWheelEvent:
    """One turn of the mouse wheel over the middle of `widget` (down for negative)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


def form_scroll(window) -> QAbstractScrollArea:
    parent = window.form.parentWidget()
    while not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


# --- 1. the mouse wheel -------------------------------------------------------------------
def test_the_wheel_over_an_unfocused_spin_box_scrolls_the_form_and_changes_nothing(window, qtbot):
    window.resize(1024, 700)
    window.quote.history.set_clean()
    quote_before = window.quote.quote
    bar = form_scroll(window).verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than the window: there is something to scroll
    bar.setValue(0)
    for name in ("seats", "term", "billing", "plan", "add_unit"):
        widget = getattr(window.form, name)
        assert not widget.hasFocus()
        # Qt's default (WheelFocus) would focus it on the first turn and change it at once.
        assert widget.focusPolicy() != Qt.FocusPolicy.WheelFocus
        before = bar.value()
        wheel(widget.lineEdit() if name in ("seats", "term") else widget)
        assert bar.value() > before or bar.value() == bar.maximum(), name
        bar.setValue(0)
    assert window.quote.quote == quote_before
    assert window.form.add_unit.currentIndex() == 0
    assert not window.quote.history.can_undo


def test_the_wheel_changes_a_spin_box_once_it_has_focus(window, qtbot):
    seats = window.form.seats
    qtbot.mouseClick(seats.lineEdit(), Qt.MouseButton.LeftButton)
    seats.setFocus()
    qtbot.waitUntil(seats.hasFocus, timeout=2000)
    before = window.quote.quote.seats
    wheel(seats, notches=1)
    assert window.quote.quote.seats == before + 1


def test_the_wheel_over_an_unfocused_catalog_field_changes_nothing(window, qtbot):
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    window.tabs.setCurrentIndex(1)
    view = window.catalog_view
    catalog_before = window.catalog.catalog
    from PySide6.QtWidgets import QTabWidget

    seen = 0
    pages = view.findChild(QTabWidget)
    for page in range(pages.count()):
        pages.setCurrentIndex(page)
        QApplication.processEvents()
        for kind in (QAbstractSpinBox, QComboBox):
            for widget in (w for w in view.findChildren(kind) if w.isVisible() and not w.hasFocus()):
                assert widget.focusPolicy() != Qt.FocusPolicy.WheelFocus
                wheel(widget)
                seen += 1
    assert seen  # the plan editor's counts and the unit pickers were turned over
    assert window.catalog.catalog == catalog_before


# --- 3. undo inside a field ---------------------------------------------------------------
def _focus(qtbot, window, widget):
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def test_ctrl_z_in_a_focused_field_undoes_the_document(window, qtbot):
    """Two edits to Customer 2.5 s apart are two steps of the document's
    history; Ctrl+Z in the field undoes them one at a time, and Redo
    (Ctrl+Shift+Z, Ctrl+Y) brings them back."""
    clock = [1000.0]
    window.quote.history._clock = lambda: clock[0]
    name = window.form.findChild(type(window.form.prepared_name), "customer_name")
    original = window.quote.quote.customer.name
    _focus(qtbot, window, name)
    name.end(False)
    qtbot.keyClicks(name, " Ltd")
    clock[0] += 2.5
    qtbot.keyClicks(name, " UK")
    assert window.quote.quote.customer.name == f"{original} Ltd UK"
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.customer.name == f"{original} Ltd"
    assert name.text() == f"{original} Ltd"
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.customer.name == original
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.quote.quote.customer.name == f"{original} Ltd"
    qtbot.keyClick(name, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.customer.name == f"{original} Ltd UK"


def test_ctrl_z_in_seats_undoes_a_wheel_change_and_redo_stays_available(window, qtbot):
    seats = window.form.seats
    _focus(qtbot, window, seats)
    before = window.quote.quote.seats
    wheel(seats, notches=1)
    assert window.quote.quote.seats == before + 1
    qtbot.keyClick(seats.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.seats == before
    assert seats.value() == before
    assert window.undo_actions.redo.isEnabled()
    qtbot.keyClick(seats.lineEdit(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.seats == before + 1
