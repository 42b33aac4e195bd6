"""Spend protection in the quote form (PRICING.md 10): the monthly overage
cap and the alert percents, bound to the quote through the workspace's
spend commands (so every change is an undoable step), and what the cap and
the alerts do to this quote: the overage waived in the expected case and
in the case shown, and the month each alert fires. `AlertMarkers` marks
those months on the summary's credit burn chart. Figures come from the
priced result; nothing here computes one."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from ..domain.errors import InvalidInput
from ..formatting import DEFAULT_LOCALE, format_money, format_quantity
from ..workspace import spend_commands
from .documents import QuoteDocument
from .fields import DecimalBinding, DecimalEdit, mark_invalid, set_help, show_problem

ALERT_COLOR = "#C62828"
ALERTS_FIELD = ("spend_protection", "alert_percents")


def push_made(document: QuoteDocument, make) -> InvalidInput | None:
    """Push the edit a workspace command makes; its refusal is returned."""
    try:
        edit = make()
    except InvalidInput as problem:
        return problem
    return None if edit is None else document.push(edit)


class SpendEditor(QGroupBox):
    def __init__(self, document: QuoteDocument, parent: QWidget | None = None, locale: str = DEFAULT_LOCALE):
        super().__init__("Spend p&rotection", parent)
        self.setObjectName("spend_protection")
        self.document, self.locale = document, locale
        form = QFormLayout(self)
        self.cap = DecimalEdit(allow_empty=True)
        self.cap.setObjectName("overage_cap")
        self.cap.setPlaceholderText("no cap")
        set_help(self.cap, "The most the customer's overage bill can be in any month; the credits above it are "
                           "still served. Empty: no cap.")
        self.cap_binding = DecimalBinding(
            document, ("spend_protection", "overage_cap_monthly"), self.cap,
            command=lambda value: push_made(document, lambda: spend_commands.set_overage_cap(document.quote, value)))
        form.addRow("Overage cap per month", self.cap)
        self.alerts = QLineEdit()
        self.alerts.setObjectName("alert_percents")
        self.alerts.setPlaceholderText("such as 50, 80, 100")
        set_help(self.alerts, "The customer is alerted when a contract year's use reaches these percents of the "
                              "year's included and prepaid credits.")
        # Committed when typed (Enter or leaving the field): "50, 80" passes through "50, 8".
        self.alerts.editingFinished.connect(self._on_alerts)
        form.addRow("Alerts at (% of a year's credits)", self.alerts)
        self.waived = QLabel()
        self.waived.setObjectName("overage_waived")
        self.waived.setWordWrap(True)
        self.waived.setToolTip("Net overage the cap takes off the bill over the term (PRICING.md 10).")
        form.addRow("Overage waived", self.waived)
        self.fired = QLabel()
        self.fired.setObjectName("alerts_fired")
        self.fired.setWordWrap(True)
        form.addRow("Alerts fire", self.fired)
        document.changed.connect(self.refresh)
        document.scenario_changed.connect(self.refresh)
        document.reset.connect(self.refresh)
        document.refused_changed.connect(self.refresh)  # undo forgets a refusal: the quote's alerts again
        document.field_widgets[ALERTS_FIELD] = self.alerts
        self.refresh()

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self.refresh()

    def _on_alerts(self) -> None:
        text = self.alerts.text()
        problem = push_made(self.document, lambda: spend_commands.type_alert_percents(self.document.quote, text))
        show_problem(self.document, ALERTS_FIELD, self.alerts, problem)

    def refresh(self) -> None:
        quote = self.document.quote
        try:
            typed = spend_commands.parse_alert_percents(self.alerts.text())
        except InvalidInput:
            typed = None
        held = quote.spend_protection.alert_percents if quote.spend_protection else ()
        if typed != held and ALERTS_FIELD not in self.document.session.refused:  # keep "50,80" for 50, 80
            self.alerts.setText(spend_commands.alert_percents_text(quote))
            mark_invalid(self.alerts, None)
        self.waived.setText(self.waived_text())
        self.fired.setText(self.alerts_text())

    def waived_text(self) -> str:
        priced, document = self.document.priced, self.document
        if priced.spend_protection is None or priced.spend_protection.overage_cap_monthly is None:
            return "No cap"
        money = lambda value: format_money(value, priced.currency, self.locale)  # noqa: E731
        text = f"Expected usage: {money(priced.totals.overage_waived)}"
        if document.scenario is not None:
            text += f"; {document.scenario} usage (shown): {money(document.case.totals.overage_waived)}"
        return text

    def alerts_text(self) -> str:
        case = self.document.case
        if not self.document.quote.spend_protection or not self.document.quote.spend_protection.alert_percents:
            return "No alerts"
        if not case.alerts:
            return "None: the usage shown never reaches them"
        return "; ".join(f"{format_quantity(a.percent, self.locale)}% in month {a.month} (year {a.year})"
                         for a in case.alerts)


class AlertMarkers(QWidget):
    """A transparent layer over the credit burn chart: a dashed line and the
    percent at each month an alert fires, in the case shown. It reads the
    chart's plot area, so its marks sit on the chart's bars."""

    def __init__(self, chart, document: QuoteDocument, locale: str = DEFAULT_LOCALE):
        super().__init__(chart)
        self.chart, self.document, self.locale = chart, document, locale
        self.setObjectName("alert_markers")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        chart.installEventFilter(self)
        self._shown: list | None = None  # the marks last painted
        document.changed.connect(self._on_changed)
        document.scenario_changed.connect(self._on_changed)
        self.setGeometry(chart.rect())
        self.show()

    def _on_changed(self) -> None:
        # This layer lies over the credit burn chart: repainting it repaints
        # the chart under it, so only when the alerts it shows moved.
        if self.marks() != self._shown:
            self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.chart and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.chart.rect())
        return False

    def marks(self) -> list[tuple[int, Decimal, int]]:
        """(x in pixels, percent, month) of each alert of the case shown."""
        case = self.document.case
        months = len(case.months)
        if not months or self.chart.message:
            return []
        plot = self.chart._plot()
        slot = Decimal(plot.width()) / months
        return [(plot.left() + int(slot * (a.month - 1) + slot / 2), a.percent, a.month) for a in case.alerts]

    def paintEvent(self, event) -> None:  # noqa: N802
        marks = self._shown = self.marks()
        if not marks:
            return
        painter = QPainter(self)
        pen = QPen(QColor(ALERT_COLOR))
        pen.setStyle(Qt.PenStyle.DashLine)
        plot = self.chart._plot()
        for x, percent, _month in marks:
            painter.setPen(pen)
            painter.drawLine(x, plot.top(), x, plot.bottom())
            painter.drawText(QRect(x + 2, plot.top(), 60, 14), Qt.AlignmentFlag.AlignLeft,
                             format_quantity(percent, self.locale) + "%")
        painter.end()
