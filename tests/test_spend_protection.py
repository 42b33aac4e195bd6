"""Spend protection (PRICING.md 10): the overage cap, credit alerts and their
warnings, one behaviour at a time; and bad input through the command line.

Expected figures come from the rules: schedules priced through the catalog,
rounding through domain/money.py, never typed-in prices.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from builders import northwind_catalog, per_unit, quote_data, simple_catalog, simple_quote, tiered
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.errors import InvalidInput
from quotewright.domain.money import round_money
from quotewright.domain.report import priced_to_json
from quotewright.text_report import render_text


def price(catalog: dict, quote: dict):
    return price_quote(Catalog.model_validate(catalog), Quote.model_validate(quote))


def overage_catalog(**changes) -> dict:
    return simple_catalog(included_credits="100", overage=per_unit("0.013"), **changes)


def test_the_cap_bounds_list_and_net_and_says_what_it_waived():
    # 100 included; needs of 1,100 .. 12,100 credits make overage of 1,000 .. 12,000
    quote = simple_quote(term_months=3, discounts={"overage_percent": "10"}, spend_protection={"overage_cap_monthly": "100"})
    quote["usage"] = [{"work_unit": "u", "series": ["1100", "8100", "12100"]}]
    months = price(overage_catalog(), quote).months
    unit_price, net_factor, cap = D("0.013"), D("0.9"), D("100")
    for month in months:
        exact = month.credits.overage * unit_price
        net = round_money(exact * net_factor, 2)
        assert month.lines.overage.list == round_money(min(exact, cap), 2)
        assert month.lines.overage.net == round_money(min(exact * net_factor, cap), 2)
        assert month.overage_waived == net - month.lines.overage.net
    first, second, third = months
    assert first.overage_waived == 0 and first.lines.overage.list < cap  # under the cap: untouched
    assert second.lines.overage.list == cap and second.lines.overage.net < cap  # only the list is capped
    assert second.overage_waived == 0
    assert third.lines.overage.net == cap and third.overage_waived > 0
    assert third.credits.overage == 12000 and third.cost_to_serve == round_money(D(12100) * D("0.001"), 2)


def test_waived_overage_sums_into_the_totals_and_a_warning():
    quote = simple_quote("5100", term_months=14, spend_protection={"overage_cap_monthly": "20"})
    priced = price(overage_catalog(), quote)
    uncapped = price(overage_catalog(), simple_quote("5100", term_months=14))
    assert all(m.lines.overage.net == 20 for m in priced.months)
    assert priced.totals.overage_waived == sum(m.overage_waived for m in priced.months)
    assert priced.totals.overage_waived == uncapped.totals.tcv - priced.totals.tcv
    warning = next(w for w in priced.warnings if w.code == "overage_capped")
    assert "USD 20.00 a month" in warning.message and f"USD {priced.totals.overage_waived:,.2f}" in warning.message
    assert "14 months" in warning.message
    data = priced_to_json(priced)
    assert D(data["totals"]["overage_waived"]) == priced.totals.overage_waived
    assert [D(m["overage_waived"]) for m in data["months"]] == [m.overage_waived for m in priced.months]
    assert data["spend_protection"] == {"overage_cap_monthly": "20.00", "alert_percents": []}


def test_a_cap_of_zero_waives_all_overage_and_no_cap_waives_nothing():
    capped = price(overage_catalog(), simple_quote("500", spend_protection={"overage_cap_monthly": "0"}))
    assert capped.totals.lines.overage.net == 0 and capped.totals.lines.overage.list == 0
    assert capped.totals.overage_credits == 400 * 12  # the credits are still served
    alerts_only = price(overage_catalog(), simple_quote("500", spend_protection={"alert_percents": ["50"]}))
    plain = price(overage_catalog(), simple_quote("500"))
    assert alerts_only.totals.tcv == plain.totals.tcv and alerts_only.totals.overage_waived == 0
    assert not [w for w in alerts_only.warnings if w.code == "overage_capped"]


def test_the_auto_pack_search_prices_the_capped_overage():
    # Without a cap, packs are cheaper than overage; with a small cap the
    # overage is, so "auto" buys none. Both counts checked against every
    # count priced as a typed quote.
    catalog = overage_catalog(credit_pack={"size": "1000", "price": per_unit("0.008")})
    usage = {"usage": [{"work_unit": "u", "monthly": "3100"}]}

    def year_cost(protection: dict | None, packs) -> D:
        extra = {"spend_protection": protection} if protection else {}
        year = price(catalog, simple_quote(credit_packs_per_year=packs, **usage, **extra)).years[0]
        return year.lines.credit_packs.net + year.lines.overage.net

    for protection in (None, {"overage_cap_monthly": "5"}):
        chosen = price(catalog, simple_quote(credit_packs_per_year="auto", **usage,
                                             **({"spend_protection": protection} if protection else {})))
        costs = {n: year_cost(protection, n) for n in range(0, 40)}
        best = min(costs, key=lambda n: (costs[n], n))
        assert chosen.credit_packs_per_year == (best,)
    assert price(catalog, simple_quote(credit_packs_per_year="auto", **usage)).credit_packs_per_year == (36,)
    capped = price(catalog, simple_quote(credit_packs_per_year="auto", spend_protection={"overage_cap_monthly": "5"}, **usage))
    assert capped.credit_packs_per_year == (0,)


def test_the_search_cuts_a_run_where_the_capped_overage_bends():
    # One month of 50,000 credits over a graduated overage: the pack count
    # where the overage falls under the cap lies inside a run of counts.
    catalog = simple_catalog(
        included_credits="0",
        overage=tiered("graduated", ("20000", "0.01"), (None, "0.008")),
        credit_pack={"size": "700", "price": tiered("volume", ("14000", "0.0095"), (None, "0.0088"))},
    )
    quote = simple_quote(term_months=1, credit_packs_per_year="auto", spend_protection={"overage_cap_monthly": "123.45"})
    quote["usage"] = [{"work_unit": "u", "series": ["50000"]}]
    from quotewright.domain.charges import Terms
    from quotewright.domain.spend import cap_cut

    # Packs 43..71 leave month 1 partly served inside the overage's lower
    # tier; the net overage 0.01 x (50,000 - 700 n) reaches 123.45 at n = 54.
    terms = Terms.of(Catalog.model_validate(catalog), Quote.model_validate(quote))
    assert cap_cut(terms, [D(50000)], 43, 71) == 54
    chosen = price(catalog, quote).credit_packs_per_year[0]
    costs = {}
    for n in range(0, 75):
        year = price(catalog, {**quote, "credit_packs_per_year": n}).years[0]
        costs[n] = year.lines.credit_packs.net + year.lines.overage.net
    assert chosen == min(costs, key=lambda n: (costs[n], n))


def test_alerts_fire_once_a_year_in_the_first_month_that_reaches_them():
    # 1,000 included a month plus 2 packs of 3,000: a 12-month allowance of 18,000.
    catalog = simple_catalog(included_credits="1000", overage=per_unit("0.01"),
                             credit_pack={"size": "3000", "price": per_unit("0.001")})
    quote = simple_quote("2000", term_months=18, credit_packs_per_year=[2, 0],
                         spend_protection={"alert_percents": ["10", "11", "50", "100"]})
    priced = price(catalog, quote)
    year1 = D(1000 * 12 + 2 * 3000)
    year2 = D(1000 * 6)
    expected = []
    for year, allowance, months in ((1, year1, range(1, 13)), (2, year2, range(13, 19))):
        pending = [D("10"), D("11"), D("50"), D("100")]
        used = D(0)
        for month in months:
            used += 2000
            while pending and used * 100 >= allowance * pending[0]:
                expected.append((pending.pop(0), year, month))
    assert [(a.percent, a.year, a.month) for a in priced.expected.alerts] == expected
    assert expected[:2] == [(D("10"), 1, 1), (D("11"), 1, 1)]  # same month: lower percent first
    assert [a["month"] for a in priced_to_json(priced)["alerts"]] == [month for _, _, month in expected]
    run_out = [w for w in priced.warnings if w.code == "credits_run_out"]
    assert [w.year for w in run_out] == [1, 2]
    assert "month 9" in run_out[0].message and "month 15" in run_out[1].message


def test_no_alert_in_a_year_without_credits_and_scenarios_carry_their_own():
    catalog = simple_catalog(included_credits="0", overage=per_unit("0.01"))
    quiet = price(catalog, simple_quote("100", spend_protection={"alert_percents": ["50"]}))
    assert quiet.expected.alerts == () and not [w for w in quiet.warnings if w.code == "credits_run_out"]

    catalog = simple_catalog(included_credits="1000", overage=per_unit("0.01"))
    quote = simple_quote("600", scenario_multipliers={"high": "2"}, spend_protection={"alert_percents": ["50", "100"]})
    priced = price(catalog, quote)
    assert [(a.percent, a.month) for a in priced.expected.alerts] == [(50, 10)]  # 6,000 of 12,000 by month 10
    assert [(a.percent, a.month) for a in priced.scenarios["high"].alerts] == [(50, 5), (100, 10)]
    scenario = priced_to_json(priced)["scenarios"]["high"]
    assert scenario["alerts"] == [{"percent": "50", "year": 1, "month": 5}, {"percent": "100", "year": 1, "month": 10}]


def test_the_text_report_shows_the_cap_the_waived_overage_and_the_alerts():
    quote = simple_quote("5100", term_months=12, spend_protection={"overage_cap_monthly": "20", "alert_percents": ["50"]})
    priced = price(overage_catalog(), quote)
    text = render_text(priced)
    assert "overage capped at $20.00 a month" in text
    assert f"waived ${priced.totals.overage_waived:,.2f}" in text
    assert "50.00% in year 1, month 1" in text
    assert "INTERNAL" in text and "Revenue" in text


def test_a_cap_with_more_decimals_than_the_currency_is_refused_when_priced():
    catalog = overage_catalog()
    with pytest.raises(InvalidInput) as raised:
        price(catalog, simple_quote(spend_protection={"overage_cap_monthly": "10.005"}))
    assert raised.value.path == "spend_protection.overage_cap_monthly" and "USD" in raised.value.message
    price(catalog, simple_quote(spend_protection={"overage_cap_monthly": "10.050"}))  # trailing zero: 10.05
    yen = {**catalog, "currency": "JPY"}
    with pytest.raises(InvalidInput, match="whole units"):
        price(yen, simple_quote(spend_protection={"overage_cap_monthly": "100.5"}))


@pytest.mark.parametrize(
    ("protection", "field", "words"),
    [
        ({"alert_percents": ["80", "50"]}, "spend_protection.alert_percents[1]", "strictly increase"),
        ({"alert_percents": ["50", "50"]}, "spend_protection.alert_percents[1]", "strictly increase"),
        ({"alert_percents": ["0"]}, "spend_protection.alert_percents[0]", "greater than 0"),
        ({"alert_percents": ["101"]}, "spend_protection.alert_percents[0]", "at most 100"),
        ({"overage_cap_monthly": "-1"}, "spend_protection.overage_cap_monthly", "at least 0"),
        ({"overage_cap_monthly": 1.5}, "spend_protection.overage_cap_monthly", "decimal string"),
        ({"cap": "10"}, "spend_protection.cap", "not a field"),
    ],
)
def test_bad_protection_is_refused_naming_the_field(protection, field, words):
    from pydantic import ValidationError

    from quotewright.domain.errors import describe

    with pytest.raises(ValidationError) as raised:
        Quote.model_validate(simple_quote(spend_protection=protection))
    problem = describe(raised.value)
    assert problem.path == field and words in problem.message


# Bad input through the command line: exit 1, one line naming the file and
# the field, nothing changed on disk.


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _ramp(values: list[str]) -> list[dict]:
    return [{"work_unit": "doc_summary", "series": values}]


BAD_FILES = {
    "series too short": ({"usage": _ramp(["1000"] * 11)}, "usage[0].series", "needs one per month"),
    "series too long": ({"usage": _ramp(["1000"] * 13)}, "usage[0].series", "needs one per month"),
    "series and monthly": (
        {"usage": [{"work_unit": "doc_summary", "monthly": "5", "series": ["1000"] * 12}]},
        "usage[0].series",
        "together with",
    ),
    "outcome series and growth": (
        {"outcomes": [{"outcome": "resolved", "series": ["10"] * 12, "growth_percent": "2"}]},
        "outcomes[0].series",
        "together with",
    ),
    "negative series value": ({"usage": _ramp(["1000"] * 5 + ["-1"] + ["1000"] * 6)}, "usage[0].series[5]", "at least 0"),
    "negative cap": ({"spend_protection": {"overage_cap_monthly": "-0.01"}}, "spend_protection.overage_cap_monthly", "at least 0"),
    "cap in tenths of a cent": (
        {"spend_protection": {"overage_cap_monthly": "12.345"}},
        "spend_protection.overage_cap_monthly",
        "decimals",
    ),
    "alerts out of order": (
        {"spend_protection": {"alert_percents": ["50", "100", "80"]}},
        "spend_protection.alert_percents[2]",
        "increase",
    ),
    "alert above 100": ({"spend_protection": {"alert_percents": ["50", "120"]}}, "spend_protection.alert_percents[1]", "100"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
@pytest.mark.parametrize("command", ["price", "export"])
def test_bad_series_and_protection_exit_1_with_one_line(tmp_path, case, command):
    changes, field, words = BAD_FILES[case]
    quote = tmp_path / "quote.json"
    quote.write_text(json.dumps(quote_data(**changes)), encoding="utf-8")
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(northwind_catalog()), encoding="utf-8")
    before = snapshot(tmp_path)
    if command == "price":
        result = run("price", str(quote), "--catalog", str(catalog), "--json")
    else:
        result = run("export", str(quote), "--catalog", str(catalog), "--pdf", str(tmp_path / "out.pdf"))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:500]
    assert f"{quote}: {field}:" in lines[0] and words in lines[0]
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before


def test_a_good_file_with_series_and_protection_prices_through_the_command_line(tmp_path):
    quote = tmp_path / "quote.json"
    data = quote_data(usage=_ramp(["1000"] * 3 + ["30000"] * 9),
                      spend_protection={"overage_cap_monthly": "25", "alert_percents": ["80"]})
    quote.write_text(json.dumps(data), encoding="utf-8")
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(northwind_catalog()), encoding="utf-8")
    result = run("price", str(quote), "--catalog", str(catalog), "--json")
    assert result.returncode == 0, result.stderr
    priced = price(northwind_catalog(), data)
    assert json.loads(result.stdout) == json.loads(json.dumps(priced_to_json(priced)))
    assert priced.totals.overage_waived > 0


def test_a_cap_finer_than_the_currency_is_refused_before_it_is_saved(tmp_path):
    from quotewright.domain.catalog import Catalog
    from quotewright.domain.errors import InvalidInput
    from quotewright.domain.quote import Quote
    from quotewright.storage.documents import load_quote, save_quote
    from quotewright.storage.samples import samples

    loaded = load_quote(samples()[0].quote)
    data = loaded.quote.model_dump(mode="json")
    data["spend_protection"] = {"overage_cap_monthly": "12.345"}
    quote = Quote.model_validate(data)
    target = tmp_path / "capped.json"
    import pytest as _pytest

    with _pytest.raises(InvalidInput) as caught:
        save_quote(target, quote, loaded.catalog)
    assert caught.value.path == "spend_protection.overage_cap_monthly"
    assert not target.exists()
    assert isinstance(loaded.catalog, Catalog)
