"""The main window's pages, each built when first needed (the quote
builder at once, or right after the first frame behind the start page; the
others when first opened), so the window shows as soon as it can. A mixin
of `MainWindow`: it reads the window's `tabs`, `quote`, `catalog` and
`services`."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

QUOTE_TAB, CATALOG_TAB, MATRIX_TAB = range(3)
PLANS_TAB = 3  # plans side by side (ui/plans_view.py)
LINES_TAB = 4  # the line grid and the invoice schedule (ui/lines_page.py)


class TabPages:
    # Built on first use, so the quote builder shows as soon as it can.
    @property
    def catalog_view(self):
        if self._catalog_view is None:
            from .catalog_view import CatalogView

            self._catalog_view = self._install_tab(CATALOG_TAB, CatalogView(self.catalog))
        return self._catalog_view

    @property
    def matrix(self):
        if self._matrix is None:
            from .matrix_view import MatrixPage

            self._matrix = self._install_tab(MATRIX_TAB, MatrixPage(self.catalog, self.quote))
        return self._matrix

    @property
    def plans(self):
        if self._plans is None:
            from .plans_view import PlansView

            self._plans = self._install_tab(PLANS_TAB, PlansView(self.quote, locale=self.services.settings.locale))
        return self._plans

    @property
    def quote_page(self):
        """The Quote tab: the form beside the summary (ui/quote_page.py)."""
        if self._quote_page is None:
            from .quote_page import QuotePage

            self._quote_page = self._install_tab(QUOTE_TAB, QuotePage(self.quote, self.services.settings.locale))
        return self._quote_page

    quote_splitter = quote_page
    form = property(lambda self: self.quote_page.form)
    summary = property(lambda self: self.quote_page.summary)
    alert_markers = property(lambda self: self.quote_page.alert_markers)

    def finish_building(self) -> None:
        """Build the quote builder now (called once the first frame is shown)."""
        self.quote_page  # noqa: B018

    @property
    def lines_page(self):
        if self._lines is None:
            from .lines_page import LinesPage

            self._lines = self._install_tab(LINES_TAB, LinesPage(self.quote, self.services.settings.locale))
        return self._lines

    def _install_tab(self, index: int, widget: QWidget) -> QWidget:
        """Put the real page in place of the placeholder tab."""
        # The wheel and undo-key rules, before the first page with editors is
        # shown: not at start-up, where the start page has no editors and an
        # application-wide Python event filter would make Qt wrap every
        # start-up event (about 45 ms before the first frame).
        from . import input_guard

        input_guard.install()
        current, text = self.tabs.currentIndex(), self.tabs.tabText(index)
        self.tabs.blockSignals(True)
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, text)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        old.deleteLater()
        return widget

