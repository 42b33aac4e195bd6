"""The catalog being edited: the catalog, its file and its history. An
edit that would make an invalid catalog is refused and changes nothing.
Quotes are not repriced when it changes: a quote keeps its snapshot until
someone reprices it (`QuoteSession.reprice_with`)."""

from __future__ import annotations

from pathlib import Path
from time import monotonic
from typing import Callable

from ..domain.catalog import Catalog
from ..domain.edits import Edit, apply_edit
from ..domain.errors import InvalidInput
from ..storage.documents import load_catalog, save_catalog
from .session import DocumentSession


class CatalogSession(DocumentSession):
    def __init__(self, catalog: Catalog, path: Path | str | None = None, *,
                 clock: Callable[[], float] = monotonic):
        super().__init__(path, clock)
        self.catalog = catalog
        self._saved_content = catalog

    def _content(self) -> Catalog:
        # A catalog edited and typed back to what its file holds is not modified (the tab loses its *).
        return self.catalog

    @property
    def model(self) -> Catalog:
        return self.catalog

    def _names(self) -> tuple[Catalog, Catalog]:
        return self.catalog, self.catalog

    def _attempt(self, edit: Edit) -> tuple[Catalog, Edit]:
        return apply_edit(edit, self.catalog)

    def _commit(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.changed.emit()

    def load(self, catalog: Catalog, path: Path | str | None = None) -> None:
        """Replace the document (after the caller has saved or discarded)."""
        self.catalog = catalog
        self._loaded(path)

    def open(self, path: Path | str) -> None:
        """Open a catalog file; raises `FileProblem` and keeps the open one."""
        self.load(load_catalog(Path(path)), path)

    def save(self) -> None:
        if self.path is None:
            raise InvalidInput("", "this catalog has no file yet; save it as a file first")
        self.save_as(self.path)

    def save_as(self, path: Path | str) -> None:
        """Write the catalog to `path`; raises `FileProblem`."""
        save_catalog(Path(path), self.catalog)
        self.mark_saved(path)
