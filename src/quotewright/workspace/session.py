"""What every open document has, whatever front end shows it: its model,
the file it came from, its history, whether it differs from that file, and
the events a front end listens to.

An edit is tried first (applied, validated and, for a quote, repriced) and
only then shown and recorded, so an edit the domain refuses changes
nothing: `push` returns the `InvalidInput` (and `rejected` fires) for the
front end to show on the field at fault.

While a field holds what the domain refused, the session remembers it
(`refused`, keyed by the field's path): the figures are then those of the
last valid value, and a front end says so and will not save or export
until each refused field is fixed or its change undone. A refused
keystroke also takes back the keystrokes typed into that field just
before it, so "150" typed into a discount never leaves "15" in force.
"""

from __future__ import annotations

from pathlib import Path
from time import monotonic
from typing import Any, Callable

from ..domain.edits import value_at
from ..domain.errors import InvalidInput
from .events import Listeners
from .field_names import field_words, problem_words, step_words
from .history import History, merge_key_of

FieldKey = tuple  # a field's path in the document, such as ("discounts", "subscription_percent")


class DocumentSession:
    """The base of `QuoteSession` and `CatalogSession`.

    Events: `changed` (the model or its figures changed: views refresh),
    `rejected(problem)`, `reset` (a different document was loaded: views
    rebuild), `path_changed`, `modified_changed(bool)`, `refused_changed`
    (a field became refused or was fixed); the history has its
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
        self.refused_changed = Listeners()
        self.refused: dict[FieldKey, InvalidInput] = {}  # fields whose typed value is not in force
        self._typing: tuple | None = None  # (merge key, its step, the value before the run) while typing
        self.history = History(self._reapply, clock)
        self.history.clean_changed.connect(self._on_clean_changed)
        # What the file holds, for documents that compare their content with
        # it (`_content`): an edit typed back to the saved value is not a change.
        self._saved_content: Any = None
        self._said_modified = False

    # --- subclasses ----------------------------------------------------------------
    @property
    def model(self) -> Any:  # pragma: no cover - each document overrides
        raise NotImplementedError

    def _attempt(self, edit: Any) -> tuple[Any, Any]:  # pragma: no cover
        raise NotImplementedError

    def _commit(self, state: Any) -> None:  # pragma: no cover
        raise NotImplementedError

    def _content(self) -> Any:
        """What is compared with the file to decide `modified`; None: the
        history's clean position alone decides (the default)."""
        return None

    def _names(self) -> tuple[Any, Any]:
        """The model and the catalog that name a path's items in words."""
        return self.model, None

    # --- words -------------------------------------------------------------------
    def field_words(self, field: FieldKey) -> str:
        """A field in the words a person knows ("Subscription discount")."""
        return field_words(field, *self._names())

    def problem_words(self, problem: InvalidInput) -> str:
        """A refusal in words: "Professional > Seat price > tier 2 > Up to must be ..."
        (the path itself stays in the CLI's one-line errors and in tooltips)."""
        try:
            return problem_words(problem, *self._names())
        except Exception:  # noqa: BLE001 - words are for reading; the path still says where
            return str(problem)

    # --- refused fields ------------------------------------------------------------
    def refuse(self, field: FieldKey, problem: InvalidInput) -> None:
        """`field` shows a value the document does not hold (the domain
        refused it, or it is not even a number or a date)."""
        field = tuple(field)
        known = self.refused.get(field)
        self.refused[field] = problem
        if known is None or known.message != problem.message:
            self.refused_changed.emit()

    def settle(self, field: FieldKey) -> None:
        """`field` shows what the document holds again."""
        if self.refused.pop(tuple(field), None) is not None:
            self.refused_changed.emit()

    def refused_words(self) -> list[str]:
        """Each refused field by name, in the order they were refused."""
        return [self.field_words(field) for field in self.refused]

    def _prune_refused(self) -> None:
        """A refused field whose line was removed is no longer on screen: forget it."""
        gone = [field for field in self.refused if not _exists(self.model, field)]
        for field in gone:
            del self.refused[field]
        if gone:
            self.refused_changed.emit()

    def _forget_refused(self) -> None:
        # The document moved (undo, redo, another file): every field shows it again.
        if self.refused:
            self.refused.clear()
            self.refused_changed.emit()

    # --- editing -----------------------------------------------------------------
    def push(self, edit: Any, text: str | None = None, *, typed: bool = False) -> InvalidInput | None:
        """Apply `edit` as an undoable step, or return why it was refused.

        `typed`: the edit is a keystroke in a field. Then a refused one
        also takes back the keystrokes typed into that field just before
        it (one typing run, as undo merges them), so no prefix of what was
        typed stays in force; any other refused edit changes nothing."""
        key = merge_key_of(edit)
        typing = typed and key is not None
        value_before = value_at(self.model, edit.path) if typing else None
        try:
            words = text or step_words(edit, *self._names())
        except Exception:  # noqa: BLE001 - words are for reading; the edit's own text will do
            words = ""
        try:
            state, inverse = self._attempt(edit)
        except InvalidInput as problem:
            run = self._typing
            if typing and run is not None and run[0] == key:
                self._typing = None
                self.history.withdraw(run[1], type(edit)(edit.path, run[2]))
            self.rejected.emit(problem)
            return problem
        self._commit(state)
        self._prune_refused()
        self.history.record(edit, inverse, text or edit.describe(), key, words)
        self._say_modified()
        top = self.history.top
        if not typing:
            self._typing = None
        elif self._typing is None or self._typing[0] != key or self._typing[1] is not top:
            self._typing = (key, top, value_before)  # a typing run starts: its field's value before it
        return None

    def undo(self) -> InvalidInput | None:
        return self._move(self.history.undo)

    def redo(self) -> InvalidInput | None:
        return self._move(self.history.redo)

    def _move(self, move: Callable[[], None]) -> InvalidInput | None:
        self._forget_refused()
        self._typing = None
        try:
            move()
        except InvalidInput as problem:  # only if pricing changed under us (the date moved past validity...)
            self.rejected.emit(problem)
            return problem
        finally:
            self._say_modified()
        return None

    def _reapply(self, edit: Any) -> None:
        """The history's way in: redo an edit or apply an inverse."""
        state, _inverse = self._attempt(edit)
        self._commit(state)

    # --- the file ------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        """True when the document differs from its file (or has none and was edited)."""
        if self.history.is_clean:
            return False
        content = self._content()
        if content is None or self.history.clean_index is None:
            return True  # no position matches the file (a recovered document): modified until saved
        return content != self._saved_content

    def mark_saved(self, path: Path | str) -> None:
        """The document was written to `path`: this position is clean."""
        self.path = Path(path)
        self._saved_content = self._content()
        self.history.set_clean()
        self._say_modified()
        self.path_changed.emit()

    def mark_unsaved(self) -> None:
        """No state of this document is on disk (a recovered document): it
        stays modified, whatever is undone, until it is saved."""
        self.history.forget_clean()

    def _loaded(self, path: Path | str | None) -> None:
        """After a subclass put a different document in place."""
        self.path = Path(path) if path else None
        self._saved_content = self._content()
        self.history.clear()
        self._typing = None
        self._forget_refused()
        self.reset.emit()
        self.changed.emit()
        self.path_changed.emit()
        self._said_modified = False
        self.modified_changed.emit(False)

    def _on_clean_changed(self, _clean: bool) -> None:
        self._said_modified = self.modified
        self.modified_changed.emit(self._said_modified)

    def _say_modified(self) -> None:
        """`modified_changed` when an edit made the document equal its file
        again (or differ once more) without passing the clean position."""
        if self._content() is None:
            return  # the history's clean position decides, and says so itself
        modified = self.modified
        if modified != self._said_modified:
            self._said_modified = modified
            self.modified_changed.emit(modified)


def _exists(model: Any, field: FieldKey) -> bool:
    """Does every list index in `field` still name an item? (The last step
    may be missing: an optional value that was never set.)"""
    for position, key in enumerate(field):
        if isinstance(key, int):
            items = value_at(model, field[:position])
            if not isinstance(items, (list, tuple)) or key >= len(items):
                return False
    return True
