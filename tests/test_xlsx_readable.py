"""Issue 12, items 3-4: the Excel model's context (dates, people, versions,
calendar months, approval reasons, warnings, the committed / usage-based
split) and how it reads and prints (totals rows, formats, header heights,
print titles, headers and footers, work-unit names). The exports are
test_xlsx_model.py's, made once for the module."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from conftest import sample_names
from quotewright import __version__
from quotewright.domain.commitment import committed_and_estimated
from quotewright.domain.settings import Settings
from quotewright.exporters.xlsx import INTERNAL_NOTE, INTERNAL_SHEETS
from quotewright.formatting import format_phrase
from test_xlsx_model import exports, sample_job, write  # noqa: F401  (exports: the shared fixture)
from workbook_reader import RecalculatedWorkbook, exact


# Item 3: context ------------------------------------------------------------

def test_the_inputs_sheet_says_who_what_and_when(exports):
    job, path = exports["seat-copilot"]
    book = RecalculatedWorkbook(path)
    quote = job.quote
    assert book.labelled("Inputs", "Customer") == quote.customer.name
    assert book.labelled("Inputs", "Quote date").date() == quote.date
    assert book.labelled("Inputs", "Valid until").date() == quote.valid_until
    assert book.labelled("Inputs", "Contract start").date() == quote.start_date
    assert book.labelled("Inputs", "Prepared by").startswith(quote.prepared_by.name)
    assert book.labelled("Inputs", "Catalog") == f"{job.catalog.name} {job.catalog.version}"
    assert book.labelled("Inputs", "Exported by") == f"Quotewright {__version__}, 2026-12-01 09:30 UTC"


def test_without_a_person_on_the_quote_the_rep_in_settings_prepared_it(tmp_path):
    job = sample_job("token-api", prepared_by=None)
    path = write(job, tmp_path / "rep.xlsx", Settings(rep_name="Ana Rep"))
    assert RecalculatedWorkbook(path).labelled("Inputs", "Prepared by") == "Ana Rep"


def test_calendar_months_stand_beside_month_numbers(exports):
    job, path = exports["support-agent"]
    book = RecalculatedWorkbook(path)
    start = job.quote.start_date
    for month in (1, 2, 13, job.quote.term_months):
        shown = book.schedule_value(month, "Calendar month").date()
        years, index = divmod(start.month - 1 + month - 1, 12)
        assert shown == dt.date(start.year + years, index + 1, 1), month
    assert book.schedule.cell(5, book.columns["Calendar month"]).number_format == "mmm yyyy"


def test_the_summary_splits_tcv_and_carries_reasons_and_warnings(exports):
    for name in sample_names():
        job, path = exports[name]
        book = RecalculatedWorkbook(path)
        places = job.priced.minor_units
        committed, estimated = committed_and_estimated(job.priced.expected)
        assert exact(book.labelled("Summary", "Committed TCV"), places) == committed
        assert exact(book.labelled("Summary", "Usage-based TCV (estimated)"), places) == estimated
        texts = {cell.value for row in book.book["Summary"].iter_rows(max_col=1) for cell in row}
        for reason in job.priced.approval.reasons:
            assert format_phrase(reason) in texts, name
        for warning in job.priced.warnings:
            assert format_phrase(warning.message) in texts, name


# Item 4: readable and printable --------------------------------------------

def total_row(sheet, after_section: str) -> int:
    """The "Total" row that closes the table under a section title."""
    rows = [cell.value for cell in sheet["A"]]
    start = rows.index(after_section)
    return start + rows[start:].index("Total") + 1


def test_tables_close_with_totals_that_equal_the_engine(exports):
    for name in sample_names():
        job, path = exports[name]
        book = RecalculatedWorkbook(path)
        summary, places, totals = book.book["Summary"], job.priced.minor_units, job.priced.totals
        assert exact(summary.cell(total_row(summary, "By contract year"), 4).value, places) == totals.tcv
        assert exact(summary.cell(total_row(summary, "By line, over the term"), 2).value, places) == totals.list_tcv
        assert exact(summary.cell(total_row(summary, "Invoices by month"), 3).value, places) == totals.tcv
        schedule_total = next(cell.row for cell in book.schedule["A"] if cell.value == "Total")
        assert exact(book.schedule.cell(schedule_total, book.columns["Total (net)"]).value, places) == totals.tcv
        assert summary.cell(total_row(summary, "By contract year"), 4).font.bold


def test_credits_carry_thousands_separators_and_prices_the_currency(exports):
    job, path = exports["support-agent"]
    book = load_workbook(path)
    schedule = book["Schedule"]
    header = {cell.value: cell.column for cell in schedule[4] if cell.value}
    assert "#,##0" in schedule.cell(5, header["Credits needed"]).number_format
    assert "#,##0" in schedule.cell(5, header["Overage credits"]).number_format
    rate_card = book["Rate card"]
    prices = [cell for row in rate_card.iter_rows() for cell in row if cell.style == "input_price"]
    assert prices and all("$" in cell.number_format or "€" in cell.number_format for cell in prices)


def test_wrapped_headers_have_room_and_the_schedule_prints_one_page_wide(exports):
    book = load_workbook(exports["protected"][1])
    schedule = book["Schedule"]
    assert schedule.row_dimensions[4].height >= 45
    assert schedule.page_setup.fitToWidth == 1 and schedule.sheet_properties.pageSetUpPr.fitToPage
    assert schedule.print_title_rows == "$4:$4"
    assert schedule.print_title_cols == "$A:$D"


def test_pages_carry_the_quote_page_numbers_and_the_internal_note(exports):
    job, path = exports["data-platform"]
    book = load_workbook(path)
    for sheet in book:
        assert job.quote.id in sheet.oddHeader.left.text
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
        internal = INTERNAL_NOTE in (sheet.oddHeader.center.text or "")
        assert internal == (sheet.title in INTERNAL_SHEETS), sheet.title
    assert "Inputs" not in INTERNAL_SHEETS and "Summary" in INTERNAL_SHEETS


def test_schedule_headers_name_work_units_not_ids(exports):
    job, path = exports["support-agent"]
    headers = [cell.value for cell in load_workbook(path)["Schedule"][4] if cell.value]
    for line in job.quote.usage:
        assert f"Usage: {job.catalog.work_unit(line.work_unit).name}" in headers
        assert f"Usage: {line.work_unit}" not in headers or line.work_unit == job.catalog.work_unit(
            line.work_unit).name
