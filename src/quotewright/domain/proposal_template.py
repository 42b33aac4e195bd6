"""Proposal templates: which sections a PDF proposal has, in what order,
with which headings and boilerplate, in which theme.

A template is a small TOML file (see src/quotewright/templates/); text may
use the placeholders below, which are filled with the quote's values, and a
few inline tags (<b>, <i>, <br/>, <font>, <a href>: template_markup.py says
which, and checks them when the template is loaded). Values are inserted
literally: a customer called "<b>" is printed as typed, never as markup, and
a value in a link's address is percent-encoded, so it cannot move the link.

A section marked `optional = true` is left out unless the export switches
its kind on (`ProposalTemplate.for_export`): the full template carries the
plans side by side ("options") that way, off by default.
"""

import re
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .errors import field_error
from .settings import HexColor
from .template_markup import check_markup
from .values import Frozen, LongText, Name, ShortText, rebuilt

TEMPLATE_FORMAT = "quotewright.template/1"

PLACEHOLDERS = {
    "customer": "the customer's name",
    "contact": "the customer's contact",
    "quote_id": "the quote id",
    "date": "the quote date",
    "valid_until": "the validity date",
    "prepared_by": "who prepared the quote",
    "prepared_by_role": "their role",
    "company": "your company name (settings)",
    "website": "your website (settings)",
    "plan": "the plan's name",
    "term_months": "the term in months",
    "billing": "monthly or annual",
    "tcv": "the total contract value",
    "acv": "the annual contract value",
    "first_year": "the first year's total",
    "currency": "the currency code",
}

SectionKind = Literal[
    "cover", "header", "summary", "included", "pricing", "usage", "credit_burn", "scenarios", "outcomes",
    "invoices", "terms", "acceptance", "rate_card", "spend_protection", "options",
]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
Color = HexColor


def placeholders_in(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


class Section(Frozen):
    kind: SectionKind
    heading: ShortText = ""
    text: LongText = ""
    page_break_before: bool = False
    optional: bool = False  # shown only when an export switches this kind on

    @field_validator("heading", "text")
    @classmethod
    def _known_placeholders(cls, text: str) -> str:
        for name in placeholders_in(text):
            if name not in PLACEHOLDERS:
                known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                raise ValueError(f"unknown placeholder {{{name}}}; known: {known}")
        return check_markup(text)


class Theme(Frozen):
    accent: str = "branding"
    text_color: Color = "#222222"
    muted_color: Color = "#6B6B6B"
    table_stripe: Color = "#F3F5F9"
    base_size: Annotated[int, Field(strict=True, ge=7, le=14)] = 9
    heading_size: Annotated[int, Field(strict=True, ge=9, le=28)] = 14

    @field_validator("accent")
    @classmethod
    def _branding_or_color(cls, value: str) -> str:
        if value != "branding" and not _HEX.fullmatch(value):
            raise ValueError(f"must be \"branding\" or a #rrggbb colour such as #0B6E4F (not {value[:40]!r})")
        return value


class ProposalTemplate(Frozen):
    format: Literal["quotewright.template/1"] = TEMPLATE_FORMAT
    name: Name
    description: LongText = ""
    page_size: Literal["A4", "Letter"] = "A4"
    max_pages: Annotated[int, Field(strict=True, ge=1)] | None = None
    theme: Theme = Theme()
    sections: Annotated[list[Section], Field(min_length=1, max_length=50)]

    @field_validator("sections")
    @classmethod
    def _cover_or_header_first(cls, sections: list[Section]) -> list[Section]:
        for index, section in enumerate(sections[1:], 1):
            if section.kind in ("cover", "header"):
                raise field_error(f"[{index}].kind", f"{section.kind!r} must be the first section")
        return sections

    @model_validator(mode="after")
    def _something_is_always_shown(self) -> "ProposalTemplate":
        # An export that switches nothing on must still have a page to print.
        if all(section.optional for section in self.sections):
            raise field_error("sections", "are all optional; at least one must always be shown")
        return self

    def for_export(self, optional_sections: Iterable[str] = ()) -> "ProposalTemplate":
        """The template as one export lays it out: its optional sections
        left out, except those whose kind is in `optional_sections`."""
        on = frozenset(optional_sections)
        kept = [section for section in self.sections if not section.optional or section.kind in on]
        return self if len(kept) == len(self.sections) else rebuilt(self, sections=kept)

    @model_validator(mode="after")
    def _one_page_has_no_page_breaks(self) -> "ProposalTemplate":
        # A cover and a page break each start a page of their own, so a
        # one-page template with either could never keep its promise.
        if self.max_pages == 1:
            for index, section in enumerate(self.sections):
                if section.kind == "cover":
                    raise field_error(f"sections[{index}].kind",
                                      "a one-page template (max_pages = 1) cannot have a cover; use 'header'")
                if section.page_break_before:
                    raise field_error(f"sections[{index}].page_break_before",
                                      "a one-page template (max_pages = 1) cannot break the page")
        return self
