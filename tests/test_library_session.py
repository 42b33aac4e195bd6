"""Issue 15 item 7, without Qt: the library as the app uses it
(workspace/library_session.py) against SQLite libraries in tmp_path: the
library and team URLs from the settings, the filtered and paged list, a
quote's revisions and their diff, who may decide, the timeline, storing the
open quote as a revision, the open quote's state, push and pull with the
unshared count, and an unreachable team library that breaks nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from conftest import REPO
from postgres_server import postgres  # noqa: F401  (the session's server)
from quotewright.domain import library as rules
from quotewright.domain.pricing import price_quote
from quotewright.domain.settings import Settings
from quotewright.domain.values import rebuilt
from quotewright.storage.documents import load_quote
from quotewright.storage.library.connect import LibraryProblem, library_exists, library_url, team_library_url
from quotewright.storage.library.store import PAGE
from quotewright.workspace.library_session import LibrarySession, ListFilter
from quotewright.workspace.quote_session import QuoteSession

SAMPLES = REPO / "resources" / "quotes"
NEEDS = SAMPLES / "support-agent-quote.json"  # HS-2026-0077: needs the manager; deal_desk is later
READY = SAMPLES / "token-api-quote.json"  # within the first level
TODAY = dt.date(2026, 12, 1)


def loaded(path=NEEDS):
    found = load_quote(path)
    return found.quote, found.catalog


@pytest.fixture
def make_session(tmp_path, monkeypatch):
    monkeypatch.delenv("QUOTEWRIGHT_LIBRARY", raising=False)
    monkeypatch.delenv("QUOTEWRIGHT_TEAM_LIBRARY", raising=False)
    opened = []

    def make(role="deal_desk", name="Dee Desk", team="", library="local"):
        settings = Settings(rep_name=name, rep_role=role, library_url=f"sqlite:///{tmp_path / library}.sqlite3",
                            team_library_url=team)
        session = LibrarySession(settings, today=lambda: TODAY)
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()


def test_the_library_url_comes_from_given_then_environment_then_settings_then_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("QUOTEWRIGHT_LIBRARY", raising=False)
    chosen = Settings(library_url="sqlite:///chosen.sqlite3")
    assert library_url(None, Settings()).startswith(f"sqlite:///{tmp_path / 'data'}")
    assert library_url(None, chosen) == "sqlite:///chosen.sqlite3"
    monkeypatch.setenv("QUOTEWRIGHT_LIBRARY", "sqlite:///env.sqlite3")
    assert library_url(None, chosen) == "sqlite:///env.sqlite3"
    assert library_url("sqlite:///given.sqlite3", chosen) == "sqlite:///given.sqlite3"
    assert team_library_url(Settings(team_library_url="postgresql://team/db")) == "postgresql://team/db"
    monkeypatch.setenv("QUOTEWRIGHT_TEAM_LIBRARY", "postgresql://env/db")
    assert team_library_url(Settings()) == "postgresql://env/db"


@pytest.mark.parametrize("url", ["http://example.com/db", "sqlite:///", "postgresql://", " sqlite:///a.db", "x"])
def test_a_library_url_setting_must_be_a_library_url(url):
    with pytest.raises(ValueError, match="library_url"):
        Settings(library_url=url)
    with pytest.raises(ValueError, match="team_library_url"):
        Settings(team_library_url=url)


def test_list_filters_and_pages(make_session):
    session = make_session()
    needs, catalog = loaded(NEEDS)
    ready, ready_catalog = loaded(READY)
    session.save_revision(needs, catalog)
    session.save_revision(ready, ready_catalog)
    for index in range(PAGE + 3):  # more than a page
        session.save_revision(rebuilt(ready, id=f"PG-{index:03}"), ready_catalog)
    first, second = session.page(ListFilter(), 1), session.page(ListFilter(), 2)
    assert (len(first.quotes), first.has_next, len(second.quotes), second.has_next) == (PAGE, True, 5, False)
    assert not {q.row.id for q in first.quotes} & {q.row.id for q in second.quotes}

    by_customer = session.page(ListFilter(customer=needs.customer.name[:5].upper())).quotes
    assert [q.row.id for q in by_customer] == [needs.id]
    listed = by_customer[0]
    assert listed.row.tcv == price_quote(catalog, needs).totals.tcv
    assert listed.status == "needs approval (Manager)" and not listed.expired
    assert [q.row.id for q in session.page(ListFilter(status=rules.NEEDS_APPROVAL)).quotes] == [needs.id]
    assert len(session.page(ListFilter(status=rules.READY)).quotes) == PAGE
    assert [q.row.id for q in session.page(ListFilter(plan=needs.plan)).quotes] == [needs.id]
    tcv = listed.row.tcv
    assert [q.row.id for q in session.page(ListFilter(min_tcv=tcv)).quotes] == [needs.id]
    assert needs.id not in {q.row.id for q in session.page(ListFilter(max_tcv=tcv - Decimal("0.01"))).quotes}
    assert session.page(ListFilter(since=TODAY + dt.timedelta(days=400))).quotes == []
    assert session.page(ListFilter(customer="'); DROP TABLE revisions; --")).quotes == []
    assert len(session.revisions(needs.id)) == 1  # still there
    with pytest.raises(LibraryProblem, match="status"):
        session.page(ListFilter(status="lost"))


def test_expired_is_shown_beside_the_status(make_session):
    session = make_session()
    quote, catalog = loaded(READY)
    session.save_revision(rebuilt(quote, valid_until=TODAY - dt.timedelta(days=1)), catalog)
    listed = session.page(ListFilter(status="expired")).quotes
    assert [q.row.id for q in listed] == [quote.id] and listed[0].expired and listed[0].status == "ready, expired"


def test_identical_content_adds_no_revision_and_the_quote_history_is_untouched(make_session):
    session = make_session()
    quote, catalog = loaded()
    open_quote = QuoteSession(catalog, quote)
    open_quote.set_prepared_by("Someone Else")  # one undoable step
    steps = (open_quote.history.index, len(open_quote.history), open_quote.history.clean_index, open_quote.modified)
    first = session.save_revision(open_quote.quote, open_quote.catalog)
    again = session.save_revision(open_quote.quote, open_quote.catalog)
    assert (first.added, again.added, again.number) == (True, False, 1)
    assert len(session.revisions(quote.id)) == 1
    assert (open_quote.history.index, len(open_quote.history), open_quote.history.clean_index, open_quote.modified) == steps
    open_quote.undo()
    assert session.save_revision(open_quote.quote, open_quote.catalog).number == 2


def test_revisions_and_their_diff(make_session):
    session = make_session()
    quote, catalog = loaded()
    session.save_revision(quote, catalog)
    percent = quote.discounts.subscription_percent + 3
    cheaper = rebuilt(quote, discounts=rebuilt(quote.discounts, subscription_percent=percent))
    session.save_revision(cheaper, catalog)
    assert [r.number for r in session.revisions(quote.id)] == [1, 2]
    diff = session.diff(quote.id, 1, 2)
    assert [(c.path, Decimal(c.after)) for c in diff.changes] == [("discounts.subscription_percent", percent)]
    assert not diff.catalog_changed
    before, after = price_quote(catalog, quote).totals, price_quote(catalog, cheaper).totals
    tcv = next(move for move in diff.moved if move.name == "tcv")
    assert (tcv.before, tcv.after, tcv.change) == (before.tcv, after.tcv, after.tcv - before.tcv)
    assert all(move.change for move in diff.moved) and len(diff.moves) > len(diff.moved)
    same = session.diff(quote.id, 2, 2)
    assert same.changes == [] and same.moved == []


def test_who_may_decide_follows_the_snapshots_levels(make_session):
    quote, catalog = loaded()  # needs the manager: rep < manager < deal_desk < cfo
    rep = make_session(role="rep", name="Rae Rep")
    rep.save_revision(quote, catalog)
    refused = rep.permission(rules.APPROVE, quote.id)
    assert not refused.allowed and "Needs Manager or a later level; your role is Rep" in refused.reason
    assert not rep.permission(rules.REJECT, quote.id).allowed
    with pytest.raises(LibraryProblem, match="needs Manager"):
        rep.approve(quote.id, 1)
    assert rep.status(quote.id).status == rules.NEEDS_APPROVAL
    stranger = make_session(role="astronaut")
    assert "not an approval level" in stranger.permission(rules.APPROVE, quote.id).reason
    nobody = make_session(role="")
    assert "Set your role" in nobody.permission(rules.APPROVE, quote.id).reason

    desk = make_session()
    assert desk.permission(rules.APPROVE, quote.id).allowed
    with pytest.raises(LibraryProblem, match="comment: is required to reject"):
        desk.reject(quote.id, 1, "  ")
    assert desk.status(quote.id).status == rules.NEEDS_APPROVAL
    assert desk.approve(quote.id, 1, "fine") == rules.APPROVED
    assert "already approved" in desk.permission(rules.APPROVE, quote.id).reason
    assert desk.reject(quote.id, 1, "numbers changed on the call") == rules.REJECTED
    decided = desk.decisions(quote.id, desk.revisions(quote.id)[-1])
    assert [(d["kind"], d["role"], d["decided_by"]) for d in decided] == [
        (rules.APPROVE, "deal_desk", "Dee Desk"), (rules.REJECT, "deal_desk", "Dee Desk")]

    desk.save_revision(rebuilt(quote, seats=quote.seats + 1), catalog)
    assert "latest revision (2)" in desk.permission(rules.APPROVE, quote.id, 1).reason
    ready, ready_catalog = loaded(READY)
    desk.save_revision(ready, ready_catalog)
    assert "Needs no approval" in desk.permission(rules.APPROVE, ready.id).reason


def test_the_timeline_says_what_happened_in_order(make_session):
    session = make_session()
    quote, catalog = loaded()
    stored = session.save_revision(quote, catalog)
    session.approve(quote.id, 1, "ok for Q4")
    texts = [(entry.who, entry.text) for entry in session.timeline(quote.id)]
    assert texts == [("Dee Desk", f"Revision 1 stored ({stored.content_hash[:12]})"),
                     ("Dee Desk", "Revision 1 approved as Deal desk: ok for Q4")]
    assert session.timeline(quote.id)[0].at.endswith(" UTC")


def test_the_open_quotes_state_and_stamp(make_session):
    session = make_session()
    quote, catalog = loaded()
    assert session.open_quote_state(quote, catalog) is None
    assert not library_exists(session.settings.library_url)  # asking made no library
    session.save_revision(quote, catalog)
    assert library_exists(session.settings.library_url)
    state = session.open_quote_state(quote, catalog)
    assert state.title() == f"{quote.id} rev 1, needs approval (Manager)" and not state.stamp.final
    session.approve(quote.id, 1)
    state = session.open_quote_state(quote, catalog)
    assert state.title() == f"{quote.id} rev 1, approved (Manager)" and state.stamp.final
    edited = rebuilt(quote, seats=quote.seats + 1)
    state = session.open_quote_state(edited, catalog)
    assert (state.number, state.stamp, state.title()) == (None, None, f"{quote.id} edited since rev 1")


def test_push_pull_and_the_unshared_count(make_session, tmp_path):
    team_url = f"sqlite:///{tmp_path / 'team'}.sqlite3"
    laptop = make_session(team=team_url)
    quote, catalog = loaded()
    laptop.save_revision(quote, catalog)
    laptop.approve(quote.id, 1)
    unshared = laptop.unshared()
    assert (unshared.revisions, unshared.decisions, unshared.events) == (1, 1, 2)
    pushed = laptop.push()
    assert (pushed.revisions, pushed.decisions, pushed.events) == (1, 1, 2)
    assert not laptop.unshared().anything and not laptop.push().anything

    colleague = make_session(team=team_url, library="colleague")
    pulled = colleague.pull()
    assert (pulled.revisions, pulled.decisions) == (1, 1)
    assert colleague.status(quote.id).status == rules.APPROVED


def test_an_unreachable_team_library_breaks_nothing(make_session, tmp_path):
    (tmp_path / "blocked").write_text("a file where the team library's folder would be")
    session = make_session(team=f"sqlite:///{tmp_path / 'blocked' / 'team.sqlite3'}")
    quote, catalog = loaded()
    session.save_revision(quote, catalog)
    for action in (session.unshared, session.push, session.pull):
        with pytest.raises(LibraryProblem) as refused:
            action()
        assert "\n" not in str(refused.value) and "team.sqlite3" in str(refused.value)
    assert [q.row.id for q in session.page().quotes] == [quote.id]
    with pytest.raises(LibraryProblem, match="team_library_url: is not set"):
        make_session(team="").push()


def test_push_and_pull_with_a_team_library_on_postgresql(make_session, postgres):
    from quotewright.storage.library import open_library
    from quotewright.storage.library.team import init_team

    team_url = postgres.url(postgres.new_database())
    team = open_library(team_url)
    levels = [level.role for level in loaded()[1].approval.levels]
    init_team(team, {role: f"qw_{role}" for role in levels})  # the admin is a member of every role
    team.close()
    laptop = make_session(team=team_url)
    quote, catalog = loaded()
    laptop.save_revision(quote, catalog)
    laptop.approve(quote.id, 1)
    assert laptop.unshared().revisions == 1
    pushed = laptop.push()
    assert (pushed.revisions, pushed.decisions, pushed.refused) == (1, 1, 0)
    assert not laptop.unshared().anything and not laptop.push().anything
    colleague = make_session(team=team_url, library="colleague")
    assert colleague.pull().revisions == 1 and colleague.status(quote.id).status == rules.APPROVED


def test_a_library_that_will_not_open_is_said_and_not_retried_at_every_call(tmp_path, monkeypatch):
    monkeypatch.delenv("QUOTEWRIGHT_LIBRARY", raising=False)
    (tmp_path / "blocked").write_text("a file where the library's folder would be")
    calls, now = [], [0.0]

    def opener(url):
        calls.append(url)
        from quotewright.storage.library import open_library

        return open_library(url)

    settings = Settings(library_url=f"sqlite:///{tmp_path / 'blocked' / 'library.sqlite3'}")
    session = LibrarySession(lambda: settings, opener=opener, clock=lambda: now[0])
    quote, catalog = loaded()
    assert session.open_quote_state(quote, catalog) is None  # the title says less; nothing raised
    with pytest.raises(LibraryProblem):
        session.page()
    assert len(calls) == 1
    now[0] += 31
    settings = Settings(library_url=f"sqlite:///{tmp_path / 'fine.sqlite3'}")  # fixed in the settings
    assert session.page().quotes == [] and len(calls) == 2
    session.close()
