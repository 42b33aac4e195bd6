"""Files: round trips, the catalog snapshot and its hash, atomic saves."""

from __future__ import annotations

import json
import os

import pytest

from builders import northwind_catalog, quote_data
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.fingerprint import catalog_fingerprint
from quotewright.domain.report import priced_to_json
from quotewright.storage import jsonfile
from quotewright.storage.documents import load_any, load_catalog, load_quote, save_catalog, save_quote
from quotewright.storage.problems import FileProblem


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.model_validate(northwind_catalog())


@pytest.fixture
def quote() -> Quote:
    return Quote.model_validate(quote_data(credit_packs_per_year="auto", date="2026-11-24", valid_until="2026-12-31"))


def test_catalog_round_trip(tmp_path, catalog):
    path = tmp_path / "catalog.json"
    save_catalog(path, catalog)
    assert load_catalog(path) == catalog
    assert '"0.0035"' in path.read_text("utf-8")  # decimals are written as strings, never floats


def test_saved_quote_carries_its_catalog_and_hash(tmp_path, catalog, quote):
    path = tmp_path / "quote.json"
    save_quote(path, quote, catalog)
    data = json.loads(path.read_text("utf-8"))
    assert data["catalog_sha256"] == catalog_fingerprint(catalog)
    loaded = load_quote(path)
    assert (loaded.quote, loaded.catalog) == (quote, catalog)


def test_a_saved_quote_reprices_identically_after_the_catalog_changes(tmp_path, catalog, quote):
    quote_path, catalog_path = tmp_path / "quote.json", tmp_path / "catalog.json"
    save_catalog(catalog_path, catalog)
    save_quote(quote_path, quote, catalog)
    before = priced_to_json(price_quote(catalog, quote))
    changed = northwind_catalog()
    plan = next(plan for plan in changed["plans"] if plan["id"] == quote.plan)
    plan["platform_fee"] = str(plan.get("platform_fee", "0")) + "1"  # the quote's own plan costs more now
    catalog_path.write_text(json.dumps(changed), "utf-8")
    current = load_catalog(catalog_path)
    assert priced_to_json(price_quote(current, quote)) != before  # the change reaches this quote's price
    loaded = load_quote(quote_path)
    assert loaded.catalog != current
    assert priced_to_json(price_quote(loaded.catalog, loaded.quote)) == before


def test_an_edited_snapshot_is_refused(tmp_path, catalog, quote):
    path = tmp_path / "quote.json"
    save_quote(path, quote, catalog)
    data = json.loads(path.read_text("utf-8"))
    data["catalog"]["plans"][1]["platform_fee"] = "1"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(FileProblem) as caught:
        load_quote(path)
    assert caught.value.path == "catalog_sha256"
    assert str(path) in str(caught.value)


def test_errors_inside_the_snapshot_name_the_path_under_catalog(tmp_path, catalog, quote):
    path = tmp_path / "quote.json"
    save_quote(path, quote, catalog)
    data = json.loads(path.read_text("utf-8"))
    data["catalog"]["plans"][1]["overage"]["tiers"][1]["up_to"] = "10"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(FileProblem) as caught:
        load_quote(path)
    assert caught.value.path == "catalog.plans[1].overage.tiers[1].up_to"


def test_load_any_tells_catalogs_from_quotes(tmp_path, catalog, quote):
    save_catalog(tmp_path / "c.json", catalog)
    save_quote(tmp_path / "q.json", quote, catalog)
    assert load_any(tmp_path / "c.json") == catalog
    assert load_any(tmp_path / "q.json").quote == quote
    (tmp_path / "x.json").write_text('{"format": "something/1"}', "utf-8")
    with pytest.raises(FileProblem) as caught:
        load_any(tmp_path / "x.json")
    assert caught.value.path == "format"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"{", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[1, 2]", "JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_unreadable_files(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(FileProblem) as caught:
        load_any(path)
    assert words in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileProblem, match="no such file"):
        load_catalog(tmp_path / "nope.json")
    with pytest.raises(FileProblem, match="folder"):
        load_catalog(tmp_path)


def test_a_failed_save_leaves_the_old_file_intact(tmp_path, catalog, monkeypatch):
    path = tmp_path / "catalog.json"
    save_catalog(path, catalog)
    before = path.read_bytes()

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfile.os, "replace", crash)
    bigger = Catalog.model_validate({**northwind_catalog(), "name": "Changed"})
    with pytest.raises(FileProblem, match="No space left"):
        save_catalog(path, bigger)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]  # no temporary file left behind


def test_a_crash_mid_write_leaves_the_old_file_intact(tmp_path, catalog, monkeypatch):
    path = tmp_path / "catalog.json"
    save_catalog(path, catalog)
    before = path.read_bytes()
    real_fsync = os.fsync

    def interrupted(descriptor):
        raise KeyboardInterrupt  # the process is stopped after some bytes were written

    monkeypatch.setattr(jsonfile.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_catalog(path, Catalog.model_validate({**northwind_catalog(), "name": "Changed"}))
    monkeypatch.setattr(jsonfile.os, "fsync", real_fsync)
    assert path.read_bytes() == before
    assert len(list(tmp_path.iterdir())) == 1


def test_saving_keeps_the_file_mode(tmp_path, catalog):
    path = tmp_path / "catalog.json"
    save_catalog(path, catalog)
    path.chmod(0o640)
    save_catalog(path, catalog)
    assert path.stat().st_mode & 0o777 == 0o640


def test_saving_into_a_missing_folder_is_a_file_problem(tmp_path, catalog):
    with pytest.raises(FileProblem, match="cannot be saved"):
        save_catalog(tmp_path / "missing" / "catalog.json", catalog)
