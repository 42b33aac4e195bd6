"""The Excel model's sections 9-11 (series, spend protection, margin per
work unit) recalculated by LibreOffice equal the engine to the minor unit:
every `next/quotes/` vector and the generated spend corpus, each in its
expected case and with the Usage multiplier set to each scenario; and
changing the cap, a series month or an alert percent in the workbook gives
what the engine gives for the same change. Every workbook of this module is
recalculated in one soffice run.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import next_vector_files
from generated_quotes import FULL_SPEND_CASES, spend_cases
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.result import PricedCase
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.xlsx import XlsxExporter
from quotewright.exporters.xlsx.spend_summary import NOT_REACHED, SIDE
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from xlsx_recalc import recalculate  # LibreOffice set to recalculate every formula (the file has cached values)
from workbook_reader import RecalculatedWorkbook, compare_case, exact

UNITS_SECTION = "Revenue and margin by work unit (internal)"


@dataclass
class Case:
    name: str
    catalog: Catalog
    quote: Quote
    scenario: str | None = None


def _cases() -> dict[str, Case]:
    found = []
    for index, path in enumerate(next_vector_files("quotes")):
        vector = json.loads(path.read_text("utf-8"))
        name = f"next-{path.stem}"
        if any(case.name == name for case in found):  # the same file name in another vector folder
            name = f"next-{index}-{path.stem}"
        found.append(Case(name, Catalog.model_validate(vector["catalog"]), Quote.model_validate(vector["quote"])))
    for name, catalog, quote in spend_cases():
        found.append(Case(name, Catalog.model_validate(catalog), Quote.model_validate(quote)))
    with_scenarios = []
    for case in found:
        with_scenarios.append(case)
        with_scenarios += [Case(f"{case.name}-scenario-{scenario}", case.catalog, case.quote, scenario)
                           for scenario in case.quote.scenario_multipliers]
    return {case.name: case for case in with_scenarios}


CASES = _cases()


def _named_cell(book, name: str):
    sheet, coordinate = next(iter(book.defined_names[name].destinations))
    return book[sheet][coordinate.replace("$", "")]


def _inputs_cell(book, key: str):
    """An input cell by the key the Inputs sheet's header row gives it."""
    sheet = book["Inputs"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == key and cell.style == "header":
                return cell
    raise KeyError(key)


def _series_cell(book, ident: str, month: int):
    header = _inputs_cell(book, ident)
    return book["Inputs"].cell(header.row + month, header.column)


def _alert_cell(book, index: int):
    header = _inputs_cell(book, "Credit alert")
    return book["Inputs"].cell(header.row + index, 2)


def _ramp_vector() -> tuple[dict, dict]:
    path = next(p for p in next_vector_files("quotes") if p.stem == "ramp-series-cap-alerts")
    data = json.loads(path.read_text("utf-8"))
    return data["catalog"], data["quote"]


# Each what-if: (label, source, change the workbook, change the quote dict)
WHAT_IFS = [
    ("cap", _ramp_vector(),
     lambda b: setattr(_named_cell(b, "OverageCap"), "value", Decimal("35.5")),
     lambda q: q["spend_protection"].update(overage_cap_monthly="35.5")),
    ("cap removed", _ramp_vector(),
     lambda b: setattr(_named_cell(b, "OverageCap"), "value", None),
     lambda q: q["spend_protection"].pop("overage_cap_monthly")),
    ("series month", _ramp_vector(),
     lambda b: setattr(_series_cell(b, "doc_summary", 6), "value", Decimal("41000.5")),
     lambda q: q["usage"][0]["series"].__setitem__(5, "41000.5")),
    ("alert percent", _ramp_vector(),
     lambda b: setattr(_alert_cell(b, 2), "value", Decimal("60")),
     lambda q: q["spend_protection"]["alert_percents"].__setitem__(1, "60")),
]


def _export(case: Case, path: Path) -> ExportJob:
    job = ExportJob(case.catalog, case.quote, price_quote(case.catalog, case.quote))
    XlsxExporter().export(job, Settings(), path)
    if case.scenario:
        book = load_workbook(path)
        _named_cell(book, "Multiplier").value = case.quote.scenario_multipliers[case.scenario]
        book.save(path)
    return job


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """Every case and every what-if, exported, then recalculated in one go."""
    folder = tmp_path_factory.mktemp("spend")
    jobs, what_ifs = {}, {}
    for index, case in enumerate(CASES.values()):
        path = folder / f"case-{index:03d}.xlsx"
        jobs[case.name] = (_export(case, path), path)
    for label, (catalog_data, quote_data), change_book, change_quote in WHAT_IFS:
        catalog, quote = Catalog.model_validate(catalog_data), Quote.model_validate(quote_data)
        priced = price_quote(catalog, quote)
        path = folder / f"what-if-{label.replace(' ', '-')}.xlsx"
        XlsxExporter().export(ExportJob(catalog, quote, priced), Settings(), path)
        book = load_workbook(path)
        change_book(book)
        book.save(path)
        changed = copy.deepcopy(quote.model_dump(mode="json"))
        changed["credit_packs_per_year"] = list(priced.credit_packs_per_year)  # packs are inputs in the workbook
        change_quote(changed)
        changed_quote = Quote.model_validate(changed)
        what_ifs[label] = (path, priced, price_quote(catalog, changed_quote), changed_quote)
    copies = recalculate([path for _, path in jobs.values()] + [found[0] for found in what_ifs.values()],
                         folder / "recalculated")
    return ({name: (job, copies[path]) for name, (job, path) in jobs.items()},
            {label: (copies[path], *rest) for label, (path, *rest) in what_ifs.items()})


def spend_problems(book: RecalculatedWorkbook, case: PricedCase, quote: Quote, places: int) -> list[str]:
    """Sections 9-11 as the workbook shows them, against the engine's case."""
    problems = []

    def compare(label: str, engine, value, at: int = places) -> None:
        got = exact(value, at) if isinstance(value, (int, float)) else value
        if got != engine:
            problems.append(f"{label}: engine {engine}, workbook {got}")

    for month in case.months:
        compare(f"month {month.month} overage credits", month.credits.overage,
                book.schedule_value(month.month, "Overage credits"), 6)
        if quote.spend_protection is not None:
            compare(f"month {month.month} waived", month.overage_waived,
                    book.schedule_value(month.month, "Overage waived by the cap"))
    if quote.spend_protection is not None:
        compare("overage waived", case.totals.overage_waived,
                book.labelled("Summary", "Overage waived by the cap", SIDE + 1, SIDE))
        rows = book.table("Summary", "Credit alerts", SIDE)
        shown = [(exact(percent, 6), year, month) for percent, year, _, month, *_ in rows if month != NOT_REACHED]
        engine = [(alert.percent, alert.year, alert.month) for alert in case.alerts]
        if shown != engine:
            problems.append(f"alerts: engine {engine}, workbook {shown}")
    units = [row for row in book.table("Summary", UNITS_SECTION, SIDE) if row[0] != "Unallocated revenue"]
    # The workbook names work units as the Rate card does (the id added
    # only when two listed units share a name).
    names = {row[0]: row[1] for row in book.table("Rate card", "Work units")}
    listed = [names[unit.work_unit] for unit in case.unit_margins]
    titles = [name if listed.count(name) == 1 else f"{name} ({unit.work_unit})"
              for name, unit in zip(listed, case.unit_margins)]
    if [row[0] for row in units] != titles:
        return problems + [f"units: engine {titles}, workbook {units}"]
    for unit, row in zip(case.unit_margins, units):
        compare(f"{unit.work_unit} credits", unit.credits, row[1], 6)
        compare(f"{unit.work_unit} revenue", unit.revenue, row[2])
        compare(f"{unit.work_unit} cost", unit.cost_to_serve, row[3])
        compare(f"{unit.work_unit} margin %", unit.gross_margin_percent, row[4], 2)
    compare("unallocated revenue", case.totals.unallocated_revenue,
            book.labelled("Summary", "Unallocated revenue", SIDE + 2, SIDE))
    return problems


def test_the_spend_corpus_covers_what_the_issue_asks():
    """At least 40 generated quotes with series, a cap and alerts; caps that
    waive, alerts that fire and that do not, series with halves, revenue
    left unallocated, twin units whose remainders tie, scenarios."""
    cases = [(Catalog.model_validate(c), Quote.model_validate(q)) for _, c, q in spend_cases()]
    full = [quote for _, quote in cases if quote.spend_protection.overage_cap_monthly is not None
            and quote.spend_protection.alert_percents and any(line.series for line in quote.usage + quote.outcomes)]
    assert len(full) >= FULL_SPEND_CASES >= 40
    priced = [price_quote(catalog, quote) for catalog, quote in cases]
    assert sum(p.totals.overage_waived > 0 for p in priced) >= 10
    assert sum(bool(p.expected.alerts) for p in priced) >= 20
    assert any(len(p.expected.alerts) < len(q.spend_protection.alert_percents) * len(p.years)
               for (_, q), p in zip(cases, priced))
    assert any(p.totals.unallocated_revenue > 0 for p in priced)
    assert any(q.spend_protection.overage_cap_monthly == 0 for _, q in cases)
    assert any(q.spend_protection.overage_cap_monthly is None for _, q in cases)
    series = [value for _, q in cases for line in q.usage + q.outcomes if line.series for value in line.series]
    assert any(value % 1 == Decimal("0.5") for value in series)
    assert any(line.series for _, q in cases for line in q.outcomes)
    twins = [q for _, q in cases if len(q.usage) >= 2 and q.usage[0].series == q.usage[1].series
             and q.usage[0].monthly == q.usage[1].monthly]
    assert twins
    # The tie rule decides: a leftover minor unit goes to the twin listed first.
    tied = [p.expected.unit_margins for (_, q), p in zip(cases, priced) if q in twins]
    assert any(m[0].revenue - m[1].revenue == Decimal(1).scaleb(-p_places)
               for m, p_places in ((m, _places(m[0].revenue)) for m in tied))
    assert sum(len(q.scenario_multipliers) for _, q in cases) >= 10
    assert {"JPY", "KWD"} <= {c.currency for c, _ in cases}


def _places(amount: Decimal) -> int:
    return max(0, -amount.as_tuple().exponent)


def test_every_next_vector_is_a_case():
    files = next_vector_files("quotes")
    assert {"ramp-series-cap-alerts", "margin-per-unit-outcomes-unallocated"} <= {path.stem for path in files}
    cases = [name for name in CASES if name.startswith("next-") and "-scenario-" not in name]
    assert len(cases) == len(files)


@pytest.mark.parametrize("name", list(CASES))
def test_recalculated_workbook_equals_the_engine(recalculated, name):
    case = CASES[name]
    job, path = recalculated[0][name]
    book, priced = RecalculatedWorkbook(path), job.priced
    shown = priced.case(case.scenario)
    problems = compare_case(book, shown, shown.invoices, priced.minor_units)
    problems += spend_problems(book, shown, case.quote, priced.minor_units)
    assert problems == []
    if case.scenario is None:  # the Checks sheet holds the expected case
        assert book.master_check == "OK", book.failed_checks()[:10]


@pytest.mark.parametrize("label", [w[0] for w in WHAT_IFS])
def test_what_if_matches_the_engine(recalculated, label):
    path, before, expected, quote = recalculated[1][label]
    book = RecalculatedWorkbook(path)
    places = expected.minor_units
    moved = (expected.totals.tcv != before.totals.tcv or expected.expected.alerts != before.expected.alerts
             or expected.expected.unit_margins != before.expected.unit_margins)
    assert moved, f"{label}: the change must move something the workbook shows"
    assert exact(book.labelled("Summary", "Total contract value (TCV)"), places) == expected.totals.tcv
    assert compare_case(book, expected.expected, expected.invoices, places) == []
    # With the cap removed the quote keeps its alerts: the workbook still
    # has the waived column, now all zero, as the engine's waived figures.
    assert spend_problems(book, expected.expected, quote, places) == []
    assert book.master_check == "MISMATCH"  # the Checks hold the quote as exported


def test_a_quote_without_the_new_fields_gets_no_spend_cells(tmp_path):
    """No spend protection and no series: no cap input, no waived or
    used-so-far column, no spend block; the per-unit block is beside the
    Summary's tables (column I on), its checks after every earlier one."""
    loaded = load_quote(sample("support-agent").quote)
    assert loaded.quote.spend_protection is None
    assert not any(line.series for line in loaded.quote.usage + loaded.quote.outcomes)
    path = tmp_path / "plain.xlsx"
    XlsxExporter().export(ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote)),
                          Settings(), path)
    book = load_workbook(path)
    assert "OverageCap" not in book.defined_names and "OverageWaived" not in book.defined_names
    headers = [cell.value for cell in book["Schedule"][4] if cell.value]
    assert "Overage waived by the cap" not in headers and "Credits used in year so far" not in headers
    inputs = [cell.value for row in book["Inputs"].iter_rows() for cell in row]
    assert "Spend protection" not in inputs and "Month by month (below)" not in inputs
    summary = book["Summary"]
    placed = [cell for row in summary.iter_rows() for cell in row if cell.value == UNITS_SECTION]
    assert [cell.column for cell in placed] == [SIDE]
    assert all(cell.value is None for row in summary.iter_rows(min_col=SIDE - 1, max_col=SIDE - 1) for cell in row)
    labels = [row[0] for row in book["Checks"].iter_rows(min_row=7, values_only=True)]
    assert labels.index("Approval level") < labels.index("Unallocated revenue")
    assert not any("waived" in label or label.startswith("Alert") for label in labels)


def test_the_new_inputs_are_values_and_the_new_figures_formulas(tmp_path):
    """The cap, the alert percents and every series month are values in the
    input colour with names where a formula reads them; the overage lines
    take MIN with the cap, the alerts count months with SUMPRODUCT, the
    per-unit split uses ROUNDDOWN, RANK and COUNTIF."""
    catalog_data, quote_data = _ramp_vector()
    catalog, quote = Catalog.model_validate(catalog_data), Quote.model_validate(quote_data)
    path = tmp_path / "ramp.xlsx"
    XlsxExporter().export(ExportJob(catalog, quote, price_quote(catalog, quote)), Settings(), path)
    book = load_workbook(path)
    cap = _named_cell(book, "OverageCap")
    inputs = [cap, _alert_cell(book, 1), _alert_cell(book, 3), _series_cell(book, "doc_summary", 1),
              _series_cell(book, "doc_summary", quote.term_months)]
    assert [cell.value for cell in inputs] == [Decimal("60"), Decimal("50"), Decimal("100"), Decimal("2000"),
                                               Decimal("26000")]
    assert all(cell.style.startswith("input_") and cell.data_type == "n" for cell in inputs)
    schedule = book["Schedule"]
    header = {cell.value: cell.column for cell in schedule[4] if cell.value}
    net, listed = schedule.cell(5, header["Overage net"]).value, schedule.cell(5, header["Overage list"]).value
    assert "MIN(" in net and "OverageCap" in net and "MIN(" in listed and "OverageCap" in listed
    names = {unit.id: unit.name for unit in catalog.work_units}  # headers name work units, not ids
    assert "Inputs" in schedule.cell(5, header[f"Usage: {names['doc_summary']}"]).value  # the series block
    assert "^(" in schedule.cell(5, header[f"Usage: {names['workflow']}"]).value  # a growth line keeps its growth
    formulas = " ".join(str(cell.value) for row in book["Summary"].iter_rows(min_col=SIDE) for cell in row
                        if cell.data_type == "f")
    for function in ("SUMPRODUCT(", "ROUNDDOWN(", "RANK(", "COUNTIF("):
        assert function in formulas, function
    assert {"OverageWaived", "UnallocatedRevenue"} <= set(book.defined_names)
