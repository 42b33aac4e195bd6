"""The open quote: the quote, the catalog snapshot it is priced with, the
priced result, its file, its history and the case being shown, and the
commands a person gives it (`commands.py` says what each one means).

Every change goes through the history, repricing with another catalog
included: the snapshot is part of the document, so undo brings the old
prices back like any other edit. The session needs no Qt and no event
loop; the desktop app wraps it in `ui/documents.QuoteDocument`, the
command line can use it as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from time import monotonic
from typing import Callable, Sequence

from ..domain.catalog import Catalog
from ..domain.edits import apply_edit
from ..domain.errors import InvalidInput
from ..domain.fingerprint import catalog_fingerprint
from ..domain.pricing import price_quote
from ..domain.quote import Quote
from ..domain.result import PricedCase, PricedQuote
from ..storage.documents import LoadedQuote, load_quote, save_quote
from ..storage.problems import FileProblem
from ..storage.recovery import Recovery
from . import commands, ramp_commands
from .commands import QuoteEdit, UseCatalog
from .events import Listeners
from .scenarios import case_by_rank
from .session import DocumentSession

State = tuple[Catalog, Quote, PricedQuote]


class PricingFailed(InvalidInput):
    """The engine could not price a quote for a reason no rule names (a bug,
    or a limit nobody foresaw). The change is refused like invalid input, so
    the document, its figures and every view stay in step; the front end
    says that the last change was not applied and why."""


class QuoteSession(DocumentSession):
    """The quote being built. Raises `InvalidInput` if it cannot be priced.

    `today` dates the validity warning; `clock` times keystroke merging
    (both replaceable in tests). Events besides the base ones:
    `scenario_changed` (another case is shown).
    """

    def __init__(self, catalog: Catalog, quote: Quote, path: Path | str | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today, clock: Callable[[], float] = monotonic):
        super().__init__(path, clock)
        self._today = today
        self.scenario_changed = Listeners()
        self.catalog, self.quote, self.priced = self._price(catalog, quote)
        self.scenario: str | None = None  # the case views show; None is the expected case

    # --- the document ------------------------------------------------------------------
    @property
    def model(self) -> Quote:
        return self.quote

    def _names(self) -> tuple[Quote, Catalog]:
        return self.quote, self.catalog

    @property
    def case(self) -> PricedCase:
        return self.priced.case(self.scenario)

    @property
    def sells_packs(self) -> bool:
        return self.catalog.plan(self.quote.plan).credit_pack is not None

    def _price(self, catalog: Catalog, quote: Quote) -> State:
        try:
            return catalog, quote, price_quote(catalog, quote, today=self._today())
        except InvalidInput:
            raise
        except Exception as error:  # noqa: BLE001 - any failure refuses the change; the user's work stays
            raise PricingFailed("", f"this quote cannot be priced ({type(error).__name__}: {error})") from error

    def _attempt(self, edit: QuoteEdit) -> tuple[State, QuoteEdit]:
        if isinstance(edit, UseCatalog):
            return self._price(edit.catalog, self.quote), UseCatalog(self.catalog, edit.label)
        quote, inverse = apply_edit(edit, self.quote)
        return self._price(self.catalog, quote), inverse

    def _commit(self, state: State) -> None:
        self.catalog, self.quote, self.priced = state
        if self.scenario not in self.priced.scenarios:
            self.scenario = None
        self.changed.emit()

    # --- files -------------------------------------------------------------------------
    def load(self, catalog: Catalog, quote: Quote, path: Path | str | None = None) -> None:
        """Replace the document (after the caller has saved or discarded).
        Raises `InvalidInput` and keeps the open quote if it cannot be priced."""
        state = self._price(catalog, quote)
        self.catalog, self.quote, self.priced = state
        self.scenario = None
        self._loaded(path)

    def open(self, path: Path | str, catalog: Catalog | None = None, *, reprice: bool = False) -> LoadedQuote:
        """Open a quote file. It is priced with its own snapshot; a bare
        quote (no snapshot) with `catalog`; with `reprice`, with `catalog`
        whatever the file holds (the command line's `--catalog`). Raises
        `FileProblem`, naming the file and the field, and keeps the open quote."""
        loaded = load_quote(Path(path), repricing=reprice and catalog is not None)
        self.open_loaded(loaded, catalog, reprice=reprice)
        return loaded

    def open_loaded(self, loaded: LoadedQuote, catalog: Catalog | None = None, *, reprice: bool = False) -> None:
        """`open` for a file already read (the app reads a file first to
        learn whether it is a quote or a catalog)."""
        chosen = catalog if reprice and catalog is not None else loaded.catalog or catalog
        if chosen is None:
            raise FileProblem(loaded.path, "catalog", "is not in the file; open the quote with a catalog")
        try:
            self.load(chosen, loaded.quote, loaded.path)
        except InvalidInput as problem:
            raise FileProblem.from_invalid(loaded.path, problem) from None

    def save(self) -> None:
        """Write the quote and its snapshot to its file. Raises `FileProblem`
        (or `InvalidInput` for a quote its snapshot cannot price)."""
        if self.path is None:
            raise InvalidInput("", "this quote has no file yet; save it as a file first")
        self.save_as(self.path)

    def save_as(self, path: Path | str) -> None:
        save_quote(Path(path), self.quote, self.catalog)
        self.mark_saved(path)

    def recover(self, recovery: Recovery) -> None:
        """Open what a crashed window autosaved: modified (it is not in any
        file) until saved, and its original file, if any, as its path."""
        self.load(recovery.catalog, recovery.quote, Path(recovery.original) if recovery.original else None)
        self.mark_unsaved()

    # --- commands ---------------------------------------------------------------------
    def _push_made(self, make: Callable[[], QuoteEdit | None], typed: bool = False) -> InvalidInput | None:
        """Push the edit a command makes; a command may refuse (InvalidInput,
        returned, not `rejected`: the text never reached the quote) or find
        nothing to do (None)."""
        try:
            edit = make()
        except InvalidInput as problem:
            return problem
        return None if edit is None else self.push(edit, typed=typed)

    def change_plan(self, plan_id: str) -> InvalidInput | None:
        return self._push_made(lambda: commands.change_plan(self.catalog, self.quote, plan_id))

    def change_term(self, months: int) -> InvalidInput | None:
        # The per-year packs and every ramp's series follow the term, as one step.
        return self._push_made(lambda: ramp_commands.change_term(self.quote, months))

    def type_pack_counts(self, text: str) -> InvalidInput | None:
        return self._push_made(lambda: commands.type_pack_counts(self.quote, text), typed=True)

    def set_auto_packs(self, on: bool) -> InvalidInput | None:
        return self._push_made(lambda: commands.set_auto_packs(self.quote, self.priced, on))

    def set_prepared_by(self, name: str) -> InvalidInput | None:
        return self._push_made(lambda: commands.set_prepared_by(self.quote, name), typed=True)

    def set_prepared_role(self, role: str) -> InvalidInput | None:
        return self._push_made(lambda: commands.set_prepared_role(self.quote, role), typed=True)

    def add_line(self, key: str, ident: str | None) -> InvalidInput | None:
        return None if not ident else self._push_made(lambda: commands.add_line(self.quote, key, ident))

    def remove_lines(self, key: str, rows: Sequence[int]) -> InvalidInput | None:
        return self._push_made(lambda: commands.remove_lines(key, rows))

    def set_scenario_multiplier(self, name: str, value: Decimal | None, *, typed: bool = False) -> InvalidInput | None:
        return self.push(commands.set_scenario_multiplier(name, value), typed=typed)

    def reprice_with(self, catalog: Catalog) -> InvalidInput | None:
        """Price the quote with `catalog` from now on, as one undoable step;
        the reason if the quote does not fit it (nothing changes then)."""
        edit = UseCatalog(catalog)
        try:
            state, inverse = self._attempt(edit)
        except InvalidInput as problem:
            return problem
        self._commit(state)
        self.history.record(edit, inverse, edit.describe())
        return None

    # --- what is shown ---------------------------------------------------------------------
    def set_scenario(self, name: str | None) -> None:
        self.scenario = name if name in self.priced.scenarios else None
        self.scenario_changed.emit()

    def show_case(self, rank: str) -> None:
        """Show the "low", "expected" or "high" case."""
        self.set_scenario(case_by_rank(self.priced, rank))

    def differs_from(self, catalog: Catalog) -> bool:
        """Is `catalog` another catalog than the snapshot the quote is priced with?"""
        return _fingerprint(self.catalog) != _fingerprint(catalog)


_fingerprints: dict[int, tuple[Catalog, str]] = {}


def _fingerprint(catalog: Catalog) -> str:
    """Catalogs are immutable, so each one's hash is computed once."""
    cached = _fingerprints.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        if len(_fingerprints) > 64:
            _fingerprints.clear()
        cached = (catalog, catalog_fingerprint(catalog))
        _fingerprints[id(catalog)] = cached
    return cached[1]
