"""The PDF proposal: a branded document a customer can sign.

A template (templates/*.toml) picks the sections and their words; the
settings bring the branding. The renderer lays out what the engine computed
and never sums; it leaves out everything internal (cost to serve, margin,
approval, warnings) and marks a quote that needs approval as a draft.

Everything a proposal reads from disk (the template, the logo) is read and
checked by `prepare_proposal` before any layout, so a bad input is one line
naming its file and field and nothing is half-rendered. A one-page template
(`max_pages = 1`) is laid out in one frame that shrinks its content to fit,
so long names and legal text cannot push it onto a second page.

A template's optional sections are left out unless the export switches them
on (`optional_sections`, by kind): the full template's "Your options"
(every plan side by side, from `domain.compare`) is one, off by default.
The comparison is worked out before any layout, and only when shown.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

from reportlab.platypus import CondPageBreak, KeepInFrame, KeepTogether

from ...domain.compare import Comparison, compare
from ...domain.errors import InvalidInput
from ...domain.proposal_template import ProposalTemplate
from ...domain.settings import Settings
from ...storage.jsonfile import write_atomic
from ...storage.logos import Logo, read_logo
from ...storage.problems import FileProblem
from ...storage.settings_store import settings_path
from ...storage.templates import load_template, template_path
from ..base import ExportJob
from .context import UNSET_COMPANY, ProposalContext
from .document import NumberedCanvas, ProposalDocument
from .fonts import register_fonts
from .markup import check_template_markup
from .sections_back import acceptance, rate_card, terms
from .sections_front import cover, header, included, summary
from .sections_money import invoices, outcomes, pricing, scenarios
from .sections_options import options
from .sections_spend import spend_protection
from .sections_usage import credit_burn, usage

SECTIONS = {
    "cover": cover, "header": header, "summary": summary, "included": included, "pricing": pricing,
    "usage": usage, "credit_burn": credit_burn, "scenarios": scenarios, "outcomes": outcomes,
    "invoices": invoices, "terms": terms, "acceptance": acceptance, "rate_card": rate_card,
    "spend_protection": spend_protection, "options": options,
}
OPTIONS = "options"
"""The kind of the "Your options" section: `optional_sections=(OPTIONS,)`
switches it on where a template has it as optional (the full template)."""


_READ = object()  # render_proposal's default: read the logo the settings name


def load_logo(settings: Settings) -> Logo | None:
    """The settings' logo, read and checked; errors name the settings file
    and `branding.logo_path`."""
    path = settings.branding.logo_path
    return read_logo(path, settings_path()) if path else None


def prepare_proposal(settings: Settings) -> tuple[ProposalTemplate, Logo | None]:
    """The template and the logo a proposal with these settings uses, each
    read and checked before anything is laid out."""
    path = template_path(settings.default_template or "full")
    template = load_template(str(path))
    try:
        check_template_markup(template)
    except InvalidInput as problem:
        raise FileProblem.from_invalid(path, problem) from None
    return template, load_logo(settings)


def render_proposal(job: ExportJob, settings: Settings, template: ProposalTemplate, *,
                    today: dt.date | None = None, invariant: bool = False, logo=_READ,
                    optional_sections: Iterable[str] = (), comparison: Comparison | None = None) -> bytes:
    """The proposal as PDF bytes. `optional_sections` are the kinds of the
    template's optional sections this export shows; `comparison` is
    `compare(catalog, quote)` when the caller has it (else it is worked out
    here, before any layout, if the proposal shows the options)."""
    register_fonts()
    template = template.for_export(optional_sections)
    check_template_markup(template)
    if logo is _READ:
        logo = load_logo(settings)
    if comparison is None and any(section.kind == OPTIONS for section in template.sections):
        comparison = compare(job.catalog, job.quote, own=job.priced, sweep=False)  # the rows are all it shows
    context = ProposalContext(job, settings, template, today or dt.date.today(), logo, comparison)
    buffer = io.BytesIO()
    document = ProposalDocument(buffer, context, invariant)
    story: list = []
    if template.sections[0].kind != "cover":
        document.pageTemplates = [document.pageTemplates[1]]  # every page is a body page
    for section in template.sections:
        story += SECTIONS[section.kind](context, section, document.frame_width)
    if template.max_pages == 1:
        # The model refuses covers and page breaks in a one-page template, so
        # the whole story can live in one frame that shrinks it to fit.
        story = [KeepInFrame(document.frame_width, document.frame_height, _unkept(story), mode="shrink")]
    else:
        story = kept_with_next(story)
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def kept_with_next(story: list) -> list:
    """The story with each run of keep-with-next flowables (a heading, its
    intro) joined to the KeepTogether group that follows it. reportlab keeps
    a heading with a plain flowable, but never with a group: the heading
    would stay at the foot of a page while its table moved on."""
    out: list = []
    run: list = []
    for flowable in story:
        if isinstance(flowable, KeepTogether) and run:
            out.append(KeepTogether(run + list(flowable._content)))
            run = []
        elif _keeps_with_next(flowable):
            run.append(flowable)
        else:
            out += run + [flowable]
            run = []
    return out + run


def _keeps_with_next(flowable) -> bool:
    return not getattr(flowable, "locChanger", False) and bool(flowable.getKeepWithNext())


def _unkept(story: list) -> list:
    """The story with its KeepTogether groups opened: inside one frame that
    never splits, they have nothing to do (and reportlab cannot draw them)."""
    flat: list = []
    for flowable in story:
        flat += _unkept(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]
    return [flowable for flowable in flat if not isinstance(flowable, CondPageBreak)]


class PdfExporter:
    """The registry's PDF exporter. `optional_sections` (keyword) switches on
    a template's optional sections for one export: `("options",)` adds
    "Your options" to the full template."""

    identifier = "pdf"
    label = "PDF proposal"
    suffix = ".pdf"

    def render(self, job: ExportJob, settings: Settings, *, optional_sections: Iterable[str] = ()) -> bytes:
        """The proposal's bytes, written nowhere: a caller that writes several
        outputs can produce them all before it writes any."""
        template, logo = prepare_proposal(settings)
        return render_proposal(job, settings, template, logo=logo, optional_sections=optional_sections)

    def warnings(self, job: ExportJob, settings: Settings) -> list[str]:
        """What the person exporting should know: the proposal names no
        company when the branding has none (it is left out, not printed as
        "Your company")."""
        found = []
        if settings.branding.company_name.strip() in ("", UNSET_COMPANY):
            found.append("branding.company_name is not set: the proposal names no company; set it in the "
                         "settings (the app's Settings, or branding.company_name in the settings file)")
        return found

    def export(self, job: ExportJob, settings: Settings, out: Path, *,
               optional_sections: Iterable[str] = ()) -> None:
        write_atomic(Path(out), self.render(job, settings, optional_sections=optional_sections))
