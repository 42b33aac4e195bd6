"""The quote's line grid (issue 11, item 7): platform, seats, credit packs,
overage and each outcome add-on, with their list, discount and net over the
term and the net of each contract year, and a totals row, for the case the
scenario toggle shows. The rows come from `domain/line_items.py`; this view
only formats them.

Keystrokes reprice the quote, so this view is cheap on `changed`: it derives
the rows (a few exact sums), and if they differ it tells the table that its
cells changed; a cell's text is formatted when the table paints it (so only
the cells on screen are formatted) and kept until the next change. The table
is read-only, sorts nothing, and is as tall as its rows (no scroll bar of its
own inside the scrolling page).

`RowsModel` and `RowsTable` are shared with the invoice schedule
(`ui/invoice_view.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.line_items import LINE, MEMO, TOTAL, LineGrid, LineRow, line_grid
from ..domain.result import PricedCase
from ..formatting import DEFAULT_LOCALE, format_money, format_quantity
from .documents import QuoteDocument

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FONT = Qt.ItemDataRole.FontRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_NUMBER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_TEXT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
MEMO_COLOR = QColor("#6B6B6B")
PADDING = 24  # a cell's margins and the grid line, in pixels

Values = Callable[[object], tuple]  # a domain row -> the value of each of its cells
Format = Callable[[int, object], str]  # a column and a cell's value -> its text


class RowsModel(QAbstractTableModel):
    """A read-only table over a sequence of domain rows. `values(row)` gives
    the value of each cell of a row (cheap: no formatting); `text(column,
    value)` formats one, when the table paints it, and the text is kept while
    the cell's value stays. `style(row)` says whether a row is a total (bold)
    or a memo (grey); `tip(row, column)`, if given, a cell's tooltip."""

    def __init__(self, values: Values, text: Format, style: Callable[[object], str], parent=None,
                 tip: Callable[[object, int], str] | None = None, text_columns: frozenset[int] = frozenset({0})):
        super().__init__(parent)
        self._values_of, self._format, self._style_of, self._tip = values, text, style, tip
        self._text_columns = text_columns  # left-aligned; the others are figures, right-aligned
        self._rows: Sequence = ()
        self._values: list[tuple] = []
        self._styles: list[str] = []
        self._headers: list[str] = []
        self._tooltips: list[str] = []
        self._texts: dict[tuple[int, int], str] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    def show(self, rows: Sequence, headers: list[str], tooltips: list[str] | None = None) -> None:
        """Show `rows`. When only values changed, the cells whose value changed
        forget their text and are repainted (one range per column), the others
        keep theirs; when the shape changed, the table is reset."""
        tooltips = tooltips or [""] * len(headers)
        values = [self._values_of(row) for row in rows]
        styles = [self._style_of(row) for row in rows]
        self._rows, self._tooltips = rows, tooltips
        if len(values) != len(self._values) or headers != self._headers:
            self.beginResetModel()
            self._values, self._styles, self._headers = values, styles, headers
            self._texts.clear()
            self.endResetModel()
            return
        old, old_styles = self._values, self._styles
        self._values, self._styles = values, styles
        changed: dict[int, list[int]] = {}  # column -> [first row, last row] changed
        texts = self._texts
        for row, (before, after) in enumerate(zip(old, values)):
            restyled = styles[row] != old_styles[row]
            if before == after and not restyled:
                continue
            for column, (was, now) in enumerate(zip(before, after)):
                if was != now or restyled:
                    texts.pop((row, column), None)
                    span = changed.setdefault(column, [row, row])
                    span[1] = row
        for column, (first, last) in changed.items():
            self.dataChanged.emit(self.index(first, column), self.index(last, column))

    def forget_texts(self) -> None:
        """Format every cell again (the locale changed)."""
        self._texts.clear()
        if self._values:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._values) - 1, len(self._headers) - 1),
                                  [_DISPLAY])

    def row(self, index: int):
        return self._rows[index]

    def text(self, row: int, column: int) -> str:
        key = (row, column)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = self._format(column, self._values[row][column])
        return found

    # --- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        # Called for every role of every painted cell: the common answers first.
        if role == _DISPLAY:
            return self.text(index.row(), index.column())
        if role == _ALIGN:
            return _TEXT if index.column() in self._text_columns else _NUMBER
        if role == _FONT:
            style = self._styles[index.row()]
            return self._bold if style == TOTAL else self._italic if style == MEMO else None
        if role == _FOREGROUND:
            return MEMO_COLOR if self._styles[index.row()] == MEMO else None
        if role == _TOOLTIP and self._tip is not None:
            return self._tip(self._rows[index.row()], index.column()) or None
        return None

    def headerData(self, section: int, orientation, role: int = _DISPLAY):  # noqa: N802 - Qt's name
        if orientation != Qt.Orientation.Horizontal or section >= len(self._headers):
            return None
        if role == _DISPLAY:
            return self._headers[section]
        if role == _TOOLTIP:
            return self._tooltips[section] or None
        if role == _ALIGN:
            return _TEXT if section in self._text_columns else _NUMBER
        return None


class RowsTable(QTableView):
    """A read-only table as tall as its rows, sorting nothing, its columns
    as wide as `widths()` says (measured from the texts, not by asking the
    model for every cell)."""

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
        model.modelReset.connect(self.fit_height)

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


class LinesView(QGroupBox):
    """The line grid of the open quote for the case shown. Connects itself to
    the document's `changed`, `scenario_changed` and `reset`."""

    def __init__(self, quote: QuoteDocument, locale: str = DEFAULT_LOCALE, parent: QWidget | None = None):
        super().__init__("Lines", parent)
        self.setObjectName("lines_view")
        self.document, self.locale = quote, locale
        self.grid: LineGrid | None = None
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setObjectName("lines_caption")
        layout.addWidget(self.caption)
        self._money_texts: dict = {}  # amount -> its text, in self._currency and self.locale
        self._currency = quote.priced.currency
        self.model = RowsModel(self._values, self._text, self._style, self)
        self.table = RowsTable(self.model)
        self.table.setObjectName("lines_table")
        layout.addWidget(self.table)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # as tall as its rows
        quote.changed.connect(self.refresh)
        quote.scenario_changed.connect(self.refresh)
        quote.reset.connect(self.refresh)
        self.refresh()

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self._money_texts.clear()
        self.model.forget_texts()
        self.grid = None  # every width again
        self.refresh()

    # --- cells ----------------------------------------------------------------------------------
    @staticmethod
    def _values(line: LineRow) -> tuple:
        return (line.label, line.list, line.discount, *line.years, line.net)

    def _text(self, column: int, value) -> str:
        if column == 0:
            return value
        return "" if value is None else self.money_text(value)

    def money_text(self, value) -> str:
        """An amount in the quote's currency and the locale; the texts of the
        amounts shown are kept (many are the same from one keystroke to the next)."""
        text = self._money_texts.get(value)
        if text is None:
            if len(self._money_texts) > 4096:
                self._money_texts.clear()
            text = self._money_texts[value] = format_money(value, self._currency, self.locale)
        return text

    @staticmethod
    def _style(line: LineRow) -> str:
        return line.kind

    def text(self, key: str, column: int) -> str:
        """The text of the row `key` ("platform", "outcome:<id>", "total"...) in `column`."""
        for index, line in enumerate(self.grid.rows):
            if line.key == key:
                return self.model.text(index, column)
        raise KeyError(key)

    # --- updating -------------------------------------------------------------------------------
    def refresh(self) -> None:
        document = self.document
        case = document.case
        if document.priced.currency != self._currency:  # another catalog: amounts read differently
            self._currency = document.priced.currency
            self._money_texts.clear()
            self.model.forget_texts()
        caption = case_caption(case, self.locale)
        if self.caption.text() != caption:
            self.caption.setText(caption)
        grid = line_grid(document.catalog, document.priced, case)
        if grid == self.grid:
            return  # e.g. a keystroke in a scenario not shown
        reshaped = self.grid is None or grid.years != self.grid.years or len(grid.rows) != len(self.grid.rows)
        self.grid = grid
        headers = ["Line", "List", "Discount"] + [f"Year {year}" for year in grid.years] + ["Net, term"]
        tooltips = (["", "List price over the whole term, before any discount.", "List minus net over the term."]
                    + [f"Net billed in contract year {year}." for year in grid.years]
                    + ["Net over the whole term: the year columns add up to it."])
        self.model.show(grid.rows, headers, tooltips)
        # Every line is >= 0, so the totals row holds each column's widest
        # charge; a memo (the overage the cap waived) is in no total: measured too.
        widest = [index for index, line in enumerate(grid.rows) if line.kind != LINE]
        # Measured again only when a label or the length of a widest figure changes
        # (digits are equally wide): most keystrokes change digits, not lengths.
        measured = tuple(line.label for line in grid.rows) + tuple(
            len(self.model.text(row, column)) for row in widest for column in range(1, len(headers)))
        if reshaped or measured != self._measured:
            self.table.set_widths([[line.label for line in grid.rows]]
                                  + [[self.model.text(row, column) for row in widest]
                                     for column in range(1, len(headers))])
            self._measured = measured

    _measured: tuple = ()
