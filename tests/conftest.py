"""Shared test fixtures: where the vectors live, and the shipped samples."""

from __future__ import annotations

import json
import os
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple


import pytest
from hypothesis import settings

pytest_plugins = ["app_fixtures"]

# CI runs every property test with the same examples, so a failure or a
# timing repeats on the next run; a laptop keeps exploring new ones.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# Qt tests run without a display, in CI and on a developer's laptop alike.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_VECTORS = REPO.parent / "shared" / "vectors"
EXTRA_VECTORS_VARIABLE = "QUOTEWRIGHT_EXTRA_VECTORS"


def vector_folders() -> list[Path]:
    """The shared vectors (which must exist) and any extra folder named by
    QUOTEWRIGHT_EXTRA_VECTORS (which must exist if it is named)."""
    if not SHARED_VECTORS.is_dir():
        raise RuntimeError(f"the shared vectors are missing: {SHARED_VECTORS}")
    folders = [SHARED_VECTORS]
    extra = os.environ.get(EXTRA_VECTORS_VARIABLE)
    if extra:
        path = Path(extra)
        if not path.is_dir():
            raise RuntimeError(f"{EXTRA_VECTORS_VARIABLE}={extra} is not a folder")
        folders.append(path)
    return folders


class BrokenVector(NamedTuple):
    """A vector file that cannot be read: it fails as its own test, by name,
    instead of stopping the collection of every other test."""

    source: str
    problem: str


def schedule_vectors() -> list[tuple[str, dict[str, Any] | BrokenVector]]:
    found: list[tuple[str, dict[str, Any] | BrokenVector]] = []
    for folder in vector_folders():
        path = folder / "schedules.json"
        if not path.is_file():
            continue
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entries, list):
                raise ValueError("is not a list of vectors")
        except (OSError, UnicodeDecodeError, ValueError) as error:
            found.append((str(path), BrokenVector(str(path), str(error))))
            continue
        for index, vector in enumerate(entries):
            name = vector.get("name", "") if isinstance(vector, dict) else ""
            source = f"{path}[{index}] {name}"
            found.append((source, vector if isinstance(vector, dict) else BrokenVector(source, "is not an object")))
    return found


def vector_files(kind: str) -> list[Path]:
    """The `kind` vectors (quotes, compare, shadow) of every vector folder."""
    return [path for folder in vector_folders() for path in sorted((folder / kind).glob("*.json"))]


def next_vector_files(kind: str) -> list[Path]:
    """The same from each folder's `next/` (PRICING.md 8: sections 9-13)."""
    return [path for folder in vector_folders() for path in sorted((folder / "next" / kind).glob("*.json"))]


def quote_vectors() -> list[Path]:
    return vector_files("quotes")


def read_vector(path: Path) -> dict[str, Any]:
    """A vector file's object; a file that is not one fails the test that
    reads it, naming the file."""
    try:
        vector = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        pytest.fail(f"{path}: is not a readable vector: {error}")
    if not isinstance(vector, dict) or not {"catalog", "quote", "expected"} <= vector.keys():
        pytest.fail(f"{path}: a vector needs catalog, quote and expected")
    return vector


def _as_number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, ValueError):
        return None


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Every place where `actual` differs from `expected` (numbers compared as
    numbers: "91" equals "91.00"); keys only in `actual` are ignored."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        found = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{path}.{key}: missing")
            else:
                found += mismatches(value, actual[key], f"{path}.{key}")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {actual!r:.200}"]
        return [m for i, (e, a) in enumerate(zip(expected, actual)) for m in mismatches(e, a, f"{path}[{i}]")]
    left, right = _as_number(expected), _as_number(actual)
    if left is not None and right is not None:
        return [] if left == right else [f"{path}: expected {expected}, got {actual}"]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def sample_names() -> list[str]:
    return sorted(p.stem for p in (REPO / "resources" / "catalogs").glob("*.json"))


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with quotewright installed from its wheel."""
    from wheel_install import install_wheel

    return install_wheel(tmp_path_factory.mktemp("wheel"))
