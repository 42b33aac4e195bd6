"""How fast the PDF proposal renders: each sample quote and a 120-month,
200-unit quote, with the full template. Run: python benchmarks/bench_pdf.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import large_catalog, large_quote, median_ms  # noqa: E402

from quotewright.domain import price_quote  # noqa: E402
from quotewright.domain.settings import Settings  # noqa: E402
from quotewright.exporters.base import ExportJob  # noqa: E402
from quotewright.exporters.pdf import render_proposal  # noqa: E402
from quotewright.storage.documents import load_quote  # noqa: E402
from quotewright.storage.samples import samples  # noqa: E402
from quotewright.storage.templates import load_template  # noqa: E402




def main() -> None:
    settings = Settings()
    for name in ("full", "summary"):
        template = load_template(name)
        print(f"PDF proposal, template {name!r} (median):")
        for sample in samples():
            loaded = load_quote(sample.quote)
            job = ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote))
            pdf = render_proposal(job, settings, template)
            ms = median_ms(lambda: render_proposal(job, settings, template), 7)
            print(f"  {sample.name:<28} {ms:7.1f} ms  ({pdf.count(b'/Type /Page') - pdf.count(b'/Type /Pages')} pages)")
        catalog, quote = large_catalog(200), large_quote(200, 120)
        job = ExportJob(catalog, quote, price_quote(catalog, quote))
        pdf = render_proposal(job, settings, template)
        ms = median_ms(lambda: render_proposal(job, settings, template), 3)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        print(f"  {'120 months, 200 work units':<28} {ms:7.1f} ms  ({pages} pages)")


if __name__ == "__main__":
    main()
