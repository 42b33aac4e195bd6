"""The `quotewright library ...` commands (LIBRARY.md 3 and 4): add, list,
show, diff, approve, reject, log, export, push, pull and init-team, each
with `--library URL` (else `QUOTEWRIGHT_LIBRARY`, else the local SQLite
library in the user's data folder).

`add_arguments(parser)` declares them and `run(args)` runs one; the command
line registers both. Problems are `FileProblem`s (a `LibraryProblem` names
the library): one line, exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import hashlib
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .command_files import say, say_warnings
from .domain import library as rules
from .printable import printable_json

EXIT_OK = 0
_PAST = {rules.APPROVE: "approved", rules.REJECT: "rejected"}
HELP = "the quote library: revisions, approvals and their history, local or for a team"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a revision number (1, 2, 3...)")
    return value


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _mapping(text: str) -> tuple[str, str]:
    level, sep, role = text.partition("=")
    if not sep or not level or not role:
        raise argparse.ArgumentTypeError(f"{text!r} is not LEVEL=DATABASE_ROLE")
    return level, role


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="library_command", metavar="ACTION", parser_class=type(parser),
                                     required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help)
        sub.add_argument("--library", metavar="URL", help="sqlite:///PATH or postgresql://... (default: local)")
        return sub

    add = action("add", "store a saved quote as its next revision (nothing if unchanged)")
    add.add_argument("quote", type=Path, help="a saved quote (with its catalog snapshot)")
    add.add_argument("--author", help="who stores it (default: your name in the settings)")
    listing = action("list", "list quotes, most recently updated first")
    listing.add_argument("--customer", help="customer name contains this (any case)")
    listing.add_argument("--id", dest="quote_id", help="quote id contains this")
    listing.add_argument("--status", choices=[*rules.STATUSES, "expired"])
    listing.add_argument("--plan")
    listing.add_argument("--min-tcv", type=_amount)
    listing.add_argument("--max-tcv", type=_amount)
    listing.add_argument("--since", type=_date, help="updated on or after this date (YYYY-MM-DD)")
    listing.add_argument("--page", type=_positive, default=1)
    show = action("show", "a quote's revision (the latest by default)")
    show.add_argument("id")
    show.add_argument("--rev", type=_positive)
    show.add_argument("--json", action="store_true", help="the revision, its status and its saved-quote file")
    diff = action("diff", "what changed between two revisions: inputs by field, and how every total moved")
    diff.add_argument("id")
    diff.add_argument("first", type=_positive, metavar="R1")
    diff.add_argument("second", type=_positive, metavar="R2")
    for name, help in (("approve", "approve a revision"), ("reject", "reject a revision (say why)")):
        decide = action(name, help)
        decide.add_argument("id")
        decide.add_argument("--rev", type=_positive, required=True)
        decide.add_argument("--comment", required=name == "reject", default="")
        decide.add_argument("--role", help="the approval level you decide in (default: your role in the settings)")
    log = action("log", "a quote's history, oldest first")
    log.add_argument("id")
    export = action("export", "export a revision as a PDF proposal and/or an Excel model")
    export.add_argument("id")
    export.add_argument("--rev", type=_positive)
    export.add_argument("--pdf", type=Path, metavar="OUT.pdf")
    export.add_argument("--xlsx", type=Path, metavar="OUT.xlsx")
    for name in ("push", "pull"):
        sync = action(name, f"{name} what the other library lacks (revisions, decisions, events)")
        sync.add_argument("url", metavar="URL", help="the other library")
    team = action("init-team", "create a team library's roles and grants (run once, as its administrator)")
    team.add_argument("url", metavar="URL", help="a postgresql:// library")
    team.add_argument("--map", type=_mapping, action="append", default=[], metavar="LEVEL=DATABASE_ROLE",
                      help="who decides an approval level: members of this database role (repeatable)")


def _settings():
    from .storage.settings_store import load_settings

    return load_settings()


def _me(settings) -> str:
    return settings.rep_name or getpass.getuser()


def _open(url: str | None):
    from .storage.library import library_url, open_library

    return open_library(library_url(url))


def run(args: argparse.Namespace) -> int:
    handler = _ACTIONS[args.library_command]
    library = _open(args.url if args.library_command == "init-team" else args.library)
    try:
        return handler(library, args)
    finally:
        library.close()


def _add(library, args) -> int:
    from .storage.documents import load_quote
    from .storage.problems import FileProblem

    loaded = load_quote(args.quote)
    if loaded.catalog is None:
        raise FileProblem(args.quote, "catalog", "is missing: a library stores a quote with its catalog snapshot")
    stored = library.store(loaded.quote, loaded.catalog, args.author or _me(_settings()))
    short = stored.content_hash[:rules.STAMP_HASH_CHARS]
    if stored.added:
        say(f"stored {stored.quote_id} revision {stored.number} ({short}): {library.status(stored.quote_id).label()}")
    else:
        say(f"{stored.quote_id} unchanged: the same content as revision {stored.number} ({short})")
    return EXIT_OK


def _money(amount: Decimal, currency: str) -> str:
    from .formatting import format_money

    return format_money(amount, currency)


def _list(library, args) -> int:
    from .text_report import _table

    page = library.list_quotes(customer=args.customer, quote_id=args.quote_id, status=args.status, plan=args.plan,
                               min_tcv=args.min_tcv, max_tcv=args.max_tcv, since=args.since,
                               offset=(args.page - 1) * 50)
    today = dt.date.today().isoformat()
    rows = [[row.id, row.customer, str(row.latest_number), row.plan, _money(row.tcv, row.currency),
             row.status + (f" ({row.level})" if row.status == rules.NEEDS_APPROVAL else "")
             + (", expired" if row.valid_until and row.valid_until < today else ""),
             row.valid_until or "-", row.updated_at[:16].replace("T", " ")] for row in page]
    if not rows:
        say("no quotes match" if any(vars(args).get(k) for k in ("customer", "quote_id", "status", "plan", "since"))
            else f"no quotes in {library.name}")
        return EXIT_OK
    for line in _table(["id", "customer", "rev", "plan", "TCV", "status", "valid until", "updated"], rows):
        say(line)
    return EXIT_OK


def _show(library, args) -> int:
    revision, content = library.revision(args.id, args.rev)
    status = library.status(args.id, revision.number, dt.date.today())
    decisions = library.decisions(args.id, revision.content_hash)
    if args.json:
        data = {"quote_id": args.id, "revision": revision.number, "content_hash": revision.content_hash,
                "parent": revision.parent_id, "author": revision.author, "stored_at": revision.stored_at,
                "status": status.status, "level": status.level, "expired": status.expired,
                "tcv": str(revision.tcv), "currency": revision.currency, "decisions": decisions, "file": content}
        print(printable_json(json.dumps(data, indent=1, ensure_ascii=False)))
        return EXIT_OK
    say(f"{args.id} revision {revision.number} of {len(library.revisions(args.id))}: {revision.customer}")
    say(f"  content  {revision.content_hash}")
    say(f"  stored   {revision.stored_at} by {revision.author}")
    say(f"  plan     {revision.plan}, TCV {_money(revision.tcv, revision.currency)}")
    say(f"  status   {status.label()}")
    for decision in decisions:
        comment = f": {decision['comment']}" if decision["comment"] else ""
        say(f"  {_PAST[decision['kind']]} as {decision['role']} by {decision['decided_by']} "
            f"at {decision['decided_at']}{comment}")
    return EXIT_OK


def _priced(library, quote_id: str, number: int, today=None):
    from .workspace.library_diff import priced_revision

    return priced_revision(library, quote_id, number, today)


def _diff(library, args) -> int:
    from .formatting import format_amount
    from .workspace.library_diff import revision_diff

    diff = revision_diff(library, args.id, args.first, args.second)
    say(f"{args.id}: revision {args.first} -> {args.second}")
    if diff.catalog_changed:
        say("  catalog snapshot changed")
    for change in diff.changes:
        say(f"  {change.path}: {json.dumps(change.before)} -> {json.dumps(change.after)}")
    if not diff.changes and not diff.catalog_changed:
        say("  no input changed")
    places = diff.minor_units
    for move in diff.moved:
        sign = "+" if move.change > 0 else ""
        say(f"  {move.name}: {format_amount(move.before, places)} -> {format_amount(move.after, places)} "
            f"({sign}{format_amount(move.change, places)})")
    return EXIT_OK


def _decide(library, args) -> int:
    settings = _settings()
    role = args.role or settings.rep_role
    if not role:
        from .storage.problems import FileProblem

        raise FileProblem(library.name, "role", "is not set: pass --role or set your role in the settings")
    kind = rules.APPROVE if args.library_command == "approve" else rules.REJECT
    status = library.decide(args.id, args.rev, kind, role, _me(settings), args.comment)
    say(f"{args.id} revision {args.rev}: {_PAST[kind]} as {role}; the quote is {status}")
    return EXIT_OK


def _log(library, args) -> int:
    for event in library.history(args.id):
        detail = ", ".join(f"{key} {value}" for key, value in sorted(event["detail"].items()) if value != "")
        say(f"{event['at']}  {event['who']}  {event['kind']}: {detail}")
    return EXIT_OK


def _export(library, args) -> int:
    from .exporters.base import ExportJob
    from .exporters.batch import export_all
    from .storage.problems import FileProblem

    targets = {identifier: out for identifier, out in {"xlsx": args.xlsx, "pdf": args.pdf}.items() if out}
    if not targets:
        raise FileProblem(library.name, "export", "needs --pdf OUT.pdf and/or --xlsx OUT.xlsx")
    revision, _, loaded, priced = _priced(library, args.id, args.rev, dt.date.today())
    settings = _settings()
    stamp = library.stamp(args.id, revision.number)  # no DRAFT on an approved revision; its id on every page
    result = export_all(ExportJob(loaded.catalog, loaded.quote, priced, stamp), settings, targets)
    say_warnings(priced, settings.locale)  # the quote's own (expired, ...), as `quotewright export` says them
    for warning in result.warnings:
        say(f"quotewright: warning: {warning}", sys.stderr)
    for identifier, out in targets.items():
        digest = hashlib.sha256(Path(out).read_bytes()).hexdigest()
        library.record_export(args.id, revision.number, identifier, str(out), digest, _me(settings))
        say(f"wrote {out} (sha256 {digest[:rules.STAMP_HASH_CHARS]})")
    return EXIT_OK


def _sync(library, args) -> int:
    from .storage.library import open_library
    from .storage.library.sync import pull, push

    other = open_library(args.url)
    try:
        copy = push if args.library_command == "push" else pull
        copied = copy(library, other, _me(_settings()))
    finally:
        other.close()
    where = other.name if args.library_command == "push" else library.name
    say(f"{args.library_command}: {copied.revisions} revisions, {copied.decisions} decisions, "
        f"{copied.events} events copied into {where}")
    if copied.refused:
        say(f"quotewright: {where}: {copied.refused} decisions refused (your database user lacks their role)",
            sys.stderr)
    return EXIT_OK


def _init_team(library, args) -> int:
    from .storage.library.team import init_team

    for line in init_team(library, dict(args.map)):
        say(line)
    return EXIT_OK


_ACTIONS = {"add": _add, "list": _list, "show": _show, "diff": _diff, "approve": _decide, "reject": _decide,
            "log": _log, "export": _export, "push": _sync, "pull": _sync, "init-team": _init_team}
