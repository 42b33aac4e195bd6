"""Two revisions of a quote compared (LIBRARY.md 3), for the command
line's `library diff` and the app's Library tab alike: each revision read
back and priced with its own snapshot (it reprices to the same numbers
forever, PRICING.md 4), the inputs that changed by field, and how every
total moved."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from ..domain import library as rules
from ..domain.catalog import Catalog
from ..domain.pricing import price_quote
from ..domain.quote import Quote
from ..domain.result import PricedQuote
from ..storage.documents import LoadedQuote, quote_from_data
from ..storage.library.store import Library, RevisionRow


class RevisionDiff(NamedTuple):
    """Two revisions compared (LIBRARY.md 3): the inputs that changed, by
    field, and how every total moved, each priced with its own snapshot."""

    quote_id: str
    first: int
    second: int
    catalog_changed: bool
    changes: list[rules.FieldChange]  # the inputs, the catalog snapshot's hash left out
    moves: list[rules.TotalMove]  # every total, moved or not
    minor_units: int
    quote: Quote  # the second revision's quote and snapshot: what names the fields
    catalog: Catalog

    @property
    def moved(self) -> list[rules.TotalMove]:
        return [move for move in self.moves if move.change]


class PricedRevision(NamedTuple):
    revision: RevisionRow
    content: dict[str, Any]  # the saved-quote file
    loaded: LoadedQuote
    priced: PricedQuote


def priced_revision(library: Library, quote_id: str, number: int | None, today=None) -> PricedRevision:
    """A revision read back and priced with its own snapshot (it reprices to
    the same numbers forever, PRICING.md 4); `today` only adds the warnings
    that depend on the date (expired)."""
    revision, content = library.revision(quote_id, number)
    loaded = quote_from_data(Path(f"{library.name}#{quote_id}/{revision.number}"), content)
    return PricedRevision(revision, content, loaded, price_quote(loaded.catalog, loaded.quote, today=today))


def revision_diff(library: Library, quote_id: str, first: int, second: int) -> RevisionDiff:
    """What changed from revision `first` to `second` (the CLI's `diff` and the app's)."""
    before, after = priced_revision(library, quote_id, first), priced_revision(library, quote_id, second)
    changes = [change for change in rules.changed_inputs(before.content, after.content)
               if change.path != "catalog_sha256"]
    return RevisionDiff(quote_id, before.revision.number, after.revision.number,
                        before.content.get("catalog_sha256") != after.content.get("catalog_sha256"), changes,
                        rules.moved_totals(before.priced.totals, after.priced.totals), after.priced.minor_units,
                        after.loaded.quote, after.loaded.catalog)
