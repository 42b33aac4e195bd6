"""The layers hold: the domain imports no GUI, export library or storage,
the workspace imports no Qt and no ui, and only ui/ and app.py import
PySide6 (STYLE.md, example 1)."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
