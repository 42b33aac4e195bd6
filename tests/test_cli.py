"""The command line: one line naming the file and the field on bad input,
exit 1; exit 2 for wrong usage; nothing on disk changes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from builders import northwind_catalog, quote_data
from conftest import SHARED_VECTORS
from quotewright.formatting import format_money


# No user's own settings (a de_DE locale would change every figure): a path
# that does not exist gives the defaults.
NO_SETTINGS = str(Path(__file__).parent / "no-such-dir" / "settings.json")


def run(*args: str, cwd: Path | None = None, settings: Path | str = NO_SETTINGS) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUOTEWRIGHT_SETTINGS": str(settings)}
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True, cwd=cwd,
                          env=env)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def catalog_with(change) -> str:
    data = northwind_catalog()
    change(data)
    return json.dumps(data)


def _set(path: list, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BAD_CATALOGS = {
    "malformed JSON": ('{"format": "quotewright.catalog/1", "name": ', "", "not valid JSON"),
    "empty file": ("", "", "is empty"),
    "float amount": (
        catalog_with(_set(["plans", 0, "overage", "unit_price"], 0.012)),
        "plans[0].overage.unit_price",
        "float",
    ),
    "NaN": (catalog_with(_set(["work_units", 0, "credits"], "X")).replace('"credits": "X"', '"credits": NaN'),
            "work_units[0].credits", "finite"),
    "negative price": (catalog_with(_set(["plans", 1, "platform_fee"], "-499")), "plans[1].platform_fee", "at least 0"),
    "tiers out of order": (
        catalog_with(_set(["plans", 1, "seat_price", "tiers", 0, "up_to"], "60")),
        "plans[1].seat_price.tiers[1].up_to",
        "bounds must increase",
    ),
    "duplicate ids": (
        catalog_with(_set(["work_units", 1, "id"], "doc_summary")),
        "work_units[1].id",
        "duplicate",
    ),
    "missing unit": (catalog_with(_set(["outcomes", 0, "work_unit"], "ghost")), "outcomes[0].work_unit", "ghost"),
    "wrong type": (catalog_with(_set(["plans", 0, "min_seats"], "one")), "plans[0].min_seats", "whole number"),
    "unknown format version": (
        catalog_with(_set(["format"], "quotewright.catalog/7")),
        "format",
        "newer than this Quotewright",
    ),
    "10 MB string": (catalog_with(_set(["name"], "N" * 10_000_000)), "name", "longer than 200"),
}


@pytest.mark.parametrize("case", BAD_CATALOGS, ids=list(BAD_CATALOGS))
@pytest.mark.parametrize("command", ["validate", "price-with-catalog"])
def test_bad_catalog_gives_one_line_and_exit_1(tmp_path, case, command):
    text, field, words = BAD_CATALOGS[case]
    bad = tmp_path / "catalog.json"
    bad.write_text(text, encoding="utf-8")
    quote = tmp_path / "quote.json"
    quote.write_text(json.dumps(quote_data()), encoding="utf-8")
    before = snapshot(tmp_path)
    args = ["validate", str(bad)] if command == "validate" else ["price", str(quote), "--catalog", str(bad)]
    result = run(*args)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:500]
    assert f"{bad}: {field}" in lines[0] if field else f"{bad}:" in lines[0]
    assert words in lines[0]
    assert "Traceback" not in result.stderr and len(lines[0]) < 400
    assert snapshot(tmp_path) == before


BAD_QUOTES = {
    "missing plan": ({"plan": "platinum"}, "plan"),
    "missing unit": ({"usage": [{"work_unit": "ghost", "monthly": "1"}]}, "usage[0].work_unit"),
    "float usage": ({"usage": [{"work_unit": "doc_summary", "monthly": 1.5}]}, "usage[0].monthly"),
    "wrong type": ({"seats": "twelve"}, "seats"),
    "unknown format": ({"format": "quotewright.quote/2"}, "format"),
    "packs per year": ({"term_months": 24, "credit_packs_per_year": [1]}, "credit_packs_per_year"),
}


@pytest.mark.parametrize("case", BAD_QUOTES, ids=list(BAD_QUOTES))
def test_bad_quote_gives_one_line_and_exit_1(tmp_path, case):
    changes, field = BAD_QUOTES[case]
    quote = tmp_path / "quote.json"
    quote.write_text(json.dumps(quote_data(**changes)), encoding="utf-8")
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(northwind_catalog()), encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("price", str(quote), "--catalog", str(catalog))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert f"{quote}: {field}:" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_bare_quote_needs_a_catalog(tmp_path):
    quote = tmp_path / "quote.json"
    quote.write_text(json.dumps(quote_data()), encoding="utf-8")
    result = run("price", str(quote))
    assert result.returncode == 1
    assert f"{quote}: catalog:" in result.stderr and "--catalog" in result.stderr


@pytest.mark.parametrize(
    "args", [["bogus"], ["price"], ["price", "a.json", "--nope"], ["schema", "invoice"], ["validate", "a", "b"]]
)
def test_wrong_usage_exits_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_price_prints_a_readable_table_and_json(tmp_path):
    vector = json.loads((SHARED_VECTORS / "quotes" / "growth-auto-packs-outcomes-36m.json").read_text("utf-8"))
    quote, catalog = tmp_path / "q.json", tmp_path / "c.json"
    quote.write_text(json.dumps(vector["quote"]), "utf-8")
    catalog.write_text(json.dumps(vector["catalog"]), "utf-8")
    table = run("price", str(quote), "--catalog", str(catalog))
    assert table.returncode == 0
    tcv = Decimal(vector["expected"]["totals"]["tcv"])
    assert format_money(tcv, vector["catalog"]["currency"]) in table.stdout  # the TCV, formatted in the currency
    assert "deal_desk" in table.stdout
    assert len([line for line in table.stdout.splitlines() if line.split()[:1] == ["36"]]) == 1  # month 36 row
    low = json.loads(run("price", str(quote), "--catalog", str(catalog), "--json", "--scenario", "low").stdout)
    assert low["case"] == "low"
    assert low["totals"]["tcv"] == vector["expected"]["scenarios"]["low"]["tcv"]
    missing = run("price", str(quote), "--catalog", str(catalog), "--scenario", "extreme")
    assert missing.returncode == 1 and "extreme" in missing.stderr


def test_schema_export_describes_both_formats():
    for kind, required in (("catalog", "work_units"), ("quote", "term_months")):
        result = run("schema", kind)
        assert result.returncode == 0
        schema = json.loads(result.stdout)
        assert required in schema["required"]
    quote_schema = json.loads(run("schema", "quote").stdout)
    assert "catalog_sha256" in quote_schema["properties"]


def test_validate_reports_what_the_file_is(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(northwind_catalog()), "utf-8")
    result = run("validate", str(path))
    assert result.returncode == 0
    assert "valid catalog" in result.stdout


def test_price_prints_figures_in_the_settings_locale(tmp_path):
    vector = json.loads((SHARED_VECTORS / "quotes" / "growth-auto-packs-outcomes-36m.json").read_text("utf-8"))
    quote, catalog = tmp_path / "q.json", tmp_path / "c.json"
    quote.write_text(json.dumps(vector["quote"]), "utf-8")
    catalog.write_text(json.dumps(vector["catalog"]), "utf-8")
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"locale": "de_DE"}), "utf-8")
    german = run("price", str(quote), "--catalog", str(catalog), settings=settings)
    english = run("price", str(quote), "--catalog", str(catalog))
    assert german.returncode == 0 and english.returncode == 0, german.stderr + english.stderr
    tcv, currency = Decimal(vector["expected"]["totals"]["tcv"]), vector["catalog"]["currency"]
    assert format_money(tcv, currency, "de_DE") != format_money(tcv, currency)  # the test can tell them apart
    assert format_money(tcv, currency, "de_DE") in german.stdout and format_money(tcv, currency) not in german.stdout
    assert format_money(tcv, currency) in english.stdout
    # JSON is for programs: the same whatever the locale
    as_json = [run("price", str(quote), "--catalog", str(catalog), "--json", settings=chosen).stdout
               for chosen in (settings, NO_SETTINGS)]
    assert as_json[0] == as_json[1] and Decimal(json.loads(as_json[0])["totals"]["tcv"]) == tcv


def test_a_euro_quote_reads_in_german_style(tmp_path):
    """`quotewright price` with a de_DE settings file: "1.234,56 €" figures."""
    catalog_data = northwind_catalog()
    catalog_data["currency"] = "EUR"
    quote, catalog = tmp_path / "q.json", tmp_path / "c.json"
    quote.write_text(json.dumps(quote_data()), "utf-8")
    catalog.write_text(json.dumps(catalog_data), "utf-8")
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"locale": "de_DE"}), "utf-8")
    result = run("price", str(quote), "--catalog", str(catalog), settings=settings)
    assert result.returncode == 0, result.stderr
    tcv = Decimal(json.loads(run("price", str(quote), "--catalog", str(catalog), "--json").stdout)["totals"]["tcv"])
    assert tcv >= 1000  # so the figure has a thousands separator
    assert re.search(r"TCV \d{1,3}(\.\d{3})+,\d{2}\xa0€", result.stdout), result.stdout[:400]
    assert f"TCV {format_money(tcv, 'EUR', 'de_DE')}" in result.stdout


def test_a_broken_settings_file_is_named_but_does_not_stop_price(tmp_path):
    quote, catalog = tmp_path / "q.json", tmp_path / "c.json"
    quote.write_text(json.dumps(quote_data()), "utf-8")
    catalog.write_text(json.dumps(northwind_catalog()), "utf-8")
    settings = tmp_path / "settings.json"
    settings.write_text('{"locale": "xx_NOWHERE"}', "utf-8")
    result = run("price", str(quote), "--catalog", str(catalog), settings=settings)
    assert result.returncode == 0
    assert str(settings) in result.stderr and "locale" in result.stderr and "en_US" in result.stderr
    assert "TCV $" in result.stdout
