"""A quote file: the quote plus the catalog snapshot it was priced with and
that snapshot's SHA-256, so it reprices identically forever."""

from __future__ import annotations

from .catalog import Catalog
from .quote import Quote
from .values import SHA256_HEX


class SavedQuote(Quote):
    """The file format of a quote. A bare quote (no catalog) is priced
    against a catalog named on the command line. A catalog snapshot is
    trusted only with its `catalog_sha256` (storage/documents.py checks it):
    without the hash the file is refused, unless it is repriced against a
    catalog named on the command line."""

    catalog: Catalog | None = None
    catalog_sha256: SHA256_HEX | None = None

    def bare(self) -> Quote:
        """The quote without its snapshot."""
        return Quote.model_validate(self.model_dump(exclude={"catalog", "catalog_sha256"}))
