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


# --- formatting: the cached patterns write what babel writes ------------------------------------------------------

from copy import copy  # noqa: E402

from babel.core import Locale  # noqa: E402
from babel.localedata import locale_identifiers  # noqa: E402
from babel.numbers import format_decimal  # noqa: E402

from quotewright.domain.money import MINOR_UNITS  # noqa: E402
from quotewright.formatting import _wide, format_amount, format_money, format_percent, format_quantity  # noqa: E402

AMOUNTS = [Decimal(text) for text in ("0", "-0.00", "0.5", "1234.5", "-1234.567", "1000000", "0.001",
                                      "123456789012345678901234567890123.45", "-7")]
# Every 25th locale babel knows, and the ones whose patterns are unusual:
# the symbol after the amount (de, fr), in quotes or with spaces (de_CH,
# fr_CH), other digits (ar_EG, fa), the code instead of a symbol (en_IN).
LOCALES = sorted(set(locale_identifiers()[::25]) | {"en_US", "de_DE", "de_CH", "fr_FR", "fr_CH", "ja_JP",
                                                     "ar_EG", "fa", "en_IN", "nl_NL", "sv", "he"})


def _babel_money(amount: Decimal, currency: str, locale: str) -> str:
    """format_money as it was before its pattern held the currency: babel
    substitutes symbol, code and name on each call."""
    parsed = Locale.parse(locale)
    pattern = copy(parsed.currency_formats["standard"])
    places = MINOR_UNITS[currency]
    pattern.frac_prec = (places, places)
    amount = amount.copy_abs() if amount.is_zero() else amount
    with _wide(amount, places):
        return pattern.apply(amount, parsed, currency=currency, currency_digits=False, decimal_quantization=False)


@pytest.mark.parametrize("locale", LOCALES)
def test_format_money_writes_what_babel_writes(locale: str) -> None:
    compared = 0
    for currency in sorted(MINOR_UNITS):
        for amount in AMOUNTS:
            assert format_money(amount, currency, locale) == _babel_money(amount, currency, locale), (currency, amount)
            compared += 1
    assert compared == len(MINOR_UNITS) * len(AMOUNTS) > 1000


@pytest.mark.parametrize("locale", LOCALES)
def test_numbers_write_what_babel_writes(locale: str) -> None:
    for amount in AMOUNTS:
        unsigned = amount.copy_abs() if amount.is_zero() else amount
        with _wide(unsigned, 3):
            assert format_amount(amount, 3, locale) == format_decimal(
                unsigned, format="#,##0.000", locale=locale, decimal_quantization=False)
            assert format_percent(amount, locale) == format_decimal(
                unsigned, format="#,##0.00", locale=locale, decimal_quantization=False) + "%"
        with _wide(unsigned):
            places = max(0, -unsigned.normalize().as_tuple().exponent) if unsigned else 0
            assert format_quantity(amount, locale) == format_decimal(
                unsigned, format="#,##0" + ("." + "0" * places if places else ""), locale=locale,
                decimal_quantization=False)


# --- the engine: integer ratios and positional line sums ----------------------------------------------------------

import random  # noqa: E402
from fractions import Fraction  # noqa: E402

from quotewright.domain.money import _ROUNDING, _quantum, round_ratio  # noqa: E402
from quotewright.domain.result import LINE_NAMES, Charge, Lines  # noqa: E402


def _fraction_ratio(numerator: Decimal, denominator: Decimal, places: int) -> Decimal:
    """round_ratio as it was: through a Fraction, half away from zero."""
    exact = Fraction(numerator) / Fraction(denominator) * (10**places)
    whole, remainder = divmod(abs(exact.numerator), exact.denominator)
    if 2 * remainder >= exact.denominator:
        whole += 1
    signed = Decimal(-whole if exact < 0 else whole)
    return signed.scaleb(-places, context=_ROUNDING).quantize(_quantum(places), context=_ROUNDING)


def test_round_ratio_equals_the_fraction_way() -> None:
    draw = random.Random(20261201)
    cases = [(Decimal(n), Decimal(d)) for n, d in (("-0", "3"), ("0.5", "1"), ("-0.5", "1"), ("-1.5", "-1"),
                                                  ("1E+50", "7"), ("2", "-3"), ("1", "3"), ("-2.5", "0.5"))]
    cases += [(Decimal(draw.randint(-10**15, 10**15)).scaleb(-draw.randint(0, 14)),
               Decimal(draw.choice((-1, 1)) * draw.randint(1, 10**9)).scaleb(draw.randint(-8, 4)))
              for _ in range(20_000)]
    for numerator, denominator in cases:
        for places in (0, 2, 3, 8):
            fast, slow = round_ratio(numerator, denominator, places), _fraction_ratio(numerator, denominator, places)
            assert (fast, str(fast)) == (slow, str(slow)), (numerator, denominator, places)
    with pytest.raises(ZeroDivisionError):
        round_ratio(Decimal(1), Decimal(0), 2)


def test_lines_sum_by_position_in_the_order_of_line_names() -> None:
    assert Lines._fields == LINE_NAMES  # the totals read the charges by position
    many = [Lines(*(Charge(Decimal(f"{i}.{j}1"), Decimal(f"{j}.{i}")) for j in range(5))) for i in range(1, 4)]
    summed = Lines.summed(many)
    for name in LINE_NAMES:
        assert summed.charge(name) == Charge(sum(lines.charge(name).list for lines in many),
                                             sum(lines.charge(name).net for lines in many))
    assert summed.total == sum(summed.charge(name).net for name in LINE_NAMES)
    assert summed.list_total == sum(summed.charge(name).list for name in LINE_NAMES)
    assert Lines.summed([]) == Lines()


# --- the engine: figures computed when read, caches across pricings -------------------------------------------

import threading  # noqa: E402
from decimal import ROUND_HALF_UP, localcontext  # noqa: E402

from quotewright.domain import price_quote  # noqa: E402
from quotewright.domain.charges import Terms  # noqa: E402
from quotewright.domain.forecast import compounds, forecast  # noqa: E402
from quotewright.domain.money import EXACT, ONE, round_money  # noqa: E402
from quotewright.domain.pricing import _draw_included, price_case  # noqa: E402
from quotewright.domain.result import CASE_FIELDS, PricedCase  # noqa: E402


def _pricings() -> list[tuple[str, Any, Any]]:
    """Every sample, and each with a ramp, protection and typed packs."""
    found = []
    for sample in samples():
        loaded = load_quote(sample.quote)
        found.append((sample.name, loaded.catalog, loaded.quote))
    variants = [model for name, model in VARIANTS if name.endswith("ramp and protection")]
    found += [(f"{name} varied", catalog, quote) for (name, catalog, _), quote in zip(list(found), variants)]
    with_scenarios = []
    for name, catalog, quote in found:  # every one with scenarios, so deferred cases are really tried
        if not quote.scenario_multipliers:
            data = quote.model_dump(mode="json")
            data["scenario_multipliers"] = {"low": "0.5", "high": "2.5"}
            quote = Quote.model_validate(data)
        with_scenarios.append((name, catalog, quote))
    return with_scenarios


PRICINGS = _pricings()


def _eager(catalog, quote, name: str, multiplier: Decimal) -> tuple:
    """Every figure of one case, priced and read at once, the plain way."""
    with localcontext(EXACT):
        terms = Terms.of(catalog, quote)
        usage = forecast(catalog, quote, multiplier)
        packs = price_quote(catalog, quote).credit_packs_per_year
        case = price_case(name, multiplier, terms, usage, _draw_included(terms, usage), packs, catalog, quote)
        return case.figures()


@pytest.mark.parametrize("name, catalog, quote", PRICINGS, ids=[name for name, _, _ in PRICINGS])
def test_a_case_read_late_or_in_any_order_equals_one_priced_at_once(name, catalog, quote) -> None:
    priced = price_quote(catalog, quote)
    assert priced.scenarios
    for case_name, case in priced.scenarios.items():
        assert {f for f in CASE_FIELDS if f in case._values} == set(), "a scenario is priced only when read"
        plain = _eager(catalog, quote, case_name, case.multiplier)
        # read outside the exact context, the derived figures first, the months last
        with localcontext() as context:
            context.prec = 5
            values = {field: getattr(case, field) for field in reversed(CASE_FIELDS)}
        assert (case.name, case.multiplier, *(values[f] for f in CASE_FIELDS)) == plain
        assert repr(values["totals"]) == repr(plain[4]), "the same digits, not only equal values"
    assert priced.expected.figures() == _eager(catalog, quote, "expected", ONE)
    assert price_quote(catalog, quote) == priced  # equality reads every figure of both


def test_threads_reading_one_deferred_case_all_see_the_same_figures() -> None:
    _, catalog, quote = next(p for p in PRICINGS if p[0] == "support-agent")
    plain = _eager(catalog, quote, "high", quote.scenario_multipliers["high"])
    for _ in range(5):
        case = price_quote(catalog, quote).scenarios["high"]
        seen: list = []
        threads = [threading.Thread(target=lambda: seen.append(case.figures())) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert seen == [plain] * 4


def test_a_case_refuses_unknown_or_missing_figures() -> None:
    with pytest.raises(TypeError, match="no field 'month'"):
        PricedCase("expected", ONE, month=())
    with pytest.raises(TypeError, match="needs 'years'"):
        PricedCase("expected", ONE, months=(), totals=None, invoices=(), work_units=())


def test_compounds_are_exact_whatever_the_callers_context_and_kept() -> None:
    compounds.cache_clear()
    with localcontext() as context:
        context.prec = 3  # a cached value made here must not be rounded
        low = compounds(Decimal("3.3"), 24)
    with localcontext(EXACT):
        expected = [ONE]
        for _ in range(23):
            expected.append(expected[-1] * Decimal("1.033"))
    assert list(low) == expected and len(str(low[-1])) > 30
    assert compounds(Decimal("3.3"), 24) is low  # the next pricing reuses it


def test_round_money_rounds_half_away_from_zero_in_any_places() -> None:
    for text in ("2.345", "-2.345", "0.005", "-0.005", "12", "1E+3", "0.0000000001"):
        value = Decimal(text)
        for places in (0, 2, 3, 4, 9, 12):
            expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            got = round_money(value, places)
            assert (got, str(got)) == (expected, str(expected)), (text, places)


def test_the_decimal_window_counts_what_the_fraction_window_counts() -> None:
    from quotewright.domain.packs import _decimal_window, _window

    draw = random.Random(1214)
    tried = 0
    with localcontext(EXACT):
        for _ in range(20_000):
            first = draw.randint(0, 50)
            last = first + draw.choice((0, 1, 2, 7, 300))
            values = [Decimal(draw.randint(0, 10**6)).scaleb(-draw.choice((0, 2, 4))) for _ in range(4)]
            if draw.random() < 0.1:  # a flat piece: the packs part rises exactly as the overage part falls
                values[3] = values[0] + values[1] - values[2]
            low_first, low_last = (values[0], values[1]), (values[2], values[3])
            unit = Decimal("0.01")
            limit = min(values[0] + values[1], values[2] + values[3]) + Decimal(draw.randint(-500, 5000)).scaleb(-2)
            for exact in (True, False):
                assert _decimal_window(first, last, low_first, low_last, limit, unit, exact) == _window(
                    first, last, low_first, low_last, limit, unit, exact), (first, last, values, limit)
                tried += 1
    assert tried == 40_000
