"""Every vector in ../shared/vectors (and QUOTEWRIGHT_EXTRA_VECTORS), and in
each folder's `next/quotes/` (PRICING.md 9-11), must match the engine
exactly, through the API and through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from pydantic import TypeAdapter

from conftest import BrokenVector, mismatches, next_vector_files, quote_vectors, read_vector, schedule_vectors
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.report import priced_to_json
from quotewright.domain.schedules import Schedule, schedule_amount

SCHEDULE = TypeAdapter(Schedule)


ALL_QUOTE_VECTORS = quote_vectors() + next_vector_files("quotes")


def test_vectors_are_found():
    assert len(schedule_vectors()) >= 17
    assert len(quote_vectors()) >= 3
    assert len(next_vector_files("quotes")) >= 2


@pytest.mark.parametrize(("name", "vector"), schedule_vectors(), ids=[n for n, _ in schedule_vectors()])
def test_schedule_vector(name, vector):
    if isinstance(vector, BrokenVector):
        pytest.fail(f"{vector.source}: {vector.problem}")
    schedule = SCHEDULE.validate_python(vector["schedule"])
    assert schedule_amount(schedule, Decimal(str(vector["quantity"]))) == Decimal(str(vector["amount"]))


def _vector_id(path) -> str:
    return f"next/{path.stem}" if path.parent.parent.name == "next" else path.stem


@pytest.mark.parametrize("path", ALL_QUOTE_VECTORS, ids=_vector_id)
def test_quote_vector(path):
    vector = read_vector(path)
    priced = price_quote(Catalog.model_validate(vector["catalog"]), Quote.model_validate(vector["quote"]))
    assert mismatches(vector["expected"], priced_to_json(priced)) == []


@pytest.mark.parametrize("path", ALL_QUOTE_VECTORS, ids=_vector_id)
def test_quote_vector_through_the_command_line(path, tmp_path):
    vector = read_vector(path)
    quote, catalog = tmp_path / "quote.json", tmp_path / "catalog.json"
    quote.write_text(json.dumps(vector["quote"]), encoding="utf-8")
    catalog.write_text(json.dumps(vector["catalog"]), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "quotewright", "price", str(quote), "--catalog", str(catalog), "--json"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert mismatches(vector["expected"], json.loads(run.stdout)) == []
