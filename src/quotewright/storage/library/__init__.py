"""The quote library (LIBRARY.md): a SQLite file on a laptop or a
PostgreSQL database for a team, one schema created by migrations.
`open_library(url)` opens one; `sync.copy_missing` pushes and pulls;
`team.init_team` sets up a team database's roles and grants."""

from .connect import LIBRARY_VARIABLE, LibraryProblem, library_url
from .store import Library, QuoteRow, RevisionRow, Stored, open_library

__all__ = ["LIBRARY_VARIABLE", "Library", "LibraryProblem", "QuoteRow", "RevisionRow", "Stored", "library_url",
           "open_library"]
