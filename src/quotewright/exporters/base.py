"""What every exporter shares: the job it is given, its small interface, and
the registry the command line and the app both use (STYLE.md, example 9).

The registry is an explicit table: each exporter's identifier, label and
suffix, and the module (and class) that makes its documents. Reading the
table loads nothing; an exporter's module (with openpyxl or reportlab) is
imported the first time that exporter is used. Exporter modules import this
one for `ExportJob` and never register themselves, so there is no import
circle: the table names its modules as data and imports them on first use.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import NamedTuple, Protocol

from ..domain.catalog import Catalog
from ..domain.library import RevisionStamp
from ..domain.quote import Quote
from ..domain.result import PricedQuote
from ..domain.settings import Settings


class ExportJob(NamedTuple):
    """A quote, the catalog it is priced against, and the engine's result.

    Exporters lay out `priced`; they read `quote` and `catalog` only for the
    assumptions they print (the workbook's inputs, the proposal's rate card).
    """

    catalog: Catalog
    quote: Quote
    priced: PricedQuote
    stamp: RevisionStamp | None = None  # the library revision exported, if it came from one (LIBRARY.md 2)


class Exporter(Protocol):
    """What every exporter has. Two optional methods, used by
    `batch.export_all` when present: `render(job, settings) -> bytes` (the
    document in memory, so nothing is written until every document of an
    export is ready) and `warnings(job, settings) -> list[str]` (one line
    each, for the person exporting)."""

    identifier: str
    label: str
    suffix: str

    def export(self, job: ExportJob, settings: Settings, out: Path) -> None:
        """Write the document to `out` atomically."""


class ExporterEntry(NamedTuple):
    """One row of the registry: what a menu, a file dialog or the command line
    needs to know, and where the exporter itself lives."""

    identifier: str
    label: str
    suffix: str
    module: str  # imported on first use
    name: str  # the exporter class in that module, made once

    def load(self) -> Exporter:
        return _loaded(self)


EXPORTERS: tuple[ExporterEntry, ...] = (
    ExporterEntry("xlsx", "Excel model", ".xlsx", "quotewright.exporters.xlsx", "XlsxExporter"),
    ExporterEntry("pdf", "PDF proposal", ".pdf", "quotewright.exporters.pdf", "PdfExporter"),
)

_LOADED: dict[str, Exporter] = {}


def _loaded(entry: ExporterEntry) -> Exporter:
    found = _LOADED.get(entry.identifier)
    if found is None:
        found = getattr(importlib.import_module(entry.module), entry.name)()
        _LOADED[entry.identifier] = found
    return found


def exporter_table() -> dict[str, ExporterEntry]:
    """Every exporter's row by identifier ('xlsx', 'pdf'), loading none."""
    return {entry.identifier: entry for entry in EXPORTERS}


def exporter(identifier: str) -> Exporter:
    """The exporter `identifier`, its module imported on first use; KeyError
    for an identifier the table does not have."""
    return exporter_table()[identifier].load()


def exporters() -> dict[str, Exporter]:
    """Every exporter by identifier, each module imported on first use."""
    return {entry.identifier: entry.load() for entry in EXPORTERS}
