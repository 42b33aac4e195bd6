"""The Quote tab: the form (scrolling) beside the summary. The main window only
places this page; what the page shows and how it lays out lives here.

Layout that fits (issue 11, item 11): whatever gets the focus in the form is
scrolled into view (Alt+D for Discounts lands where one can see it); the
form's tables are as tall as their rows, so only the form scrolls; and the
summary keeps its charts and legends whole down to a 1024x700 window (it
scrolls itself only when its figures cannot all fit, never clipping)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QGroupBox, QScrollArea, QSplitter, QWidget

from .documents import QuoteDocument
from .quote_form import QuoteForm
from .spend_editor import AlertMarkers
from .summary_panel import SummaryPanel

FOCUS_MARGIN = 12  # pixels of the form kept in view around a focused field
SUMMARY_SHARE = 0.42  # of the page's width, at first: the charts' legends fit on one row or two


class QuotePage(QSplitter):
    def __init__(self, quote: QuoteDocument, locale: str):
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("quote_page")
        self.form = QuoteForm(quote, locale=locale)
        self.summary = SummaryPanel(quote, locale=locale)
        self.alert_markers = AlertMarkers(self.summary.burn_chart, quote, locale)
        self.form_scroll = QScrollArea()
        self.form_scroll.setObjectName("form_scroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form)
        self.summary_scroll = QScrollArea()
        self.summary_scroll.setObjectName("summary_scroll")
        self.summary_scroll.setWidgetResizable(True)
        self.summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_scroll.setWidget(self.summary)
        self.addWidget(self.form_scroll)
        self.addWidget(self.summary_scroll)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)
        self._sized = False  # the first layout gives the summary its share; then the user's splitter rules
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if not self._sized and self.isVisible() and self.width() > 0:
            self._sized = True
            summary = int(self.width() * SUMMARY_SHARE)
            self.setSizes([self.width() - summary, summary])

    def set_locale(self, locale: str) -> None:
        self.form.set_locale(locale)
        self.summary.set_locale(locale)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Scroll the form to what just got the focus: its whole section when
        it fits (Alt+D shows the Discounts box), and the field itself always."""
        if new is None or not shiboken6.isValid(self) or not self.form.isAncestorOf(new):
            return  # (a page being destroyed with its window hears the application's focus last)
        section = new.parentWidget()
        while section is not None and not (isinstance(section, QGroupBox) and section.parentWidget() is self.form):
            section = section.parentWidget()
        viewport = self.form_scroll.viewport().height()
        if section is not None and section.height() + 2 * FOCUS_MARGIN <= viewport:
            self.form_scroll.ensureWidgetVisible(section, FOCUS_MARGIN, FOCUS_MARGIN)
        self.form_scroll.ensureWidgetVisible(new, FOCUS_MARGIN, FOCUS_MARGIN)
