"""The worst file the models accept, priced: a catalog and a quote at every
limit at once (the most work units, plans and outcomes a catalog may have,
100 tiers in every schedule, 120 term discounts, 20 approval levels; a
120-month quote with 10 scenarios and as many usage and outcome lines as the
forecast limit allows, 40-character amounts, growth at both extremes, and
auto packs on a 100-tier pack price with a tiny pack). Prints the time to
validate, to price, to write the JSON result and the text report, and the
peak memory of the process. Target: validate + price under 2 s, under 500 MB.

Run: python benchmarks/bench_limits.py
"""

from __future__ import annotations

import json
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import limits_catalog_data, limits_quote_data, median_ms  # noqa: E402

from quotewright.domain import Catalog, Quote, price_quote  # noqa: E402
from quotewright.domain.report import priced_to_json  # noqa: E402
from quotewright.text_report import render_text  # noqa: E402


def cpu_ms(work) -> float:
    """The CPU time of one run of `work`: on a shared machine, wall time
    also counts the other processes' turns."""
    start = time.process_time()
    work()
    return (time.process_time() - start) * 1000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    baseline = peak_mb()
    catalog_text = json.dumps(limits_catalog_data())
    quote_text = json.dumps(limits_quote_data())
    catalog = Catalog.model_validate(json.loads(catalog_text))
    quote = Quote.model_validate(json.loads(quote_text))
    cells = (len(quote.usage) + len(quote.outcomes)) * quote.term_months * (1 + len(quote.scenario_multipliers))
    print(f"Catalog {len(catalog_text) / 1e6:.1f} MB: {len(catalog.work_units):,} work units, "
          f"{len(catalog.plans)} plans, {len(catalog.outcomes)} outcomes, 100 tiers per schedule")
    print(f"Quote {len(quote_text) / 1e3:.0f} KB: {len(quote.usage)} usage lines, {len(quote.outcomes)} outcome lines, "
          f"{quote.term_months} months, {len(quote.scenario_multipliers)} scenarios = {cells:,} forecast cells")

    start = time.perf_counter()
    priced = price_quote(catalog, quote)
    first = (time.perf_counter() - start) * 1000
    digits = len(priced.totals.tcv.as_tuple().digits)
    tried = sum(choice.candidates_tried for choice in priced.pack_choices)
    print(f"TCV has {digits} digits; packs chosen by 'auto' after {tried:,} evaluations\n")

    def validate() -> None:
        Catalog.model_validate(json.loads(catalog_text))
        Quote.model_validate(json.loads(quote_text))

    validate_ms = median_ms(validate, 3, warm_up=False)
    price_ms = median_ms(lambda: price_quote(catalog, quote), 3, warm_up=False)
    json_ms = median_ms(lambda: json.dumps(priced_to_json(priced)), 3, warm_up=False)
    text_ms = median_ms(lambda: render_text(priced), 3, warm_up=False)
    rows = [
        ("validate catalog + quote (parse and models)", validate_ms),
        ("price (first run)", first),
        ("price (median of 3)", price_ms),
        ("validate + price", validate_ms + price_ms),
        ("JSON result (price --json)", json_ms),
        ("text report (price)", text_ms),
    ]
    price_cpu = cpu_ms(lambda: price_quote(catalog, quote))
    validate_cpu = cpu_ms(validate)
    rows.append(("validate + price, CPU time", validate_cpu + price_cpu))
    print(f"  {'':<46} {'wall':>8}")
    for label, ms in rows:
        print(f"  {label:<46} {ms:8.0f} ms")
    total = validate_ms + price_ms
    print(f"\n  peak memory of the process  {peak_mb():6.0f} MB  (Python and imports: {baseline:.0f} MB)")
    print(f"  target: validate + price < 2000 ms ({'met' if total < 2000 else 'MISSED'}), "
          f"peak < 500 MB ({'met' if peak_mb() < 500 else 'MISSED'})")
    assert priced.totals.tcv > Decimal(0)


if __name__ == "__main__":
    main()
