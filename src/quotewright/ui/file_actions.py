"""New (blank or from a sample), open, save and save-as for quotes and
catalogs as a person asks for them: the file dialogs, recent files, the
prompt before unsaved changes are lost, and the offer of a new quote on a
catalog just opened. Reading and writing is the sessions' (`workspace/`); problems are
shown in a dialog and leave the open documents as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..domain.catalog import Catalog
from ..domain.errors import InvalidInput
from ..domain.new_quote import blank_quote, from_example, rep_of
from ..domain.values import rebuilt
from ..storage.documents import LoadedQuote, load_any, load_catalog, load_quote
from ..storage.problems import FileProblem
from ..storage.samples import sample
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
        self.catalog_question: QMessageBox | None = None  # "Start a new quote on it?" after a catalog opens

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
    def new_quote(self) -> bool:
        """A blank quote on the Catalog tab's catalog, numbered after every
        quote id handed out today (in this run or an earlier one)."""
        if not self.confirm_discard(self.quote, "quote"):
            return False
        return self._start(self.catalog.catalog, lambda today, number: blank_quote(
            self.catalog.catalog, today, rep_of(self.services.settings), number))

    def new_from_sample(self, name: str) -> bool:
        """File > New from sample: the sample's catalog in the Catalog tab and
        a new, unsaved quote that starts as its example quote."""
        if not (self.confirm_discard(self.quote, "quote") and self.confirm_discard(self.catalog, "catalog")):
            return False
        found = sample(name)
        try:
            catalog, example = load_catalog(found.catalog), load_quote(found.quote).quote
        except FileProblem as problem:
            self._error("Cannot open the sample", problem)
            return False
        self.catalog.session.load(catalog, found.catalog)
        self.services.state = rebuilt(self.services.state, last_catalog=str(found.catalog.resolve()))
        return self._start(catalog, lambda today, number: from_example(
            example, today, number, rep_of(self.services.settings)))

    def _start(self, catalog: Catalog, make) -> bool:
        """Open `make(today, number)` as a new quote priced with `catalog`;
        one the engine cannot price is said, and the open quote stays."""
        today = dt.date.today()
        try:
            self.quote.session.load(catalog, make(today, self.services.next_quote_number(today)), None)
        except InvalidInput as problem:
            self._error("Cannot start a new quote", problem)
            return False
        return True  # unmodified, like any new document: nothing typed is lost by closing it

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
        if getattr(self.window, "start_page_shown", False):
            self.new_quote()  # no quote chosen yet: a catalog opened from the start page is to quote on
        else:
            self._ask_new_quote_on(catalog)
        return True

    def _ask_new_quote_on(self, catalog: Catalog) -> None:
        """The open quote keeps its own copy of its catalog; ask whether to
        start a new quote on the one just opened (window-modal, not blocking)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Catalog opened",
                          f"{catalog.name} {catalog.version} is open in the Catalog tab. Start a new quote on it? "
                          f"Quote {self.quote.quote.id} stays priced with its own copy of "
                          f"{self.quote.catalog.name} {self.quote.catalog.version} until you reprice it.",
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("catalog_question")
        start = box.addButton("Start a new quote", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep this quote", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(start)
        start.clicked.connect(lambda _checked=False: self.new_quote())
        self.catalog_question = box
        box.open()

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
