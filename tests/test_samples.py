"""The shipped samples: valid, priced from the command line, consistent with
their example quotes, and found by a wheel installed in a fresh venv."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import sample_names
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
def test_a_wheel_in_a_fresh_venv_finds_the_samples(installed_wheel, tmp_path):
    quotewright = str(installed_wheel / "quotewright")
    listed = subprocess.run([quotewright, "samples", "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    found = json.loads(listed.stdout)
    assert {s["name"] for s in found} == ARCHETYPES
    for entry in found:
        assert str(installed_wheel.parent) in entry["quote"]
        priced = subprocess.run([quotewright, "price", entry["quote"]], capture_output=True, text=True)
        assert priced.returncode == 0, priced.stderr
        assert "TCV" in priced.stdout
