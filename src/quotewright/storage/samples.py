"""The sample catalogs and quotes that ship with Quotewright, its icon, and
the version installed (`installed_version`).

They live in the top-level `resources/` folder of the source tree, which is
packaged as `quotewright.resources`; they are found through importlib.resources
so an editable install, a wheel, a zipped import and the desktop bundle all
find them. (The fonts there are the PDF exporter's: exporters/pdf/fonts.py.)
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
from importlib import resources
from pathlib import Path
from typing import NamedTuple

DEFAULT_SAMPLE = "support-agent"
PACKAGE = "quotewright.resources"
APP_ICON = "quotewright.png"  # rendered from quotewright.svg by scripts/render_icon.py


class Sample(NamedTuple):
    name: str
    catalog: Path
    quote: Path


_stack = contextlib.ExitStack()  # keeps as_file's copies (from a zip) for the life of the process
atexit.register(_stack.close)  # a zipped import's temporary copies go at exit


@functools.cache
def shipped_files(folder: str) -> dict[str, Path]:
    """File name -> a real path, for each file of a shipped resources folder.
    Each file is passed through `as_file` on its own (a folder cannot be, from
    a zip, before Python 3.12); once per process, so a zipped import copies
    each file once."""
    entries = sorted((resources.files(PACKAGE) / folder).iterdir(), key=lambda entry: entry.name)
    return {entry.name: _stack.enter_context(resources.as_file(entry)) for entry in entries if entry.is_file()}


def samples() -> list[Sample]:
    """Every shipped sample: its catalog and its example quote."""
    quotes = shipped_files("quotes")
    return [
        Sample(name.removesuffix(".json"), path, quotes[name.replace(".json", "-quote.json")])
        for name, path in shipped_files("catalogs").items()
        if name.endswith(".json")
    ]


def sample_catalog_name(found: Sample) -> str:
    """The name inside a sample's catalog ("Harbor Support AI"), read without
    validating the catalog (for a label); the sample's own name if unreadable."""
    try:
        name = json.loads(found.catalog.read_text("utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        name = None
    return name if isinstance(name, str) and name else found.name


def sample(name: str) -> Sample:
    for found in samples():
        if found.name == name:
            return found
    raise KeyError(name)


def app_icon() -> Path:
    """The application icon (256 px PNG) as a real file: the window's icon,
    and the one packaging/quotewright.desktop names."""
    return shipped_files("icons")[APP_ICON]


def installed_version() -> str:
    """The installed distribution's version (what `quotewright --version` and
    Help > About say); the package's own when run from a source tree that was
    never installed."""
    from importlib import metadata

    try:
        return metadata.version("quotewright")
    except metadata.PackageNotFoundError:
        from .. import __version__

        return __version__
