"""A read-only table of the case the scenario toggle shows, kept in step
with the open quote: the line grid (`ui/lines_view.py`) and the invoice
schedule (`ui/invoice_view.py`) are two of them.

Keystrokes reprice the quote, so a view is cheap on `changed`: it derives
its rows (domain/line_items.py) and sets the text of only the cells whose
value changed. The texts live in Qt's items, so painting runs no Python (a
Python model's `data()`, called for every role of every painted cell, cost
several times the painting). Rows out of sight get their texts when they
are painted or read (a 120-month schedule formats the rows on screen), and
a view that is not on screen at all waits until it is shown. A table is
read-only, sorts nothing, and is as tall as its rows (no scroll bar of its
own inside the scrolling page); its columns are measured from the texts
that can be widest, not by asking for every cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.line_items import MEMO, TOTAL
from ..domain.result import PricedCase
from ..formatting import format_money, format_quantity
from .documents import QuoteDocument
from .refused import not_applied

_FONT = Qt.ItemDataRole.FontRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
MEMO_COLOR = QColor("#6B6B6B")
PADDING = 24  # a cell's margins and the grid line, in pixels

Values = Callable[[object], tuple]  # a domain row -> the value of each of its cells
Format = Callable[[int, object], str]  # a column and a cell's value -> its text


class RowsModel(QStandardItemModel):
    """A read-only table over a sequence of domain rows. `values(row)` gives
    the value of each cell of a row (cheap: no formatting); `text(column,
    value)` formats one. Only the cells whose value changed are formatted
    and set again (the rest keep their text), and the texts live in Qt's
    items, so painting calls no Python. `style(row)` says whether a row is a
    total (bold) or a memo (grey); `tip(row, column)`, if given, a cell's
    tooltip."""

    def __init__(self, values: Values, text: Format, style: Callable[[object], str], parent=None,
                 tip: Callable[[object, int], str] | None = None, text_columns: frozenset[int] = frozenset({0})):
        super().__init__(parent)
        self._values_of, self._format, self._style_of, self._tip = values, text, style, tip
        self._text_columns = text_columns  # left-aligned; the others are figures, right-aligned
        self._rows: Sequence = ()
        self._values: list[tuple] = []
        self._styles: list[str] = []
        self._headers: list[str] = []
        self._pending: dict[int, tuple[set[int], bool]] = {}  # row -> columns whose text is owed, restyled
        self.visible_rows: Callable[[], range] = lambda: range(len(self._values))  # the table says which
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def show(self, rows: Sequence, headers: list[str], tooltips: list[str] | None = None) -> None:
        """Show `rows`: the cells whose value (or row style) changed get their
        new text, at once on the rows on screen, else when they are painted
        or read; when the shape changed, every cell is made again."""
        values = [self._values_of(row) for row in rows]
        styles = [self._style_of(row) for row in rows]
        old, old_styles, self._rows = self._values, self._styles, rows
        self._values, self._styles = values, styles
        if len(values) != len(old) or headers != self._headers:
            self._pending.clear()
            self._rebuild(headers, tooltips or [""] * len(headers))
            return
        on_screen = self.visible_rows()
        for row, (before, after) in enumerate(zip(old, values)):
            restyled = styles[row] != old_styles[row]
            if before == after and not restyled:
                continue
            columns = {column for column, (was, now) in enumerate(zip(before, after)) if was != now or restyled}
            pending = self._pending.get(row)
            if pending is not None:
                columns |= pending[0]
                restyled = restyled or pending[1]
            self._pending[row] = (columns, restyled)
            if row in on_screen:
                self._fill_pending(row)

    def _fill_pending(self, row: int) -> None:
        columns, restyled = self._pending.pop(row)
        for column in columns:
            self._fill(self.item(row, column), row, column, restyled)

    def fill_rows(self, rows: range) -> None:
        """Set the texts still owed to `rows` (about to be painted)."""
        if self._pending:
            for row in rows:
                if row in self._pending:
                    self._fill_pending(row)

    def _rebuild(self, headers: list[str], tooltips: list[str]) -> None:
        self.clear()
        self._headers = headers
        self.setColumnCount(len(headers))
        for column, (heading, tooltip) in enumerate(zip(headers, tooltips)):
            item = QStandardItem(heading)
            item.setToolTip(tooltip)
            item.setTextAlignment(_TEXT if column in self._text_columns else _NUMBER)
            self.setHorizontalHeaderItem(column, item)
        self.setRowCount(len(self._values))
        for row in range(len(self._values)):
            for column in range(len(headers)):
                item = QStandardItem()
                item.setFlags(_READ_ONLY)
                item.setTextAlignment(_TEXT if column in self._text_columns else _NUMBER)
                self._fill(item, row, column, True)
                self.setItem(row, column, item)

    def _fill(self, item: QStandardItem, row: int, column: int, styled: bool = False) -> None:
        """The cell's text (and tooltip); with `styled`, its row's style too."""
        text = self._format(column, self._values[row][column])
        if item.text() != text:
            item.setText(text)
        if styled:
            style = self._styles[row]
            item.setData(self._bold if style == TOTAL else self._italic if style == MEMO else None, _FONT)
            item.setData(MEMO_COLOR if style == MEMO else None, _FOREGROUND)
        if self._tip is not None:
            tip = self._tip(self._rows[row], column)
            if item.toolTip() != tip:
                item.setToolTip(tip)

    def forget_texts(self) -> None:
        """Format every cell again (the locale changed)."""
        self._pending.clear()
        for row in range(len(self._values)):
            for column in range(len(self._headers)):
                self._fill(self.item(row, column), row, column)

    def row(self, index: int):
        return self._rows[index]

    def text(self, row: int, column: int) -> str:
        if row in self._pending:
            self._fill_pending(row)
        return self.item(row, column).text()


class RowsTable(QTableView):
    """A read-only table as tall as its rows, sorting nothing, its columns
    as wide as `set_widths` says (measured from the texts, not by asking the
    model for every cell). Ctrl+C copies the selected rows as tab-separated
    text with the header, as shown (to paste into a mail or a sheet)."""

    def __init__(self, model: RowsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSortingEnabled(False)
        self.setWordWrap(False)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab through the page does not stop in a read-only table
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.verticalHeader().setVisible(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionsClickable(False)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.fit_height)
        model.visible_rows = self.visible_rows

    def selected_text(self) -> str:
        """The selected rows (all rows if none is), header first, as shown, tab-separated."""
        model = self.model()
        columns = [column for column in range(model.columnCount()) if not self.isColumnHidden(column)]
        rows = sorted({index.row() for index in self.selectionModel().selectedIndexes()}) or range(model.rowCount())
        lines = ["\t".join(str(model.headerData(column, Qt.Orientation.Horizontal)) for column in columns)]
        lines += ["\t".join(model.text(row, column) for column in columns) for row in rows]
        return "\n".join(lines) + "\n"

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Copy):
            QApplication.clipboard().setText(self.selected_text())
            event.accept()
            return
        super().keyPressEvent(event)

    def rows_between(self, top: int, bottom: int) -> range:
        """The rows that cross viewport pixels `top` to `bottom` (rows have one height)."""
        size, offset = self.verticalHeader().defaultSectionSize(), self.verticalOffset()
        return range(max(0, (top + offset) // size), min(self.model().rowCount(), (bottom + offset) // size + 1))

    def visible_rows(self) -> range:
        """The rows on screen (inside the scrolling page, only part of the table is)."""
        region = self.viewport().visibleRegion()
        if region.isEmpty():
            return range(0)
        rect = region.boundingRect()
        return self.rows_between(rect.top(), rect.bottom())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Rows scrolled into view get the texts they are owed before they are
        # painted (quietly: this paint shows them, no second one is needed).
        model = self.model()
        rect = event.rect()
        blocked = model.blockSignals(True)
        try:
            model.fill_rows(self.rows_between(rect.top(), rect.bottom()))
        finally:
            model.blockSignals(blocked)
        super().paintEvent(event)

    def set_widths(self, texts_by_column: Sequence[Sequence[str]]) -> None:
        """Each column as wide as the widest of its texts (the header included)."""
        metrics, bold = self.fontMetrics(), QFont(self.font())
        bold.setBold(True)
        header_metrics = self.horizontalHeader().fontMetrics()
        model = self.model()
        for column, texts in enumerate(texts_by_column):
            heading = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            wanted = max([header_metrics.horizontalAdvance(heading)] + [metrics.horizontalAdvance(t) for t in texts])
            wanted = int(wanted * 1.08) + PADDING  # room for the bold totals row
            if self.columnWidth(column) != wanted:
                self.setColumnWidth(column, wanted)
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as the header and every row, and no wider than the columns."""
        self.setMaximumWidth(self.horizontalHeader().length() + 2 * self.frameWidth())
        rows = self.model().rowCount()
        height = self.horizontalHeader().sizeHint().height() + rows * self.verticalHeader().defaultSectionSize()
        if self.horizontalHeader().length() > self.viewport().width() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        height += 2 * self.frameWidth()
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_height()  # a horizontal scroll bar comes or goes with the width


def case_caption(case: PricedCase, locale: str) -> str:
    """Which case the figures are: 'Showing: expected usage' or 'Showing: high, 1.5x usage'."""
    if case.name == "expected":
        return "Showing: expected usage"
    return f"Showing: {case.name}, {format_quantity(case.multiplier, locale)}x usage"


def refused_caption(document: QuoteDocument) -> str:
    """While a field is refused, the figures are the last valid value's: say so, as the summary does."""
    sentence = not_applied(document)
    return f" {sentence}: these figures are from the last valid value." if sentence else ""


class CaseTableView(QGroupBox):
    """A caption and a read-only table of the case the scenario toggle shows,
    kept in step with the document (`changed`, `scenario_changed`, `reset`,
    `refused_changed`). Subclasses say which rows (`_update`) and how a cell
    reads (`_values`, `_text`, `_style`)."""

    def __init__(self, title: str, name: str, quote: QuoteDocument, locale: str, parent: QWidget | None,
                 **model_options):
        super().__init__(title, parent)
        self.setObjectName(f"{name}_view")
        self.document, self.locale = quote, locale
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setObjectName(f"{name}_caption")
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self._money_texts: dict = {}  # amount -> its text, in self._currency and self.locale
        self._currency = quote.priced.currency
        self.model = RowsModel(self._values, self._text, self._style, self, **model_options)
        self.table = RowsTable(self.model)
        self.table.setObjectName(f"{name}_table")
        layout.addWidget(self.table)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # as tall as its rows
        for signal in (quote.changed, quote.scenario_changed, quote.reset, quote.refused_changed):
            signal.connect(self.refresh)
        self._stale = False
        self.update_now()

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self._forget_texts()
        self.update_now()

    def _forget_texts(self) -> None:
        """Every text again (the locale or the currency changed); subclasses
        also forget what they have shown, so their widths are measured again."""
        self._money_texts.clear()
        self.model.forget_texts()

    def money_text(self, value) -> str:
        """An amount in the quote's currency and the locale, kept: many are the
        same from one keystroke (or one month) to the next."""
        text = self._money_texts.get(value)
        if text is None:
            if len(self._money_texts) > 4096:
                self._money_texts.clear()
            text = self._money_texts[value] = format_money(value, self._currency, self.locale)
        return text

    def caption_text(self, words: str) -> None:
        caption = words + refused_caption(self.document)
        if self.caption.text() != caption:
            self.caption.setText(caption)

    # --- updating -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The document changed: update now if on screen, else when shown
        (a view on a hidden tab costs a keystroke nothing)."""
        if self.isVisible():
            self.update_now()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.update_now()

    def catch_up(self) -> None:
        """Update now if a change came while hidden (before reading a text)."""
        if self._stale:
            self.update_now()

    def update_now(self) -> None:
        self._stale = False
        if self.document.priced.currency != self._currency:  # another catalog: amounts read differently
            self._currency = self.document.priced.currency
            self._forget_texts()
        self._update(self.document.case)

    def _update(self, case: PricedCase) -> None:
        raise NotImplementedError

    def _values(self, row) -> tuple:
        raise NotImplementedError

    def _text(self, column: int, value) -> str:
        raise NotImplementedError

    def _style(self, row) -> str:
        raise NotImplementedError
