"""The Excel model: a live-formula workbook finance can recalculate.

Inputs and the Rate card are values; the Schedule, Summary and Checks are
formulas that follow PRICING.md, so changing an assumption moves the whole
model, and the Checks sheet proves the formulas reproduce the engine.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from ...domain.fingerprint import catalog_fingerprint
from ...domain.settings import Settings
from ...storage.jsonfile import write_atomic
from ..base import ExportJob
from . import exact_numbers
from .cells import Styles
from .cells import safe_text
from .checks import ChecksSheet
from .inputs import InputsSheet
from .precision import precision_warning
from .rate_card import RateCardSheet
from .schedule import ScheduleSheet
from .spend_summary import SpendSection
from .summary import SummarySheet
from .unit_margins import UnitMarginSection

SHEETS = ("Inputs", "Rate card", "Schedule", "Summary", "Checks")


def build_workbook(job: ExportJob) -> Workbook:
    catalog, quote, priced = job.catalog, job.quote, job.priced
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {title: workbook.create_sheet(title) for title in SHEETS}
    fractional = any(u.credits != u.credits.to_integral_value() for u in catalog.work_units)
    Styles(workbook, catalog.currency, priced.minor_units, fractional)
    rates = RateCardSheet(workbook, sheets["Rate card"], catalog, quote, catalog_fingerprint(catalog)).build()
    inputs = InputsSheet(workbook, sheets["Inputs"], catalog, quote, priced, rates).build()
    schedule = ScheduleSheet(sheets["Schedule"], catalog, quote, priced.minor_units, inputs, rates).build()
    stamp = job.stamp  # the library revision, so the workbook traces to it (LIBRARY.md 2)
    title_id = f"{quote.id} rev {stamp.revision} · {stamp.short_hash} ({stamp.status})" if stamp else quote.id
    summary = SummarySheet(workbook, sheets["Summary"], title_id, quote.term_months, quote.contract_years,
                           priced.minor_units, schedule, rates).build()
    # Spend protection and the per-unit margins sit beside the Summary's own
    # tables and are checked after its rows, so a quote without spend
    # protection keeps every cell it had before they existed.
    spend = SpendSection(workbook, sheets["Summary"], quote, priced.minor_units, schedule, inputs)
    margins = UnitMarginSection(workbook, sheets["Summary"], catalog, quote, priced.minor_units, schedule, rates)
    margins.build(spend.build(4))
    more = spend.check_rows(priced.expected) + margins.check_rows(priced.expected)
    ChecksSheet(sheets["Checks"], priced, schedule, summary, precision_warning(job), more).build()
    for sheet in workbook.worksheets:
        _print_setup(sheet, fit_width=sheet.title != "Schedule")
    sheets["Schedule"].print_title_rows = "4:4"
    workbook.active = 0
    workbook.properties.title = safe_text(f"Quote {quote.id}")
    workbook.properties.creator = "Quotewright"
    return workbook


def _print_setup(sheet, fit_width: bool) -> None:
    """Landscape; narrow sheets print one page wide, the Schedule in pages."""
    sheet.page_setup.orientation = "landscape"
    if fit_width:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0


class XlsxExporter:
    identifier = "xlsx"
    label = "Excel model"
    suffix = ".xlsx"

    def render(self, job: ExportJob, settings: Settings) -> bytes:
        """The workbook as .xlsx bytes."""
        buffer = io.BytesIO()
        workbook = build_workbook(job)
        with exact_numbers.exact_decimals():
            workbook.save(buffer)
        return buffer.getvalue()

    def warnings(self, job: ExportJob, settings: Settings) -> list[str]:
        """What the person exporting should know (figures too long to be exact)."""
        found = precision_warning(job)
        return [found] if found else []

    def export(self, job: ExportJob, settings: Settings, out: Path) -> None:
        write_atomic(Path(out), self.render(job, settings))
