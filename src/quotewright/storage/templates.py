"""Proposal templates: those shipped in the package and those a company
adds to its own templates folder, read from TOML and validated."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from ..domain.errors import describe
from ..domain.proposal_template import ProposalTemplate
from .problems import FileProblem
from .settings_store import data_folder


def user_templates_folder() -> Path:
    return data_folder() / "templates"


def _shipped() -> dict[str, Path]:
    folder = resources.files("quotewright") / "templates"
    return {entry.name.removesuffix(".toml"): Path(str(entry)) for entry in folder.iterdir()
            if entry.name.endswith(".toml")}


def available_templates() -> dict[str, Path]:
    """Template name -> file; a company's own template overrides a shipped
    one of the same name."""
    found = _shipped()
    user = user_templates_folder()
    if user.is_dir():
        found.update({path.stem: path for path in sorted(user.glob("*.toml"))})
    return found


def load_template(name_or_path: str) -> ProposalTemplate:
    """A template by name ("full", "summary") or by the path of a .toml file."""
    templates = available_templates()
    path = templates.get(name_or_path)
    if path is None:
        candidate = Path(name_or_path)
        if candidate.suffix == ".toml" or candidate.exists():
            path = candidate
        else:
            names = ", ".join(sorted(templates))
            raise FileProblem(name_or_path, "", f"is not a template; available: {names}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileProblem(path, "", "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FileProblem(path, "", f"cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise FileProblem(path, "", f"is not valid TOML: {error}") from None
    try:
        return ProposalTemplate.model_validate(data)
    except ValidationError as error:
        raise FileProblem.from_invalid(path, describe(error)) from None
