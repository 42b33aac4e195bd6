"""Issue 15, team security (LIBRARY.md 5), tried with plain SQL as the
database users of a rep, a manager and an owner on a real PostgreSQL
library set up by `quotewright library init-team`: every change to the
record and every decision outside one's role is refused by the database
itself, and a decision's "who" is the database user. Names and searches
full of SQL are stored and found literally, on SQLite too. The number of
attempts is printed."""

from __future__ import annotations

import psycopg
import pytest

from postgres_server import ADMIN, postgres  # noqa: F401
from quotewright.cli import main
from quotewright.domain import library as rules
from quotewright.domain.pricing import price_quote
from quotewright.storage.library import LibraryProblem, open_library
from test_library import NEEDS, counts, sample

INJECTION = "'); DROP TABLE revisions; --"


@pytest.fixture(scope="module")
def team(postgres):
    """A team library: the owner's URL, its database, and three people."""
    database = postgres.new_database()
    url = postgres.url(database)
    quote, catalog = sample()
    levels = [level.role for level in catalog.approval.levels]
    needed = price_quote(catalog, quote).approval.level_index
    maps = [f"--map={levels[needed]}=qw_sec_managers", f"--map={levels[needed + 1]}=qw_sec_vps"]
    assert main(["library", "init-team", url, *maps]) == 0
    postgres.login_role("sec_rep", "quotewright_rep")
    postgres.login_role("sec_manager", "qw_sec_managers")
    postgres.login_role("sec_vp", "qw_sec_vps")
    rep = open_library(postgres.url(database, "sec_rep"))
    rep.store(quote, catalog, "the rep's laptop name")
    rep.close()
    return {"server": postgres, "database": database, "url": url, "quote": quote, "levels": levels,
            "needed": needed}


class Attempts:
    refused = 0  # attacks tried, each refused or neutralised


def refused(team, user: str, statement: str, params=()) -> str:
    """Run one statement as `user`; it must fail. Returns the server's message."""
    with team["server"].connect(team["database"], user) as connection:
        with pytest.raises(psycopg.Error) as caught:
            connection.execute(statement, params)
    Attempts.refused += 1
    return str(caught.value)


def content_hash(team) -> str:
    with team["server"].connect(team["database"]) as connection:
        return connection.execute("SELECT content_hash FROM revisions WHERE quote_id = %s AND number = 1",
                                  (team["quote"].id,)).fetchone()[0]


DECISION = ("INSERT INTO decisions (decision_id, quote_id, content_hash, kind, role, role_index, decided_by, "
            "decided_at, comment) VALUES (%s, %s, %s, %s, %s, 0, %s, '2026-12-01T00:00:00Z', %s)")


def test_the_record_cannot_be_changed_by_anyone(team):
    with team["server"].connect(team["database"]) as owner:
        before = owner.execute("SELECT revision_id, content FROM revisions ORDER BY 1").fetchall()
        events_before = owner.execute("SELECT count(*) FROM events").fetchone()[0]
    for user in ("sec_rep", "sec_manager", ADMIN):  # the owner (a superuser) too: the triggers hold
        said = refused(team, user, "UPDATE revisions SET content = 'x'")
        assert ("never changes" if user == ADMIN else "permission denied") in said  # trigger / privileges
        refused(team, user, "DELETE FROM events")
        refused(team, user, "UPDATE snapshots SET catalog = '{}'")
        refused(team, user, "DELETE FROM revisions")
        refused(team, user, "TRUNCATE events")
    assert "permission denied" in refused(team, "sec_rep", "UPDATE revisions SET author = 'someone else'")
    with team["server"].connect(team["database"]) as owner:
        assert owner.execute("SELECT revision_id, content FROM revisions ORDER BY 1").fetchall() == before
        assert owner.execute("SELECT count(*) FROM events").fetchone()[0] == events_before


def test_decisions_are_checked_and_attributed_by_the_database(team):
    quote, levels, needed, digest = team["quote"], team["levels"], team["needed"], content_hash(team)
    # a rep may not decide at all
    assert "permission denied" in refused(team, "sec_rep", DECISION, ("d1", quote.id, digest, "approve",
                                                                      levels[needed], None, ""))
    # a manager may not decide as a later level it is not a member of
    assert "may not decide" in refused(team, "sec_manager", DECISION, ("d2", quote.id, digest, "approve",
                                                                       levels[needed + 1], None, ""))
    # nor name another approver
    assert "recorded as its database user" in refused(team, "sec_manager", DECISION, (
        "d3", quote.id, digest, "approve", levels[needed], "sec_vp", ""))
    # a rejection needs a comment, even in plain SQL
    refused(team, "sec_manager", DECISION, ("d4", quote.id, digest, "reject", levels[needed], None, " "))
    # a role the snapshot does not have
    refused(team, "sec_vp", DECISION, ("d5", quote.id, digest, "approve", "janitor", None, ""))

    # what may happen: the manager approves; the database writes who and the role's index
    with team["server"].connect(team["database"], "sec_manager") as connection:
        connection.execute(DECISION, ("ok1", quote.id, digest, "approve", levels[needed], None, "fine"))
        assert connection.execute("SELECT decided_by, role_index FROM decisions WHERE decision_id = 'ok1'"
                                  ).fetchone() == ("sec_manager", needed)
    # and no one changes or removes it afterwards
    refused(team, "sec_manager", "UPDATE decisions SET kind = 'reject', comment = 'changed my mind'")
    refused(team, "sec_vp", "UPDATE decisions SET decided_by = 'sec_vp'")
    refused(team, ADMIN, "UPDATE decisions SET role_index = 9")
    refused(team, "sec_manager", "DELETE FROM decisions")

    # through the app: the VP's decision records the database user, not the name sent
    vp = open_library(team["server"].url(team["database"], "sec_vp"))
    try:
        assert vp.decide(quote.id, 1, rules.REJECT, levels[needed + 1], "Someone Else", "too deep") == rules.REJECTED
        assert [d["decided_by"] for d in vp.decisions(quote.id, digest)] == ["sec_manager", "sec_vp"]
        assert vp.history(quote.id)[-1]["who"] == "sec_vp"
    finally:
        vp.close()
    rep = open_library(team["server"].url(team["database"], "sec_rep"))
    try:
        with pytest.raises(LibraryProblem, match="permission denied for table decisions"):
            rep.decide(quote.id, 1, rules.APPROVE, levels[needed], "rep")
    finally:
        rep.close()


def test_the_list_cannot_be_told_a_status_no_revision_has(team):
    """A rep may move a quote's index row, but the database makes it mirror
    the latest revision whatever the UPDATE says."""
    quote = team["quote"]
    with team["server"].connect(team["database"], "sec_rep") as connection:
        connection.execute("UPDATE quotes SET level_index = 0, status = 'approved', tcv_e4 = 1, latest_number = 7 "
                           "WHERE id = %s", (quote.id,))
    Attempts.refused += 1
    owner = open_library(team["url"])
    try:
        row, = owner.list_quotes(quote_id=quote.id)
        assert (row.latest_number, row.tcv, row.status) == (1, owner.revision(quote.id)[0].tcv,
                                                           owner.status(quote.id).status)
        assert row.status == rules.REJECTED  # the VP's rejection above, not the 'approved' the UPDATE said
    finally:
        owner.close()
    refused(team, "sec_rep", "DELETE FROM quotes")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_sql_in_names_and_searches_is_stored_and_found_literally(kind, tmp_path, request):
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres")
        url = server.url(server.new_database())
    library = open_library(url)
    try:
        quote, catalog = sample()
        evil = sample(id="QX-1", customer={"name": INJECTION})[0]
        percent = sample(id="QX-2", customer={"name": "100% _Discount_ Co"})[0]
        for one in (quote, evil, percent):
            library.store(one, catalog, INJECTION)
        assert [row.customer for row in library.list_quotes(customer=INJECTION)] == [INJECTION]
        assert [row.id for row in library.list_quotes(customer="%")] == ["QX-2"]
        assert [row.id for row in library.list_quotes(customer="_d")] == ["QX-2"]
        assert library.list_quotes(customer="' OR '1'='1") == []
        assert library.list_quotes(plan=INJECTION) == [] and library.list_quotes(quote_id=INJECTION) == []
        with pytest.raises(LibraryProblem, match="is not in this library"):
            library.history(INJECTION)
        assert counts(library)[0] == 3 and library.revisions("QX-1")[0].author == INJECTION
        Attempts.refused += 7
    finally:
        library.close()


def test_print_the_count_of_attempts(capsys):
    """Runs last in this module: how many attacks were tried and held."""
    assert Attempts.refused >= 20
    with capsys.disabled():
        print(f"\nlibrary security: {Attempts.refused} attempts, every one refused or neutralised by the database")


def test_cli_against_a_missing_server_is_one_line(capsys, tmp_path):
    code = main(["library", "list", "--library", f"postgresql://nobody@/none?host={tmp_path}&port=1"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "cannot be opened" in err and "Traceback" not in err
    assert NEEDS.is_file()
