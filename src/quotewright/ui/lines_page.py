"""The "Lines and billing" tab: the quote's line grid above its invoice
schedule, both following the scenario shown (they listen to the document
themselves). Only the page scrolls; each table is as tall as its rows."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from .documents import QuoteDocument
from .invoice_view import InvoiceView
from .lines_view import LinesView


class LinesPage(QScrollArea):
    def __init__(self, quote: QuoteDocument, locale: str):
        super().__init__()
        self.setObjectName("lines_page")
        self.setWidgetResizable(True)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.lines = LinesView(quote, locale)
        self.invoices = InvoiceView(quote, locale)
        layout.addWidget(self.lines)
        layout.addWidget(self.invoices)
        layout.addStretch(1)
        self.setWidget(inner)

    def set_locale(self, locale: str) -> None:
        self.lines.set_locale(locale)
        self.invoices.set_locale(locale)
