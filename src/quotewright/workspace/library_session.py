"""The quote library as a front end uses it (LIBRARY.md 3-5), without Qt:
a page of quotes for a filter, a quote's revisions and the difference
between two of them, approving and rejecting where the user's role allows,
the history as a timeline, the open quote stored as its next revision, and
push and pull with the team library with the count of what it lacks.

The library is the settings' (`storage.library.connect.library_url`); the
team library is only reached for push, pull and the unshared count, so a
team server that cannot be reached never stops the local library: each of
those calls raises one `LibraryProblem` line instead.

Who may decide: the user's role (the settings' `rep_role`) must be one of
the revision's own approval levels, at the level the revision needs or a
later one, for an approval and for a rejection alike, and only the latest
revision is decided. A team library's database checks the same again.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import threading
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from time import monotonic
from typing import Any, Callable, NamedTuple

from ..domain import library as rules
from ..domain.catalog import Catalog
from ..domain.quote import Quote
from ..domain.settings import Settings
from ..storage.documents import quote_file_data
from ..storage.library import sync
from ..storage.library.connect import LibraryProblem, library_exists, library_url, shown, team_library_url
from ..storage.library.store import PAGE, Library, QuoteRow, RevisionRow, Stored, open_library
from ..storage.problems import FileProblem
from .field_names import role_words
from .library_diff import PricedRevision, RevisionDiff, priced_revision, revision_diff

EXPIRED = "expired"
KEPT_DIFFS = 32
RETRY_SECONDS = 30  # a library that would not open is tried again after this long
FILTER_STATUSES = (*rules.STATUSES, EXPIRED)
_PAST = {rules.APPROVE: "approved", rules.REJECT: "rejected"}


class ListFilter(NamedTuple):
    """What the list shows: every field left empty matches all."""

    customer: str = ""  # customer name contains this, any case
    quote_id: str = ""  # quote id contains this
    status: str = ""  # one of FILTER_STATUSES
    plan: str = ""
    min_tcv: Decimal | None = None
    max_tcv: Decimal | None = None
    since: dt.date | None = None  # updated on or after


class ListedQuote(NamedTuple):
    row: QuoteRow
    status: str  # "needs approval (Manager), expired": the status with the level it needs
    expired: bool


class Page(NamedTuple):
    quotes: list[ListedQuote]
    number: int  # from 1
    has_next: bool


class TimelineEntry(NamedTuple):
    at: str  # "2026-12-01 22:48 UTC"
    who: str
    kind: str  # the event kind (domain.library)
    text: str  # what happened, in words


class Permission(NamedTuple):
    allowed: bool
    reason: str  # why not, in words ("" when allowed)


class OpenQuoteState(NamedTuple):
    """Where the open quote stands in the library."""

    quote_id: str
    number: int | None  # the revision whose content the open quote is; None once edited since
    latest: int
    status: rules.Status  # that revision's status (the latest's once edited)
    stamp: rules.RevisionStamp | None  # what its documents print; None once edited

    def title(self) -> str:
        """'HS-2026-0077 rev 3, approved' for the window title."""
        if self.number is None:
            return f"{self.quote_id} edited since rev {self.latest}"
        return f"{self.quote_id} rev {self.number}, {status_words(*self.status)}"


def status_words(status: str, level: str, expired: bool) -> str:
    """A status with the level it is about: 'needs approval (Manager), expired'."""
    needed = f" ({role_words(level)})" if status != rules.READY else ""
    return status + needed + (", expired" if expired else "")


def event_words(kind: str, detail: dict[str, Any]) -> str:
    number = detail.get("number")
    if kind == rules.REVISION_STORED:
        return f"Revision {number} stored ({str(detail.get('content_hash', ''))[:rules.STAMP_HASH_CHARS]})"
    if kind == rules.DECISION_MADE:
        comment = f": {detail['comment']}" if detail.get("comment") else ""
        return (f"Revision {number} {_PAST.get(detail.get('kind'), detail.get('kind'))} as "
                f"{role_words(str(detail.get('role', '')))}{comment}")
    if kind == rules.DOCUMENT_EXPORTED:
        return (f"Revision {number} exported as {detail.get('document')} to {detail.get('file')} "
                f"(sha256 {str(detail.get('sha256', ''))[:rules.STAMP_HASH_CHARS]})")
    return kind[:1].upper() + kind[1:] + "".join(f", {key} {value}" for key, value in sorted(detail.items()))


def _one_line(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}".strip().splitlines()
    return text[0] if text else type(error).__name__


class LibrarySession:
    """The library a front end works in. `settings` is read on every call
    (a function returning the current settings, or one value), so a changed
    role or library URL applies at once; `today` dates the expiry."""

    def __init__(self, settings: Callable[[], Settings] | Settings, *,
                 today: Callable[[], dt.date] = dt.date.today, opener: Callable[[str], Library] = open_library,
                 clock: Callable[[], float] = monotonic):
        self._settings = settings if callable(settings) else (lambda: settings)
        self._today, self._opener = today, opener
        self._library: Library | None = None
        self._opening = threading.Lock()  # push and pull ask from a worker thread too
        self._clock = clock
        self._failed: tuple[str, FileProblem, float] | None = None  # the last library that would not open
        # A quote's revision numbers never change in a library (revisions are
        # immutable), so a diff, priced twice over, is kept once computed.
        self._diffs: OrderedDict[tuple[str, str, int, int], RevisionDiff] = OrderedDict()

    @property
    def settings(self) -> Settings:
        return self._settings()

    @property
    def who(self) -> str:
        return self.settings.rep_name or getpass.getuser()

    @property
    def role(self) -> str:
        return self.settings.rep_role

    def library(self) -> Library:
        """The library, opened on first use and again when the settings name
        another. Raises `LibraryProblem` (or `FileProblem` for the data folder)."""
        url = library_url(None, self.settings)
        with self._opening:
            if self._library is None or self._library.url != url:
                if self._library is not None:
                    self._library.close()
                self._library = None
                failed = self._failed
                if failed and failed[0] == url and self._clock() - failed[2] < RETRY_SECONDS:
                    raise failed[1]  # a server that did not answer is not waited for again at every keystroke
                try:
                    self._library = self._opener(url)
                except Exception as error:  # noqa: BLE001 - a driver's own error too: one line, remembered
                    problem = error if isinstance(error, FileProblem) else LibraryProblem(
                        shown(url), "library", f"cannot be opened: {_one_line(error)}")
                    self._failed = (url, problem, self._clock())
                    raise problem from None
                self._failed = None
            return self._library

    @property
    def name(self) -> str:
        return self._library.name if self._library else shown(library_url(None, self.settings))

    def close(self) -> None:
        with self._opening:
            if self._library is not None:
                self._library.close()
                self._library = None

    # -- the list -----------------------------------------------------------------------
    def page(self, wanted: ListFilter = ListFilter(), number: int = 1) -> Page:
        """Page `number` (from 1) of the quotes matching `wanted`, most recently updated first."""
        if wanted.status and wanted.status not in FILTER_STATUSES:
            raise LibraryProblem(self.name, "status", f"must be one of {', '.join(FILTER_STATUSES)}")
        number = max(1, number)
        today = self._today()
        rows = self.library().list_quotes(
            customer=wanted.customer.strip() or None, quote_id=wanted.quote_id.strip() or None,
            status=wanted.status or None, plan=wanted.plan or None, min_tcv=wanted.min_tcv,
            max_tcv=wanted.max_tcv, since=wanted.since, today=today, limit=PAGE + 1, offset=(number - 1) * PAGE)
        listed = []
        for row in rows[:PAGE]:
            expired = bool(row.valid_until and row.valid_until < today.isoformat())
            listed.append(ListedQuote(row, status_words(row.status, row.level, expired), expired))
        return Page(listed, number, len(rows) > PAGE)

    # -- one quote ----------------------------------------------------------------------
    def revisions(self, quote_id: str) -> list[RevisionRow]:
        return self.library().revisions(quote_id)

    def status(self, quote_id: str, number: int | None = None) -> rules.Status:
        return self.library().status(quote_id, number, self._today())

    def decisions(self, quote_id: str, revision: RevisionRow) -> list[dict[str, Any]]:
        return self.library().decisions(quote_id, revision.content_hash)

    def diff(self, quote_id: str, first: int, second: int) -> RevisionDiff:
        library = self.library()
        key = (library.url, quote_id, first, second)
        if key not in self._diffs:
            self._diffs[key] = revision_diff(library, quote_id, first, second)
            while len(self._diffs) > KEPT_DIFFS:
                self._diffs.popitem(last=False)
        self._diffs.move_to_end(key)
        return self._diffs[key]

    def priced(self, quote_id: str, number: int | None = None) -> PricedRevision:
        return priced_revision(self.library(), quote_id, number)

    def timeline(self, quote_id: str) -> list[TimelineEntry]:
        """The quote's history, oldest first, in words."""
        return [TimelineEntry(event["at"][:16].replace("T", " ") + " UTC", event["who"], event["kind"],
                              event_words(event["kind"], event["detail"]))
                for event in self.library().history(quote_id)]

    # -- deciding -----------------------------------------------------------------------
    def permission(self, kind: str, quote_id: str, number: int | None = None,
                   known: tuple[list[RevisionRow], rules.Status] | None = None) -> Permission:
        """Whether the user may approve or reject revision `number` (the
        latest by default), and if not, why, in words. `known`: the quote's
        revisions and its latest status, when the caller has just read them."""
        revisions = known[0] if known else self.revisions(quote_id)
        latest = revisions[-1]
        if number is not None and number != latest.number:
            return Permission(False, f"Only the latest revision ({latest.number}) can be decided")
        role, levels, needed = self.role, latest.levels, latest.level_index
        if needed == 0:
            return Permission(False, f"Needs no approval: it is ready at the first level "
                                     f"({role_words(levels[0])})")
        if not role:
            return Permission(False, "Set your role in Edit > Settings to approve or reject")
        if role not in levels:
            return Permission(False, f"Your role ({role_words(role)}) is not an approval level of this quote's "
                                     f"catalog ({', '.join(role_words(level) for level in levels)})")
        if levels.index(role) < needed:
            return Permission(False, f"Needs {role_words(levels[needed])} or a later level; your role is "
                                     f"{role_words(role)}")
        status = (known[1] if known else self.status(quote_id, latest.number)).status
        if (kind, status) in ((rules.APPROVE, rules.APPROVED), (rules.REJECT, rules.REJECTED)):
            return Permission(False, f"Revision {latest.number} is already {status}")
        return Permission(True, "")

    def decide(self, kind: str, quote_id: str, number: int, comment: str = "") -> str:
        """Approve or reject revision `number` in the user's role; the quote's
        new status. Refused with a `LibraryProblem` where the role does not
        allow it, or a rejection has no comment."""
        allowed = self.permission(kind, quote_id, number)
        if not allowed.allowed:
            raise LibraryProblem(self.name, "role", allowed.reason[:1].lower() + allowed.reason[1:])
        return self.library().decide(quote_id, number, kind, self.role, self.who, comment.strip())

    def approve(self, quote_id: str, number: int, comment: str = "") -> str:
        return self.decide(rules.APPROVE, quote_id, number, comment)

    def reject(self, quote_id: str, number: int, comment: str) -> str:
        return self.decide(rules.REJECT, quote_id, number, comment)

    # -- the open quote -----------------------------------------------------------------
    def save_revision(self, quote: Quote, catalog: Catalog) -> Stored:
        """Store the open quote (with its snapshot) as its next revision; the
        same content as the latest adds nothing. The quote's own history is
        not touched: this is not an edit, so undo is unaffected."""
        return self.library().store(quote, catalog, self.who)

    def open_quote_state(self, quote: Quote, catalog: Catalog) -> OpenQuoteState | None:
        """The open quote's revision and status, or None when its id is not
        in the library (or the library cannot be read: the title just says less).
        A local library not yet made is not made for this."""
        try:
            if self._library is None and not library_exists(library_url(None, self.settings)):
                return None
            revisions = self.revisions(quote.id)
        except FileProblem:
            return None
        content = rules.content_hash(quote_file_data(quote, catalog))
        match = next((revision for revision in reversed(revisions) if revision.content_hash == content), None)
        latest = revisions[-1].number
        if match is None:
            return OpenQuoteState(quote.id, None, latest, self.status(quote.id, latest), None)
        status = self.status(quote.id, match.number)
        return OpenQuoteState(quote.id, match.number, latest, status,
                              rules.stamp(quote.id, match.number, match.content_hash, status))

    def record_export(self, quote_id: str, number: int, document: str, path: Path) -> str:
        """Log that `path` was exported from revision `number`; its SHA-256."""
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        self.library().record_export(quote_id, number, document, str(path), digest, self.who)
        return digest

    # -- the team library ---------------------------------------------------------------
    def team_url(self) -> str:
        return team_library_url(self.settings)

    def _team(self) -> Library:
        url = self.team_url()
        if not url:
            raise LibraryProblem(self.name, "team_library_url",
                                 "is not set: name the team library in Edit > Settings")
        if url == self.library().url:
            raise LibraryProblem(shown(url), "team_library_url", "is the library you work in: name another")
        try:
            return self._opener(url)
        except FileProblem:
            raise
        except Exception as error:  # noqa: BLE001 - a driver's own error, said in one line
            raise LibraryProblem(shown(url), "library", f"cannot be opened: {_one_line(error)}") from None

    def unshared(self) -> sync.Copied:
        """What the team library lacks of this one: revisions, decisions and
        events, by identity (reaches the team server: run it off the GUI thread)."""
        team = self._team()
        try:
            return sync.missing(self.library(), team)
        finally:
            team.close()

    def push(self) -> sync.Copied:
        team = self._team()
        try:
            return sync.push(self.library(), team, self.who)
        finally:
            team.close()

    def pull(self) -> sync.Copied:
        team = self._team()
        try:
            return sync.pull(self.library(), team, self.who)
        finally:
            team.close()


__all__ = ["EXPIRED", "FILTER_STATUSES", "LibrarySession", "ListFilter", "ListedQuote", "OpenQuoteState", "Page",
           "Permission", "PricedRevision", "RevisionDiff", "TimelineEntry", "priced_revision", "revision_diff"]
