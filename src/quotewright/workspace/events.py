"""A tiny observer: the workspace's way of saying that something happened,
without Qt. A front end connects plain callables; the Qt adapter
(`ui/documents.py`) re-emits them as signals, the command line may ignore
them. Callbacks run at once, in the order they were connected, on the
caller's thread: no event loop is needed."""

from __future__ import annotations

from typing import Any, Callable

Callback = Callable[..., Any]


class Listeners:
    """The callbacks for one event (`changed`, `clean_changed`, ...)."""

    __slots__ = ("_callbacks",)

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []

    def connect(self, callback: Callback) -> Callback:
        self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        # A copy: a callback may connect or disconnect while we go through them.
        for callback in tuple(self._callbacks):
            callback(*args)

    def __len__(self) -> int:
        return len(self._callbacks)
