"""The shipped samples: valid, priced from the command line, consistent with
their example quotes, and found by a wheel installed in a fresh venv."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import REPO, sample_names
from quotewright.domain.pricing import price_quote
from quotewright.storage.documents import load_catalog, load_quote
from quotewright.storage.samples import DEFAULT_SAMPLE, samples

ARCHETYPES = {"seat-copilot", "token-api", "support-agent", "data-platform"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True)


def test_every_archetype_ships():
    assert set(sample_names()) == ARCHETYPES
    assert {s.name for s in samples()} == ARCHETYPES
    assert DEFAULT_SAMPLE in ARCHETYPES


@pytest.mark.parametrize("name", sorted(ARCHETYPES))
def test_sample_validates_and_prices_from_the_command_line(name):
    found = next(s for s in samples() if s.name == name)
    assert run("validate", str(found.catalog)).returncode == 0
    assert run("validate", str(found.quote)).returncode == 0
    priced = run("price", str(found.quote), "--json")
    assert priced.returncode == 0, priced.stderr
    result = json.loads(priced.stdout)
    assert result["quote"] and float(result["totals"]["tcv"]) > 0  # a number for the eye, not for money
    also = run("price", str(found.quote), "--catalog", str(found.catalog), "--json")
    assert json.loads(also.stdout)["totals"] == result["totals"]


@pytest.mark.parametrize("name", sorted(ARCHETYPES))
def test_sample_catalog_is_rich_enough_to_learn_from(name):
    found = next(s for s in samples() if s.name == name)
    catalog = load_catalog(found.catalog)
    loaded = load_quote(found.quote)
    assert len(catalog.plans) >= 2
    assert all(1 <= u.autonomy <= 5 and 1 <= u.attribution <= 5 for u in catalog.work_units)
    assert any(u.cost_to_serve > 0 for u in catalog.work_units)
    assert loaded.catalog == catalog, "the example quote must embed the shipped catalog"
    priced = price_quote(catalog, loaded.quote)
    assert priced.totals.gross_margin_percent > catalog.approval.margin_floor_percent


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_finds_the_samples(tmp_path):
    wheels = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    wheel = next(wheels.glob("quotewright-*.whl"))

    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    # The dependencies come from this test environment's site-packages, added
    # after the fresh venv's own: quotewright itself must come from the wheel.
    site = Path(subprocess.check_output([str(python), "-c", "import site; print(site.getsitepackages()[0])"], text=True).strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.run([str(python), "-c", "import quotewright; print(quotewright.__file__)"], capture_output=True, text=True)
    assert str(target) in where.stdout, where.stdout + where.stderr

    listed = subprocess.run([str(target / "bin" / "quotewright"), "samples", "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert {s["name"] for s in found} == ARCHETYPES
    for sample in found:
        assert str(target) in sample["quote"]
        priced = subprocess.run([str(target / "bin" / "quotewright"), "price", sample["quote"]], capture_output=True, text=True)
        assert priced.returncode == 0, priced.stderr
        assert "TCV" in priced.stdout
