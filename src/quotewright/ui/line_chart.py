"""A line chart painted with QPainter: one line per series over the same
x values (a plan's TCV against the usage multiplier, a plan's monthly bill),
with labelled vertical markers (the expected usage, crossovers). Values
arrive as Decimals and are scaled to pixels with Decimal arithmetic; a value
of None leaves a gap (a plan that could not be priced there)."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, NamedTuple

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..domain.money import ZERO
from ..formatting import DEFAULT_LOCALE
from .charts import LEGEND_ROW, axis_label_every, legend_layout, paint_legend, paint_value_grid, value_axis

PALETTE = ("#1F4E79", "#D9822B", "#6AA84F", "#8E44AD", "#C62828", "#4F81BD", "#F9A825", "#5D4037")


class Line(NamedTuple):
    name: str
    color: QColor
    values: list[Decimal | None]


class Marker(NamedTuple):
    index: float  # position along the x values (0 = the first), may fall between two
    label: str
    color: QColor


class LineChart(QWidget):
    LEFT, RIGHT, TOP, BOTTOM = 48, 10, 22, 22

    def __init__(self, title: str, format_value: Callable[[Decimal], str], parent: QWidget | None = None,
                 locale: str = DEFAULT_LOCALE):
        super().__init__(parent)
        self.title, self.format_value, self.locale = title, format_value, locale
        self.labels: list[str] = []
        self.lines: list[Line] = []
        self.markers: list[Marker] = []
        self.message = ""
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, labels: list[str], lines: list[Line], markers: list[Marker] = ()) -> None:
        self.labels, self.lines, self.markers, self.message = labels, lines, list(markers), ""
        self.update()

    def show_message(self, message: str) -> None:
        self.labels, self.lines, self.markers, self.message = [], [], [], message
        self.update()

    def legend_rects(self) -> list[QRect]:
        """Each line's legend entry in the widget's coordinates, wrapped onto
        as many rows as the width needs."""
        rects = legend_layout(self.fontMetrics(), [line.name for line in self.lines], self.LEFT,
                              self.width() - self.RIGHT)
        top = self.height() - self._legend_height(rects) + 2
        return [rect.translated(0, top) for rect in rects]

    @staticmethod
    def _legend_height(rects: list[QRect]) -> int:
        return (rects[-1].bottom() + 1 if rects else LEGEND_ROW) + 2

    def plot(self) -> QRect:
        rects = legend_layout(self.fontMetrics(), [line.name for line in self.lines], self.LEFT,
                              self.width() - self.RIGHT)
        return self.rect().adjusted(self.LEFT, self.TOP, -self.RIGHT, -(self.BOTTOM + self._legend_height(rects)))

    def x_of(self, index: float) -> int:
        plot = self.plot()
        count = max(1, len(self.labels) - 1)
        return plot.left() + int(Decimal(plot.width()) * Decimal(str(index)) / count)

    def _peak(self) -> Decimal:
        """The value axis' top: a round figure at or above every value."""
        return value_axis(max((v for line in self.lines for v in line.values if v is not None), default=ZERO))[0]

    def y_of(self, value: Decimal) -> int:
        plot, peak = self.plot(), self._peak()
        return plot.bottom() - (int(value / peak * plot.height()) if peak > 0 else 0)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            self._paint(painter)
        except Exception:  # noqa: BLE001 - say so in the chart, not in a dialog per repaint
            painter.fillRect(self.rect(), self.palette().base())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Figures cannot be shown")
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.text().color())
        painter.drawText(QRect(4, 2, self.width() - 8, self.TOP - 4), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        plot, peak = self.plot(), self._peak()
        if self.message or peak <= 0 or len(self.labels) < 2 or plot.height() <= 0:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.message or "Nothing to show yet")
            return
        paint_value_grid(painter, palette, plot, peak, value_axis(peak)[1], self.LEFT, self.locale)
        every = axis_label_every(painter.fontMetrics(), self.labels, plot.width())
        for index in range(0, len(self.labels), every):
            x = self.x_of(index)
            painter.drawText(QRect(x - 22, plot.bottom() + 2, 44, self.BOTTOM - 4), Qt.AlignmentFlag.AlignHCenter,
                             self.labels[index])
        for marker in self.markers:
            pen = QPen(marker.color)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            x = self.x_of(marker.index)
            painter.drawLine(x, plot.top(), x, plot.bottom())
            painter.drawText(QRect(x + 2, plot.top(), 120, 14), Qt.AlignmentFlag.AlignLeft, marker.label)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for line in self.lines:
            pen = QPen(line.color)
            pen.setWidth(2)
            painter.setPen(pen)
            previous: QPoint | None = None
            for index, value in enumerate(line.values):
                if value is None:
                    previous = None
                    continue
                point = QPoint(self.x_of(index), self.y_of(value))
                if previous is not None:
                    painter.drawLine(previous, point)
                previous = point
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        paint_legend(painter, self.legend_rects(), [(line.name, line.color) for line in self.lines], 0,
                     palette.text().color())
