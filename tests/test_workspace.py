"""The workspace without Qt: a whole session with PySide6 blocked from
import, the history (keystroke merging, the clean state, events) and the
catalog session. What each command means is in test_workspace_commands.py."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from quotewright.domain import price_quote
from quotewright.domain.edits import InsertItem, SetValue, value_at
from quotewright.domain.errors import InvalidInput
from quotewright.storage.documents import load_catalog, load_quote
from quotewright.storage.problems import FileProblem
from quotewright.storage.samples import DEFAULT_SAMPLE, sample
from quotewright.workspace import MERGE_WINDOW_SECONDS, CatalogSession, QuoteSession
from quotewright.workspace import catalog_commands as cc
from quotewright.workspace.scenarios import cases_in_order, low_and_high

TODAY = dt.date(2026, 1, 15)

WHOLE_SESSION = textwrap.dedent("""
    import datetime as dt, json, sys, tempfile
    from decimal import Decimal
    from pathlib import Path
    sys.modules["PySide6"] = None  # blocked: any import of it now raises ImportError
    sys.modules["shiboken6"] = None
    try:
        import PySide6  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("PySide6 was not blocked")

    from quotewright.domain import price_quote
    from quotewright.domain.edits import InsertItem, SetValue, value_at
    from quotewright.domain.report import priced_to_json
    from quotewright.storage.documents import load_quote
    from quotewright.storage.samples import sample
    from quotewright.workspace import CatalogSession, QuoteSession

    today = lambda: dt.date(2026, 1, 15)
    seconds = iter(range(10_000)).__next__  # one second between steps: keystrokes merge
    start = sample("seat-copilot")  # the session starts on one sample and opens another
    first = load_quote(start.quote)
    session = QuoteSession(first.catalog, first.quote, start.quote, today=today, clock=lambda: float(seconds()))
    path = sample("data-platform").quote
    session.open(path)
    assert not session.modified and session.path == path
    original = session.priced

    for text in ("9", "90", "900", "9000"):  # typing usage, one keystroke at a time
        assert session.push(SetValue(("usage", 0, "monthly"), Decimal(text))) is None
    assert len(session.history) == 1, "keystrokes in one field are one step"
    assert session.change_plan("starter") is None
    assert session.change_term(36) is None
    assert session.quote.credit_packs_per_year == (10, 16, 16)
    edited = session.priced
    assert edited == price_quote(session.catalog, session.quote, today=today())

    for _ in range(3):
        session.undo()
    assert session.priced == original and not session.modified
    for _ in range(3):
        session.redo()
    assert session.priced == edited and session.modified

    other = CatalogSession(session.catalog)
    fee = other.catalog.plan("starter").platform_fee
    index = [p.id for p in other.catalog.plans].index("starter")
    assert other.push(SetValue(("plans", index, "platform_fee"), fee + 100)) is None
    assert session.reprice_with(other.catalog) is None
    assert session.catalog == other.catalog and session.priced != edited
    assert session.history.undo_text == "Reprice with the current catalog"
    session.undo()
    assert session.priced == edited
    session.redo()
    repriced = session.priced

    target = Path(tempfile.mkdtemp()) / "edited.json"
    session.save_as(target)
    assert not session.modified
    reopened = QuoteSession(first.catalog, first.quote, today=today)
    reopened.open(target)
    assert reopened.quote == session.quote and reopened.catalog == session.catalog
    assert priced_to_json(reopened.priced) == priced_to_json(repriced)
    assert not [name for name in sys.modules if name.startswith(("PySide6", "shiboken6")) and sys.modules[name]]
    print("whole session ok")
""")


def test_a_whole_session_runs_with_pyside6_blocked():
    result = subprocess.run([sys.executable, "-c", WHOLE_SESSION], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "whole session ok" in result.stdout


# --- helpers ---------------------------------------------------------------------------


class Clock:
    """A clock the test moves by hand, for the merge window."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


def session_for(name: str = DEFAULT_SAMPLE, clock=None) -> QuoteSession:
    loaded = load_quote(sample(name).quote)
    return QuoteSession(loaded.catalog, loaded.quote, sample(name).quote, today=lambda: TODAY,
                        clock=clock or Clock())


def record(events, name):
    seen = []
    getattr(events, name).connect(lambda *args: seen.append(args[0] if args else None))
    return seen


def type_seats(session, *counts):
    for count in counts:
        assert session.push(SetValue(("seats",), count)) is None


# --- editing and refusing ------------------------------------------------------------------------------


def test_an_edit_reprices_and_an_edit_the_domain_refuses_changes_nothing():
    session = session_for()
    changed, rejected = record(session, "changed"), record(session, "rejected")
    assert session.push(SetValue(("discounts", "subscription_percent"), Decimal("12.5"))) is None
    assert session.priced == price_quote(session.catalog, session.quote, today=TODAY)
    assert changed == [None]
    before, steps = session.priced, len(session.history)
    problem = session.push(SetValue(("discounts", "subscription_percent"), Decimal(150)))
    assert isinstance(problem, InvalidInput) and problem.path == "discounts.subscription_percent"
    assert rejected == [problem]
    assert session.priced is before and len(session.history) == steps and changed == [None]


def test_a_failure_the_rules_do_not_name_refuses_the_change(monkeypatch):
    from quotewright.workspace import PricingFailed, quote_session

    session = session_for()
    before = session.quote

    def broken(*_args, **_kwargs):
        raise ArithmeticError("a limit nobody foresaw")

    monkeypatch.setattr(quote_session, "price_quote", broken)
    problem = session.push(SetValue(("seats",), session.quote.seats + 1))
    assert isinstance(problem, PricingFailed) and "cannot be priced" in problem.message
    assert session.quote is before and not session.modified


# --- keystroke merging -----------------------------------------------------------------------------


def test_keystrokes_in_one_field_within_the_window_are_one_step(clock):
    session = session_for(clock=clock)
    start = session.quote
    type_seats(session, 1, 12)
    clock.tick(MERGE_WINDOW_SECONDS - 0.01)
    type_seats(session, 120)
    assert len(session.history) == 1 and session.quote.seats == 120
    session.undo()
    assert session.quote == start and not session.history.can_undo
    session.redo()
    assert session.quote.seats == 120  # the merged step redoes the last keystroke


def test_the_window_runs_from_the_last_keystroke_and_a_pause_starts_a_new_step(clock):
    session = session_for(clock=clock)
    for count in (1, 2, 3):
        clock.tick(MERGE_WINDOW_SECONDS * 0.75)  # each within the window of the one before
        type_seats(session, count)
    assert len(session.history) == 1
    clock.tick(MERGE_WINDOW_SECONDS + 0.01)
    type_seats(session, 4)
    assert len(session.history) == 2
    session.undo()
    assert session.quote.seats == 3


def test_different_fields_and_structural_edits_never_merge(clock):
    session = session_for(clock=clock)
    type_seats(session, 5)
    assert session.push(SetValue(("discounts", "overage_percent"), Decimal(2))) is None
    assert session.change_plan("essentials") is None
    assert session.change_plan("professional") is None
    assert len(session.history) == 4


def test_a_keystroke_never_merges_into_the_saved_state(clock, tmp_path):
    session = session_for(clock=clock)
    type_seats(session, 7)
    session.save_as(tmp_path / "saved.json")
    type_seats(session, 70)  # within the window, but the saved state must stay reachable
    assert len(session.history) == 2 and session.modified
    session.undo()
    assert session.quote.seats == 7 and not session.modified


# --- the clean state -----------------------------------------------------------------------------------


def test_modified_follows_the_clean_index_like_an_undo_stack(clock, tmp_path):
    session = session_for(clock=clock)
    modified = record(session, "modified_changed")
    type_seats(session, 3)
    clock.tick(5)
    type_seats(session, 4)
    assert session.modified and modified == [True]
    session.undo()
    session.undo()
    assert not session.modified and modified == [True, False]
    session.redo()
    session.redo()
    session.save_as(tmp_path / "q.json")
    assert not session.modified and session.history.clean_index == 2
    session.undo()
    assert session.modified
    session.redo()
    assert not session.modified


def test_a_new_step_after_undoing_past_the_save_makes_the_saved_state_unreachable(clock, tmp_path):
    session = session_for(clock=clock)
    type_seats(session, 3)
    session.save_as(tmp_path / "q.json")
    session.undo()
    clock.tick(5)
    assert session.push(SetValue(("discounts", "overage_percent"), Decimal(1))) is None
    assert session.history.clean_index is None
    session.undo()  # back to the first quote: still not what is on disk
    assert session.modified


def test_a_recovered_quote_stays_modified_until_saved(tmp_path):
    from quotewright.storage.recovery import Recovery

    session = session_for()
    loaded = load_quote(sample("token-api").quote)
    recovery = Recovery(tmp_path / "r.json", loaded.quote, loaded.catalog, str(tmp_path / "original.json"),
                        dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    session.recover(recovery)
    assert session.quote == loaded.quote and session.path == tmp_path / "original.json"
    assert session.modified and not session.history.can_undo
    type_seats(session, 2)
    session.undo()
    assert session.modified
    session.save()
    assert not session.modified


def test_history_events_say_what_undo_and_redo_would_do(clock):
    session = session_for(clock=clock)
    history = session.history
    can_undo, can_redo = record(history, "can_undo_changed"), record(history, "can_redo_changed")
    undo_texts, redo_texts = record(history, "undo_text_changed"), record(history, "redo_text_changed")
    clean = record(history, "clean_changed")
    type_seats(session, 9)
    assert (can_undo, undo_texts, clean) == ([True], ["Set seats"], [False])
    assert session.change_plan("essentials") is None
    assert history.undo_text == "Change plan" and undo_texts == ["Set seats", "Change plan"]
    session.undo()
    assert history.redo_text == "Change plan" and can_redo == [True]
    session.undo()
    assert can_undo == [True, False] and clean == [False, True] and redo_texts[-1] == "Set seats"


def test_loading_another_quote_clears_the_history():
    session = session_for()
    resets = record(session, "reset")
    type_seats(session, 8)
    session.open(sample("token-api").quote)
    assert resets == [None] and len(session.history) == 0 and not session.modified
    assert session.quote == load_quote(sample("token-api").quote).quote


def test_opening_a_file_that_cannot_be_used_keeps_the_open_quote(tmp_path):
    session = session_for()
    before = session.quote
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "quotewright.quote/1", "id": "q"}', "utf-8")
    with pytest.raises(FileProblem, match="broken.json"):
        session.open(broken)
    assert session.quote is before


def test_a_quote_opens_with_its_snapshot_unless_asked_to_reprice(tmp_path):
    session = session_for()
    quote_file = sample("data-platform").quote
    own = load_quote(quote_file).catalog
    other = own.model_copy(update={"name": "Another catalog"})  # (not validated: the name is all that differs)
    session.open(quote_file, other)
    assert session.catalog == own  # the snapshot wins: a saved quote reprices the same forever
    session.open(quote_file, other, reprice=True)
    assert session.catalog is other and session.priced == price_quote(other, session.quote, today=TODAY)
    bare = tmp_path / "bare.json"
    data = json.loads(quote_file.read_text("utf-8"))
    del data["catalog"], data["catalog_sha256"]
    bare.write_text(json.dumps(data), "utf-8")
    with pytest.raises(FileProblem, match="catalog: is not in the file"):
        session.open(bare)
    session.open(bare, own)
    assert session.catalog is own and session.path == bare


def test_saving_without_a_file_says_so():
    loaded = load_quote(sample(DEFAULT_SAMPLE).quote)
    session = QuoteSession(loaded.catalog, loaded.quote)
    with pytest.raises(InvalidInput, match="no file yet"):
        session.save()


# --- repricing -----------------------------------------------------------------------------------------


def test_repricing_is_an_ordinary_undoable_step():
    session = session_for()
    snapshot, priced = session.catalog, session.priced
    plan = session.quote.plan
    index = [p.id for p in snapshot.plans].index(plan)
    catalog = CatalogSession(snapshot)  # the pricing team edits its copy; the quote keeps its snapshot
    assert catalog.push(SetValue(("plans", index, "platform_fee"), snapshot.plan(plan).platform_fee * 2)) is None
    assert session.differs_from(catalog.catalog) and not session.differs_from(snapshot)
    assert session.reprice_with(catalog.catalog) is None
    assert session.priced == price_quote(catalog.catalog, session.quote, today=TODAY)
    assert session.priced.totals.tcv > priced.totals.tcv and session.modified
    session.undo()
    assert session.catalog is snapshot and session.priced == priced and not session.modified
    session.redo()
    assert session.catalog == catalog.catalog


def test_repricing_with_a_catalog_the_quote_does_not_fit_changes_nothing():
    session = session_for()
    other = load_catalog(sample("token-api").catalog)
    problem = session.reprice_with(other)
    assert isinstance(problem, InvalidInput) and problem.path == "plan"
    assert not session.differs_from(load_quote(sample(DEFAULT_SAMPLE).quote).catalog)
    assert len(session.history) == 0


# --- scenarios -------------------------------------------------------------------------------------------


def test_cases_are_ordered_by_multiplier_and_the_ranks_follow_them():
    session = session_for("token-api")
    multipliers = session.quote.scenario_multipliers
    order = cases_in_order(session.priced)
    assert order == sorted(order, key=lambda name: Decimal(1) if name is None else multipliers[name])
    assert None in order
    low, high = low_and_high(session.priced)
    assert multipliers[low] == min(multipliers.values()) and multipliers[high] == max(multipliers.values())
    shown = record(session, "scenario_changed")
    session.show_case("high")
    assert session.scenario == high and session.case is session.priced.scenarios[high]
    session.show_case("expected")
    assert session.scenario is None and shown == [None, None]


def test_a_scenario_removed_by_an_edit_falls_back_to_the_expected_case():
    session = session_for("token-api")
    session.show_case("low")
    low = session.scenario
    assert session.set_scenario_multiplier(low, None) is None
    assert low not in session.quote.scenario_multipliers and session.scenario is None


# --- the catalog session -----------------------------------------------------------------------------------


def test_the_catalog_session_edits_undoes_and_saves(tmp_path):
    path = sample("seat-copilot").catalog
    session = CatalogSession(load_catalog(path), path)
    original = session.catalog
    assert session.push(SetValue(("name",), "Renamed")) is None
    problem = session.push(SetValue(("currency",), "XYZ"))
    assert isinstance(problem, InvalidInput) and problem.path == "currency"
    assert session.catalog.name == "Renamed" and session.modified
    session.save_as(tmp_path / "catalog.json")
    assert not session.modified and load_catalog(tmp_path / "catalog.json") == session.catalog
    session.undo()
    assert session.catalog == original and session.modified
    session.open(tmp_path / "catalog.json")
    assert session.catalog.name == "Renamed" and not session.modified and len(session.history) == 0


# --- what catalog edits mean -------------------------------------------------------------------------


def test_new_catalog_records_are_valid_and_distinct():
    session = CatalogSession(load_catalog(sample("token-api").catalog))
    before = session.catalog

    def data(*path):
        return value_at(session.catalog, path)

    makers = {("plans",): lambda: cc.new_plan([p.id for p in session.catalog.plans]),
              ("outcomes",): lambda: cc.new_outcome(session.catalog, [o.id for o in session.catalog.outcomes]),
              ("work_units",): lambda: cc.new_work_unit(data("work_units")),
              ("term_discounts",): lambda: cc.new_term_discount(data("term_discounts")),
              ("approval", "levels"): lambda: cc.new_approval_level(data("approval", "levels"))}
    for path, make in makers.items():
        for _ in range(2):  # twice: the second must not clash with the first
            assert session.push(InsertItem(path, len(data(*path)), make())) is None, path
        assert len(data(*path)) == len(value_at(before, path)) + 2
    assert [p.id for p in session.catalog.plans][-2:] == ["plan_1", "plan_2"]
    assert session.catalog.approval.levels[-1].max_discount_percent == 100


def test_a_schedule_mode_change_keeps_what_it_can():
    session = CatalogSession(load_catalog(sample("data-platform").catalog))
    index = next(i for i, plan in enumerate(session.catalog.plans) if plan.credit_pack is not None)
    path = ("plans", index, "credit_pack", "price")

    def schedule():
        return value_at(session.catalog, path)

    price = cc.first_price(schedule())
    assert cc.change_schedule_mode(path, schedule(), schedule()["mode"]) is None
    assert session.push(cc.change_schedule_mode(path, schedule(), "package")) is None
    assert session.catalog.plans[index].credit_pack.price.package_price == price
    assert session.push(cc.change_schedule_mode(path, schedule(), "graduated")) is None
    assert session.catalog.plans[index].credit_pack.price.tiers[0].unit_price == price
    for _ in range(3):  # each new tier goes before the open-ended one, in order
        assert session.push(cc.add_tier(path, schedule())) is None
    assert [t["up_to"] for t in schedule()["tiers"]] == [100, 200, 400, None]
    tiers = schedule()["tiers"]
    assert session.push(cc.change_schedule_mode(path, schedule(), "volume")) is None
    assert schedule() == {"mode": "volume", "tiers": tiers}  # the same tiers, read the other way
    assert session.push(cc.set_sells_packs(index, False)) is None
    assert session.catalog.plans[index].credit_pack is None
    assert session.push(cc.set_sells_packs(index, True)) is None
    assert session.catalog.plans[index].credit_pack.size == 1000
