"""Issue 15 on a real PostgreSQL server only: many writers at once keep
revision numbers unique and gap-free with every event present; two first
uses at once migrate once; a laptop's decisions the team library will not
accept are refused, counted and not logged there; and the team set-up and
push/pull through the command line."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import func, select

from postgres_server import postgres  # noqa: F401
from quotewright.cli import main
from quotewright.domain import library as rules
from quotewright.domain.pricing import price_quote
from quotewright.storage.library import open_library
from quotewright.storage.library.schema import events
from quotewright.storage.library.sync import push
from test_library import NEEDS, counts, sample


@pytest.fixture
def database(postgres):
    return postgres, postgres.new_database()


def test_concurrent_writers_number_revisions_without_gaps(database):
    server, name = database
    url = server.url(name)
    open_library(url).close()
    quote, catalog = sample()
    writers, each = 6, 5
    problems: list[BaseException] = []

    def write(writer: int) -> None:
        library = open_library(url)
        try:
            for step in range(each):
                # writers share quote A and each has its own quote too
                library.store(sample(seats=writer * 100 + step)[0], catalog, f"w{writer}")
                library.store(sample(id=f"W-{writer}", seats=step)[0], catalog, f"w{writer}")
        except BaseException as error:  # noqa: BLE001 - reported below
            problems.append(error)
        finally:
            library.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert problems == []
    library = open_library(url)
    try:
        shared = library.revisions(quote.id)
        assert [r.number for r in shared] == list(range(1, writers * each + 1))
        assert len({r.content_hash for r in shared}) == writers * each
        for writer in range(writers):
            assert [r.number for r in library.revisions(f"W-{writer}")] == list(range(1, each + 1))
        with library.reading() as connection:
            stored = connection.execute(select(func.count()).select_from(events)
                                        .where(events.c.kind == rules.REVISION_STORED)).scalar()
        assert stored == counts(library)[0] == 2 * writers * each
        # every revision's parent is the one numbered before it
        assert [r.parent_id for r in shared[1:]] == [r.revision_id for r in shared[:-1]]
    finally:
        library.close()


def test_two_first_uses_at_once_migrate_once(database):
    server, name = database
    url = server.url(name)
    opened, problems = [], []

    def first_use() -> None:
        try:
            opened.append(open_library(url))
        except BaseException as error:  # noqa: BLE001
            problems.append(error)

    threads = [threading.Thread(target=first_use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert problems == [] and len(opened) == 4
    for library in opened:
        library.close()


def test_a_laptops_decision_a_rep_cannot_make_is_refused_by_the_team_library(database, tmp_path):
    server, name = database
    url = server.url(name)
    quote, catalog = sample()
    level = price_quote(catalog, quote).approval.level
    assert main(["library", "init-team", url, f"--map={level}=qw_pg_managers"]) == 0
    server.login_role("team_rep", "quotewright_rep")
    laptop = open_library(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    team = open_library(server.url(name, "team_rep"))
    try:
        laptop.store(quote, catalog, "ann")
        laptop.decide(quote.id, 1, rules.APPROVE, level, "ann")  # anyone may, on a laptop
        copied = push(laptop, team, "ann")
        assert (copied.revisions, copied.decisions, copied.refused) == (1, 0, 1)
        assert team.status(quote.id).status == rules.NEEDS_APPROVAL
        assert [e["kind"] for e in team.history(quote.id)] == [rules.REVISION_STORED]  # no claim of a decision
        again = push(laptop, team, "ann")
        assert (again.revisions, again.decisions, again.refused) == (0, 0, 1) and not again.anything
    finally:
        laptop.close()
        team.close()


def test_team_set_up_and_sharing_through_the_command_line(database, tmp_path, monkeypatch, capsys):
    server, name = database
    url = server.url(name)
    monkeypatch.setenv("QUOTEWRIGHT_SETTINGS", str(tmp_path / "settings.json"))
    (tmp_path / "settings.json").write_text(json.dumps({"rep_name": "Ann", "rep_role": "rep"}))
    local = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    assert main(["library", "init-team", url, "--map", "manager=qw_cli_managers"]) == 0
    out = capsys.readouterr().out
    assert "'manager' is decided by members of 'qw_cli_managers'" in out
    with pytest.raises(SystemExit) as usage:  # argparse's own exit: wrong usage
        main(["library", "init-team", url, "--map", "nonsense"])
    assert usage.value.code == 2 and "is not LEVEL=DATABASE_ROLE" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["library", "add", str(NEEDS), "--library", local]) == 0
    assert main(["library", "push", url, "--library", local]) == 0
    assert "1 revisions, 0 decisions, 1 events copied into postgresql://" in capsys.readouterr().out
    assert main(["library", "push", url, "--library", local]) == 0
    assert "0 revisions, 0 decisions, 0 events" in capsys.readouterr().out
    assert main(["library", "list", "--library", url]) == 0
    assert sample()[0].id in capsys.readouterr().out
