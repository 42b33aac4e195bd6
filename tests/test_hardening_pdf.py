"""Issue 9, the PDF proposal's part: bad logos, templates and settings are
refused in one line naming the file and field when they are loaded (items
10, 19, 20); a placeholder cannot retarget a link (12); metadata carries no
control characters (17); the one-page summary stays one page at the model's
limits, a logo fits its box, scenario names print as typed (24)."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import unquote

import pypdf
import pytest
from pydantic import ValidationError

from builders import northwind_catalog, quote_data
from pdf_reader import page_texts, squeezed
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.errors import describe
from quotewright.domain.proposal_template import ProposalTemplate
from quotewright.domain.settings import Branding, Settings
from quotewright.domain.template_markup import TEMPLATE_FONTS
from quotewright.domain.values import LongText, Name
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import PdfExporter, prepare_proposal, render_proposal
from quotewright.exporters.pdf.fonts import BODY, BOLD, ITALIC
from quotewright.exporters.pdf.markup import check_template_markup
from quotewright.storage.logos import MAX_LOGO_PIXELS, read_logo
from quotewright.storage.problems import FileProblem
from quotewright.storage.samples import sample
from quotewright.storage.settings_store import load_settings
from quotewright.storage import templates as templates_module
from quotewright.storage.templates import MAX_TEMPLATE_BYTES, available_templates, load_template

NAME_LIMIT = Name.__metadata__[0].max_length
LONG_TEXT_LIMIT = LongText.__metadata__[0].max_length


# --- helpers -------------------------------------------------------------------------------------

def png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A solid PNG written by hand (the IHDR can claim any size)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    if rows is None:
        rows = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def job_for(catalog_data: dict | None = None, **quote_changes) -> ExportJob:
    catalog = Catalog.model_validate(catalog_data or northwind_catalog())
    quote = Quote.model_validate(quote_data(**quote_changes))
    return ExportJob(catalog, quote, price_quote(catalog, quote))


def template_file(folder: Path, text: str, *, name: str = "custom.toml", kind: str = "header") -> Path:
    path = folder / name
    path.write_text('format = "quotewright.template/1"\nname = "Custom"\n[[sections]]\n'
                    f'kind = "{kind}"\ntext = {json.dumps(text)}\n', "utf-8")
    return path


def run_cli(*args: str, settings: Path | None = None, home: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config")}
    if settings is not None:
        env["QUOTEWRIGHT_SETTINGS"] = str(settings)
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return lines[0].removeprefix("quotewright: ")


def words(length: int, stem: str) -> str:
    """Ordinary words (so they wrap like a real name) of exactly `length` characters."""
    text = " ".join(f"{stem}{index}" for index in range(length))
    return text[:length].rstrip() + "x" * (length - len(text[:length].rstrip()))


def pdf_pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


# --- item 10: bad logos, bad markup, deep TOML, unknown locale -------------------------------------------------

BAD_LOGOS = {
    "not-an-image": b"this is a text file, not a picture\n",
    "truncated": png(64, 64)[:60],
    "huge": png(50_000, 50_000, rows=b"\x00\x00\x00\x00"),  # the header claims 2.5 billion pixels
}


@pytest.mark.parametrize("kind", sorted(BAD_LOGOS))
def test_a_bad_logo_is_one_line_naming_the_settings_field(tmp_path, kind):
    logo = tmp_path / f"{kind}.png"
    logo.write_bytes(BAD_LOGOS[kind])
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"branding": {"logo_path": str(logo)}}), "utf-8")
    with pytest.raises(FileProblem) as raised:
        read_logo(logo, settings)
    assert raised.value.file == str(settings) and raised.value.path == "branding.logo_path"
    assert "object at 0x" not in str(raised.value) and "\n" not in str(raised.value)

    out = tmp_path / "p.pdf"
    line = one_line(run_cli("export", str(sample("token-api").quote), "--pdf", str(out), settings=settings,
                            home=tmp_path))
    assert line.startswith(f"{settings}: branding.logo_path: {logo}: ")
    assert "0x" not in line and "ImageReader" not in line
    assert not out.exists()


def test_a_logo_with_too_many_pixels_is_refused_before_it_is_decoded(tmp_path):
    # 4097 x 4096 is one row over the budget; the IDAT is empty, so only a
    # check of the header (not a decode) can give the size message.
    logo = tmp_path / "big.png"
    logo.write_bytes(png(4097, 4096, rows=b""))
    with pytest.raises(FileProblem, match=f"at most {MAX_LOGO_PIXELS:,} pixels"):
        read_logo(logo, tmp_path / "settings.json")


MARKUP_ERRORS = {
    "unclosed bold": ("Total <b>{tcv}", "<b> is never closed"),
    "unknown font": ('<font name="Comic Sans">x</font>', "font 'Comic Sans' is not available"),
    "nested para": ("<para>x<para>y</para></para>", "<para> is not allowed"),
    "image": ("<img src=/etc/passwd>", "<img> is not allowed in template text (a template must not read files)"),
    "quoted image": ('<img src="/etc/passwd"/>', "<img> is not allowed"),
    "crossed tags": ("<b><i>x</b></i>", "</b> comes before </i>"),
    "bad colour": ('<font color="notacolor">x</font>', "must be a #rrggbb colour"),
    "javascript link": ('<a href="javascript:alert(1)">x</a>', "a link must start with"),
}


@pytest.mark.parametrize("case", sorted(MARKUP_ERRORS))
def test_template_markup_errors_are_refused_at_load_naming_the_field(tmp_path, case):
    text, message = MARKUP_ERRORS[case]
    path = template_file(tmp_path, text)
    with pytest.raises(FileProblem) as raised:
        load_template(str(path))
    assert raised.value.file == str(path) and raised.value.path == "sections[0].text"
    assert message in raised.value.message and "\n" not in str(raised.value)


def test_template_markup_errors_on_the_command_line_are_one_line(tmp_path):
    path = template_file(tmp_path, "<img src=/etc/passwd>")
    out = tmp_path / "p.pdf"
    line = one_line(run_cli("export", str(sample("token-api").quote), "--pdf", str(out), "--template", str(path),
                            home=tmp_path))
    assert line.startswith(f"{path}: sections[0].text: <img> is not allowed")
    assert not out.exists()


def test_every_tag_the_rules_allow_lays_out_in_reportlab():
    # The second net (a trial layout before any render) must never be the
    # one that catches an accepted template: everything allowed lays out.
    fonts = "".join(f'<font name="{font}" size="7.5" color="#112233">{font}</font>' for font in TEMPLATE_FONTS)
    text = ("<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><strike>x</strike>m<super>2</super>"
            "m<sup>2</sup>H<sub>2</sub>O<br/>" + fonts + ' <a href="https://crm.example.com/q/{quote_id}" '
            'color="#0000FF">crm</a> <a href="mailto:sales@example.com?subject={quote_id}">mail</a> AT&T &amp; &#169;')
    template = ProposalTemplate.model_validate({"name": "All", "sections": [
        {"kind": "header", "heading": "<b>{customer}</b> <i>x</i><br/>y", "text": text}]})
    check_template_markup(template)
    assert set(TEMPLATE_FONTS) == {BODY, BOLD, ITALIC}, "the fonts a template may name are the ones registered"


def test_a_deeply_nested_toml_template_is_one_line(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text('name = "Deep"\nx = ' + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    with pytest.raises(FileProblem) as raised:
        load_template(str(path))
    assert raised.value.file == str(path) and "nested too deeply" in raised.value.message


def test_an_unknown_locale_is_refused_when_the_settings_are_loaded(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"locale": "xx"}), "utf-8")
    with pytest.raises(FileProblem) as raised:
        load_settings(settings)
    assert raised.value.path == "locale" and "must be a locale such as en_US" in raised.value.message
    line = one_line(run_cli("export", str(sample("token-api").quote), "--pdf", str(tmp_path / "p.pdf"),
                            settings=settings, home=tmp_path))
    assert line.startswith(f"{settings}: locale: must be a locale such as en_US")


# --- item 12: a placeholder in a link's address ----------------------------------------------------------

PHISH = 'Q1" href="http://evil.example/phish'
CRM = "https://crm.example.com/quotes/"


def link_targets(data: bytes) -> list[str]:
    targets = []
    for page in pdf_pages(data):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_a_quote_id_cannot_retarget_a_template_link(tmp_path):
    path = template_file(tmp_path, f'Open <a href="{CRM}{{quote_id}}">quote {{quote_id}} in the CRM</a>.')
    template = load_template(str(path))
    data = render_proposal(job_for(id=PHISH), Settings(), template, invariant=True)
    targets = link_targets(data)
    assert targets, "the link is in the PDF"
    for target in targets:
        assert target.startswith(CRM) and "evil.example" not in target.split("/")[2]
        assert unquote(target) == CRM + PHISH, "the whole value stays inside the link's path"
        assert '"' not in target and " " not in target
    output = tmp_path / "link.pdf"
    output.write_bytes(data)
    assert squeezed(f"quote {PHISH} in the CRM") in squeezed(page_texts(output)[0]), "the text prints as typed"


@pytest.mark.parametrize(("text", "message"), [
    ('<a href="{website}">site</a>', "a link must start with https://"),  # a value would choose the scheme
    ('<a href="https://{website}/x">site</a>', "a placeholder in a link must come after its host"),
    ('<font color="{customer}">x</font>', "a placeholder cannot set color= of <font>"),
])
def test_placeholders_that_could_choose_where_a_link_goes_are_refused(tmp_path, text, message):
    with pytest.raises(FileProblem) as raised:
        load_template(str(template_file(tmp_path, text)))
    assert raised.value.path == "sections[0].text" and message in raised.value.message


# --- item 17: control characters never reach the PDF ----------------------------------------------------

def test_control_characters_in_a_name_never_reach_the_metadata_or_the_page(tmp_path):
    job = job_for()
    hostile = "Acme\x1b[31m\x07\x00 Corp\u202e\ufffe\x85 Ltd\nLine"
    # The model refuses such names at the door; the PDF must hold even for a
    # value that got past it (model_copy does not validate).
    quote = job.quote.model_copy(update={"customer": job.quote.customer.model_copy(update={"name": hostile})})
    settings = Settings().model_copy(update={"branding": Branding().model_copy(
        update={"company_name": "Bell\x07 & Co\x1b"})})
    data = render_proposal(ExportJob(job.catalog, quote, job.priced), settings, load_template("full"),
                           invariant=True)
    metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
    control = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
    for field in ("/Title", "/Author", "/Subject"):
        assert not control.search(str(metadata[field])), (field, metadata[field])
    assert "Acme [31m Corp" in metadata["/Title"] and "Ltd Line" in metadata["/Title"]
    assert metadata["/Author"] == "Bell & Co"
    output = tmp_path / "control.pdf"
    output.write_bytes(data)
    text = "\n".join(page_texts(output))
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff]", text)
    assert "Acme" in text


# --- item 19: true messages, and locales as people write them ---------------------------------------------

def problem(model, data) -> str:
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return str(describe(raised.value))


def test_accent_color_and_locale_say_what_they_must_be():
    assert problem(Settings, {"branding": {"accent_color": "red"}}) == (
        "branding.accent_color: must be a #rrggbb colour such as #1F4E79 (not 'red')")
    assert problem(Settings, {"locale": "xx"}).startswith("locale: must be a locale such as en_US")
    assert problem(Settings, {"locale": "english"}).startswith("locale: must be a locale such as en_US")
    for data in ({"locale": "xx"}, {"branding": {"accent_color": "red"}}):
        assert "control characters" not in problem(Settings, data)
    template = {"name": "T", "sections": [{"kind": "header"}]}
    assert problem(ProposalTemplate, {**template, "theme": {"accent": "red"}}) == (
        'theme.accent: must be "branding" or a #rrggbb colour such as #0B6E4F (not \'red\')')
    assert problem(ProposalTemplate, {**template, "theme": {"text_color": "red"}}).startswith(
        "theme.text_color: must be a #rrggbb colour")


@pytest.mark.parametrize(("typed", "kept"), [("EN", "en"), ("en-us", "en_US"), ("de_de", "de_DE"),
                                             ("FR-ch", "fr_CH"), ("en_US", "en_US")])
def test_a_clearly_meant_locale_is_accepted_and_normalised(typed, kept):
    assert Settings.model_validate({"locale": typed}).locale == kept


@pytest.mark.parametrize("typed", ["xx", "fr_US", " en_US", "en_US_POSIX", "e", "en-", "und"])
def test_other_locales_are_refused(typed):
    assert problem(Settings, {"locale": typed}).startswith("locale: must be a locale such as en_US")


# --- item 20: a FIFO is refused, not waited on; sizes are capped --------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_logo_or_template_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileProblem, match="not a regular file"):
        load_template(str(fifo))
    with pytest.raises(FileProblem, match="branding.logo_path: .*not a regular file"):
        read_logo(fifo, tmp_path / "settings.json")
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"branding": {"logo_path": str(fifo)}}), "utf-8")
    line = one_line(run_cli("export", str(sample("token-api").quote), "--pdf", str(tmp_path / "p.pdf"),
                            settings=settings, home=tmp_path))
    assert "branding.logo_path" in line and "not a regular file" in line


def test_the_shipped_templates_load_and_lay_out():
    # Their comments document the markup rules; the files themselves obey them.
    for name, path in available_templates().items():
        check_template_markup(load_template(str(path)))


def test_templates_are_listed_without_a_usable_data_folder(monkeypatch):
    def unusable() -> Path:
        raise PermissionError("read-only home")

    monkeypatch.setattr(templates_module, "user_templates_folder", unusable)
    assert {"full", "summary"} <= set(available_templates())
    assert load_template("summary").max_pages == 1


def test_an_oversized_template_is_refused_unread(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# padding\n" * (MAX_TEMPLATE_BYTES // 10 + 1))
    with pytest.raises(FileProblem, match="at most 1 MB is read"):
        load_template(str(path))


# --- item 24: one page at the limits; logos in their box; names as typed -------------------------------------

def limits_job(term_months: int = 120) -> tuple[ExportJob, Settings]:
    catalog = northwind_catalog()
    for plan in catalog["plans"]:
        plan["name"] = words(NAME_LIMIT, "Plan")
    quote = {"id": "Q" + "7" * 63, "term_months": term_months,
             "customer": {"name": words(NAME_LIMIT, "Customer"), "contact": words(200, "Contact"),
                          "email": words(200, "mail")},
             "prepared_by": {"name": words(NAME_LIMIT, "Rep"), "role": words(200, "Role"), "email": words(200, "e")},
             "scenario_multipliers": {"low": "0.5", "high": "2"}}
    settings = Settings(rep_name=words(200, "Rep"), branding=Branding(
        company_name=words(200, "Company"), legal_terms=words(LONG_TEXT_LIMIT, "Legal"), website=words(200, "w")))
    return job_for(catalog, **quote), settings


@pytest.mark.parametrize("term_months", [12, 120])
def test_the_one_page_summary_stays_one_page_at_the_limits(tmp_path, term_months):
    job, settings = limits_job(term_months)
    data = render_proposal(job, settings, load_template("summary"), invariant=True)
    assert len(pdf_pages(data)) == 1
    output = tmp_path / "summary.pdf"
    output.write_bytes(data)
    text = squeezed(page_texts(output)[0])
    # Shrunk to fit, nothing is dropped: every year, the total, the whole
    # legal text and the customer's full name in the acceptance block.
    for year in job.priced.years:
        assert squeezed(f"Year {year.year}") in text
    assert squeezed(settings.branding.legal_terms) in text
    assert squeezed(f"For {job.quote.customer.name}") in text


def test_the_full_proposal_at_the_limits_keeps_its_header_and_footer_to_one_line(tmp_path):
    job, settings = limits_job()
    output = tmp_path / "full.pdf"
    output.write_bytes(render_proposal(job, settings, load_template("full"), invariant=True))
    pages = page_texts(output)
    for number, page in enumerate(pages[1:], 2):
        # The header band and the footer: each one line, cut with an ellipsis.
        cut = [line for line in page.splitlines() if line.startswith("Company0 Company1") and line.endswith("\u2026")]
        assert len(cut) == 2, page
        assert f"Page {number} of {len(pages)}" in page


def image_boxes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every image drawn, from the `cm` before each `Do`."""
    boxes = []
    for page in pdf_pages(data):
        content = page.get_contents().get_data().decode("latin-1")
        boxes += [(float(w), float(h)) for w, h in
                  re.findall(r"([-\d.]+) 0 0 ([-\d.]+) [-\d.]+ [-\d.]+ cm\s*/\S+ Do", content)]
    return boxes


def header_starts(data: bytes, wanted: str) -> list[list[float]]:
    """Per page, the x positions at which `wanted` is drawn in the top 30 mm."""
    pages = []
    for page in pdf_pages(data):
        found: list[float] = []
        top = float(page.mediabox.height) - 30 * 72 / 25.4

        def visit(text, cm, tm, font, size):
            if wanted in text and cm[5] + tm[5] > top:
                found.append(cm[4] + tm[4])

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


@pytest.mark.parametrize("template", ["full", "summary"])
def test_a_very_wide_logo_fits_its_box_and_leaves_the_company_name_on_the_page(tmp_path, template):
    logo = tmp_path / "wide.png"
    logo.write_bytes(png(100_000, 1))
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"branding": {"company_name": "Wide Logo Co", "logo_path": str(logo)}}), "utf-8")
    loaded = load_settings(settings)
    job = job_for()
    data = render_proposal(job, loaded, load_template(template), invariant=True)
    boxes = image_boxes(data)
    assert boxes, "the logo is drawn"
    page_width = pdf_pages(data)[0].mediabox.width
    for width, height in boxes:
        assert 0 < width <= 80 * 72 / 25.4 + 0.01, "no box is wider than the cover's 80 mm"
        assert width / height == pytest.approx(100_000, rel=1e-3), "the aspect ratio is kept"
    if template == "full":  # every body page's header band names the company beside the logo
        for starts in header_starts(data, "Wide Logo Co")[1:]:
            assert len(starts) == 1 and 51 < starts[0] < page_width / 2, starts


def test_scenario_names_print_as_typed(tmp_path):
    job = job_for(scenario_multipliers={"low": "0.5", "eXtra-HIGH": "2", "iPhone launch": "3"})
    output = tmp_path / "scenarios.pdf"
    output.write_bytes(render_proposal(job, Settings(), load_template("full"), invariant=True))
    text = "\n".join(page_texts(output))
    for name in ("eXtra-HIGH", "iPhone launch"):
        assert name in text
    assert "Extra-high" not in text and "Iphone launch" not in text
    assert re.search(r"^low\b", text, re.MULTILINE), "the 'low' row is not re-cased to 'Low'"


def test_one_page_templates_refuse_what_would_break_the_page(tmp_path):
    for sections, field in (('[[sections]]\nkind = "cover"\n', "sections[0].kind"),
                            ('[[sections]]\nkind = "header"\n[[sections]]\nkind = "terms"\n'
                             'page_break_before = true\n', "sections[1].page_break_before")):
        path = tmp_path / "one.toml"
        path.write_text(f'name = "One"\nmax_pages = 1\n{sections}', "utf-8")
        with pytest.raises(FileProblem) as raised:
            load_template(str(path))
        assert raised.value.path == field and "one-page" in raised.value.message


def test_the_exporter_reads_everything_before_it_renders():
    # PdfExporter.render returns bytes and writes nothing, so a caller can
    # produce every output before writing any (issue item 9).
    settings = Settings(default_template="summary")
    template, logo = prepare_proposal(settings)
    assert template.max_pages == 1 and logo is None
    job = job_for()
    data = PdfExporter().render(job, settings)
    assert data.startswith(b"%PDF") and len(pdf_pages(data)) == 1
