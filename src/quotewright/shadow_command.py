"""The `quotewright shadow` command (PRICING.md 13): a customer's recorded
usage rated under every plan of a catalog, "what you would have paid".

`add_arguments(parser)` declares the command's arguments and `run(args)`
carries it out, returning the exit status; a problem with a file raises a
`FileProblem` (one line naming the file and the field or line; exit 1) and a
wrong argument is refused by the parser (exit 2), as for every command of
`cli.py`, which registers this one.

    quotewright shadow USAGE --catalog CATALOG.json --start 2026-01-01
        [--terms TERMS.json] [--seats N] [--billing monthly|annual]
        [--map MAP.csv] [--timestamp-column NAME] [--work-unit-column NAME]
        [--quantity-column NAME] [--json]
        [--start-quote OUT.json [--plan PLAN] [--fit series|growth]]

`TERMS.json` holds what the records do not (a shadow vector's `quote`:
`seats`, `billing`, `discounts`, optional `credit_packs_per_year`); the
flags override it. `--start-quote` also saves a quote started from the
usage (`domain/shadow_fit.py`): on `PLAN` (the cheapest by default), its
usage the recorded series month by month (`--fit series`, the default) or a
monthly volume and growth fitted to it (`--fit growth`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .command_files import display_locale
from .printable import printable, printable_json

_MAX_SEATS = 1_000_000_000


def _start_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-01-01") from None


def _seats(text: str) -> int:
    if not text.isdigit() or int(text) > _MAX_SEATS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of seats (0 to {_MAX_SEATS:,})")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The shadow command's arguments, on its own (sub)parser."""
    parser.add_argument("usage", type=Path, metavar="USAGE",
                        help="recorded usage: CSV, gzip CSV or Parquet with timestamp, work_unit and quantity")
    parser.add_argument("--catalog", type=Path, required=True, metavar="CATALOG.json",
                        help="the catalog whose plans rate the usage")
    parser.add_argument("--start", type=_start_date, required=True, metavar="YYYY-MM-DD",
                        help="the contract start: month 1 starts at 00:00 UTC on that day")
    parser.add_argument("--terms", type=Path, metavar="TERMS.json",
                        help="seats, billing, discounts and credit_packs_per_year (what is not recorded)")
    parser.add_argument("--seats", type=_seats, metavar="N", help="seats (overrides the terms file)")
    parser.add_argument("--billing", choices=["monthly", "annual"], help="billing (overrides the terms file)")
    parser.add_argument("--map", type=Path, metavar="MAP.csv",
                        help="CSV with the header event,work_unit: the export's event names as catalog work units")
    parser.add_argument("--timestamp-column", default="timestamp", metavar="NAME",
                        help="the column with each record's time (default: timestamp)")
    parser.add_argument("--work-unit-column", default="work_unit", metavar="NAME",
                        help="the column with each record's work unit or event (default: work_unit)")
    parser.add_argument("--quantity-column", metavar="NAME",
                        help="the column with each record's quantity (default: quantity, if the file has it; "
                             "else 1 per record)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--start-quote", type=Path, metavar="OUT.json",
                        help="also save a quote started from this usage (with its catalog), to open or price")
    parser.add_argument("--plan", metavar="PLAN", help="the started quote's plan (default: the cheapest)")
    parser.add_argument("--fit", choices=["series", "growth"], default="series",
                        help="the started quote's usage: the recorded series month by month (default), or a "
                             "monthly volume and growth fitted to it (least squares on the log of each month)")


def _terms(args: argparse.Namespace):
    from pydantic import ValidationError

    from .domain.errors import describe
    from .domain.shadow import ShadowTerms
    from .domain.values import rebuilt
    from .storage.jsonfile import read_json
    from .storage.problems import FileProblem

    terms = ShadowTerms()
    if args.terms is not None:
        data = read_json(args.terms)
        if not isinstance(data, dict):
            raise FileProblem(args.terms, "", "must hold a JSON object ({...}) at the top")
        try:
            terms = ShadowTerms.model_validate(data)
        except ValidationError as error:
            raise FileProblem.from_invalid(args.terms, describe(error)) from None
    changes = {}
    if args.seats is not None:
        changes["seats"] = args.seats
    if args.billing is not None:
        changes["billing"] = args.billing
    return rebuilt(terms, **changes) if changes else terms


def run(args: argparse.Namespace) -> int:
    """Read, rate and print; returns the exit status (0)."""
    from .domain.errors import InvalidInput
    from .domain.shadow import shadow_bill, shadow_to_json
    from .storage.documents import load_catalog
    from .storage.problems import FileProblem
    from .storage.event_map import read_mapping
    from .storage.usage_import import Columns, read_usage

    catalog = load_catalog(args.catalog)
    terms = _terms(args)
    mapping = read_mapping(args.map, catalog) if args.map is not None else None
    columns = Columns(args.timestamp_column, args.work_unit_column, args.quantity_column)
    recorded = read_usage(args.usage, args.start, catalog, columns=columns, mapping=mapping)
    try:
        result = shadow_bill(catalog, recorded, terms, args.start, customer=f"Shadow billing of {args.usage.name}")
    except InvalidInput as problem:
        # Packs that do not fit the recorded term are the terms file's;
        # anything else (no billed record) is the usage file's.
        at_terms = args.terms is not None and problem.path.startswith("credit_packs_per_year")
        raise FileProblem.from_invalid(args.terms if at_terms else args.usage, problem) from None
    if args.plan is not None and all(p.plan != args.plan for p in result.plans):
        raise FileProblem(args.catalog, "plans", f"has no plan {args.plan!r} (--plan); its plans: "
                                                 + ", ".join(p.plan for p in result.plans))
    if args.start_quote is not None:
        _save_started_quote(args, result, catalog)
    if args.json:
        print(printable_json(json.dumps(shadow_to_json(result), indent=1, ensure_ascii=False)))
    else:
        sys.stdout.write(render_shadow(result, catalog, args.usage, display_locale()))
        if args.start_quote is not None:
            print(printable(f"Started quote saved to {args.start_quote} ({_started_words(args, result)})"))
    return 0


def _started_words(args: argparse.Namespace, result) -> str:
    plan = args.plan or result.cheapest
    usage = "usage fitted: monthly volume and growth" if args.fit == "growth" else "usage: the recorded series"
    return f"plan {plan}; {usage}"


def _save_started_quote(args: argparse.Namespace, result, catalog) -> None:
    """Write the started quote atomically; nothing is written if it fails."""
    from .domain.errors import InvalidInput
    from .domain.shadow_fit import started_quote
    from .storage.documents import save_quote
    from .storage.problems import FileProblem

    try:
        quote = started_quote(result, args.plan, args.fit)
    except InvalidInput as problem:
        raise FileProblem.from_invalid(args.usage, problem) from None
    try:
        save_quote(args.start_quote, quote, catalog)
    except OSError as error:
        raise FileProblem(args.start_quote, "", f"cannot be written: {error.strerror or error}") from None


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join([first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:])]).rstrip()

    return [line(headers), line(["-" * w for w in widths])] + [line(row) for row in rows]


def render_shadow(result, catalog, usage_path: Path, locale: str = "en_US") -> str:
    """The result as text for the terminal: the usage found per unit per
    month, what was left out and why, each plan's invoices month by month
    and in total, the cheapest marked, figures in `locale`. Every line
    passes through `printable` (names come from files)."""
    from .domain.money import exact_sum
    from .domain.quote import MAX_TERM_MONTHS
    from .domain.shadow import add_months
    from decimal import Decimal

    from .formatting import format_date, format_money, format_quantity

    def count(number: int) -> str:
        return format_quantity(Decimal(number), locale)

    def format_month(start: dt.date, month: int) -> str:  # a contract month by the day it starts
        return f"{month:>3} {format_date(add_months(start, month - 1), locale)}"

    recorded, start, term = result.recorded, result.start, result.term_months
    currency = catalog.currency
    billed = sum(recorded.billed_records.values())
    unknown = recorded.unknown_work_units
    out = [
        f"Shadow billing of {usage_path} from {format_date(start, locale)} under {catalog.name} {catalog.version} "
        f"({currency})",
        f"{count(recorded.records)} records read; {count(billed)} billed over {term} month{'s' if term != 1 else ''} "
        f"({format_month(start, 1)} to {format_month(start, term)})",
        f"Left out: {count(recorded.before_start)} before the start, {count(recorded.beyond_term)} past month "
        f"{MAX_TERM_MONTHS}, {count(sum(unknown.values()))} of work units the catalog does not have"
        + (": " + ", ".join(f"{name} ({count(found)})" for name, found in unknown.items()) if unknown else ""),
        "",
        "Recorded usage",
    ]
    units = list(result.series)
    rows = [[format_month(start, m)] + [format_quantity(result.series[u][m - 1], locale) for u in units]
            for m in range(1, term + 1)]
    rows.append(["Total"] + [format_quantity(exact_sum(result.series[u]), locale) for u in units])
    out += _table(["Month"] + units, rows)
    out += ["", f"What each plan would have billed ({'annual' if result.plans[0].quote.billing == 'annual' else 'monthly'} billing)"]
    marks = {p.plan: (" *" if p.plan == result.cheapest else "") for p in result.plans}
    rows = [[format_month(start, m)] + [format_money(p.priced.invoices[m - 1].amount, currency, locale) for p in result.plans]
            for m in range(1, term + 1)]
    rows.append(["Total"] + [format_money(p.priced.totals.tcv, currency, locale) + marks[p.plan] for p in result.plans])
    out += _table(["Month"] + [p.name for p in result.plans], rows)
    cheapest = next(p for p in result.plans if p.plan == result.cheapest)
    packs = ", ".join(
        f"{p.name}: {'/'.join(str(n) for n in p.priced.credit_packs_per_year)}"
        for p in result.plans if catalog.plan(p.plan).credit_pack is not None
    )
    out += ["", f"* cheapest: {cheapest.name} at {format_money(cheapest.priced.totals.tcv, currency, locale)}"]
    if packs:
        out.append(f"Credit packs bought per contract year: {packs}")
    return "".join(printable(line) + "\n" for line in out)
