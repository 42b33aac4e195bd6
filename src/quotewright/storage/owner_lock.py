"""Which running Quotewright owns a file: a lock file held for as long as its
owner runs.

A crash cannot leave the lock behind, because the operating system drops
it with the process (`fcntl.flock` on POSIX, `msvcrt.locking` on Windows).
So a recovery file whose lock is held belongs to a live window, in this
process or another, and is not a crash's left-overs; a lock file that is
there but free was left by a process that has gone.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
try:
    import msvcrt
except ImportError:  # POSIX
    msvcrt = None  # type: ignore[assignment]


def _try_lock(descriptor: int) -> bool:
    """Take the lock without waiting; False when someone else holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif msvcrt is not None:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        # Neither: no way to lock on this platform; the caller owns the file
        # by its pid alone (see `holder_pid`).
    except OSError:  # BlockingIOError on POSIX, PermissionError on Windows
        return False
    return True


class OwnerLock:
    """An exclusive lock on one lock file, held until `release()` or until
    the process ends."""

    def __init__(self, path: Path, descriptor: int):
        self.path, self._descriptor = path, descriptor

    @classmethod
    def acquire(cls, path: Path) -> "OwnerLock | None":
        """The lock, or None when a live process holds it. `OSError` when the
        lock file cannot be created."""
        path = Path(path)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(descriptor):
            os.close(descriptor)
            return None
        try:  # who holds it, for a person looking at the folder
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass
        return cls(path, descriptor)

    def is_current(self) -> bool:
        """False once the lock file was deleted or replaced (its folder was
        removed while the app ran): the lock then guards nothing."""
        if self._descriptor < 0:
            return False
        try:
            held, there = os.fstat(self._descriptor), os.stat(self.path)
        except OSError:
            return False
        return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)

    def release(self, remove: bool = True) -> None:
        """Let go; with `remove`, delete the lock file first (while still
        holding it, so no one sees a free lock beside a live file)."""
        if self._descriptor < 0:
            return
        if remove and self.is_current():
            try:
                self.path.unlink()
            except OSError:
                pass
        os.close(self._descriptor)  # closing drops the lock
        self._descriptor = -1


def is_held(path: Path) -> bool:
    """True when a live process holds the lock at `path`; False when there is
    no lock file or nobody holds it."""
    try:
        descriptor = os.open(Path(path), os.O_RDONLY)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot look: treat it as in use rather than take it
    try:
        if fcntl is None and msvcrt is None:
            return _pid_alive(holder_pid(path))
        return not _try_lock(descriptor)
    finally:
        os.close(descriptor)  # also drops the lock just taken, if any


def holder_pid(path: Path) -> int | None:
    """The pid written in a lock file, if it holds one."""
    try:
        return int(Path(path).read_text("ascii").strip())
    except (OSError, ValueError):
        return None


def _pid_alive(pid: int | None) -> bool:
    if pid is None or pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # POSIX: signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True
