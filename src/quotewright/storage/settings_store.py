"""The user's settings file and per-user folders (platformdirs)."""

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
    """Where recovery files and the like live (created on demand)."""
    folder = user_data_path(APP)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none yet."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    data = read_json(path)
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        raise FileProblem.from_invalid(path, describe(error)) from None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, dump_json(settings.model_dump(mode="json")))
