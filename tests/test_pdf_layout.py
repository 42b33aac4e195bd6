"""Issue 12 items 8, 10 and 12: the watermark is not text; logos fit their
boxes; no heading ends a page alone; a long invoice schedule reads in order
across pages; signature lines stay level; title, /Lang, bookmarks and the
website as a link."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops

from conftest import sample_names
from pdf_reader import page_texts, squeezed
from quotewright.domain import price_quote
from quotewright.domain.library import RevisionStamp
from quotewright.domain.settings import Branding, Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import OPTIONS, render_proposal
from quotewright.exporters.pdf.document import ProposalDocument
from quotewright.exporters.pdf.sections_front import HEADING_ROOM
from quotewright.storage.documents import load_quote
from quotewright.storage.samples import sample
from quotewright.storage.templates import load_template
from tools import require_tool

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_engine import protected  # noqa: E402
from support import large_catalog, large_quote  # noqa: E402

SETTINGS = Settings(rep_name="Sam Rivera", branding=Branding(company_name="Northwind AI", website="northwind.example"))
TODAY = dt.date(2026, 11, 24)
MM = 72 / 25.4
LOGO_GREEN = (0, 255, 0)


def job_for(name: str, protect: bool = False) -> ExportJob:
    loaded = load_quote(sample(name).quote)
    quote = protected(loaded.quote, "100") if protect else loaded.quote
    return ExportJob(loaded.catalog, quote, price_quote(loaded.catalog, quote))


def render(job: ExportJob, settings: Settings = SETTINGS, template: str = "full", today: dt.date = TODAY,
           **options) -> bytes:
    return render_proposal(job, settings, load_template(template), today=today, invariant=True, **options)


def write(data: bytes, path: Path) -> Path:
    path.write_bytes(data)
    return path


def rendered(path: Path, folder: Path, resolution: int = 72) -> list[Image.Image]:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([require_tool("pdftoppm"), "-r", str(resolution), "-png", str(path), str(folder / "p")],
                   check=True, capture_output=True)
    return [Image.open(page).convert("RGB") for page in sorted(folder.glob("p*.png"))]


def ink(image: Image.Image) -> int:
    """Pixels that are not white."""
    gray = image.convert("L")
    return gray.width * gray.height - gray.histogram()[255]


def text_runs(data: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page, every text run drawn: (text, x, y, size) in page points."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[str, float, float, float]] = []

        def visit(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((text, x, y, size * (cm[3] or 1)))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


# --- item 8: the watermark is drawn, not written ------------------------------------------------------

def final(job: ExportJob, is_final: bool = True) -> ExportJob:
    """The job as a library revision: approved (no DRAFT) or still pending."""
    return job._replace(stamp=RevisionStamp(job.quote.id, 1, "0" * 64, "approved" if is_final else "draft", is_final))


def without_marks(text: str) -> str:
    lines = [line.replace("proposal was valid", "proposal is valid") for line in text.splitlines()
             if line.strip() and "DRAFT - pending approval" not in line
             and "EXPIRED - this proposal was valid until" not in line and not line.startswith("final.")
             and not line.startswith("signing.")]
    return "\n".join(lines)


@pytest.mark.parametrize("mark", ["draft", "expired"])
def test_the_watermark_is_not_text_yet_it_is_drawn(tmp_path, mark):
    job = job_for("support-agent")
    assert job.priced.approval.level_index > 0, "the sample needs approval: a draft"
    if mark == "draft":
        marked = write(render(final(job, is_final=False)), tmp_path / "m.pdf")
        clean = write(render(final(job)), tmp_path / "c.pdf")
    else:
        after = job.quote.valid_until + dt.timedelta(days=1)
        marked = write(render(final(job), today=after), tmp_path / "m.pdf")
        clean = write(render(final(job), today=job.quote.valid_until), tmp_path / "c.pdf")
    marked_pages, clean_pages = page_texts(marked), page_texts(clean)
    assert len(marked_pages) == len(clean_pages)
    for marked_text, clean_text in zip(marked_pages, clean_pages):
        # Apart from the mark's own line, the text is the text of an unmarked proposal: no stray letters.
        assert without_marks(marked_text) == without_marks(clean_text)
        assert not re.search(r"^\s*(D|R|A|F|T|E|X|P|I)\s*$", marked_text, re.MULTILINE)
        word = "pending approval" if mark == "draft" else "EXPIRED"
        # The mark's words: the line at the top of the page, and on the cover its notice; never the watermark.
        assert 1 <= marked_text.count(word) <= 2 and clean_text.count(word) == 0
    for index, (marked_page, clean_page) in enumerate(zip(rendered(marked, tmp_path / "mp", 30),
                                                           rendered(clean, tmp_path / "cp", 30))):
        changed = ImageChops.difference(marked_page, clean_page).convert("L").point(lambda v: 255 if v > 8 else 0)
        assert changed.histogram()[255] > 200, f"page {index + 1} shows the watermark"
        assert ink(marked_page) > ink(clean_page), "the mark adds ink; it does not replace the page"


def test_a_page_of_a_draft_reads_whole_table_rows(tmp_path):
    text = "\n".join(page_texts(write(render(job_for("support-agent")), tmp_path / "draft.pdf")))
    assert "Year 1 (12 months)" in text and "Platform subscription" in text
    assert "DRAFT - pending approval" in text, "the line at the top of each page stays readable text"


# --- item 10: logos fit their boxes ----------------------------------------------------------------------

def png(width: int, height: int, colour: tuple[int, int, int] = LOGO_GREEN) -> bytes:
    """A solid PNG written by hand (no imaging library in the product)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def green_box(image: Image.Image, rows: tuple[float, float]) -> tuple[int, int, int, int] | None:
    """The bounding box (left, top, right, bottom) of the logo's pixels
    between pixel rows `rows` (the header band's logo, or the body's)."""
    first, last = int(rows[0]), int(min(rows[1], image.height))
    data = image.crop((0, first, image.width, last)).tobytes()
    points = [((index // 3) % image.width, first + (index // 3) // image.width) for index in range(0, len(data), 3)
              if data[index + 1] > 200 and data[index] < 90 and data[index + 2] < 90]
    if not points:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1


def overlaps(box, other) -> bool:
    return box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]


def title_box(runs, wanted: str, page_height: float):
    """The pixel box (at 72 dpi) of the first run starting with `wanted`."""
    for text, x, y, size in runs:
        if text.startswith(wanted):
            width = len(text) * size * 0.62
            return x, page_height - y - size, x + width, page_height - y + size * 0.3
    raise AssertionError(f"{wanted!r} is not drawn")


LOGOS = {"banner 30:1": (900, 30), "wordmark 8:1": (800, 100)}
BOXES = {"cover": (80, 16), "header band": (40, 7), "summary header": (34, 10)}  # mm


@pytest.mark.parametrize("logo", sorted(LOGOS))
def test_a_wide_logo_fits_its_box_and_covers_no_title(tmp_path, logo):
    width, height = LOGOS[logo]
    path = tmp_path / "logo.png"
    path.write_bytes(png(width, height))
    settings = Settings(branding=Branding(company_name="Logo Co", logo_path=str(path)))
    job = job_for("token-api")
    band = ProposalDocument.margin + ProposalDocument.header_height  # the body starts below the header band
    for template, checks in (("full", [(0, "cover", "Proposal for", (0, 10_000)),
                                       (1, "header band", "Executive summary", (0, band))]),
                             ("summary", [(0, "summary header", "Proposal for", (band, 10_000))])):
        data = render(job, settings, template)
        pdf = write(data, tmp_path / f"{template}.pdf")
        images = rendered(pdf, tmp_path / template)
        runs = text_runs(data)
        page_width, page_height = images[0].size
        for page, box_name, title, rows in checks:
            found = green_box(images[page], rows)
            assert found is not None, (template, box_name)
            left, top, right, bottom = found
            box_width, box_height = BOXES[box_name]
            assert right - left <= box_width * MM + 2 and bottom - top <= box_height * MM + 2, (template, found)
            assert (right - left) / max(1, bottom - top) == pytest.approx(width / height, rel=0.35)
            margin = ProposalDocument.margin
            assert margin - 2 <= left and right <= page_width - margin + 2, "inside the page's margins"
            assert not overlaps(found, title_box(runs[page], title, page_height)), (template, box_name)


# --- item 10: headings never end a page alone ------------------------------------------------------------

HEADING_SIZE = 14  # the full template's heading_size
FOOTER_TOP = ProposalDocument.margin - 4  # below this only the footer is drawn


def lonely_headings(data: bytes) -> list[tuple[int, str]]:
    """(page, heading) for each page whose lowest section heading has no
    body text below it on that page."""
    found = []
    for number, runs in enumerate(text_runs(data), 1):
        headings = [(y, text.strip()) for text, _, y, size in runs if abs(size - HEADING_SIZE) < 0.01]
        if not headings:
            continue
        y, text = min(headings)
        below = [run for run in runs if FOOTER_TOP < run[2] < y - 2]
        if not below:
            found.append((number, text))
    return found


def heading_jobs():
    yield from ((f"{name}{' + protection' if protect else ''}", job_for(name, protect))
                for name in sample_names() for protect in (False, True))
    catalog = large_catalog(40)
    for label, quote in (("120 months, 40 units", large_quote(40, 120)),
                         ("the same + protection", protected(large_quote(40, 120), "2000", ramp_lines=10))):
        yield label, ExportJob(catalog, quote, price_quote(catalog, quote))


def test_no_heading_is_left_alone_at_the_foot_of_a_page():
    assert HEADING_ROOM > HEADING_SIZE * 3
    for label, job in heading_jobs():
        for options in ((), (OPTIONS,)):
            data = render(job, optional_sections=options)
            assert lonely_headings(data) == [], (label, options)


def test_the_check_finds_a_lonely_heading():
    # The detector must be able to fail: a heading drawn just above the footer, nothing after it.
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(60, 700, "Body text above")
    canvas.setFont("Helvetica-Bold", HEADING_SIZE)
    canvas.drawString(60, 80, "Invoice schedule")
    canvas.setFont("Helvetica", 7)
    canvas.drawString(60, 20, "Footer")
    canvas.save()
    assert lonely_headings(buffer.getvalue()) == [(1, "Invoice schedule")]


# --- item 10: a long invoice schedule reads in order ---------------------------------------------------

def schedule_months(text: str) -> list[int]:
    """The month numbers of one page's invoice table, read down each column pair, then across."""
    rows = re.findall(r"^\s*(\d+)\s+\S*[\d,]+\.\d\d(?:\s+(\d+)\s+\S*[\d,]+\.\d\d)?(?:\s+(\d+)\s+\S*[\d,]+\.\d\d)?\s*$",
                      text, re.MULTILINE)
    columns: list[list[int]] = [[], [], []]
    for row in rows:
        for index, value in enumerate(row):
            if value:
                columns[index].append(int(value))
    return [month for column in columns for month in column]


def test_a_long_invoice_schedule_reads_in_order_across_pages(tmp_path):
    catalog = large_catalog(20)
    quote = large_quote(20, 120)
    data = render(ExportJob(catalog, quote, price_quote(catalog, quote)))
    pdf = write(data, tmp_path / "long.pdf")
    result = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True)
    pages = result.stdout.split("\f")
    start = next(index for index, page in enumerate(pages) if "Invoice schedule" in page)
    months: list[int] = []
    spans = []
    for page in pages[start:]:
        found = schedule_months(page.split("Invoice schedule", 1)[-1])
        if not found:
            break
        spans.append(found)
        months += found
    assert months == list(range(1, 121)), spans
    assert len(spans) >= 2, "the 120 months take more than one page"
    assert all(span == list(range(span[0], span[-1] + 1)) for span in spans), "each page is one run of months"


# --- item 10: signature lines stay level ----------------------------------------------------------------

def test_signature_lines_stay_level_when_a_name_wraps(tmp_path):
    job = job_for("token-api")
    long_name = "Globex Research and Development Laboratories of Greater Springfield International Holdings"
    quote = job.quote.model_copy(update={"customer": job.quote.customer.model_copy(update={"name": long_name})})
    data = render(ExportJob(job.catalog, quote, job.priced))
    for runs in text_runs(data):
        labels = {label: sorted(y for text, _, y, _ in runs if text.startswith(label))
                  for label in ("Name:", "Title:", "Signature:", "Date:")}
        if not labels["Signature:"]:
            continue
        for label, ys in labels.items():
            assert len(ys) == 2 and ys[0] == pytest.approx(ys[1], abs=0.5), (label, ys)
        break
    else:
        raise AssertionError("no signature block found")
    assert squeezed(f"For {long_name}") in squeezed("\n".join(page_texts(write(data, tmp_path / "p.pdf"))))


# --- item 12: accessibility -----------------------------------------------------------------------------

@pytest.mark.parametrize("template", ["full", "summary"])
def test_title_language_bookmarks_and_the_website_link(template):
    job = job_for("token-api")
    reader = pypdf.PdfReader(io.BytesIO(render(job, template=template)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert reader.metadata.title == f"Proposal {job.quote.id} for {job.quote.customer.name}"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    titles = [entry.title for entry in reader.outline]
    for heading in ("Pricing" if template == "full" else "Price by year", "Terms" if template == "summary"
                    else "Terms and validity", "Acceptance"):
        assert heading in titles, titles
    pages = [reader.get_destination_page_number(entry) for entry in reader.outline]
    assert pages == sorted(pages), "bookmarks in reading order, on their own pages"
    if template == "full":
        assert titles.index("Acceptance") > titles.index("Pricing") and max(pages) >= 3
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages for annotation in page.get("/Annots") or []
             if "/A" in annotation.get_object()]
    assert "https://northwind.example" in links


def test_the_language_follows_the_locale():
    settings = SETTINGS.model_copy(update={"locale": "de_DE"})
    reader = pypdf.PdfReader(io.BytesIO(render(job_for("token-api"), settings, "summary")))
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"


def test_a_long_annual_term_with_a_huge_fee_lays_out_its_paired_columns(tmp_path):
    """A part of a paired-columns table is laid out afresh (its rows pair
    other entries than the whole table's rows), so when figures wrap its
    rows can be taller: the split must check the part it makes really fits
    (found by test_accepted_range: a 39-digit platform fee, 80 months billed
    annually, gave reportlab's 'Splitting error' and no proposal)."""
    from quotewright.domain import Catalog, Quote
    from quotewright.storage.documents import load_quote
    from quotewright.storage.samples import sample
    from quotewright.storage.templates import load_template

    loaded = load_quote(sample("token-api").quote)
    catalog_data = loaded.catalog.model_dump(mode="json")
    catalog_data["currency"] = "ETB"  # written "ETB 999,...": a space, so the figure wraps
    for plan in catalog_data["plans"]:
        plan["platform_fee"] = "9" * 39
    catalog = Catalog.model_validate(catalog_data)
    quote = Quote.model_validate({**loaded.quote.model_dump(mode="json"), "term_months": 80, "billing": "annual"})
    job = ExportJob(catalog, quote, price_quote(catalog, quote))
    out = tmp_path / "huge.pdf"
    out.write_bytes(render_proposal(job, Settings(branding=Branding(company_name="Northwind AI")),
                                    load_template("full"), today=dt.date(2026, 11, 24)))
    assert len(page_texts(out)) > 1
