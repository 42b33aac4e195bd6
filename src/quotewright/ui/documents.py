"""The open documents, adapted to Qt. The state, the history and what each
command means live in the Qt-free sessions of `quotewright.workspace`;
`QuoteDocument` and `CatalogDocument` only re-emit a session's events as
signals, so views connect to Qt signals and listen to nothing else.

Views read the document's state through the properties below and act
through `push`, `undo`, `redo` and the session's commands
(`document.session.change_plan(...)`).
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal

from ..domain.catalog import Catalog
from ..domain.errors import InvalidInput
from ..domain.quote import Quote
from ..domain.result import PricedCase, PricedQuote
from ..workspace import CatalogSession, PricingFailed, QuoteSession  # noqa: F401 (PricingFailed: the views' name)
from ..workspace.history import History
from ..workspace.session import DocumentSession


class EditableDocument(QObject):
    """A session's events as signals: `changed`, `rejected(problem)`,
    `reset`, `path_changed`, `modified_changed(bool)`, `refused_changed`, and from its history
    `clean_changed(bool)` and `history_changed` (what undo and redo would
    do, or whether they can, changed)."""

    changed = Signal()
    rejected = Signal(object)  # an InvalidInput: an edit the domain refused
    reset = Signal()  # a different file was loaded: views rebuild
    path_changed = Signal()
    modified_changed = Signal(bool)
    refused_changed = Signal()  # a field became refused, or shows the document's value again
    clean_changed = Signal(bool)
    history_changed = Signal()

    def __init__(self, session: DocumentSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.field_widgets: dict[tuple, object] = {}  # a field's path -> the widget that edits it
        for name in ("changed", "rejected", "reset", "path_changed", "modified_changed", "refused_changed"):
            getattr(session, name).connect(self._relay(getattr(self, name)))
        session.history.clean_changed.connect(self._relay(self.clean_changed))
        session.history.changed.connect(self._relay(self.history_changed))

    def _relay(self, signal):
        def relay(*args) -> None:
            # A session can outlive its Qt object as the app exits (a document
            # destroyed with unsaved changes): nobody is listening then.
            if shiboken6.isValid(self):
                signal.emit(*args)

        return relay

    # --- what views read and do ------------------------------------------------------------
    @property
    def model(self):
        return self.session.model

    @property
    def history(self) -> History:
        return self.session.history

    @property
    def path(self) -> Path | None:
        return self.session.path

    @property
    def modified(self) -> bool:
        return self.session.modified

    def push(self, edit) -> InvalidInput | None:
        """Apply `edit` as an undoable step, or return why it was refused."""
        return self.session.push(edit)

    def undo(self) -> InvalidInput | None:
        return self.session.undo()

    def widget_for(self, field: tuple):
        """The widget that edits `field`, if it is still on screen."""
        widget = self.field_widgets.get(tuple(field))
        return widget if widget is not None and shiboken6.isValid(widget) else None

    def redo(self) -> InvalidInput | None:
        return self.session.redo()


class CatalogDocument(EditableDocument):
    session: CatalogSession

    def __init__(self, session: CatalogSession, parent: QObject | None = None):
        super().__init__(session, parent)

    @property
    def catalog(self) -> Catalog:
        return self.session.catalog


class QuoteDocument(EditableDocument):
    """The quote, the catalog snapshot it is priced with, and the result;
    `scenario_changed` when another case is shown."""

    scenario_changed = Signal()
    session: QuoteSession

    def __init__(self, session: QuoteSession, parent: QObject | None = None):
        super().__init__(session, parent)
        session.scenario_changed.connect(self._relay(self.scenario_changed))

    @property
    def catalog(self) -> Catalog:
        return self.session.catalog

    @property
    def quote(self) -> Quote:
        return self.session.quote

    @property
    def priced(self) -> PricedQuote:
        return self.session.priced

    @property
    def scenario(self) -> str | None:
        return self.session.scenario

    @property
    def case(self) -> PricedCase:
        return self.session.case

    def set_scenario(self, name: str | None) -> None:
        self.session.set_scenario(name)

    def differs_from(self, catalog: Catalog) -> bool:
        return self.session.differs_from(catalog)
