"""The Excel model recalculated by a real spreadsheet (LibreOffice) equals
the engine to the cent: every vector, every sample and 60 generated quotes
(discounts, growth rates and multipliers at 2, 3 and 4 decimals), each in
its expected case and, with the Usage multiplier input set to a scenario's
multiplier, in every scenario.

A vector file that cannot be read, or that uses a field this build does not
know, fails as its own test naming the file; every other case still runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from conftest import EXTRA_VECTORS_VARIABLE, SHARED_VECTORS, quote_vectors, read_vector, sample_names
from generated_quotes import MODES, generated_cases
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.errors import describe
from quotewright.domain.money import round_percent
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.xlsx import XlsxExporter
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from xlsx_recalc import recalculate  # LibreOffice set to recalculate every formula (the file has cached values)
from workbook_reader import RecalculatedWorkbook, compare_case

@dataclass
class Case:
    name: str
    source: str  # the file (or generator) the case comes from, for failure messages
    catalog: Catalog | None = None
    quote: Quote | None = None
    scenario: str | None = None  # shown through the Usage multiplier input; None: the expected case
    problem: str = ""  # why the case could not be read; it then fails as its own test


def _validated(path: Path, part: str, model, data):
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problem = describe(error)
        where = f"{part}.{problem.path}" if problem.path else part
        raise ValueError(f"{path}: {where}: {problem.message}") from None


def vector_case(path: Path, name: str) -> Case:
    """A vector file as a case, or as a broken case that says why (never raises)."""
    try:
        vector = read_vector(path)
        catalog = _validated(path, "catalog", Catalog, vector["catalog"])
        quote = _validated(path, "quote", Quote, vector["quote"])
    except pytest.fail.Exception as failure:  # read_vector's message names the file
        return Case(name, str(path), problem=str(failure))
    except ValueError as error:
        return Case(name, str(path), problem=str(error))
    return Case(name, str(path), catalog, quote)


def _vector_name(path: Path, taken: set[str]) -> str:
    name = f"vector-{path.stem}"
    if name in taken:  # the same file name in another vector folder
        name = f"vector-{path.parent.parent.name}-{path.stem}"
    return name


def with_scenarios(case: Case) -> list[Case]:
    if case.problem:
        return [case]
    return [case] + [Case(f"{case.name}-scenario-{scenario}", case.source, case.catalog, case.quote, scenario)
                     for scenario in case.quote.scenario_multipliers]


def all_cases() -> list[Case]:
    cases: list[Case] = []
    taken: set[str] = set()
    for path in quote_vectors():
        name = _vector_name(path, taken)
        taken.add(name)
        cases += with_scenarios(vector_case(path, name))
    for name in sample_names():
        loaded = load_quote(sample(name).quote)
        cases += with_scenarios(Case(f"sample-{name}", f"sample {name}", loaded.catalog, loaded.quote))
    for name, catalog, quote in generated_cases():
        cases += with_scenarios(Case(name, f"generated_quotes {name}", Catalog.model_validate(catalog),
                                     Quote.model_validate(quote)))
    return cases


CASES = {case.name: case for case in all_cases()}


def _set_multiplier(path: Path, multiplier: Decimal) -> None:
    """Type a scenario's multiplier into the Usage multiplier input."""
    book = load_workbook(path)
    sheet, coordinate = next(iter(book.defined_names["Multiplier"].destinations))
    book[sheet][coordinate.replace("$", "")].value = multiplier
    book.save(path)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, tuple[ExportJob, Path] | str]:
    """Every readable case exported and recalculated in one LibreOffice run.
    A case the engine or the exporter refuses maps to its problem instead."""
    folder = tmp_path_factory.mktemp("parity")
    exported, refused = {}, {}
    for index, case in enumerate(c for c in CASES.values() if not c.problem):
        try:
            job = ExportJob(case.catalog, case.quote, price_quote(case.catalog, case.quote))
            path = folder / f"case-{index:03d}.xlsx"
            XlsxExporter().export(job, Settings(), path)
            if case.scenario:
                _set_multiplier(path, case.quote.scenario_multipliers[case.scenario])
        except Exception as error:  # noqa: BLE001 - one case's failure must not stop the others
            refused[case.name] = f"{case.source}: {type(error).__name__}: {error}"
            continue
        exported[case.name] = (job, path)
    copies = recalculate([path for _, path in exported.values()], folder / "recalculated") if exported else {}
    return {**refused, **{name: (job, copies[path]) for name, (job, path) in exported.items()}}


def test_the_generated_corpus_covers_what_the_issue_asks():
    cases = generated_cases()
    assert len(cases) >= 50
    plans = [catalog["plans"][0] for _, catalog, _ in cases]
    for field in ("overage", "seat_price"):
        assert {plan[field]["mode"] for plan in plans} == set(MODES)
    assert {plan["credit_pack"]["price"]["mode"] for plan in plans if "credit_pack" in plan} == set(MODES)
    outcome_modes = {o["price"]["mode"] for _, catalog, _ in cases for o in catalog["outcomes"]}
    assert outcome_modes == set(MODES)
    assert any(plan["rollover_cap"] != "0" for plan in plans)
    quotes = [quote for _, _, quote in cases]
    assert {q["billing"] for q in quotes} == {"monthly", "annual"}
    assert {1, 120} <= {q["term_months"] for q in quotes}
    assert any(q["credit_packs_per_year"] == "auto" for q in quotes)
    assert any(isinstance(q["credit_packs_per_year"], list) for q in quotes)
    outcomes = [o for _, catalog, _ in cases for o in catalog["outcomes"]]
    assert any("cap_monthly" in o for o in outcomes) and any(o["minimum_monthly"] != "0" for o in outcomes)


def _places(text: str) -> int:
    return max(0, -Decimal(text).as_tuple().exponent)


def test_the_generated_corpus_has_3_and_4_decimals():
    """Discounts, growth rates and multipliers each at 3 and at 4 decimals,
    and overage and outcome discounts whose reported 2 decimals decide the
    approval level (they round onto or across a limit)."""
    quotes = [quote for _, _, quote in generated_cases()]
    discounts = [value for q in quotes for value in q["discounts"].values()]
    growth = [line["growth_percent"] for q in quotes for line in q["usage"] + q["outcomes"]]
    multipliers = [value for q in quotes for value in q.get("scenario_multipliers", {}).values()]
    for figures in (discounts, growth, multipliers):
        assert {3, 4} <= {_places(value) for value in figures}
    near = [Decimal(q["discounts"][field]) for q in quotes for field in ("overage_percent", "outcomes_percent")
            if _places(q["discounts"][field]) > 2]
    limits = (Decimal(10), Decimal(25))
    assert any(value > limit and round_percent(value) == limit for value in near for limit in limits)
    assert any(limit < value < limit + Decimal("0.01") and round_percent(value) > limit
               for value in near for limit in limits)


@pytest.mark.parametrize("name", list(CASES))
def test_recalculated_workbook_equals_the_engine(request, name):
    case = CASES[name]
    if case.problem:
        pytest.fail(case.problem)
    # Only now: a broken vector fails above without waiting for LibreOffice.
    found = request.getfixturevalue("recalculated")[name]
    if isinstance(found, str):
        pytest.fail(found)
    job, path = found
    book, priced = RecalculatedWorkbook(path), job.priced
    shown = priced.case(case.scenario)
    assert compare_case(book, shown, shown.invoices, priced.minor_units) == []
    # A scenario's workbook keeps the expected case's figures on its Checks
    # sheet, and the engine decides approval on the expected case only.
    if case.scenario is None:
        assert book.master_check == "OK", book.failed_checks()[:10]
        assert book.labelled("Summary", "Approval level needed") == priced.approval.level


# The suite survives a bad vector (issue 10, item 7).

def test_a_vector_that_cannot_be_read_is_a_broken_case_naming_its_file(tmp_path):
    unreadable = tmp_path / "unreadable.json"
    unreadable.write_text("{not json", encoding="utf-8")
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text(json.dumps({"catalog": {}}), encoding="utf-8")
    newer = tmp_path / "newer-fields.json"
    vector = json.loads((SHARED_VECTORS / "quotes" / "starter-monthly-overage.json").read_text("utf-8"))
    # A field from a build newer than this one (series, now known, was the
    # example until sections 9-11 came).
    vector["quote"]["usage"][0]["seasonality"] = ["1"] * vector["quote"]["term_months"]
    newer.write_text(json.dumps(vector), encoding="utf-8")
    for path, says in ((unreadable, "is not a readable vector"), (incomplete, "needs catalog, quote and expected"),
                       (newer, "quote.usage[0].seasonality: is not a field Quotewright knows")):
        case = vector_case(path, "x")
        assert case.problem.startswith(f"{path}: ") and says in case.problem, case.problem
        assert case.catalog is None and case.quote is None
    good = vector_case(SHARED_VECTORS / "quotes" / "starter-monthly-overage.json", "x")
    assert good.problem == "" and good.quote is not None


def test_a_bad_vector_fails_alone_and_the_module_still_collects(tmp_path):
    """An extra vector folder with a malformed file and a file from a newer
    build (next/ fields): the module collects, each bad file is its own
    failing test with its file name, and a good vector beside them is there."""
    quotes = tmp_path / "vectors" / "quotes"
    quotes.mkdir(parents=True)
    (quotes / "malformed.json").write_text('{"catalog": ', encoding="utf-8")
    # A vector from a newer build: a field this one does not know.
    vector = json.loads((SHARED_VECTORS / "quotes" / "starter-monthly-overage.json").read_text("utf-8"))
    vector["quote"]["spend_protection"] = {"overage_cap_monthly": "10", "notify": ["finance@example.com"]}
    (quotes / "from-next.json").write_text(json.dumps(vector), encoding="utf-8")
    shutil.copy(SHARED_VECTORS / "quotes" / "starter-monthly-overage.json", quotes / "extra-good.json")
    env = {**os.environ, EXTRA_VECTORS_VARIABLE: str(tmp_path / "vectors")}
    tests = Path(__file__).resolve().parent

    def pytest_run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
                              capture_output=True, text=True, env=env, cwd=tests.parent, timeout=300)

    collected = pytest_run("--collect-only", str(tests / "test_xlsx_parity.py"))
    assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr[-2000:]
    node = "tests/test_xlsx_parity.py::test_recalculated_workbook_equals_the_engine"
    for name in ("vector-malformed", "vector-from-next", "vector-extra-good", "generated-00"):
        assert f"{node}[{name}]" in collected.stdout
    run = pytest_run(f"{node}[vector-malformed]", f"{node}[vector-from-next]")
    assert run.returncode == 1
    assert "2 failed" in run.stdout
    assert str(quotes / "malformed.json") in run.stdout and str(quotes / "from-next.json") in run.stdout
