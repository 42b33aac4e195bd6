"""The user's settings file and per-user folders (platformdirs).

Reading never creates anything: `data_folder()` only says where the data
folder is. Whatever writes there asks `writable_data_folder()`, which
creates the folder on demand and says in one line why it cannot (a
read-only home on a managed laptop), so the app can run without it.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path
from pydantic import ValidationError

from ..domain.errors import describe
from ..domain.settings import Settings
from .jsonfile import dump_json, read_json, write_atomic
from .problems import FileProblem

APP = "quotewright"
SETTINGS_VARIABLE = "QUOTEWRIGHT_SETTINGS"  # tests and kiosks point this at their own file


def settings_path() -> Path:
    override = os.environ.get(SETTINGS_VARIABLE)
    return Path(override) if override else user_config_path(APP) / "settings.json"


def data_folder() -> Path:
    """Where recovery files, the remembered state and user templates live.
    Only the path: the folder may not exist (and may not be creatable)."""
    return user_data_path(APP)


def writable_data_folder(subfolder: str = "") -> Path:
    """The data folder (or a subfolder of it), created if it is missing, or a
    `FileProblem` saying why it cannot be written."""
    folder = data_folder() / subfolder if subfolder else data_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise FileProblem(folder, "", "cannot be created: a file of that name is in the way") from None
    except OSError as error:
        raise FileProblem(folder, "", f"cannot be created: {error.strerror or error}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FileProblem(folder, "", "cannot be written (read-only)")
    return folder


def data_folder_problem() -> str | None:
    """Why the data folder cannot be used, or None when it can."""
    try:
        writable_data_folder()
    except FileProblem as problem:
        return str(problem)
    return None


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none yet."""
    path = path or settings_path()
    try:
        data = read_json(path)
    except FileProblem:
        if not _exists(path):
            return Settings()
        raise
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        raise FileProblem.from_invalid(path, describe(error)) from None


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return True  # something is there that cannot be looked at: report it


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(path.parent, "", f"cannot be created: {error.strerror or error}") from None
    write_atomic(path, dump_json(settings.model_dump(mode="json")))
