"""What the app remembers between runs: recent files, the last catalog,
the window layout, the last export folder, and the day's last quote number
(so a relaunch never hands out a quote id again). Kept apart from the
settings a user edits."""

from __future__ import annotations

import datetime as dt
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
    last_export_folder: str = ""
    quote_day: str = ""  # ISO date of the last quote id handed out
    quote_number: Annotated[int, Field(ge=0)] = 0  # the number in that id (Q-YYYYMMDD-NNN)

    def with_recent(self, path: Path | str) -> "AppState":
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files if p != path]
        return rebuilt(self, recent_files=recent[:MAX_RECENT])

    def with_next_quote(self, today: dt.date) -> tuple["AppState", int]:
        """The state with `today`'s next quote number taken, and that number:
        1 on a new day, else one more than the last one handed out."""
        day = today.isoformat()
        number = self.quote_number + 1 if self.quote_day == day else 1
        return rebuilt(self, quote_day=day, quote_number=number), number

    def with_quote_count_of(self, other: "AppState") -> "AppState":
        """This state with the later of its own and `other`'s quote number
        (another window may have handed out ids since this one read the file)."""
        if (other.quote_day, other.quote_number) > (self.quote_day, self.quote_number):
            return rebuilt(self, quote_day=other.quote_day, quote_number=other.quote_number)
        return self


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
