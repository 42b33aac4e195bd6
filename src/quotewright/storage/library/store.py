"""One library: storing revisions, reading quotes and their history,
recording decisions and exports (LIBRARY.md 1-3). The rules come from
`domain.library`; this module keeps them in the database, each change in
one transaction, so a writer killed half-way leaves the library as it was.

Every value from a person goes to the database as a bound parameter: the
queries are SQLAlchemy Core expressions, never SQL text built from input.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Iterator, NamedTuple

from sqlalchemy import and_, func, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from ...domain import library as rules
from ...domain.catalog import Catalog
from ...domain.errors import InvalidInput
from ...domain.pricing import price_quote
from ...domain.quote import Quote
from ..documents import quote_file_data
from .connect import LibraryProblem, make_engine, one_line, shown, upgrade
from .schema import decisions, events, quotes, revisions, snapshots

E4 = Decimal(10000)
EXPIRED = "expired"
PAGE = 50


def now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_e4(amount: Decimal, rounding=ROUND_FLOOR) -> int:
    """An amount as whole ten-thousandths, exactly (money has at most 4 places)."""
    return int((amount * E4).to_integral_value(rounding=rounding))


def from_e4(value: int) -> Decimal:
    return Decimal(value) / E4


class Stored(NamedTuple):
    quote_id: str
    number: int
    content_hash: str
    added: bool  # False: the content equals the latest revision, nothing was stored


class QuoteRow(NamedTuple):
    id: str
    customer: str
    latest_number: int
    plan: str
    currency: str
    tcv: Decimal
    status: str
    level: str
    valid_until: str | None
    updated_at: str


class RevisionRow(NamedTuple):
    quote_id: str
    number: int
    revision_id: str
    content_hash: str
    parent_id: str | None
    author: str
    stored_at: str
    customer: str
    plan: str
    currency: str
    tcv: Decimal
    level_index: int
    levels: tuple[str, ...]
    valid_until: str | None


def _revision_row(row) -> RevisionRow:
    return RevisionRow(row.quote_id, row.number, row.revision_id, row.content_hash, row.parent_id, row.author,
                       row.stored_at, row.customer, row.plan, row.currency, from_e4(row.tcv_e4), row.level_index,
                       tuple(json.loads(row.levels)), row.valid_until)


def _escaped_like(text: str) -> str:
    """A LIKE pattern that matches `text` literally, anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").lower() + "%"


class Library:
    """A library at a URL, its schema created or upgraded on opening."""

    def __init__(self, url: str, engine: Engine | None = None):
        self.url = url
        self.engine = engine or make_engine(url)
        upgrade(self.engine, url)
        self.team = self.engine.dialect.name == "postgresql"

    @property
    def name(self) -> str:
        return shown(self.url)

    def close(self) -> None:
        self.engine.dispose()

    def problem(self, field: str, message: str) -> LibraryProblem:
        return LibraryProblem(self.name, field, message)

    # -- transactions -----------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction: all of it is stored, or none."""
        try:
            with self.engine.connect() as connection:
                with connection.begin():
                    yield connection
        except DBAPIError as error:
            raise self.problem("library", f"refused the change: {one_line(error)}") from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        try:
            with self.engine.connect().execution_options(library_write=False) as connection:
                with connection.begin():
                    yield connection
        except DBAPIError as error:
            raise self.problem("library", f"cannot be read: {one_line(error)}") from None

    def _insert(self, table):
        return (pg_insert if self.team else sqlite_insert)(table)

    def database_user(self, connection: Connection) -> str | None:
        return connection.exec_driver_sql("SELECT current_user").scalar() if self.team else None

    # -- storing ----------------------------------------------------------

    def store(self, quote: Quote, catalog: Catalog, author: str) -> Stored:
        """Store `quote` priced against its snapshot `catalog` as the quote's
        next revision, unless its content equals the latest revision's."""
        data = quote_file_data(quote, catalog)
        priced = price_quote(catalog, quote)
        at = now_text()
        quote_part = {key: value for key, value in data.items() if key != "catalog"}
        record = {
            "content": rules.content_text(quote_part),
            "catalog_sha256": data["catalog_sha256"],
            "content_hash": rules.content_hash(data),
            "author": author,
            "stored_at": at,
            "customer": quote.customer.name,
            "plan": quote.plan,
            "currency": catalog.currency,
            "tcv_e4": to_e4(priced.totals.tcv),
            "level_index": priced.approval.level_index if priced.approval else 0,
            "levels": json.dumps([level.role for level in catalog.approval.levels]),
            "valid_until": quote.valid_until.isoformat() if quote.valid_until else None,
        }
        with self.writing() as connection:
            self._keep_snapshot(connection, data["catalog_sha256"], rules.content_text(data["catalog"]))
            latest = self._lock_quote(connection, quote.id, record)
            if latest.latest_hash == record["content_hash"]:
                return Stored(quote.id, latest.latest_number, record["content_hash"], False)
            parent = latest.latest_revision or None
            record["revision_id"] = rules.revision_id(quote.id, record["content_hash"], parent, author, at)
            number = self._append(connection, quote.id, latest, record, parent)
            self.refresh_status(connection, quote.id)
            who = self.database_user(connection) or author
            self._event(connection, rules.REVISION_STORED, quote.id, who, at,
                        {"number": number, "revision_id": record["revision_id"],
                         "content_hash": record["content_hash"]})
        return Stored(quote.id, number, record["content_hash"], True)

    def _keep_snapshot(self, connection: Connection, catalog_sha256: str, catalog: str) -> None:
        connection.execute(self._insert(snapshots).values(catalog_sha256=catalog_sha256, catalog=catalog)
                           .on_conflict_do_nothing())

    def _lock_quote(self, connection: Connection, quote_id: str, record: dict[str, Any]):
        """The quote's row, locked until the transaction ends (created empty
        if the quote is new), so two writers number revisions one at a time."""
        query = select(quotes).where(quotes.c.id == quote_id)
        if self.team:
            query = query.with_for_update()
        row = connection.execute(query).first()
        if row is None:
            empty = {"id": quote_id, "latest_number": 0, "latest_revision": "", "latest_hash": "",
                     "updated_at": record["stored_at"],
                     **{key: record[key] for key in ("customer", "plan", "currency", "tcv_e4", "level_index",
                                                     "valid_until")}}
            connection.execute(self._insert(quotes).values(**empty).on_conflict_do_nothing())
            row = connection.execute(query).first()
        return row

    def _append(self, connection: Connection, quote_id: str, latest, record: dict[str, Any],
                parent: str | None) -> int:
        """Insert a revision as the quote's next number and point the quote at it."""
        number = latest.latest_number + 1
        connection.execute(revisions.insert().values(quote_id=quote_id, number=number, parent_id=parent,
                                                     **{k: v for k, v in record.items() if k != "number"}))
        connection.execute(quotes.update().where(quotes.c.id == quote_id).values(
            latest_number=number, latest_revision=record["revision_id"], latest_hash=record["content_hash"],
            updated_at=max(record["stored_at"], latest.updated_at),
            **{key: record[key] for key in ("customer", "plan", "currency", "tcv_e4", "level_index",
                                            "valid_until")}))
        return number

    def refresh_status(self, connection: Connection, quote_id: str) -> str:
        """Write the latest revision's status into the quote's index row
        (a team library's database computes it again itself)."""
        status = self._status(connection, self._revision(connection, quote_id, None)).status
        connection.execute(quotes.update().where(quotes.c.id == quote_id).values(status=status))
        return status

    def _event(self, connection: Connection, kind: str, quote_id: str | None, who: str, at: str,
               detail: dict[str, Any]) -> None:
        connection.execute(events.insert().values(
            event_id=rules.event_id(kind, quote_id, who, at, detail), kind=kind, quote_id=quote_id, who=who,
            at=at, detail=json.dumps(detail, sort_keys=True)))

    # -- decisions and exports --------------------------------------------

    def decide(self, quote_id: str, number: int, kind: str, role: str, who: str, comment: str = "") -> str:
        """Approve or reject revision `number`, which must be the latest:
        an approval is for the numbers the approver saw. Returns the status."""
        at = now_text()
        with self.writing() as connection:
            revision = self._revision(connection, quote_id, number)
            latest = connection.execute(select(quotes.c.latest_number).where(quotes.c.id == quote_id)).scalar()
            if number != latest:
                raise self.problem("rev", f"{quote_id} revision {number} is not the latest ({latest}); "
                                          "decide on the latest revision")
            try:
                role_index = rules.check_decision(kind, role, revision.levels, revision.level_index, comment)
            except InvalidInput as problem:
                raise self.problem(problem.path, problem.message) from None
            database_user = self.database_user(connection)
            decision_id = rules.fingerprint_decision(quote_id, revision.content_hash, kind, role, at, comment)
            connection.execute(decisions.insert().values(
                decision_id=decision_id, quote_id=quote_id, content_hash=revision.content_hash, kind=kind,
                role=role, role_index=role_index, decided_by=None if self.team else who, decided_at=at,
                comment=comment))
            self._event(connection, rules.DECISION_MADE, quote_id, database_user or who, at,
                        {"number": number, "content_hash": revision.content_hash, "decision_id": decision_id,
                         "kind": kind, "role": role, "comment": comment})
            return self.refresh_status(connection, quote_id)

    def record_export(self, quote_id: str, number: int, document: str, path: str, sha256: str, who: str) -> None:
        at = now_text()
        with self.writing() as connection:
            revision = self._revision(connection, quote_id, number)
            self._event(connection, rules.DOCUMENT_EXPORTED, quote_id, self.database_user(connection) or who, at,
                        {"number": number, "content_hash": revision.content_hash, "document": document,
                         "file": path, "sha256": sha256})

    # -- reading ----------------------------------------------------------

    def _revision(self, connection: Connection, quote_id: str, number: int | None) -> RevisionRow:
        if number is None:
            number = connection.execute(select(quotes.c.latest_number).where(quotes.c.id == quote_id)).scalar()
            if number is None:
                raise self.problem("id", f"{quote_id!r} is not in this library")
        row = connection.execute(select(revisions).where(revisions.c.quote_id == quote_id,
                                                         revisions.c.number == number)).first()
        if row is None:
            exists_ = connection.execute(select(quotes.c.latest_number).where(quotes.c.id == quote_id)).scalar()
            if exists_ is None:
                raise self.problem("id", f"{quote_id!r} is not in this library")
            raise self.problem("rev", f"{quote_id} has no revision {number} (it has 1 to {exists_})")
        return _revision_row(row)

    def revision(self, quote_id: str, number: int | None = None) -> tuple[RevisionRow, dict[str, Any]]:
        """A revision and its saved-quote file (the latest without `number`)."""
        with self.reading() as connection:
            revision = self._revision(connection, quote_id, number)
            content, catalog = connection.execute(
                select(revisions.c.content, snapshots.c.catalog)
                .join(snapshots, snapshots.c.catalog_sha256 == revisions.c.catalog_sha256)
                .where(revisions.c.revision_id == revision.revision_id)).one()
        return revision, {**json.loads(content), "catalog": json.loads(catalog)}

    def revisions(self, quote_id: str) -> list[RevisionRow]:
        with self.reading() as connection:
            rows = connection.execute(select(*[c for c in revisions.c if c.name != "content"])
                                      .where(revisions.c.quote_id == quote_id).order_by(revisions.c.number)).all()
        if not rows:
            raise self.problem("id", f"{quote_id!r} is not in this library")
        return [_revision_row(row) for row in rows]

    def decisions(self, quote_id: str, content_hash: str) -> list[dict[str, Any]]:
        with self.reading() as connection:
            return self._decisions(connection, quote_id, content_hash)

    def _decisions(self, connection: Connection, quote_id: str, content_hash: str) -> list[dict[str, Any]]:
        rows = connection.execute(select(decisions).where(decisions.c.quote_id == quote_id,
                                                          decisions.c.content_hash == content_hash)
                                  .order_by(decisions.c.decided_at, decisions.c.decision_id)).all()
        return [dict(row._mapping) for row in rows]

    def _status(self, connection: Connection, revision: RevisionRow, today: dt.date | None = None) -> rules.Status:
        found = [rules.Decision(d["kind"], d["role"], d["role_index"], d["decided_at"])
                 for d in self._decisions(connection, revision.quote_id, revision.content_hash)]
        valid_until = dt.date.fromisoformat(revision.valid_until) if revision.valid_until else None
        return rules.quote_status(revision.levels, revision.level_index, found, valid_until, today)

    def status(self, quote_id: str, number: int | None = None, today: dt.date | None = None) -> rules.Status:
        """The status of a revision, read as LIBRARY.md 2 reads the latest."""
        with self.reading() as connection:
            return self._status(connection, self._revision(connection, quote_id, number), today)

    def stamp(self, quote_id: str, number: int | None = None) -> rules.RevisionStamp:
        with self.reading() as connection:
            revision = self._revision(connection, quote_id, number)
            return rules.stamp(quote_id, revision.number, revision.content_hash, self._status(connection, revision))

    def history(self, quote_id: str) -> list[dict[str, Any]]:
        """The quote's events, oldest first."""
        with self.reading() as connection:
            if connection.execute(select(quotes.c.id).where(quotes.c.id == quote_id)).first() is None:
                raise self.problem("id", f"{quote_id!r} is not in this library")
            rows = connection.execute(select(events).where(events.c.quote_id == quote_id)
                                      .order_by(events.c.seq)).all()
        return [{**row._mapping, "detail": json.loads(row.detail)} for row in rows]

    def list_quotes(self, *, customer: str | None = None, quote_id: str | None = None, status: str | None = None,
                    plan: str | None = None, min_tcv: Decimal | None = None, max_tcv: Decimal | None = None,
                    since: dt.date | None = None, today: dt.date | None = None, limit: int = PAGE,
                    offset: int = 0) -> list[QuoteRow]:
        """One page of quotes, most recently updated first. `status` is one
        of LIBRARY.md 2's, "expired" included (valid_until before `today`)."""
        state = quotes.c.status
        conditions = []
        if customer:
            conditions.append(func.lower(quotes.c.customer).like(_escaped_like(customer), escape="\\"))
        if quote_id:
            conditions.append(func.lower(quotes.c.id).like(_escaped_like(quote_id), escape="\\"))
        if plan:
            conditions.append(quotes.c.plan == plan)
        if min_tcv is not None:
            conditions.append(quotes.c.tcv_e4 >= to_e4(min_tcv, ROUND_CEILING))
        if max_tcv is not None:
            conditions.append(quotes.c.tcv_e4 <= to_e4(max_tcv, ROUND_FLOOR))
        if since is not None:
            conditions.append(quotes.c.updated_at >= since.isoformat())
        if status == EXPIRED:
            conditions.append(quotes.c.valid_until < (today or dt.date.today()).isoformat())
        elif status:
            conditions.append(state == status)
        query = (select(quotes, revisions.c.levels)
                 .join(revisions, revisions.c.revision_id == quotes.c.latest_revision)
                 .where(and_(true(), *conditions)).order_by(quotes.c.updated_at.desc(), quotes.c.id)
                 .limit(limit).offset(offset))
        with self.reading() as connection:
            rows = connection.execute(query).all()
        return [QuoteRow(row.id, row.customer, row.latest_number, row.plan, row.currency, from_e4(row.tcv_e4),
                         row.status, json.loads(row.levels)[row.level_index], row.valid_until, row.updated_at)
                 for row in rows]

    def count_quotes(self) -> int:
        with self.reading() as connection:
            return connection.execute(select(func.count()).select_from(quotes)).scalar()


def open_library(url: str) -> Library:
    return Library(url)


__all__ = ["Library", "LibraryProblem", "QuoteRow", "RevisionRow", "Stored", "open_library"]
