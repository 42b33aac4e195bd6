"""The proposal's optional "Your options" section, read back from the PDF:
off by default, switched on per export or always shown by a template; each
plan's name, what it includes, TCV, year 1, largest invoice and low-high
range exactly as formatted, from the comparison; no cost, margin or
approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from builders import northwind_catalog, quote_data
from pdf_reader import page_texts, squeezed
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.compare import compare
from quotewright.domain.proposal_template import ProposalTemplate
from quotewright.domain.settings import Branding, Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import OPTIONS, PdfExporter, render_proposal
from quotewright.exporters.pdf.document import DRAFT_TEXT
from quotewright.exporters.pdf.sections_options import ARCHITECTURE_WORDS
from quotewright.formatting import format_money, format_percent, format_quantity
from quotewright.storage.documents import load_quote
from quotewright.storage.problems import FileProblem
from quotewright.storage.samples import sample
from quotewright.storage.templates import load_template

SETTINGS = Settings(branding=Branding(company_name="Northwind AI"))


def sample_job(name: str) -> ExportJob:
    loaded = load_quote(sample(name).quote)
    return ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote))


def northwind_job(**changes) -> ExportJob:
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(quote_data(**changes))
    return ExportJob(catalog, quote, price_quote(catalog, quote))


def pages_of(pdf: bytes, tmp_path, name: str = "p.pdf") -> list[str]:
    path = tmp_path / name
    path.write_bytes(pdf)
    return page_texts(path)


def render(job: ExportJob, template="full", **options) -> bytes:
    if isinstance(template, str):
        template = load_template(template)
    return render_proposal(job, SETTINGS, template, today=dt.date(2026, 11, 24), invariant=True, **options)


def options_text(pages: list[str]) -> str:
    text = "\n".join(pages)
    start = text.index("\nYour options\n")
    ends = [text.find(f"\n{h}\n", start + 1) for h in ("Outcome-based add-ons", "Invoice schedule")]
    return text[start:min(end for end in ends if end >= 0)]


@pytest.fixture(scope="module")
def support(tmp_path_factory):
    """The support-agent sample (scenarios, several plans) with the options on."""
    job = sample_job("support-agent")
    folder = tmp_path_factory.mktemp("options")
    return job, compare(job.catalog, job.quote, own=job.priced), pages_of(render(job, optional_sections=[OPTIONS]),
                                                                          folder)


def test_the_full_template_leaves_the_options_out_by_default(tmp_path):
    job = sample_job("support-agent")
    assert "Your options" not in "\n".join(pages_of(render(job), tmp_path))
    assert "Your options" not in "\n".join(pages_of(PdfExporter().render(job, SETTINGS), tmp_path, "e.pdf"))


def test_every_plan_reads_back_with_its_figures(support):
    job, comparison, pages = support
    assert len(comparison.plans) >= 2 and job.priced.scenarios, "the sample must compare plans with scenarios"
    flat = squeezed(options_text(pages))
    currency = job.priced.currency
    for row in comparison.plans:
        assert row.priced is not None
        low, high = row.low_high
        assert squeezed(row.name) in flat
        figures = [format_money(value, currency) for value in (row.tcv, row.year_1, row.max_invoice)]
        figures.append(f"{format_money(low, currency)} - {format_money(high, currency)}")
        for figure in figures:
            assert squeezed(figure) in flat, (row.plan, figure)
        assert squeezed(ARCHITECTURE_WORDS[row.architecture]) in flat
    proposed = comparison.row(job.quote.plan).name
    assert squeezed(f"{proposed} (this proposal)") in flat


def test_what_each_plan_includes_is_in_words(support):
    job, comparison, pages = support
    flat = squeezed(options_text(pages)).lower()  # a plan's description starts with a capital
    for row in comparison.plans:
        makeup = row.makeup
        said = []
        if makeup.platform_fee:
            said.append(f"platform subscription {format_money(makeup.platform_fee, job.priced.currency)} a month")
        if makeup.seat_price:
            said.append(f"{format_quantity(Decimal(makeup.billable_seats))} paid seats")
        if makeup.included_credits:
            said.append(f"{format_quantity(makeup.included_credits)} credits included a month")
        if makeup.credit_pack_size is not None:
            said.append(f"prepaid packs of {format_quantity(makeup.credit_pack_size)} credits")
        said += [job.catalog.outcome(outcome).name for outcome in makeup.outcomes]
        assert said
        for words in said:
            assert squeezed(words).lower() in flat, (row.plan, words)


def test_no_cost_margin_or_approval(support):
    job, comparison, pages = support
    text = "\n".join(pages)
    # A draft says it needs approval on its cover and page marks (the
    # proposal's own rule); the options section says nothing of it.
    lowered = squeezed(options_text(pages).replace(DRAFT_TEXT, "")).lower()
    for word in ("margin", "costtoserve", "approv", "internal"):
        assert word not in lowered, word
    assert "margin" not in text.lower() and "cost to serve" not in text.lower()
    for row in comparison.plans:
        totals = row.priced.totals
        for secret in (format_money(totals.cost_to_serve, job.priced.currency),
                       format_money(totals.gross_margin, job.priced.currency),
                       format_percent(totals.gross_margin_percent)):
            assert secret not in text, (row.plan, secret)
        assert row.priced.approval.level.lower() not in lowered


def test_without_scenarios_there_is_no_range_column(tmp_path):
    job = northwind_job(usage=[{"work_unit": "doc_summary", "series": ["2000"] * 3 + ["26000"] * 9}])
    assert not job.priced.scenarios
    comparison = compare(job.catalog, job.quote, own=job.priced)
    text = options_text(pages_of(render(job, optional_sections=[OPTIONS], comparison=comparison), tmp_path))
    assert "Low - high" not in text
    for row in comparison.plans:
        assert squeezed(format_money(row.tcv, "USD")) in squeezed(text)


def test_the_exporter_switches_the_options_on_per_export(tmp_path):
    job = sample_job("token-api")
    pages = pages_of(PdfExporter().render(job, SETTINGS, optional_sections=[OPTIONS]), tmp_path)
    comparison = compare(job.catalog, job.quote, own=job.priced)
    flat = squeezed(options_text(pages))
    for row in comparison.plans:
        assert squeezed(format_money(row.tcv, job.priced.currency)) in flat
    out = tmp_path / "out.pdf"
    PdfExporter().export(job, SETTINGS, out, optional_sections=[OPTIONS])
    assert "Your options" in "\n".join(page_texts(out))


def test_a_template_can_always_show_the_options(tmp_path):
    path = tmp_path / "compare.toml"
    path.write_text('format = "quotewright.template/1"\nname = "Compare"\n[[sections]]\nkind = "header"\n'
                    '[[sections]]\nkind = "options"\nheading = "Your options"\n', "utf-8")
    job = sample_job("support-agent")
    pages = pages_of(render(job, load_template(str(path))), tmp_path)
    assert "Your options" in pages[0]
    for row in compare(job.catalog, job.quote, own=job.priced).plans:
        assert squeezed(row.name) in squeezed(pages[0])


def test_the_one_page_summary_is_one_page_with_the_switch_on(tmp_path):
    job = sample_job("support-agent")
    pages = pages_of(render(job, "summary", optional_sections=[OPTIONS]), tmp_path)
    assert len(pages) == 1 and "Your options" not in pages[0]


def test_for_export_keeps_every_other_section_in_order():
    full = load_template("full")
    optional = [section.kind for section in full.sections if section.optional]
    assert optional == [OPTIONS]
    shown = full.for_export()
    assert [s.kind for s in shown.sections] == [s.kind for s in full.sections if s.kind != OPTIONS]
    assert full.for_export([OPTIONS]) == full


def test_a_template_whose_every_section_is_optional_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least one must always be shown"):
        ProposalTemplate.model_validate({"name": "T", "sections": [{"kind": "header", "optional": True}]})
    path = tmp_path / "empty.toml"
    path.write_text('format = "quotewright.template/1"\nname = "T"\n[[sections]]\nkind = "options"\n'
                    'optional = true\n', "utf-8")
    with pytest.raises(FileProblem) as raised:
        load_template(str(path))
    message = str(raised.value)
    assert "empty.toml" in message and "sections" in message and "\n" not in message


def test_optional_must_be_true_or_false(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('format = "quotewright.template/1"\nname = "T"\n[[sections]]\nkind = "header"\n'
                    '[[sections]]\nkind = "options"\noptional = "sometimes"\n', "utf-8")
    with pytest.raises(FileProblem) as raised:
        load_template(str(path))
    assert "sections[1].optional" in str(raised.value)


def test_the_comparison_is_not_worked_out_when_not_shown(monkeypatch):
    import quotewright.exporters.pdf as pdf

    def refuse(*args, **kwargs):
        raise AssertionError("compare() ran for a proposal without options")

    monkeypatch.setattr(pdf, "compare", refuse)
    assert render(sample_job("token-api")).startswith(b"%PDF")


def test_export_options_flag_adds_the_section_through_the_command_line(tmp_path):
    import subprocess
    import sys

    from quotewright.storage.samples import samples

    quote = str(samples()[0].quote)
    with_options, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    for out, extra in ((with_options, ["--options"]), (without, [])):
        run = subprocess.run([sys.executable, "-m", "quotewright", "export", quote, "--pdf", str(out), *extra],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
    assert "Your options" in "\n".join(pages_of(with_options.read_bytes(), tmp_path, "a.pdf"))
    assert "Your options" not in "\n".join(pages_of(without.read_bytes(), tmp_path, "b.pdf"))
    refused = subprocess.run([sys.executable, "-m", "quotewright", "export", quote, "--xlsx",
                              str(tmp_path / "m.xlsx"), "--options"], capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "--pdf" in refused.stderr
    assert not (tmp_path / "m.xlsx").exists()
