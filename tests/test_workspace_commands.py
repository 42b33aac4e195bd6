"""What each command means (workspace/commands.py), driven through a
Qt-free QuoteSession: a plan change and the packs, a term change and the
per-year packs, every accepted and refused form of typed pack counts, who
prepared the quote, adding and removing lines. Expected prices come from
the engine, never written down."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from quotewright.domain import price_quote
from quotewright.domain.errors import InvalidInput
from quotewright.domain.quote import AUTO, MAX_PACKS
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.workspace import QuoteSession
from quotewright.domain.term import contract_years
from quotewright.workspace.commands import parse_pack_counts

TODAY = dt.date(2026, 1, 15)


def session_for(name: str) -> QuoteSession:
    loaded = load_quote(sample(name).quote)
    return QuoteSession(loaded.catalog, loaded.quote, today=lambda: TODAY)


def data_platform() -> QuoteSession:
    """Typed packs (10, 16) over 24 months; every plan sells packs."""
    session = session_for("data-platform")
    assert session.quote.credit_packs_per_year == (10, 16)
    return session


def support_agent() -> QuoteSession:
    """"auto" packs on professional; essentials sells none."""
    session = session_for("support-agent")
    assert session.quote.auto_packs and session.catalog.plan("essentials").credit_pack is None
    return session


def engine(session: QuoteSession):
    return price_quote(session.catalog, session.quote, today=TODAY)


# --- change plan ---------------------------------------------------------------------------------------


def test_a_plan_without_packs_takes_none_and_undo_brings_both_back():
    session = support_agent()
    assert session.set_auto_packs(False) is None
    typed = session.quote.credit_packs_per_year
    assert isinstance(typed, tuple) and any(typed)
    steps = len(session.history)
    assert session.change_plan("essentials") is None
    assert session.quote.plan == "essentials" and session.quote.credit_packs_per_year == 0
    assert len(session.history) == steps + 1 and session.history.undo_text == "Change plan"
    assert session.priced == engine(session)
    session.undo()
    assert session.quote.plan == "professional" and session.quote.credit_packs_per_year == typed


def test_a_plan_without_packs_keeps_auto_which_chooses_none():
    session = support_agent()
    assert session.change_plan("essentials") is None
    assert session.quote.auto_packs
    assert set(session.priced.credit_packs_per_year) == {0}
    assert session.change_plan("professional") is None  # back to a plan that sells packs: auto chooses again
    assert session.priced == engine(session)


def test_a_plan_with_packs_keeps_the_typed_counts():
    session = data_platform()
    assert session.change_plan("starter") is None
    assert session.quote.plan == "starter" and session.quote.credit_packs_per_year == (10, 16)
    assert session.priced == engine(session)


def test_a_plan_the_catalog_lacks_is_refused_naming_the_field():
    session = data_platform()
    problem = session.change_plan("platinum")
    assert isinstance(problem, InvalidInput) and problem.path == "plan" and "platinum" in problem.message
    assert session.quote.plan == "growth" and len(session.history) == 0


# --- change term ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("months", "packs"), [
    (36, (10, 16, 16)),  # a third year repeats the last year's count
    (30, (10, 16, 16)),  # a short third year is a contract year too
    (25, (10, 16, 16)),
    (24, (10, 16)),
    (13, (10, 16)),
    (12, (10,)),  # cut to one year
    (1, (10,)),
    (120, (10, 16, 16, 16, 16, 16, 16, 16, 16, 16)),
])
def test_a_term_change_resizes_the_per_year_packs(months, packs):
    session = data_platform()
    assert session.change_term(months) is None
    assert session.quote.term_months == months
    assert session.quote.credit_packs_per_year == packs
    assert len(packs) == contract_years(months) == len(session.priced.credit_packs_per_year)
    assert session.priced == engine(session)
    session.undo()
    assert session.quote.term_months == 24 and session.quote.credit_packs_per_year == (10, 16)


def test_one_count_for_every_year_and_auto_need_no_resizing():
    session = data_platform()
    assert session.type_pack_counts("12") is None
    assert session.change_term(40) is None
    assert session.quote.credit_packs_per_year == 12
    assert session.priced.credit_packs_per_year == (12,) * contract_years(40)
    auto = support_agent()
    assert auto.change_term(7) is None
    assert auto.quote.credit_packs_per_year == AUTO and auto.priced == engine(auto)


def test_a_term_the_quote_refuses_changes_nothing():
    session = data_platform()
    problem = session.change_term(121)
    assert isinstance(problem, InvalidInput) and problem.path == "term_months"
    assert session.quote.credit_packs_per_year == (10, 16) and len(session.history) == 0


# --- typed pack counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("auto", AUTO),
    (" AUTO ", AUTO),
    ("Auto", AUTO),
    ("7", 7),
    ("  7  ", 7),
    ("0", 0),
    ("+7", 7),
    ("007", 7),
    ("1_000", 1000),
    (str(MAX_PACKS), MAX_PACKS),
    ("6, 9", (6, 9)),
    ("6,9", (6, 9)),
    ("6 ; 9", (6, 9)),
    (" 6 ,  9 ", (6, 9)),
    ("6,", None),  # refused: see below
])
def test_the_accepted_forms(text, value):
    if value is None:
        with pytest.raises(InvalidInput):
            parse_pack_counts(text)
        return
    assert parse_pack_counts(text) == value


@pytest.mark.parametrize(("text", "says"), [
    ("", "is empty"),
    ("   ", "is empty"),
    ("6,", "year 2: no number between the commas"),
    ("6,,9", "year 2: no number between the commas"),
    (",9", "year 1: no number between the commas"),
    ("6.5", "'6.5' is not a whole number of packs"),
    ("six", "'six' is not a whole number of packs"),
    ("6, x", "year 2: 'x' is not a whole number of packs"),
    ("1e3", "'1e3' is not a whole number"),
    ("-1", "'-1': a number of packs cannot be negative"),
    ("6, -2", "year 2: '-2': a number of packs cannot be negative"),
    ("6 9", "'6 9': separate the years with commas"),
    (str(MAX_PACKS + 1), f"at most {MAX_PACKS:,} packs a year"),
    ("automatic", "is not a whole number"),
])
def test_the_refused_forms_say_what_is_wrong(text, says):
    with pytest.raises(InvalidInput) as refused:
        parse_pack_counts(text)
    assert refused.value.path == "credit_packs_per_year"
    assert says in refused.value.message
    session = data_platform()
    problem = session.type_pack_counts(text)  # through the session: refused, nothing changes
    assert problem is not None and says in problem.message
    assert session.quote.credit_packs_per_year == (10, 16) and len(session.history) == 0


def test_a_list_is_one_count_per_contract_year_and_the_quote_says_so():
    session = data_platform()
    problem = session.type_pack_counts("1, 2, 3")
    assert problem.path == "credit_packs_per_year" and "2 for a 24-month term, not 3" in problem.message
    assert session.quote.credit_packs_per_year == (10, 16)
    assert session.type_pack_counts("20, 30") is None
    assert session.quote.credit_packs_per_year == (20, 30) and session.priced == engine(session)


def test_typing_auto_and_one_number_for_every_year():
    session = data_platform()
    assert session.type_pack_counts("auto") is None
    assert session.quote.auto_packs and session.priced == engine(session)
    assert session.type_pack_counts("5") is None
    assert session.quote.credit_packs_per_year == 5
    assert session.priced.credit_packs_per_year == (5, 5)


def test_text_that_says_the_packs_the_quote_has_is_no_step():
    session = data_platform()
    assert session.type_pack_counts("10, 16") is None
    assert session.type_pack_counts(" 10 ;16 ") is None
    assert len(session.history) == 0
    assert session.type_pack_counts("8") is None
    assert session.type_pack_counts("8, 8") is None  # the same packs as "8" for two years
    assert len(session.history) == 1


def test_positive_packs_on_a_plan_that_sells_none_are_refused():
    session = support_agent()
    assert session.change_plan("essentials") is None
    problem = session.type_pack_counts("3, 3, 3")
    assert problem is not None and "sells no credit packs" in problem.message
    assert session.quote.auto_packs
    assert session.type_pack_counts("0") is None  # none is fine


def test_turning_auto_off_keeps_the_packs_it_chose_and_the_price():
    session = support_agent()
    chosen, tcv = session.priced.credit_packs_per_year, session.priced.totals.tcv
    assert session.set_auto_packs(True) is None and len(session.history) == 0  # already on
    assert session.set_auto_packs(False) is None
    assert session.quote.credit_packs_per_year == chosen
    assert session.priced.totals.tcv == tcv


def test_typed_pack_keystrokes_are_one_undo_step():
    session = data_platform()
    for text in ("2", "2,", "2, 3"):  # "2," is refused while typing and changes nothing
        session.type_pack_counts(text)
    assert session.quote.credit_packs_per_year == (2, 3) and len(session.history) == 1
    session.undo()
    assert session.quote.credit_packs_per_year == (10, 16)


# --- who prepared it ------------------------------------------------------------------------------------


def test_setting_who_prepared_the_quote_keeps_the_role_and_email():
    session = session_for("seat-copilot")
    person = session.quote.prepared_by
    assert session.set_prepared_by("Ada Byron") is None
    assert session.quote.prepared_by.name == "Ada Byron"
    assert (session.quote.prepared_by.role, session.quote.prepared_by.email) == (person.role, person.email)
    assert session.set_prepared_role("Deal desk") is None
    assert session.quote.prepared_by.role == "Deal desk"
    assert session.set_prepared_by("Ada Byron") is None and len(session.history) == 2  # nothing to do


def test_an_empty_name_removes_the_preparer_and_a_role_needs_one():
    session = session_for("seat-copilot")
    assert session.set_prepared_by("") is None
    assert session.quote.prepared_by is None
    problem = session.set_prepared_role("Manager")
    assert problem.path == "prepared_by.role" and "who prepared the quote first" in problem.message
    session.undo()
    assert session.quote.prepared_by.name == "Sam Rivera"


def test_a_name_the_quote_refuses_is_refused_with_its_field():
    session = session_for("seat-copilot")
    problem = session.set_prepared_by("line\nbreak")
    assert problem is not None and problem.path.startswith("prepared_by")
    assert session.quote.prepared_by.name == "Sam Rivera"


# --- lines ---------------------------------------------------------------------------------------------


def test_adding_and_removing_lines_are_single_steps():
    session = session_for("token-api")
    units = [line.work_unit for line in session.quote.usage]
    assert session.remove_lines("usage", [2, 0, 2]) is None  # one step, whatever the order of the rows
    assert [line.work_unit for line in session.quote.usage] == [units[1], *units[3:]]
    assert session.add_line("usage", units[0]) is None
    added = session.quote.usage[-1]
    assert added.work_unit == units[0] and added.monthly == Decimal(0) and added.growth_percent == Decimal(0)
    assert session.priced == engine(session)
    assert session.add_line("usage", None) is None and len(session.history) == 2  # nothing chosen
    assert session.remove_lines("usage", []) is None and len(session.history) == 2
    session.undo()
    session.undo()
    assert [line.work_unit for line in session.quote.usage] == units


def test_a_line_for_a_unit_already_quoted_is_refused():
    session = session_for("token-api")
    problem = session.add_line("usage", session.quote.usage[0].work_unit)
    assert problem is not None and "twice" in problem.message
    assert session.set_scenario_multiplier("low", Decimal("0.5")) is None
    assert session.quote.scenario_multipliers["low"] == Decimal("0.5")
    assert session.priced == engine(session)
