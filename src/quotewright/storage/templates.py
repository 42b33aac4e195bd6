"""Proposal templates: those shipped with Quotewright (the top-level
`templates/` folder, packaged as `quotewright.templates`) and those a company
adds to its own templates folder, read from TOML and validated.

A template file is read as a regular file of at most `MAX_TEMPLATE_BYTES`
(a FIFO or a device is refused, never waited on); its markup is checked by
the model (domain/template_markup.py) when it is loaded, so a bad tag is one
line naming the file and the field, never an error halfway through a PDF.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from ..domain.errors import describe
from ..domain.proposal_template import ProposalTemplate
from .jsonfile import read_regular_file
from .problems import FileProblem
from .settings_store import data_folder

# 50 sections of a 200-character heading and 5,000 characters of text, with
# room for comments: a template is small; anything bigger is not one.
MAX_TEMPLATE_BYTES = 1024 * 1024


def user_templates_folder() -> Path:
    return data_folder() / "templates"


_kept = contextlib.ExitStack()  # keeps as_file's copies (from a zip) for the life of the process
atexit.register(_kept.close)  # a zipped import's temporary copies go at exit


@functools.cache
def _shipped_files() -> dict[str, Path]:
    # The top-level templates/ folder, packaged as quotewright.templates. Each
    # file goes through as_file on its own, once: a real path even from a zip.
    folder = resources.files("quotewright.templates")
    return {entry.name.removesuffix(".toml"): _kept.enter_context(resources.as_file(entry))
            for entry in sorted(folder.iterdir(), key=lambda entry: entry.name) if entry.name.endswith(".toml")}


def _shipped() -> dict[str, Path]:
    return dict(_shipped_files())


def _user_folder() -> Path | None:
    """The company's templates folder, or None when the data folder cannot be
    made (a read-only home): then only the shipped templates exist."""
    try:
        return user_templates_folder()
    except (OSError, FileProblem):
        return None


def available_templates() -> dict[str, Path]:
    """Template name -> file; a company's own template overrides a shipped
    one of the same name."""
    found = _shipped()
    user = _user_folder()
    try:
        if user is not None and user.is_dir():
            found.update({path.stem: path for path in sorted(user.glob("*.toml"))})
    except OSError:
        pass  # an unreadable folder holds no templates we can use
    return found


def template_path(name_or_path: str) -> Path:
    """The file of a template given by name ("full", "summary") or by path."""
    templates = available_templates()
    path = templates.get(name_or_path)
    if path is not None:
        return path
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return candidate
    names = ", ".join(sorted(templates))
    raise FileProblem(name_or_path, "", f"is not a template; available: {names}")


def load_template(name_or_path: str) -> ProposalTemplate:
    """A template by name ("full", "summary") or by the path of a .toml file."""
    path = template_path(name_or_path)
    raw = read_regular_file(path, MAX_TEMPLATE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(path, "", f"is not UTF-8 text (byte {error.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FileProblem(path, "", f"is not valid TOML: {_one_line(str(error))}") from None
    except RecursionError:
        raise FileProblem(path, "", "is nested too deeply to be a proposal template") from None
    try:
        return ProposalTemplate.model_validate(data)
    except ValidationError as error:
        raise FileProblem.from_invalid(path, describe(error)) from None
    except RecursionError:
        raise FileProblem(path, "", "is nested too deeply to be a proposal template") from None


def _one_line(text: str) -> str:
    return " ".join(text.split())
