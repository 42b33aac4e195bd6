"""Reading JSON without losing cents, and writing files atomically.

Numbers with a fraction are kept as text (`FloatLiteral`) so the models can
refuse them by field; a save goes to a temporary file in the same folder and
replaces the target only once it is complete and flushed to disk.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from ..domain.values import FloatLiteral, NonFiniteLiteral
from .problems import FileProblem

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a `FileProblem`.

    A FIFO, a device (`/dev/zero`) or a socket is refused before it is opened
    for reading, so nothing can hang or fill memory; the read itself is capped
    too, in case the file grows between the check and the read.
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not wait for one.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileProblem(path, "", "no such file") from None
    except IsADirectoryError:
        raise FileProblem(path, "", "is a folder, not a file") from None
    except OSError as error:
        raise FileProblem(path, "", f"cannot be read: {error.strerror or error}") from None
    status = os.fstat(descriptor)
    problem = None
    if stat.S_ISDIR(status.st_mode):
        problem = "is a folder, not a file"
    elif not stat.S_ISREG(status.st_mode):
        problem = "is not a regular file (a pipe or a device cannot be read as one)"
    elif status.st_size > limit:
        problem = f"is {_size_text(status.st_size)}; at most {_size_text(limit)} is read"
    if problem:
        os.close(descriptor)
        raise FileProblem(path, "", problem)
    with os.fdopen(descriptor, "rb") as stream:
        try:
            raw = stream.read(limit + 1)
        except OSError as error:
            raise FileProblem(path, "", f"cannot be read: {error.strerror or error}") from None
    if len(raw) > limit:
        raise FileProblem(path, "", f"is over {_size_text(limit)}; at most {_size_text(limit)} is read")
    return raw


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size // (1024 * 1024)} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def read_json(path: Path) -> Any:
    """The file's JSON value, or a `FileProblem` that says what is wrong."""
    path = Path(path)
    raw = read_regular_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(path, "", f"is not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise FileProblem(path, "", "is empty")
    try:
        return json.loads(text, parse_float=FloatLiteral, parse_constant=NonFiniteLiteral)
    except json.JSONDecodeError as error:
        raise FileProblem(path, "", f"is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise FileProblem(path, "", "is nested too deeply to be a Quotewright file") from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise FileProblem(path, "", f"holds a value that cannot be read: {error}") from None


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` to `path` so that a crash leaves the old file intact."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise FileProblem(path, "", f"cannot be saved: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise FileProblem(path, "", f"cannot be saved: {error.strerror or error}") from None
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where unsupported)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
