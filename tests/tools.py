"""External tools the tests drive (LibreOffice, poppler). A missing tool
skips on a developer's machine but fails in CI, where .ci/run installs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def require_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (Debian: see .ci/run)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must have it")
    pytest.skip(message)


def recalculate(workbooks: list[Path], out: Path) -> dict[Path, Path]:
    """Open each workbook in LibreOffice headless, recalculate and save a
    copy: one soffice process for the whole batch. Returns source -> copy."""
    soffice = require_tool("soffice")
    out.mkdir(parents=True, exist_ok=True)
    profile = (out / "libreoffice-profile").resolve()
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--calc",
        "--convert-to", "xlsx", "--outdir", str(out), *[str(p) for p in workbooks],
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    copies = {path: out / path.name for path in workbooks}
    missing = [str(p) for p, copy in copies.items() if not copy.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
    return copies
