"""The quote library (LIBRARY.md): a SQLite file on a laptop or a
PostgreSQL database for a team, one schema created by migrations.
`open_library(url)` opens one; `sync.copy_missing` pushes and pulls;
`team.init_team` sets up a team database's roles and grants.

The names below load on first use: importing `storage.library.where` (is
there a library at all?) must not load SQLAlchemy and Alembic."""

from __future__ import annotations

from importlib import import_module

_HOMES = {
    "LIBRARY_VARIABLE": ".where", "LibraryProblem": ".connect", "library_url": ".connect",
    "Library": ".store", "QuoteRow": ".store", "RevisionRow": ".store", "Stored": ".store", "open_library": ".store",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name], __name__), name)
