"""The `quotewright compare QUOTE.json [--catalog CATALOG.json] [--json]`
command (PRICING.md section 12): the customer priced under every plan of the
catalog, side by side, and the ranges of usage where each plan is cheapest.

`add_arguments(parser)` declares the arguments and `run(args)` runs it; the
command line registers both. Problems raise `FileProblem` naming the file
and the field, as every command's do (exit 1, one line).
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from .command_files import display_locale, quote_and_catalog
from .domain.catalog import Catalog
from .domain.compare import Comparison, PlanRow, compare
from .domain.compare_json import comparison_to_json
from .domain.errors import InvalidInput
from .formatting import DEFAULT_LOCALE, format_amount, format_money, format_percent, format_quantity
from .printable import printable, printable_json
from .storage.documents import LoadedQuote, load_catalog, load_quote
from .storage.problems import FileProblem
from .text_report import _table

EXIT_OK = 0

HELP = "price the customer under every plan of the catalog, side by side"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("quote", type=Path, help="a saved quote, or a bare quote with --catalog")
    parser.add_argument("--catalog", type=Path, help="compare the plans of this catalog instead of the embedded one")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")


def run(args: argparse.Namespace) -> int:
    loaded, catalog = _load(args.quote, args.catalog)
    try:
        comparison = compare(catalog, loaded.quote)
    except InvalidInput as problem:
        raise FileProblem.from_invalid(args.quote, problem) from None
    if args.json:
        print(printable_json(json.dumps(comparison_to_json(comparison), indent=1, ensure_ascii=False)))
    else:
        sys.stdout.write(render_comparison(comparison, display_locale()))
    return EXIT_OK


def _load(quote_path: Path, catalog_path: Path | None) -> tuple[LoadedQuote, Catalog]:
    return quote_and_catalog(quote_path, catalog_path, done="compared")


def render_comparison(comparison: Comparison, locale: str = DEFAULT_LOCALE) -> str:
    """The comparison as a readable table, what each plan is made of, and
    the cheapest ranges, figures in `locale`. Every line is escaped: names
    come from files."""
    currency, places = comparison.currency, comparison.minor_units

    def amount(value: Decimal) -> str:
        return format_amount(value, places, locale)

    def tenths(multiplier: Decimal) -> str:  # 0.1 ... 5.0, as the issue writes them
        return format_amount(multiplier, 1, locale)

    names = {row.plan: row.name for row in comparison.plans}
    rows = []
    for row in comparison.plans:
        label = row.name + (" *" if row.plan == comparison.quote_plan else "")
        if row.priced is None:
            rows.append([label, "-", "not priced", "", "", "", "", ""])
            continue
        low, high = row.low_high
        rows.append(
            [
                label,
                row.architecture or "-",
                amount(row.tcv),
                amount(row.year_1),
                amount(row.max_invoice),
                f"{amount(low)} - {amount(high)}",
                format_percent(row.priced.totals.gross_margin_percent, locale),
                row.priced.approval.level,
            ]
        )
    out = [f"Plans side by side ({currency}; * is the quote's own plan)", ""]
    out += _table(
        ["Plan", "Architecture", "TCV", "Year 1", "Largest invoice", "Low - high", "Margin (INTERNAL)", "Approval"], rows
    )
    out += ["", "Low - high: the lowest and highest TCV over the expected usage and the quote's scenarios.",
            "Margin is INTERNAL: not for the customer.", "", "What each plan is made of:"]
    out += [f"  {row.name}: {_makeup_text(row, currency, locale)}" for row in comparison.plans]
    for row in comparison.plans:
        if row.problem:
            out.append(f"  {row.name} not priced: {row.problem}")
    out += ["", "Cheapest by usage (x the expected usage, auto packs for every plan that sells them):",
            "  " + "; ".join(
                f"{tenths(found.first)}x-{tenths(found.last)}x: {names.get(found.plan, 'no plan could be priced')}"
                for found in comparison.cheapest_ranges
            )]
    unsettled = sorted({plan for entry in comparison.cheapest_by_multiplier for plan in entry.unsettled})
    if unsettled:
        out.append("  Left out where their auto packs could not settle: " + ", ".join(names[p] for p in unsettled))
    return "\n".join(printable(line) for line in out) + "\n"


def _makeup_text(row: PlanRow, currency: str, locale: str) -> str:
    made = row.makeup
    parts = []
    if made.platform_fee:
        parts.append(f"platform fee {format_money(made.platform_fee, currency, locale)} a month")
    if made.seat_price:
        parts.append(f"{made.billable_seats} billable seats ({made.included_seats} included)")
    if made.included_credits:
        months = "month" if made.rollover_cap == 1 else "months"
        banked = f", up to {format_quantity(made.rollover_cap, locale)} {months} banked" if made.rollover_cap else ""
        parts.append(f"{format_quantity(made.included_credits, locale)} credits included a month{banked}")
    if made.credit_pack_size is not None:
        packs = ", ".join(str(n) for n in row.priced.credit_packs_per_year) if row.priced else "?"
        parts.append(f"packs of {format_quantity(made.credit_pack_size, locale)} credits ({packs} a year)")
    parts.append(f"overage ({made.overage_mode})")
    if made.outcomes:
        parts.append("outcomes " + ", ".join(made.outcomes))
    return "; ".join(parts)
