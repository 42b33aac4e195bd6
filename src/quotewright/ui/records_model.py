"""A table model over a list in a document (usage lines, work units, tiers,
approval levels...). It maps roles and nothing more: rows are formatted
when the document changes, and an edited cell becomes a domain edit in
the document's history. A value the domain refuses stays in its cell,
marked, with the reason as its tooltip, and is never stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QStyledItemDelegate,
    QWidget,
)

from ..domain.edits import Path, SetValue, value_in
from ..domain.errors import InvalidInput, join_path
from .documents import EditableDocument
from .fields import parse_user_decimal

INVALID_BRUSH = QBrush(QColor("#FDECEA"))
NUMERIC = ("decimal", "optional_decimal", "int")
CANNOT_SHOW = "\u2014"  # a computed cell whose figure cannot be formatted
# Looked up once: `data` runs for every role of every cell each time a table paints.
_DISPLAY, _EDIT, _TOOLTIP, _BACKGROUND, _ALIGNMENT = (int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.TextAlignmentRole))
_SHOWN = (_DISPLAY, _EDIT)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_WHEEL = QEvent.Type.Wheel


@dataclass
class Column:
    key: str | None  # the record's field; None for a computed column
    title: str
    kind: str = "text"  # text, decimal, optional_decimal, int, choice, computed
    help: str = ""
    display: Callable[[dict, int], str] | None = None  # how to show a record's value
    choices: Callable[[], list[tuple[str, Any]]] | None = None  # (label, value) for kind "choice"
    editable: bool = field(default=True)

    def __post_init__(self) -> None:
        if self.key is None:
            self.editable = False


def parse_cell(kind: str, text: str) -> Any:
    text = text.strip()
    if kind == "decimal":
        return parse_user_decimal(text)
    if kind == "optional_decimal":
        return None if text in ("", "-", "none", "None") else parse_user_decimal(text)
    if kind == "int":
        try:
            return int(text.replace(",", ""))
        except ValueError:
            raise ValueError(f"{text!r} is not a whole number") from None
    return text


def show_cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class RecordsModel(QAbstractTableModel):
    def __init__(self, document: EditableDocument, path: Path, columns: list[Column], parent=None):
        super().__init__(parent)
        self.document, self.path, self.columns = document, path, columns
        self._records: list[dict] = []
        self._cells: list[list[str]] = []
        self._rejected: dict[tuple[int, int], tuple[str, str]] = {}
        self._reload()
        document.changed.connect(self._on_document_changed)
        document.refused_changed.connect(self._on_document_changed)

    # --- reading --------------------------------------------------------------
    def _reload(self) -> None:
        records = value_in(self.document.model, self.path)
        self._records = records if isinstance(records, list) else []
        self._cells = [[self._format(record, row, column) for column in self.columns]
                       for row, record in enumerate(self._records)]

    def _format(self, record: dict, row: int, column: Column) -> str:
        if column.display is not None:
            try:
                return column.display(record, row)
            except Exception:  # noqa: BLE001 - a figure that cannot be shown is blank, never an old one
                return CANNOT_SHOW
        value = record.get(column.key) if column.key else None
        if column.kind == "choice" and column.choices:
            labels = {choice: label for label, choice in column.choices()}
            return labels.get(value, show_cell("text", value))
        return show_cell(column.kind, value)

    def _on_document_changed(self) -> None:
        old_rows, old_cells, marked = len(self._records), self._cells, set(self._rejected)
        self._reload()
        # A refused cell stays marked as long as its field is refused (the
        # session's word on it), not just until the next edit elsewhere.
        refused = self.document.session.refused
        self._rejected = {cell: mark for cell, mark in self._rejected.items() if self._field(*cell) in refused}
        marked -= set(self._rejected)
        if len(self._records) != old_rows:
            self.beginResetModel()
            self.endResetModel()
        else:
            self._announce(old_cells, marked)

    def reformat(self) -> None:
        """Format every cell again (the display locale changed); a refused
        value stays marked in its cell."""
        old_cells = self._cells
        self._reload()
        self._announce(old_cells)

    def _announce(self, old_cells: list[list[str]], marked: set[tuple[int, int]] = frozenset()) -> None:
        """dataChanged for the rows whose text changed or whose mark went:
        a keystroke elsewhere in the quote repaints no table."""
        changed = [row for row, cells in enumerate(self._cells)
                   if cells != old_cells[row] or any(cell[0] == row for cell in marked)]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.columns) - 1))

    def record(self, row: int) -> dict:
        return self._records[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.help or None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        column = self.columns[col]
        rejected = self._rejected.get((row, col))
        if role in _SHOWN:
            if rejected:
                return rejected[0]
            if role == _EDIT and column.key:
                value = self._records[row].get(column.key)
                return value if column.kind == "choice" else show_cell(column.kind, value)
            return self._cells[row][col]
        if role == _TOOLTIP:
            return rejected[1] if rejected else (column.help or None)
        if role == _BACKGROUND and rejected:
            return INVALID_BRUSH
        if role == _ALIGNMENT and (column.kind in NUMERIC or column.kind == "computed"):
            return _RIGHT
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # --- editing -------------------------------------------------------------
    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, col = index.row(), index.column()
        column = self.columns[col]
        try:
            parsed = value if column.kind == "choice" else parse_cell(column.kind, str(value))
        except ValueError as error:
            return self._reject(row, col, str(value), str(error))
        if parsed == self._records[row].get(column.key):
            self._rejected.pop((row, col), None)
            self.document.session.settle(self._field(row, col))
            self.dataChanged.emit(index, index)
            return True
        problem = self.document.push(SetValue((*self.path, row, column.key), parsed))
        if problem is not None:
            return self._reject(row, col, str(value), f"{problem.path}: {problem.message}", problem)
        self.document.session.settle(self._field(row, col))
        return True

    def _field(self, row: int, col: int) -> tuple:
        return (*self.path, row, self.columns[col].key)

    def _reject(self, row: int, col: int, text: str, message: str, problem: InvalidInput | None = None) -> bool:
        self._rejected[(row, col)] = (text, message)
        field = self._field(row, col)
        self.document.session.refuse(field, problem or InvalidInput(join_path(field), message))
        index = self.index(row, col)
        self.dataChanged.emit(index, index)
        return False

    def rejection(self, row: int, col: int) -> str | None:
        found = self._rejected.get((row, col))
        return found[1] if found else None


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor for columns of kind "choice"."""

    def __init__(self, column: Column, parent=None):
        super().__init__(parent)
        self.column = column

    def createEditor(self, parent: QWidget, option, index):  # noqa: N802
        editor = QComboBox(parent)
        for label, value in self.column.choices():
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QComboBox, index) -> None:  # noqa: N802
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QComboBox, model, index) -> None:  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class GrowWithRows(QObject):
    """Keeps a table as tall as its rows (at least one), with no vertical
    scroll bar of its own: inside the scrolling quote form, a table that
    scrolls too nests one scroll bar in another and hides rows below the
    fold of the table instead of the form."""

    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged,
                       model.dataChanged):
            signal.connect(self.fit)
        view.verticalHeader().sectionResized.connect(self.fit)
        view.horizontalScrollBar().rangeChanged.connect(self.fit)
        # A column's new width rewraps the text, and rows sized to their
        # contents follow on a later turn of the event loop: fit after them.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.fit)
        for header in (view.horizontalHeader(), view.verticalHeader()):
            header.sectionResized.connect(self._fit_later)
            header.geometriesChanged.connect(self._fit_later)
        view.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """A vertical wheel turn over the table scrolls what it sits in: the
        table has nothing to scroll (and Qt does not pass a wheel turn a
        child ignored on to its parents unless it came from the device)."""
        if event.type() != _WHEEL or abs(event.angleDelta().y()) <= abs(event.angleDelta().x()):
            return False
        area = self.view.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is None:
            return False
        viewport = area.viewport()
        position = viewport.mapFromGlobal(event.globalPosition().toPoint()).toPointF()
        QApplication.sendEvent(viewport, QWheelEvent(
            position, event.globalPosition(), event.pixelDelta(), event.angleDelta(), event.buttons(),
            event.modifiers(), event.phase(), event.inverted()))
        return True

    def height(self) -> int:
        view = self.view
        rows = view.verticalHeader()
        count = view.model().rowCount()
        body = rows.length() if count else rows.defaultSectionSize()
        if view.isVisible():  # what the table draws around its rows, as laid out now
            return body + view.height() - view.viewport().height()
        header = view.horizontalHeader().sizeHint().height() if not view.horizontalHeader().isHidden() else 0
        scroll = view.horizontalScrollBar()
        bar = scroll.sizeHint().height() if scroll.maximum() > 0 else 0
        return body + header + bar + 2 * view.frameWidth()

    def _fit_later(self, *_args) -> None:
        if shiboken6.isValid(self) and not self._later.isActive():
            self._later.start()

    def fit(self, *_args) -> None:
        if not shiboken6.isValid(self.view):
            return  # the table is being destroyed (its rows go first)
        wanted = self.height()
        if self.view.height() != wanted or self.view.minimumHeight() != wanted:
            self.view.setFixedHeight(wanted)
