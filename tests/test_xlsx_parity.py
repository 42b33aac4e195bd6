"""The Excel model recalculated by a real spreadsheet (LibreOffice) equals
the engine to the cent: every vector, every sample and 60 generated quotes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import quote_vectors, sample_names
from generated_quotes import MODES, generated_cases
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.result import LINE_NAMES
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.xlsx import XlsxExporter
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from tools import recalculate
from workbook_reader import RecalculatedWorkbook, exact

LINE_TITLES = {"platform": "Platform", "seats": "Seats", "credit_packs": "Credit packs", "overage": "Overage",
               "outcomes": "Outcomes"}


@dataclass
class Case:
    name: str
    catalog: Catalog
    quote: Quote


def all_cases() -> list[Case]:
    cases = []
    for path in quote_vectors():
        vector = json.loads(path.read_text("utf-8"))
        cases.append(Case(f"vector-{path.stem}", Catalog.model_validate(vector["catalog"]),
                          Quote.model_validate(vector["quote"])))
    for name in sample_names():
        loaded = load_quote(sample(name).quote)
        cases.append(Case(f"sample-{name}", loaded.catalog, loaded.quote))
    for name, catalog, quote in generated_cases():
        cases.append(Case(name, Catalog.model_validate(catalog), Quote.model_validate(quote)))
    return cases


CASES = {case.name: case for case in all_cases()}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, tuple[ExportJob, Path]]:
    folder = tmp_path_factory.mktemp("parity")
    exported = {}
    for name, case in CASES.items():
        job = ExportJob(case.catalog, case.quote, price_quote(case.catalog, case.quote))
        path = folder / f"{name}.xlsx"
        XlsxExporter().export(job, Settings(), path)
        exported[name] = (job, path)
    copies = recalculate([path for _, path in exported.values()], folder / "recalculated")
    return {name: (job, copies[path]) for name, (job, path) in exported.items()}


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


@pytest.mark.parametrize("name", list(CASES))
def test_recalculated_workbook_equals_the_engine(recalculated, name):
    job, path = recalculated[name]
    book = RecalculatedWorkbook(path)
    priced, places = job.priced, job.priced.minor_units
    problems = []

    def compare(label: str, engine, value) -> None:
        got = exact(value, places)
        if got != engine:
            problems.append(f"{label}: engine {engine}, workbook {got}")

    for month in priced.months:
        for line in LINE_NAMES:
            title = LINE_TITLES[line]
            compare(f"month {month.month} {line}", month.lines.charge(line).net,
                    book.schedule_value(month.month, f"{title} net"))
            compare(f"month {month.month} {line} list", month.lines.charge(line).list,
                    book.schedule_value(month.month, f"{title} list"))
        compare(f"month {month.month} total", month.total, book.schedule_value(month.month, "Total (net)"))
        compare(f"month {month.month} list total", month.list_total, book.schedule_value(month.month, "List total"))
        compare(f"month {month.month} invoice", priced.invoices[month.month - 1].amount,
                book.schedule_value(month.month, "Invoice"))
    years = book.table("Summary", "By contract year")
    assert [row[0] for row in years] == [year.year for year in priced.years]
    for year, row in zip(priced.years, years):
        compare(f"year {year.year} list", year.list_total, row[1])
        compare(f"year {year.year} net", year.total, row[3])
    compare("TCV", priced.totals.tcv, book.labelled("Summary", "Total contract value (TCV)"))
    compare("ACV", priced.totals.acv, book.labelled("Summary", "Annual contract value (ACV)"))
    assert problems == []
    assert book.master_check == "OK", book.failed_checks()[:10]
    assert book.labelled("Summary", "Approval level needed") == priced.approval.level
