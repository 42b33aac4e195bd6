"""The layers hold: the domain imports no GUI, export library or storage,
the workspace imports no Qt and no ui, only ui/ and app.py import PySide6
(STYLE.md, example 1), the package's __init__ loads no front end, and the
entry module sits above the app and the command line, which never import
each other."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import REPO


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    command = [str(lint)] if lint.exists() else [shutil.which("lint-imports") or "lint-imports"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_command_line_loads_no_gui_or_export_library():
    code = (
        "import sys, quotewright.cli, quotewright.domain.pricing, quotewright.storage.documents;"
        "print(sorted(m for m in ('PySide6', 'openpyxl', 'reportlab') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_workspace_loads_no_gui_or_export_library():
    code = (
        "import sys, quotewright.workspace, quotewright.workspace.commands, quotewright.workspace.scenarios;"
        "print(sorted(m for m in ('PySide6', 'shiboken6', 'openpyxl', 'reportlab', 'quotewright.ui')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_workspace_is_held_by_an_import_contract():
    contracts = (REPO / "pyproject.toml").read_text("utf-8")
    assert 'source_modules = ["quotewright.workspace"]' in contracts
    assert '"quotewright.workspace",' in contracts  # the domain may not import it


def contracts() -> dict[str, dict]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    return {contract["name"]: contract for contract in config["tool"]["importlinter"]["contracts"]}


def test_every_qt_free_top_level_module_is_held_by_the_pyside6_contract():
    """A new module beside cli.py is Qt-free unless it is a front end or
    the entry: the contract must name it, or it could import Qt unseen."""
    (qt_free,) = [c for c in contracts().values() if "PySide6" in c.get("forbidden_modules", ())
                  and "quotewright.cli" in c.get("source_modules", ())]
    assert {"quotewright.app", "quotewright.ui"} <= set(qt_free["forbidden_modules"])
    top_level = {f"quotewright.{path.stem}" for path in (REPO / "src/quotewright").glob("*.py")
                 if path.stem not in ("__init__", "__main__")}
    top_level |= {f"quotewright.{path.parent.name}" for path in (REPO / "src/quotewright").glob("*/__init__.py")}
    front_ends = {"quotewright.app", "quotewright.ui", "quotewright.entry"}
    assert top_level - front_ends <= set(qt_free["source_modules"])
    assert {"quotewright.text_report", "quotewright.startup", "quotewright.printable"} <= set(qt_free["source_modules"])


def test_the_package_init_and_the_entry_are_held_by_contracts():
    by_kind = {(c["type"], tuple(c.get("source_modules", c.get("layers", ())))): c for c in contracts().values()}
    package = by_kind[("forbidden", ("quotewright",))]
    assert package["as_packages"] is False  # the __init__ alone, not everything under it
    assert {"PySide6", "quotewright.ui.**", "quotewright.app", "quotewright.cli"} <= set(package["forbidden_modules"])
    assert ("layers", ("quotewright.entry", "quotewright.app | quotewright.cli")) in by_kind


def test_importing_the_package_or_the_entry_loads_no_front_end():
    """import-linter counts imports inside functions too, so the entry (which
    opens the app in a function) is checked here, at run time."""
    code = (
        "import sys, quotewright; first = sorted(m for m in sys.modules if m.startswith('quotewright'));"
        "import quotewright.entry;"
        "print(first, sorted(m for m in ('PySide6', 'shiboken6', 'quotewright.app', 'quotewright.ui',"
        " 'quotewright.cli') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['quotewright'] []"


def test_no_float_calls_in_the_source():
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in (REPO / "src").rglob("*.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if "float(" in line and not line.lstrip().startswith("#")
    ]
    assert offenders == []


def test_domain_does_no_io():
    forbidden = ("open(", "read_text(", "write_text(", "read_bytes(", "import os", "import pathlib", "from pathlib")
    offenders = [
        f"{path.name}: {word}"
        for path in (REPO / "src/quotewright/domain").glob("*.py")
        for word in forbidden
        if word in path.read_text("utf-8")
    ]
    assert offenders == []
