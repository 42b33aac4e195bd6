"""Reading JSON without losing cents, and writing files atomically.

Reading: only a regular file is read, and only up to a cap; numbers with a
fraction are kept as text (`FloatLiteral`) so the models can refuse them by
field; a key that appears twice in one object is refused with its path
(JSON itself lets the last one win silently, which would let a second
`unit_price` hide inside a snapshot whose hash still matches).

Writing: a save goes to a temporary file in the same folder
(`.<name>.<pid>.<random>.part`) and replaces the target only once it is
complete and flushed to disk. A symbolic link is followed, so the file it
points to is updated and the link stays a link. A file with other hard
links is updated in place (see `StagedFile.commit`), because a rename would
split it from its other names. Temporary files that a killed save left
behind are removed by the next save beside them (`remove_stale_parts`).
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from ..domain.errors import join_path
from ..domain.values import FloatLiteral, NonFiniteLiteral
from .problems import FileProblem

MAX_FILE_BYTES = 50 * 1024 * 1024
PART_SUFFIX = ".part"
STALE_AFTER_SECONDS = 300.0  # no save takes this long: the writer is gone
DEAD_WRITER_GRACE_SECONDS = 10.0


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


class _Repeated(dict):
    """A JSON object that held a key more than once (marked while parsing,
    found with its path afterwards, because the parser's hook sees no path)."""

    __slots__ = ("key", "count")


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    seen: set[str] = set()
    key = next(k for k, _ in pairs if k in seen or seen.add(k))  # linear: a file may hold a huge object
    repeated = _Repeated(found)
    repeated.key, repeated.count = key, sum(1 for k, _ in pairs if k == key)
    return repeated


def _first_repeated(value: Any) -> tuple[str, int] | None:
    """The path of the first repeated key, in document order, and its count."""
    stack: list[tuple[tuple, Any]] = [((), value)]
    while stack:
        parts, node = stack.pop()
        if isinstance(node, _Repeated):
            return join_path([*parts, node.key]), node.count
        children = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend(reversed([((*parts, k), v) for k, v in children if isinstance(v, (dict, list))]))
    return None


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
        data = json.loads(text, parse_float=FloatLiteral, parse_constant=NonFiniteLiteral,
                          object_pairs_hook=_object_from_pairs)
    except json.JSONDecodeError as error:
        raise FileProblem(path, "", f"is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise FileProblem(path, "", "is nested too deeply to be a Quotewright file") from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        raise FileProblem(path, "", f"holds a value that cannot be read: {error}") from None
    if isinstance(data, (dict, list)):
        repeated = _first_repeated(data)
        if repeated:
            where, count = repeated
            times = "twice" if count == 2 else f"{count} times"
            raise FileProblem(path, where, f"appears {times} in the same object; a key may appear only once")
    return data


def dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# The umask is read once: setting it to read it would race with another
# thread creating a file (the app exports and autosaves off the GUI thread).
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _part_stem(name: str) -> str:
    # Keep the temporary name within the 255-byte limit of common file systems.
    while len(name.encode("utf-8", "surrogatepass")) > 200:
        name = name[:-1]
    return name


def _part_prefix(name: str) -> str:
    return f".{_part_stem(name)}.{os.getpid()}."


class StagedFile:
    """The complete new version of `target`, flushed to a temporary file
    beside it, waiting for `commit` (or `discard`).

    Staging every file of an export first, and committing them only when all
    are ready, means a failure half-way writes none of them.
    """

    def __init__(self, target: Path, temporary: Path, mode: int):
        self.target, self.temporary, self.mode = target, temporary, mode

    def commit(self) -> None:
        """Put the new version in place; the old one stays whole on failure."""
        try:
            links = os.stat(self.target).st_nlink
        except FileNotFoundError:
            links = 1
        except OSError as error:
            self.discard()
            raise FileProblem(self.target, "", f"cannot be saved: {error.strerror or error}") from None
        try:
            if links > 1:
                self._overwrite_in_place()
            else:
                os.chmod(self.temporary, self.mode)
                os.replace(self.temporary, self.target)
        except BaseException as error:
            self.discard()
            if isinstance(error, OSError):
                raise FileProblem(self.target, "", f"cannot be saved: {error.strerror or error}") from None
            raise
        _sync_folder(self.target.parent)

    def _overwrite_in_place(self) -> None:
        # A rename would give this name a new file and leave the other hard
        # links with the old content. So the content is written into the
        # existing file. The complete new version is already on disk in the
        # temporary file, so a full disk or a refused write fails before the
        # target is touched; only a crash during these few writes could leave
        # it mixed, and the temporary file is removed only once they are done.
        data = Path(self.temporary).read_bytes()
        descriptor = os.open(self.target, os.O_WRONLY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
            os.ftruncate(descriptor, len(data))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.unlink(self.temporary)

    def discard(self) -> None:
        try:
            os.unlink(self.temporary)
        except OSError:
            pass


def real_target(path: Path) -> Path:
    """Where a save to `path` really goes: symbolic links followed."""
    return Path(os.path.realpath(path))


def stage_file(path: Path, content: str | bytes | None = None) -> StagedFile:
    """Stage `content` for `path` (see `StagedFile`). With `content` None the
    temporary file is left empty for a writer that fills it itself."""
    target = real_target(Path(path))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_UMASK
    except OSError as error:
        raise FileProblem(path, "", f"cannot be saved: {error.strerror or error}") from None
    remove_stale_parts(target.parent, target.name)
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=_part_prefix(target.name), suffix=PART_SUFFIX)
    except OSError as error:
        raise FileProblem(path, "", f"cannot be saved: {error.strerror or error}") from None
    staged = StagedFile(target, Path(name), mode)
    try:
        with os.fdopen(handle, "wb") as stream:
            if content is not None:
                stream.write(content.encode("utf-8") if isinstance(content, str) else content)
                stream.flush()
                os.fsync(stream.fileno())
    except BaseException as error:
        staged.discard()
        if isinstance(error, OSError):
            raise FileProblem(path, "", f"cannot be saved: {error.strerror or error}") from None
        raise
    return staged


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` to `path` so that a crash leaves the old file intact."""
    stage_file(path, content).commit()


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


# `.<name>.<pid>.<8 characters of tempfile's alphabet>.part`; files from
# before the pid was part of the name have no pid and are judged by age only.
_RANDOM = r"[a-z0-9_]{8}"


def _part_pattern(name: str | None) -> re.Pattern:
    target = re.escape(_part_stem(name)) if name else r".+?"
    return re.compile(rf"\.(?:{target})\.(?:(?P<pid>[0-9]+)\.)?{_RANDOM}{re.escape(PART_SUFFIX)}", re.DOTALL)


def _writer_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill would terminate it on Windows: age decides there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def remove_stale_parts(folder: Path, name: str | None = None, *, stale_after: float = STALE_AFTER_SECONDS,
                       grace: float = DEAD_WRITER_GRACE_SECONDS) -> list[Path]:
    """Remove the temporary files that interrupted saves left in `folder`
    (only those for the file `name`, if given); returns what was removed.

    A temporary file is stale when it was last written more than
    `stale_after` seconds ago, or when the process named in it is no longer
    running and it is older than `grace` seconds. A live save writes its
    temporary file within milliseconds and renames it at once, so it is never
    stale by these rules. Even if one were removed (a writer on another
    machine sharing the folder, whose pid means nothing here), that save
    would fail with a message and its target stay whole: a target is only
    ever replaced by renaming a complete file onto it. Never raises.
    """
    pattern, removed, now = _part_pattern(name), [], time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if not match:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
            pid = int(match["pid"]) if match["pid"] else None
            gone = pid is not None and pid != os.getpid() and not _writer_alive(pid)
            if age > stale_after or (gone and age > grace):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except (OSError, ValueError):
            continue
    return removed
