"""Form fields bound to a document path: each shows the document's value,
turns what the user types into a domain edit (or hands it to a session
command that knows what it means), and shows the domain's reason right on
the field when it refuses. Money never passes through a float."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from pydantic import BaseModel
from PySide6.QtCore import QDate, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QToolButton, QWidget

from ..domain.edits import MISSING, Edit, Path, SetValue, value_in
from ..domain.errors import InvalidInput, join_path
from ..domain.values import parse_decimal
from .documents import EditableDocument

# Set on the one widget that is wrong, never on the whole application: an
# application style sheet routes every widget through Qt's slower style-sheet
# style and cost a tenth of the start-up time. The property selector keeps the
# style off the widget's children.
INVALID_STYLE = '*[invalid="true"] { border: 1px solid #C62828; background: #FDECEA; }'


def parse_user_decimal(text: str) -> Decimal:
    """What a person types: "12,000", " 7.5 ", "10%" are all fine."""
    cleaned = text.replace(",", "").replace("%", "").replace("_", "").strip()
    return parse_decimal(cleaned)


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Show (or clear) a problem on the widget itself."""
    invalid, tip = "true" if message else "false", message or widget.property("help_text") or ""
    # Settling a field happens on every keystroke: a tooltip or property set
    # again is an event and a restyle for nothing.
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
    if widget.toolTip() != tip:
        widget.setToolTip(tip)
    # A spin box is marked through its text field, so its arrows keep Qt's look.
    target = widget.lineEdit() if isinstance(widget, QSpinBox) else widget
    wanted = INVALID_STYLE if message and isinstance(target, QLineEdit) else ""
    if target.styleSheet() != wanted:
        target.setProperty("invalid", widget.property("invalid"))  # what the selector matches
        target.setStyleSheet(wanted)


def show_problem(document: EditableDocument, field: Path, widget: QWidget, problem: InvalidInput | None) -> None:
    """A gesture outside a binding (a check box, a mode, typed alerts, a
    ramp's steps): mark the widget and tell the session, so that while the
    widget shows what the document refused the summary says so and save
    and export wait; `problem` None settles it."""
    field = tuple(field)
    document.field_widgets[field] = widget  # where "Go to" a refused field leads
    mark_invalid(widget, problem.message if problem else None)
    if problem is None:
        document.session.settle(field)
    else:
        document.session.refuse(field, problem)


def set_help(widget: QWidget, text: str) -> None:
    widget.setProperty("help_text", text)
    widget.setToolTip(text)


class DecimalEdit(QLineEdit):
    """A line edit that yields a Decimal (a QDoubleSpinBox would give a float)."""

    value_edited = Signal(object)  # Decimal, or None when empty and allowed
    text_refused = Signal(str)  # what was typed is not a number: why

    def __init__(self, allow_empty: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.allow_empty = allow_empty
        self.textEdited.connect(self._on_text_edited)

    def value(self) -> Decimal | None:
        text = self.text().strip()
        if not text and self.allow_empty:
            return None
        return parse_user_decimal(text)

    def set_value(self, value: Decimal | None) -> None:
        try:
            if self.value() == value:
                return  # keep what the user typed ("1.50" stays "1.50")
        except ValueError:
            pass
        self.setText("" if value is None else format(value, "f"))

    def _on_text_edited(self, _text: str) -> None:
        try:
            value = self.value()
        except ValueError as error:
            mark_invalid(self, str(error))
            self.text_refused.emit(str(error))
            return
        self.value_edited.emit(value)


_NOTHING = object()  # no value shown yet


def _attribute_at(model: Any, path: Path) -> Any:
    """The attribute at `path`, read without a dump (MISSING when a key is
    not an attribute or an index): compared with the one last shown, it
    tells whether a field needs showing again."""
    node = model
    for key in path:
        if isinstance(key, int) and isinstance(node, (list, tuple)) and 0 <= key < len(node):
            node = node[key]
        elif isinstance(key, str) and isinstance(node, BaseModel) and key in type(node).model_fields:
            node = getattr(node, key)
        else:
            return MISSING  # a dict's key, a removed item: the field reads its value the long way
    return node


class Binding(QObject):
    """Keeps one widget and one path of a document in step."""

    def __init__(self, document: EditableDocument, path: Path, widget: QWidget,
                 make_edit: Callable[[Any], Edit] | None = None,
                 command: Callable[[Any], InvalidInput | None] | None = None):
        super().__init__(widget)
        self.document, self.path, self.widget = document, path, widget
        # A command (such as `session.change_term`) decides what the value
        # means; without one the value is set at the path.
        make = make_edit or (lambda value: SetValue(path, value))
        self.command = command or (lambda value: self.document.session.push(make(value), typed=True))
        self._committing = False
        self._shown: Any = _NOTHING  # the model's attribute as last shown
        document.changed.connect(self.refresh)
        document.refused_changed.connect(self.refresh)
        document.field_widgets[tuple(path)] = widget  # where "Go to" a refused field leads

    @property
    def refused(self) -> bool:
        return tuple(self.path) in self.document.session.refused

    def refresh(self) -> None:
        if self.refused or self._committing:
            self._shown = _NOTHING  # the widget holds typing: show the document's value next time
            return  # keep what the person typed in sight until it is fixed or undone
        if self.widget.property("invalid") == "true":
            mark_invalid(self.widget, None)  # the document moved on (undo): its value is shown
        # Every field refreshes on every change of the document: one whose
        # value did not change (most of them, on a keystroke) stops here.
        held = _attribute_at(self.document.model, self.path)
        if held is not MISSING and type(held) is type(self._shown) and held == self._shown:
            return
        value = value_in(self.document.model, self.path)
        if value is MISSING and not isinstance(self, DecimalBinding):
            return  # the item was removed; its editor is about to go
        self.widget.blockSignals(True)
        try:
            self.show(value)
        finally:
            self.widget.blockSignals(False)
        self._shown = held

    def commit(self, value: Any) -> None:
        self._shown = _NOTHING  # the widget shows what was typed now
        current = value_in(self.document.model, self.path)
        if value == (None if current is MISSING else current):
            self.settle()
            return
        self._committing = True  # a refused keystroke's take-back must not overwrite the text
        try:
            problem: InvalidInput | None = self.command(value)
        finally:
            self._committing = False
        if problem is None:
            self.settle()
        else:
            self.refuse(problem.message, problem)

    def refuse(self, message: str, problem: InvalidInput | None = None) -> None:
        """The field shows what the document does not hold: say so on it and in the session."""
        mark_invalid(self.widget, message)
        self.document.session.refuse(self.path, problem or InvalidInput(join_path(self.path), message))

    def settle(self) -> None:
        mark_invalid(self.widget, None)
        self.document.session.settle(self.path)

    def show(self, value: Any) -> None:  # pragma: no cover - each kind overrides
        raise NotImplementedError


class DecimalBinding(Binding):
    def __init__(self, document, path, widget: DecimalEdit, make_edit=None, command=None):
        super().__init__(document, path, widget, make_edit, command)
        widget.value_edited.connect(self.commit)
        widget.text_refused.connect(self.refuse)
        self.refresh()

    def show(self, value: Any) -> None:
        self.widget.set_value(None if value is MISSING else value)


class TextBinding(Binding):
    """Text; with `empty_is_none`, clearing the field removes the value."""

    def __init__(self, document, path, widget: QLineEdit, make_edit=None, empty_is_none: bool = False):
        super().__init__(document, path, widget, make_edit)
        self.empty_is_none = empty_is_none
        widget.textEdited.connect(lambda text: self.commit(None if (self.empty_is_none and not text) else text))
        self.refresh()

    def show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.widget.text() != text:
            self.widget.setText(text)


class DateField(QWidget):
    """A date typed as text (so it can be empty, or typed at once) with a
    calendar button beside it: the month's calendar pops up on the date
    shown, and a click (or Enter) on a day picks it."""

    picked = Signal(object)  # a datetime.date

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.edit = QLineEdit()
        self.button = QToolButton()
        self.button.setText("\u25be")  # a small down arrow, like a combo box's
        self.button.setToolTip("Pick the date on a calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.button.clicked.connect(self.open_calendar)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self._calendar: QCalendarWidget | None = None

    @property
    def calendar(self) -> QCalendarWidget:
        """Built on first use: three calendars built with the form cost start-up time."""
        if self._calendar is None:
            self._calendar = QCalendarWidget(self)
            self._calendar.setWindowFlag(Qt.WindowType.Popup)
            self._calendar.setGridVisible(True)
            self._calendar.clicked.connect(self._pick)
            self._calendar.activated.connect(self._pick)
        return self._calendar

    def open_calendar(self) -> None:
        try:
            shown = dt.date.fromisoformat(self.edit.text().strip())
        except ValueError:
            shown = dt.date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.move(self.button.mapToGlobal(self.button.rect().bottomRight()) - QPoint(
            self.calendar.sizeHint().width(), 0))
        self.calendar.show()
        self.calendar.setFocus()

    def _pick(self, date: QDate) -> None:
        self.calendar.hide()
        self.picked.emit(dt.date(date.year(), date.month(), date.day()))


class DateBinding(Binding):
    """An ISO date typed as text (YYYY-MM-DD), or picked on the calendar of
    a `DateField`; empty means no date."""

    def __init__(self, document, path, widget: QLineEdit, picker: DateField | None = None):
        super().__init__(document, path, widget)
        widget.setPlaceholderText("YYYY-MM-DD")
        widget.textEdited.connect(self._on_text)
        if picker is not None:
            picker.picked.connect(self._on_picked)
        self.refresh()

    def _on_picked(self, date: dt.date) -> None:
        self.widget.setText(date.isoformat())  # what the person sees is what is applied
        self.commit(date)

    def _on_text(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.commit(None)
            return
        try:
            self.commit(dt.date.fromisoformat(text))
        except ValueError:
            self.refuse("a date such as 2026-12-31")

    def show(self, value: Any) -> None:
        text = value.isoformat() if value else ""
        current = self.widget.text().strip()
        try:
            same = (dt.date.fromisoformat(current) if current else None) == value
        except ValueError:
            same = False
        if not same:
            self.widget.setText(text)


PENDING = "typed, not applied yet: Enter or Tab applies it"


class IntBinding(Binding):
    """A count in a spin box. It applies when the entry is finished (Enter,
    Tab, leaving the box, an arrow or a wheel turn on the focused box), like
    a table cell: "36" must not pass through 3 months, nor "60" seats
    through 6. Until then the typed text is a field not applied, so the
    summary says so and save and export wait for it."""

    def __init__(self, document, path, widget: QSpinBox, make_edit=None, command=None):
        super().__init__(document, path, widget, make_edit, command)
        widget.setKeyboardTracking(False)
        widget.valueChanged.connect(self.commit)
        widget.lineEdit().textEdited.connect(self._on_typed)
        widget.editingFinished.connect(self._on_finished)
        self.refresh()

    def _on_typed(self, _text: str) -> None:
        widget = self.widget
        pending = widget.valueFromText(widget.cleanText()) != widget.value() or not widget.hasAcceptableInput()
        if pending:
            self.document.session.refuse(self.path, InvalidInput(join_path(self.path), PENDING))
        else:
            self.document.session.settle(self.path)

    def _on_finished(self) -> None:
        # Applied (valueChanged has committed it) or unchanged: either way no longer pending.
        problem = self.document.session.refused.get(tuple(self.path))
        if problem is not None and problem.message == PENDING:
            self.document.session.settle(self.path)
            self.refresh()

    def show(self, value: Any) -> None:
        if self.widget.value() != value:
            self.widget.setValue(int(value))


class ChoiceBinding(Binding):
    """A combo box whose items carry the stored value as their data."""

    def __init__(self, document, path, widget: QComboBox, make_edit=None, command=None):
        super().__init__(document, path, widget, make_edit, command)
        widget.currentIndexChanged.connect(lambda index: self.commit(widget.itemData(index)))
        self.refresh()

    def show(self, value: Any) -> None:
        index = self.widget.findData(value)
        if index >= 0 and index != self.widget.currentIndex():
            self.widget.setCurrentIndex(index)

