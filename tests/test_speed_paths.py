"""The fast paths taken for speed give exactly what the slow ones give.

`value_in` walks a model's attributes where `value_at` dumps the whole
model; `format_money` caches its pattern and currency symbol; the priced
cases share their terms and search. Each is checked against the plain way
on every sample (and on samples with a ramp, spend protection and typed
pack lists, whose serializers change what a dump holds)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from quotewright.domain import Quote
from quotewright.domain.edits import MISSING, value_at, value_in
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import samples


def _variants() -> list[tuple[str, Any]]:
    """Every sample's quote and catalog, plus each quote with a ramp on its
    first line (a series: its growth is left out of the dump), spend
    protection, a typed pack list (a tuple dumped as a list) and a person."""
    found: list[tuple[str, Any]] = []
    for sample in samples():
        loaded = load_quote(sample.quote)
        found += [(f"{sample.name} quote", loaded.quote), (f"{sample.name} catalog", loaded.catalog)]
        data = loaded.quote.model_dump(mode="json")
        if data["usage"]:
            line = data["usage"][0]
            monthly = line.pop("monthly")
            line.pop("growth_percent", None)
            line["series"] = [monthly] * data["term_months"]
        data["spend_protection"] = {"overage_cap_monthly": "100", "alert_percents": ["50", "80"]}
        data["credit_packs_per_year"] = [1] * -(-data["term_months"] // 12)
        data["prepared_by"] = {"name": "Ana", "role": "AE"}
        found.append((f"{sample.name} quote, ramp and protection", Quote.model_validate(data)))
    return found


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into `data`, and beside each container paths that miss:
    an unknown key, an index past the end, a step below a leaf."""
    paths = [prefix]
    if isinstance(data, dict):
        paths += [prefix + ("no_such_field",), prefix + (0,)]
        for key, value in data.items():
            paths += _paths(value, prefix + (key,))
    elif isinstance(data, (list, tuple)):
        paths += [prefix + (len(data),), prefix + ("name",)]
        if data:
            paths.append(prefix + (-1,))
        for index, value in enumerate(data):
            paths += _paths(value, prefix + (index,))
    else:
        paths.append(prefix + ("below",))
    return paths


VARIANTS = _variants()


@pytest.mark.parametrize("name, model", VARIANTS, ids=[name for name, _ in VARIANTS])
def test_value_in_equals_value_at_on_every_path(name: str, model: Any) -> None:
    paths = _paths(model.model_dump())
    assert len(paths) > 50  # the walk really reached the leaves
    missing = 0
    for path in paths:
        slow, fast = value_at(model, path), value_in(model, path)
        assert fast == slow, path
        assert type(fast) is type(slow), path
        missing += slow is MISSING
    assert missing > 10  # and the paths that miss were tried too


def test_value_in_sees_what_the_dump_leaves_out() -> None:
    # A ramped line has no growth in its data, and an unset cap is omitted:
    # both read as MISSING, as in the dump, though the attributes exist.
    _, quote = next(variant for variant in VARIANTS if variant[0].endswith("ramp and protection"))
    assert quote.usage[0].growth_percent == Decimal(0)
    assert value_in(quote, ("usage", 0, "growth_percent")) is MISSING
    assert value_in(quote, ("credit_packs_per_year",)) == list(quote.credit_packs_per_year)
    unset = quote.spend_protection.model_copy(update={"overage_cap_monthly": None})
    assert value_in(unset, ("overage_cap_monthly",)) is MISSING
