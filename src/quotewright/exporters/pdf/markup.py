"""Template text made into paragraph markup: placeholders are filled for the
context they land in, and a template's markup is tried once with reportlab's
own parser before anything is laid out.

In text a value is printed literally (`literal()`: escaped, with font runs
for CJK); in a tag, which the template rules allow only in a link's address
after its host, a value is percent-encoded, so a quote id such as
`Q1" href="http://evil.example/phish` stays one path segment of the link the
template wrote and can never open an attribute of its own.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from ...domain.errors import InvalidInput
from ...domain.proposal_template import PLACEHOLDERS, ProposalTemplate
from .fonts import BODY, literal, register_fonts, template_text

_TAG = re.compile(r"(<[^>]*>)")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill_markup(markup: str, values: dict[str, str]) -> str:
    """Template markup with each {name} replaced by `values[name]` (raw text),
    escaped for where it stands."""
    out: list[str] = []
    for part in _TAG.split(markup):
        if part.startswith("<"):
            out.append(_PLACEHOLDER.sub(lambda match: quote(values[match.group(1)], safe=""), part))
            continue
        for index, piece in enumerate(_PLACEHOLDER.split(part)):
            # split() alternates text and placeholder names
            out.append(literal(values[piece]) if index % 2 else template_text(piece))
    return "".join(out)


def check_template_markup(template: ProposalTemplate) -> None:
    """Raise `InvalidInput` naming `sections[i].heading` or `.text` if
    reportlab cannot lay out a section's markup (the model's rules should
    already have refused it; this is the second net, run before a render)."""
    register_fonts()
    style = ParagraphStyle("check", fontName=BODY, fontSize=9, leading=12)
    sample = {name: "Sample" for name in PLACEHOLDERS}
    for index, section in enumerate(template.sections):
        for field in ("heading", "text"):
            text = getattr(section, field)
            if not text:
                continue
            try:
                Paragraph(fill_markup(text, sample), style).wrap(400, 10_000)
            except Exception as error:  # reportlab raises many kinds for bad markup
                raise InvalidInput(f"sections[{index}].{field}", f"cannot be laid out: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    """reportlab's message without the echo of the whole paragraph."""
    text = str(error)
    marker = "caused exception"
    if marker in text:
        text = text.split(marker, 1)[1]
    return " ".join(text.split())[:160] or type(error).__name__
