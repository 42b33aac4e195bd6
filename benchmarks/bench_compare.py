"""How fast plans compare side by side (PRICING.md 12): `compare` with its
50-multiplier sweep for each sample quote (target < 300 ms), for the large
quote of bench_engine (200 work units, 60 months, auto packs, 2 scenarios),
and once for the file at every model limit (20 plans; the sweep's work
budget bounds it). Wall time is shared with whatever else the machine runs,
so CPU time (this process only) is printed beside it.
Run: python benchmarks/bench_compare.py [--no-limits]"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import cpu_ms, large_catalog, large_quote, limits_catalog_data, limits_quote_data, median_ms  # noqa: E402

from quotewright.domain import Catalog, Quote  # noqa: E402
from quotewright.domain.compare import _sweep, compare  # noqa: E402
from quotewright.storage.documents import load_quote  # noqa: E402
from quotewright.storage.samples import samples  # noqa: E402


def main() -> None:
    print("Sample quotes: compare, every plan and the 50-multiplier sweep (median of 15 runs; best CPU of 15):")
    for sample in samples():
        loaded = load_quote(sample.quote)
        catalog, quote = loaded.catalog, loaded.quote
        ms = median_ms(lambda: compare(catalog, quote), 15)
        cpu = cpu_ms(lambda: compare(catalog, quote), 15)
        sweep = median_ms(lambda: _sweep(catalog, quote), 15)
        print(f"  {sample.name:<16} {len(catalog.plans)} plans  {ms:7.1f} ms wall  {cpu:7.1f} ms CPU  "
              f"(sweep alone {sweep:6.1f} ms; target < 300 ms)")

    catalog, quote = large_catalog(200), large_quote(200, 60)
    ms = median_ms(lambda: compare(catalog, quote), 3)
    cpu = cpu_ms(lambda: compare(catalog, quote), 3)
    print("\nLarge quote: 200 work units, 60 months, auto packs, 2 scenarios, 1 plan (median of 3 runs):")
    print(f"  {ms:8.1f} ms wall  {cpu:8.1f} ms CPU")

    if "--no-limits" in sys.argv:
        return
    catalog = Catalog.model_validate(limits_catalog_data())
    quote = Quote.model_validate(limits_quote_data())
    start = time.process_time()
    comparison = compare(catalog, quote)
    spent = time.process_time() - start
    left_out = sum(len(entry.unsettled) for entry in comparison.cheapest_by_multiplier)
    print("\nEvery model limit: 20 plans, 120 months, 10 scenarios, auto packs (one run):")
    print(f"  {spent:8.2f} s CPU; {left_out} of {len(catalog.plans) * 50} swept cases left out by the work budget")


if __name__ == "__main__":
    main()
