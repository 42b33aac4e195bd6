"""What the app remembers between runs: recent files, the last catalog,
and the window layout. Kept apart from the settings a user edits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from ..domain.values import Frozen, rebuilt
from .jsonfile import dump_json, read_json, write_atomic
from .problems import FileProblem
from .settings_store import data_folder, writable_data_folder

MAX_RECENT = 10


class AppState(Frozen):
    recent_files: Annotated[list[str], Field(max_length=MAX_RECENT)] = []
    last_catalog: str = ""
    window_geometry: str = ""  # base64 of Qt's saveGeometry()
    window_state: str = ""

    def with_recent(self, path: Path | str) -> "AppState":
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files if p != path]
        return rebuilt(self, recent_files=recent[:MAX_RECENT])


def state_path() -> Path:
    return data_folder() / "state.json"


def load_app_state() -> AppState:
    """The remembered state; a missing, unreadable or damaged file starts
    afresh (it is only a convenience, and the user's documents are
    elsewhere). Reading creates nothing."""
    try:
        return AppState.model_validate(read_json(state_path()))
    except (FileProblem, ValidationError):
        return AppState()


def save_app_state(state: AppState) -> None:
    """A `FileProblem` when the data folder cannot be written."""
    write_atomic(writable_data_folder() / "state.json", dump_json(state.model_dump(mode="json")))
