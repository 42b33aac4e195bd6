"""Crash recovery: unsaved quotes are written to a recovery folder while the
user works, and offered back when the app starts after a crash."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import NamedTuple

from ..domain.catalog import Catalog
from ..domain.quote import Quote
from .documents import quote_file_data, quote_from_data
from .jsonfile import dump_json, read_json, write_atomic
from .problems import FileProblem
from .settings_store import data_folder

RECOVERY_FORMAT = "quotewright.recovery/1"


class Recovery(NamedTuple):
    path: Path  # the recovery file
    quote: Quote
    catalog: Catalog
    original: str  # the document's own file, or "" if it was never saved
    saved_at: dt.datetime


def recovery_folder() -> Path:
    folder = data_folder() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_recovery_path() -> Path:
    return recovery_folder() / f"{uuid.uuid4().hex}.json"


def write_recovery(path: Path, quote: Quote, catalog: Catalog, original: Path | None) -> None:
    data = {
        "format": RECOVERY_FORMAT,
        "original": str(original or ""),
        "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
        "document": quote_file_data(quote, catalog),
    }
    write_atomic(path, dump_json(data))


def pending_recoveries() -> list[Recovery]:
    """Recovery files left by earlier sessions, newest first; unreadable ones
    are skipped (and left for a person to look at)."""
    found = []
    for path in recovery_folder().glob("*.json"):
        try:
            data = read_json(path)
            loaded = quote_from_data(path, data["document"])
            found.append(Recovery(path, loaded.quote, loaded.catalog, data.get("original", ""),
                                  dt.datetime.fromisoformat(data["saved_at"])))
        except (FileProblem, KeyError, TypeError, ValueError):
            continue
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


def discard_recovery(path: Path) -> None:
    path.unlink(missing_ok=True)
