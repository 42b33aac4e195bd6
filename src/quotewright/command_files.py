"""What every command that reads a quote does first: load the quote and the
catalog it is priced against, and say on stderr when a named catalog, not
the file's own snapshot, is what gets priced; and what each one that prints
figures for people needs: the user's locale, and the quote's warnings on
stderr. Shared by `cli.py` and the command modules it registers
(`compare_command`, `shadow_command`), which cannot import the command line
itself without an import circle."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .printable import printable

if TYPE_CHECKING:
    from .domain.catalog import Catalog
    from .domain.result import PricedQuote
    from .storage.documents import LoadedQuote


def say(line: str, stream=None) -> None:
    """Print one line of ours that may hold text from a file: escaped, so a
    name or a file name can neither split it nor drive the terminal."""
    print(printable(line), file=stream or sys.stdout)


def quote_and_catalog(quote_path: Path, catalog_path: Path | None,
                      done: str = "repriced") -> tuple["LoadedQuote", "Catalog"]:
    """The quote and the catalog to use: the named one, else the snapshot.
    `done` says what happens with a named catalog ("repriced", "compared")."""
    from .storage.documents import load_catalog, load_quote
    from .storage.problems import FileProblem

    loaded = load_quote(quote_path, repricing=catalog_path is not None)
    catalog = load_catalog(catalog_path) if catalog_path else loaded.catalog
    if catalog_path and (loaded.catalog is not None or loaded.snapshot_unused):
        # The file's own snapshot is not what is priced: say so, so no one
        # mistakes these figures for the saved quote's.
        unused = " (its snapshot has no catalog_sha256 and was not used)" if loaded.snapshot_unused else ""
        say(f"quotewright: {quote_path}: {done} against {catalog_path}{unused}", sys.stderr)
    if catalog is None:
        raise FileProblem(quote_path, "catalog", "this quote carries no catalog; pass one with --catalog")
    return loaded, catalog


def display_locale() -> str:
    """The locale of the user's settings, for text printed for people. A
    settings file that cannot be read does not stop a command that only
    prints: it is named on stderr and the default locale is used."""
    from .formatting import DEFAULT_LOCALE
    from .storage.problems import FileProblem
    from .storage.settings_store import load_settings

    try:
        return load_settings().locale
    except FileProblem as problem:
        say(f"quotewright: warning: {problem}; figures are shown in {DEFAULT_LOCALE}", sys.stderr)
        return DEFAULT_LOCALE


def say_warnings(priced: "PricedQuote", locale: str) -> None:
    """The quote's own warnings (expired, credits that expire unused, a
    cheaper pack count...) on stderr, one line each: they never change the
    exit status, and stdout stays the report or the JSON."""
    from .formatting import format_phrase

    for warning in priced.warnings:
        say(f"quotewright: warning: {format_phrase(warning.message, locale)}", sys.stderr)
