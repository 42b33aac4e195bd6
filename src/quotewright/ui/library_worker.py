"""Library calls that may wait on a team server (push, pull, the unshared
count) run on one worker thread, never on the GUI thread; their result or
their one-line problem comes back to the GUI thread through a queued
signal, and `busy_changed` drives the view's busy indicator."""

from __future__ import annotations

import itertools
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..storage.problems import FileProblem


class _Relay(QObject):
    """Lives on the GUI thread: what it emits from the worker is queued."""

    done = Signal(int, object)  # the task's number, its result
    failed = Signal(int, str)  # the task's number, one line


class _Task(QRunnable):
    def __init__(self, number: int, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.number, self.work, self.relay = number, work, relay

    def run(self) -> None:
        try:
            result = self.work()
        except FileProblem as problem:  # a LibraryProblem names the library already
            self.relay.failed.emit(self.number, str(problem))
        except Exception as error:  # noqa: BLE001 - said in the view, never a traceback
            text = f"{type(error).__name__}: {error}".strip().splitlines()
            self.relay.failed.emit(self.number, text[0] if text else type(error).__name__)
        else:
            self.relay.done.emit(self.number, result)


class Background(QObject):
    """One task at a time (two cores: the GUI keeps the other)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay(self)
        self.relay.done.connect(self._on_done)
        self.relay.failed.connect(self._on_failed)
        self._numbers = itertools.count(1)
        self._waiting: dict[int, tuple[Callable[[Any], None], Callable[[str], None]]] = {}

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[str], None]) -> None:
        """Call `work()` on the worker thread, then `done(result)` or
        `failed(line)` on the GUI thread."""
        number = next(self._numbers)
        was_busy = self.busy
        self._waiting[number] = (done, failed)
        if not was_busy:
            self.busy_changed.emit(True)
        self.pool.start(_Task(number, work, self.relay))

    def _finish(self, number: int):
        callbacks = self._waiting.pop(number, None)
        if not self._waiting:
            self.busy_changed.emit(False)
        return callbacks

    def _on_done(self, number: int, result: object) -> None:
        callbacks = self._finish(number)
        if callbacks:
            callbacks[0](result)

    def _on_failed(self, number: int, message: str) -> None:
        callbacks = self._finish(number)
        if callbacks:
            callbacks[1](message)

    def shutdown(self, milliseconds: int = 15000) -> None:
        """Wait for the running task (closing the window): nothing finishes into a closed view."""
        self.pool.clear()
        self.pool.waitForDone(milliseconds)
        self._waiting.clear()
