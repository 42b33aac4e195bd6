"""The Quote tab: the form (scrolling) beside the summary. The main window only
places this page; what the page shows and how it lays out lives here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter

from .documents import QuoteDocument
from .quote_form import QuoteForm
from .spend_editor import AlertMarkers
from .summary_panel import SummaryPanel


class QuotePage(QSplitter):
    def __init__(self, quote: QuoteDocument, locale: str):
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("quote_page")
        self.form = QuoteForm(quote, locale=locale)
        self.summary = SummaryPanel(quote, locale=locale)
        self.alert_markers = AlertMarkers(self.summary.burn_chart, quote, locale)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form)
        self.addWidget(self.form_scroll)
        self.addWidget(self.summary)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)

    def set_locale(self, locale: str) -> None:
        self.form.set_locale(locale)
        self.summary.set_locale(locale)
