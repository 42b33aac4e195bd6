"""Everything a proposal section needs: the job, the settings, the template,
the logo (read once, as bytes), the plans side by side when the proposal
shows them, paragraph styles, and number formatting in the user's locale."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote
from xml.sax.saxutils import escape
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ...domain.approval import needs_approval
from ...domain.commitment import committed_and_estimated
from ...domain.compare import Comparison
from ...domain.new_quote import DEFAULT_VALIDITY_TEXT
from ...domain.plurals import is_one, unit_word
from ...domain.proposal_template import ProposalTemplate
from ...domain.settings import Branding, Settings
from ...formatting import format_date, format_money, format_month, format_percent, format_quantity, format_rate
from ...storage.logos import Logo
from ..base import ExportJob
from .fonts import BODY, BOLD, literal
from .markup import fill_markup, without_sentences_naming

BILLING_WORDS = {"monthly": "monthly", "annual": "annually in advance"}
DRAFT_TEXT = "DRAFT - pending approval"
UNSET_COMPANY = Branding.model_fields["company_name"].default  # "Your company": a placeholder, never printed
EXPIRED_WORD = "EXPIRED"


@dataclass
class ProposalContext:
    job: ExportJob
    settings: Settings
    template: ProposalTemplate
    today: dt.date
    logo: Logo | None = None
    comparison: Comparison | None = None  # every plan priced for this customer, for "Your options"
    styles: dict[str, ParagraphStyle] = field(init=False)
    accent: colors.Color = field(init=False)

    def __post_init__(self) -> None:
        theme = self.template.theme
        accent = self.settings.branding.accent_color if theme.accent == "branding" else theme.accent
        self.accent = colors.HexColor(accent)
        self.text = colors.HexColor(theme.text_color)
        self.muted = colors.HexColor(theme.muted_color)
        self.stripe = colors.HexColor(theme.table_stripe)
        self.styles = _styles(theme.base_size, theme.heading_size, self.text, self.muted, self.accent)

    # --- the quote at hand -------------------------------------------------
    @property
    def priced(self):
        return self.job.priced

    @property
    def quote(self):
        return self.job.quote

    @property
    def catalog(self):
        return self.job.catalog

    @property
    def plan(self):
        return self.catalog.plan(self.quote.plan)

    @property
    def draft(self) -> bool:
        """A quote that needs approval makes a draft proposal, unless it is
        a library revision that is approved (LIBRARY.md 2)."""
        stamp = self.job.stamp
        if stamp is not None:
            return not stamp.final
        return needs_approval(self.priced)

    @property
    def expired(self) -> bool:
        """The quote's validity date has passed (a quote without one is not
        dated, so it cannot expire)."""
        valid_until = self.quote.valid_until
        return valid_until is not None and valid_until < self.today

    @property
    def expired_text(self) -> str:
        return f"{EXPIRED_WORD} - this proposal was valid until {self.valid_until}"

    @property
    def marks(self) -> list[tuple[str, str]]:
        """(watermark word, top-of-page line) for each mark every page carries."""
        marks = []
        if self.expired:
            marks.append((EXPIRED_WORD, self.expired_text))
        if self.draft:
            marks.append((DRAFT_TEXT, DRAFT_TEXT))
        return marks

    @property
    def trace(self) -> str:
        """The revision a proposal came from: "rev 3 · 1a2b3c4d5e6f" ("" if none)."""
        stamp = self.job.stamp
        return f"rev {stamp.revision} · {stamp.short_hash}" if stamp is not None else ""

    def split(self, case=None) -> tuple[Decimal, Decimal]:
        """(committed, estimated usage-based) fees of `case` (the expected
        usage by default): `domain.commitment`'s one definition."""
        return committed_and_estimated(case if case is not None else self.priced.expected)

    # --- formatting ----------------------------------------------------------
    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.priced.currency, self.settings.locale)

    def rate(self, amount: Decimal) -> str:
        return format_rate(amount, self.priced.currency, self.settings.locale)

    def quantity(self, value: Decimal | int) -> str:
        return format_quantity(Decimal(value), self.settings.locale)

    def percent(self, value: Decimal) -> str:
        return format_percent(value, self.settings.locale)

    def date(self, value: dt.date | None) -> str:
        return format_date(value, self.settings.locale) if value else ""

    def month(self, month: int) -> str:
        """Contract month `month` as the customer reads it: a calendar month
        ("Sep 2026") when the quote has a start date, else "month 9"."""
        start = self.quote.start_date
        return format_month(start, month, self.settings.locale) if start else f"month {month}"

    def counted(self, count, singular: str, own_plural: str = "") -> str:
        """A count and its word: "1 month", "41 packs", "2 queries"."""
        return f"{self.quantity(count)} {unit_word(singular, is_one(count), own_plural)}"

    def units(self, count, unit) -> str:
        """A count of a work unit in its unit: "1 query", "2 anomalies"."""
        return f"{self.quantity(count)} {unit.unit_for(count)}"

    # --- text --------------------------------------------------------------
    @property
    def company(self) -> str:
        """The branding's company name, or "" when none is set: the default
        "Your company" is a settings placeholder and never reaches a customer."""
        name = self.settings.branding.company_name.strip()
        return "" if name == UNSET_COMPANY else name

    @property
    def valid_until(self) -> str:
        """The quote's validity date, or the default validity in words."""
        return self.date(self.quote.valid_until) or DEFAULT_VALIDITY_TEXT

    @property
    def website_markup(self) -> str:
        """The branding's website as a link ("" without one): "northwind.example"
        opens https://northwind.example; the text prints as typed."""
        site = self.settings.branding.website.strip()
        if not site or any(char.isspace() for char in site):
            return literal(site) if site else ""
        address = site if re.match(r"(?i)https?://", site) else f"https://{site}"
        href = escape(quote(address, safe=":/?#[]@!$&'()*+,;=%~"), {'"': "&quot;"})
        return f'<a href="{href}" color="#{self.accent.hexval()[2:]}">{literal(site)}</a>'

    @property
    def prepared_by(self) -> tuple[str, str, str]:
        person = self.quote.prepared_by
        if person is not None:
            return person.name, person.role, person.email
        return self.settings.rep_name, self.settings.rep_role, self.settings.rep_email

    def placeholder_values(self) -> dict[str, str]:
        quote, priced = self.quote, self.priced
        name, role, _ = self.prepared_by
        values = {
            "customer": quote.customer.name,
            "contact": quote.customer.contact,
            "quote_id": quote.id,
            "date": self.date(quote.date or self.today),
            "valid_until": self.valid_until,
            "prepared_by": name or self.company,
            "prepared_by_role": role,
            "company": self.company,
            "website": self.settings.branding.website,
            "plan": self.plan.name,
            "term_months": str(quote.term_months),
            "billing": BILLING_WORDS[quote.billing],
            "tcv": self.money(priced.totals.tcv),
            "acv": self.money(priced.totals.acv),
            "first_year": self.money(priced.years[0].total),
            "currency": priced.currency,
        }
        return values

    def fill(self, text: str) -> str:
        """Template text with its placeholders filled, as paragraph markup.
        A sentence naming a value that is not set ({company} without
        branding, {website} without one) is left out, not printed with a gap."""
        values = self.placeholder_values()
        unset = {name for name in ("company", "website", "contact", "prepared_by_role") if not values[name]}
        return fill_markup(without_sentences_naming(text, unset), values)


def _styles(base: int, heading: int, text, muted, accent) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=BODY, fontSize=base, leading=base * 1.4, textColor=text,
                          splitLongWords=True, spaceAfter=base * 0.6)
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=base * 1.4, bulletIndent=base * 0.3,
                                 spaceAfter=base * 0.25),
        "muted": ParagraphStyle("muted", parent=body, textColor=muted, fontSize=base - 1, leading=(base - 1) * 1.35),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0, leading=base * 1.25),
        "cell_right": ParagraphStyle("cell_right", parent=body, spaceAfter=0, leading=base * 1.25, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontName=BOLD, textColor=colors.white, spaceAfter=0,
                                    leading=base * 1.25),
        "cell_head_right": ParagraphStyle("cell_head_right", parent=body, fontName=BOLD, textColor=colors.white,
                                          spaceAfter=0, leading=base * 1.25, alignment=TA_RIGHT),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD, fontSize=heading * 2, leading=heading * 2.4,
                             textColor=accent, spaceAfter=heading),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=heading, leading=heading * 1.3,
                             textColor=accent, spaceBefore=heading * 0.9, spaceAfter=heading * 0.35,
                             keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=body, fontName=BOLD, fontSize=base + 1, leading=(base + 1) * 1.3,
                             spaceBefore=base * 0.6, spaceAfter=base * 0.3, keepWithNext=1),
        "intro": ParagraphStyle("intro", parent=body, keepWithNext=1),
        "big": ParagraphStyle("big", parent=body, fontName=BOLD, fontSize=base + 5, leading=(base + 5) * 1.3),
        "draft": ParagraphStyle("draft", parent=body, fontName=BOLD, textColor=colors.HexColor("#B00020")),
    }
