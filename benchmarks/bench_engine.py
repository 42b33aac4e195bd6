"""How fast the engine prices: each sample quote, each sample with spend
protection and a ramp (PRICING.md 9-10), a large quote (200 work units, 60
months, auto packs, two scenarios, with and without a cap and alerts), and
growth with the number of work units. Run: python benchmarks/bench_engine.py

A priced quote computes its expected case's months, years and totals at
once and the rest (each scenario, invoices, summaries, margin per work unit)
when first read, as a keystroke's summary reads only what it shows. So each
sample is timed two ways: `price_quote` as the keystroke path calls it, and
priced with every figure of every case read (what the CLI's JSON, an export
or a comparison reads). Wall time is shared with whatever else the machine
runs, so the lowest CPU time (this process only) is printed beside it."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


from support import cpu_ms, large_catalog, large_quote, median_ms  # noqa: E402

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


def read_all(priced) -> object:
    """Every figure of every case (each computed now if it was not yet)."""
    return [case.figures() for case in (priced.expected, *priced.scenarios.values())]


def _sample_line(name: str, catalog, quote, note: str = "") -> None:
    keystroke = lambda: price_quote(catalog, quote)  # noqa: E731
    everything = lambda: read_all(price_quote(catalog, quote))  # noqa: E731
    print(f"  {name:<16} {median_ms(keystroke, 200):6.2f} ms wall  {cpu_ms(keystroke, 200):5.2f} ms CPU   "
          f"all figures read: {median_ms(everything, 100):6.2f} ms wall  {cpu_ms(everything, 100):5.2f} ms CPU"
          f"   (target < 5 ms{note})")


def main() -> None:
    print("Sample quotes (median wall of 200 runs; lowest CPU of 200):")
    for sample in samples():
        loaded = load_quote(sample.quote)
        _sample_line(sample.name, loaded.catalog, loaded.quote)

    print("\nSample quotes with a ramp, an overage cap and three alerts:")
    for sample in samples():
        loaded = load_quote(sample.quote)
        quote = protected(loaded.quote, "100")
        priced = price_quote(loaded.catalog, quote)
        _sample_line(sample.name, loaded.catalog, quote,
                     f"; waived {priced.totals.overage_waived}, {len(priced.expected.alerts)} alerts")

    catalog, quote = large_catalog(200), large_quote(200, 60)
    ms, cpu = median_ms(lambda: price_quote(catalog, quote), 15), cpu_ms(lambda: price_quote(catalog, quote), 15)
    full = cpu_ms(lambda: read_all(price_quote(catalog, quote)), 5)
    priced = price_quote(catalog, quote)
    print("\nLarge quote: 200 work units, 60 months, auto packs, 2 scenarios (median wall of 15 runs):")
    print(f"  {ms:7.1f} ms wall  {cpu:7.1f} ms CPU  (all figures read: {full:7.1f} ms CPU; target < 250 ms; "
          f"packs chosen {list(priced.credit_packs_per_year)})")

    capped = protected(quote, "2000", ramp_lines=50)
    ms, cpu = median_ms(lambda: price_quote(catalog, capped), 15), cpu_ms(lambda: price_quote(catalog, capped), 15)
    full = cpu_ms(lambda: read_all(price_quote(catalog, capped)), 5)
    priced = price_quote(catalog, capped)
    print("Large quote with a cap of 2,000 a month, three alerts and 50 ramped units (median wall of 15 runs):")
    print(f"  {ms:7.1f} ms wall  {cpu:7.1f} ms CPU  (all figures read: {full:7.1f} ms CPU; target < 250 ms; "
          f"packs chosen {list(priced.credit_packs_per_year)}, waived {priced.totals.overage_waived}, "
          f"{len(priced.expected.alerts)} alerts)")

    print("\nGrowth with work units (60 months, auto packs, 2 scenarios, cap and alerts; lowest CPU of 3 runs):")
    for units in (10, 100, 500):  # 500 x 60 x 3 cases is near the model's forecast limit
        catalog, quote = large_catalog(units), protected(large_quote(units, 60), "2000", ramp_lines=units // 4)
        ms = cpu_ms(lambda: read_all(price_quote(catalog, quote)), 3)
        print(f"  {units:>5} units  {ms:8.1f} ms CPU, all figures read   {ms / units:6.3f} ms per unit")


if __name__ == "__main__":
    main()
