"""Shadow billing (PRICING.md 13): every shadow vector through the API and
through the command; the contract calendar of recorded time; the terms."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import mismatches, next_vector_files, read_vector
from quotewright import shadow_command
from quotewright.domain.catalog import Catalog
from quotewright.domain.errors import InvalidInput
from quotewright.domain.pricing import price_quote
from quotewright.domain.shadow import (
    BEFORE_START,
    BEYOND_TERM,
    DayGroup,
    ShadowTerms,
    add_months,
    month_starts,
    shadow_bill,
    shadow_to_json,
    tally,
)
from quotewright.storage.problems import FileProblem
from quotewright.storage.usage_import import read_usage

SHADOW_VECTORS = next_vector_files("shadow")


def _parser() -> argparse.ArgumentParser:
    # The command's own arguments, for tests that call run() in-process.
    parser = argparse.ArgumentParser(prog="quotewright shadow")
    shadow_command.add_arguments(parser)
    return parser


def _write_vector_files(vector: dict, folder: Path) -> tuple[Path, Path, Path]:
    usage, catalog, terms = folder / "usage.csv", folder / "catalog.json", folder / "terms.json"
    usage.write_text(vector["records_csv"], encoding="utf-8", newline="")
    catalog.write_text(json.dumps(vector["catalog"]), encoding="utf-8")
    terms.write_text(json.dumps(vector["quote"]), encoding="utf-8")
    return usage, catalog, terms


def test_there_is_a_shadow_vector():
    assert SHADOW_VECTORS, "no shadow vector found in any vector folder's next/shadow"


@pytest.mark.parametrize("path", SHADOW_VECTORS, ids=lambda p: p.stem)
def test_shadow_vector_through_the_api(path: Path, tmp_path: Path):
    vector = read_vector(path)
    usage, _, _ = _write_vector_files(vector, tmp_path)
    catalog = Catalog.model_validate(vector["catalog"])
    start = dt.date.fromisoformat(vector["start"])
    recorded = read_usage(usage, start, catalog)
    result = shadow_bill(catalog, recorded, ShadowTerms.model_validate(vector["quote"]), start)
    assert mismatches(vector["expected"], shadow_to_json(result)) == []


@pytest.mark.parametrize("path", SHADOW_VECTORS, ids=lambda p: p.stem)
def test_shadow_vector_through_the_command(path: Path, tmp_path: Path, capsys):
    vector = read_vector(path)
    usage, catalog, terms = _write_vector_files(vector, tmp_path)
    args = _parser().parse_args(
        [str(usage), "--catalog", str(catalog), "--start", vector["start"], "--terms", str(terms), "--json"]
    )
    assert shadow_command.run(args) == 0
    assert mismatches(vector["expected"], json.loads(capsys.readouterr().out)) == []


@pytest.mark.parametrize("path", SHADOW_VECTORS, ids=lambda p: p.stem)
def test_shadow_vector_through_the_installed_command_line(path: Path, tmp_path: Path):
    vector = read_vector(path)
    usage, catalog, terms = _write_vector_files(vector, tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "quotewright", "shadow", str(usage), "--catalog", str(catalog),
         "--start", vector["start"], "--terms", str(terms), "--json"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert mismatches(vector["expected"], json.loads(run.stdout)) == []


@pytest.mark.parametrize("path", SHADOW_VECTORS, ids=lambda p: p.stem)
def test_the_text_report_marks_the_cheapest_plan_and_names_what_was_left_out(path: Path, tmp_path: Path, capsys):
    vector = read_vector(path)
    usage, catalog, terms = _write_vector_files(vector, tmp_path)
    args = _parser().parse_args([str(usage), "--catalog", str(catalog), "--start", vector["start"], "--terms", str(terms)])
    assert shadow_command.run(args) == 0
    text = capsys.readouterr().out
    expected = vector["expected"]
    cheapest = min(expected["plans"], key=lambda p: Decimal(p["tcv"]))  # min keeps the first of equals
    name = next(p["name"] for p in vector["catalog"]["plans"] if p["id"] == cheapest["plan"])
    assert f"* cheapest: {name}" in text
    assert f"{expected['before_start']:,} before the start" in text
    for unit in expected["unknown_work_units"]:
        assert unit in text


# --- the contract calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 31), 2, dt.date(2026, 3, 31)),  # from the start, not from Feb 28
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 11, 15), 2, dt.date(2027, 1, 15)),
    ],
)
def test_adding_months_keeps_the_day_and_clamps_it(start, months, expected):
    assert add_months(start, months) == expected


def test_month_starts_are_midnight_utc_and_increase():
    starts = month_starts(dt.date(2026, 1, 31))
    assert len(starts) == 121
    assert all(s.tzinfo == dt.timezone.utc and s.time() == dt.time() for s in starts)
    assert all(a < b for a, b in zip(starts, starts[1:]))


def _catalog() -> Catalog:
    vector = read_vector(SHADOW_VECTORS[0])
    return Catalog.model_validate(vector["catalog"])


def test_tally_follows_the_order_of_the_tests_and_clamps_months():
    catalog = _catalog()
    unit = catalog.work_units[0].id
    start = dt.date(2026, 1, 31)
    day_of = lambda d: (d - start).days  # noqa: E731
    groups = [
        DayGroup(unit, BEFORE_START, 2, Decimal("5")),
        DayGroup("nobody", BEFORE_START, 1, Decimal("1")),  # before the start wins over unknown
        DayGroup(unit, BEYOND_TERM, 3, Decimal("1")),
        DayGroup(unit, day_of(dt.date(2026, 2, 27)), 1, Decimal("1.5")),  # month 1
        DayGroup(unit, day_of(dt.date(2026, 2, 28)), 1, Decimal("2")),  # month 2 starts Feb 28
        DayGroup(f" {unit} ", day_of(dt.date(2026, 3, 30)), 1, Decimal("0.25")),  # still month 2
        DayGroup("nobody", day_of(dt.date(2026, 3, 1)), 4, Decimal("9")),
    ]
    recorded = tally(groups, catalog, start)
    assert (recorded.records, recorded.before_start, recorded.beyond_term) == (13, 3, 3)
    assert recorded.unknown_work_units == {"nobody": 4}
    assert recorded.billed[unit] == {1: Decimal("1.5"), 2: Decimal("2.25")}
    assert recorded.billed_records[unit] == 3


def test_tally_maps_event_names_to_work_units():
    catalog = _catalog()
    unit = catalog.work_units[1].id
    recorded = tally([DayGroup("pdf_done", 0, 2, Decimal("3")), DayGroup("other", 0, 1, Decimal("1"))],
                     catalog, dt.date(2026, 1, 1), {"pdf_done": unit})
    assert recorded.billed == {unit: {1: Decimal("3")}}
    assert recorded.unknown_work_units == {"other": 1}


def test_a_unit_with_only_zero_quantities_still_gets_a_series_and_the_term_is_the_last_billed_month():
    catalog = _catalog()
    first, second = catalog.work_units[0].id, catalog.work_units[1].id
    start = dt.date(2026, 1, 1)
    groups = [DayGroup(second, 0, 1, Decimal("0")), DayGroup(first, 70, 1, Decimal("10"))]  # day 70: month 3
    result = shadow_bill(catalog, tally(groups, catalog, start), ShadowTerms(), start)
    assert result.term_months == 3
    assert list(result.series) == [first, second]  # catalog order
    assert result.series[first] == (0, 0, 10) and result.series[second] == (0, 0, 0)


def test_every_plan_is_priced_as_a_quote_with_the_recorded_series():
    catalog = _catalog()
    start = dt.date(2026, 1, 1)
    unit = catalog.work_units[0].id
    groups = [DayGroup(unit, day, 1, Decimal("1234.5")) for day in (0, 40, 75)]
    terms = ShadowTerms(seats=7, billing="annual")
    result = shadow_bill(catalog, tally(groups, catalog, start), terms, start)
    assert [p.plan for p in result.plans] == [plan.id for plan in catalog.plans]
    for shadow in result.plans:
        quote = shadow.quote
        assert (quote.seats, quote.billing, quote.term_months) == (7, "annual", 3)
        assert quote.usage[0].series == (Decimal("1234.5"),) * 3
        assert quote.credit_packs_per_year == ("auto" if catalog.plan(shadow.plan).credit_pack else 0)
        assert price_quote(catalog, quote).totals.tcv == shadow.priced.totals.tcv
    tcvs = [p.priced.totals.tcv for p in result.plans]
    assert result.cheapest == result.plans[tcvs.index(min(tcvs))].plan


def test_given_packs_apply_to_every_plan_with_packs_and_must_fit_the_term():
    catalog = _catalog()
    start = dt.date(2026, 1, 1)
    groups = [DayGroup(catalog.work_units[0].id, 0, 1, Decimal("100"))]
    recorded = tally(groups, catalog, start)
    result = shadow_bill(catalog, recorded, ShadowTerms(credit_packs_per_year=[2]), start)
    for shadow in result.plans:
        assert shadow.priced.credit_packs_per_year == ((2,) if catalog.plan(shadow.plan).credit_pack else (0,))
    with pytest.raises(InvalidInput) as caught:
        shadow_bill(catalog, recorded, ShadowTerms(credit_packs_per_year=[1, 1]), start)
    assert caught.value.path == "credit_packs_per_year"


def test_a_file_with_no_billed_record_is_an_error():
    catalog = _catalog()
    recorded = tally([DayGroup("nobody", 0, 2, Decimal("1"))], catalog, dt.date(2026, 1, 1))
    with pytest.raises(InvalidInput, match="no billed record"):
        shadow_bill(catalog, recorded, ShadowTerms(), dt.date(2026, 1, 1))


def test_terms_are_checked_and_flags_override_them(tmp_path: Path, capsys):
    vector = read_vector(SHADOW_VECTORS[0])
    usage, catalog, terms = _write_vector_files(vector, tmp_path)
    terms.write_text(json.dumps({"seats": 2, "billing": "monthly", "colour": "red"}), encoding="utf-8")
    args = _parser().parse_args([str(usage), "--catalog", str(catalog), "--start", vector["start"], "--terms", str(terms)])
    with pytest.raises(FileProblem) as caught:
        shadow_command.run(args)
    assert str(terms) in str(caught.value) and "colour" in str(caught.value)
    terms.write_text(json.dumps({"seats": 2, "billing": "monthly"}), encoding="utf-8")
    args = _parser().parse_args([str(usage), "--catalog", str(catalog), "--start", vector["start"],
                                 "--terms", str(terms), "--seats", "9", "--billing", "annual", "--json"])
    assert shadow_command.run(args) == 0
    data = json.loads(capsys.readouterr().out)
    catalog_model = Catalog.model_validate(vector["catalog"])
    recorded = read_usage(usage, dt.date.fromisoformat(vector["start"]), catalog_model)
    direct = shadow_bill(catalog_model, recorded, ShadowTerms(seats=9, billing="annual"),
                         dt.date.fromisoformat(vector["start"]))
    assert [p["tcv"] for p in data["plans"]] == [str(p.priced.totals.tcv) for p in direct.plans]


def test_packs_that_do_not_fit_the_term_name_the_terms_file(tmp_path: Path):
    vector = read_vector(SHADOW_VECTORS[0])
    usage, catalog, terms = _write_vector_files(vector, tmp_path)
    terms.write_text(json.dumps({"seats": 5, "credit_packs_per_year": [1] * 11}), encoding="utf-8")
    args = _parser().parse_args([str(usage), "--catalog", str(catalog), "--start", vector["start"], "--terms", str(terms)])
    with pytest.raises(FileProblem) as caught:
        shadow_command.run(args)
    assert caught.value.file == str(terms) and caught.value.path == "credit_packs_per_year"


@pytest.mark.parametrize("argv", [["--start", "2026-02-30"], ["--start", "2026-01-01", "--seats", "-1"],
                                  ["--start", "2026-01-01", "--billing", "weekly"]])
def test_wrong_arguments_are_usage_errors(argv, tmp_path: Path, capsys):
    with pytest.raises(SystemExit) as caught:
        _parser().parse_args([str(tmp_path / "u.csv"), "--catalog", str(tmp_path / "c.json"), *argv])
    assert caught.value.code == 2


@pytest.mark.parametrize("path", SHADOW_VECTORS[:1], ids=lambda p: p.stem)
def test_the_text_report_writes_figures_in_the_settings_locale(path: Path, tmp_path: Path, capsys, monkeypatch):
    from quotewright.formatting import format_money

    vector = read_vector(path)
    usage, catalog, terms = _write_vector_files(vector, tmp_path)
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"locale": "de_DE"}), "utf-8")
    monkeypatch.setenv("QUOTEWRIGHT_SETTINGS", str(settings))
    args = _parser().parse_args([str(usage), "--catalog", str(catalog), "--start", vector["start"], "--terms", str(terms)])
    assert shadow_command.run(args) == 0
    text = capsys.readouterr().out
    currency = vector["catalog"]["currency"]
    cheapest = min(Decimal(p["tcv"]) for p in vector["expected"]["plans"])
    assert format_money(cheapest, currency, "de_DE") in text
    assert format_money(cheapest, currency, "de_DE") != format_money(cheapest, currency)
