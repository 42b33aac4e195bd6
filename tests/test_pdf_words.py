"""Issue 12 item 11: the words of the proposal. Plurals follow English
endings (or a work unit's own plural), counts agree with their words, no
"a 8.00%", no "Ltd..", flat lines say so, an outcome names only the bounds
it has, taxes are stated once whatever the legal text, no promise of
overage protection the quote does not make, no "Your company", and a unit
with no usage is not in the customer's usage table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from builders import northwind_catalog, quote_data
from pdf_reader import page_texts, squeezed
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.catalog import WorkUnit
from quotewright.domain.plurals import plural, unit_word
from quotewright.domain.settings import DEFAULT_TERMS, Branding, Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import PdfExporter, render_proposal
from quotewright.exporters.pdf.markup import fill_markup, without_sentences_naming
from quotewright.formatting import format_money, format_percent, format_quantity
from quotewright.storage.templates import load_template

SETTINGS = Settings(rep_name="Sam Rivera", branding=Branding(company_name="Northwind Ltd."))


@pytest.mark.parametrize(("word", "expected"), [
    ("query", "queries"), ("anomaly", "anomalies"), ("day", "days"), ("key", "keys"), ("box", "boxes"),
    ("search", "searches"), ("wish", "wishes"), ("bus", "buses"), ("quiz", "quizes"), ("email", "emails"),
    ("support ticket", "support tickets"), ("QUERY", "QUERIES"), ("", ""), ("kWh", "kWhs"), ("y", "ys"),
])
def test_the_plural_rule_handles_english_endings(word, expected):
    assert plural(word) == expected


def test_a_count_of_one_is_singular_and_a_units_own_plural_wins():
    assert unit_word("month", True) == "month" and unit_word("month", False) == "months"
    analysis = WorkUnit(id="a", name="Analysis", unit="analysis", unit_plural="analyses", credits=1,
                        cost_to_serve=0, autonomy=1, attribution=1)
    assert analysis.unit_for(1) == "analysis" and analysis.unit_for(2) == "analyses" and analysis.units == "analyses"
    query = WorkUnit(id="q", name="Query", unit="query", credits=1, cost_to_serve=0, autonomy=1, attribution=1)
    assert query.unit_for(0) == "queries" and query.unit_for(1) == "query"
    assert "unit_plural" not in query.model_dump(), "a catalog without plurals is written (and hashed) as before"
    assert analysis.model_dump()["unit_plural"] == "analyses"


def test_a_unit_plural_is_validated_like_other_short_text():
    with pytest.raises(ValueError, match="unit_plural"):
        WorkUnit(id="a", name="A", unit="a", unit_plural="x\x00", credits=1, cost_to_serve=0, autonomy=1,
                 attribution=1)
    with pytest.raises(ValueError, match="unit_plural"):
        WorkUnit(id="a", name="A", unit="a", unit_plural="x" * 201, credits=1, cost_to_serve=0, autonomy=1,
                 attribution=1)


def worded_job(**quote_changes) -> ExportJob:
    """A catalog whose units end in -y (one with its own plural), an outcome
    with a cap and no minimum, a 24-month term discount; a quote with a flat
    outcome, a unit of zero usage and packs."""
    data = northwind_catalog()
    data["work_units"][0].update(unit="anomaly", name="Anomaly flagged")
    data["work_units"][2].update(unit="query", name="Query answered")
    data["work_units"][1].update(unit="analysis", unit_plural="analyses", name="Record analysed")
    data["outcomes"][0].update(minimum_monthly="0", cap_monthly="10000")
    data["term_discounts"] = [{"months": 24, "percent": "8"}]
    catalog = Catalog.model_validate(data)
    quote = Quote.model_validate(quote_data(**{
        "term_months": 24, "seats": 12, "credit_packs_per_year": [41, 2],
        "usage": [{"work_unit": "doc_summary", "series": ["1"] + ["4000"] * 23},
                  {"work_unit": "workflow", "monthly": "900", "growth_percent": "0"},
                  {"work_unit": "enrichment", "monthly": "0"}],
        "outcomes": [{"outcome": "resolved", "monthly": "300"}], **quote_changes}))
    return ExportJob(catalog, quote, price_quote(catalog, quote))


def text_of(job: ExportJob, tmp_path, settings: Settings = SETTINGS, template: str = "full") -> str:
    path = tmp_path / f"{template}.pdf"
    path.write_bytes(render_proposal(job, settings, load_template(template), today=dt.date(2026, 11, 24),
                                     invariant=True))
    return "\n".join(page_texts(path))


@pytest.fixture(scope="module")
def worded(tmp_path_factory):
    job = worded_job()
    return job, text_of(job, tmp_path_factory.mktemp("words"))


def test_work_units_take_their_plurals(worded):
    job, text = worded
    flat = squeezed(text)
    for wrong in ("anomalys", "querys", "analysiss", "conversations in month 1, changing"):
        assert wrong not in text, wrong
    assert squeezed(f"month 1: {format_quantity(Decimal(1))} anomaly a month; from month 2: "
                    f"{format_quantity(Decimal(4000))} anomalies a month") in flat
    assert squeezed(f"{format_quantity(Decimal(300))} conversations every month") in flat, "a flat outcome says so"


def test_counts_agree_with_their_words(worded):
    job, text = worded
    assert "(s)" not in text
    years = job.priced.years
    flat = squeezed(text)
    assert squeezed(f"Year 1: {years[0].credit_packs} packs") in flat
    assert squeezed("up to 1 month of allowance") in flat and squeezed("up to 1 month within a contract year") in flat


def test_no_article_to_agree_with_a_percent(worded):
    job, text = worded
    percent = format_percent(job.priced.term_discount_percent)
    assert f"A {percent} discount" not in text
    assert f"A discount of {percent} applies for the 24-month term." in text


def test_a_name_ending_in_a_period_ends_a_sentence_once(worded):
    _, text = worded
    assert "Ltd.." not in squeezed(text)
    assert "Prepared by Northwind Ltd. for Test Co." in text
    assert fill_markup("from {company}. Then <b>{company}</b>.", {"company": "Acme Ltd."}) == (
        "from Acme Ltd. Then <b>Acme Ltd.</b>")


def test_a_flat_line_says_so_and_an_outcome_names_only_the_bounds_it_has(worded):
    job, text = worded
    assert "changing " + format_percent(Decimal(0)) not in text
    usage = text[text.index("Usage assumptions"):text.index("Credit burn over the term")]
    assert "Flat" in usage and format_percent(Decimal(0)) not in usage, "the usage table says Flat"
    cap = format_money(job.catalog.outcomes[0].cap_monthly, "USD")
    assert "Monthly cap" in text and cap in text
    assert "minimum / cap" not in text.lower() and f"{format_money(Decimal(0), 'USD')} / {cap}" not in text


def test_a_unit_without_usage_is_not_in_the_usage_table(worded):
    job, text = worded
    usage = text[text.index("Usage assumptions"):text.index("Credit burn over the term")]
    assert "Record analysed" not in usage
    assert "Query answered" in usage and "Anomaly flagged" in usage


def test_taxes_are_stated_once_and_custom_legal_terms_cannot_remove_it(worded, tmp_path):
    _, text = worded
    assert "Prices exclude taxes." in DEFAULT_TERMS, "the default legal text still says it: the PDF prints it once"
    assert text.lower().count("exclude taxes") == 1
    custom = Settings(branding=Branding(company_name="Acme", legal_terms="Governed by the laws of Ruritania."))
    custom_text = text_of(worded_job(), tmp_path, custom)
    assert custom_text.lower().count("exclude taxes") == 1 and "Ruritania" in custom_text


def test_no_overage_protection_is_promised_without_it(tmp_path):
    job = worded_job()
    text = text_of(job, tmp_path).lower()
    assert job.priced.spend_protection is None
    assert "protection" not in text and "capped at" not in text
    protected = worded_job(spend_protection={"overage_cap_monthly": "500"})
    assert f"Overage is capped at {format_money(Decimal(500), 'USD')} a month." in text_of(protected, tmp_path)


def test_an_unset_company_is_left_out_and_the_export_warns(tmp_path):
    job = worded_job()
    settings = Settings(rep_name="Sam Rivera")
    assert settings.branding.company_name == "Your company"
    for template in ("full", "summary"):
        text = text_of(job, tmp_path, settings, template)
        assert "Your company" not in text
        assert "Prepared by  for" not in text and "For the supplier" in text
    warnings = PdfExporter().warnings(job, settings)
    assert any("branding.company_name" in warning for warning in warnings), warnings
    assert PdfExporter().warnings(job, SETTINGS) == []


def test_a_sentence_naming_an_unset_value_is_left_out():
    text = "Prepared by {company} for {customer}. Quote {quote_id}, valid until {valid_until}."
    assert without_sentences_naming(text, {"company"}) == "Quote {quote_id}, valid until {valid_until}."
    assert without_sentences_naming(text, set()) == text
    unbalanced = "<b>From {company}. Quote</b> {quote_id}."
    assert without_sentences_naming(unbalanced, {"company"}) == unbalanced, "a tag is never left open"
