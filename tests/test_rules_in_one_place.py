"""Each rule has one home in domain/, and the readers use it (issue 10, item
2): billable seats, whether a quote needs approval, the first pack count
inside a higher tier, which scenario is low and high, the default validity,
display rounding through money.py, and number text made by formatting.py
only (warnings and approval reasons carry their figures as values)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from builders import northwind_catalog, quote_data
from conftest import REPO
from generated_quotes import generated_cases
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.approval import needs_approval
from quotewright.domain.catalog import CreditPack
from quotewright.domain.money import round_money, round_whole
from quotewright.domain.new_quote import DEFAULT_VALIDITY_TEXT, VALID_DAYS, blank_quote, default_valid_until
from quotewright.domain.phrases import Phrase
from quotewright.domain.scenario_order import cases_in_order, low_and_high, scenario_order
from quotewright.domain.schedules import schedule_amount
from quotewright.domain.seats import billable_seats, included_seats_used, seats_provided
from quotewright.domain.settings import Settings
from quotewright.domain.term import contract_year
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf.context import ProposalContext
from quotewright.exporters.pdf.sections_front import _facts, _what_you_get
from quotewright.exporters.pdf.sections_usage import _tick_step, _whole
from quotewright.formatting import format_percent, format_phrase, format_quantity
from quotewright.storage.templates import load_template

SRC = REPO / "src" / "quotewright"
CASES = generated_cases(24)


def _priced(catalog_data: dict, quote_data_: dict):
    catalog, quote = Catalog.model_validate(catalog_data), Quote.model_validate(quote_data_)
    return catalog, quote, price_quote(catalog, quote)


def _context(catalog, quote, priced, today=dt.date(2026, 11, 24)) -> ProposalContext:
    return ProposalContext(ExportJob(catalog, quote, priced), Settings(), load_template("full"), today)


@pytest.mark.parametrize(("name", "catalog_data", "quote_data_"), CASES, ids=[case[0] for case in CASES])
def test_the_engine_bills_the_domains_billable_seats(name, catalog_data, quote_data_):
    catalog, quote, priced = _priced(catalog_data, quote_data_)
    plan = catalog.plan(quote.plan)
    billable = billable_seats(plan, quote.seats)
    expected = round_money(schedule_amount(plan.seat_price, Decimal(billable)), catalog.minor_units) if (
        plan.seat_price is not None and billable) else Decimal(0)
    assert priced.months[0].lines.seats.list == expected
    assert seats_provided(plan, quote.seats) == billable + included_seats_used(plan, quote.seats)


@pytest.mark.parametrize(("name", "catalog_data", "quote_data_"), CASES, ids=[case[0] for case in CASES])
def test_the_proposal_reads_seats_and_approval_from_the_domain(name, catalog_data, quote_data_):
    catalog, quote, priced = _priced(catalog_data, quote_data_)
    context = _context(catalog, quote, priced)
    assert context.draft == needs_approval(priced) == (priced.approval.level != catalog.approval.levels[0].role)
    plan = catalog.plan(quote.plan)
    seats_line = [item for item in _what_you_get(context) if re.match(r"[\d,]+ seats", item)]
    if plan.seat_price is not None or plan.included_seats:
        included = included_seats_used(plan, quote.seats)
        words = f"{format_quantity(Decimal(seats_provided(plan, quote.seats)))} seats" + (
            f", {format_quantity(Decimal(included))} of them included" if included else "")
        assert seats_line == [words + "."]
    else:
        assert seats_line == []


def test_a_proposal_never_says_more_seats_are_included_than_the_customer_has():
    catalog_data = northwind_catalog()
    plan = catalog_data["plans"][0]
    plan.update(included_seats=5, min_seats=0)
    catalog, quote, priced = _priced(catalog_data, quote_data(plan=plan["id"], seats=3))
    assert billable_seats(catalog.plan(quote.plan), 3) == 0
    assert "3 seats, 3 of them included." in _what_you_get(_context(catalog, quote, priced))


def test_approval_is_needed_exactly_above_the_first_level():
    catalog_data = northwind_catalog()
    inside = quote_data(discounts={"subscription_percent": "0"})
    above = quote_data(discounts={"overage_percent": "99"})
    for data, needed in ((inside, False), (above, True)):
        catalog, quote, priced = _priced(catalog_data, data)
        assert needs_approval(priced) is needed
        assert (priced.approval.level_index > 0) is needed


@pytest.mark.parametrize(("size", "bound"), [("1000", "999"), ("1000", "1000"), ("1000", "1000.5"),
                                             ("0.25", "10"), ("3", "0"), ("7", "20")])
def test_the_first_pack_count_above_a_bound_is_the_fewest_that_buy_more(size, bound):
    pack = CreditPack.model_validate({"size": size, "price": {"mode": "per_unit", "unit_price": "1"}})
    count = pack.first_count_above(Decimal(bound))
    assert count * pack.size > Decimal(bound) >= (count - 1) * pack.size


def test_pack_search_and_pack_cliff_warning_share_the_first_count_rule():
    for path in ("domain/packs.py", "domain/warnings.py"):
        text = (SRC / path).read_text("utf-8")
        assert "first_count_above(" in text, path
        assert not re.search(r"divmod\(bound|_floor_div\(bound", text), path


@pytest.mark.parametrize(("multipliers", "order"), [
    ({}, [None]),
    ({"high": "1.5", "low": "0.7"}, ["low", None, "high"]),
    ({"same": "1", "big": "3", "tiny": "0.1"}, ["tiny", None, "same", "big"]),
])
def test_scenario_order_is_by_multiplier_with_the_expected_case_at_x1(multipliers, order):
    values = {name: Decimal(value) for name, value in multipliers.items()}
    assert scenario_order(values) == order
    scenarios = [name for name in order if name is not None]
    assert low_and_high(values) == ((scenarios[0], scenarios[-1]) if scenarios else (None, None))


def test_the_proposal_lists_scenarios_in_the_domains_order():
    from quotewright.exporters.pdf.sections_money import scenarios as scenario_section

    catalog_data = northwind_catalog()
    data = quote_data(scenario_multipliers={"high": "1.5", "low": "0.7", "flat": "1"})
    catalog, quote, priced = _priced(catalog_data, data)
    assert [case.name for case in cases_in_order(priced)] == ["low", "expected", "flat", "high"]
    flowables = scenario_section(_context(catalog, quote, priced), load_template("full").sections[0], 500)
    table = flowables[-1]._content[0]
    shown = [getattr(row[0], "text", row[0]) for row in table._cellvalues[1:]]
    assert shown == ["low", "Expected", "flat", "high"]


def test_the_default_validity_lives_in_one_place():
    today = dt.date(2026, 11, 24)
    catalog = Catalog.model_validate(northwind_catalog())
    assert blank_quote(catalog, today).valid_until == default_valid_until(today) == today + dt.timedelta(VALID_DAYS)
    _, quote, priced = _priced(northwind_catalog(), quote_data(valid_until=None))
    context = _context(catalog, quote, priced)
    assert context.valid_until == DEFAULT_VALIDITY_TEXT
    assert ("Valid until", DEFAULT_VALIDITY_TEXT) in _facts(context)
    assert context.placeholder_values()["valid_until"] == DEFAULT_VALIDITY_TEXT
    written = [path for path in (SRC / "exporters").rglob("*.py") if "30 days" in path.read_text("utf-8")]
    assert written == []


def test_chart_credits_round_half_away_from_zero_like_every_figure():
    assert _whole(Decimal("2.5")) == 3 == int(round_whole(Decimal("2.5")))
    assert _whole(Decimal("3.5")) == 4
    for top in (0, 1, 4, 5, 6, 11, 99, 1234, 10**9 + 1):
        step = _tick_step(top)
        assert step >= 1 and step * 5 >= top and str(step).strip("0") in ("1", "2", "5")


def test_warnings_and_reasons_carry_figures_and_follow_a_locale():
    catalog_data = northwind_catalog()
    data = quote_data(discounts={"overage_percent": "12.5"}, credit_packs_per_year=[9])
    catalog, quote, priced = _priced(catalog_data, data)
    phrases = [*priced.approval.reasons, *(w.message for w in priced.warnings)]
    with_figures = [p for p in phrases if isinstance(p, Phrase) and any(hasattr(f, "kind") for f in p.parts)]
    assert with_figures, phrases
    for phrase in with_figures:
        assert not isinstance(phrase, str) and "{}" not in format_phrase(phrase)  # only formatting.py writes it
        german = format_phrase(phrase, "de_DE")
        for part in phrase.parts:
            if getattr(part, "kind", None) == "percent":
                assert format_percent(part.value, "de_DE") in german
    reason = priced.approval.reasons[0]
    assert format_percent(Decimal("12.50")) in format_phrase(reason) and format_percent(Decimal("12.50"), "de_DE") in (
        format_phrase(reason, "de_DE"))


def test_domain_modules_make_no_number_text():
    # f-string number formats (",", ".2f", ",f") and hand-made percentages
    number_format = re.compile(r"\{[^{}]*:[^{}]*[,.][^{}]*\}|\}%")
    offenders = [
        f"{path.name}:{number}"
        for path in (SRC / "domain").glob("*.py")
        if path.name in ("approval.py", "warnings.py", "readiness.py", "new_quote.py", "phrases.py")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if number_format.search(line)
    ]
    assert offenders == []


# Modules of others that still do their own year arithmetic (reported in
# issue 10): this list may only shrink.
_KNOWN_YEAR_ARITHMETIC: set[str] = set()  # may only shrink; it is empty now


def test_only_the_contract_calendar_divides_months_by_twelve():
    arithmetic = re.compile(r"(//|%)\s*12\b|-\(-\s*\w+\s*//")
    found = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if relative == "domain/term.py":
            continue
        for line in path.read_text("utf-8").splitlines():
            code = line.split("#", 1)[0]
            if arithmetic.search(code) and "month" in code.lower():
                found.add(relative)
    assert found <= _KNOWN_YEAR_ARITHMETIC, found
    assert contract_year(12) == 1 and contract_year(13) == 2
