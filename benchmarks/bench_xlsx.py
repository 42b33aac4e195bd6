"""How fast the Excel model exports: each sample quote (plain, and with a
ramp, an overage cap and three alerts: PRICING.md 9-10, which add the
series block, the waived column and the alert formulas) and a 120-month,
200-unit quote (plain and protected), beside the time openpyxl alone takes to write the same
number of cells with no formulas or styles (the floor; target: at most 2x).
The export is what ships: formulas, styles, data validation, the exact-number
writer and every formula's cached value (cached_values.py).
Run: python benchmarks/bench_xlsx.py"""

from __future__ import annotations

import io
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import protected  # noqa: E402
from support import large_catalog, large_quote, median_ms  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from quotewright.domain import price_quote  # noqa: E402
from quotewright.exporters.base import ExportJob  # noqa: E402
from quotewright.domain.settings import Settings  # noqa: E402
from quotewright.exporters.xlsx import XlsxExporter, build_workbook  # noqa: E402
from quotewright.storage.documents import load_quote  # noqa: E402
from quotewright.storage.samples import samples  # noqa: E402




def export(job: ExportJob) -> None:
    XlsxExporter().render(job, Settings())  # what ships: formulas, styles, validation, cached values


def cell_shape(job: ExportJob) -> list[tuple[str, int, int]]:
    """(sheet, rows, columns) with a value, as the export writes them."""
    workbook = build_workbook(job)
    shape = []
    for sheet in workbook.worksheets:
        cells = [(cell.row, cell.column) for row in sheet.iter_rows() for cell in row if cell.value is not None]
        shape.append((sheet.title, cells))
    return shape


def floor(shape) -> None:
    """openpyxl alone: the same cells, plain numbers, no formulas, no styles."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, cells in shape:
        sheet = workbook.create_sheet(title)
        for row, column in cells:
            sheet.cell(row, column, 1.5)
    workbook.save(io.BytesIO())


def measure(label: str, job: ExportJob, repeat: int) -> None:
    shape = cell_shape(job)
    count = sum(len(cells) for _, cells in shape)
    # Interleaved, one run of each at a time, so a busy machine slows both alike.
    ours_runs, base_runs = [], []
    for _ in range(repeat):
        ours_runs.append(median_ms(lambda: export(job), 1, warm_up=False))
        base_runs.append(median_ms(lambda: floor(shape), 1, warm_up=False))
    ours, base = statistics.median(ours_runs), statistics.median(base_runs)
    print(f"  {label:<36} {count:>7,} cells  export {ours:8.1f} ms   openpyxl floor {base:8.1f} ms"
          f"   ratio {ours / base:4.2f}x")


def main() -> None:
    print("Excel export (median; target: no more than 2x the openpyxl floor):")
    for sample in samples():
        loaded = load_quote(sample.quote)
        job = ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote))
        measure(sample.name, job, 7)
        ramped = protected(loaded.quote, "500")
        measure(f"{sample.name} + ramp, cap, alerts", ExportJob(loaded.catalog, ramped,
                                                               price_quote(loaded.catalog, ramped)), 7)
    catalog, quote = large_catalog(200), large_quote(200, 120)
    measure("120 months, 200 work units", ExportJob(catalog, quote, price_quote(catalog, quote)), 3)
    capped = protected(quote, "2000", ramp_lines=50)
    measure("the same, 50 ramps, cap, alerts", ExportJob(catalog, capped, price_quote(catalog, capped)), 3)


if __name__ == "__main__":
    main()
