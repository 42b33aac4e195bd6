"""Issue 9, the workbook side: a string XML cannot hold never corrupts the
workbook (7); figures too long for a spreadsheet's digits are announced at
export and on the Checks sheet (16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from builders import northwind_catalog
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.batch import export_all
from quotewright.exporters.xlsx import XlsxExporter
from quotewright.exporters.xlsx.precision import EXACT_DIGITS, _digits, inexact_figures
from quotewright.storage.documents import load_quote, quote_file_data
from quotewright.storage.samples import sample
from xlsx_recalc import recalculate  # LibreOffice set to recalculate every formula (the file has cached values)
from workbook_reader import RecalculatedWorkbook

NOT_XML = "\ufffe\uffff\ud800\x00\x1b"


def _renamed(model, **changes):
    """`model` with `changes` and no validation: round the model's door,
    which refuses these characters, to prove the writer copes anyway."""
    return model.model_copy(update=changes)


# Item 7: whatever a string holds, the workbook reads back.

def test_strings_xml_cannot_hold_are_written_safely(tmp_path):
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate({"id": "Q", "customer": {"name": "Acme"}, "plan": "starter", "term_months": 2})
    priced = price_quote(catalog, quote)
    bad = f"A{NOT_XML}B"
    quote = _renamed(quote, id=f"Q{NOT_XML}", customer=_renamed(quote.customer, name=bad))
    units = [_renamed(unit, name=bad.replace("\ud800", "")) for unit in catalog.work_units]
    levels = [_renamed(level, role=f"{level.role}\ufffe") for level in catalog.approval.levels]
    # (No lone surrogate in the catalog: its fingerprint needs UTF-8.)
    catalog = _renamed(catalog, name=bad.replace("\ud800", ""), work_units=units, approval=_renamed(catalog.approval, levels=levels))
    priced = priced._replace(customer=bad, quote_id=quote.id)
    path = tmp_path / "odd.xlsx"
    XlsxExporter().export(ExportJob(catalog, quote, priced), Settings(), path)
    book = load_workbook(path)  # openpyxl could not read the workbook back before
    texts = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(ch in text for text in texts for ch in NOT_XML)
    shown = "A" + "\ufffd" * len(NOT_XML) + "B"
    assert "A" + "\ufffd" * (len(NOT_XML) - 1) + "B" in [c.value for row in book["Rate card"].iter_rows() for c in row]
    assert f"Inputs: quote Q{chr(0xfffd) * len(NOT_XML)} for {shown}" in texts
    assert book.properties.title == "Quote Q" + "\ufffd" * len(NOT_XML)


# Item 16: too many digits for a spreadsheet is said, not left to the Checks.

def _growth_quote(folder: Path, growth: str) -> Path:
    """The token-api sample over 120 months at `growth` % a month."""
    loaded = load_quote(sample("token-api").quote)
    data = loaded.quote.model_dump(mode="json")
    data["term_months"] = 120
    data["credit_packs_per_year"] = "auto"
    for line in data["usage"]:
        line["growth_percent"] = growth
    path = folder / f"growth-{growth}.json"
    path.write_text(json.dumps(quote_file_data(Quote.model_validate(data), loaded.catalog)))
    return path


def test_the_digit_count_is_down_to_the_resolution_of_the_check():
    assert _digits(Decimal("999999999999.99"), 2) == EXACT_DIGITS
    assert _digits(Decimal("1000000000000.00"), 2) == EXACT_DIGITS + 1
    assert _digits(Decimal("99999999"), 6) == EXACT_DIGITS and _digits(Decimal("100000000"), 6) == EXACT_DIGITS + 1
    assert _digits(Decimal("0.004"), 2) == 0 and _digits(Decimal(0), 2) == 0


def test_an_input_with_too_many_digits_is_named():
    catalog_data = northwind_catalog()
    catalog_data["plans"][0]["overage"]["unit_price"] = "0.0123456789012345"  # 15 significant digits
    catalog = Catalog.model_validate(catalog_data)
    quote = Quote.model_validate({"id": "Q", "customer": {"name": "Acme"}, "plan": "starter", "term_months": 1})
    found = inexact_figures(ExportJob(catalog, quote, price_quote(catalog, quote)))
    assert [f.label for f in found] == ["catalog plans[0].overage.unit_price"]


@pytest.mark.slow
def test_long_figures_warn_at_export_and_on_the_checks_sheet(tmp_path):
    growing, ordinary = _growth_quote(tmp_path, "30"), sample("token-api").quote
    outputs = {}
    for name, quote in (("growing", growing), ("ordinary", ordinary)):
        out = tmp_path / f"{name}.xlsx"
        result = subprocess.run([sys.executable, "-m", "quotewright", "export", str(quote), "--xlsx", str(out)],
                                capture_output=True, text=True, timeout=300,
                                env={**os.environ, "QUOTEWRIGHT_SETTINGS": str(tmp_path / "none.json")})
        assert result.returncode == 0, result.stderr
        outputs[name] = (out, result.stderr.splitlines())
    (growing_book, warned), (ordinary_book, quiet) = outputs["growing"], outputs["ordinary"]
    # The command also says the quote's own warnings (expiring credits...):
    # the precision warning is the one line about a spreadsheet's digits.
    precision = [line for line in warned if "significant digits a spreadsheet computes exactly" in line]
    assert len(precision) == 1 and precision[0].startswith("quotewright: warning: ")
    assert not [line for line in quiet if "significant digits" in line]
    checks = load_workbook(growing_book)["Checks"]
    assert checks["A5"].value == "Precision" and checks["B5"].value.startswith("Warning: ")
    assert load_workbook(ordinary_book)["Checks"]["B5"].value.startswith("Every figure fits")
    # The case of the issue: the recalculated workbook disagrees with the
    # engine, and now the export said why; the ordinary one agrees.
    copies = recalculate([growing_book, ordinary_book], tmp_path / "recalculated")
    assert RecalculatedWorkbook(copies[growing_book]).failed_checks()
    assert RecalculatedWorkbook(copies[ordinary_book]).failed_checks() == []


def test_the_export_api_returns_the_warning(tmp_path):
    loaded = load_quote(_growth_quote(tmp_path, "30"))
    job = ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote))
    result = export_all(job, Settings(), {"xlsx": tmp_path / "m.xlsx"})
    assert result.written == [tmp_path / "m.xlsx"]
    assert len(result.warnings) == 1 and "Excel model may differ" in result.warnings[0]
