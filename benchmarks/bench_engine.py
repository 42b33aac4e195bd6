"""How fast the engine prices: each sample quote, each sample with spend
protection and a ramp (PRICING.md 9-10), a large quote (200 work units, 60
months, auto packs, two scenarios, with and without a cap and alerts), and
growth with the number of work units. Run: python benchmarks/bench_engine.py"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import large_catalog, large_quote, median_ms  # noqa: E402

from quotewright.domain import Quote, price_quote  # noqa: E402
from quotewright.storage.documents import load_quote  # noqa: E402
from quotewright.storage.samples import samples  # noqa: E402

PROTECTION = {"alert_percents": ["50", "80", "100"]}


def protected(quote: Quote, cap: str, ramp_lines: int = 1) -> Quote:
    """`quote` with a monthly overage cap, three credit alerts, and its first
    `ramp_lines` usage lines as a series: a quarter of the volume for three
    months, then the full volume (a pilot that ramps up)."""
    data = quote.model_dump(mode="json")
    data["spend_protection"] = {**PROTECTION, "overage_cap_monthly": cap}
    term = data["term_months"]
    for line in data["usage"][:ramp_lines]:
        monthly = line.pop("monthly")
        line.pop("growth_percent", None)
        quarter = str(Decimal(monthly) // 4)
        line["series"] = [quarter] * min(3, term) + [monthly] * max(0, term - 3)
    return Quote.model_validate(data)


def main() -> None:
    print("Sample quotes (median of 200 runs):")
    for sample in samples():
        loaded = load_quote(sample.quote)
        ms = median_ms(lambda: price_quote(loaded.catalog, loaded.quote), 200)
        print(f"  {sample.name:<16} {ms:7.2f} ms   (target < 5 ms)")

    print("\nSample quotes with a ramp, an overage cap and three alerts (median of 200 runs):")
    for sample in samples():
        loaded = load_quote(sample.quote)
        quote = protected(loaded.quote, "100")
        ms = median_ms(lambda: price_quote(loaded.catalog, quote), 200)
        priced = price_quote(loaded.catalog, quote)
        print(f"  {sample.name:<16} {ms:7.2f} ms   (target < 5 ms; waived {priced.totals.overage_waived}, "
              f"{len(priced.expected.alerts)} alerts)")

    catalog, quote = large_catalog(200), large_quote(200, 60)
    ms = median_ms(lambda: price_quote(catalog, quote), 15)
    priced = price_quote(catalog, quote)
    print("\nLarge quote: 200 work units, 60 months, auto packs, 2 scenarios (median of 15 runs):")
    print(f"  {ms:7.1f} ms   (target < 250 ms; packs chosen {list(priced.credit_packs_per_year)})")

    capped = protected(quote, "2000", ramp_lines=50)
    ms = median_ms(lambda: price_quote(catalog, capped), 15)
    priced = price_quote(catalog, capped)
    print("Large quote with a cap of 2,000 a month, three alerts and 50 ramped units (median of 15 runs):")
    print(f"  {ms:7.1f} ms   (target < 250 ms; packs chosen {list(priced.credit_packs_per_year)}, "
          f"waived {priced.totals.overage_waived}, {len(priced.expected.alerts)} alerts)")

    print("\nGrowth with work units (60 months, auto packs, 2 scenarios, cap and alerts; median of 5 runs):")
    for units in (10, 100, 500):  # 500 x 60 x 3 cases is near the model's forecast limit
        catalog, quote = large_catalog(units), protected(large_quote(units, 60), "2000", ramp_lines=units // 4)
        ms = median_ms(lambda: price_quote(catalog, quote), 5)
        print(f"  {units:>5} units  {ms:8.1f} ms   {ms / units:6.3f} ms per unit")


if __name__ == "__main__":
    main()
