"""The open documents. `QuoteDocument` speaks for the quote being built and
`CatalogDocument` for the catalog being edited: each holds its model, its
undo stack and a `changed` signal, and views listen to nothing else.

Edits are pushed as domain edits; an edit the domain refuses comes back as
an `InvalidInput` for the widget to show, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from time import monotonic

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.catalog import Catalog
from ..domain.edits import Edit, SetValue, apply_edit
from ..domain.errors import InvalidInput
from ..domain.fingerprint import catalog_fingerprint
from ..domain.pricing import price_quote
from ..domain.quote import Quote
from ..domain.result import PricedQuote

MERGE_WINDOW_SECONDS = 2.0  # keystrokes in one field within this window are one undo step


class PricingFailed(InvalidInput):
    """The engine could not price a quote for a reason no rule names (a bug,
    or a limit nobody foresaw). The change is refused like invalid input, so
    the document, its figures and every view stay in step; the summary says
    that the last change was not applied and why."""


class EditCommand(QUndoCommand):
    """The undo adapter: redo applies the edit, undo applies its inverse."""

    def __init__(self, document: "EditableDocument", edit: Edit, prepared, inverse: Edit):
        super().__init__(edit.describe())
        self._document, self._edit = document, edit
        self._prepared, self._inverse = prepared, inverse
        self._at = monotonic()

    def redo(self) -> None:
        if self._prepared is not None:  # the first time: already computed by push()
            self._document._commit(self._prepared)
            self._prepared = None
        else:
            self._inverse = self._document.apply(self._edit)

    def undo(self) -> None:
        self._document.apply(self._inverse)

    def id(self) -> int:
        if isinstance(self._edit, SetValue):
            return hash(self._edit.path) & 0x7FFFFFFF
        return -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, EditCommand) or not isinstance(other._edit, SetValue):
            return False
        if not isinstance(self._edit, SetValue) or other._edit.path != self._edit.path:
            return False
        if other._at - self._at > MERGE_WINDOW_SECONDS:
            return False
        self._edit, self._at = other._edit, other._at
        return True


class EditableDocument(QObject):
    changed = Signal()
    rejected = Signal(object)  # an InvalidInput: an edit the domain refused
    reset = Signal()  # a different file was loaded: views rebuild
    path_changed = Signal()
    modified_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.path: Path | None = None
        self._dirty = False  # unsaved without any undo step: a recovered document
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # Subclasses: _prepare(model) -> state (raises InvalidInput), _commit(state), model
    def push(self, edit: Edit) -> InvalidInput | None:
        """Apply `edit` as an undoable step, or return why it was refused."""
        try:
            model, inverse = apply_edit(edit, self.model)
            prepared = self._prepare(model)
        except InvalidInput as problem:
            self.rejected.emit(problem)
            return problem
        self.undo_stack.push(EditCommand(self, edit, prepared, inverse))
        return None

    def apply(self, edit: Edit) -> Edit:
        model, inverse = apply_edit(edit, self.model)
        self._commit(self._prepare(model))
        return inverse

    def _on_clean_changed(self, _clean: bool) -> None:
        try:
            modified = self.modified
        except RuntimeError:  # the stack is being destroyed as the app exits: nobody is listening
            return
        self.modified_changed.emit(modified)

    @property
    def modified(self) -> bool:
        return self._dirty or not self.undo_stack.isClean()

    def mark_dirty(self) -> None:
        self._dirty = True
        self.modified_changed.emit(True)

    def mark_saved(self, path: Path) -> None:
        self.path = Path(path)
        self._dirty = False
        self.undo_stack.setClean()
        self.path_changed.emit()
        self.modified_changed.emit(self.modified)

    def _loaded(self, path: Path | None) -> None:
        self.path = Path(path) if path else None
        self._dirty = False
        self.undo_stack.clear()
        self.reset.emit()
        self.changed.emit()
        self.path_changed.emit()
        self.modified_changed.emit(False)


class CatalogDocument(EditableDocument):
    def __init__(self, catalog: Catalog, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.catalog = catalog
        self.path = path

    @property
    def model(self) -> Catalog:
        return self.catalog

    def _prepare(self, catalog: Catalog) -> Catalog:
        return catalog

    def _commit(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.changed.emit()

    def load(self, catalog: Catalog, path: Path | None) -> None:
        self.catalog = catalog
        self._loaded(path)


class QuoteDocument(EditableDocument):
    """The quote, the catalog snapshot it is priced with, and the result."""

    scenario_changed = Signal()

    def __init__(self, catalog: Catalog, quote: Quote, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.catalog, self.quote, self.priced = self._price(catalog, quote)
        self.path = path
        self.scenario: str | None = None  # which usage case the views show

    @property
    def model(self) -> Quote:
        return self.quote

    def _prepare(self, quote: Quote) -> tuple[Catalog, Quote, PricedQuote]:
        return self._price(self.catalog, quote)

    @staticmethod
    def _price(catalog: Catalog, quote: Quote) -> tuple[Catalog, Quote, PricedQuote]:
        try:
            return catalog, quote, price_quote(catalog, quote, today=dt.date.today())
        except InvalidInput:
            raise
        except Exception as error:  # noqa: BLE001 - any failure refuses the change; the user's work stays
            raise PricingFailed("", f"this quote cannot be priced ({type(error).__name__}: {error})") from error

    def _commit(self, state: tuple[Catalog, Quote, PricedQuote]) -> None:
        self.catalog, self.quote, self.priced = state
        if self.scenario not in self.priced.scenarios:
            self.scenario = None
        self.changed.emit()

    def load(self, catalog: Catalog, quote: Quote, path: Path | None) -> None:
        """Replace the document (after the caller has saved or discarded)."""
        self.catalog, self.quote, self.priced = self._price(catalog, quote)
        self.scenario = None
        self._loaded(path)

    def use_catalog(self, catalog: Catalog) -> InvalidInput | None:
        """Reprice against another catalog, as one undoable step."""
        try:
            state = self._price(catalog, self.quote)
        except InvalidInput as problem:
            return problem
        self.undo_stack.push(SnapshotCommand(self, state))
        return None

    def set_scenario(self, name: str | None) -> None:
        self.scenario = name if name in self.priced.scenarios else None
        self.scenario_changed.emit()

    @property
    def case(self):
        return self.priced.case(self.scenario)

    def differs_from(self, catalog: Catalog) -> bool:
        return _fingerprint(self.catalog) != _fingerprint(catalog)


class SnapshotCommand(QUndoCommand):
    """Swap the catalog snapshot a quote is priced with."""

    def __init__(self, document: QuoteDocument, state):
        super().__init__("Reprice with the current catalog")
        self._document, self._state = document, state

    def redo(self) -> None:
        previous = self._document._price(self._document.catalog, self._document.quote)
        self._document._commit(self._state)
        self._state = previous

    def undo(self) -> None:
        self.redo()  # swapping back is the same move


_fingerprints: dict[int, tuple[Catalog, str]] = {}


def _fingerprint(catalog: Catalog) -> str:
    """Catalogs are immutable, so each one's hash is computed once."""
    cached = _fingerprints.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        if len(_fingerprints) > 64:
            _fingerprints.clear()
        cached = (catalog, catalog_fingerprint(catalog))
        _fingerprints[id(catalog)] = cached
    return cached[1]
