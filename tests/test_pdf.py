"""The PDF proposal read back: the right figures, nothing internal, every
page renders, long quotes paginate, any text prints as typed."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builders import northwind_catalog
from conftest import sample_names
from pdf_reader import page_texts, render_pages, squeezed
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Branding, Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import render_proposal
from quotewright.formatting import format_money, format_percent, format_phrase
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.storage.templates import load_template

SETTINGS = Settings(rep_name="Sam Rivera", branding=Branding(company_name="Northwind AI"))


def job_for(name: str) -> ExportJob:
    loaded = load_quote(sample(name).quote)
    return ExportJob(loaded.catalog, loaded.quote, price_quote(loaded.catalog, loaded.quote))


def write(job: ExportJob, folder: Path, template: str = "full", settings: Settings = SETTINGS) -> Path:
    path = folder / f"{job.quote.id}-{template}.pdf"
    path.write_bytes(render_proposal(job, settings, load_template(template), today=dt.date(2026, 11, 24),
                                     invariant=True))
    return path


@pytest.fixture(scope="module")
def proposals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proposals")
    return {(name, template): (job_for(name), write(job_for(name), folder, template))
            for name in sample_names() for template in ("full", "summary")}


@pytest.mark.parametrize("template", ["full", "summary"])
@pytest.mark.parametrize("name", sample_names())
def test_figures_appear_exactly_as_formatted(proposals, name, template):
    job, path = proposals[(name, template)]
    text = "\n".join(page_texts(path))
    currency = job.priced.currency
    assert job.quote.customer.name in text
    assert job.quote.id in text
    for year in job.priced.years:
        assert format_money(year.total, currency) in text
    assert format_money(job.priced.totals.tcv, currency) in text


@pytest.mark.parametrize("template", ["full", "summary"])
@pytest.mark.parametrize("name", sample_names())
def test_nothing_internal_reaches_the_customer(proposals, name, template):
    job, path = proposals[(name, template)]
    text = "\n".join(page_texts(path))
    totals = job.priced.totals
    for secret in (format_money(totals.cost_to_serve, job.priced.currency),
                   format_money(totals.gross_margin, job.priced.currency),
                   format_percent(totals.gross_margin_percent)):
        assert secret not in text
    lowered = text.lower()
    for word in ("cost to serve", "margin", "approval level", job.priced.approval.level.lower()):
        assert word not in lowered
    for warning in job.priced.warnings:
        assert format_phrase(warning.message)[:40] not in text


@pytest.mark.parametrize("name", sample_names())
def test_page_counts_are_sane_and_every_page_has_its_footer(proposals, name):
    full = page_texts(proposals[(name, "full")][1])
    assert 4 <= len(full) <= 10
    assert len(page_texts(proposals[(name, "summary")][1])) == 1
    quote_id = proposals[(name, "full")][0].quote.id
    for number, page in enumerate(full, 1):
        assert f"Page {number} of {len(full)}" in page
        assert f"Quote {quote_id}" in page


def test_a_draft_is_marked_and_a_first_level_quote_is_not(proposals):
    drafts = {name: "DRAFT - pending approval" in "\n".join(page_texts(path))
              for (name, template), (job, path) in proposals.items() if template == "full"}
    levels = {name: job.priced.approval.level_index for (name, template), (job, _) in proposals.items()
              if template == "full"}
    assert drafts == {name: level > 0 for name, level in levels.items()}
    assert set(drafts.values()) == {True, False}, "the samples must show both cases"


@pytest.mark.parametrize("name", sample_names())
def test_every_page_renders(proposals, name, tmp_path):
    path = proposals[(name, "full")][1]
    pages = render_pages(path, tmp_path)
    assert len(pages) == len(page_texts(path))
    assert all(page.stat().st_size > 1000 for page in pages)


def test_rendering_is_reproducible(tmp_path):
    job = job_for("support-agent")
    first = render_proposal(job, SETTINGS, load_template("full"), today=dt.date(2026, 1, 1), invariant=True)
    second = render_proposal(job, SETTINGS, load_template("full"), today=dt.date(2026, 1, 1), invariant=True)
    assert first == second


HOSTILE = {
    "customer": 'Zoë & <b>Söhne</b> "Quoted" \'Apostrophe\' GmbH',
    "contact": '<font name="Courier">markup</font> &amp; not an entity',
    "unit": "Ελληνικά документ 北京数据 株式会社テスト 삼성전자",
    "long": "Donaudampfschifffahrtsgesellschaftskapitän" * 4,
}


def test_hostile_and_multilingual_text_comes_back_as_typed(tmp_path):
    catalog_data = northwind_catalog()
    catalog_data["work_units"][0]["name"] = HOSTILE["unit"]
    catalog_data["plans"][1]["name"] = HOSTILE["long"]
    catalog = Catalog.model_validate(catalog_data)
    quote = Quote.model_validate({
        "id": "Q-<&>", "customer": {"name": HOSTILE["customer"], "contact": HOSTILE["contact"]},
        "plan": "growth", "seats": 12, "term_months": 12,
        "usage": [{"work_unit": "doc_summary", "monthly": "12000"}], "credit_packs_per_year": "auto",
        "prepared_by": {"name": "Ольга Петрова", "role": "Account Executive"},
    })
    settings = Settings(branding=Branding(company_name="Ωmega & <Co>"))
    path = tmp_path / "hostile.pdf"
    path.write_bytes(render_proposal(ExportJob(catalog, quote, price_quote(catalog, quote)), settings,
                                     load_template("full"), invariant=True))
    text = "\n".join(page_texts(path))
    flat = squeezed(text)
    for value in (*HOSTILE.values(), "Q-<&>", "Ольга Петрова", "Ωmega & <Co>"):
        assert squeezed(value) in flat, value
    assert len(render_pages(path, tmp_path / "png")) == len(page_texts(path))


def test_a_long_quote_paginates_with_repeated_headers(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from support import large_catalog, large_quote

    catalog, quote = large_catalog(200), large_quote(200, 120)
    path = tmp_path / "long.pdf"
    path.write_bytes(render_proposal(ExportJob(catalog, quote, price_quote(catalog, quote)), SETTINGS,
                                     load_template("full"), invariant=True))
    pages = page_texts(path)
    assert 8 <= len(pages) <= 40
    usage_pages = [page for page in pages if re.search(r"Work unit 1\d\d\b", page)]
    assert len(usage_pages) >= 2, "200 work units span pages"
    assert all("Counted per" in page for page in usage_pages), "the table header repeats"
    assert sum("Work unit 199" in page for page in pages) >= 1
    assert len(render_pages(path, tmp_path / "png", resolution=20)) == len(pages)


def test_a_custom_template_from_a_file(tmp_path):
    template = tmp_path / "short.toml"
    template.write_text('format = "quotewright.template/1"\nname = "Short"\n[[sections]]\nkind = "header"\n'
                        'heading = "Offer for {customer}"\n[[sections]]\nkind = "acceptance"\n', "utf-8")
    job = job_for("token-api")
    path = tmp_path / "short.pdf"
    path.write_bytes(render_proposal(job, SETTINGS, load_template(str(template)), invariant=True))
    pages = page_texts(path)
    assert len(pages) == 1 and f"Offer for {job.quote.customer.name}" in pages[0]


def test_a_logo_is_drawn(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(40, 20))
    settings = Settings(branding=Branding(company_name="Logo Co", logo_path=str(logo)))
    job = job_for("token-api")
    with_logo = render_proposal(job, settings, load_template("full"), invariant=True)
    without = render_proposal(job, SETTINGS, load_template("full"), invariant=True)
    assert b"/Subtype /Image" in with_logo and b"/Subtype /Image" not in without


def run_cli(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True, env=env)


def test_export_command_writes_both_files(tmp_path):
    quote = str(sample("support-agent").quote)
    result = run_cli("export", quote, "--xlsx", str(tmp_path / "m.xlsx"), "--pdf", str(tmp_path / "p.pdf"),
                     "--template", "summary")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m.xlsx").stat().st_size > 5000
    assert len(page_texts(tmp_path / "p.pdf")) == 1


def test_export_problems_are_one_line(tmp_path, monkeypatch):
    quote = str(sample("support-agent").quote)
    unknown = run_cli("export", quote, "--pdf", str(tmp_path / "p.pdf"), "--template", "glossy")
    assert unknown.returncode == 1 and "glossy: is not a template" in unknown.stderr
    assert len(unknown.stderr.splitlines()) == 1
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"branding": {"logo_path": str(tmp_path / "missing.png")}}), "utf-8")
    env = {"QUOTEWRIGHT_SETTINGS": str(settings), "PATH": "/usr/bin:/bin"}
    broken = run_cli("export", quote, "--pdf", str(tmp_path / "p.pdf"), env=env)
    assert broken.returncode == 1 and "missing.png" in broken.stderr and "logo" in broken.stderr
    assert not (tmp_path / "p.pdf").exists()


@pytest.mark.slow
def test_a_wheel_in_a_fresh_venv_exports_a_pdf(installed_wheel, tmp_path):
    out = tmp_path / "from-wheel.pdf"
    quotes = json.loads(subprocess.check_output([str(installed_wheel / "quotewright"), "samples", "--json"], text=True))
    result = subprocess.run([str(installed_wheel / "quotewright"), "export", quotes[0]["quote"], "--pdf", str(out)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(page_texts(out)) >= 4


def _png(width: int, height: int) -> bytes:
    """A small solid PNG, written by hand so the test needs no imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
