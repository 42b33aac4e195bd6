"""Page furniture: the cover and body page templates, the header band, the
footer with the quote id and "Page x of y", and the DRAFT and EXPIRED marks.

The header and the footer are one line each, whatever the length of the
names in them (cut with an ellipsis), and a logo is fitted into a fixed box
with its aspect ratio kept, so nothing in the furniture can push into the
page's body. Metadata strings are `plain()`: no control characters.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.flowables import Image

from .context import DRAFT_TEXT, ProposalContext
from .fonts import BODY, BOLD, fit_width, literal, plain
from .outlines import draw_outlined, text_width

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
WATERMARK_SIZE = 44
# 16% of a dark red over white, as an opaque colour: the mark is drawn before
# the page's content, under it, and a form cannot carry a transparency state.
WATERMARK_COLOR = colors.Color(0.96, 0.856, 0.856)
class Heading(Paragraph):
    """A section heading that is also a bookmark (an outline entry) where
    it is drawn: also inside the one-page template's shrinking frame,
    where the page position is only known when it is drawn."""

    def draw(self):
        super().draw()
        hold = getattr(self.canv, "hold_bookmark", None)
        title = plain(self.getPlainText(), 120)
        if hold is not None and title:
            hold(title, 0, self.canv.absolutePosition(0, self.height)[1])


def pdf_language(locale: str) -> str:
    """The document's /Lang from the user's locale: en_US -> en-US."""
    return locale.replace("_", "-")
__all__ = ["DRAFT_TEXT", "NumberedCanvas", "ProposalDocument", "logo_image"]


class NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "Page x of y".

    The section bookmarks are held with their page: the PDF's page objects
    are only made when a held page is finally shown, and a bookmark names
    the page being made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._bookmarks_here: list[tuple[str, str, int, float]] = []  # key, title, level, top

    def hold_bookmark(self, title: str, level: int, top: float) -> None:
        key = f"section-{sum(len(page['_bookmarks_here']) for page in self._pages) + len(self._bookmarks_here)}"
        self._bookmarks_here.append((key, title, level, top))

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._bookmarks_here = []
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            for key, title, level, top in self._bookmarks_here:
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
                self.addOutlineEntry(title, key, level)
            self.setFont(BODY, 7.5)
            self.setFillColor(colors.HexColor("#6B6B6B"))
            width = self._pagesize[0]
            self.drawRightString(width - ProposalDocument.margin, ProposalDocument.margin * 0.55,
                                 f"Page {number} of {total}")
            super().showPage()
        if any(state["_bookmarks_here"] for state in self._pages):
            self.showOutline()
        self.setViewerPreference("DisplayDocTitle", "true")  # the title, not the file name, in the title bar
        super().save()


class ProposalDocument(BaseDocTemplate):
    margin = 18 * mm
    header_height = 12 * mm
    header_logo = (40 * mm, 7 * mm)  # the box a logo is fitted into: width, height

    def __init__(self, out, context: ProposalContext, invariant: bool):
        self.context = context
        quote = context.quote
        super().__init__(
            out,
            pagesize=PAGE_SIZES[context.template.page_size],
            leftMargin=self.margin, rightMargin=self.margin,
            topMargin=self.margin + self.header_height, bottomMargin=self.margin,
            title=plain(f"Proposal {quote.id} for {quote.customer.name}"),
            author=plain(context.company or context.prepared_by[0]),
            subject=plain(context.template.name),
            creator="Quotewright",
            invariant=1 if invariant else 0,
            lang=pdf_language(context.settings.locale),
        )
        width, height = self.pagesize
        frame = Frame(self.margin, self.margin, width - 2 * self.margin, height - 2 * self.margin - self.header_height,
                      id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(self.margin, self.margin, width - 2 * self.margin, height - 2 * self.margin, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [cover], onPage=self._cover_page),
            PageTemplate("body", [frame], onPage=self._body_page),
        ])

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - 2 * self.margin

    @property
    def frame_height(self) -> float:
        """The body frame's height (a body page: below the header band)."""
        return self.pagesize[1] - 2 * self.margin - self.header_height

    def _cover_page(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(self.context.accent)
        canvas.rect(0, self.pagesize[1] - 8 * mm, self.pagesize[0], 8 * mm, stroke=0, fill=1)
        canvas.restoreState()
        self._footer(canvas)
        self._marks(canvas)

    def _body_page(self, canvas, doc) -> None:
        width, height = self.pagesize
        context = self.context
        canvas.saveState()
        canvas.setStrokeColor(context.accent)
        canvas.setLineWidth(1.2)
        top = height - self.margin
        canvas.line(self.margin, top - self.header_height + 3 * mm, width - self.margin, top - self.header_height + 3 * mm)
        logo = logo_image(context, *self.header_logo)
        left = self.margin
        if logo is not None:
            box_height = self.header_logo[1]
            logo.drawOn(canvas, left, top - 8 * mm + (box_height - logo.drawHeight) / 2)
            left += logo.drawWidth + 3 * mm
        style = context.styles["cell"]
        name = fit_width(context.company, width - self.margin - left, style.fontSize)
        title = Paragraph(literal(name), style)
        title.wrapOn(canvas, width - self.margin - left, 10 * mm)
        title.drawOn(canvas, left, top - 7 * mm)
        canvas.restoreState()
        self._footer(canvas)
        self._marks(canvas)

    def _footer(self, canvas) -> None:
        context = self.context
        trace = f" {context.trace}" if context.trace else ""
        parts = (context.company, f"Quote {context.quote.id}{trace}", context.quote.customer.name)
        text = " · ".join(part for part in parts if part)
        style = context.styles["muted"]
        footer = Paragraph(literal(fit_width(text, self.frame_width * 0.75, style.fontSize)), style)
        footer.wrapOn(canvas, self.frame_width * 0.75, 10 * mm)
        footer.drawOn(canvas, self.margin, self.margin * 0.45)

    def _marks(self, canvas) -> None:
        """DRAFT and EXPIRED: a line of text at the top right (it is meant to
        be read, and copied), and a large diagonal watermark drawn as glyph
        outlines, which is no text: copied text and `pdftotext` never see it."""
        marks = self.context.marks
        if not marks:
            return
        width, height = self.pagesize
        words = [word for word, _ in marks]
        # Drawn once per document as a form, which every page then shows:
        # the outlines are thousands of path points, written once.
        form = "watermark-" + "-".join(word.split()[0] for word in words)
        if not canvas.hasForm(form):
            canvas.beginForm(form)
            canvas.setFillColor(WATERMARK_COLOR)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(40)
            for line, word in enumerate(words):
                baseline = (len(words) - 1) * WATERMARK_SIZE * 0.7 - line * WATERMARK_SIZE * 1.4
                draw_outlined(canvas, word, BOLD, WATERMARK_SIZE, -text_width(word, BOLD, WATERMARK_SIZE) / 2,
                              baseline)
            canvas.endForm()
        canvas.doForm(form)
        canvas.saveState()
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(colors.HexColor("#B00020"))
        canvas.drawRightString(width - self.margin, height - self.margin * 0.6, " · ".join(text for _, text in marks))
        canvas.restoreState()


def logo_image(context: ProposalContext, width: float, height: float) -> Image | None:
    """The branding logo as large as fits a `width` x `height` box with its
    aspect ratio kept (a 100000 x 1 logo is a hairline, not a page-wide
    band), or None when there is none."""
    logo = context.logo
    if logo is None:
        return None
    scale = min(width / logo.width, height / logo.height)
    return Image(io.BytesIO(logo.data), width=logo.width * scale, height=logo.height * scale)
