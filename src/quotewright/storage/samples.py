"""The sample catalogs and quotes that ship inside the package, found
through importlib.resources so a wheel or a bundle finds them too."""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path
from typing import NamedTuple

DEFAULT_SAMPLE = "support-agent"


class Sample(NamedTuple):
    name: str
    catalog: Path
    quote: Path


_stack = contextlib.ExitStack()


def _folder(name: str) -> Path:
    # as_file gives a real path even from a zip; the stack keeps it alive.
    return _stack.enter_context(resources.as_file(resources.files("quotewright") / "resources" / name))


def samples() -> list[Sample]:
    """Every shipped sample: its catalog and its example quote."""
    catalogs = _folder("catalogs")
    quotes = _folder("quotes")
    return [
        Sample(path.stem, path, quotes / f"{path.stem}-quote.json")
        for path in sorted(catalogs.glob("*.json"))
    ]


def sample(name: str) -> Sample:
    for found in samples():
        if found.name == name:
            return found
    raise KeyError(name)
