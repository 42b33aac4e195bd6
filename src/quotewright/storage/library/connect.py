"""Which library, and opening it: the URL (`--library`, else
`QUOTEWRIGHT_LIBRARY`, else the settings' `library_url`, else a SQLite file
in the user's data folder), the team library push and pull reach (the
settings' `team_library_url`, else `QUOTEWRIGHT_TEAM_LIBRARY`), the
engine for it (SQLite with write transactions that lock at once; PostgreSQL
through psycopg 3), and the schema created or upgraded by the migrations
on first use. A library whose schema is newer than this build knows is
refused in one line: its data is never touched by an older program.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from ..problems import FileProblem
from ...domain.settings import Settings
from ..settings_store import load_settings, writable_data_folder

from .where import LIBRARY_FILE, LIBRARY_VARIABLE

TEAM_LIBRARY_VARIABLE = "QUOTEWRIGHT_TEAM_LIBRARY"
CONNECT_SECONDS = 10  # an unreachable team server is said in seconds, not after the system's minutes
MIGRATIONS = Path(__file__).with_name("migrations")


class LibraryProblem(FileProblem):
    """A library that cannot be opened, or a request it refuses: one line
    naming the library (its URL without a password) and what is wrong."""


def library_url(given: str | None = None, settings: Settings | None = None) -> str:
    """The library to use: the one given, else the environment's, else the
    settings' (read from the settings file when none are passed), else the
    local SQLite file (its folder created on demand)."""
    chosen = given or os.environ.get(LIBRARY_VARIABLE)
    if chosen:
        return chosen
    if settings is None:
        settings = load_settings()  # a damaged file is said, never read as "use the local library"
    if settings.library_url:
        return settings.library_url
    return local_library_url()


def local_library_url() -> str:
    """The SQLite library in the user's data folder (created on demand)."""
    return f"sqlite:///{writable_data_folder() / LIBRARY_FILE}"


def team_library_url(settings: Settings) -> str:
    """The team library push and pull reach: the settings', else the
    environment's; empty when there is none."""
    return settings.team_library_url or os.environ.get(TEAM_LIBRARY_VARIABLE, "")


def library_exists(url: str) -> bool:
    """False only for a SQLite library whose file is not there yet (so a
    quote cannot be in it, and nothing needs creating just to say so)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return True  # opening it says what is wrong
    if parsed.drivername != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return True
    return Path(parsed.database).exists()


def shown(url: str | URL) -> str:
    """The URL as a person may see it: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def _sqlalchemy_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise LibraryProblem(url, "library", "is not a database URL (sqlite:///PATH or postgresql://...)") from None
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername == "sqlite":
        return parsed
    raise LibraryProblem(shown(url), "library", f"{parsed.drivername!r} is not supported (sqlite or postgresql)")


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        folder = Path(url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise LibraryProblem(shown(url), "library", f"cannot be created: {folder} is not a folder") from None
        except OSError as error:
            raise LibraryProblem(shown(url), "library",
                                 f"cannot be created: {folder}: {error.strerror or error}") from None
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection, _record) -> None:
        # The driver's own transaction handling is turned off so that BEGIN
        # is ours: a write locks the file at its start, never half-way.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begun(connection) -> None:
        write = connection.get_execution_options().get("library_write", True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    parsed = _sqlalchemy_url(url)
    if parsed.drivername == "sqlite":
        return _sqlite_engine(parsed)
    arguments = {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_SECONDS}
    return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=20, connect_args=arguments)


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, url: str) -> None:
    """Create or upgrade the schema; refuse one newer than this build."""
    script = ScriptDirectory(str(MIGRATIONS))
    known = {revision.revision for revision in script.walk_revisions()}
    head = script.get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            connection.rollback()
            if current is not None and current not in known:
                raise LibraryProblem(shown(url), "schema", f"is version {current}, newer than this Quotewright "
                                                           f"knows (up to {head}); update Quotewright to open it")
            if current == head:
                return
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # two first uses at once: one migrates, one waits
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7235110015)")
            command.upgrade(_config(connection), "head")
    except (OperationalError, DBAPIError) as error:
        raise LibraryProblem(shown(url), "library", f"cannot be opened: {one_line(error)}") from None


def one_line(error: Exception) -> str:
    """A database error's own first line, without SQLAlchemy's advice."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
