"""What went wrong with a file, in one line that names the file and field."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import InvalidInput
from ..printable import printable


class FileProblem(Exception):
    """A file that cannot be read, parsed, validated or written.

    The text is always one line: a newline, a control character or an escape
    sequence in the file name, a key or the message is shown escaped
    (`printable`), so it can neither split the line nor drive the terminal.
    `file`, `path` and `message` keep the raw text.
    """

    def __init__(self, file: Path | str, path: str, message: str):
        self.file = str(file)
        self.path = path
        self.message = message
        where = f"{self.file}: {path}" if path else self.file
        super().__init__(printable(f"{where}: {message}"))

    @classmethod
    def from_invalid(cls, file: Path | str, problem: InvalidInput, prefix: str = "") -> "FileProblem":
        path = problem.path
        if prefix:
            path = f"{prefix}.{path}" if path and not path.startswith("[") else f"{prefix}{path}"
        return cls(file, path, problem.message)
