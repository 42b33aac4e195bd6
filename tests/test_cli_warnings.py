"""`quotewright price` and `quotewright export` print the quote's warnings
on stderr (expired, credits that expire unused, a cheaper pack count), one
line each in the settings' locale, and still exit 0 (issue 12 item 7)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import northwind_catalog, quote_data
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.formatting import format_date, format_phrase

NO_SETTINGS = str(Path(__file__).parent / "no-such-dir" / "settings.json")
PREFIX = "quotewright: warning: "


def run(*args: str, settings: Path | str = NO_SETTINGS) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUOTEWRIGHT_SETTINGS": str(settings)}
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True, env=env)


def _files(tmp_path: Path, valid_until: dt.date, packs: int = 9) -> tuple[Path, Path, dict]:
    # 9 packs a year: more credits than the usage needs (they expire), and
    # just below the volume tier that makes 10 packs cheaper (a pack cliff).
    data = quote_data(credit_packs_per_year=[packs], valid_until=valid_until.isoformat(),
                      date=(valid_until - dt.timedelta(days=20)).isoformat())
    quote, catalog = tmp_path / "quote.json", tmp_path / "catalog.json"
    quote.write_text(json.dumps(data), "utf-8")
    catalog.write_text(json.dumps(northwind_catalog()), "utf-8")
    return quote, catalog, data


def _expected_lines(data: dict, locale: str = "en_US") -> tuple[list[str], list[str]]:
    """The warnings the engine gives today, as the command should print them."""
    priced = price_quote(Catalog.model_validate(northwind_catalog()), Quote.model_validate(data),
                         today=dt.date.today())
    return [PREFIX + format_phrase(w.message, locale) for w in priced.warnings], [w.code for w in priced.warnings]


def _warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(PREFIX)]


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_price_prints_the_warnings_of_an_expired_quote_on_stderr_and_exits_0(tmp_path, as_json):
    yesterday = dt.date.today() - dt.timedelta(days=1)  # the command reads the real clock
    quote, catalog, data = _files(tmp_path, yesterday)
    expected, codes = _expected_lines(data)
    assert {"expired", "credits_expire", "pack_cliff"} <= set(codes)
    result = run("price", str(quote), "--catalog", str(catalog), *(["--json"] if as_json else []))
    assert result.returncode == 0, result.stderr
    assert _warning_lines(result.stderr) == expected
    assert any(yesterday.isoformat() in line or format_date(yesterday) in line for line in expected)
    assert PREFIX not in result.stdout  # stdout stays the report, or JSON a program can read
    if as_json:
        assert [w["code"] for w in json.loads(result.stdout)["warnings"]] == codes


def test_a_quote_still_valid_is_not_called_expired(tmp_path):
    quote, catalog, data = _files(tmp_path, dt.date.today() + dt.timedelta(days=10))
    expected, codes = _expected_lines(data)
    assert "expired" not in codes and "credits_expire" in codes
    result = run("price", str(quote), "--catalog", str(catalog))
    assert result.returncode == 0 and _warning_lines(result.stderr) == expected


def test_a_quote_without_warnings_prints_none(tmp_path):
    quote, catalog, data = _files(tmp_path, dt.date.today() + dt.timedelta(days=10), packs=0)
    expected, codes = _expected_lines(data)
    assert codes == []
    result = run("price", str(quote), "--catalog", str(catalog))
    assert result.returncode == 0 and _warning_lines(result.stderr) == [] and result.stderr == ""


def test_export_prints_the_quote_warnings_and_still_writes_and_exits_0(tmp_path):
    quote, catalog, data = _files(tmp_path, dt.date.today() - dt.timedelta(days=3))
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"locale": "de_DE"}), "utf-8")
    out = tmp_path / "model.xlsx"
    result = run("export", str(quote), "--catalog", str(catalog), "--xlsx", str(out), settings=settings)
    assert result.returncode == 0, result.stderr
    assert out.is_file() and f"wrote {out}" in result.stdout
    expected, codes = _expected_lines(data, "de_DE")
    assert "expired" in codes
    assert _warning_lines(result.stderr)[: len(expected)] == expected  # the exporters' own warnings may follow
    assert expected != _expected_lines(data)[0]  # in German, not in the default locale
