"""The library's tables (LIBRARY.md 1), one SQLAlchemy Core schema for
SQLite and PostgreSQL. The migrations create exactly these; queries use
them. Times are ISO 8601 UTC text (sortable, the same on both back ends);
a TCV is an exact integer of ten-thousandths (`tcv_e4`), so a range filter
compares integers and no float touches money.

`quotes` is the index the list reads (the latest revision's summary);
`snapshots`, `revisions`, `decisions` and `events` are the record and never
change. A revision keeps its saved-quote file less the catalog snapshot,
which is stored once in `snapshots` under its SHA-256 (the file's own
`catalog_sha256`): a hundred thousand quotes share a handful of catalogs.
`role_map` says which database role holds each approval level in a team
library (the administrator fills it).
"""

from __future__ import annotations

from sqlalchemy import (BigInteger, CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, String, Table,
                        Text, UniqueConstraint)

metadata = MetaData()

HASH = 64  # hex SHA-256
TIME = 32  # 2026-12-01T20:44:50.123456Z

quotes = Table(
    "quotes", metadata,
    Column("id", String(60), primary_key=True),
    Column("customer", Text, nullable=False),
    Column("latest_number", Integer, nullable=False),
    Column("latest_revision", String(HASH), nullable=False),
    Column("latest_hash", String(HASH), nullable=False),
    Column("plan", Text, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("tcv_e4", BigInteger, nullable=False),
    Column("level_index", Integer, nullable=False),
    Column("valid_until", String(10)),
    Column("updated_at", String(TIME), nullable=False),
    # LIBRARY.md 2's status of the latest revision, kept current by every
    # store, decision and copy (and on PostgreSQL by the database itself), so
    # a list filters on an index instead of reading decisions row by row.
    Column("status", String(16), nullable=False, server_default="needs approval"),
    Index("quotes_updated", "updated_at"),
    Index("quotes_status_updated", "status", "updated_at"),
    Index("quotes_plan_status_updated", "plan", "status", "updated_at"),
    Index("quotes_customer", "customer"),
    Index("quotes_plan_updated", "plan", "updated_at"),
)

snapshots = Table(
    "snapshots", metadata,
    Column("catalog_sha256", String(HASH), primary_key=True),
    Column("catalog", Text, nullable=False),  # canonical JSON
)

revisions = Table(
    "revisions", metadata,
    Column("revision_id", String(HASH), primary_key=True),
    Column("quote_id", String(60), ForeignKey("quotes.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("content_hash", String(HASH), nullable=False),
    Column("content", Text, nullable=False),  # canonical JSON of the saved-quote file without "catalog"
    Column("catalog_sha256", String(HASH), ForeignKey("snapshots.catalog_sha256"), nullable=False),
    Column("parent_id", String(HASH)),
    Column("author", Text, nullable=False),
    Column("stored_at", String(TIME), nullable=False),
    # What the engine said of it when stored, so a list never reprices:
    Column("customer", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("tcv_e4", BigInteger, nullable=False),
    Column("level_index", Integer, nullable=False),
    Column("levels", Text, nullable=False),  # JSON list of the snapshot's roles, in order
    Column("valid_until", String(10)),
    UniqueConstraint("quote_id", "number", name="revisions_number_once"),
    Index("revisions_content", "content_hash"),
)

decisions = Table(
    "decisions", metadata,
    Column("decision_id", String(HASH), primary_key=True),
    Column("quote_id", String(60), ForeignKey("quotes.id"), nullable=False),
    Column("content_hash", String(HASH), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("role", Text, nullable=False),
    Column("role_index", Integer, nullable=False),
    Column("decided_by", Text),  # a team library sets it to the database user
    Column("decided_at", String(TIME), nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    CheckConstraint("kind IN ('approve', 'reject')", name="decisions_kind"),
    CheckConstraint("kind = 'approve' OR length(trim(comment)) > 0", name="decisions_reject_comment"),
    Index("decisions_content", "content_hash"),
)

events = Table(
    "events", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(HASH), nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("quote_id", String(60)),
    Column("who", Text, nullable=False),
    Column("at", String(TIME), nullable=False),
    Column("detail", Text, nullable=False),  # JSON
    Index("events_quote", "quote_id", "seq"),
)

role_map = Table(
    "role_map", metadata,
    Column("library_role", Text, primary_key=True),
    Column("db_role", Text, nullable=False),
)
