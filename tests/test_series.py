"""Month-by-month usage (PRICING.md 9): a `series` instead of `monthly` and
growth, for usage and outcome lines, with the scenario multiplier; how such
files validate, save and are described by the JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal as D

import pytest
from pydantic import ValidationError

from builders import northwind_catalog, quote_data, simple_catalog, simple_quote
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.errors import describe
from quotewright.domain.report import priced_to_json
from quotewright.storage.documents import load_quote, save_quote

RAMP = ["1000", "1000", "1000", "20000", "20000", "20000.5"]


def price(catalog: dict, quote: dict):
    return price_quote(Catalog.model_validate(catalog), Quote.model_validate(quote))


def half_up(value: D) -> D:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


def test_a_ramp_is_used_month_by_month_and_scaled_by_each_scenario():
    quote = simple_quote(term_months=6, scenario_multipliers={"low": "0.33", "high": "1.5"})
    quote["usage"] = [{"work_unit": "u", "series": RAMP}]
    priced = price(simple_catalog(), quote)
    assert [m.usage[0].quantity for m in priced.months] == [half_up(D(v)) for v in RAMP]
    for name, k in (("low", D("0.33")), ("high", D("1.5"))):
        case = priced.scenarios[name]
        assert [m.usage[0].quantity for m in case.months] == [half_up(D(v) * k) for v in RAMP]
        assert [m.credits.needed for m in case.months] == [half_up(D(v) * k) for v in RAMP]  # 1 credit a unit


def test_an_outcome_series_counts_month_by_month():
    catalog = northwind_catalog()
    quote = quote_data(term_months=6, outcomes=[{"outcome": "resolved", "series": ["0", "10", "2000", "0", "0", "0"]}])
    priced = price(catalog, quote)
    counts = [m.outcomes[0].count for m in priced.months]
    assert counts == [0, 10, 2000, 0, 0, 0]
    minimum = D(catalog["outcomes"][0]["minimum_monthly"])
    assert priced.months[0].outcomes[0].charge.net == minimum  # the minimum holds in a month with no outcomes
    assert priced.months[2].outcomes[0].clamped in ("", "cap")


def test_series_and_monthly_lines_mix_in_one_quote():
    quote = simple_quote(term_months=6)
    quote["usage"] = [{"work_unit": "u", "series": RAMP}]
    catalog = simple_catalog()
    catalog["work_units"].append({**catalog["work_units"][0], "id": "v", "credits": "2"})
    quote["usage"].append({"work_unit": "v", "monthly": "10", "growth_percent": "10"})
    priced = price(catalog, quote)
    grown = [half_up(D(10) * D("1.1") ** (m - 1)) for m in range(1, 7)]
    assert [m.credits.needed for m in priced.months] == [half_up(D(v)) + 2 * g for v, g in zip(RAMP, grown)]


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ({"work_unit": "u", "series": ["1"] * 5}, "usage[0].series", "needs one per month"),
        ({"work_unit": "u", "series": ["1"] * 121}, "usage[0].series", "at most 120"),
        ({"work_unit": "u", "series": RAMP, "monthly": "1"}, "usage[0].series", "together with"),
        ({"work_unit": "u", "series": RAMP, "growth_percent": "0"}, "usage[0].series", "together with"),
        ({"work_unit": "u", "series": RAMP[:5] + ["-0.5"]}, "usage[0].series[5]", "at least 0"),
        ({"work_unit": "u", "series": RAMP[:5] + [1.5]}, "usage[0].series[5]", "decimal string"),
        ({"work_unit": "u"}, "usage[0].monthly", "is required"),
    ],
)
def test_a_bad_series_is_refused_naming_the_field(line, field, words):
    with pytest.raises(ValidationError) as raised:
        Quote.model_validate(simple_quote(term_months=6, usage=[line]))
    problem = describe(raised.value)
    assert problem.path == field and words in problem.message


def test_a_term_change_must_bring_the_series_along():
    quote = simple_quote(term_months=6, usage=[{"work_unit": "u", "series": RAMP}])
    Quote.model_validate(quote)
    with pytest.raises(ValidationError) as raised:
        Quote.model_validate({**quote, "term_months": 7})
    assert describe(raised.value).path == "usage[0].series"


def test_a_quote_with_series_and_protection_saves_and_reprices_identically(tmp_path):
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(quote_data(
        term_months=6,
        usage=[{"work_unit": "doc_summary", "series": RAMP}, {"work_unit": "workflow", "monthly": "100"}],
        spend_protection={"overage_cap_monthly": "40", "alert_percents": ["50", "90"]},
    ))
    path = tmp_path / "q.json"
    save_quote(path, quote, catalog)
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "quotewright.quote/1"  # the new fields are optional: the version stays
    assert data["usage"][0] == {"work_unit": "doc_summary", "series": RAMP}  # no monthly, no growth
    assert data["spend_protection"] == {"overage_cap_monthly": "40", "alert_percents": ["50", "90"]}
    loaded = load_quote(path)
    assert loaded.quote == quote
    assert priced_to_json(price_quote(loaded.catalog, loaded.quote)) == priced_to_json(price_quote(catalog, quote))


def test_the_quote_schema_describes_series_and_spend_protection():
    result = subprocess.run([sys.executable, "-m", "quotewright", "schema", "quote"], capture_output=True, text=True)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    definitions = schema["$defs"]
    usage = definitions["UsageLine"]
    assert "series" in usage["properties"] and usage["required"] == ["work_unit"]
    assert {"required": ["monthly"], "not": {"required": ["series"]}} in usage["oneOf"]
    assert "series" in definitions["OutcomeLine"]["properties"]
    protection = definitions["SpendProtection"]["properties"]
    assert set(protection) == {"overage_cap_monthly", "alert_percents"}
    assert "spend_protection" in schema["properties"]
