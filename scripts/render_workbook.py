"""Render a sample's Excel model to PNG, sheet by sheet, to look at it printed.

    python scripts/render_workbook.py [OUT_FOLDER] [--sample NAME] [--protection] [--resolution DPI]

Exports the sample's workbook (OUT_FOLDER/<sample>.xlsx), has LibreOffice
print it to PDF (every sheet, as its page set-up says: landscape, one page
wide, the Schedule's month columns repeated on every page), and turns each
page into a PNG with pdftoppm (<sample>-<page>.png). Look at the pages to
see that nothing clips: wrapped headers, long labels, the totals rows.
`--protection` adds an overage cap, three credit alerts and a ramp (as
bench_engine.py does), which brings the Summary's side blocks.
Needs soffice (LibreOffice) and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from quotewright.domain import price_quote
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.xlsx import XlsxExporter
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import DEFAULT_SAMPLE, sample

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_engine import protected  # noqa: E402  (the benchmarks' ramp, cap and alerts)

SETTINGS = Settings(rep_name="Sam Rivera", rep_role="Account Executive")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("workbooks"))
    parser.add_argument("--sample", default=DEFAULT_SAMPLE)
    parser.add_argument("--protection", action="store_true", help="add a cap, alerts and a ramp to the quote")
    parser.add_argument("--resolution", type=int, default=60)
    args = parser.parse_args()
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print("soffice (LibreOffice) and pdftoppm (poppler-utils) are needed", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    loaded = load_quote(sample(args.sample).quote)
    quote = protected(loaded.quote, "100") if args.protection else loaded.quote
    job = ExportJob(loaded.catalog, quote, price_quote(loaded.catalog, quote))
    name = f"{args.sample}{'-protected' if args.protection else ''}"
    workbook = args.out / f"{name}.xlsx"
    workbook.write_bytes(XlsxExporter().render(job, SETTINGS))
    with tempfile.TemporaryDirectory() as profile:  # a private profile: runs beside an open LibreOffice
        subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(args.out), str(workbook)],
                       check=True, capture_output=True, timeout=600)
    pdf = workbook.with_suffix(".pdf")
    subprocess.run([pdftoppm, "-r", str(args.resolution), "-png", str(pdf), str(args.out / name)], check=True)
    pages = sorted(args.out.glob(f"{name}-*.png"))
    print(f"{workbook}, {pdf} and {len(pages)} pages as PNG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
