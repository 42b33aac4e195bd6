"""Issue 10, item 6: the one-folder desktop bundle builds from
packaging/quotewright.spec and really runs, offscreen: its window opens with
the sample quote and closes cleanly, and its command line prices a sample and
exports a PDF and a workbook from the resources inside the bundle."""

from __future__ import annotations

import configparser
import datetime as dt
import json
import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import REPO
from quotewright.domain.pricing import price_quote
from quotewright.domain.report import priced_to_json
from quotewright.exporters.xlsx import SHEETS
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import DEFAULT_SAMPLE, sample, samples

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The bundle's folder, built once for this module (about a minute on two cores)."""
    if shutil.which("objdump") is None and not os.environ.get("CI"):
        pytest.skip("PyInstaller needs objdump (binutils); .ci/run installs it")
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    build = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                            "--distpath", str(out / "dist"), "--workpath", str(out / "work"),
                            str(REPO / "packaging" / "quotewright.spec")],
                           capture_output=True, text=True, timeout=1200)
    assert build.returncode == 0, build.stderr[-4000:]
    print(f"bundle built in {time.monotonic() - started:.0f} s")
    folder = out / "dist" / "quotewright"
    assert (folder / "quotewright").is_file()
    return folder


def run(bundle: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    """The bundled executable with a private data and settings folder, offscreen,
    with nothing from this checkout or this venv on its paths."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), HOME=str(home))
    return subprocess.run([str(bundle / "quotewright"), *args], capture_output=True, text=True, env=env,
                          cwd=home, timeout=120)


def bundled(bundle: Path, path: str) -> Path:
    found = Path(path)
    assert found.is_relative_to(bundle), f"{path} is not inside the bundle"
    assert found.is_file()
    return found


def test_the_window_opens_with_the_sample_quote_and_closes_cleanly(bundle, tmp_path):
    result = run(bundle, tmp_path, "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    said = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    quote_id, _, catalog = said["smoke test"].removeprefix("quote ").partition(" with catalog ")
    assert quote_id == load_quote(sample(DEFAULT_SAMPLE).quote).quote.id
    assert bundled(bundle, catalog).name == f"{DEFAULT_SAMPLE}.json"
    assert any(line.startswith("shown at ") for line in result.stdout.splitlines())  # the first frame painted


def test_the_command_line_lists_and_prices_the_bundled_samples(bundle, tmp_path):
    listed = run(bundle, tmp_path, "samples", "--json")
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert {entry["name"] for entry in found} == {s.name for s in samples()}
    for entry in found:
        quote = bundled(bundle, entry["quote"])
        bundled(bundle, entry["catalog"])
        priced = run(bundle, tmp_path, "price", str(quote), "--json")
        assert priced.returncode == 0, priced.stderr
        # The bundle's engine agrees with this checkout's on the same sample.
        loaded = load_quote(sample(entry["name"]).quote)
        expected = priced_to_json(price_quote(loaded.catalog, loaded.quote, today=dt.date.today()), None)
        assert json.loads(priced.stdout)["totals"] == json.loads(json.dumps(expected["totals"]))


def test_the_command_line_exports_a_pdf_and_a_workbook_from_the_bundled_resources(bundle, tmp_path):
    quote = next(Path(entry["quote"]) for entry in json.loads(run(bundle, tmp_path, "samples", "--json").stdout)
                 if entry["name"] == DEFAULT_SAMPLE)
    pdf, xlsx = tmp_path / "proposal.pdf", tmp_path / "model.xlsx"
    result = run(bundle, tmp_path, "export", str(bundled(bundle, str(quote))), "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert result.returncode == 0, result.stderr
    customer = load_quote(sample(DEFAULT_SAMPLE).quote).quote.customer.name
    reader = PdfReader(pdf)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert customer in " ".join(text.split())
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("QW-Sans" in font or "DejaVu" in font for font in fonts), fonts  # the bundled font, embedded
    workbook = load_workbook(xlsx)
    assert tuple(workbook.sheetnames) == SHEETS
    templates = run(bundle, tmp_path, "templates")
    assert templates.returncode == 0, templates.stderr
    assert [line.strip() for line in templates.stdout.splitlines() if line.strip().endswith(".toml")] == [
        str(bundle / "_internal" / "quotewright" / "templates" / name) for name in ("full.toml", "summary.toml")]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_icon_ships_in_the_bundle_and_the_desktop_file_names_it(bundle):
    icon = bundle / "_internal" / "quotewright" / "resources" / "icons" / "quotewright.png"
    assert png_size(icon) == (256, 256)
    assert icon.read_bytes() == (REPO / "resources" / "icons" / "quotewright.png").read_bytes()
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # keys are case-sensitive
    desktop.read(REPO / "packaging" / "quotewright.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Quotewright"
    assert entry["Icon"] == icon.stem
    assert entry["Exec"].split()[0] == entry["TryExec"] == (bundle / "quotewright").name
    assert entry["Terminal"] == "false" and entry["Categories"].endswith(";")
