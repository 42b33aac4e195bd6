"""The proposal's "Spend protection" section and ramps, read back from the
PDF: the cap and what it means, the alerts and the months each usage case
reaches them, shown only for a quote with spend protection; a usage or
outcome series described as the usage it is; nothing internal (per-unit
revenue, cost, margin) ever printed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from builders import northwind_catalog, quote_data
from pdf_reader import page_texts, squeezed
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Branding, Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import render_proposal
from quotewright.domain.catalog import WorkUnit
from quotewright.exporters.pdf.describe import MAX_STEPS, ramp_text, series_steps
from quotewright.formatting import format_money, format_month, format_percent, format_phrase, format_quantity
from quotewright.storage.templates import load_template

SETTINGS = Settings(branding=Branding(company_name="Northwind AI"))
RAMP = ["2000"] * 3 + ["26000"] * 9
PROTECTION = {"overage_cap_monthly": "60", "alert_percents": ["50", "80", "100"]}


def ramp_quote(**changes) -> dict:
    data = quote_data(
        usage=[{"work_unit": "doc_summary", "series": RAMP}, {"work_unit": "workflow", "monthly": "900",
                                                             "growth_percent": "4"}],
        seats=8, credit_packs_per_year=[2], discounts={"overage_percent": "10"}, spend_protection=PROTECTION)
    data.update(changes)
    return data


def job_of(data: dict) -> ExportJob:
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(data)
    return ExportJob(catalog, quote, price_quote(catalog, quote))


def text_of(job: ExportJob, tmp_path, template: str = "full") -> list[str]:
    path = tmp_path / f"{template}.pdf"
    path.write_bytes(render_proposal(job, SETTINGS, load_template(template), today=dt.date(2026, 11, 24),
                                     invariant=True))
    return page_texts(path)


HEADINGS = ("Usage assumptions", "Credit burn over the term", "Spend protection", "Low, expected and high usage",
            "Your options", "Outcome-based add-ons", "Invoice schedule")


def section(pages: list[str], title: str) -> str:
    """The text from the heading `title` of the full template to the next
    section's heading."""
    text = "\n".join(pages)
    start = text.index(f"\n{title}\n")
    ends = [text.find(f"\n{other}\n", start + 1) for other in HEADINGS[HEADINGS.index(title) + 1:]]
    return text[start:min(end for end in ends if end >= 0)]


def months_text(job: ExportJob, case, percent: Decimal) -> str:
    start = job.quote.start_date
    labels = [format_month(start, a.month) if start else f"month {a.month}" for a in case.alerts
              if a.percent == percent]
    return ", ".join(labels) or "not reached"


def test_the_section_shows_the_cap_and_each_case_s_alert_months(tmp_path):
    job = job_of(ramp_quote(scenario_multipliers={"low": "0.5", "high": "1.5"}, start_date="2026-03-01"))
    priced = job.priced
    assert priced.totals.overage_waived > 0, "the case must have the cap waive something"
    flat = squeezed(section(text_of(job, tmp_path), "Spend protection"))
    cap = format_money(Decimal(PROTECTION["overage_cap_monthly"]), "USD")
    assert squeezed(f"Overage is capped at {cap} a month") in flat
    assert squeezed(f"never billed above {cap} in any month") in flat
    assert squeezed("still served in full") in flat
    assert squeezed(f"the cap saves {format_money(priced.totals.overage_waived, 'USD')} of overage") in flat
    percents = [format_percent(Decimal(p)) for p in PROTECTION["alert_percents"]]
    assert squeezed(f"reaches {percents[0]}, {percents[1]} and {percents[2]} of that year's credits") in flat
    # Columns lowest usage first, each naming its multiplier; the rows read across them.
    assert squeezed("low (0.5x)Expected usagehigh (1.5x)") in flat
    cases = [priced.scenarios["low"], priced.expected, priced.scenarios["high"]]
    waived = "".join(format_money(case.totals.overage_waived, "USD") for case in cases)
    assert waived in flat
    for percent in map(Decimal, PROTECTION["alert_percents"]):
        row = format_percent(percent) + "alert" + "".join(squeezed(months_text(job, c, percent)) for c in cases)
        assert row in flat, row
    assert "notreached" in flat, "the low case must leave an alert unreached"
    assert any("2026" in months_text(job, priced.expected, Decimal(p)) for p in PROTECTION["alert_percents"])


def test_without_a_start_date_the_months_are_months_of_the_term(tmp_path):
    job = job_of(ramp_quote())
    flat = squeezed(section(text_of(job, tmp_path), "Spend protection"))
    assert job.priced.expected.alerts
    for alert in job.priced.expected.alerts:
        assert squeezed(f"{format_percent(alert.percent)} alert month {alert.month}") in flat
    assert squeezed("Expected usage") in flat and "(1.5x)" not in flat


def test_a_cap_alone_and_alerts_alone(tmp_path):
    capped = job_of(ramp_quote(spend_protection={"overage_cap_monthly": "60"}))
    text = squeezed(section(text_of(capped, tmp_path), "Spend protection"))
    assert squeezed("Overage is capped at") in text and "alerted" not in text and "alert" not in text
    alerted = job_of(ramp_quote(spend_protection={"alert_percents": ["75"]}))
    text = squeezed(section(text_of(alerted, tmp_path), "Spend protection"))
    assert "capped" not in text and squeezed(f"reaches {format_percent(Decimal('75'))} of that year") in text


def test_a_cap_that_waives_nothing_says_so(tmp_path):
    job = job_of(ramp_quote(spend_protection={"overage_cap_monthly": "100000"}))
    assert job.priced.totals.overage_waived == 0
    text = squeezed(section(text_of(job, tmp_path), "Spend protection"))
    assert squeezed("overage stays within the cap every month") in text and "thecapsaves" not in text


@pytest.mark.parametrize("template", ["full", "summary"])
def test_no_spend_protection_no_section(tmp_path, template):
    data = ramp_quote()
    del data["spend_protection"]
    text = "\n".join(text_of(job_of(data), tmp_path, template))
    assert "Spend protection" not in text and "alert" not in text.lower() and "capped" not in text


def test_the_one_page_summary_keeps_the_promise_in_sentences_on_one_page(tmp_path):
    data = ramp_quote(scenario_multipliers={"low": "0.5", "high": "1.5"}, start_date="2026-03-01")
    job = job_of(data)
    pages = text_of(job, tmp_path, "summary")
    assert len(pages) == 1
    flat = squeezed(pages[0])
    cap = format_money(Decimal(PROTECTION["overage_cap_monthly"]), "USD")
    assert squeezed(f"Overage is capped at {cap} a month") in flat
    fired = ", ".join(f"{format_percent(a.percent)} in {format_month(job.quote.start_date, a.month)}"
                      for a in job.priced.expected.alerts)
    assert squeezed(f"the alerts come at {fired}.") in flat


def test_the_one_page_summary_stays_one_page_with_protection_and_a_long_ramp(tmp_path):
    series = [str(1000 + 37 * month) for month in range(120)]  # a different value every month
    protection = {"overage_cap_monthly": "60", "alert_percents": [str(p) for p in range(10, 101, 10)]}
    data = ramp_quote(term_months=120, usage=[{"work_unit": "doc_summary", "series": series}],
                      credit_packs_per_year="auto", scenario_multipliers={"low": "0.5", "high": "1.5"},
                      spend_protection=protection)
    job = job_of(data)
    assert len(text_of(job, tmp_path, "summary")) == 1
    full = text_of(job, tmp_path, "full")
    assert all(f"Page {n} of {len(full)}" in page for n, page in enumerate(full, 1))


def test_nothing_internal_reaches_the_customer(tmp_path):
    job = job_of(ramp_quote(scenario_multipliers={"low": "0.5", "high": "1.5"}))
    priced = job.priced
    assert priced.expected.unit_margins, "the quote must have per-unit margins to hide"
    text = "\n".join(text_of(job, tmp_path)) + "\n".join(text_of(job, tmp_path, "summary"))
    lowered = text.lower()
    for word in ("margin", "cost to serve", "unallocated", "revenue", "approval"):
        assert word not in lowered, word
    for unit in priced.expected.unit_margins:
        for secret in (format_money(unit.revenue, "USD"), format_money(unit.cost_to_serve, "USD"),
                       format_percent(unit.gross_margin_percent)):
            assert secret not in text, (unit.work_unit, secret)
    assert format_money(priced.totals.cost_to_serve, "USD") not in text
    for warning in priced.warnings:
        assert format_phrase(warning.message)[:40] not in text


def test_a_ramp_reads_as_its_steps_in_the_usage_assumptions(tmp_path):
    job = job_of(ramp_quote())
    flat = squeezed(section(text_of(job, tmp_path), "Usage assumptions"))
    low, high = format_quantity(Decimal(RAMP[0])), format_quantity(Decimal(RAMP[-1]))
    unit = job.catalog.work_unit("doc_summary")
    assert squeezed(f"Document summarized: months 1-3: {low} {unit.units} a month; "
                    f"from month 4: {high} {unit.units} a month.") in flat
    # The growing line keeps its month 1 and growth; the ramp's row points to its steps.
    assert squeezed(f"{format_quantity(Decimal('900'))}{format_percent(Decimal('4'))}") in flat
    assert squeezed(f"{low}Ramp, below") in flat


def test_a_ramp_of_many_steps_reads_month_by_month(tmp_path):
    series = [str(500 * month) for month in range(1, 13)]
    job = job_of(ramp_quote(usage=[{"work_unit": "doc_summary", "series": series}], start_date="2027-01-01"))
    flat = squeezed(section(text_of(job, tmp_path), "Usage assumptions"))
    assert squeezed("Document summarized, month by month:") in flat
    for month, value in enumerate(series, 1):
        assert squeezed(format_month(job.quote.start_date, month)) + squeezed(format_quantity(Decimal(value))) in flat


def test_an_outcome_ramp_reads_as_its_steps(tmp_path):
    outcome_series = ["0"] * 2 + ["150"] * 10
    job = job_of(ramp_quote(outcomes=[{"outcome": "resolved", "series": outcome_series}]))
    flat = squeezed(section(text_of(job, tmp_path), "Outcome-based add-ons"))
    unit = job.catalog.work_unit(job.catalog.outcome("resolved").work_unit)
    zero, count = format_quantity(Decimal("0")), format_quantity(Decimal("150"))
    assert squeezed(f"months 1-2: {zero} {unit.units} a month; from month 3: {count} {unit.units} a month") in flat


def test_steps_are_runs_of_equal_values():
    values = [Decimal(v) for v in ("5", "5.0", "7", "5", "5")]
    assert series_steps(values) == [(1, 2, Decimal("5")), (3, 3, Decimal("7")), (4, 5, Decimal("5"))]
    many = [Decimal(v) for v in range(MAX_STEPS + 1)]
    assert len(series_steps(many)) == MAX_STEPS + 1


def test_ramp_text_names_single_months_and_flat_series():
    class Context:  # just what ramp_text formats with
        @staticmethod
        def quantity(value):
            return format_quantity(Decimal(value))

    assert ramp_text(Context, [Decimal("3")] * 4) == "3 every month"
    call = WorkUnit(id="call", name="Call", unit="call", credits=1, cost_to_serve=0, autonomy=1, attribution=1)
    assert ramp_text(Context, [Decimal(v) for v in ("1", "2", "2", "9")], call) == (
        "month 1: 1 call a month; months 2-3: 2 calls a month; from month 4: 9 calls a month")
    assert ramp_text(Context, [Decimal(v) for v in range(MAX_STEPS + 1)]) is None
