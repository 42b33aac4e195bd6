"""The Excel model: a live-formula workbook finance can recalculate.

Inputs and the Rate card are values; the Schedule, Summary and Checks are
formulas that follow PRICING.md, so changing an assumption moves the whole
model, and the Checks sheet proves the formulas reproduce the engine.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook

from ... import __version__
from ...domain.fingerprint import catalog_fingerprint
from ...domain.settings import Settings
from ...storage.jsonfile import write_atomic
from ..base import ExportJob
from . import exact_numbers
from .cached_values import cached_values_written
from .cells import Styles, fit_header_heights, safe_text
from .checks import ChecksSheet
from .inputs import ExportFacts, InputsSheet
from .precision import precision_warning
from .rate_card import RateCardSheet
from .schedule import ScheduleSheet
from .spend_summary import SpendSection
from .summary import SummarySheet
from .unit_margins import UnitMarginSection
from .validation import InputRules

SHEETS = ("Inputs", "Rate card", "Schedule", "Summary", "Checks")
INTERNAL_SHEETS = ("Rate card", "Schedule", "Summary", "Checks")  # they show cost to serve or margin
INTERNAL_NOTE = "Internal: contains cost and margin"


def export_facts(job: ExportJob, settings: Settings | None, exported_at: dt.datetime | None) -> ExportFacts:
    """Who prepared the quote, and which Quotewright exported it when."""
    person = job.quote.prepared_by
    if person is not None:
        prepared = f"{person.name}, {person.role}" if person.role else person.name
    else:
        prepared = settings.rep_name if settings else ""
    when = (exported_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    return ExportFacts(prepared, f"Quotewright {__version__}", when.strftime("%Y-%m-%d %H:%M UTC"))


def build_workbook(job: ExportJob, settings: Settings | None = None,
                   exported_at: dt.datetime | None = None) -> Workbook:
    catalog, quote, priced = job.catalog, job.quote, job.priced
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {title: workbook.create_sheet(title) for title in SHEETS}
    fractional = any(u.credits != u.credits.to_integral_value() for u in catalog.work_units)
    Styles(workbook, catalog.currency, priced.minor_units, fractional)
    rules = InputRules()
    rates = RateCardSheet(workbook, sheets["Rate card"], catalog, quote, catalog_fingerprint(catalog), rules).build()
    inputs = InputsSheet(workbook, sheets["Inputs"], catalog, quote, priced, rates, rules,
                         export_facts(job, settings, exported_at)).build()
    schedule = ScheduleSheet(sheets["Schedule"], catalog, quote, priced.minor_units, inputs, rates,
                             priced.expected).build()
    stamp = job.stamp  # the library revision, so the workbook traces to it (LIBRARY.md 2)
    title_id = f"{quote.id} rev {stamp.revision} · {stamp.short_hash} ({stamp.status})" if stamp else quote.id
    summary = SummarySheet(workbook, sheets["Summary"], title_id, quote, priced, catalog, schedule, rates).build()
    # Spend protection and the per-unit margins sit beside the Summary's own
    # tables and are checked after its rows, so a quote without spend
    # protection keeps every cell it had before they existed.
    plan = catalog.plan(quote.plan)
    spend = SpendSection(workbook, sheets["Summary"], quote, priced.minor_units, schedule, inputs, priced.expected,
                         plan)
    margins = UnitMarginSection(workbook, sheets["Summary"], catalog, quote, priced.minor_units, schedule, rates,
                                priced.expected)
    margins.build(spend.build(4))
    more = spend.check_rows(priced.expected) + margins.check_rows(priced.expected)
    ChecksSheet(sheets["Checks"], priced, schedule, summary, precision_warning(job), more, rules.rules).build()
    rules.apply()
    for sheet in workbook.worksheets:
        fit_header_heights(sheet)
        _print_setup(sheet, title_id)
    sheets["Schedule"].print_title_rows = "4:4"
    frozen = schedule.columns["month_of_year"]  # the month columns (number, calendar, year), on every page
    sheets["Schedule"].print_title_cols = f"A:{sheets['Schedule'].cell(1, frozen).column_letter}"
    workbook.active = 0
    workbook.calculation.fullCalcOnLoad = True  # the cached values are the engine's; a spreadsheet recomputes
    workbook.properties.title = safe_text(f"Quote {quote.id}")
    workbook.properties.creator = "Quotewright"
    return workbook


def _print_setup(sheet, quote_title: str) -> None:
    """Landscape, one page wide; the quote, the sheet and the page number on
    every page, and the internal warning on the sheets that need it."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    escaped = safe_text(quote_title).replace("&", "&&")  # "&" starts a header code
    for header, footer in ((sheet.oddHeader, sheet.oddFooter), (sheet.evenHeader, sheet.evenFooter)):
        header.left.text = f"Quote {escaped}"
        header.right.text = "&A"
        footer.right.text = "Page &P of &N"
        if sheet.title in INTERNAL_SHEETS:
            header.center.text = INTERNAL_NOTE
            header.center.font = "-,Bold"
            footer.left.text = INTERNAL_NOTE


class XlsxExporter:
    identifier = "xlsx"
    label = "Excel model"
    suffix = ".xlsx"

    def render(self, job: ExportJob, settings: Settings, exported_at: dt.datetime | None = None) -> bytes:
        """The workbook as .xlsx bytes, each formula with the engine's figure
        as its cached value (cached_values.py)."""
        buffer = io.BytesIO()
        workbook = build_workbook(job, settings, exported_at)
        with exact_numbers.exact_decimals(), cached_values_written():
            workbook.save(buffer)
        return buffer.getvalue()

    def warnings(self, job: ExportJob, settings: Settings) -> list[str]:
        """What the person exporting should know (figures too long to be exact)."""
        found = precision_warning(job)
        return [found] if found else []

    def export(self, job: ExportJob, settings: Settings, out: Path) -> None:
        write_atomic(Path(out), self.render(job, settings))
