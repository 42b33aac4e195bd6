"""What every open document has, whatever front end shows it: its model,
the file it came from, its history, whether it differs from that file, and
the events a front end listens to.

An edit is tried first (applied, validated and, for a quote, repriced) and
only then shown and recorded, so an edit the domain refuses changes
nothing: `push` returns the `InvalidInput` (and `rejected` fires) for the
front end to show on the field at fault.
"""

from __future__ import annotations

from pathlib import Path
from time import monotonic
from typing import Any, Callable

from ..domain.errors import InvalidInput
from .events import Listeners
from .history import History, merge_key_of


class DocumentSession:
    """The base of `QuoteSession` and `CatalogSession`.

    Events: `changed` (the model or its figures changed: views refresh),
    `rejected(problem)`, `reset` (a different document was loaded: views
    rebuild), `path_changed`, `modified_changed(bool)`; the history has its
    own (`history.clean_changed`, `history.can_undo_changed`, ...).

    Subclasses give `model`, `_attempt(edit) -> (state, inverse)` (raises
    `InvalidInput`, changes nothing) and `_commit(state)` (takes the state
    and fires `changed`).
    """

    def __init__(self, path: Path | str | None = None, clock: Callable[[], float] = monotonic):
        self.path: Path | None = Path(path) if path else None
        self.changed = Listeners()
        self.rejected = Listeners()
        self.reset = Listeners()
        self.path_changed = Listeners()
        self.modified_changed = Listeners()
        self.history = History(self._reapply, clock)
        self.history.clean_changed.connect(self._on_clean_changed)

    # --- subclasses ----------------------------------------------------------------
    @property
    def model(self) -> Any:  # pragma: no cover - each document overrides
        raise NotImplementedError

    def _attempt(self, edit: Any) -> tuple[Any, Any]:  # pragma: no cover
        raise NotImplementedError

    def _commit(self, state: Any) -> None:  # pragma: no cover
        raise NotImplementedError

    # --- editing -----------------------------------------------------------------
    def push(self, edit: Any, text: str | None = None) -> InvalidInput | None:
        """Apply `edit` as an undoable step, or return why it was refused."""
        try:
            state, inverse = self._attempt(edit)
        except InvalidInput as problem:
            self.rejected.emit(problem)
            return problem
        self._commit(state)
        self.history.record(edit, inverse, text or edit.describe(), merge_key_of(edit))
        return None

    def undo(self) -> InvalidInput | None:
        return self._move(self.history.undo)

    def redo(self) -> InvalidInput | None:
        return self._move(self.history.redo)

    def _move(self, move: Callable[[], None]) -> InvalidInput | None:
        try:
            move()
        except InvalidInput as problem:  # only if pricing changed under us (the date moved past validity...)
            self.rejected.emit(problem)
            return problem
        return None

    def _reapply(self, edit: Any) -> None:
        """The history's way in: redo an edit or apply an inverse."""
        state, _inverse = self._attempt(edit)
        self._commit(state)

    # --- the file ------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        """True when the document differs from its file (or has none and was edited)."""
        return not self.history.is_clean

    def mark_saved(self, path: Path | str) -> None:
        """The document was written to `path`: this position is clean."""
        self.path = Path(path)
        self.history.set_clean()
        self.path_changed.emit()

    def mark_unsaved(self) -> None:
        """No state of this document is on disk (a recovered document): it
        stays modified, whatever is undone, until it is saved."""
        self.history.forget_clean()

    def _loaded(self, path: Path | str | None) -> None:
        """After a subclass put a different document in place."""
        self.path = Path(path) if path else None
        self.history.clear()
        self.reset.emit()
        self.changed.emit()
        self.path_changed.emit()
        self.modified_changed.emit(False)

    def _on_clean_changed(self, _clean: bool) -> None:
        self.modified_changed.emit(self.modified)
