"""Read a PDF back with poppler: text per page, and pages rendered to PNG."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tools import require_tool


def page_texts(path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    pdftotext = require_tool("pdftotext")
    result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    pages = result.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeezed(text: str) -> str:
    """Text without any whitespace, to find words that wrapped across lines."""
    return re.sub(r"\s+", "", text)


def render_pages(path: Path, out: Path, resolution: int = 40) -> list[Path]:
    pdftoppm = require_tool("pdftoppm")
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([pdftoppm, "-r", str(resolution), "-png", str(path), str(out / "page")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return sorted(out.glob("page*.png"))
