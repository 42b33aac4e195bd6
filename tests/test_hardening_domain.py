"""Issue 9, the domain's part: whatever the models accept is priced and
formatted (figures past 28 digits, negative zero), and what they cannot
handle in bounded time is refused at the door with the field (text that
holds control or non-characters, an unhashed snapshot, auto packs that
cannot settle quickly, files past the model's limits)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from builders import northwind_catalog, per_unit, quote_data, simple_catalog, simple_quote, tiered
from conftest import REPO
from strategies import catalog_and_quote
from test_pack_search import brute_force_year
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.errors import InvalidInput, describe
from quotewright.domain.fingerprint import fingerprint
from quotewright.domain.catalog import MAX_WORK_UNITS
from quotewright.domain.packs import MAX_EVALUATIONS
from quotewright.domain.quote import MAX_FORECAST_CELLS, MAX_SCENARIOS, MAX_USAGE_LINES
from quotewright.domain.report import priced_to_json
from quotewright.domain.saved_quote import SavedQuote
from quotewright.formatting import format_amount, format_money, format_percent, format_quantity, format_rate
from quotewright.storage.documents import load_any, load_quote, save_quote
from quotewright.storage.problems import FileProblem
from quotewright.text_report import render_text

SAMPLES = REPO / "resources"
HUGE_FEE = "100000000000000000000000000"  # 1e26


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True, timeout=120)


def problem(model, data) -> str:
    """The one-line message a file gets for `data`."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(describe(caught.value))


def huge_token_api_quote() -> dict:
    """The token-api sample at 120 months, 100% monthly growth and a platform
    fee of 1e26 on every plan, with a valid hash: the figures run past 28
    significant digits."""
    data = json.loads((SAMPLES / "quotes" / "token-api-quote.json").read_text("utf-8"))
    data["term_months"] = 120
    for line in data["usage"]:
        line["growth_percent"] = "100"
    for plan in data["catalog"]["plans"]:
        plan["platform_fee"] = HUGE_FEE
    data["catalog_sha256"] = fingerprint(data["catalog"])
    return data


# --- item 1: figures past 28 significant digits ------------------------------------------------------------------


@pytest.fixture(scope="module")
def huge_priced(tmp_path_factory):
    path = tmp_path_factory.mktemp("huge") / "huge.json"
    path.write_text(json.dumps(huge_token_api_quote()), "utf-8")
    loaded = load_quote(path)
    return path, price_quote(loaded.catalog, loaded.quote)


def test_the_huge_quote_has_figures_past_28_digits(huge_priced):
    _, priced = huge_priced
    assert len(priced.totals.tcv.as_tuple().digits) > 28
    assert len(str(priced.credit_packs_per_year[-1])) > 28


def test_totals_read_in_the_default_context_are_exact(huge_priced):
    # Views and exporters read month and year totals in Python's default
    # 28-digit context; they must still be the exact sums of the lines.
    _, priced = huge_priced
    year = priced.years[-1]
    with localcontext(prec=10_000):
        sums = [(sum(m.lines.net_amounts().values(), Decimal(0)), m) for m in priced.months]
        month_sum, month = max(sums, key=lambda pair: len(pair[0].as_tuple().digits))
        year_list = sum(year.lines.list_amounts().values(), Decimal(0))
        year_discount = year_list - sum(year.lines.net_amounts().values(), Decimal(0))
    assert len(month_sum.as_tuple().digits) > 28
    assert month.total == month_sum
    assert year.list_total == year_list
    assert year.discount == year_discount


def test_the_text_report_and_json_show_every_digit(huge_priced):
    _, priced = huge_priced
    text = render_text(priced)
    assert format_money(priced.totals.tcv, "USD") in text
    tcv_digits = format(priced.totals.tcv, "f").replace(".", "")
    assert tcv_digits in text.replace(",", "").replace(".", "")
    data = priced_to_json(priced)
    assert Decimal(data["totals"]["tcv"]) == priced.totals.tcv
    with localcontext(prec=10_000):
        assert sum(Decimal(i["amount"]) for i in data["invoices"]) == Decimal(data["totals"]["tcv"])


def test_the_cli_prices_the_huge_quote(huge_priced):
    path, priced = huge_priced
    shown = run_cli("price", str(path))
    assert shown.returncode == 0, shown.stderr
    assert format_money(priced.totals.tcv, "USD") in shown.stdout
    as_json = run_cli("price", "--json", str(path))
    assert as_json.returncode == 0, as_json.stderr
    assert Decimal(json.loads(as_json.stdout)["totals"]["tcv"]) == priced.totals.tcv


@pytest.mark.parametrize("text", [HUGE_FEE + ".01", "123456789012345678901234567890.25", "-" + HUGE_FEE * 3 + ".125", "0." + "0" * 60 + "1"])
def test_every_formatter_shows_any_figure(text):
    value = Decimal(text)
    digits = text.lstrip("-").replace(".", "").lstrip("0")
    for shown in (format_amount(value, 2), format_quantity(value), format_percent(value),
                  format_money(value, "USD"), format_rate(value, "USD")):
        assert digits in shown.replace(",", "").replace(".", ""), shown
        assert shown.startswith("-") == text.startswith("-")


def test_formatting_leaves_the_callers_context_alone():
    with localcontext(prec=28) as context:
        format_money(Decimal(HUGE_FEE * 2), "USD")
        assert context.prec == 28


# --- item 22: negative zero -------------------------------------------------------------------------------------


def test_negative_zero_becomes_zero_at_the_door():
    data = northwind_catalog()
    data["plans"][0]["platform_fee"] = "-0"
    data["plans"][0]["overage"] = {"mode": "per_unit", "unit_price": "-0.00"}
    catalog = Catalog.model_validate(data)
    plan = catalog.plans[0]
    assert not plan.platform_fee.is_signed() and not plan.overage.unit_price.is_signed()
    quote = Quote.model_validate(quote_data(plan=plan.id, seats=0, usage=[
        {"work_unit": catalog.work_units[0].id, "monthly": "-0", "growth_percent": "-0.0"}]))
    assert not quote.usage[0].monthly.is_signed() and not quote.usage[0].growth_percent.is_signed()
    priced = price_quote(catalog, quote)
    text = render_text(priced)
    assert "-0.00" not in text and "-$0.00" not in text
    assert "-0" not in json.dumps(priced_to_json(priced))


@pytest.mark.parametrize("zero", ["-0", "-0.00", "-0.0000"])
def test_formatting_never_prints_a_signed_zero(zero):
    value = Decimal(zero)
    for shown in (format_amount(value, 2), format_quantity(value), format_percent(value),
                  format_money(value, "USD"), format_money(value, "JPY"), format_rate(value, "EUR")):
        assert "-" not in shown, shown


# --- items 7 and 17: characters refused at the door -------------------------------------------------------------


def _catalog_with_name(name: str) -> dict:
    data = northwind_catalog()
    data["work_units"][0]["name"] = name
    return data


@pytest.mark.parametrize(("char", "what"), [
    ("\ufffe", "non-characters"), ("\uffff", "non-characters"), ("\ufdd0", "non-characters"),
    ("\ufdef", "non-characters"), ("\U0001fffe", "non-characters"), ("\U0010ffff", "non-characters"),
    ("\x1b", "control characters"), ("\x07", "control characters"), ("\x00", "control characters"),
    ("\x7f", "control characters"), ("\x9b", "control characters"),
])
def test_names_refuse_non_characters_and_controls_with_the_position(char, what):
    message = problem(Catalog, _catalog_with_name("Ab" + char + "c"))
    assert message.startswith("work_units[0].name: must not hold")
    assert what in message
    assert f"U+{ord(char):04X} at position 3" in message


def test_a_lone_surrogate_is_refused_with_a_reason():
    message = problem(Catalog, _catalog_with_name("A\ud800"))
    assert message.startswith("work_units[0].name:")
    assert "surrogate" in message


@pytest.mark.parametrize(("field", "value"), [
    (("customer", "name"), "Acme\x1b[2J"),
    (("customer", "email"), "a\x07@b.example"),
    (("customer", "address"), "Main St\x00"),
    (("notes",), "fine\ufffe"),
    (("id",), "Q\x851"),
    (("scenario_multipliers",), {"lo\x1bw": "0.5"}),
])
def test_every_text_field_of_a_quote_refuses_them(field, value):
    data = quote_data(customer={"name": "C", "email": "", "address": ""})
    target = data
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = value
    message = problem(Quote, data)
    assert message.startswith(".".join(field))
    assert "must not hold" in message


def test_long_texts_keep_newline_and_tab():
    quote = Quote.model_validate(quote_data(notes="Line 1\n\tLine 2", customer={"name": "C", "address": "1 Main St\nTown"}))
    assert quote.notes == "Line 1\n\tLine 2" and quote.customer.address == "1 Main St\nTown"
    assert "must not hold control characters (U+000A" in problem(Quote, quote_data(customer={"name": "C\nD"}))


def test_identifiers_say_what_is_wrong():
    data = northwind_catalog()
    data["plans"][0]["id"] = " growth"
    assert problem(Catalog, data).endswith("must not be blank or start or end with spaces")
    data["plans"][0]["id"] = "gro\x1bwth"
    assert problem(Catalog, data).endswith("must not hold control characters (U+001B at position 4)")


# --- item 19: a true message for an upper-case hash --------------------------------------------------------------


def test_an_upper_case_hash_gets_a_true_message(tmp_path):
    catalog = Catalog.model_validate(northwind_catalog())
    path = tmp_path / "q.json"
    save_quote(path, Quote.model_validate(quote_data()), catalog)
    data = json.loads(path.read_text("utf-8"))
    data["catalog_sha256"] = data["catalog_sha256"].upper()
    message = problem(SavedQuote, data)
    assert message == "catalog_sha256: must be 64 lower-case hexadecimal digits (a SHA-256)"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(FileProblem) as caught:
        load_quote(path)
    assert "must be 64 lower-case hexadecimal digits" in str(caught.value)
    assert "control characters" not in str(caught.value)


# --- item 8: a snapshot without its hash --------------------------------------------------------------------------


@pytest.fixture
def unhashed_edited_quote(tmp_path) -> Path:
    """A saved quote whose snapshot's platform fee was edited and whose hash
    was deleted to hide it."""
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(quote_data())
    path = tmp_path / "edited.json"
    save_quote(path, quote, catalog)
    data = json.loads(path.read_text("utf-8"))
    data["catalog"]["plans"][1]["platform_fee"] = "1"
    del data["catalog_sha256"]
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_a_snapshot_without_its_hash_is_refused(unhashed_edited_quote):
    for load in (load_quote, load_any):
        with pytest.raises(FileProblem) as caught:
            load(unhashed_edited_quote)
        assert caught.value.path == "catalog_sha256"
        line = str(caught.value)
        assert line.startswith(str(unhashed_edited_quote)) and "\n" not in line
        assert "--catalog" in line


def test_validate_refuses_it_in_one_line(unhashed_edited_quote):
    result = run_cli("validate", str(unhashed_edited_quote))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "catalog_sha256" in result.stderr and str(unhashed_edited_quote) in result.stderr


def test_it_can_still_be_repriced_against_a_named_catalog(unhashed_edited_quote):
    loaded = load_quote(unhashed_edited_quote, repricing=True)
    assert loaded.catalog is None and loaded.snapshot_unused
    catalog = Catalog.model_validate(northwind_catalog())
    priced = price_quote(catalog, loaded.quote)
    assert priced.totals.tcv == price_quote(catalog, Quote.model_validate(quote_data())).totals.tcv


def test_the_command_line_reprices_it_against_a_named_catalog_and_says_so(unhashed_edited_quote, tmp_path):
    catalog_path = tmp_path / "catalog.json"
    catalog_path.write_text(json.dumps(northwind_catalog()), "utf-8")
    refused = run_cli("price", str(unhashed_edited_quote), "--json")
    assert refused.returncode == 1 and "catalog_sha256" in refused.stderr
    repriced = run_cli("price", str(unhashed_edited_quote), "--catalog", str(catalog_path), "--json")
    assert repriced.returncode == 0, repriced.stderr
    expected = price_quote(Catalog.model_validate(northwind_catalog()), Quote.model_validate(quote_data()))
    assert Decimal(json.loads(repriced.stdout)["totals"]["tcv"]) == expected.totals.tcv
    assert f"repriced against {catalog_path}" in repriced.stderr and "was not used" in repriced.stderr


def test_a_wrong_hash_is_refused_even_when_repricing(unhashed_edited_quote):
    data = json.loads(unhashed_edited_quote.read_text("utf-8"))
    data["catalog_sha256"] = "0" * 64
    unhashed_edited_quote.write_text(json.dumps(data), "utf-8")
    with pytest.raises(FileProblem) as caught:
        load_quote(unhashed_edited_quote, repricing=True)
    assert caught.value.path == "catalog_sha256"


# --- item 5: the auto-pack search on schedules that used to take minutes ----------------------------------------

TINY_PACK = "0.0006103515625"  # 10 / 16384: thousands of pack counts share each minor unit


def hundred_tier_catalog(price, step: str = "100") -> Catalog:
    """The shape of the 24 KB file: a tiny pack, a 100-tier graduated pack
    price whose unit prices sit around the overage price of 0.001."""
    tiers = [{"up_to": format(Decimal(step) * (i + 1), "f"), "unit_price": price(i)} for i in range(99)]
    tiers.append({"up_to": None, "unit_price": price(99)})
    return Catalog.model_validate(simple_catalog(
        overage=per_unit("0.001"), credit_pack={"size": TINY_PACK, "price": {"mode": "graduated", "tiers": tiers}}))


PRICE_SHAPES = {
    "equal to the overage": lambda i: "0.001",
    "alternating below it": lambda i: "0.001" if i % 2 else "0.0009",
    "alternating around it": lambda i: "0.000999" if i % 2 else "0.001001",
    "falling through it": lambda i: format(Decimal("0.0011") - Decimal("0.000002") * i, "f"),
}


@pytest.mark.parametrize("shape", PRICE_SHAPES)
@pytest.mark.parametrize("months", [12, 120])
def test_a_hundred_tier_pack_price_with_a_tiny_pack_settles_within_the_budget(shape, months):
    catalog = hundred_tier_catalog(PRICE_SHAPES[shape])
    quote = Quote.model_validate(simple_quote("1000", credit_packs_per_year="auto", term_months=months))
    assert len(catalog.plans[0].credit_pack.price.tiers) == 100
    try:
        priced = price_quote(catalog, quote)
    except InvalidInput as refused:  # refusing is allowed, within the same budget, with the field
        assert refused.path == "credit_packs_per_year" and "type the pack counts" in refused.message
        return
    # Each evaluation is a binary search over the tiers, and the whole term
    # shares one budget: time is bounded by the count, not by the tiers.
    assert sum(choice.candidates_tried for choice in priced.pack_choices) <= MAX_EVALUATIONS



@pytest.mark.parametrize("shape", PRICE_SHAPES)
def test_the_same_shape_scaled_down_matches_brute_force(shape):
    # 1/5000 of the usage and of the tier bounds: a few thousand counts, so
    # every count the rules name can be tried; each of the 100 tiers is crossed.
    catalog = hundred_tier_catalog(PRICE_SHAPES[shape], step="0.02")
    quote = Quote.model_validate(simple_quote("0.2", credit_packs_per_year="auto", term_months=12))
    brute, fast = brute_force_year(catalog, quote)
    assert fast == brute


def test_the_budget_is_shared_by_every_year_of_the_term():
    catalog = Catalog.model_validate(simple_catalog(
        overage=per_unit("0.00693500000001"), credit_pack={"size": "333", "price": per_unit("0.006935")}))
    for months in (12, 120):
        quote = Quote.model_validate(simple_quote("99000000", credit_packs_per_year="auto", term_months=months))
        with pytest.raises(InvalidInput) as caught:
            price_quote(catalog, quote)
        assert caught.value.path == "credit_packs_per_year"
        assert "year 1" in caught.value.message  # the first year spends the whole budget


def test_a_graduated_amount_is_the_sum_of_its_tiers():
    tiers = [("10", "1.5", "2"), ("25", "1.25"), ("40", "1", "3"), (None, "0.5", "1")]
    schedule = Catalog.model_validate(simple_catalog(overage=tiered("graduated", *tiers))).plans[0].overage

    def by_the_rules(q: Decimal) -> Decimal:  # PRICING.md 2, tier by tier
        total, lower = Decimal(0), Decimal(0)
        for index, (up, price, *fee) in enumerate(tiers):
            if index and q <= lower:
                break
            upper = q if up is None else min(q, Decimal(up))
            total += max(Decimal(0), upper - lower) * Decimal(price) + (Decimal(fee[0]) if fee else 0)
            lower = Decimal(up) if up else lower
        return total

    for q in ["0", "0.5", "10", "10.01", "25", "30", "40", "40.5", "1000"]:
        assert schedule.amount(Decimal(q)) == by_the_rules(Decimal(q)), q


@st.composite
def hard_pack_shapes(draw) -> tuple[Catalog, Quote]:
    """Tiny packs, many tiers, prices within a hair of the overage, discounts:
    where a step-by-step search would have to try thousands of counts."""
    size = draw(st.sampled_from([TINY_PACK, "0.25", "0.5", "1.5", "7"]))
    overage_price = draw(st.sampled_from(["0.001", "0.0013", "0.01"]))
    base = Decimal(overage_price)
    bounds = sorted(draw(st.sets(st.integers(1, 60), min_size=1, max_size=12)))
    offsets = st.sampled_from(["0", "0", "0.000001", "-0.000001", "0.0001", "-0.0001"])
    tiers = [{"up_to": str(b), "unit_price": format(base + Decimal(draw(offsets)), "f")} for b in bounds]
    tiers.append({"up_to": None, "unit_price": format(base + Decimal(draw(offsets)), "f")})
    mode = draw(st.sampled_from(["graduated", "volume"]))
    overage = draw(st.sampled_from([per_unit(overage_price), tiered("graduated", ("20", overage_price),
                                                                      (None, format(base * 2, "f")))]))
    catalog = Catalog.model_validate(simple_catalog(
        overage=overage, included_credits=draw(st.sampled_from(["0", "2"])),
        credit_pack={"size": size, "price": {"mode": mode, "tiers": tiers}}))
    monthly = draw(st.sampled_from(["0.3", "1", "4", "5.5"]))
    limit = Decimal(4000) * Decimal(size)  # keeps brute force to a few thousand counts a year
    monthly = str(min(Decimal(monthly), (limit / 12).quantize(Decimal("0.01"))))
    quote = Quote.model_validate(simple_quote(
        monthly, credit_packs_per_year="auto",
        usage=[{"work_unit": "u", "monthly": monthly, "growth_percent": draw(st.sampled_from(["0", "3", "-2"]))}],
        discounts={"credit_packs_percent": draw(st.sampled_from(["0", "5", "3.3"])),
                   "overage_percent": draw(st.sampled_from(["0", "5"]))}))
    return catalog, quote


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hard_pack_shapes())
def test_the_step_search_matches_brute_force_on_hard_shapes(pair):
    catalog, quote = pair
    brute, fast = brute_force_year(catalog, quote)
    assert fast == brute


# --- item 6: limits that match the machine ------------------------------------------------------------------------


def test_the_reported_file_is_refused_at_the_door_with_the_field():
    # 10,000 work units x 120 months x 10 scenarios took 3 minutes and 5.6 GB.
    units = [{"id": f"u{i}", "name": f"U{i}", "unit": "x", "credits": "1", "cost_to_serve": "0.001",
              "autonomy": 3, "attribution": 3} for i in range(10_000)]
    data = {**simple_catalog(), "work_units": units}
    assert problem(Catalog, data).startswith(f"work_units: must have at most {MAX_WORK_UNITS} item(s)")
    quote = simple_quote(term_months=120, scenario_multipliers={f"s{i}": "1.1" for i in range(10)},
                         usage=[{"work_unit": f"u{i}", "monthly": "5"} for i in range(MAX_USAGE_LINES)])
    message = problem(Quote, quote)
    assert message.startswith("usage: ") and f"at most {MAX_FORECAST_CELLS:,}" in message


def test_the_forecast_limit_counts_units_months_and_cases():
    months, cases = 120, 1 + MAX_SCENARIOS
    lines = MAX_FORECAST_CELLS // (months * cases)
    fits = simple_quote(term_months=months, scenario_multipliers={f"s{i}": "1.1" for i in range(MAX_SCENARIOS)},
                        usage=[{"work_unit": f"u{i}", "monthly": "5"} for i in range(lines)])
    Quote.model_validate(fits)
    fits["usage"].append({"work_unit": "one_more", "monthly": "5"})
    assert problem(Quote, fits).startswith("usage: ")
    shorter = {**fits, "term_months": 60}  # the same lines fit in a shorter term
    Quote.model_validate(shorter)


def test_growth_may_have_at_most_six_decimals():
    Quote.model_validate(simple_quote(usage=[{"work_unit": "u", "monthly": "1", "growth_percent": "999.999999"}]))
    message = problem(Quote, simple_quote(usage=[{"work_unit": "u", "monthly": "1", "growth_percent": "1.0000001"}]))
    assert message.startswith("usage[0].growth_percent: has more than 6 decimal places")


def test_a_file_at_every_limit_is_priced(tmp_path):
    """The benchmark's file (benchmarks/bench_limits.py): validated, priced,
    and formatted as JSON and text, with auto packs settled in the budget."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from support import limits_catalog_data, limits_quote_data
    finally:
        sys.path.pop(0)
    catalog = Catalog.model_validate(limits_catalog_data())
    quote = Quote.model_validate(limits_quote_data())
    priced = price_quote(catalog, quote)
    assert len(priced.scenarios) == MAX_SCENARIOS and len(catalog.work_units) == MAX_WORK_UNITS
    assert sum(choice.candidates_tried for choice in priced.pack_choices) <= MAX_EVALUATIONS
    assert format_money(priced.totals.tcv, "USD") in render_text(priced)
    assert Decimal(priced_to_json(priced)["totals"]["tcv"]) == priced.totals.tcv


# --- the whole accepted range: price_quote and its formatting never raise ------------------------------------------

AMOUNT_40 = "9" * 37 + ".99"  # the largest amount a field can hold, 40 characters


@st.composite
def wide_pairs(draw) -> tuple[dict, dict]:
    """Generated catalogs and quotes stretched to the accepted range: growth
    at both extremes, amounts up to 40 characters, every currency's digits."""
    catalog, quote = draw(catalog_and_quote(max_term=120))
    catalog["currency"] = draw(st.sampled_from(["USD", "JPY", "KWD", "CLF", "BHD", "ISK"]))
    plan = catalog["plans"][0]
    plan["platform_fee"] = draw(st.sampled_from([plan["platform_fee"], AMOUNT_40, "-0", "0.0000000001"]))
    for line in quote["usage"] + quote["outcomes"]:
        line["growth_percent"] = draw(st.sampled_from(
            [line["growth_percent"], "1000", "999.999999", "-99.999999", "100", "-0"]))
        line["monthly"] = draw(st.sampled_from([line["monthly"], "9" * 40, "0.5", "-0.0"]))
    if quote.get("scenario_multipliers"):
        quote["scenario_multipliers"]["huge"] = draw(st.sampled_from(["1000", "0.0000001"]))
    return catalog, quote


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(wide_pairs())
def test_an_accepted_quote_is_always_priced_and_formatted(pair):
    catalog_data, quote_data_ = pair
    try:
        catalog = Catalog.model_validate(catalog_data)
        quote = Quote.model_validate(quote_data_)
    except ValidationError:
        return  # refused at the door: allowed, with the field
    try:
        priced = price_quote(catalog, quote)
    except InvalidInput as refused:  # only auto packs may refuse after validation, with the field
        assert refused.path == "credit_packs_per_year"
        return
    data = priced_to_json(priced)
    text = render_text(priced)
    assert format_money(priced.totals.tcv, priced.currency) in text
    assert Decimal(data["totals"]["tcv"]) == priced.totals.tcv
    for name in priced.scenarios:
        render_text(priced, name)
        priced_to_json(priced, name)
    assert "-0.00" not in text and '"-0' not in json.dumps(data)
