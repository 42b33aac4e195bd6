"""Load and save catalogs and quotes.

A saved quote embeds the catalog it was priced with and the SHA-256 of that
snapshot; loading checks the hash, so a quote can never silently change. A
snapshot without its hash is refused too (deleting the hash must not let an
edited snapshot through), unless the caller reprices the quote against a
catalog of its own, in which case the snapshot is not used at all. A bare
quote (no snapshot, no hash) is priced against a catalog the caller names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from ..domain.catalog import CATALOG_FORMAT, Catalog
from ..domain.consistency import check_quote_against_catalog
from ..domain.errors import InvalidInput, describe
from ..domain.fingerprint import fingerprint
from ..domain.quote import QUOTE_FORMAT, Quote
from ..domain.saved_quote import SavedQuote
from .jsonfile import dump_json, read_json, write_atomic
from .problems import FileProblem

CATALOG_KIND, QUOTE_KIND = "catalog", "quote"


class LoadedQuote(NamedTuple):
    quote: Quote
    catalog: Catalog | None  # the embedded, verified snapshot, if the file has one
    path: Path
    snapshot_unused: bool = False  # an unhashed snapshot was set aside to reprice


def _object(path: Path) -> dict[str, Any]:
    data = read_json(path)
    if not isinstance(data, dict):
        raise FileProblem(path, "", "must hold a JSON object ({...}) at the top")
    return data


def file_kind(path: Path, data: dict[str, Any]) -> str:
    """'catalog' or 'quote', from the file's `format`."""
    found = data.get("format")
    if isinstance(found, str) and found.startswith("quotewright.catalog/"):
        return CATALOG_KIND
    if isinstance(found, str) and found.startswith("quotewright.quote/"):
        return QUOTE_KIND
    if found is None:
        raise FileProblem(path, "format", f"is required ({CATALOG_FORMAT!r} or {QUOTE_FORMAT!r})")
    raise FileProblem(path, "format", f"{found!r} is not a Quotewright catalog or quote")


def catalog_from_data(path: Path, data: Any) -> Catalog:
    try:
        return Catalog.model_validate(data)
    except ValidationError as error:
        raise FileProblem.from_invalid(path, describe(error)) from None


def load_catalog(path: Path) -> Catalog:
    path = Path(path)
    return catalog_from_data(path, _object(path))


def quote_from_data(path: Path, data: dict[str, Any], *, repricing: bool = False) -> LoadedQuote:
    """The quote in `data`, with its snapshot once the hash proves it.

    `repricing` says the caller prices against a catalog of its own (the
    command line's `--catalog`): a snapshot without a hash is then set aside
    rather than refused. A snapshot whose hash does not match is refused
    either way.
    """
    try:
        saved = SavedQuote.model_validate(data)
    except ValidationError as error:
        raise FileProblem.from_invalid(path, describe(error)) from None
    quote = saved.bare()
    if saved.catalog is None:
        if saved.catalog_sha256 is not None:
            raise FileProblem(path, "catalog", "is missing, but catalog_sha256 says there should be one")
        return LoadedQuote(quote, None, path)
    if saved.catalog_sha256 is None:
        if repricing:
            return LoadedQuote(quote, None, path, snapshot_unused=True)
        raise FileProblem(
            path,
            "catalog_sha256",
            "is missing, so the embedded catalog cannot be trusted (an edited snapshot must not pass); "
            "restore the file, or reprice the quote against a catalog with --catalog",
        )
    if fingerprint(data["catalog"]) != saved.catalog_sha256:
        raise FileProblem(
            path, "catalog_sha256", "does not match the embedded catalog; the snapshot was changed after saving"
        )
    try:
        check_quote_against_catalog(saved.catalog, quote)
    except InvalidInput as problem:
        raise FileProblem.from_invalid(path, problem) from None
    return LoadedQuote(quote, saved.catalog, path)


def load_quote(path: Path, *, repricing: bool = False) -> LoadedQuote:
    """A quote file; `repricing` as in `quote_from_data`."""
    path = Path(path)
    data = _object(path)
    if "format" not in data:
        raise FileProblem(path, "format", f"is required ({QUOTE_FORMAT!r})")
    return quote_from_data(path, data, repricing=repricing)


def load_any(path: Path) -> Catalog | LoadedQuote:
    """A catalog or a quote, whichever the file's `format` says it is."""
    path = Path(path)
    data = _object(path)
    if file_kind(path, data) == CATALOG_KIND:
        return catalog_from_data(path, data)
    return quote_from_data(path, data)


def save_catalog(path: Path, catalog: Catalog) -> None:
    write_atomic(Path(path), dump_json(catalog.model_dump(mode="json")))


def quote_file_data(quote: Quote, catalog: Catalog) -> dict[str, Any]:
    """The JSON of a saved quote: the quote, its catalog and their hash."""
    data = quote.model_dump(mode="json")
    data["catalog"] = catalog.model_dump(mode="json")
    data["catalog_sha256"] = fingerprint(data["catalog"])
    return data


def save_quote(path: Path, quote: Quote, catalog: Catalog) -> None:
    """Save `quote` with the snapshot of `catalog` it is priced against."""
    check_quote_against_catalog(catalog, quote)
    write_atomic(Path(path), dump_json(quote_file_data(quote, catalog)))
