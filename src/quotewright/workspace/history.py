"""Undo and redo for one open document: a list of steps, each a domain edit
and the inverse that `apply_edit` returned for it.

The history does not know what a document is: it asks the session to
apply an edit (`apply(edit)`), which validates, reprices and shows the
result. It keeps the rules people expect from an editor's undo, the same
as Qt's `QUndoStack` (which this replaces):

- keystrokes in one field within `MERGE_WINDOW_SECONDS` of each other are
  one step (typing "15000" is undone at once, not digit by digit);
- a step is never merged into the state that was saved, so undo always
  comes back to the saved file;
- a new step drops the steps that could have been redone;
- the clean index says which position matches the file on disk; it can be
  unreachable (a recovered document, or a saved state in the dropped
  redo tail), and then the document is modified at every position.
"""

from __future__ import annotations

from time import monotonic
from typing import Any, Callable, Hashable

from ..domain.edits import SetValue
from .events import Listeners

MERGE_WINDOW_SECONDS = 2.0  # keystrokes in one field within this window are one undo step


class Step:
    """One undoable step: `edit` redoes it, `inverse` undoes it. (A plain
    class: merging changes `edit` and `at` in place.)"""

    __slots__ = ("text", "edit", "inverse", "merge_key", "at", "words")

    def __init__(self, text: str, edit: Any, inverse: Any, merge_key: Hashable | None, at: float,
                 words: str = ""):
        self.text, self.edit, self.inverse = text, edit, inverse
        self.words = words or text  # what a person reads ("change growth of Conversation handled")
        self.merge_key = merge_key  # steps with the same key may merge (None: never)
        self.at = at  # when the step (its last merged keystroke) was made

    def __repr__(self) -> str:
        return f"Step({self.text!r}, {self.edit!r})"


def merge_key_of(edit: Any) -> Hashable | None:
    """Typing sets one value again and again: a `SetValue` merges with the
    step before it when both set the same path."""
    return ("set", edit.path) if isinstance(edit, SetValue) else None


class History:
    """Undo and redo as a list of steps and a position in it.

    Events: `changed` (anything below changed), `clean_changed(bool)`,
    `can_undo_changed(bool)`, `can_redo_changed(bool)`,
    `undo_text_changed(str)`, `redo_text_changed(str)`; each fires only when
    its value really changes.
    """

    def __init__(self, apply: Callable[[Any], Any], clock: Callable[[], float] = monotonic,
                 merge_window: float = MERGE_WINDOW_SECONDS):
        self._apply = apply
        self._clock = clock
        self.merge_window = merge_window
        self._steps: list[Step] = []
        self._index = 0  # steps[:index] are done
        self._clean: int | None = 0  # None: no position matches the saved file
        self.changed = Listeners()
        self.clean_changed = Listeners()
        self.can_undo_changed = Listeners()
        self.can_redo_changed = Listeners()
        self.undo_text_changed = Listeners()
        self.redo_text_changed = Listeners()

    # --- reading -----------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    @property
    def clean_index(self) -> int | None:
        return self._clean

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    @property
    def is_clean(self) -> bool:
        return self._clean == self._index

    @property
    def can_undo(self) -> bool:
        return self._index > 0

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._steps)

    @property
    def undo_text(self) -> str:
        return self._steps[self._index - 1].text if self.can_undo else ""

    @property
    def redo_text(self) -> str:
        return self._steps[self._index].text if self.can_redo else ""

    @property
    def undo_words(self) -> str:
        """The step undo would take back, in a person's words (the menu's text)."""
        return self._steps[self._index - 1].words if self.can_undo else ""

    @property
    def redo_words(self) -> str:
        return self._steps[self._index].words if self.can_redo else ""

    # --- changing ----------------------------------------------------------------
    def record(self, edit: Any, inverse: Any, text: str, merge_key: Hashable | None = None,
               words: str = "") -> None:
        """Note a step the session has just applied."""
        before = self._state()
        now = self._clock()
        del self._steps[self._index:]
        if self._clean is not None and self._clean > self._index:
            self._clean = None  # the saved state was in the redo tail: it cannot come back
        top = self._steps[-1] if self._steps else None
        if (top is not None and merge_key is not None and top.merge_key == merge_key
                and self._clean != self._index and now - top.at <= self.merge_window):
            top.edit, top.at = edit, now  # the first keystroke's inverse undoes them all
        else:
            self._steps.append(Step(text, edit, inverse, merge_key, now, words))
            self._index += 1
        self._notify(before)

    def undo(self) -> None:
        """Apply the inverse of the last step; an error leaves everything as it was."""
        if not self.can_undo:
            return
        before = self._state()
        self._apply(self._steps[self._index - 1].inverse)
        self._index -= 1
        self._notify(before)

    def redo(self) -> None:
        if not self.can_redo:
            return
        before = self._state()
        self._apply(self._steps[self._index].edit)
        self._index += 1
        self._notify(before)

    @property
    def top(self) -> Step | None:
        """The last step, if it is done (nothing to redo): the one a keystroke merges into."""
        return self._steps[-1] if self._steps and self._index == len(self._steps) else None

    def withdraw(self, step: Step, restore: Any) -> bool:
        """Take back the keystrokes just typed into one field: apply
        `restore` (the field's value before the typing began) and let `step`
        end there, or drop it when that is where it began. The next
        keystroke was refused, and a prefix of what was typed ("15" of
        "150") must not stay in force. False when `step` is closed (saved,
        timed out, or not the last step)."""
        if (step is not self.top or self._clean == self._index
                or self._clock() - step.at > self.merge_window):
            return False
        before = self._state()
        self._apply(restore)
        if restore == step.inverse:
            self._steps.pop()  # the step held only the keystrokes: nothing of it is left
            self._index -= 1
        else:
            step.edit = restore  # a gesture it merged with (a toggle) stays, the typing goes
        self._notify(before)
        return True

    def set_clean(self) -> None:
        """The document matches its file now (it was just saved)."""
        before = self._state()
        self._clean = self._index
        self._notify(before)

    def forget_clean(self) -> None:
        """No position matches a file (a recovered document, never saved)."""
        before = self._state()
        self._clean = None
        self._notify(before)

    def clear(self) -> None:
        """A fresh start (another file was loaded): nothing to undo, clean."""
        before = self._state()
        self._steps.clear()
        self._index, self._clean = 0, 0
        self._notify(before)

    def _state(self) -> tuple:
        return (len(self._steps), self._index, self._clean, self.is_clean, self.can_undo, self.can_redo,
                self.undo_text, self.redo_text, self.undo_words, self.redo_words)

    def _notify(self, before: tuple) -> None:
        after = self._state()
        for position, event in ((3, self.clean_changed), (4, self.can_undo_changed), (5, self.can_redo_changed),
                                (6, self.undo_text_changed), (7, self.redo_text_changed)):
            if after[position] != before[position]:
                event.emit(after[position])
        self.changed.emit()
