"""The workbook's shape: sheets, names, styles, formats, frozen headers,
text that stays text, exact decimals, no macros or links."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import _writer

from builders import northwind_catalog
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob, exporters
from quotewright.exporters.xlsx import SHEETS, exact_numbers
from quotewright.exporters.xlsx.cells import INPUT_FILL
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from xlsx_recalc import recalculate  # LibreOffice set to recalculate every formula (the file has cached values)

HOSTILE = ['=HYPERLINK("http://example.com","click")', "+1+1", "-2+3", "@SUM(A1)", "=1/0", "Zoë & <Ωmega> 株式会社"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    loaded = load_quote(sample("data-platform").quote)
    path = tmp_path_factory.mktemp("xlsx") / "model.xlsx"
    exporters()["xlsx"].export(ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote)),
                               Settings(), path)
    return path, loaded


def test_sheets_are_the_five_and_all_visible(exported):
    book = load_workbook(exported[0])
    assert book.sheetnames == list(SHEETS)
    assert all(sheet.sheet_state == "visible" for sheet in book.worksheets)


def test_no_macros_and_no_external_links(exported):
    names = zipfile.ZipFile(exported[0]).namelist()
    assert not [n for n in names if "vba" in n.lower() or "externalLink" in n]


def test_key_inputs_carry_defined_names(exported):
    book = load_workbook(exported[0])
    for name in ("TermMonths", "Billing", "Seats", "Multiplier", "SubscriptionDiscount", "CreditPacksDiscount",
                 "OverageDiscount", "OutcomesDiscount", "PacksPerYear", "PlatformFee", "IncludedCredits",
                 "QuoteTCV", "QuoteACV"):
        assert name in book.defined_names, name


def test_headers_are_frozen(exported):
    book = load_workbook(exported[0])
    assert all(book[title].freeze_panes for title in ("Rate card", "Schedule", "Summary", "Checks"))
    assert book["Schedule"].freeze_panes == "E5"  # month, calendar month, contract year, month of year


def test_inputs_are_values_in_the_input_colour_and_derived_cells_are_formulas(exported):
    book = load_workbook(exported[0])
    inputs = [cell for row in book["Inputs"].iter_rows() for cell in row
              if cell.fill.fgColor.rgb and cell.fill.fgColor.rgb.endswith(INPUT_FILL)]
    assert len(inputs) > 10
    assert all(cell.data_type != "f" for cell in inputs)
    schedule = book["Schedule"]
    for row in schedule.iter_rows(min_row=5, min_col=2):
        assert all(cell.data_type == "f" for cell in row if cell.value is not None)


def test_money_is_formatted_in_the_currency(exported):
    book = load_workbook(exported[0])
    schedule = book["Schedule"]
    header = {cell.value: cell.column for cell in schedule[4]}
    assert "€" in schedule.cell(5, header["Total (net)"]).number_format
    assert "€" in book["Summary"]["B5"].number_format


def test_decimals_are_written_exactly(exported):
    xml = zipfile.ZipFile(exported[0]).read("xl/worksheets/sheet2.xml").decode()  # the Rate card
    assert "<v>0.0068</v>" in xml and "<v>0.0006</v>" in xml


def test_the_exact_number_writer_is_in_place_only_while_exporting(tmp_path):
    """Importing the exporter patches nothing; an export writes exact
    decimals and leaves openpyxl's writer as it found it (issue 10, 4)."""
    found = subprocess.run(
        [sys.executable, "-c", "import quotewright.exporters.xlsx\n"
         "from openpyxl.cell import _writer\nprint(_writer.safe_string.__module__)"],
        capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["openpyxl.compat.strings"]
    before = _writer.safe_string
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate({"id": "Q", "customer": {"name": "Acme"}, "plan": "starter", "term_months": 1})
    path = tmp_path / "m.xlsx"
    exporters()["xlsx"].export(ExportJob(catalog, quote, price_quote(catalog, quote)), Settings(), path)
    assert _writer.safe_string is before
    assert "<v>0.0006</v>" in zipfile.ZipFile(path).read("xl/worksheets/sheet2.xml").decode()
    # Written outside an export, openpyxl goes through float as it ships.
    plain = Workbook()
    plain.active["A1"] = Decimal("0.0006")
    plain.save(tmp_path / "plain.xlsx")
    assert "<v>0.0006</v>" not in zipfile.ZipFile(tmp_path / "plain.xlsx").read("xl/worksheets/sheet1.xml").decode()


def test_nested_exports_keep_the_exact_writer_until_the_last_ends():
    original = _writer.safe_string
    with exact_numbers.exact_decimals():
        with exact_numbers.exact_decimals():
            assert _writer.safe_string(Decimal("0.0006")) == "0.0006"
        assert _writer.safe_string(Decimal("0.0006")) == "0.0006"
    assert _writer.safe_string is original


def test_typed_text_never_becomes_a_formula(tmp_path):
    catalog_data = northwind_catalog()
    catalog_data["work_units"][0]["name"] = HOSTILE[1]
    catalog_data["plans"][1]["name"] = HOSTILE[2]
    catalog = Catalog.model_validate(catalog_data)
    quote = Quote.model_validate({
        "id": "@Q1", "customer": {"name": HOSTILE[0]}, "plan": "growth", "term_months": 2,
        "usage": [{"work_unit": "doc_summary", "monthly": "100"}],
    })
    path = tmp_path / "hostile.xlsx"
    exporters()["xlsx"].export(ExportJob(catalog, quote, price_quote(catalog, quote)), Settings(), path)
    book = load_workbook(path)
    texts = {cell.value: cell.data_type for sheet in book for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    assert texts[HOSTILE[0]] == "s" and texts[HOSTILE[1]] == "s" and texts["@Q1"] == "s"
    assert f"{HOSTILE[2]} (growth)" in texts
    recalculated = load_workbook(recalculate([path], tmp_path / "out")[path], data_only=True)
    inputs = recalculated["Inputs"]
    values = [cell.value for row in inputs.iter_rows() for cell in row]
    assert HOSTILE[0] in values and "@Q1" in values
    assert recalculated["Checks"]["B4"].value == "OK"


def test_control_characters_are_replaced_not_fatal(tmp_path):
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate({"id": "Q", "customer": {"name": "Bell Labs"}, "plan": "starter",
                                  "term_months": 1})
    # The model refuses control characters at the door; the writer must cope
    # with them anyway, so the test goes round the door.
    quote = quote.model_copy(update={"customer": quote.customer.model_copy(update={"name": "Bell\x07 Labs"})})
    path = tmp_path / "bell.xlsx"
    exporters()["xlsx"].export(ExportJob(catalog, quote, price_quote(catalog, quote)), Settings(), path)
    assert "Bell\ufffd Labs" in [c.value for row in load_workbook(path)["Inputs"].iter_rows() for c in row]
