"""The command line: price, validate, schema, export and samples.

Exit status: 0 success, 1 invalid input (one line naming the file and the
field), 2 wrong usage. No traceback ever reaches the user.

The `app` command (and no command at all) opens the desktop app through the
`open_app` function the caller hands to `main`: the entry module
(`entry.py`) passes the app's, so this module never imports the app or Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from typing import TYPE_CHECKING, Callable

from .command_files import display_locale, quote_and_catalog, say, say_warnings
from .printable import printable, printable_json

if TYPE_CHECKING:
    from .domain.catalog import Catalog
    from .domain.result import PricedQuote
    from .storage.documents import LoadedQuote

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command line was used wrongly: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(EXIT_USAGE, printable(f"{self.prog}: {message} (see --help)") + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="quotewright", description="Price AI work: quotes, Excel models and PDF proposals.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    price = commands.add_parser("price", help="price a quote and print the result")
    price.add_argument("quote", type=Path, help="a saved quote, or a bare quote with --catalog")
    price.add_argument("--catalog", type=Path, help="price against this catalog instead of the embedded one")
    price.add_argument("--json", action="store_true", help="print the full priced result as JSON")
    price.add_argument("--scenario", help="show a usage scenario (such as low or high) instead of expected")

    validate = commands.add_parser("validate", help="check a catalog or quote file")
    validate.add_argument("file", type=Path)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format")
    schema.add_argument("kind", choices=["catalog", "quote"])

    export = commands.add_parser("export", help="export a quote as an Excel model and/or a PDF proposal")
    export.add_argument("quote", type=Path)
    export.add_argument("--catalog", type=Path, help="price against this catalog instead of the embedded one")
    export.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="write the live-formula Excel model here")
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="write the PDF proposal here")
    export.add_argument("--template", help="proposal template (see 'quotewright templates')")
    export.add_argument("--options", action="store_true",
                        help='add "Your options" to the proposal: every plan of the catalog side by side')

    templates = commands.add_parser("templates", help="list proposal templates and where to add your own")
    templates.add_argument("--placeholders", action="store_true", help="list the placeholders template text may use")

    samples = commands.add_parser("samples", help="list the sample catalogs and quotes that ship with Quotewright")
    samples.add_argument("--json", action="store_true")

    from . import compare_command  # its own module: the comparison's table and JSON

    compare_command.add_arguments(commands.add_parser("compare", help=compare_command.HELP))

    from . import library_command  # its own module: the quote library's actions

    library_command.add_arguments(commands.add_parser("library", help=library_command.HELP))

    from . import shadow_command  # DuckDB loads only when a usage file is read

    shadow_command.add_arguments(commands.add_parser(
        "shadow", help="rate recorded usage (CSV, gzip CSV, Parquet) under every plan of a catalog"))

    app = commands.add_parser("app", help="open the desktop app (the default with no command)")
    app.add_argument("file", nargs="?", type=Path, help="a catalog or quote to open")
    return parser


def priced_from_files(quote_path: Path, catalog_path: Path | None) -> tuple["LoadedQuote", "Catalog", "PricedQuote"]:
    """Load a quote (and catalog) and price it; problems name the file."""
    from .domain.errors import InvalidInput
    from .domain.pricing import price_quote
    from .storage.problems import FileProblem

    loaded, catalog = quote_and_catalog(quote_path, catalog_path)
    try:
        priced = price_quote(catalog, loaded.quote, today=dt.date.today())
    except InvalidInput as problem:
        raise FileProblem.from_invalid(quote_path, problem) from None
    return loaded, catalog, priced


_say = say


def _price(args: argparse.Namespace) -> int:
    from .domain.report import priced_to_json
    from .storage.problems import FileProblem
    from .text_report import render_text

    _, _, priced = priced_from_files(args.quote, args.catalog)
    if args.scenario and args.scenario not in priced.scenarios and args.scenario != "expected":
        names = ", ".join(["expected", *priced.scenarios]) or "expected"
        raise FileProblem(args.quote, "scenario_multipliers", f"has no scenario {args.scenario!r} (it has {names})")
    locale = display_locale()
    if args.json:  # JSON is for programs: the same in every locale (domain/report.py)
        print(printable_json(json.dumps(priced_to_json(priced, args.scenario), indent=1, ensure_ascii=False)))
    else:
        sys.stdout.write(render_text(priced, args.scenario, locale))  # escapes what a terminal would obey
    say_warnings(priced, locale)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .domain.values import rebuilt
    from .exporters.base import ExportJob, exporter_table
    from .exporters.batch import check_targets, export_all
    from .storage.settings_store import load_settings, settings_path

    targets = {identifier: out for identifier, out in {"xlsx": args.xlsx, "pdf": args.pdf}.items() if out}
    if not targets:
        raise UsageError("export needs --xlsx OUT.xlsx and/or --pdf OUT.pdf")
    available = exporter_table()  # names only: openpyxl and reportlab load when a document is made
    for identifier in targets:
        if identifier not in available:
            raise UsageError(f"--{identifier} export is not available in this version")
    inputs = [("quote", args.quote), ("catalog", args.catalog), ("settings file", settings_path())]
    labels = {identifier: f"--{identifier} output" for identifier in targets}
    check_targets(targets, inputs, labels)  # before pricing: a clash is said at once
    loaded, catalog, priced = priced_from_files(args.quote, args.catalog)
    job = ExportJob(catalog, loaded.quote, priced)
    settings = load_settings()
    if args.template:
        settings = rebuilt(settings, default_template=args.template)
    template = settings.default_template
    inputs += [("logo", settings.branding.logo_path),
               ("template", template if template and Path(template).is_file() else None)]
    if args.options and not args.pdf:
        raise UsageError("--options adds a section to the PDF proposal: give --pdf OUT.pdf too")
    options = {"pdf": {"optional_sections": ("options",)}} if args.options else {}
    result = export_all(job, settings, targets, inputs, options=options)
    say_warnings(priced, settings.locale)
    for warning in result.warnings:
        _say(f"quotewright: warning: {warning}", sys.stderr)
    for out in result.written:
        _say(f"wrote {out}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from .domain.catalog import Catalog
    from .storage.documents import load_any

    found = load_any(args.file)
    if isinstance(found, Catalog):
        _say(f"{args.file}: valid catalog {found.name!r} {found.version} "
             f"({len(found.work_units)} work units, {len(found.plans)} plans, {found.currency})")
    else:
        snapshot = "with its catalog snapshot" if found.catalog else "without a catalog (price it with --catalog)"
        _say(f"{args.file}: valid quote {found.quote.id!r} for {found.quote.customer.name!r}, {snapshot}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .domain.catalog import Catalog
    from .domain.saved_quote import SavedQuote

    model = Catalog if args.kind == "catalog" else SavedQuote
    print(json.dumps(model.model_json_schema(mode="validation"), indent=1))
    return EXIT_OK


def _templates(args: argparse.Namespace) -> int:
    from .domain.proposal_template import PLACEHOLDERS
    from .storage.templates import available_templates, load_template, user_templates_folder

    if args.placeholders:
        for name, meaning in PLACEHOLDERS.items():
            print(f"{{{name}}}  {meaning}")
        return EXIT_OK
    for name, path in sorted(available_templates().items()):
        template = load_template(str(path))
        _say(f"{name}: {template.name}. {template.description}")
        _say(f"  {path}")
    _say(f"Add your own: copy one of these .toml files into {user_templates_folder()}")
    return EXIT_OK


def _samples(args: argparse.Namespace) -> int:
    from .storage.samples import samples

    found = samples()
    if args.json:
        print(json.dumps([{"name": s.name, "catalog": str(s.catalog), "quote": str(s.quote)} for s in found], indent=1))
    else:
        for s in found:
            print(f"{s.name}\n  catalog: {s.catalog}\n  quote:   {s.quote}")
    return EXIT_OK


def _app(args: argparse.Namespace) -> int:
    if args.open_app is None:
        raise UsageError("the desktop app opens from the quotewright command, not from this entry point")
    return args.open_app([str(args.file)] if getattr(args, "file", None) else [])


def _compare(args: argparse.Namespace) -> int:
    from . import compare_command

    return compare_command.run(args)


def _shadow(args: argparse.Namespace) -> int:
    from . import shadow_command

    return shadow_command.run(args)


def _library(args: argparse.Namespace) -> int:
    from . import library_command

    return library_command.run(args)


_COMMANDS = {
    "library": _library, "compare": _compare, "shadow": _shadow, "price": _price, "export": _export,
    "validate": _validate, "schema": _schema, "templates": _templates, "samples": _samples, "app": _app,
}


def main(argv: list[str] | None = None, open_app: Callable[[list[str]], int] | None = None) -> int:
    """Run one command. `open_app(arguments)` opens the desktop app for the
    `app` command (and for no command); without it, asking for the app is a
    usage error. Use `quotewright.entry.main` to get the whole program."""
    argv = sys.argv[1:] if argv is None else list(argv)
    from .storage.problems import FileProblem

    # With no arguments the app opens at once, without building the parser.
    args = _parser().parse_args(argv) if argv else argparse.Namespace(command="app", file=None)
    args.open_app = open_app
    command = _COMMANDS[args.command or "app"]
    try:
        return command(args)
    except UsageError as problem:
        _say(f"quotewright: {problem}", sys.stderr)
        return EXIT_USAGE
    except FileProblem as problem:
        _say(f"quotewright: {problem}", sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: say so in one line, keep the user's files untouched
        _say(f"quotewright: internal error ({type(error).__name__}: {error}); please report it", sys.stderr)
        return EXIT_INVALID
