"""Render the sample proposals to PNG so a person can look at them.

    python scripts/render_proposals.py [OUT_FOLDER] [--template full|summary] [--options] [--protection]
                                       [--today YYYY-MM-DD]

Writes OUT_FOLDER/<sample>-<template>.pdf and one PNG per page (needs
pdftoppm from poppler-utils). The README's proposal image comes from here.
`--options` switches on "Your options" (every plan side by side);
`--protection` gives each sample an overage cap, three credit alerts and a
ramp on its first usage line (as bench_engine.py does), so the proposal has
its "Spend protection" section: written as <sample>-<template>-protected.
`--today` renders as of another day (the default is 2026-11-24): a day past
a sample's valid_until shows its EXPIRED marks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from quotewright.domain import price_quote
from quotewright.domain.settings import Branding, Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import OPTIONS, render_proposal
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import samples
from quotewright.storage.templates import load_template

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_engine import protected  # noqa: E402  (the benchmarks' ramp, cap and alerts)

SETTINGS = Settings(rep_name="Sam Rivera", rep_role="Account Executive",
                    branding=Branding(company_name="Northwind AI", website="northwind.example"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("proposals"))
    parser.add_argument("--template", default="full")
    parser.add_argument("--resolution", type=int, default=80)
    parser.add_argument("--options", action="store_true", help='show "Your options": every plan side by side')
    parser.add_argument("--protection", action="store_true", help="add a cap, alerts and a ramp to each sample")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 24),
                        help="the day the proposals are rendered on (past valid_until: EXPIRED)")
    args = parser.parse_args()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    template = load_template(args.template)
    for sample in samples():
        loaded = load_quote(sample.quote)
        quote = protected(loaded.quote, "100") if args.protection else loaded.quote
        job = ExportJob(loaded.catalog, quote, price_quote(loaded.catalog, quote))
        pdf = args.out / f"{sample.name}-{args.template}{'-protected' if args.protection else ''}.pdf"
        pdf.write_bytes(render_proposal(job, SETTINGS, template, today=args.today, invariant=True,
                                        optional_sections=[OPTIONS] if args.options else []))
        subprocess.run([pdftoppm, "-r", str(args.resolution), "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
        print(f"{pdf} and its pages as PNG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
