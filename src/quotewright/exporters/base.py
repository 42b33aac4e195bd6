"""What every exporter shares: the job it is given, its small interface, and
the registry the command line and the app both use (STYLE.md, example 9)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Protocol

from ..domain.catalog import Catalog
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


_REGISTRY: dict[str, Exporter] = {}


def register(exporter: Exporter) -> Exporter:
    _REGISTRY[exporter.identifier] = exporter
    return exporter


def exporters() -> dict[str, Exporter]:
    """Every exporter by identifier ('xlsx', 'pdf')."""
    from . import pdf, xlsx  # noqa: F401  (each registers itself)

    return dict(_REGISTRY)
