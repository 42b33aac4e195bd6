"""Ramps without Qt (workspace/ramp_commands.py): typed steps become a
line's series, the steps are read back from a series, a term change carries
every series along, and each is one undoable step. Expected series come
from the rule written out (monthly x (1 + g)^n, rounded half up), expected
prices from the engine."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotewright.domain import price_quote
from quotewright.domain.errors import InvalidInput
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.workspace import QuoteSession
from quotewright.workspace.ramp_commands import (
    RampStep,
    change_term,
    clear_ramp,
    parse_steps,
    resized_series,
    series_of,
    set_ramp,
    steps_of,
    steps_text,
)

TODAY = dt.date(2026, 1, 15)


def session_for(name: str = "support-agent") -> QuoteSession:
    loaded = load_quote(sample(name).quote)
    return QuoteSession(loaded.catalog, loaded.quote, today=lambda: TODAY)


def by_rule(monthly: str, growth: str, months: int) -> list[Decimal]:
    rate = 1 + Decimal(growth) / 100
    return [(Decimal(monthly) * rate**n).quantize(Decimal(1), ROUND_HALF_UP) for n in range(months)]


def test_the_pilot_ramp_of_the_issue_is_typed_as_steps():
    steps = parse_steps("1,000\nfrom month 4: 20,000")
    assert steps == (RampStep(1, Decimal(1000)), RampStep(4, Decimal(20000)))
    assert series_of(steps, 6) == tuple(Decimal(v) for v in (1000, 1000, 1000, 20000, 20000, 20000))


def test_growth_after_a_step_compounds_from_that_step():
    steps = parse_steps("1000; from month 3: 5000 growing 10%")
    assert steps[1].growth_percent == Decimal(10)
    assert list(series_of(steps, 8)) == [Decimal(1000)] * 2 + by_rule("5000", "10", 6)


@pytest.mark.parametrize("text, says", [
    ("", "has no step"),
    ("from month 2: 100", "first step starts in month 1"),
    ("100\nfrom month 5: 10\nfrom month 3: 10", "after the one before"),
    ("100\nfrom month 40: 10", "the term has"),
    ("100\n200", "say from which month"),
    ("lots", "is not a step"),
    ("100 growing -100%", "above -100%"),
])
def test_steps_that_make_no_ramp_are_refused_naming_the_line_field(text, says):
    session = session_for()
    with pytest.raises(InvalidInput) as refused:
        set_ramp(session.quote, "usage", 0, parse_steps(text, "usage[0].series"))
    assert says in refused.value.message
    assert refused.value.path == "usage[0].series"


def test_a_ramp_is_one_undoable_step_that_prices_like_the_series():
    session = session_for()
    before = session.quote
    term = before.term_months
    steps = parse_steps("1,000\nfrom month 4: 20,000")
    assert session.push(set_ramp(before, "usage", 0, steps)) is None
    line = session.quote.usage[0]
    assert line.monthly is None and len(line.series) == term
    assert line.work_unit == before.usage[0].work_unit
    expected = price_quote(session.catalog, session.quote, today=TODAY).totals.tcv
    assert session.priced.totals.tcv == expected != price_quote(session.catalog, before, today=TODAY).totals.tcv
    assert session.undo() is None
    assert session.quote == before


def test_an_outcome_line_takes_a_ramp_too():
    session = session_for()
    assert session.quote.outcomes, "the sample has an outcome add-on"
    assert session.push(set_ramp(session.quote, "outcomes", 0, parse_steps("10\nfrom month 2: 50"))) is None
    series = session.quote.outcomes[0].series
    assert series[0] == 10 and set(series[1:]) == {Decimal(50)}


def test_clearing_a_ramp_goes_back_to_one_monthly_volume():
    session = session_for()
    session.push(set_ramp(session.quote, "usage", 0, parse_steps("700\nfrom month 2: 900")))
    assert session.push(clear_ramp(session.quote, "usage", 0)) is None
    line = session.quote.usage[0]
    assert line.series is None and line.monthly == 700 and line.growth_percent == 0
    assert clear_ramp(session.quote, "usage", 0) is None


def test_steps_are_read_back_from_the_series_they_wrote():
    steps = (RampStep(1, Decimal(1000)), RampStep(4, Decimal(20000), Decimal("2.5")), RampStep(10, Decimal(3)))
    series = series_of(steps, 14)
    assert steps_of(series) == steps
    assert parse_steps(steps_text(steps)) == steps


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=36))
def test_any_whole_series_is_read_back_as_steps_that_write_it_again(values):
    series = tuple(Decimal(v) for v in values)
    assert series_of(steps_of(series), len(series)) == series


def test_a_longer_term_continues_the_last_step_and_keeps_the_months_there():
    flat = series_of(parse_steps("1000\nfrom month 4: 20000"), 12)
    assert resized_series(flat, 15) == flat + (Decimal(20000),) * 3
    grown = series_of(parse_steps("1000\nfrom month 4: 2000 growing 5%"), 12)
    assert list(resized_series(grown, 24)) == [Decimal(1000)] * 3 + by_rule("2000", "5", 21)
    assert resized_series(grown, 6) == grown[:6]


def test_a_term_change_carries_every_series_and_the_packs_in_one_step():
    session = session_for()
    session.push(set_ramp(session.quote, "usage", 0, parse_steps("1000\nfrom month 4: 20000")))
    with_ramp = session.quote
    assert session.push(change_term(session.quote, with_ramp.term_months + 12)) is None
    assert len(session.quote.usage[0].series) == session.quote.term_months == with_ramp.term_months + 12
    assert session.quote.usage[0].series[-1] == 20000
    assert session.priced.totals.tcv == price_quote(session.catalog, session.quote, today=TODAY).totals.tcv
    assert session.undo() is None and session.quote == with_ramp
    assert session.push(change_term(session.quote, 3)) is None
    assert session.quote.usage[0].series == with_ramp.usage[0].series[:3]


def test_a_term_change_without_series_is_the_plain_command():
    session = session_for("data-platform")
    before = session.quote
    assert session.push(change_term(before, 36)) is None
    plain = QuoteSession(session.catalog, before, today=lambda: TODAY)
    assert plain.change_term(36) is None
    assert session.quote == plain.quote


def test_a_fractional_imported_series_is_kept_and_continued_by_its_last_month():
    series = (Decimal("10.5"), Decimal("11.25"), Decimal("7"))
    assert resized_series(series, 5) == series + (Decimal(7), Decimal(7))


def test_the_session_term_command_carries_every_ramp_along():
    from quotewright.storage.documents import load_quote
    from quotewright.storage.samples import samples
    from quotewright.workspace.quote_session import QuoteSession

    loaded = load_quote(samples()[0].quote)
    session = QuoteSession(loaded.catalog, loaded.quote)
    line = session.quote.usage[0]
    term = session.quote.term_months
    series = [str(1000 + month) for month in range(term)]
    from quotewright.domain.edits import SetValue

    assert session.push(SetValue(("usage", 0), {"work_unit": line.work_unit, "series": series})) is None
    assert session.change_term(term + 3) is None
    assert len(session.quote.usage[0].series) == term + 3
    assert session.change_term(term - 1) is None
    assert [str(v) for v in session.quote.usage[0].series] == series[: term - 1]
