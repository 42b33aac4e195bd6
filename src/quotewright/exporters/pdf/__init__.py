"""The PDF proposal: a branded document a customer can sign.

A template (templates/*.toml) picks the sections and their words; the
settings bring the branding. The renderer lays out what the engine computed
and never sums; it leaves out everything internal (cost to serve, margin,
approval, warnings) and marks a quote that needs approval as a draft.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from reportlab.lib.utils import ImageReader

from ...domain.proposal_template import ProposalTemplate
from ...domain.settings import Settings
from ...storage.jsonfile import write_atomic
from ...storage.problems import FileProblem
from ...storage.templates import load_template
from ..base import ExportJob, register
from .context import ProposalContext
from .document import NumberedCanvas, ProposalDocument
from .fonts import register_fonts
from .sections_back import acceptance, rate_card, terms
from .sections_front import cover, header, included, summary
from .sections_money import invoices, outcomes, pricing, scenarios
from .sections_usage import credit_burn, usage

SECTIONS = {
    "cover": cover, "header": header, "summary": summary, "included": included, "pricing": pricing,
    "usage": usage, "credit_burn": credit_burn, "scenarios": scenarios, "outcomes": outcomes,
    "invoices": invoices, "terms": terms, "acceptance": acceptance, "rate_card": rate_card,
}


def _check_logo(settings: Settings) -> None:
    path = settings.branding.logo_path
    if not path:
        return
    try:
        ImageReader(path).getSize()
    except Exception as error:  # reportlab raises many kinds for a bad image
        raise FileProblem(path, "", f"cannot be used as the logo (settings branding.logo_path): {error}") from None


def render_proposal(job: ExportJob, settings: Settings, template: ProposalTemplate, *,
                    today: dt.date | None = None, invariant: bool = False) -> bytes:
    """The proposal as PDF bytes."""
    register_fonts()
    _check_logo(settings)
    context = ProposalContext(job, settings, template, today or dt.date.today())
    buffer = io.BytesIO()
    document = ProposalDocument(buffer, context, invariant)
    story: list = []
    if template.sections[0].kind != "cover":
        document.pageTemplates = [document.pageTemplates[1]]  # every page is a body page
    for section in template.sections:
        story += SECTIONS[section.kind](context, section, document.frame_width)
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


class PdfExporter:
    identifier = "pdf"
    label = "PDF proposal"
    suffix = ".pdf"

    def export(self, job: ExportJob, settings: Settings, out: Path) -> None:
        template = load_template(settings.default_template or "full")
        write_atomic(Path(out), render_proposal(job, settings, template))


register(PdfExporter())
