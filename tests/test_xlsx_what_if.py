"""Change an input in the exported workbook, let LibreOffice recalculate,
and get exactly what the engine gives for the same change to the quote."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conftest import SHARED_VECTORS
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.xlsx import XlsxExporter
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from xlsx_recalc import recalculate  # LibreOffice set to recalculate every formula (the file has cached values)
from workbook_reader import RecalculatedWorkbook, exact


def vector(name: str) -> tuple[dict, dict]:
    data = json.loads((SHARED_VECTORS / "quotes" / f"{name}.json").read_text("utf-8"))
    return data["catalog"], data["quote"]


def support_sample() -> tuple[dict, dict]:
    loaded = load_quote(sample("support-agent").quote)
    return loaded.catalog.model_dump(mode="json"), loaded.quote.model_dump(mode="json")


def input_row(book, section: str, key: str) -> int:
    """The row of `key` (column A) in the Inputs table under `section`."""
    sheet = book["Inputs"]
    inside = False
    for row in sheet.iter_rows(min_col=1, max_col=1):
        value = row[0].value
        if value == section:
            inside = True
        elif inside and value == key:
            return row[0].row
    raise KeyError(f"{section}/{key}")


def named_cell(book, name: str):
    sheet, coordinate = next(iter(book.defined_names[name].destinations))
    return book[sheet][coordinate.replace("$", "")]


# Each what-if: (label, source, change the workbook, change the quote dict)
WHAT_IFS = [
    ("usage", vector("growth-annual-packs-rollover"),
     lambda b: b["Inputs"].cell(input_row(b, "Usage per work unit", "doc_summary"), 3, Decimal("31000")),
     lambda q: q["usage"][0].update(monthly="31000")),
    ("growth", vector("growth-annual-packs-rollover"),
     lambda b: b["Inputs"].cell(input_row(b, "Usage per work unit", "workflow"), 4, Decimal("4.75")),
     lambda q: q["usage"][1].update(growth_percent="4.75")),
    ("discount", vector("growth-annual-packs-rollover"),
     lambda b: setattr(named_cell(b, "SubscriptionDiscount"), "value", Decimal("22.5")),
     lambda q: q["discounts"].update(subscription_percent="22.5")),
    ("packs for a year", vector("growth-annual-packs-rollover"),
     lambda b: b["Inputs"].cell(input_row(b, "Credit packs bought per contract year", 2), 2, 3),
     lambda q: q.update(credit_packs_per_year=[6, 3])),
    ("billing", vector("starter-monthly-overage"),
     lambda b: setattr(named_cell(b, "Billing"), "value", "annual"),
     lambda q: q.update(billing="annual")),
    ("outcome volume", support_sample(),
     lambda b: b["Inputs"].cell(input_row(b, "Outcome add-ons (outcomes per month)", "resolved"), 3, Decimal("300")),
     lambda q: q["outcomes"][0].update(monthly="300")),
    ("overage discount", support_sample(),
     lambda b: setattr(named_cell(b, "OverageDiscount"), "value", Decimal("7")),
     lambda q: q["discounts"].update(overage_percent="7")),
    ("seats", support_sample(),
     lambda b: setattr(named_cell(b, "Seats"), "value", 140),
     lambda q: q.update(seats=140)),
]


@pytest.fixture(scope="module")
def recalculated_what_ifs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("what-if")
    prepared = {}
    for label, (catalog_data, quote_data), change_book, change_quote in WHAT_IFS:
        catalog = Catalog.model_validate(catalog_data)
        quote = Quote.model_validate(quote_data)
        priced = price_quote(catalog, quote)
        path = folder / f"{label.replace(' ', '-')}.xlsx"
        XlsxExporter().export(ExportJob(catalog, quote, priced), Settings(), path)
        book = load_workbook(path)
        change_book(book)
        book.save(path)
        # The workbook holds the packs as inputs, so the same change to the
        # quote keeps the packs it was exported with.
        changed = copy.deepcopy(quote.model_dump(mode="json"))
        changed["credit_packs_per_year"] = list(priced.credit_packs_per_year)
        change_quote(changed)
        expected = price_quote(catalog, Quote.model_validate(changed))
        assert expected.totals.tcv != priced.totals.tcv, f"{label}: the change must move the price"
        prepared[label] = (path, expected)
    copies = recalculate([path for path, _ in prepared.values()], folder / "recalculated")
    return {label: (copies[path], expected) for label, (path, expected) in prepared.items()}


@pytest.mark.parametrize("label", [w[0] for w in WHAT_IFS])
def test_what_if_matches_the_engine(recalculated_what_ifs, label):
    path, expected = recalculated_what_ifs[label]
    book = RecalculatedWorkbook(path)
    places = expected.minor_units
    assert exact(book.labelled("Summary", "Total contract value (TCV)"), places) == expected.totals.tcv
    assert exact(book.labelled("Summary", "Annual contract value (ACV)"), places) == expected.totals.acv
    for month in expected.months:
        assert exact(book.schedule_value(month.month, "Total (net)"), places) == month.total, month.month
        assert exact(book.schedule_value(month.month, "Invoice"), places) == expected.invoices[month.month - 1].amount
    for year, row in zip(expected.years, book.table("Summary", "By contract year")):
        assert exact(row[3], places) == year.total
    assert book.labelled("Summary", "Approval level needed") == expected.approval.level
    assert book.master_check == "MISMATCH"  # the engine's figures are those of the quote as exported


def test_the_scenario_multiplier_reproduces_a_scenario(tmp_path):
    catalog_data, quote_data = vector("growth-auto-packs-outcomes-36m")
    catalog, quote = Catalog.model_validate(catalog_data), Quote.model_validate(quote_data)
    priced = price_quote(catalog, quote)
    path = tmp_path / "scenario.xlsx"
    XlsxExporter().export(ExportJob(catalog, quote, priced), Settings(), path)
    book = load_workbook(path)
    named_cell(book, "Multiplier").value = quote.scenario_multipliers["high"]
    book.save(path)
    recalculated = RecalculatedWorkbook(recalculate([path], tmp_path / "out")[path])
    assert exact(recalculated.labelled("Summary", "Total contract value (TCV)"), 2) == priced.scenarios["high"].totals.tcv
