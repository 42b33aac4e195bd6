"""Plans side by side (PRICING.md section 12): every compare vector through
the API and the command, and the properties the rules promise.

Until the lead registers `compare` in cli.py, the command is driven through
a tiny argparse parser built from `compare_command.add_arguments`; once it is
registered, the same test also runs it through `cli.main`.
"""

from __future__ import annotations

import argparse
import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from builders import per_unit, simple_catalog, simple_quote
from conftest import mismatches, next_vector_files, read_vector

from quotewright import cli, compare_command
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain import compare as compare_module
from quotewright.domain.compare import MULTIPLIERS, compare
from quotewright.domain.compare_json import comparison_to_json
from quotewright.domain.errors import InvalidInput
from quotewright.storage.documents import load_quote
from quotewright.storage.problems import FileProblem
from quotewright.storage.samples import samples

VECTORS = next_vector_files("compare")
TENTH = Decimal("0.1")


def _ids(paths: list[Path]) -> list[str]:
    return [f"{path.parent.parent.parent.name}/{path.stem}" for path in paths]


def _loaded(path: Path) -> tuple[dict, Catalog, Quote]:
    vector = read_vector(path)
    return vector, Catalog.model_validate(vector["catalog"]), Quote.model_validate(vector["quote"])


def _run_command(argv: list[str], capsys) -> tuple[int, str, str]:
    if "compare" in getattr(cli, "_COMMANDS", {}):
        code = cli.main(["compare", *argv])
    else:
        parser = argparse.ArgumentParser(prog="quotewright compare")
        compare_command.add_arguments(parser)
        code = compare_command.run(parser.parse_args(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _write_vector(vector: dict, folder: Path) -> tuple[Path, Path]:
    quote, catalog = folder / "quote.json", folder / "catalog.json"
    quote.write_text(json.dumps(vector["quote"]), encoding="utf-8")
    catalog.write_text(json.dumps(vector["catalog"]), encoding="utf-8")
    return quote, catalog


def test_there_are_compare_vectors():
    assert VECTORS, "no vectors in next/compare/ of any vector folder"


@pytest.mark.parametrize("path", VECTORS, ids=_ids(VECTORS))
def test_vector_through_the_api(path):
    vector, catalog, quote = _loaded(path)
    data = comparison_to_json(compare(catalog, quote))
    assert mismatches(vector["expected"], data) == []
    # amounts are decimal strings, never JSON numbers (which readers take as floats)
    for row in data["plans"]:
        assert all(isinstance(row[key], str) for key in ("tcv", "list_tcv", "acv", "max_invoice", "gross_margin_percent"))
    assert all(isinstance(entry["tcv"], str) and isinstance(entry["multiplier"], str)
               for entry in data["cheapest_by_multiplier"])


@pytest.mark.parametrize("path", VECTORS, ids=_ids(VECTORS))
def test_vector_through_the_command(path, tmp_path, capsys):
    vector = read_vector(path)
    quote, catalog = _write_vector(vector, tmp_path)
    code, out, _ = _run_command([str(quote), "--catalog", str(catalog), "--json"], capsys)
    assert code == 0
    assert mismatches(vector["expected"], json.loads(out)) == []


@pytest.mark.parametrize("path", VECTORS, ids=_ids(VECTORS))
def test_the_text_table_names_every_plan_and_the_cheapest_ranges(path, tmp_path, capsys):
    vector, catalog, _ = _loaded(path)
    quote_file, catalog_file = _write_vector(vector, tmp_path)
    code, out, _ = _run_command([str(quote_file), "--catalog", str(catalog_file)], capsys)
    assert code == 0
    names = {plan.id: plan.name for plan in catalog.plans}
    # The ranges as the vector's own entries make them, in the words.
    runs: list[list] = []
    for entry in vector["expected"]["cheapest_by_multiplier"]:
        if runs and runs[-1][2] == entry["plan"]:
            runs[-1][1] = entry["multiplier"]
        else:
            runs.append([entry["multiplier"], entry["multiplier"], entry["plan"]])
    ranges = "; ".join(f"{Decimal(a):.1f}x-{Decimal(b):.1f}x: {names[p]}" for a, b, p in runs)
    assert ranges in out
    assert "INTERNAL" in out
    for row in vector["expected"]["plans"]:
        line = next(line for line in out.splitlines() if line.startswith(names[row["plan"]]))
        assert f"{Decimal(row['tcv']):,.2f}" in line and row["approval"]["level"] in line


# --- properties ------------------------------------------------------------------------------------------------


def _cases() -> list[tuple[str, Catalog, Quote]]:
    cases = []
    for path in VECTORS:
        vector, catalog, quote = _loaded(path)
        cases.append((path.stem, catalog, quote))
        # The same customer with a month-by-month series (section 9) and an
        # overage cap (section 10): both must flow through the sweep.
        data = copy.deepcopy(vector["quote"])
        months = data["term_months"]
        first = data["usage"][0]
        base = Decimal(first.pop("monthly"))
        first.pop("growth_percent", None)
        first["series"] = [str(base * (1 + (m % 7)) / 4) for m in range(months)]
        data["spend_protection"] = {"overage_cap_monthly": "1500", "alert_percents": ["50", "100"]}
        cases.append((path.stem + "+series+cap", catalog, Quote.model_validate(data)))
    for sample in samples():  # typed pack counts, annual billing, other currencies
        loaded = load_quote(sample.quote)
        cases.append((f"sample-{sample.name}", loaded.catalog, loaded.quote))
    return cases


CASES = _cases()
CASE_IDS = [name for name, _, _ in CASES]


def _scaled(catalog: Catalog, quote: Quote, plan_id: str, k: Decimal) -> Quote:
    """The quote as section 12 prices it at multiplier k, built by hand:
    every count times k, auto packs where the plan sells them, no scenarios."""
    data = quote.model_dump(mode="json")
    for line in data["usage"] + data["outcomes"]:
        if line.get("series") is not None:
            line["series"] = [str(Decimal(value) * k) for value in line["series"]]
        else:
            line["monthly"] = str(Decimal(line["monthly"]) * k)
    plan = catalog.plan(plan_id)
    data.update(plan=plan_id, credit_packs_per_year="auto" if plan.credit_pack else 0, scenario_multipliers={})
    return Quote.model_validate(data)


@pytest.mark.parametrize("name, catalog, quote", CASES, ids=CASE_IDS)
def test_the_quotes_own_plan_row_is_price_quote_of_the_quote(name, catalog, quote):
    comparison = compare(catalog, quote)
    assert comparison.row(quote.plan).priced == price_quote(catalog, quote)
    assert [row.plan for row in comparison.plans] == [plan.id for plan in catalog.plans]


@pytest.mark.parametrize("name, catalog, quote", CASES, ids=CASE_IDS)
def test_other_plans_take_auto_packs_or_none(name, catalog, quote):
    for row in compare(catalog, quote).plans:
        if row.plan == quote.plan:
            continue
        if catalog.plan(row.plan).credit_pack is not None:
            assert all(choice.auto for choice in row.priced.pack_choices)
            assert row.priced == price_quote(catalog, compare_module.plan_quote(quote, catalog.plan(row.plan), "auto"))
        else:
            assert set(row.priced.credit_packs_per_year) == {0}


@pytest.mark.parametrize("name, catalog, quote", CASES, ids=CASE_IDS)
def test_cheapest_by_multiplier_is_the_lowest_tcv_priced_independently(name, catalog, quote):
    comparison = compare(catalog, quote)
    entries = {entry.multiplier: entry for entry in comparison.cheapest_by_multiplier}
    for k in (Decimal("0.1"), Decimal("0.8"), Decimal("1"), Decimal("2.3"), Decimal("5")):
        tcvs = [(plan.id, price_quote(catalog, _scaled(catalog, quote, plan.id, k)).totals.tcv) for plan in catalog.plans]
        # every swept figure is price_quote's, and the entry is the lowest (first listed on a tie)
        index = comparison.multipliers.index(k)
        assert list(comparison.sweep[index]) == [tcv for _, tcv in tcvs]
        lowest = min(tcv for _, tcv in tcvs)
        assert (entries[k].plan, entries[k].tcv) == next((p, t) for p, t in tcvs if t == lowest)


@pytest.mark.parametrize("name, catalog, quote", CASES[:1], ids=CASE_IDS[:1])
def test_spend_protection_is_not_scaled(name, catalog, quote):
    capped = Quote.model_validate({**quote.model_dump(mode="json"), "spend_protection": {"overage_cap_monthly": "0"}})
    comparison = compare(catalog, capped)
    k = Decimal("5")
    for plan, tcv in zip(catalog.plans, comparison.sweep[comparison.multipliers.index(k)]):
        priced = price_quote(catalog, _scaled(catalog, capped, plan.id, k))
        assert tcv == priced.totals.tcv
        assert priced.totals.lines.overage.net == 0  # a cap of 0 still waives all overage at 5x


def test_the_multipliers_are_the_fifty_exact_tenths():
    assert len(MULTIPLIERS) == 50
    assert all(isinstance(k, Decimal) for k in MULTIPLIERS)
    assert [k * 10 for k in MULTIPLIERS] == list(range(1, 51))


@pytest.mark.parametrize("name, catalog, quote", CASES, ids=CASE_IDS)
def test_the_ranges_cover_the_sweep_without_gaps(name, catalog, quote):
    comparison = compare(catalog, quote)
    ranges = comparison.cheapest_ranges
    assert ranges[0].first == TENTH and ranges[-1].last == Decimal(5)
    for before, after in zip(ranges, ranges[1:]):
        assert after.first == before.last + TENTH
        assert after.plan != before.plan
    for entry in comparison.cheapest_by_multiplier:
        found = [r for r in ranges if r.first <= entry.multiplier <= r.last]
        assert len(found) == 1 and found[0].plan == entry.plan


# --- architecture ----------------------------------------------------------------------------------------------


def _architecture(plan: dict, quote: dict, outcomes: list | None = None) -> str:
    data = simple_catalog(**plan)
    if outcomes:
        data["outcomes"] = outcomes
    catalog, quote = Catalog.model_validate(data), Quote.model_validate(quote)
    return compare(catalog, quote).row("p").architecture


def test_the_architecture_word_follows_the_documented_rule():
    seats = {"seat_price": per_unit("30"), "included_credits": "1000000"}
    assert _architecture(seats, simple_quote("1000", seats=10)) == "seat"
    usage = {"overage": per_unit("0.01")}
    assert _architecture(usage, simple_quote("100000")) == "usage"
    packs = {"overage": per_unit("0.02"), "credit_pack": {"size": "1000", "price": per_unit("0.01")}}
    assert _architecture(packs, simple_quote("100000", credit_packs_per_year="auto")) == "credits"
    mixed = {"platform_fee": "1000", "overage": per_unit("0.01")}
    assert _architecture(mixed, simple_quote("100000")) == "hybrid"  # 1,000 a month against 1,000 of overage
    outcome = [{"id": "o", "name": "O", "work_unit": "u", "price": per_unit("5")}]
    assert _architecture(usage, simple_quote("1000", outcomes=[{"outcome": "o", "monthly": "1000"}]), outcome) == "outcomes"
    assert _architecture({}, simple_quote("0")) == "hybrid"  # nothing billed: no part carries it


# --- bounded work ----------------------------------------------------------------------------------------------


def test_a_sweep_whose_auto_packs_cannot_settle_says_so_per_multiplier(monkeypatch):
    _, catalog, quote = _loaded(VECTORS[0])
    monkeypatch.setattr(compare_module, "SWEEP_EVALUATIONS", 0)
    comparison = compare(catalog, quote)
    pack_plans = tuple(plan.id for plan in catalog.plans if plan.credit_pack)
    others = [plan.id for plan in catalog.plans if not plan.credit_pack]
    assert pack_plans and others
    for entry in comparison.cheapest_by_multiplier:
        assert entry.unsettled == pack_plans
        assert entry.plan in others and entry.tcv is not None
    # the rows are the plans' own quotes and are still priced
    assert all(row.priced is not None for row in comparison.plans)
    text = compare_command.render_comparison(comparison)
    assert "could not settle" in text


def test_a_row_whose_plan_cannot_be_priced_says_why_and_the_rest_stand(monkeypatch):
    _, catalog, quote = _loaded(VECTORS[0])
    other = next(plan.id for plan in catalog.plans if plan.id != quote.plan)
    real = compare_module.price_quote

    def refusing(catalog_, quote_, **kw):
        if quote_.plan == other:
            raise InvalidInput("credit_packs_per_year", '"auto" cannot settle year 1')
        return real(catalog_, quote_, **kw)

    monkeypatch.setattr(compare_module, "price_quote", refusing)
    comparison = compare(catalog, quote)
    row = comparison.row(other)
    assert row.priced is None and row.architecture is None
    assert row.problem == 'credit_packs_per_year: "auto" cannot settle year 1'
    assert comparison.row(quote.plan).priced == real(catalog, quote)
    data = comparison_to_json(comparison)
    assert next(r for r in data["plans"] if r["plan"] == other)["problem"] == row.problem
    assert "not priced" in compare_command.render_comparison(comparison)


# --- the command's errors --------------------------------------------------------------------------------------


def test_a_bare_quote_without_a_catalog_names_the_file(tmp_path, capsys):
    vector = read_vector(VECTORS[0])
    quote, _ = _write_vector(vector, tmp_path)
    with pytest.raises(FileProblem) as problem:
        compare_command.run(argparse.Namespace(quote=quote, catalog=None, json=False))
    assert str(quote) in str(problem.value) and "catalog" in str(problem.value)


def test_a_quote_on_an_unknown_plan_names_the_file_and_field(tmp_path):
    vector = copy.deepcopy(read_vector(VECTORS[0]))
    vector["quote"]["plan"] = "no_such_plan"
    quote, catalog = _write_vector(vector, tmp_path)
    with pytest.raises(FileProblem) as problem:
        compare_command.run(argparse.Namespace(quote=quote, catalog=catalog, json=True))
    assert problem.value.file == str(quote) and problem.value.path == "plan"


def test_a_float_in_the_quote_is_refused_naming_the_field(tmp_path):
    vector = copy.deepcopy(read_vector(VECTORS[0]))
    quote, catalog = _write_vector(vector, tmp_path)
    quote.write_text(quote.read_text("utf-8").replace('"30000"', "30000.5"), encoding="utf-8")
    with pytest.raises(FileProblem) as problem:
        compare_command.run(argparse.Namespace(quote=quote, catalog=catalog, json=True))
    assert problem.value.file == str(quote) and "usage" in problem.value.path


def test_rows_only_comparison_prices_the_same_rows_without_the_sweep():
    from quotewright.storage.documents import load_quote
    from quotewright.storage.samples import samples

    loaded = load_quote(samples()[0].quote)
    full = compare(loaded.catalog, loaded.quote)
    rows_only = compare(loaded.catalog, loaded.quote, sweep=False)
    assert rows_only.plans == full.plans
    assert rows_only.sweep == () and rows_only.cheapest_by_multiplier == () and full.sweep


def test_the_text_table_writes_figures_in_the_given_locale():
    from quotewright.formatting import format_amount

    _, catalog, quote = _loaded(VECTORS[0])
    comparison = compare(catalog, quote)
    row = next(row for row in comparison.plans if row.priced is not None)
    german = compare_command.render_comparison(comparison, "de_DE")
    english = compare_command.render_comparison(comparison)
    places = comparison.minor_units
    assert format_amount(row.tcv, places, "de_DE") in german and format_amount(row.tcv, places) in english
    assert format_amount(row.tcv, places, "de_DE") != format_amount(row.tcv, places)
