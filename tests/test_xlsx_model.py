"""Issue 12, items 1-2 (3-4: test_xlsx_readable.py): the Excel model
finance reads without a call.

1. Every formula carries the engine's figure as its cached value: a reader
   that does not recalculate finds TCV, every year and the master check;
   the cached values equal what LibreOffice computes.
2. Inputs cannot silently lie: the term is a fact checked against the
   Schedule's rows, every input has data validation, and breaking a rule
   (pasted past the validation) turns the master cell to MISMATCH.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from builders import northwind_catalog, quote_data
from conftest import sample_names
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.xlsx import XlsxExporter, build_workbook, exact_numbers
from quotewright.exporters.xlsx.cached_values import cached_values_written, remember, remembered
from quotewright.exporters.xlsx.cells import INPUT_FILL
from quotewright.domain.per_unit import largest_remainder
from quotewright.exporters.xlsx.inputs import PACKS_AS_EXPORTED
from quotewright.exporters.xlsx.unit_margins import split_rows
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from xlsx_recalc import recalculate  # LibreOffice set to recalculate every formula (the file has cached values)
from workbook_reader import RecalculatedWorkbook, exact

EXPORTED_AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc)


def sample_job(name: str, **changes) -> ExportJob:
    loaded = load_quote(sample(name).quote)
    quote = loaded.quote
    if changes:
        quote = Quote.model_validate({**quote.model_dump(mode="json"), **changes})
    return ExportJob(loaded.catalog, quote, price_quote(loaded.catalog, quote))


def protected_job() -> ExportJob:
    """A sample with a ramp, an overage cap and alerts (the spend blocks)."""
    loaded = load_quote(sample("data-platform").quote)
    data = loaded.quote.model_dump(mode="json")
    data["spend_protection"] = {"overage_cap_monthly": "50", "alert_percents": ["50", "80", "100"]}
    line = data["usage"][0]
    monthly = line.pop("monthly")
    line.pop("growth_percent", None)
    line["series"] = [str(Decimal(monthly) // 4)] * 3 + [monthly] * (data["term_months"] - 3)
    quote = Quote.model_validate(data)
    return ExportJob(loaded.catalog, quote, price_quote(loaded.catalog, quote))


def write(job: ExportJob, path: Path, settings: Settings = Settings()) -> Path:
    path.write_bytes(XlsxExporter().render(job, settings, EXPORTED_AT))
    return path


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, tuple[ExportJob, Path]]:
    """Every sample, and a protected quote, exported once for the module."""
    folder = tmp_path_factory.mktemp("model")
    jobs = {name: sample_job(name) for name in sample_names()}
    jobs["protected"] = protected_job()
    return {name: (job, write(job, folder / f"{name}.xlsx")) for name, job in jobs.items()}


def formula_cells(path: Path):
    """(sheet, coordinate) of every formula cell of a workbook."""
    book = load_workbook(path)
    return [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f"]


# Item 1: cached values ------------------------------------------------------

def test_a_reader_that_does_not_recalculate_finds_tcv_every_year_and_the_master_check(exports):
    for name, (job, path) in exports.items():
        book = RecalculatedWorkbook(path)  # data_only, straight from the export: nothing recalculated
        places = job.priced.minor_units
        assert book.master_check == "OK", name
        assert exact(book.labelled("Summary", "Total contract value (TCV)"), places) == job.priced.totals.tcv
        years = book.table("Summary", "By contract year")
        assert [row[0] for row in years] == [year.year for year in job.priced.years], name
        for year, row in zip(job.priced.years, years):
            assert exact(row[3], places) == year.total, (name, year.year)
            assert exact(row[1], places) == year.list_total, (name, year.year)
        for month in job.priced.months:
            assert exact(book.schedule_value(month.month, "Total (net)"), places) == month.total


def test_every_formula_cell_has_a_cached_value(exports):
    for name, (_, path) in exports.items():
        cached = load_workbook(path, data_only=True)
        cells = formula_cells(path)
        assert len(cells) > 500, name
        missing = [where for where in cells if cached[where[0]][where[1]].value is None]
        assert not missing, (name, missing[:10])


def test_the_export_keeps_full_calculation_on_load(exports):
    _, path = exports["seat-copilot"]
    workbook_xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    assert 'fullCalcOnLoad="1"' in workbook_xml


def test_cached_values_are_what_libreoffice_computes(exports, tmp_path):
    """Every formula cell of every sample (and of the protected quote): the
    cached value equals LibreOffice's recalculated one (numbers to a double's
    precision, text and dates equal)."""
    # A workbook whose cached values are all wrong proves LibreOffice really
    # recalculates (by default it keeps an .xlsx file's cached values).
    job = exports["token-api"][0]
    workbook = build_workbook(job)
    for sheet in workbook.worksheets:
        values = remembered(sheet)
        for key, value in values.items():
            values[key] = "stale" if isinstance(value, str) else Decimal(-1)
    stale = tmp_path / "stale.xlsx"
    with exact_numbers.exact_decimals(), cached_values_written():
        workbook.save(stale)
    paths = [path for _, path in exports.values()]
    copies = recalculate([*paths, stale], tmp_path / "recalculated")
    recomputed = RecalculatedWorkbook(copies[stale])
    assert recomputed.master_check == "OK"
    assert exact(recomputed.labelled("Summary", "Total contract value (TCV)"), 2) == job.priced.totals.tcv
    for name, (_, path) in exports.items():
        cached = load_workbook(path, data_only=True)
        computed = load_workbook(copies[path], data_only=True)
        differ = []
        for sheet, where in formula_cells(path):
            ours, theirs = cached[sheet][where].value, computed[sheet][where].value
            if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)):
                if not math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-9):
                    differ.append((sheet, where, ours, theirs))
            elif ours != theirs:
                differ.append((sheet, where, ours, theirs))
        assert not differ, (name, differ[:10])
        assert computed["Checks"]["B4"].value == "OK", name


def test_the_writer_fills_only_remembered_formulas_and_escapes_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "A & B"
    sheet["A1"] = 2
    sheet["B1"] = "=A1*2"
    sheet["C1"] = '="<"&"x"'
    sheet["D1"] = "=A1+1"  # not remembered: stays without a value
    sheet["E1"] = "=A1/3"
    sheet["F1"] = "=A1>1"
    remember(sheet, 1, 2, Decimal("4"))
    remember(sheet, 1, 3, "<x & y>")
    remember(sheet, 1, 5, Fraction(2, 3))
    remember(sheet, 1, 6, True)
    buffer = io.BytesIO()
    with cached_values_written():
        workbook.save(buffer)
    cached = load_workbook(io.BytesIO(buffer.getvalue()), data_only=True)["A & B"]
    assert [cached[c].value for c in ("A1", "B1", "C1", "D1", "E1", "F1")] == [2, 4, "<x & y>", None, 2 / 3, True]
    formulas = load_workbook(io.BytesIO(buffer.getvalue()))["A & B"]
    assert formulas["B1"].value == "=A1*2" and formulas["C1"].value == '="<"&"x"'


def _sheet_xml(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")


def test_the_text_cell_writer_writes_every_cell_as_openpyxl_does(monkeypatch):
    """The save-time writer makes a cell's XML as text (for speed); with no
    remembered value, every kind of cell comes out byte for byte as
    openpyxl's own writer makes it (and a remembered one only adds its value)."""
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    values = [2, -7, Decimal("0.0006"), Decimal("12.50"), 1.25, True, False, "plain", " padded ", "a & <b>",
              "", "=A1*2", '="<"&"x"', "=IF(A1>1,\"a & b\",\"\")", dt.date(2026, 12, 2), None]
    for column, value in enumerate(values, start=1):
        sheet.cell(1, column, value)
        styled = sheet.cell(2, column, value)
        styled.font = Font(bold=True)
        styled.number_format = "0.00"
    sheet.cell(3, 1).hyperlink = "https://example.com"
    sheet.cell(3, 1).value = "a link"
    openpyxl_own = _sheet_xml(workbook)
    with exact_numbers.exact_decimals():
        openpyxl_exact = _sheet_xml(workbook)
        with cached_values_written():
            assert _sheet_xml(workbook) == openpyxl_exact  # Decimals exact, as the block makes them
    with cached_values_written():
        assert _sheet_xml(workbook) == openpyxl_own
    remember(sheet, 1, 12, Decimal("4"))
    from quotewright.exporters.xlsx import cached_values

    made_as_text = []
    cell_xml = cached_values._cell_xml
    def counted(*args):
        made_as_text.append(cell_xml(*args))
        return made_as_text[-1]

    monkeypatch.setattr(cached_values, "_cell_xml", counted)
    with cached_values_written():
        written = _sheet_xml(workbook).decode()
    # The fast path is taken (a later et_xmlfile without its text sink would
    # silently fall back to openpyxl's writer): only the date and the link are left to openpyxl.
    assert len([text for text in made_as_text if text]) == len(made_as_text) - 3
    assert "<f>A1*2</f><v>4</v>" in written and written.replace("<v>4</v>", "<v />") == openpyxl_own.decode()


def test_the_cached_value_writer_is_in_place_only_while_saving():
    """Like the exact-number writer: importing patches nothing, a save puts
    it in place, nested saves keep it until the last ends, and openpyxl's
    own writer is back afterwards (a later openpyxl that moves it fails here)."""
    from openpyxl.worksheet import _writer as sheet_writer

    original = sheet_writer.write_cell
    assert original.__module__ == "openpyxl.cell._writer"
    with cached_values_written():
        with cached_values_written():
            assert sheet_writer.write_cell is not original
        assert sheet_writer.write_cell is not original
    assert sheet_writer.write_cell is original
    plain = Workbook()
    plain.active["A1"] = "=1+1"
    remember(plain.active, 1, 1, 2)
    buffer = io.BytesIO()
    plain.save(buffer)  # outside the block: as openpyxl ships, no value
    assert load_workbook(io.BytesIO(buffer.getvalue()), data_only=True).active["A1"].value is None


def test_the_split_columns_cached_give_the_engines_largest_remainder():
    """The cached floor, rank and extra unit of the per-unit split add up to
    the engine's shares, ties to the unit listed first."""
    cases = [(100, ["1", "1", "1"]), (10, ["1", "2", "3"]), (7, ["0", "0"]), (1895760, ["117000", "48000",
             "34084.5", "0"]), (3, ["0.1", "0.2", "0.3"])]
    # (Weights past a spreadsheet's 14 digits, 0.3000...0001, split as the
    # snapped formulas do, not as the engine: the export's precision warning.)
    for total, weights in cases:
        weights = [Decimal(weight) for weight in weights]
        rows = split_rows(total, weights)
        assert [row.share for row in rows] == largest_remainder(total, weights), (total, weights)
        assert sorted(row.rank for row in rows) == list(range(1, len(rows) + 1))
    tied = split_rows(100, [Decimal(1)] * 3)
    assert [(row.floor, row.rank, row.extra) for row in tied] == [(33, 1, 1), (33, 2, 0), (33, 3, 0)]


# Item 2: inputs that cannot silently lie ----------------------------------

def input_cells(book) -> list[tuple[str, str]]:
    return [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.fill.fgColor.rgb and cell.fill.fgColor.rgb.endswith(INPUT_FILL)]


def validated(sheet, coordinate: str) -> list:
    return [rule for rule in sheet.data_validations.dataValidation if coordinate in rule.sqref]


def test_every_input_cell_has_data_validation(exports):
    for name, (_, path) in exports.items():
        book = load_workbook(path)
        cells = input_cells(book)
        assert len(cells) > 15, name
        missing = [(sheet, where) for sheet, where in cells if not validated(book[sheet], where)]
        assert not missing, (name, missing)


def _named(book, name: str):
    sheet, coordinate = next(iter(book.defined_names[name].destinations))
    return book[sheet], coordinate.replace("$", "")


def test_the_validation_kinds_follow_the_rules(exports):
    book = load_workbook(exports["protected"][1])
    expected = {"Billing": ("list", None, '"monthly,annual"'), "Seats": ("whole", "greaterThanOrEqual", "0"),
                "SubscriptionDiscount": ("decimal", "between", "0"), "Multiplier": ("decimal", "greaterThan", "0"),
                "OverageCap": ("decimal", "greaterThanOrEqual", "0")}
    for name, (kind, operator, low) in expected.items():
        sheet, where = _named(book, name)
        [rule] = validated(sheet, where)
        assert (rule.type, rule.operator, rule.formula1) == (kind, operator, low), name
    sheet, _ = _named(book, "Seats")
    packs = book.defined_names["PacksPerYear"].attr_text.split("!")[1].replace("$", "").split(":")[0]
    assert [rule.type for rule in validated(sheet, packs)] == ["whole"]


def test_the_term_is_a_fact_and_packs_say_they_are_as_exported(exports):
    book = load_workbook(exports["support-agent"][1])
    sheet, where = _named(book, "TermMonths")
    assert not sheet[where].fill.fgColor.rgb.endswith(INPUT_FILL)
    assert "not an input" in sheet.cell(sheet[where].row, 3).value
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(PACKS_AS_EXPORTED in text for text in texts)
    checks = [cell.value for cell in book["Checks"]["A"] if isinstance(cell.value, str)]
    assert any(PACKS_AS_EXPORTED in text for text in checks)
    assert "Rows in Schedule = term (months)" in checks


BROKEN = {  # label -> (defined name, value pasted over the validation, the check that must fail)
    "term": ("TermMonths", 12, "Rows in Schedule = term (months)"),
    "billing": ("Billing", "yearly", 'Input valid: Billing is "monthly" or "annual"'),
    "discount": ("SubscriptionDiscount", 150, "Input valid: Discounts are from 0 to 100%"),
    "seats": ("Seats", 12.5, "Input valid: Seats is a whole number, 0 or more"),
}


def test_inputs_that_break_a_rule_turn_the_master_cell_to_mismatch(exports, tmp_path):
    source = exports["support-agent"][1]
    paths = {}
    for label, (name, value, _) in BROKEN.items():
        book = load_workbook(source)
        sheet, where = _named(book, name)
        sheet[where] = value
        paths[label] = tmp_path / f"{label}.xlsx"
        book.save(paths[label])
    packs = load_workbook(source)  # packs on a plan without packs; a negative usage
    sheet, where = _named(packs, "Seats")
    first_usage = next(cell for cell in sheet["A"] if cell.value == "Usage per work unit").row + 2
    sheet.cell(first_usage, 3, -5)
    paths["usage"] = tmp_path / "usage.xlsx"
    packs.save(paths["usage"])
    # A plan without credit packs: a pack typed in is refused by the rules.
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(quote_data(plan="starter", credit_packs_per_year=0))
    no_packs = write(ExportJob(catalog, quote, price_quote(catalog, quote)), tmp_path / "no-packs-source.xlsx")
    book = load_workbook(no_packs)
    packs = book.defined_names["PacksPerYear"].attr_text.split("!")[1].replace("$", "").split(":")[0]
    book["Inputs"][packs] = 3
    paths["packs"] = tmp_path / "packs.xlsx"
    book.save(paths["packs"])
    copies = recalculate([*paths.values(), no_packs], tmp_path / "out")
    assert RecalculatedWorkbook(copies[no_packs]).master_check == "OK"  # as exported, the rules hold
    for label, path in paths.items():
        book = RecalculatedWorkbook(copies[path])
        assert book.master_check == "MISMATCH", label
        failed = [row[0] for row in book.failed_checks()]
        if label in BROKEN:
            assert BROKEN[label][2] in failed, (label, failed[:5])
        elif label == "packs":
            assert "Input valid: No packs on a plan without credit packs" in failed, failed[:5]
        else:
            assert any(text.startswith("Input valid: Usage per work unit") for text in failed), failed[:5]
