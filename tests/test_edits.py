"""Edits are values with exact inverses; invalid edits change nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import northwind_catalog, quote_data
from quotewright.domain import Catalog, Quote
from quotewright.domain.edits import MISSING, Compound, InsertItem, RemoveItem, SetValue, apply_edit, value_at
from quotewright.domain.errors import InvalidInput


@pytest.fixture
def quote() -> Quote:
    return Quote.model_validate(quote_data(scenario_multipliers={"low": "0.7"}))


def test_set_value_and_its_inverse(quote):
    changed, inverse = apply_edit(SetValue(("usage", 0, "monthly"), Decimal("250")), quote)
    assert changed.usage[0].monthly == 250
    restored, again = apply_edit(inverse, changed)
    assert restored == quote
    assert again == SetValue(("usage", 0, "monthly"), Decimal("250"))


def test_insert_and_remove_are_inverses(quote):
    line = {"work_unit": "workflow", "monthly": Decimal(5), "growth_percent": Decimal(0)}
    added, inverse = apply_edit(InsertItem(("usage",), 1, line), quote)
    assert [u.work_unit for u in added.usage] == ["doc_summary", "workflow"]
    assert inverse == RemoveItem(("usage",), 1)
    removed, _ = apply_edit(inverse, added)
    assert removed == quote


def test_a_missing_key_is_added_and_removed(quote):
    added, inverse = apply_edit(SetValue(("scenario_multipliers", "high"), Decimal("1.5")), quote)
    assert added.scenario_multipliers == {"low": Decimal("0.7"), "high": Decimal("1.5")}
    assert inverse.value is MISSING
    assert apply_edit(inverse, added)[0] == quote


def test_compound_edits_undo_in_reverse_order(quote):
    edit = Compound((SetValue(("seats",), 40), SetValue(("seats",), 41)), "Seats")
    changed, inverse = apply_edit(edit, quote)
    assert changed.seats == 41
    assert apply_edit(inverse, changed)[0] == quote


def test_an_invalid_edit_raises_with_the_path_and_changes_nothing(quote):
    with pytest.raises(InvalidInput) as caught:
        apply_edit(SetValue(("usage", 0, "growth_percent"), Decimal("-100")), quote)
    assert caught.value.path == "usage[0].growth_percent"
    assert quote.usage[0].growth_percent == 0
    with pytest.raises(InvalidInput):
        apply_edit(SetValue(("usage", 7, "monthly"), Decimal(1)), quote)


def test_catalog_edits_validate_the_whole_catalog():
    catalog = Catalog.model_validate(northwind_catalog())
    with pytest.raises(InvalidInput) as caught:
        apply_edit(SetValue(("plans", 1, "seat_price", "tiers", 1, "up_to"), Decimal(5)), catalog)
    assert caught.value.path == "plans[1].seat_price.tiers[1].up_to"
    assert "increase" in caught.value.message
    assert value_at(catalog, ("plans", 1, "seat_price", "tiers", 1, "up_to")) == Decimal(50)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["seats", "term_months"]), st.integers(1, 60)), min_size=1, max_size=8))
def test_undoing_every_edit_restores_the_original(steps):
    original = Quote.model_validate(quote_data())
    current, inverses = original, []
    for field, value in steps:
        current, inverse = apply_edit(SetValue((field,), value), current)
        inverses.append(inverse)
    for inverse in reversed(inverses):
        current, _ = apply_edit(inverse, current)
    assert current == original
