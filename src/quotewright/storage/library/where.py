"""Where the library is, said without loading SQLAlchemy or Alembic: the
app asks at start-up whether the open quote may be in a library, and a
rep who never used one should not pay for the database layer to hear
"no" (about a second of imports on a slow laptop)."""

from __future__ import annotations

import os

from ...domain.settings import Settings
from ..settings_store import data_folder

LIBRARY_VARIABLE = "QUOTEWRIGHT_LIBRARY"
LIBRARY_FILE = "library.sqlite3"


def may_have_library(settings: Settings) -> bool:
    """False only when no library is named (environment, settings) and the
    local SQLite file does not exist yet: nothing can be in it."""
    if os.environ.get(LIBRARY_VARIABLE) or settings.library_url:
        return True
    return (data_folder() / LIBRARY_FILE).exists()
