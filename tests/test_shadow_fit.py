"""A quote started from shadow usage with a fitted monthly volume and
growth (domain/shadow_fit.py; issue 14, "Start a quote from this usage"),
through the API and the shadow command's --start-quote."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import next_vector_files, read_vector
from quotewright import shadow_command
from quotewright.domain.catalog import Catalog
from quotewright.domain.money import round_whole
from quotewright.domain.pricing import price_quote
from quotewright.domain.shadow import ShadowTerms, shadow_bill
from quotewright.domain.shadow_fit import fit_volume, started_quote, usage_lines
from quotewright.storage.documents import load_quote
from quotewright.storage.problems import FileProblem
from quotewright.storage.usage_import import read_usage

D = Decimal
VECTOR = next_vector_files("shadow")[0]


def _grown(monthly: str, growth: str, months: int) -> list[Decimal]:
    """Whole units per month, grown as the engine grows them."""
    rate = 1 + D(growth) / 100
    return [round_whole(D(monthly) * rate**m) for m in range(months)]


@pytest.mark.parametrize("monthly, growth, months", [
    ("1000", "5", 24), ("80000", "-3", 13), ("250", "12.5", 6), ("5000000", "0.75", 120), ("40", "2", 36),
])
def test_a_fitted_growth_recovers_the_growth_that_made_the_series(monthly, growth, months):
    fitted = fit_volume(_grown(monthly, growth, months))
    # whole units round each month, which moves the fitted rate by a little
    assert abs(fitted.growth_percent - D(growth)) < D("0.05")
    assert abs(fitted.monthly - D(monthly)) <= D(monthly) * D("0.02") + 1
    assert fitted.months_fitted == months
    assert -fitted.growth_percent.as_tuple().exponent <= 6  # a growth a quote accepts


def test_an_exact_series_is_recovered_to_the_six_decimals_a_growth_keeps():
    rate = D("1.04")
    series = [D(10) ** 6 * rate**m for m in range(12)]  # exact, not rounded to whole units
    fitted = fit_volume(series)
    assert fitted.growth_percent == D("4") and fitted.monthly == D(10) ** 6


@pytest.mark.parametrize("series", [[D(500)] * 12, [D("0.5")] * 3, [D("12345.678")] * 60])
def test_a_flat_series_fits_no_growth(series):
    fitted = fit_volume(series)
    assert fitted.growth_percent == 0 and str(fitted.growth_percent) == "0"
    assert fitted.monthly == round_whole(series[0])


def test_months_without_usage_are_left_out_and_too_few_months_give_the_average():
    with_gaps = _grown("1000", "5", 12)
    with_gaps[3] = with_gaps[7] = D(0)
    fitted = fit_volume(with_gaps)
    assert fitted.months_fitted == 10 and abs(fitted.growth_percent - 5) < D("0.05")
    assert fit_volume([D(0), D(7), D(0)]) == (round_whole(D(7) / 3), 0, 1)
    assert fit_volume([D(0)] * 4) == (0, 0, 0)
    assert fit_volume([D(9)]) == (9, 0, 1)


def test_a_growth_beyond_what_a_quote_accepts_is_kept_inside_it():
    assert fit_volume([D(1), D(10) ** 12]).growth_percent == 1000
    assert fit_volume([D(10) ** 12, D(1)]).growth_percent == D("-99.999999")


def _result(tmp_path: Path):
    vector = read_vector(VECTOR)
    usage = tmp_path / "usage.csv"
    usage.write_text(vector["records_csv"], encoding="utf-8", newline="")
    catalog = Catalog.model_validate(vector["catalog"])
    terms = ShadowTerms.model_validate(vector["quote"])
    start = __import__("datetime").date.fromisoformat(vector["start"])
    return catalog, shadow_bill(catalog, read_usage(usage, start, catalog), terms, start), usage, vector


def test_a_started_quote_has_the_series_or_the_fitted_lines_on_the_chosen_plan(tmp_path: Path):
    catalog, result, _, _ = _result(tmp_path)
    cheapest = next(p for p in result.plans if p.plan == result.cheapest)
    assert started_quote(result) is cheapest.quote  # the recorded series, as priced
    for plan in result.plans:
        fitted = started_quote(result, plan.plan, "growth")
        assert fitted.plan == plan.plan and fitted.term_months == result.term_months
        assert [line.work_unit for line in fitted.usage] == list(result.series)
        for line, (unit, series) in zip(fitted.usage, result.series.items()):
            assert line.series is None
            assert (line.monthly, line.growth_percent) == fit_volume(series)[:2]
        price_quote(catalog, fitted)  # it prices
    assert [line.series for line in usage_lines(dict(result.series), "series")] == list(result.series.values())
    with pytest.raises(KeyError):
        started_quote(result, "no-such-plan")


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="quotewright shadow")
    shadow_command.add_arguments(parser)
    return shadow_command.run(parser.parse_args(argv))


def _files(tmp_path: Path) -> tuple[Path, Path, Path, dict]:
    vector = read_vector(VECTOR)
    usage, catalog, terms = tmp_path / "usage.csv", tmp_path / "catalog.json", tmp_path / "terms.json"
    usage.write_text(vector["records_csv"], encoding="utf-8", newline="")
    catalog.write_text(json.dumps(vector["catalog"]), encoding="utf-8")
    terms.write_text(json.dumps(vector["quote"]), encoding="utf-8")
    return usage, catalog, terms, vector


def test_the_command_saves_a_started_quote_with_fitted_growth(tmp_path: Path, capsys):
    usage, catalog, terms, vector = _files(tmp_path)
    out = tmp_path / "started.json"
    base = [str(usage), "--catalog", str(catalog), "--start", vector["start"], "--terms", str(terms)]
    assert _run(base + ["--json", "--start-quote", str(out), "--fit", "growth"]) == 0
    printed = json.loads(capsys.readouterr().out)  # the JSON on stdout stays the shadow result
    loaded = load_quote(out)
    assert loaded.quote.plan == printed["cheapest"]
    for line in loaded.quote.usage:
        assert line.series is None
        assert (line.monthly, line.growth_percent) == fit_volume([D(v) for v in printed["usage"][line.work_unit]])[:2]

    plan = vector["catalog"]["plans"][-1]["id"]
    series_out = tmp_path / "series.json"
    assert _run(base + ["--start-quote", str(series_out), "--plan", plan]) == 0
    assert f"Started quote saved to {series_out} (plan {plan}; usage: the recorded series)" in capsys.readouterr().out
    saved = load_quote(series_out).quote
    assert saved.plan == plan
    assert {line.work_unit: [str(v) for v in line.series] for line in saved.usage} == {
        unit: values for unit, values in printed["usage"].items()}


def test_an_unknown_plan_is_refused_and_nothing_is_written(tmp_path: Path):
    usage, catalog, terms, vector = _files(tmp_path)
    out = tmp_path / "started.json"
    with pytest.raises(FileProblem) as problem:
        _run([str(usage), "--catalog", str(catalog), "--start", vector["start"], "--start-quote", str(out),
              "--plan", "no-such-plan"])
    assert "no-such-plan" in str(problem.value) and "catalog.json" in str(problem.value)
    assert not out.exists()
