"""What went wrong with a file, in one line that names the file and field."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import InvalidInput


class FileProblem(Exception):
    """A file that cannot be read, parsed, validated or written."""

    def __init__(self, file: Path | str, path: str, message: str):
        self.file = str(file)
        self.path = path
        self.message = message
        where = f"{self.file}: {path}" if path else self.file
        super().__init__(f"{where}: {message}")

    @classmethod
    def from_invalid(cls, file: Path | str, problem: InvalidInput, prefix: str = "") -> "FileProblem":
        path = problem.path
        if prefix:
            path = f"{prefix}.{path}" if path and not path.startswith("[") else f"{prefix}{path}"
        return cls(file, path, problem.message)
