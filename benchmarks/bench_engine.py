"""How fast the engine prices: each sample quote, a large quote (200 work
units, 60 months, auto packs, two scenarios), and growth with the number of
work units. Run: python benchmarks/bench_engine.py"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import large_catalog, large_quote, median_ms  # noqa: E402

from quotewright.domain import price_quote  # noqa: E402
from quotewright.storage.documents import load_quote  # noqa: E402
from quotewright.storage.samples import samples  # noqa: E402




def main() -> None:
    print("Sample quotes (median of 200 runs):")
    for sample in samples():
        loaded = load_quote(sample.quote)
        ms = median_ms(lambda: price_quote(loaded.catalog, loaded.quote), 200)
        print(f"  {sample.name:<16} {ms:7.2f} ms   (target < 5 ms)")

    catalog, quote = large_catalog(200), large_quote(200, 60)
    ms = median_ms(lambda: price_quote(catalog, quote), 15)
    priced = price_quote(catalog, quote)
    print(f"\nLarge quote: 200 work units, 60 months, auto packs, 2 scenarios (median of 15 runs):")
    print(f"  {ms:7.1f} ms   (target < 250 ms; packs chosen {list(priced.credit_packs_per_year)})")

    print("\nGrowth with work units (60 months, auto packs, 2 scenarios; median of 5 runs):")
    for units in (10, 100, 500):  # 500 x 60 x 3 cases is near the model's forecast limit
        catalog, quote = large_catalog(units), large_quote(units, 60)
        ms = median_ms(lambda: price_quote(catalog, quote), 5)
        print(f"  {units:>5} units  {ms:8.1f} ms   {ms / units:6.3f} ms per unit")


if __name__ == "__main__":
    main()
