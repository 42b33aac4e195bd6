"""The Library tab's list: the quotes of one page as a table (customer, id,
latest revision, TCV, status with the level it needs, valid until,
updated) and the search box and filters above it. Only adapting: the page
and its words come from `workspace/library_session.py`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from ..domain.errors import InvalidInput
from ..formatting import DEFAULT_LOCALE, format_money
from ..workspace.library_session import FILTER_STATUSES, ListedQuote, ListFilter
from .fields import mark_invalid, parse_user_decimal

HEADERS = ("Customer", "Id", "Rev", "TCV", "Status", "Valid until", "Updated")
SEARCH_DELAY_MS = 250  # typing a name runs one query, not one per letter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class QuoteTable(QAbstractTableModel):
    def __init__(self, locale: str = DEFAULT_LOCALE, parent=None):
        super().__init__(parent)
        self.quotes: list[ListedQuote] = []
        self.texts: list[tuple[str, ...]] = []  # written once per page: Qt asks for each cell many times
        self.locale = locale

    def show(self, quotes: list[ListedQuote]) -> None:
        self.beginResetModel()
        self.quotes = list(quotes)
        self.texts = [self._texts(listed) for listed in self.quotes]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's names)
        return 0 if parent.isValid() else len(self.quotes)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def _texts(self, listed: ListedQuote) -> tuple[str, ...]:
        quote = listed.row
        return (quote.customer, quote.id, str(quote.latest_number), format_money(quote.tcv, quote.currency, self.locale),
                listed.status, quote.valid_until or "-", quote.updated_at[:16].replace("T", " "))

    def text(self, row: int, column: int) -> str:
        return self.texts[row][column]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 5 and self.quotes[index.row()].expired:
            return "The quote's validity has passed"
        return None

    def quote_id(self, row: int) -> str:
        return self.quotes[row].row.id


class FilterBar(QWidget):
    """The search box (customer) and the filters; `changed` once typing pauses."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = self._line("library_search", "Search customers...")
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search, 2)
        self.quote_id = self._line("library_id", "Quote id")
        layout.addWidget(self.quote_id, 1)
        self.status = QComboBox()
        self.status.setObjectName("library_status")
        self.status.addItem("Any status", "")
        for status in FILTER_STATUSES:
            self.status.addItem(status[:1].upper() + status[1:], status)
        self.status.currentIndexChanged.connect(self.changed)
        layout.addWidget(self.status)
        self.plan = self._line("library_plan", "Plan id")
        layout.addWidget(self.plan, 1)
        layout.addWidget(QLabel("TCV"))
        self.min_tcv = self._line("library_min_tcv", "from")
        self.max_tcv = self._line("library_max_tcv", "to")
        layout.addWidget(self.min_tcv, 1)
        layout.addWidget(self.max_tcv, 1)
        self.since = self._line("library_since", "updated since YYYY-MM-DD")
        layout.addWidget(self.since, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.changed)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        line = QLineEdit()
        line.setObjectName(name)
        line.setPlaceholderText(placeholder)
        line.textChanged.connect(lambda _text: self.timer.start())
        return line

    def current(self) -> ListFilter:
        """The filter as typed; a TCV or date that cannot be read is marked
        on its field and left out (the rest still filters)."""
        amounts = []
        for line in (self.min_tcv, self.max_tcv):
            amount = None
            if line.text().strip():
                try:
                    amount = parse_user_decimal(line.text())
                except (InvalidInput, ValueError):
                    mark_invalid(line, "Not an amount: type a number such as 50000")
                else:
                    mark_invalid(line, None)
            else:
                mark_invalid(line, None)
            amounts.append(amount)
        since = None
        if self.since.text().strip():
            try:
                since = dt.date.fromisoformat(self.since.text().strip())
                mark_invalid(self.since, None)
            except ValueError:
                mark_invalid(self.since, "Not a date: type it as YYYY-MM-DD")
        else:
            mark_invalid(self.since, None)
        return ListFilter(self.search.text(), self.quote_id.text(), self.status.currentData() or "",
                          self.plan.text().strip(), amounts[0], amounts[1], since)
