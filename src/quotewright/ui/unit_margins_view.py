"""Revenue and margin per work unit (PRICING.md 11), INTERNAL: a read-only
table of each unit's credits, revenue, cost to serve and gross margin for
the expected case, the revenue no unit carries, and each unit whose margin
is below the catalog's margin floor highlighted with the reason. It shows
the priced result's `unit_margins` as they are; it adds nothing up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..formatting import DEFAULT_LOCALE
from .documents import QuoteDocument
from .figure_texts import FigureTexts
from .records_model import GrowWithRows

HEADERS = ("Work unit", "Credits", "Revenue", "Cost to serve", "Margin")
BELOW_FLOOR = QColor("#FDECEA")
BELOW_ROLE = Qt.ItemDataRole.UserRole + 1  # the item's floor note as last set


class UnitMarginsView(QGroupBox):
    def __init__(self, document: QuoteDocument, parent: QWidget | None = None, locale: str = DEFAULT_LOCALE):
        super().__init__("Margin per work unit (INTERNAL: never shown to the customer)", parent)
        self.setObjectName("unit_margins")
        self.document, self.locale = document, locale
        self.texts = FigureTexts()  # the figures' text, remembered while this view lives
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("unit_margins_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Sized here when a figure's width changes, not by the header: a header
        # that resizes to contents measures every row on each item's change.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table._grow = GrowWithRows(self.table)  # as tall as its rows: the form scrolls, not the table
        self.table.setToolTip("Expected usage. Revenue is each year's platform, seats, packs and overage split "
                              "by the credits each unit needs, plus its outcomes' fees; cost to serve is split "
                              "by each unit's exact cost (PRICING.md 11).")
        layout.addWidget(self.table)
        self.note = QLabel()
        self.note.setObjectName("unit_margins_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        document.changed.connect(self.refresh)
        document.reset.connect(self.refresh)
        self.refresh()

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self.refresh()

    def below_floor(self) -> list[str]:
        """The work units whose margin is below the catalog's floor."""
        floor = self.document.catalog.approval.margin_floor_percent
        return [u.work_unit for u in self.document.priced.expected.unit_margins if u.gross_margin_percent < floor]

    def refresh(self) -> None:
        priced, catalog = self.document.priced, self.document.catalog
        units = priced.expected.unit_margins
        floor = catalog.approval.margin_floor_percent
        money = lambda value: self.texts.money(value, priced.currency, self.locale)  # noqa: E731
        names = {unit.id: unit.name for unit in catalog.work_units}
        resize: set[int] = set()
        if self.table.rowCount() != len(units):
            self.table.setRowCount(len(units))
            resize.update(range(1, len(HEADERS)))
        floor_text = self.texts.percent(floor, self.locale)
        for row, unit in enumerate(units):
            texts = (names.get(unit.work_unit, unit.work_unit), self.texts.quantity(unit.credits, self.locale),
                     money(unit.revenue), money(unit.cost_to_serve), self.texts.percent(unit.gross_margin_percent,
                                                                                  self.locale))
            low = unit.gross_margin_percent < floor
            mark = f"Below the catalog's margin floor of {floor_text}" if low else ""
            for column, text in enumerate(texts):
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    item.setData(BELOW_ROLE, None)
                    self.table.setItem(row, column, item)
                # Each change of an item is a signal and a relayout of the
                # table: only what a keystroke really changed is set.
                old = item.text()
                if old != text:
                    item.setText(text)
                    if len(old) != len(text) and column:
                        resize.add(column)
                if item.data(BELOW_ROLE) != mark:
                    item.setData(BELOW_ROLE, mark)
                    item.setBackground(QBrush(BELOW_FLOOR) if low else QBrush())
                    item.setToolTip(mark)
        for column in sorted(resize):
            self.table.resizeColumnToContents(column)
        parts = []
        unallocated = priced.totals.unallocated_revenue
        if unallocated:
            parts.append(f"Revenue carried by no work unit (years whose usage needs no credits): {money(unallocated)}")
        low = self.below_floor()
        if low:
            parts.append(f"Below the margin floor ({self.texts.percent(floor, self.locale)}): "
                         + ", ".join(names.get(u, u) for u in low))
        self.note.setText("\n".join(parts))
        self.note.setVisible(bool(parts))
