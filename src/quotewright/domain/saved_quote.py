"""A quote file: the quote plus the catalog snapshot it was priced with and
that snapshot's SHA-256, so it reprices identically forever."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .catalog import Catalog
from .quote import Quote


class SavedQuote(Quote):
    """The file format of a quote. A bare quote (no catalog) is priced
    against a catalog named on the command line."""

    catalog: Catalog | None = None
    catalog_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None

    def bare(self) -> Quote:
        """The quote without its snapshot."""
        return Quote.model_validate(self.model_dump(exclude={"catalog", "catalog_sha256"}))
