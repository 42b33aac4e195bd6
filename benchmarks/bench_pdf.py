"""How fast the PDF proposal renders: each sample quote, each sample with a
ramp, an overage cap and three alerts (the "Spend protection" section), a
120-month, 200-unit quote with and without them, with the full and the
one-page template; then the full template with "Your options" switched on,
which also works out the comparison (`compare`, its sweep included).
Each figure is the median wall time and the best CPU time of the process
(on a machine shared with other work, CPU time is the one to compare).
Run: python benchmarks/bench_pdf.py"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import protected  # noqa: E402
from support import large_catalog, large_quote, median_ms  # noqa: E402

from quotewright.domain import price_quote  # noqa: E402
from quotewright.domain.settings import Settings  # noqa: E402
from quotewright.exporters.base import ExportJob  # noqa: E402
from quotewright.exporters.pdf import OPTIONS, render_proposal  # noqa: E402
from quotewright.storage.documents import load_quote  # noqa: E402
from quotewright.storage.samples import samples  # noqa: E402
from quotewright.storage.templates import load_template  # noqa: E402


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def jobs() -> list[tuple[str, ExportJob, int]]:
    """(label, job, repeats): the samples, the samples protected, the large quote."""
    found = []
    for sample in samples():
        loaded = load_quote(sample.quote)
        found.append((sample.name, ExportJob(loaded.catalog, loaded.quote,
                                             price_quote(loaded.catalog, loaded.quote)), 7))
    for sample in samples():
        loaded = load_quote(sample.quote)
        quote = protected(loaded.quote, "100")
        found.append((f"{sample.name} + protection", ExportJob(loaded.catalog, quote,
                                                                price_quote(loaded.catalog, quote)), 7))
    catalog = large_catalog(200)
    for label, quote in (("120 months, 200 work units", large_quote(200, 120)),
                         ("  the same + protection", protected(large_quote(200, 120), "2000", ramp_lines=50))):
        found.append((label, ExportJob(catalog, quote, price_quote(catalog, quote)), 3))
    return found


def best_cpu_ms(work, repeat: int) -> float:
    """The least process CPU time of `work` over `repeat` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    settings = Settings()
    every = jobs()
    runs = [("full", ()), ("summary", ()), ("full", (OPTIONS,))]
    for name, optional in runs:
        template = load_template(name)
        shown = " with 'Your options'" if optional else ""
        print(f"PDF proposal, template {name!r}{shown} (median):")
        for label, job, repeats in every:
            if optional and label.startswith(" "):
                continue  # the comparison of the large quote is timed once, unprotected
            pdf = render_proposal(job, settings, template, optional_sections=optional)

            def work():
                return render_proposal(job, settings, template, optional_sections=optional)

            ms = median_ms(work, repeats)
            cpu = best_cpu_ms(work, repeats)
            print(f"  {label:<34} {ms:8.1f} ms wall, {cpu:8.1f} ms CPU  ({pages(pdf)} pages)")


if __name__ == "__main__":
    main()
