"""Catalog and quote models refuse every impossible state, and say where."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from builders import northwind_catalog, quote_data, tiered
from quotewright.domain.catalog import Catalog
from quotewright.domain.consistency import check_quote_against_catalog
from quotewright.domain.errors import InvalidInput, describe
from quotewright.domain.quote import Quote
from quotewright.domain.values import FloatLiteral, NonFiniteLiteral


def catalog_problem(data) -> InvalidInput:
    with pytest.raises(ValidationError) as caught:
        Catalog.model_validate(data)
    return describe(caught.value)


def quote_problem(data) -> InvalidInput:
    with pytest.raises(ValidationError) as caught:
        Quote.model_validate(data)
    return describe(caught.value)


def test_the_shared_catalog_is_valid():
    catalog = Catalog.model_validate(northwind_catalog())
    assert catalog.minor_units == 2
    assert catalog.plan("growth").credit_pack.size == 10000


def test_tiers_out_of_order_name_the_tier():
    data = northwind_catalog()
    data["plans"][1]["overage"] = tiered("graduated", ("100", "1"), ("50", "1"), (None, "1"))
    problem = catalog_problem(data)
    assert problem.path == "plans[1].overage.tiers[1].up_to"
    assert "bounds must increase" in problem.message


def test_equal_tier_bounds_are_refused():
    data = northwind_catalog()
    data["plans"][1]["overage"] = tiered("volume", ("100", "1"), ("100", "1"), (None, "1"))
    assert catalog_problem(data).path == "plans[1].overage.tiers[1].up_to"


def test_last_tier_must_be_open_and_only_the_last():
    data = northwind_catalog()
    data["plans"][1]["overage"] = tiered("graduated", ("100", "1"), ("200", "1"))
    assert catalog_problem(data).path == "plans[1].overage.tiers[1].up_to"
    data["plans"][1]["overage"] = tiered("graduated", (None, "1"), (None, "1"))
    assert catalog_problem(data).path == "plans[1].overage.tiers[0].up_to"


def test_unknown_schedule_mode():
    data = northwind_catalog()
    data["plans"][0]["overage"] = {"mode": "stairstep", "unit_price": "1"}
    problem = catalog_problem(data)
    assert problem.path == "plans[0].overage"
    assert "stairstep" in problem.message


@pytest.mark.parametrize("value", [0.012, FloatLiteral("0.012")])
def test_a_float_price_is_refused(value):
    data = northwind_catalog()
    data["plans"][0]["overage"]["unit_price"] = value
    problem = catalog_problem(data)
    assert problem.path == "plans[0].overage.unit_price"
    assert "float" in problem.message


@pytest.mark.parametrize("value", [NonFiniteLiteral("NaN"), "NaN", "Infinity", "-inf", "1e5", "1,000", " 1", ""])
def test_non_finite_or_odd_numbers_are_refused(value):
    data = northwind_catalog()
    data["work_units"][0]["credits"] = value
    assert catalog_problem(data).path == "work_units[0].credits"


def test_integers_are_fine_where_decimals_are_expected():
    data = northwind_catalog()
    data["work_units"][0]["credits"] = 2
    assert Catalog.model_validate(data).work_units[0].credits == 2


def test_negative_price():
    data = northwind_catalog()
    data["plans"][1]["platform_fee"] = "-1"
    problem = catalog_problem(data)
    assert (problem.path, problem.message) == ("plans[1].platform_fee", "must be at least 0")


def test_duplicate_ids_in_each_list():
    for field in ("work_units", "plans", "outcomes"):
        data = northwind_catalog()
        data[field].append(dict(data[field][0]))
        problem = catalog_problem(data)
        assert problem.path == f"{field}[{len(data[field]) - 1}].id"
        assert "duplicate" in problem.message


def test_outcome_must_reference_a_work_unit():
    data = northwind_catalog()
    data["outcomes"][0]["work_unit"] = "ghost"
    problem = catalog_problem(data)
    assert problem.path == "outcomes[0].work_unit"
    assert "ghost" in problem.message


def test_cap_below_minimum():
    data = northwind_catalog()
    data["outcomes"][0]["cap_monthly"] = "100"
    assert catalog_problem(data).path == "outcomes[0].cap_monthly"


@pytest.mark.parametrize(("field", "value"), [("autonomy", 0), ("attribution", 6), ("autonomy", "4"), ("autonomy", True)])
def test_scores_are_integers_from_1_to_5(field, value):
    data = northwind_catalog()
    data["work_units"][2][field] = value
    assert catalog_problem(data).path == f"work_units[2].{field}"


def test_percentages_stay_within_0_and_100():
    data = northwind_catalog()
    data["term_discounts"][1]["percent"] = "100.5"
    assert catalog_problem(data).path == "term_discounts[1].percent"
    data = northwind_catalog()
    data["approval"]["levels"][0]["max_discount_percent"] = "-1"
    assert catalog_problem(data).path == "approval.levels[0].max_discount_percent"


def test_unknown_currency_and_unknown_field():
    data = northwind_catalog()
    data["currency"] = "XYZ"
    assert catalog_problem(data).path == "currency"
    data = northwind_catalog()
    data["plans"][0]["overage_price"] = "1"
    problem = catalog_problem(data)
    assert problem.path == "plans[0].overage_price"
    assert "typo" in problem.message


@pytest.mark.parametrize(
    ("found", "words"),
    [("quotewright.catalog/2", "newer"), ("quotewright.catalog/0", "not a format"), ("excel", "not a format")],
)
def test_unknown_or_newer_format(found, words):
    data = northwind_catalog()
    data["format"] = found
    problem = catalog_problem(data)
    assert problem.path == "format"
    assert words in problem.message


def test_too_long_text_is_refused_without_echoing_it():
    data = northwind_catalog()
    data["name"] = "x" * 10_000_000
    problem = catalog_problem(data)
    assert problem.path == "name"
    assert len(str(problem)) < 200


def test_a_valid_quote():
    quote = Quote.model_validate(quote_data(credit_packs_per_year=[1]))
    assert quote.contract_years == 1
    assert quote.packs_for_year(1) == 1


@pytest.mark.parametrize(("term", "ok"), [(0, False), (1, True), (120, True), (121, False)])
def test_term_is_1_to_120_months(term, ok):
    data = quote_data(term_months=term)
    if ok:
        assert Quote.model_validate(data).term_months == term
    else:
        assert quote_problem(data).path == "term_months"


def test_pack_list_needs_one_count_per_contract_year():
    problem = quote_problem(quote_data(term_months=25, credit_packs_per_year=[1, 2]))
    assert problem.path == "credit_packs_per_year"
    assert "3" in problem.message
    assert Quote.model_validate(quote_data(term_months=25, credit_packs_per_year=[1, 2, 0])).contract_years == 3


@pytest.mark.parametrize("packs", [-1, 1.5, "3", True, [1, "x"], "Auto"])
def test_pack_counts_are_whole_numbers_or_auto(packs):
    assert quote_problem(quote_data(credit_packs_per_year=packs)).path.startswith("credit_packs_per_year")


def test_growth_must_be_above_minus_100():
    data = quote_data(usage=[{"work_unit": "doc_summary", "monthly": "1", "growth_percent": "-100"}])
    assert quote_problem(data).path == "usage[0].growth_percent"


def test_usage_and_seats_are_not_negative():
    assert quote_problem(quote_data(seats=-1)).path == "seats"
    data = quote_data(usage=[{"work_unit": "doc_summary", "monthly": "-5"}])
    assert quote_problem(data).path == "usage[0].monthly"


def test_a_unit_appears_once_in_usage():
    line = {"work_unit": "doc_summary", "monthly": "1"}
    assert quote_problem(quote_data(usage=[line, line])).path == "usage[1].work_unit"


def test_discounts_and_multipliers():
    assert quote_problem(quote_data(discounts={"overage_percent": "101"})).path == "discounts.overage_percent"
    assert quote_problem(quote_data(scenario_multipliers={"low": "0"})).path == "scenario_multipliers.low"


def test_wrong_types():
    assert quote_problem(quote_data(seats="twelve")).path == "seats"
    assert quote_problem(quote_data(billing="weekly")).path == "billing"
    assert quote_problem(quote_data(customer="Acme")).path == "customer"
    assert quote_problem(quote_data(usage={"work_unit": "x"})).path == "usage"


def test_valid_until_not_before_the_quote_date():
    assert quote_problem(quote_data(date="2026-05-01", valid_until="2026-04-01")).path == "valid_until"


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"plan": "enterprise"}, "plan"),
        ({"usage": [{"work_unit": "ghost", "monthly": "1"}]}, "usage[0].work_unit"),
        ({"outcomes": [{"outcome": "ghost", "monthly": "1"}]}, "outcomes[0].outcome"),
        ({"plan": "starter", "credit_packs_per_year": 2}, "credit_packs_per_year"),
        ({"plan": "starter", "term_months": 24, "credit_packs_per_year": [0, 1]}, "credit_packs_per_year[1]"),
    ],
)
def test_quote_references_resolve_against_the_catalog(changes, path):
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(quote_data(**changes))
    with pytest.raises(InvalidInput) as caught:
        check_quote_against_catalog(catalog, quote)
    assert caught.value.path == path


def test_auto_packs_on_a_plan_without_packs_is_fine():
    catalog = Catalog.model_validate(northwind_catalog())
    check_quote_against_catalog(catalog, Quote.model_validate(quote_data(plan="starter", credit_packs_per_year="auto")))


def test_models_are_frozen():
    quote = Quote.model_validate(quote_data())
    with pytest.raises(ValidationError):
        quote.seats = 3
