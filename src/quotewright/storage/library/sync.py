"""Push and pull (LIBRARY.md 4): copy into one library every revision,
decision and event of another that it lacks, by identity (content hashes),
in one transaction. Copying twice changes nothing and nothing is ever
overwritten; a revision the receiver has not seen is numbered there in
arrival order, so two revisions made from one parent in two places are
both kept. A team library may refuse a decision (the pushing database user
lacks its role): it is counted as refused and the rest is still copied.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from ...domain import library as rules
from .store import Library, now_text
from .schema import decisions, events, revisions, snapshots


class Copied(NamedTuple):
    revisions: int
    decisions: int
    events: int
    refused: int  # decisions the receiving library would not accept

    @property
    def anything(self) -> bool:
        return bool(self.revisions or self.decisions or self.events)


def _ids(connection, column) -> set[str]:
    return set(connection.execute(select(column)).scalars())


def missing(source: Library, target: Library) -> Copied:
    """What `source` has that `target` lacks (the app's "not yet shared")."""
    with target.reading() as there:
        have = [_ids(there, c) for c in (revisions.c.revision_id, decisions.c.decision_id, events.c.event_id)]
    with source.reading() as here:
        found = [_ids(here, c) for c in (revisions.c.revision_id, decisions.c.decision_id, events.c.event_id)]
    return Copied(*(len(mine - theirs) for mine, theirs in zip(found, have)), 0)


def copy_missing(source: Library, target: Library, who: str, kind: str = rules.LIBRARY_PUSHED) -> Copied:
    """Copy into `target` what it lacks of `source`; the receiving library
    records the copy as an event when a revision or a decision arrived
    (events alone do not, so pushing and pulling in turn settles)."""
    with target.writing() as there:
        have_snapshots = _ids(there, snapshots.c.catalog_sha256)
        have_revisions = _ids(there, revisions.c.revision_id)
        have_decisions = _ids(there, decisions.c.decision_id)
        have_events = _ids(there, events.c.event_id)
        with source.reading() as here:
            new_snapshots = [row._mapping for row in here.execute(select(snapshots))
                             if row.catalog_sha256 not in have_snapshots]
            new_revisions = [row._mapping for row in here.execute(
                select(revisions).order_by(revisions.c.quote_id, revisions.c.number))
                if row.revision_id not in have_revisions]
            new_decisions = [row._mapping for row in here.execute(
                select(decisions).order_by(decisions.c.decided_at, decisions.c.decision_id))
                if row.decision_id not in have_decisions]
            new_events = [row._mapping for row in here.execute(select(events).order_by(events.c.seq))
                          if row.event_id not in have_events]
        for snapshot in new_snapshots:
            there.execute(snapshots.insert().values(**snapshot))
        for revision in new_revisions:
            record = {key: value for key, value in revision.items() if key not in ("quote_id", "number", "parent_id")}
            latest = target._lock_quote(there, revision["quote_id"], record)
            target._append(there, revision["quote_id"], latest, record, revision["parent_id"])
        accepted = refused = 0
        refused_ids: set[str] = set()
        for decision in new_decisions:
            values = dict(decision)
            if target.team:
                values["decided_by"] = None  # the team library writes its own database user
            try:
                with there.begin_nested():
                    there.execute(decisions.insert().values(**values))
                accepted += 1
            except DBAPIError:
                refused += 1
                refused_ids.add(decision["decision_id"])
        skipped = []
        for quote_id in sorted({row["quote_id"] for row in new_revisions} | {row["quote_id"] for row in new_decisions}):
            target.refresh_status(there, quote_id)
        for event in new_events:
            if event["kind"] == rules.DECISION_MADE and json.loads(event["detail"]).get("decision_id") in refused_ids:
                skipped.append(event)
                continue  # the log must not say a decision was made where it was refused
            there.execute(events.insert().values(**{k: v for k, v in event.items() if k != "seq"}))
        copied = Copied(len(new_revisions), accepted, len(new_events) - len(skipped), refused)
        if copied.revisions or copied.decisions:
            detail = {"from": source.name, "revisions": copied.revisions, "decisions": copied.decisions,
                      "events": copied.events}
            target._event(there, kind, None, target.database_user(there) or who, now_text(), detail)
    return copied


def push(local: Library, remote: Library, who: str) -> Copied:
    return copy_missing(local, remote, who, rules.LIBRARY_PUSHED)


def pull(local: Library, remote: Library, who: str) -> Copied:
    return copy_missing(remote, local, who, rules.LIBRARY_PULLED)


__all__ = ["Copied", "copy_missing", "missing", "pull", "push"]
