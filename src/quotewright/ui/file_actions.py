"""New, open, save and save-as for quotes and catalogs as a person asks for
them: the file dialogs, recent files, and the prompt before unsaved changes
are lost. Reading and writing is the sessions' (`workspace/`); problems are
shown in a dialog and leave the open documents as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..domain.catalog import Catalog
from ..domain.errors import InvalidInput
from ..domain.new_quote import blank_quote, rep_of
from ..domain.values import rebuilt
from ..storage.documents import LoadedQuote, load_any, load_catalog
from ..storage.problems import FileProblem
from .documents import CatalogDocument, EditableDocument, QuoteDocument
from .notices import show_error
from .refused import stopped_by_refused

JSON_FILTER = "Quotewright files (*.json);;All files (*)"


class FileActions(QObject):
    recent_changed = Signal()

    def __init__(self, window: QWidget, quote: QuoteDocument, catalog: CatalogDocument, services):
        super().__init__(window)
        self.window, self.quote, self.catalog, self.services = window, quote, catalog, services
        self.last_error: QMessageBox | None = None
        self._counter = 1

    # --- prompts -----------------------------------------------------------------
    def confirm_discard(self, document: EditableDocument, what: str) -> bool:
        """True when it is fine to replace or close `document`."""
        if not document.modified:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes", f"The {what} has unsaved changes. Save them first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_quote() if document is self.quote else self.save_catalog()
        return answer == QMessageBox.StandardButton.Discard

    def _ask_open(self, title: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.window, title, "", JSON_FILTER)
        return Path(chosen) if chosen else None

    def _ask_save(self, title: str, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self.window, title, suggested, JSON_FILTER)
        return Path(chosen) if chosen else None

    def _error(self, title: str, problem: Exception) -> None:
        self.last_error = show_error(self.window, title, str(problem))

    def _remember(self, path: Path) -> None:
        self.services.state = self.services.state.with_recent(path)
        self.services.save_state()
        self.recent_changed.emit()

    # --- quotes ------------------------------------------------------------------
    def new_quote(self) -> None:
        if not self.confirm_discard(self.quote, "quote"):
            return
        self._counter += 1
        quote = blank_quote(self.catalog.catalog, dt.date.today(), rep_of(self.services.settings), self._counter)
        try:
            self.quote.session.load(self.catalog.catalog, quote, None)
        except InvalidInput as problem:  # a quote the engine cannot price: the open one stays
            self._error("Cannot start a new quote", problem)

    def open_file(self, path: Path | str | None = None) -> bool:
        """Open a quote or a catalog, whichever the file is."""
        path = Path(path) if path else self._ask_open("Open quote or catalog")
        if path is None:
            return False
        try:
            found = load_any(path)
        except FileProblem as problem:
            self._error("Cannot open the file", problem)
            return False
        if isinstance(found, Catalog):
            return self._use_catalog(found, path)
        return self._use_quote(found, path)

    def _use_quote(self, loaded: LoadedQuote, path: Path) -> bool:
        if not self.confirm_discard(self.quote, "quote"):
            return False
        try:
            self.quote.session.open_loaded(loaded, self.catalog.catalog)  # a bare quote: the open catalog
        except FileProblem as problem:
            self._error("Cannot open the quote", problem)
            return False
        self._remember(path)
        return True

    def save_quote(self) -> bool:
        if stopped_by_refused(self.window, self.quote, "save the quote"):
            return False
        if self.quote.path is None:
            return self.save_quote_as()
        return self._write_quote(self.quote.path)

    def save_quote_as(self, path: Path | str | None = None) -> bool:
        if stopped_by_refused(self.window, self.quote, "save the quote"):
            return False
        path = Path(path) if path else self._ask_save("Save quote", f"{self.quote.quote.id}.json")
        return path is not None and self._write_quote(path)

    def _write_quote(self, path: Path) -> bool:
        try:
            self.quote.session.save_as(path)
        except (FileProblem, InvalidInput) as problem:
            self._error("Cannot save the quote", problem)
            return False
        self._remember(path)
        return True

    # --- catalogs ------------------------------------------------------------------
    def open_catalog(self, path: Path | str | None = None) -> bool:
        path = Path(path) if path else self._ask_open("Open catalog")
        if path is None:
            return False
        try:
            catalog = load_catalog(path)
        except FileProblem as problem:
            self._error("Cannot open the catalog", problem)
            return False
        return self._use_catalog(catalog, path)

    def _use_catalog(self, catalog: Catalog, path: Path) -> bool:
        if not self.confirm_discard(self.catalog, "catalog"):
            return False
        self.catalog.session.load(catalog, path)
        self.services.state = rebuilt(self.services.state, last_catalog=str(path.resolve()))
        self._remember(path)
        return True

    def save_catalog(self) -> bool:
        if stopped_by_refused(self.window, self.catalog, "save the catalog"):
            return False
        if self.catalog.path is None or self.services.is_sample(self.catalog.path):
            return self.save_catalog_as()
        return self._write_catalog(self.catalog.path)

    def save_catalog_as(self, path: Path | str | None = None) -> bool:
        if stopped_by_refused(self.window, self.catalog, "save the catalog"):
            return False
        path = Path(path) if path else self._ask_save("Save catalog", f"{self.catalog.catalog.name}.json")
        return path is not None and self._write_catalog(path)

    def _write_catalog(self, path: Path) -> bool:
        try:
            self.catalog.session.save_as(path)
        except FileProblem as problem:
            self._error("Cannot save the catalog", problem)
            return False
        self.services.state = rebuilt(self.services.state, last_catalog=str(path.resolve()))
        self._remember(path)
        return True
