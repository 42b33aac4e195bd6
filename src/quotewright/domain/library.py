"""The quote library's rules (LIBRARY.md 1, 2 and 5), with no storage.

What a revision's content hash is, how revisions, decisions and events are
identified when two libraries exchange them, a quote's status from its
latest revision, who may decide what (roles in the order of the revision's
own catalog snapshot), what two revisions differ in, and the stamp a
document prints so it can be traced to one revision.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Iterable, NamedTuple, Sequence

from .errors import InvalidInput
from .fingerprint import canonical_json, fingerprint

READY, NEEDS_APPROVAL, APPROVED, REJECTED = "ready", "needs approval", "approved", "rejected"
STATUSES = (READY, NEEDS_APPROVAL, APPROVED, REJECTED)
APPROVE, REJECT = "approve", "reject"
STAMP_HASH_CHARS = 12  # the part of the content hash a proposal prints (LIBRARY.md 2)

# Event kinds (LIBRARY.md 1): what the audit log records.
REVISION_STORED, DECISION_MADE, DOCUMENT_EXPORTED = "revision stored", "decision made", "document exported"
LIBRARY_PUSHED, LIBRARY_PULLED = "library pushed", "library pulled"


def content_hash(saved_quote_data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the saved-quote file: the revision's
    content, whatever the file's spacing or key order."""
    return fingerprint(saved_quote_data)


def content_text(saved_quote_data: dict[str, Any]) -> str:
    """The canonical JSON a library stores, so the stored text hashes to the
    content hash byte for byte."""
    return canonical_json(saved_quote_data).decode("utf-8")


def revision_id(quote_id: str, content_hash_: str, parent: str | None, author: str, stored_at: str) -> str:
    """A revision's identity in every library: its content, where it came
    from, who stored it and when. Two revisions from one parent made in two
    places differ, so both are kept; the same revision copied twice is one."""
    return fingerprint({"quote": quote_id, "content": content_hash_, "parent": parent, "author": author,
                        "at": stored_at})


def event_id(kind: str, quote_id: str | None, who: str, at: str, detail: dict[str, Any]) -> str:
    """An event's identity: the hash of everything it says."""
    return fingerprint({"kind": kind, "quote": quote_id, "who": who, "at": at, "detail": detail})


def fingerprint_decision(quote_id: str, content_hash_: str, kind: str, role: str, at: str, comment: str) -> str:
    """A decision's identity. Who made it is left out: a team library writes
    its own database user there, so the same decision copied stays one."""
    return fingerprint({"quote": quote_id, "content": content_hash_, "kind": kind, "role": role, "at": at,
                        "comment": comment})


class Decision(NamedTuple):
    kind: str  # APPROVE or REJECT
    role: str
    role_index: int  # the role's place in the revision's snapshot levels
    decided_at: str  # ISO 8601, UTC; the order decisions are read in


class Status(NamedTuple):
    status: str  # one of STATUSES
    level: str  # the role whose approval the revision needs (the first level when ready)
    expired: bool  # valid_until has passed: shown beside the status

    def label(self) -> str:
        needed = f" ({self.level})" if self.status == NEEDS_APPROVAL else ""
        return self.status + needed + (", expired" if self.expired else "")


def quote_status(levels: Sequence[str], level_index: int, decisions: Iterable[Decision],
                 valid_until: dt.date | None = None, today: dt.date | None = None) -> Status:
    """LIBRARY.md 2, from the latest revision only: `decisions` are those
    recorded for its content hash. The latest decision, if a rejection,
    rejects; otherwise an approval in the needed role or a later one
    approves; otherwise it is pending."""
    expired = bool(valid_until and today and valid_until < today)
    level = levels[level_index]
    if level_index == 0:
        return Status(READY, level, expired)
    ordered = sorted(decisions, key=lambda decision: decision.decided_at)
    if ordered and ordered[-1].kind == REJECT:
        return Status(REJECTED, level, expired)
    if any(d.kind == APPROVE and d.role_index >= level_index for d in ordered):
        return Status(APPROVED, level, expired)
    return Status(NEEDS_APPROVAL, level, expired)


def is_final(status: Status) -> bool:
    """Whether a document of the revision goes out without a DRAFT mark."""
    return status.status in (READY, APPROVED)


def check_decision(kind: str, role: str, levels: Sequence[str], level_index: int, comment: str) -> int:
    """The decision's role index, or `InvalidInput` naming the field: the
    role must be one of the snapshot's levels, an approval must come from
    the needed level or a later one, and a rejection needs a comment."""
    if kind not in (APPROVE, REJECT):
        raise InvalidInput("kind", f"must be {APPROVE!r} or {REJECT!r}, not {kind!r}")
    if role not in levels:
        raise InvalidInput("role", f"{role!r} is not an approval level of this quote's catalog "
                                   f"({', '.join(levels)})")
    index = list(levels).index(role)
    if level_index == 0:
        raise InvalidInput("revision", f"needs no approval: it is {READY} at the first level ({levels[0]})")
    if kind == APPROVE and index < level_index:
        raise InvalidInput("role", f"{role!r} cannot approve: this revision needs {levels[level_index]!r} "
                                   "or a later level")
    if kind == REJECT and not comment.strip():
        raise InvalidInput("comment", "is required to reject: say why")
    return index


class RevisionStamp(NamedTuple):
    """What a proposal's footer and a workbook's Summary print so a document
    can be traced to the one revision it came from (LIBRARY.md 2). `final`
    is False while the revision still needs approval: then the proposal is
    marked DRAFT."""

    quote_id: str
    revision: int
    content_hash: str
    status: str
    final: bool

    @property
    def short_hash(self) -> str:
        return self.content_hash[:STAMP_HASH_CHARS]


def stamp(quote_id: str, revision: int, content_hash_: str, status: Status) -> RevisionStamp:
    return RevisionStamp(quote_id, revision, content_hash_, status.status, is_final(status))


class FieldChange(NamedTuple):
    path: str  # "discounts.subscription_percent", "usage[0].monthly"
    before: Any  # None when added
    after: Any  # None when removed


# The snapshot is compared by its hash alone: a changed catalog shows as one line.
_INPUTS_SKIPPED = {"catalog"}


def changed_inputs(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Every input field that differs between two saved-quote files, by path,
    in the files' order."""
    changes: list[FieldChange] = []

    def walk(path: str, old: Any, new: Any) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            for key in list(old) + [k for k in new if k not in old]:
                if not path and key in _INPUTS_SKIPPED:
                    continue
                walk(f"{path}.{key}" if path else key, old.get(key), new.get(key))
        elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
            for index, (first, second) in enumerate(zip(old, new)):
                walk(f"{path}[{index}]", first, second)
        elif old != new:
            changes.append(FieldChange(path, old, new))

    walk("", before, after)
    return changes


class TotalMove(NamedTuple):
    name: str  # the Totals field
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


def moved_totals(before: Any, after: Any) -> list[TotalMove]:
    """How every total of the engine's `Totals` moved, in their order
    (`lines` is a breakdown, not a total, and is left out)."""
    moves = []
    for name in type(before)._fields:
        first, second = getattr(before, name), getattr(after, name)
        if isinstance(first, Decimal) and isinstance(second, Decimal):
            moves.append(TotalMove(name, first, second))
    return moves
