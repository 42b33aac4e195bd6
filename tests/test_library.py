"""Issue 15: the quote library's rules (LIBRARY.md 1-4) on SQLite and on a
real PostgreSQL server (tests/postgres_server.py): identical content adds no
revision, a new revision drops the approval, the status table, push twice
changes nothing, two offline revisions of one parent both arrive, a writer
killed half-way leaves the library as before, a newer schema is refused;
and the `quotewright library` commands."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from conftest import REPO
from postgres_server import postgres  # noqa: F401  (the session's server)
from quotewright.cli import main
from quotewright.domain import library as rules
from quotewright.domain.pricing import price_quote
from quotewright.domain.quote import Quote
from quotewright.storage.documents import load_quote, quote_file_data
from quotewright.storage.library import LibraryProblem, open_library
from quotewright.storage.library.schema import decisions, events, revisions, snapshots
from quotewright.storage.library.sync import pull, push
from quotewright.storage.library.team import init_team

SAMPLES = REPO / "resources" / "quotes"
NEEDS = SAMPLES / "data-platform-quote.json"  # needs the second level (manager)
READY = SAMPLES / "token-api-quote.json"  # within the first level
SAMPLE_LEVELS = sorted({level.role for path in SAMPLES.glob("*.json") for level in
                        load_quote(path).catalog.approval.levels})


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """A function making empty libraries of the parametrised kind."""
    opened = []

    def make(name: str = "library"):
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / name}.sqlite3"
        else:
            server = request.getfixturevalue("postgres")
            url = server.url(server.new_database())
        library = open_library(url)
        opened.append(library)
        if library.team:  # every level of the samples decided by a database role (the admin is a member of all)
            init_team(library, {role: f"qw_{role}" for role in SAMPLE_LEVELS})
        return library

    make.kind = request.param
    yield make
    for library in opened:
        library.close()


def sample(path: Path = NEEDS, **changes):
    loaded = load_quote(path)
    quote = Quote.model_validate({**loaded.quote.model_dump(mode="json"), **changes})
    return quote, loaded.catalog


def counts(library) -> tuple[int, int, int]:
    with library.reading() as connection:
        return tuple(connection.execute(select(func.count()).select_from(table)).scalar()
                     for table in (revisions, decisions, events))


def level_roles(catalog) -> list[str]:
    return [level.role for level in catalog.approval.levels]


def test_identical_content_adds_no_revision_and_the_hash_is_the_files(backend):
    library = backend()
    quote, catalog = sample()
    first = library.store(quote, catalog, "ann")
    again = library.store(Quote.model_validate(json.loads(json.dumps(quote.model_dump(mode="json")))), catalog, "bo")
    assert first.added and not again.added and again.number == first.number == 1
    assert counts(library) == (1, 0, 1)
    assert first.content_hash == hashlib.sha256(rules.canonical_json(quote_file_data(quote, catalog))).hexdigest()
    revision, content = library.revision(quote.id)
    assert content == quote_file_data(quote, catalog)  # the saved-quote file, exactly
    changed = library.store(sample(seats=quote.seats + 1)[0], catalog, "ann")
    assert changed.added and changed.number == 2 and library.revisions(quote.id)[1].parent_id == revision.revision_id
    library.store(sample(id="OTHER-1")[0], catalog, "ann")
    with library.reading() as connection:  # one catalog, stored once for every revision that uses it
        assert connection.execute(select(func.count()).select_from(snapshots)).scalar() == 1


def test_a_new_revision_drops_the_approval(backend):
    library = backend()
    quote, catalog = sample()
    needed = price_quote(catalog, quote).approval
    library.store(quote, catalog, "ann")
    assert library.status(quote.id).status == rules.NEEDS_APPROVAL
    assert library.decide(quote.id, 1, rules.APPROVE, needed.level, "mia") == rules.APPROVED
    assert library.stamp(quote.id).final
    library.store(sample(notes="one more clause")[0], catalog, "ann")
    assert library.status(quote.id).status == rules.NEEDS_APPROVAL
    assert library.status(quote.id, 1).status == rules.APPROVED  # the approval stays with its own numbers
    stamp = library.stamp(quote.id)
    assert (stamp.revision, stamp.final, stamp.short_hash) == (2, False, library.revision(quote.id)[0].content_hash[:12])
    assert [row.status for row in library.list_quotes()] == [rules.NEEDS_APPROVAL]


def test_the_status_table(backend):
    library = backend()
    ready, ready_catalog = sample(READY)
    assert price_quote(ready_catalog, ready).approval.level_index == 0
    library.store(ready, ready_catalog, "ann")
    assert library.status(ready.id).status == rules.READY and library.stamp(ready.id).final
    with pytest.raises(LibraryProblem, match="needs no approval"):
        library.decide(ready.id, 1, rules.APPROVE, level_roles(ready_catalog)[-1], "mia")

    quote, catalog = sample()
    levels, needed = level_roles(catalog), price_quote(catalog, quote).approval.level_index
    assert 0 < needed < len(levels) - 1
    library.store(quote, catalog, "ann")
    with pytest.raises(LibraryProblem, match="cannot approve"):
        library.decide(quote.id, 1, rules.APPROVE, levels[needed - 1], "lee")  # a lower level
    with pytest.raises(LibraryProblem, match="comment: is required"):
        library.decide(quote.id, 1, rules.REJECT, levels[needed], "mia", "  ")
    with pytest.raises(LibraryProblem, match="not an approval level"):
        library.decide(quote.id, 1, rules.APPROVE, "janitor", "mia")
    assert library.status(quote.id).status == rules.NEEDS_APPROVAL
    assert library.decide(quote.id, 1, rules.REJECT, levels[needed], "mia", "too deep") == rules.REJECTED
    assert library.decide(quote.id, 1, rules.APPROVE, levels[needed + 1], "vic") == rules.APPROVED  # a later level
    assert library.decide(quote.id, 1, rules.REJECT, levels[-1], "cfo", "no") == rules.REJECTED  # the latest decides

    past = quote.valid_until + dt.timedelta(days=1)
    assert library.status(quote.id, today=past).expired and not library.status(quote.id, today=quote.valid_until).expired
    expired = {row.id for row in library.list_quotes(status="expired", today=past)}
    assert quote.id in expired and (ready.id in expired) == (ready.valid_until < past)
    # The list's status (SQL) is the domain's rule for every quote
    for row in library.list_quotes():
        assert row.status == library.status(row.id).status
    assert [row.id for row in library.list_quotes(status=rules.REJECTED)] == [quote.id]
    assert [row.id for row in library.list_quotes(status=rules.READY)] == [ready.id]


def test_list_filters(backend):
    library = backend()
    quote, catalog = sample()
    ready, ready_catalog = sample(READY)
    library.store(quote, catalog, "ann")
    library.store(ready, ready_catalog, "ann")
    tcv = price_quote(catalog, quote).totals.tcv
    other = price_quote(ready_catalog, ready).totals.tcv
    assert {r.id for r in library.list_quotes(min_tcv=tcv)} == {quote.id} | ({ready.id} if other >= tcv else set())
    assert [r.id for r in library.list_quotes(min_tcv=tcv, max_tcv=tcv)] == [quote.id]
    assert library.list_quotes(min_tcv=tcv + 1, max_tcv=tcv + 2) == []
    assert [r.id for r in library.list_quotes(plan=quote.plan, customer=quote.customer.name[2:8].upper())] == [quote.id]
    assert [r.id for r in library.list_quotes(quote_id=ready.id[:5])] == [ready.id]
    assert len(library.list_quotes(since=dt.date.today())) == 2
    assert library.list_quotes(since=dt.date.today() + dt.timedelta(days=1)) == []
    assert {r.tcv for r in library.list_quotes()} == {tcv, other}
    assert len(library.list_quotes(limit=1)) == 1


def _library_with_history(make, name="laptop"):
    library = make(name)
    quote, catalog = sample()
    library.store(quote, catalog, "ann")
    library.decide(quote.id, 1, rules.APPROVE, price_quote(catalog, quote).approval.level, "mia")
    library.store(*sample(READY), "ann")
    return library, quote


def test_push_twice_changes_nothing_and_pull_back_settles(backend, tmp_path):
    team = backend("team")
    laptop, quote = _library_with_history(lambda name: open_library(f"sqlite:///{tmp_path / name}.sqlite3"))
    try:
        first = push(laptop, team, "ann")
        assert (first.revisions, first.decisions, first.refused) == (2, 1, 0)
        after = counts(team)
        assert after == (2, 1, counts(laptop)[2] + 1)  # and the push's own event
        assert push(laptop, team, "ann").anything is False and counts(team) == after
        assert team.status(quote.id).status == rules.APPROVED
        pulled = pull(laptop, team, "ann")
        assert (pulled.revisions, pulled.decisions, pulled.events) == (0, 0, 1)  # only the push event
        assert not push(laptop, team, "ann").anything and not pull(laptop, team, "ann").anything
        assert [r.content_hash for r in team.revisions(quote.id)] == [r.content_hash for r in laptop.revisions(quote.id)]
    finally:
        laptop.close()


def test_two_offline_revisions_of_one_parent_both_arrive(backend, tmp_path):
    team = backend("team")
    quote, catalog = sample()
    team.store(quote, catalog, "ann")
    laptops = [open_library(f"sqlite:///{tmp_path / name}.sqlite3") for name in ("ann", "bo")]
    try:
        for laptop, seats in zip(laptops, (11, 22)):
            pull(laptop, team, "x")
            assert laptop.store(sample(seats=seats)[0], catalog, "x").number == 2
        for laptop in reversed(laptops):  # bo's arrives first
            push(laptop, team, "x")
        stored = team.revisions(quote.id)
        parent = stored[0].revision_id
        assert [(r.number, r.parent_id) for r in stored] == [(1, None), (2, parent), (3, parent)]
        seats = [team.revision(quote.id, number)[1]["seats"] for number in (2, 3)]
        assert seats == [22, 11]  # numbered in arrival order
        for laptop in laptops:  # each gets the other's, numbered there
            pull(laptop, team, "x")
            assert len(laptop.revisions(quote.id)) == 3
    finally:
        for laptop in laptops:
            laptop.close()


KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from quotewright.storage.documents import load_quote
    from quotewright.storage.library import open_library
    from quotewright.storage.library.store import Library
    from quotewright.domain.quote import Quote

    def stalled(self, connection, *args, **kwargs):
        print("revision inserted, not committed", flush=True)
        time.sleep(60)  # killed here, inside the transaction

    library = open_library(sys.argv[1])
    Library._event = stalled
    loaded = load_quote(sys.argv[2])
    changed = Quote.model_validate({**loaded.quote.model_dump(mode="json"), "seats": 99})
    library.store(changed, loaded.catalog, "killed")
""")


def test_a_writer_killed_while_storing_leaves_the_library_as_before(backend):
    library = backend()
    quote, catalog = sample()
    library.store(quote, catalog, "ann")
    before = (counts(library), library.list_quotes())
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, library.url, str(NEEDS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = writer.stdout.readline()
        assert line.startswith("revision inserted"), writer.stderr.read()
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert (counts(library), library.list_quotes()) == before
    # the lock died with the writer: the next store goes through, numbered 2
    assert library.store(sample(seats=5)[0], catalog, "ann").number == 2


def test_a_newer_schema_is_refused(backend, capsys):
    library = backend()
    with library.writing() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    library.close()
    with pytest.raises(LibraryProblem, match="is version 9999, newer than this Quotewright knows"):
        open_library(library.url)
    assert main(["library", "list", "--library", library.url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer than this Quotewright knows" in err and "Traceback" not in err


# -- the commands ------------------------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"rep_name": "Ann Rep", "rep_role": "manager"}))
    monkeypatch.setenv("QUOTEWRIGHT_SETTINGS", str(settings))
    monkeypatch.setenv("QUOTEWRIGHT_LIBRARY", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["library", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_library_commands(cli, capsys):
    quote, catalog = sample()
    code, out, _ = run(capsys, "add", str(NEEDS))
    assert code == 0 and f"stored {quote.id} revision 1" in out and "needs approval (manager)" in out
    assert "unchanged" in run(capsys, "add", str(NEEDS))[1]
    edited = cli / "edited.json"
    data = json.loads(NEEDS.read_text())
    data["discounts"]["subscription_percent"] = "12"
    edited.write_text(json.dumps(data, indent=4))
    assert "revision 2" in run(capsys, "add", str(edited))[1]

    code, out, _ = run(capsys, "list", "--customer", quote.customer.name[:6])
    assert code == 0 and quote.id in out and quote.customer.name in out
    assert "no quotes match" in run(capsys, "list", "--status", "approved")[1]

    code, out, _ = run(capsys, "diff", quote.id, "1", "2")
    before = price_quote(catalog, quote).totals
    after = price_quote(catalog, sample(discounts={**quote.discounts.model_dump(mode="json"),
                                                   "subscription_percent": "12"})[0]).totals
    was = json.loads(NEEDS.read_text())["discounts"]["subscription_percent"]
    assert f'discounts.subscription_percent: "{was}" -> "12"' in out
    assert f"tcv: {before.tcv:,} -> {after.tcv:,}" in out

    assert run(capsys, "approve", quote.id, "--rev", "1")[0] == 1  # not the latest
    code, out, _ = run(capsys, "approve", quote.id, "--rev", "2", "--comment", "fine")
    assert code == 0 and "approved as manager; the quote is approved" in out
    code, out, _ = run(capsys, "show", quote.id, "--json")
    shown = json.loads(out)
    assert (shown["revision"], shown["status"], shown["decisions"][0]["decided_by"]) == (2, "approved", "Ann Rep")
    assert shown["content_hash"] == rules.content_hash(shown["file"])

    pdf = cli / "out.pdf"
    code, out, _ = run(capsys, "export", quote.id, "--pdf", str(pdf))
    assert code == 0 and pdf.is_file()
    code, out, _ = run(capsys, "log", quote.id)
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert out.count("revision stored") == 2 and "decision made" in out and f"sha256 {digest}" in out

    code, _, err = run(capsys, "show", "NO-SUCH-QUOTE")
    assert code == 1 and "'NO-SUCH-QUOTE' is not in this library" in err and err.count("\n") == 1
    code, _, err = run(capsys, "show", quote.id, "--rev", "7")
    assert code == 1 and "has no revision 7 (it has 1 to 2)" in err


def test_push_and_pull_commands_between_two_local_libraries(cli, capsys):
    other = f"sqlite:///{cli / 'other.sqlite3'}"
    run(capsys, "add", str(NEEDS))
    code, out, _ = run(capsys, "push", other)
    assert code == 0 and "1 revisions, 0 decisions, 1 events copied" in out
    assert "0 revisions, 0 decisions, 0 events" in run(capsys, "push", other)[1]
    assert "0 revisions, 0 decisions, 1 events" in run(capsys, "pull", other)[1]
    assert run(capsys, "init-team", other)[0] == 1  # a local library needs no roles


# -- the pure rules ----------------------------------------------------------


def test_the_rules_without_a_database():
    levels = ["rep", "manager", "vp"]
    approve, reject = (rules.Decision(rules.APPROVE, "vp", 2, "2026-01-02"),
                       rules.Decision(rules.REJECT, "manager", 1, "2026-01-01"))
    assert rules.quote_status(levels, 0, [reject]).status == rules.READY
    assert rules.quote_status(levels, 1, []).label() == "needs approval (manager)"
    assert rules.quote_status(levels, 1, [approve, reject]).status == rules.APPROVED  # read in time order
    assert rules.quote_status(levels, 2, [rules.Decision(rules.APPROVE, "manager", 1, "x")]).status == \
        rules.NEEDS_APPROVAL
    late = rules.quote_status(levels, 1, [], dt.date(2026, 1, 1), dt.date(2026, 1, 2))
    assert late.expired and late.label().endswith(", expired")
    assert rules.check_decision(rules.APPROVE, "vp", levels, 1, "") == 2
    with pytest.raises(rules.InvalidInput) as caught:
        rules.check_decision(rules.REJECT, "vp", levels, 1, "")
    assert caught.value.path == "comment"
    stamp = rules.stamp("Q-1", 3, "ab" * 32, rules.quote_status(levels, 1, []))
    assert (stamp.short_hash, stamp.final, stamp.status) == ("ab" * 6, False, rules.NEEDS_APPROVAL)
    before = {"usage": [{"monthly": "1"}], "seats": 1, "catalog": {"x": 1}, "notes": ""}
    after = {"usage": [{"monthly": "1"}, {"monthly": "2"}], "seats": 1, "catalog": {"x": 2}, "date": "2026-01-01"}
    assert rules.changed_inputs(before, after) == [
        rules.FieldChange("usage", before["usage"], after["usage"]), rules.FieldChange("notes", "", None),
        rules.FieldChange("date", None, "2026-01-01")]


def test_draft_leaves_only_an_approved_revisions_proposal_and_every_document_names_its_revision(cli, capsys):
    from openpyxl import load_workbook

    from pdf_reader import page_texts

    quote, _ = sample()
    assert run(capsys, "add", str(NEEDS))[0] == 0
    pending, approved, workbook = cli / "pending.pdf", cli / "approved.pdf", cli / "approved.xlsx"
    assert run(capsys, "export", quote.id, "--pdf", str(pending))[0] == 0
    code, out, _ = run(capsys, "show", quote.id, "--json")
    short = json.loads(out)["content_hash"][:12]
    assert run(capsys, "approve", quote.id, "--rev", "1")[0] == 0
    assert run(capsys, "export", quote.id, "--pdf", str(approved), "--xlsx", str(workbook))[0] == 0
    pending_text, approved_text = "\n".join(page_texts(pending)), "\n".join(page_texts(approved))
    assert "DRAFT" in pending_text and "DRAFT" not in approved_text
    for text in (pending_text, approved_text):
        assert f"{quote.id} rev 1 · {short}" in text
    title = load_workbook(workbook)["Summary"]["A1"].value
    assert f"{quote.id} rev 1 · {short} (approved)" in title


def test_library_export_says_an_expired_revisions_warning_on_stderr_and_exits_0(cli, capsys):
    data = json.loads(READY.read_text())
    data["date"], data["valid_until"] = "2020-01-01", "2020-01-31"  # long past
    expired = cli / "expired.json"
    expired.write_text(json.dumps(data, indent=4))
    assert run(capsys, "add", str(expired))[0] == 0
    pdf = cli / "expired.pdf"
    code, _, err = run(capsys, "export", data["id"], "--pdf", str(pdf))
    assert code == 0 and pdf.is_file()
    assert "quotewright: warning:" in err and "2020" in err
