"""The autonomy x attribution matrix (PRICING.md section 7): every work unit
of the catalog placed in its cell, the four quadrants shaded and named with
the pricing each is ready for.

It shows the catalog of the Catalog tab (the one being edited), and says so
above the matrix: the open quote is priced with its own snapshot, which can
differ, and then the page says that too. A unit's name runs on over the
empty cells to its right before it is shortened."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from html import escape

from ..domain.readiness import HIGH_SCORE, Quadrant, readiness
from .documents import CatalogDocument, QuoteDocument

QUADRANT_COLORS = {
    Quadrant.ACCESS: QColor("#EEF2F7"),
    Quadrant.USAGE: QColor("#E3EEF9"),
    Quadrant.INSTRUMENT: QColor("#FFF4E0"),
    Quadrant.OUTCOME: QColor("#E5F4E6"),
}
DOT = QColor("#1F4E79")
WARN = QColor("#C62828")


class MatrixView(QWidget):
    MARGIN = 56

    def __init__(self, document: CatalogDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setMouseTracking(True)
        self.setMinimumSize(420, 380)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._dots: list[tuple[QPointF, str]] = []
        self.labels: dict[str, tuple[str, QRectF]] = {}  # unit id -> (the text drawn, where): for tests
        document.changed.connect(self.update)

    def _grid(self) -> QRectF:
        side = min(self.width(), self.height()) - 2 * self.MARGIN
        return QRectF(self.MARGIN + 10, self.MARGIN / 2, max(side, 50), max(side, 50))

    def _cell(self, autonomy: int, attribution: int) -> QRectF:
        grid = self._grid()
        size = grid.width() / 5
        return QRectF(grid.left() + (autonomy - 1) * size, grid.bottom() - attribution * size, size, size)

    def placements(self) -> dict[str, tuple[int, int, Quadrant]]:
        """Work unit id -> (autonomy, attribution, quadrant)."""
        return {u.id: (u.autonomy, u.attribution, u.readiness.quadrant) for u in self.document.catalog.work_units}

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        text = self.palette().text().color()
        for autonomy in range(1, 6):
            for attribution in range(1, 6):
                quadrant = readiness(autonomy, attribution).quadrant
                cell = self._cell(autonomy, attribution)
                painter.fillRect(cell, QUADRANT_COLORS[quadrant])
                painter.setPen(QPen(QColor("#C8CED6")))
                painter.drawRect(cell)
        grid = self._grid()
        size = grid.width() / 5
        split = QPen(QColor("#5B6B7F"), 2)
        painter.setPen(split)
        x = grid.left() + (HIGH_SCORE - 1) * size
        y = grid.bottom() - (HIGH_SCORE - 1) * size
        painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
        painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        labels = {
            Quadrant.ACCESS: QRectF(grid.left(), y, x - grid.left(), grid.bottom() - y),
            Quadrant.USAGE: QRectF(x, y, grid.right() - x, grid.bottom() - y),
            Quadrant.INSTRUMENT: QRectF(grid.left(), grid.top(), x - grid.left(), y - grid.top()),
            Quadrant.OUTCOME: QRectF(x, grid.top(), grid.right() - x, y - grid.top()),
        }
        for quadrant, area in labels.items():
            title = readiness(5 if quadrant in (Quadrant.USAGE, Quadrant.OUTCOME) else 1,
                              5 if quadrant in (Quadrant.INSTRUMENT, Quadrant.OUTCOME) else 1).pricing
            painter.drawText(area.adjusted(6, 4, -6, -4),
                             Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, title)
        painter.setFont(self.font())
        for score in range(1, 6):
            cell = self._cell(score, 1)
            painter.drawText(QRectF(cell.left(), grid.bottom() + 2, cell.width(), 16), Qt.AlignmentFlag.AlignCenter,
                             str(score))
            cell = self._cell(1, score)
            painter.drawText(QRectF(grid.left() - 22, cell.top(), 18, cell.height()), Qt.AlignmentFlag.AlignCenter,
                             str(score))
        painter.drawText(QRectF(grid.left(), grid.bottom() + 18, grid.width(), 18), Qt.AlignmentFlag.AlignCenter,
                         "Autonomy: how independently the AI finishes the work")
        painter.save()
        painter.translate(grid.left() - 34, grid.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-grid.height() / 2, -10, grid.height(), 18), Qt.AlignmentFlag.AlignCenter,
                         "Attribution: how cleanly value is measured")
        painter.restore()
        self._draw_units(painter)

    def _draw_units(self, painter: QPainter) -> None:
        catalog = self.document.catalog
        priced_on = {outcome.work_unit for outcome in catalog.outcomes}
        by_cell: dict[tuple[int, int], list] = {}
        for unit in catalog.work_units:
            by_cell.setdefault((unit.autonomy, unit.attribution), []).append(unit)
        self._dots = []
        self.labels = {}
        grid_right = self.width() - 6  # past the last column there is room up to the widget's edge
        for (autonomy, attribution), units in by_cell.items():
            cell = self._cell(autonomy, attribution)
            # The name may run over the empty cells to the right, up to the next occupied one.
            taken = [a for (a, b) in by_cell if b == attribution and a > autonomy]
            right = self._cell(min(taken), attribution).left() if taken else grid_right
            for position, unit in enumerate(units):
                row_height = cell.height() / max(len(units), 1)
                centre = QPointF(cell.left() + 9, cell.top() + row_height * position + row_height / 2)
                warn = unit.id in priced_on and not unit.readiness.outcome_ready
                painter.setBrush(WARN if warn else DOT)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(centre, 4.5, 4.5)
                painter.setPen(self.palette().text().color())
                label = QRectF(centre.x() + 8, centre.y() - 8, right - centre.x() - 12, 16)
                text = painter.fontMetrics().elidedText(unit.name, Qt.TextElideMode.ElideRight, int(label.width()))
                painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
                self.labels[unit.id] = (text, label)
                tip = f"<b>{unit.name}</b><br>{unit.readiness.pricing}: {unit.readiness.reason}"
                if warn:
                    tip += "<br><b>An outcome add-on is priced on it, but it is not outcome-ready.</b>"
                self._dots.append((centre, tip))

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        point = event.position()
        for centre, tip in self._dots:
            if abs(centre.x() - point.x()) < 8 and abs(centre.y() - point.y()) < 8:
                QToolTip.showText(event.globalPosition().toPoint(), tip, self)
                return
        QToolTip.hideText()


class MatrixPage(QWidget):
    """The matrix beside a list of each quadrant's units."""

    def __init__(self, document: CatalogDocument, quote: QuoteDocument | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

        self.document = document
        self.quote = quote  # the open quote, to say when its snapshot is another catalog
        outer = QVBoxLayout(self)
        self.source = QLabel()
        self.source.setObjectName("matrix_source")
        self.source.setWordWrap(True)
        self.source.setTextFormat(Qt.TextFormat.RichText)  # the names are escaped
        outer.addWidget(self.source)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        self.matrix = MatrixView(document)
        layout.addWidget(self.matrix, 3)
        self.listing = QLabel()
        self.listing.setObjectName("matrix_listing")
        self.listing.setWordWrap(True)
        self.listing.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.listing, 2)
        document.changed.connect(self.refresh)
        document.reset.connect(self.refresh)
        if quote is not None:
            self._follow(quote)
        self.refresh()

    def _follow(self, quote: QuoteDocument) -> None:
        self.quote = quote
        quote.changed.connect(self._show_source)
        quote.reset.connect(self._show_source)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Built by a window that handed only the catalog: the window's open quote.
        if self.quote is None and isinstance(getattr(self.window(), "quote", None), QuoteDocument):
            self._follow(self.window().quote)
        self._show_source()
        super().showEvent(event)

    def source_text(self) -> str:
        """Which catalog the matrix shows, and whether the open quote's snapshot is another."""
        catalog = self.document.catalog
        text = (f"Work units of the catalog in the Catalog tab: {escape(catalog.name)} "
                f"(version {escape(catalog.version)}).")
        if self.quote is not None and self.quote.differs_from(catalog):
            snapshot = self.quote.catalog
            text += (f" The open quote is priced with its own snapshot, {escape(snapshot.name)} (version "
                     f"{escape(snapshot.version)}), which differs: its work units may be placed otherwise.")
        return text

    def _show_source(self) -> None:
        self.source.setText(self.source_text())

    def refresh(self) -> None:
        self._show_source()
        catalog = self.document.catalog
        priced_on = {outcome.work_unit: outcome.name for outcome in catalog.outcomes}
        parts = ["<p>Score 4 or more counts as high. Outcome pricing needs both autonomy and attribution high.</p>"]
        for quadrant in (Quadrant.OUTCOME, Quadrant.USAGE, Quadrant.INSTRUMENT, Quadrant.ACCESS):
            units = [u for u in catalog.work_units if u.readiness.quadrant is quadrant]
            if not units:
                continue
            parts.append(f"<h3>{units[0].readiness.pricing}</h3><ul>")
            for unit in units:
                note = ""
                if unit.id in priced_on and quadrant is not Quadrant.OUTCOME:
                    note = f" <b style='color:#C62828'>priced as an outcome ({priced_on[unit.id]}) but not ready</b>"
                parts.append(f"<li>{escape(unit.name)} ({unit.autonomy}, {unit.attribution}){note}</li>")
            parts.append("</ul>")
        self.listing.setText("".join(parts))
