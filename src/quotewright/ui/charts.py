"""A stacked bar chart painted with QPainter (QtCharts is not part of
PySide6-Essentials). Values arrive as Decimals and are scaled to pixels
with Decimal arithmetic; hovering a bar shows its figures. A chart that
cannot draw its figures says so in place of the bars (a paint error must
not open a dialog on every repaint).

A chart keeps its last painting and reuses it until its bars, its size or
its palette change: a keystroke repaints the labels around the charts, and
a chart whose bars did not move (the credit burn, when a discount changes)
costs nothing then."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, NamedTuple

from PySide6.QtCore import QEvent, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

ZERO = Decimal(0)


class Series(NamedTuple):
    name: str
    color: QColor
    values: list[Decimal]


def compact(value: Decimal) -> str:
    """Axis labels: 19013.96 -> 19k, 1250000 -> 1.3M, 4e+27 past trillions."""
    if abs(value) >= 1_000_000_000_000_000:
        return f"{value:.0e}"  # stays short however many digits a total has
    for size, suffix in ((Decimal(1_000_000_000_000), "T"), (Decimal(1_000_000_000), "B"),
                         (Decimal(1_000_000), "M"), (Decimal(1000), "k")):
        if abs(value) >= size:
            scaled = value / size
            return f"{scaled:.0f}{suffix}" if scaled >= 10 else f"{scaled:.1f}{suffix}"
    return f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}"


def paint_value_grid(painter: QPainter, palette, plot: QRect, peak: Decimal, left: int) -> None:
    """Five dotted grid lines from 0 to `peak` across `plot`, each labelled
    in the `left` margin: the value axis every chart of the app shares."""
    grid = QPen(palette.mid().color())
    grid.setStyle(Qt.PenStyle.DotLine)
    for step in range(5):
        y = plot.bottom() - plot.height() * step // 4
        painter.setPen(grid)
        painter.drawLine(plot.left(), y, plot.right(), y)
        painter.setPen(palette.text().color())
        painter.drawText(QRect(0, y - 8, left - 6, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, compact(peak * step / 4))


class StackedBarChart(QWidget):
    """One bar per category (month), one stacked segment per series."""

    LEFT, RIGHT, TOP, BOTTOM, LEGEND = 44, 8, 22, 22, 18

    def __init__(self, title: str, format_value: Callable[[Decimal], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.format_value = format_value
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.bar_totals: list[Decimal] = []
        self.message = ""  # shown instead of the bars, when set
        self._painting: QPixmap | None = None  # the last painting, reused until something it shows changes
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills its whole rectangle
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, categories: list[str], series: list[Series], totals: list[Decimal]) -> None:
        """`totals` are each bar's total as the engine computed it."""
        if not self.message and (categories, series, totals) == (self.categories, self.series, self.bar_totals):
            return  # the same bars: nothing to repaint
        self.categories, self.series, self.bar_totals = categories, series, totals
        self.message = ""
        self._repaint()

    def show_message(self, message: str) -> None:
        """No bars, only `message` (the figures cannot be shown)."""
        self.categories, self.series, self.bar_totals = [], [], []
        self.message = message
        self._repaint()

    def _repaint(self) -> None:
        self._painting = None
        self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._painting = None
        super().changeEvent(event)

    def _plot(self) -> QRect:
        return self.rect().adjusted(self.LEFT, self.TOP, -self.RIGHT, -(self.BOTTOM + self.LEGEND))

    def _bar_at(self, x: int) -> int | None:
        plot = self._plot()
        if not self.categories or not plot.left() <= x <= plot.right():
            return None
        return min(len(self.categories) - 1, (x - plot.left()) * len(self.categories) // max(1, plot.width()))

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        ratio = self.devicePixelRatioF()
        if self._painting is None or self._painting.deviceIndependentSize().toSize() != self.size():
            self._painting = QPixmap(self.size() * ratio)
            self._painting.setDevicePixelRatio(ratio)
            self._paint_into(self._painting)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._painting)
        painter.end()

    def _paint_into(self, device: QPixmap) -> None:
        painter = QPainter(device)
        try:
            self._paint(painter)
        except Exception:  # noqa: BLE001 - say so in the chart, not in a dialog per repaint
            painter.fillRect(self.rect(), self.palette().base())
            painter.setPen(self.palette().text().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Figures cannot be shown")
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.text().color())
        painter.drawText(QRect(4, 2, self.width() - 8, self.TOP - 4), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        plot = self._plot()
        peak = max(self.bar_totals, default=ZERO)
        if self.message or peak <= 0 or plot.height() <= 0:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.message or "Nothing to show yet")
            return
        paint_value_grid(painter, palette, plot, peak, self.LEFT)
        count = len(self.categories)
        slot = Decimal(plot.width()) / count
        gap = 1 if slot > 4 else 0
        for index in range(count):
            left = plot.left() + int(slot * index)
            width = max(1, int(slot * (index + 1)) - int(slot * index) - gap)
            base = ZERO
            for series in self.series:
                value = series.values[index]
                if value <= 0:
                    continue
                bottom = plot.bottom() - int(base / peak * plot.height())
                top = plot.bottom() - int((base + value) / peak * plot.height())
                painter.fillRect(QRect(left, top, width, max(1, bottom - top)), series.color)
                base += value
        painter.setPen(palette.text().color())
        every = max(1, count // 12)
        for index in range(0, count, every):
            x = plot.left() + int(slot * index + slot / 2)
            painter.drawText(QRect(x - 20, plot.bottom() + 2, 40, self.BOTTOM - 4), Qt.AlignmentFlag.AlignHCenter,
                             self.categories[index])
        x = plot.left()
        y = self.height() - self.LEGEND + 2
        for series in self.series:
            painter.fillRect(QRectF(x, y + 3, 10, 10), series.color)
            painter.drawText(x + 14, y + 12, series.name)
            x += 24 + painter.fontMetrics().horizontalAdvance(series.name)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        index = self._bar_at(int(event.position().x()))
        if index is None:
            QToolTip.hideText()
            return
        try:
            lines = [f"<b>{self.categories[index]}</b>"] + [
                f"{s.name}: {self.format_value(s.values[index])}" for s in self.series
            ] + [f"Total: {self.format_value(self.bar_totals[index])}"]
        except Exception:  # noqa: BLE001 - a figure the formatter cannot write: no tooltip, no dialog
            lines = [f"<b>{self.categories[index]}</b>", "Figures cannot be shown"]
        QToolTip.showText(event.globalPosition().toPoint(), "<br>".join(lines), self)

    def describe(self, index: int) -> dict[str, Decimal]:
        """The figures behind one bar (for tooltips and tests)."""
        return {s.name: s.values[index] for s in self.series}
