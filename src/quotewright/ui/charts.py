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
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..domain.money import ZERO
from ..formatting import DEFAULT_LOCALE, format_compact

# Looked up once: a Qt enum read goes through Python attribute lookups on every paint.
_RIGHT_MIDDLE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignHCenter
_NO_PEN = Qt.PenStyle.NoPen
_NO_BRUSH = Qt.BrushStyle.NoBrush


class Series(NamedTuple):
    name: str
    color: QColor
    values: list[Decimal]


def compact(value: Decimal, locale: str = DEFAULT_LOCALE) -> str:
    """Axis labels: 20000 -> 20k, 1500000 -> 1.5M (`formatting.format_compact`)."""
    return format_compact(value, locale)


MOST_INTERVALS = 5  # grid intervals on a value axis, at most


def value_axis(peak: Decimal) -> tuple[Decimal, Decimal]:
    """The top of a value axis and its step for bars up to `peak`: the step
    is 1, 2 or 5 times a power of ten (never below 0.1), the top the first
    multiple of it at or above the peak, so the grid reads 0, 10k, 20k ...
    and never 9.5k, 19k. (0, 0) when there is nothing to show."""
    if peak <= 0:
        return ZERO, ZERO
    power = max(Decimal(10) ** (peak.adjusted() - 1), Decimal("0.1"))
    while True:
        for base in (1, 2, 5):
            step = power * base
            if step * MOST_INTERVALS >= peak:
                intervals = int(peak // step)  # whole steps below the peak (both positive)
                return step * (intervals + (step * intervals < peak)), step
        power *= 10


def paint_value_grid(painter: QPainter, palette, plot: QRect, top: Decimal, step: Decimal, left: int,
                     locale: str = DEFAULT_LOCALE) -> None:
    """A dotted grid line at each multiple of `step` from 0 to `top` across
    `plot`, each labelled in the `left` margin: the value axis every chart of
    the app shares (`value_axis` gives the top and the step)."""
    grid = QPen(palette.mid().color())
    grid.setStyle(Qt.PenStyle.DotLine)
    text = palette.text().color()
    lines = int(top / step)
    for index in range(lines + 1):
        value = step * index
        y = plot.bottom() - int(value / top * plot.height())
        painter.setPen(grid)
        painter.drawLine(plot.left(), y, plot.right(), y)
        painter.setPen(text)
        painter.drawText(QRect(0, y - 8, left - 6, 16), _RIGHT_MIDDLE, compact(value, locale))


LEGEND_ROW = 18  # the height of one row of legend entries
SWATCH = 10


def legend_layout(metrics: QFontMetrics, names: list[str], left: int, right: int) -> list[QRect]:
    """Where each legend entry (swatch and name) goes, from `left` to `right`
    of the widget, wrapping onto another row rather than past the edge: at
    1024x700 the five lines of the charges chart need two rows. Rectangles
    are relative to the legend's top."""
    rects, x, row = [], left, 0
    for name in names:
        width = SWATCH + 4 + metrics.horizontalAdvance(name)
        if x > left and x + width > right:
            x, row = left, row + 1
        rects.append(QRect(x, row * LEGEND_ROW, min(width, right - x), LEGEND_ROW))
        x += width + 10
    return rects


def paint_legend(painter: QPainter, rects: list[QRect], entries: list[tuple[str, QColor]], top: int, text) -> None:
    painter.setPen(text)
    for rect, (name, color) in zip(rects, entries):
        rect = rect.translated(0, top)
        painter.fillRect(QRectF(rect.left(), rect.top() + 4, SWATCH, SWATCH), color)
        painter.drawText(QRect(rect.left() + SWATCH + 4, rect.top(), rect.width() - SWATCH - 4, rect.height()),
                         _LEFT_MIDDLE, name)


def axis_label_every(metrics: QFontMetrics, labels: list[str], width: int) -> int:
    """Label every n-th category so the labels never overlap (at most 12)."""
    if not labels:
        return 1
    # The longest label stands for the widest (they are month numbers or names
    # of one form): one measurement per paint, not one per label.
    widest = metrics.horizontalAdvance(max(labels, key=len)) + 8
    fit = max(1, width // widest)
    return max(1, -(-len(labels) // min(fit, 12)))


class StackedBarChart(QWidget):
    """One bar per category (month), one stacked segment per series."""

    LEFT, RIGHT, TOP, BOTTOM = 44, 8, 22, 22
    MINIMUM_HEIGHT = 130  # two charts and the figures above them fit a 1024x700 window

    def __init__(self, title: str, format_value: Callable[[Decimal], str], parent: QWidget | None = None,
                 locale: str = DEFAULT_LOCALE):
        super().__init__(parent)
        self.title = title
        self.format_value = format_value
        self.locale = locale  # the axis labels' (settings.locale)
        self._legend: tuple[tuple, list[QRect]] | None = None  # (width, names, font), its layout
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.bar_totals: list[Decimal] = []
        self.message = ""  # shown instead of the bars, when set
        self._painting: QPixmap | None = None  # the last painting, reused until something it shows changes
        self._frame: tuple[tuple, QPixmap] | None = None  # all but the bars, and what it was painted for
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills its whole rectangle
        self.setMinimumHeight(self.MINIMUM_HEIGHT)
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

    def set_locale(self, locale: str) -> None:
        if locale != self.locale:
            self.locale = locale
            self._repaint()

    def _repaint(self) -> None:
        self._painting = None
        self.update()

    def legend_rects(self) -> list[QRect]:
        """Each series' legend entry, in the widget's coordinates (wrapped
        onto as many rows as the width needs: the chart stays whole)."""
        top = self.height() - self._legend_height() + 2
        return [rect.translated(0, top) for rect in self._legend_layout()]

    def _legend_layout(self) -> list[QRect]:
        names = [series.name for series in self.series]
        key = (self.width(), tuple(names), self.font().key())
        if self._legend is None or self._legend[0] != key:
            self._legend = key, legend_layout(self.fontMetrics(), names, self.LEFT, self.width() - self.RIGHT)
        return self._legend[1]

    def _legend_height(self) -> int:
        rects = self._legend_layout()
        return (rects[-1].bottom() + 1 if rects else LEGEND_ROW) + 2

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._painting = None
        super().changeEvent(event)

    def _plot(self) -> QRect:
        return self.rect().adjusted(self.LEFT, self.TOP, -self.RIGHT, -(self.BOTTOM + self._legend_height()))

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
        plot = self._plot()
        peak = max(self.bar_totals, default=ZERO)
        if self.message or peak <= 0 or plot.height() <= 0:
            self._paint_title(painter)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.message or "Nothing to show yet")
            return
        top, step = value_axis(peak)  # the bars are scaled to the axis' round top
        painter.drawPixmap(0, 0, self._frame_for(plot, top, step))
        self._paint_bars(painter, plot, top)

    def _paint_title(self, painter: QPainter) -> None:
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.text().color())
        painter.drawText(QRect(4, 2, self.width() - 8, self.TOP - 4), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())

    def _frame_for(self, plot: QRect, top: Decimal, step: Decimal) -> QPixmap:
        """Everything but the bars: title, grid, axis labels and legend.
        Text is most of a chart's painting and a keystroke rarely changes it
        (the axis keeps its round top), so it is kept until it does."""
        ratio = self.devicePixelRatioF()
        key = (self.size(), ratio, self.title, tuple(self.categories), tuple((s.name, s.color.rgba()) for s in
                                                                           self.series),
               top, step, self.locale, self.palette().cacheKey(), self.font().key())
        if self._frame is None or self._frame[0] != key:
            frame = QPixmap(self.size() * ratio)
            frame.setDevicePixelRatio(ratio)
            painter = QPainter(frame)
            try:
                self._paint_title(painter)
                palette = self.palette()
                paint_value_grid(painter, palette, plot, top, step, self.LEFT, self.locale)
                painter.setPen(palette.text().color())
                count = len(self.categories)
                slot = Decimal(plot.width()) / count
                every = axis_label_every(painter.fontMetrics(), self.categories, plot.width())
                for index in range(0, count, every):
                    x = plot.left() + int(slot * index + slot / 2)
                    painter.drawText(QRect(x - 20, plot.bottom() + 2, 40, self.BOTTOM - 4), _CENTRE,
                                     self.categories[index])
                paint_legend(painter, self.legend_rects(), [(s.name, s.color) for s in self.series], 0,
                             palette.text().color())
            finally:
                painter.end()
            self._frame = (key, frame)
        return self._frame[1]

    def _paint_bars(self, painter: QPainter, plot: QRect, top: Decimal) -> None:
        count = len(self.categories)
        slot = Decimal(plot.width()) / count
        gap = 1 if slot > 4 else 0
        scale = Decimal(plot.height()) / top  # pixels per unit, once: a multiplication per segment
        floor, plot_left = plot.bottom(), plot.left()
        edges = [plot_left + int(slot * index) for index in range(count + 1)]
        segments: list[list[QRect]] = [[] for _ in self.series]
        for index in range(count):
            left = edges[index]
            width = max(1, edges[index + 1] - left - gap)
            base, bottom = ZERO, floor
            for rects, series in zip(segments, self.series):
                value = series.values[index]
                if value <= 0:
                    continue
                base += value
                y = floor - int(base * scale)
                rects.append(QRect(left, y, width, max(1, bottom - y)))
                bottom = y
        painter.setPen(_NO_PEN)
        for rects, series in zip(segments, self.series):  # one call per series, not one per bar
            if rects:
                painter.setBrush(series.color)
                painter.drawRects(rects)
        painter.setBrush(_NO_BRUSH)

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
