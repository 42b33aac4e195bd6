"""Issue 12 items 5, 6 and 7: the one-page summary carries every rate the
customer signs for and the usage behind the forecast, and stays one page
at 120 months; committed and estimated usage-based fees are shown apart
wherever the contract value is; an expired quote is marked EXPIRED."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest

from conftest import sample_names
from pdf_reader import page_texts, squeezed
from quotewright.domain import Quote, price_quote
from quotewright.domain.commitment import committed_and_estimated, split_lines
from quotewright.domain.scenario_order import cases_in_order
from quotewright.domain.settings import Branding, Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import OPTIONS, render_proposal
from quotewright.exporters.pdf.describe import schedule_lines
from quotewright.exporters.pdf.context import ProposalContext
from quotewright.formatting import format_money, format_quantity
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.storage.templates import load_template
from tools import require_tool

SETTINGS = Settings(rep_name="Sam Rivera", branding=Branding(company_name="Northwind AI"))
TODAY = dt.date(2026, 11, 24)


def job_for(name: str, **changes) -> ExportJob:
    loaded = load_quote(sample(name).quote)
    data = {**loaded.quote.model_dump(), **changes}
    packs = data["credit_packs_per_year"]
    if "term_months" in changes and isinstance(packs, list):  # one count a year: the last one carries on
        years = -(-changes["term_months"] // 12)
        data["credit_packs_per_year"] = (packs + [packs[-1]] * years)[:years]
    quote = Quote.model_validate(data) if changes else loaded.quote
    return ExportJob(loaded.catalog, quote, price_quote(loaded.catalog, quote))


def write(job: ExportJob, path, template: str = "summary", today: dt.date = TODAY, **options):
    path.write_bytes(render_proposal(job, SETTINGS, load_template(template), today=today, invariant=True, **options))
    return path


def pdfinfo_pages(path) -> int:
    result = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", result.stdout, re.MULTILINE).group(1))


@pytest.mark.parametrize("name", sample_names())
def test_the_summary_carries_every_rate_and_the_usage_behind_the_forecast(name, tmp_path):
    job = job_for(name)
    flat = squeezed("\n".join(page_texts(write(job, tmp_path / "s.pdf"))))
    catalog, quote = job.catalog, job.quote
    plan = catalog.plan(quote.plan)
    context = ProposalContext(job, SETTINGS, load_template("summary"), TODAY)
    expected = [context.money(plan.platform_fee), context.quantity(plan.included_credits)]
    expected += schedule_lines(context, plan.overage, "credit")
    if plan.seat_price is not None:
        expected += schedule_lines(context, plan.seat_price, "seat", per=" per month")
    if plan.credit_pack is not None:
        expected += schedule_lines(context, plan.credit_pack.price, "credit")
    for line in quote.outcomes:
        outcome = catalog.outcome(line.outcome)
        unit = catalog.work_unit(outcome.work_unit)
        expected += schedule_lines(context, outcome.price, unit.unit, unit.unit_plural)
        for bound in (outcome.minimum_monthly, outcome.cap_monthly):
            if bound:
                expected.append(context.money(bound))
    for line, total in zip(quote.usage, job.priced.expected.work_units):
        if total.quantity:
            unit = catalog.work_unit(line.work_unit)
            expected += [unit.name, f"{context.quantity(total.quantity)} {unit.unit_for(total.quantity)}"]
    for text in expected:
        assert squeezed(text) in flat, text


@pytest.mark.parametrize("name", sample_names())
def test_the_summary_stays_one_page_for_a_120_month_term(name, tmp_path):
    job = job_for(name, term_months=120)
    path = write(job, tmp_path / "long.pdf")
    assert pdfinfo_pages(path) == 1
    text = page_texts(path)
    assert len(text) == 1
    flat = squeezed(text[0])
    assert squeezed("Year 10") in flat and squeezed("Acceptance") in flat
    assert squeezed(format_money(job.priced.totals.tcv, job.priced.currency)) in flat


@pytest.mark.parametrize("template", ["full", "summary"])
@pytest.mark.parametrize("name", sample_names())
def test_committed_and_estimated_fees_stand_beside_every_contract_value(name, template, tmp_path):
    job = job_for(name, scenario_multipliers={"low": "0.5", "high": "2"})
    options = {"optional_sections": [OPTIONS]} if template == "full" else {}
    text = "\n".join(page_texts(write(job, tmp_path / "p.pdf", template, **options)))
    flat = squeezed(text)
    currency = job.priced.currency
    committed, estimated = committed_and_estimated(job.priced.expected)
    assert committed + estimated == job.priced.totals.tcv
    sentence = (f"Of the total contract value of {format_money(job.priced.totals.tcv, currency)}, "
                f"{format_money(committed, currency)} is committed fees")
    assert squeezed(sentence) in flat, "the summary says how much is committed"
    assert squeezed(format_money(estimated, currency)) in flat
    for year in job.priced.years:  # each year's price in its two parts
        year_committed, year_estimated = split_lines(year.lines)
        assert squeezed(format_money(year_committed, currency) + format_money(year_estimated, currency)) in flat
    if template == "full":
        cover = squeezed(page_texts(tmp_path / "p.pdf")[0])
        assert squeezed(f"Committed fees{format_money(committed, currency)}") in cover
        assert squeezed(f"Estimated usage-based fees{format_money(estimated, currency)}") in cover
        for case in cases_in_order(job.priced):  # the low / high table and the options table split theirs
            case_committed, case_estimated = committed_and_estimated(case)
            assert squeezed(format_money(case_committed, currency) + format_money(case_estimated, currency)) in flat
        assert flat.count(squeezed("Estimated usage-based fees")) >= 2, "the cover and 'Your options'"


def test_an_expired_quote_is_marked_on_the_cover_and_every_page(tmp_path):
    job = job_for("token-api")
    valid_until = job.quote.valid_until
    assert valid_until is not None
    expired = page_texts(write(job, tmp_path / "expired.pdf", "full", today=valid_until + dt.timedelta(days=1)))
    current = page_texts(write(job, tmp_path / "current.pdf", "full", today=valid_until))
    for page in expired:
        assert "EXPIRED - this proposal was valid until" in page
    assert "ask for a current proposal before signing" in expired[0]
    assert not any("EXPIRED" in page for page in current), "valid through its last day"
    summary = page_texts(write(job, tmp_path / "expired-summary.pdf", today=valid_until + dt.timedelta(days=30)))
    assert len(summary) == 1 and summary[0].count("EXPIRED") >= 2  # the page mark and the notice
    assert "This proposal was valid until" in summary[0]


def test_a_quote_without_a_validity_date_never_expires(tmp_path):
    job = job_for("token-api", valid_until=None)
    pages = page_texts(write(job, tmp_path / "undated.pdf", "full", today=dt.date(2099, 1, 1)))
    assert not any("EXPIRED" in page for page in pages)


def test_the_usage_rows_count_in_the_units_words(tmp_path):
    job = job_for("seat-copilot")
    context = ProposalContext(job, SETTINGS, load_template("summary"), TODAY)
    from quotewright.exporters.pdf.sections_rates import usage_rows

    rows, left_out = usage_rows(context)
    first = job.quote.usage[0]
    unit = job.catalog.work_unit(first.work_unit)
    assert rows[0][1] == f"{format_quantity(Decimal(first.monthly))} {unit.units}" and left_out == 0


def test_a_quote_of_many_work_units_lists_the_largest_on_the_one_page(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from support import large_catalog, large_quote
    from quotewright.exporters.pdf.sections_rates import MAX_USAGE_ROWS, usage_rows

    catalog, quote = large_catalog(60), large_quote(60, 24)
    job = ExportJob(catalog, quote, price_quote(catalog, quote))
    context = ProposalContext(job, SETTINGS, load_template("summary"), TODAY)
    rows, left_out = usage_rows(context, MAX_USAGE_ROWS)
    used = [total for total in job.priced.expected.work_units if total.quantity]
    assert left_out == len(used) - MAX_USAGE_ROWS > 0
    unit_rows = rows[:MAX_USAGE_ROWS]
    smallest_shown = min(total.credits for line, total in zip(quote.usage, job.priced.expected.work_units)
                         if catalog.work_unit(line.work_unit).name in {row[0] for row in unit_rows})
    assert all(total.credits <= smallest_shown for line, total in zip(quote.usage, job.priced.expected.work_units)
               if catalog.work_unit(line.work_unit).name not in {row[0] for row in unit_rows})
    path = write(job, tmp_path / "many.pdf")
    text = squeezed(page_texts(path)[0])
    assert pdfinfo_pages(path) == 1 and squeezed(f"{left_out} more work units with less usage") in text
