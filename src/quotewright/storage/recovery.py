"""Crash recovery: unsaved quotes are written to a recovery folder while the
user works, and offered back when the app starts after a crash.

Each running window owns its recovery file through a lock file beside it
(`owner_lock.py`), so a second window or instance never takes a live
autosave for a crash. Recovery files are checked like any other file; a
damaged one is moved to `recovery/damaged/` and reported, never fatal.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from ..domain.catalog import Catalog
from ..domain.errors import describe
from ..domain.quote import Quote
from .documents import quote_file_data, quote_from_data
from .jsonfile import dump_json, read_json, write_atomic
from .owner_lock import OwnerLock, is_held
from .problems import FileProblem
from .settings_store import data_folder, writable_data_folder

RECOVERY_FORMAT = "quotewright.recovery/1"
FOLDER, DAMAGED = "recovery", "damaged"
MAX_PATH_CHARS = 4096
STARTED_AT = dt.datetime.now(dt.timezone.utc)  # this process, written beside its pid


class Recovery(NamedTuple):
    path: Path  # the recovery file
    quote: Quote
    catalog: Catalog
    original: str  # the document's own file, or "" if it was never saved
    saved_at: dt.datetime  # aware, UTC


class RecoveryScan(NamedTuple):
    found: list[Recovery]  # crashes' files, newest first
    set_aside: list[str]  # one line per damaged file: what is wrong and where it went


class _Owner(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    pid: StrictInt = Field(gt=0)
    started_at: StrictStr = ""


class RecoveryFile(BaseModel):
    """The recovery file's envelope; `document` is a saved quote, checked by
    the same code that opens quote files."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    format: Literal["quotewright.recovery/1"]
    original: StrictStr = Field(max_length=MAX_PATH_CHARS)
    saved_at: dt.datetime
    owner: _Owner | None = None  # files written before owners were recorded have none
    document: dict[str, Any]

    @field_validator("original")
    @classmethod
    def _a_path(cls, value: str) -> str:
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError("must be a file path (no control characters)")
        return value

    @field_validator("saved_at", mode="before")
    @classmethod
    def _iso_datetime(cls, value: Any) -> dt.datetime:
        # An ISO text only (pydantic would also take a number as a Unix time).
        if not isinstance(value, str):
            raise ValueError("must be an ISO date and time, such as 2026-03-01T09:30:00+00:00")
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("must be an ISO date and time, such as 2026-03-01T09:30:00+00:00") from None
        # Older files hold the local time without a zone; astimezone() reads a
        # naive time as local, so every saved_at compares with every other.
        return parsed.astimezone(dt.timezone.utc)


def recovery_folder() -> Path:
    """The folder, created if needed (a `FileProblem` if it cannot be)."""
    return writable_data_folder(FOLDER)


def new_recovery_path() -> Path:
    return recovery_folder() / f"{uuid.uuid4().hex}.json"


def lock_path(path: Path) -> Path:
    return Path(path).with_suffix(".lock")


def write_recovery(path: Path, quote: Quote, catalog: Catalog, original: Path | None) -> None:
    data = {
        "format": RECOVERY_FORMAT,
        "original": os.path.abspath(original) if original else "",
        "saved_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "owner": {"pid": os.getpid(), "started_at": STARTED_AT.isoformat(timespec="seconds")},
        "document": quote_file_data(quote, catalog),
    }
    write_atomic(path, dump_json(data))


def read_recovery(path: Path) -> Recovery:
    """One recovery file, checked; a `FileProblem` naming the field if it is
    damaged."""
    path = Path(path)
    data = read_json(path)
    try:
        envelope = RecoveryFile.model_validate(data)
    except ValidationError as error:
        raise FileProblem.from_invalid(path, describe(error)) from None
    try:
        loaded = quote_from_data(path, envelope.document)
    except FileProblem as problem:
        raise FileProblem(path, f"document.{problem.path}" if problem.path else "document", problem.message) from None
    if loaded.catalog is None:
        raise FileProblem(path, "document.catalog", "is required (a recovery file holds the catalog it priced with)")
    return Recovery(path, loaded.quote, loaded.catalog, envelope.original, envelope.saved_at)


def is_owned(path: Path) -> bool:
    """True while the window that writes `path` is running."""
    return is_held(lock_path(path))


def scan_recoveries() -> RecoveryScan:
    """Files left by windows that are no longer running, newest first; each
    damaged one is set aside and reported. Reading creates nothing."""
    folder = data_folder() / FOLDER
    try:
        paths = sorted(folder.glob("*.json"))
    except OSError:
        return RecoveryScan([], [])
    found, set_aside = [], []
    for path in paths:
        if is_owned(path):
            continue  # a live window's autosave, not a crash's
        try:
            found.append(read_recovery(path))
        except FileProblem as problem:
            set_aside.append(set_aside_recovery(path, problem))
    found.sort(key=lambda r: r.saved_at, reverse=True)
    _remove_orphan_locks(folder)
    return RecoveryScan(found, set_aside)


def _remove_orphan_locks(folder: Path) -> None:
    """A lock whose recovery file is gone and whose owner has exited (a
    crash between deleting the two) guards nothing."""
    try:
        locks = list(folder.glob("*.lock"))
    except OSError:
        return
    for lock in locks:
        if not lock.with_suffix(".json").exists() and not is_held(lock):
            try:
                lock.unlink()
            except OSError:
                pass


def pending_recoveries() -> list[Recovery]:
    return scan_recoveries().found


def set_aside_recovery(path: Path, problem: FileProblem) -> str:
    """Move a damaged recovery file to `damaged/` (so it is not read on every
    start, and is still there for a person to look at); one line saying so."""
    target = path.parent / DAMAGED / path.name
    try:
        target.parent.mkdir(exist_ok=True)
        os.replace(path, target)
    except OSError as error:
        return f"{problem} (it could not be moved aside: {error.strerror or error})"
    try:
        lock_path(path).unlink(missing_ok=True)
    except OSError:
        pass
    return f"{problem} (moved to {target})"


def discard_recovery(path: Path) -> None:
    """Delete a crash's recovery file; a `FileProblem` if another running
    window owns it or it cannot be deleted."""
    path = Path(path)
    if is_owned(path):
        raise FileProblem(path, "", "belongs to another Quotewright window that is still running")
    try:
        path.unlink(missing_ok=True)
        lock_path(path).unlink(missing_ok=True)
    except OSError as error:
        raise FileProblem(path, "", f"cannot be deleted: {error.strerror or error}") from None


class RecoverySlot:
    """This window's own recovery file, and the lock that marks it as live.

    Each write makes sure the folder, the lock and the file are there: if
    someone deleted the recovery folder while the app ran, the next write
    recreates it (or says why it cannot)."""

    def __init__(self) -> None:
        self.name = uuid.uuid4().hex
        self.path: Path | None = None
        self._lock: OwnerLock | None = None

    def write(self, quote: Quote, catalog: Catalog, original: Path | None) -> Path:
        folder = recovery_folder()
        if self._lock is None or not self._lock.is_current():
            if self._lock is not None:
                self._lock.release(remove=False)  # its file is gone already
            self._lock = self._take_lock(folder)
        self.path = folder / f"{self.name}.json"
        write_recovery(self.path, quote, catalog, original)
        return self.path

    def _take_lock(self, folder: Path) -> OwnerLock:
        for _attempt in range(3):
            lock_file = folder / f"{self.name}.lock"
            try:
                lock = OwnerLock.acquire(lock_file)
            except OSError as error:
                raise FileProblem(lock_file, "", f"cannot be created: {error.strerror or error}") from None
            if lock is not None:
                return lock
            self.name = uuid.uuid4().hex  # the name is random: only a copied folder could clash
        raise FileProblem(folder, "", "has no free name for a recovery file")

    def discard(self) -> None:
        """Delete the file and let go of the lock; a `FileProblem` if the file
        cannot be deleted (the lock is let go of all the same)."""
        path, self.path = self.path, None
        try:
            if path is not None:
                try:
                    path.unlink(missing_ok=True)
                except OSError as error:
                    raise FileProblem(path, "", f"cannot be deleted: {error.strerror or error}") from None
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None
