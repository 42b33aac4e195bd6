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
    escaped for where it stands. A value that ends a sentence with its own
    period ("Acme Ltd.") takes the place of the template's: never "Ltd.."."""
    out: list[str] = []
    ended_with_period = False
    for part in _TAG.split(markup):
        if part.startswith("<"):
            out.append(_PLACEHOLDER.sub(lambda match: quote(values[match.group(1)], safe=""), part))
            continue
        for index, piece in enumerate(_PLACEHOLDER.split(part)):
            # split() alternates text and placeholder names
            if index % 2:
                value = values[piece]
                out.append(literal(value))
                ended_with_period = value.endswith(".") if value else ended_with_period
                continue
            if ended_with_period and piece.startswith("."):
                piece = piece[1:]
            if piece:
                ended_with_period = False
            out.append(template_text(piece))
    return "".join(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z]+)[^>]*?(/?)\s*>")


def without_sentences_naming(markup: str, names: set[str]) -> str:
    """Template markup without the sentences that hold a placeholder of
    `names` (values that are not set): "Prepared by {company} for
    {customer}. Quote {quote_id}." is "Quote {quote_id}." without a company.
    A sentence whose tags open or close outside it is kept as it is."""
    if not names or not any(f"{{{name}}}" in markup for name in names):
        return markup
    kept = []
    for sentence in _sentences(markup):
        named = any(f"{{{name}}}" in sentence for name in names)
        if not (named and _balanced(sentence)):
            kept.append(sentence)
    return " ".join(kept)


def _sentences(markup: str) -> list[str]:
    """The sentences of `markup`, split only where no tag is open around the break."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(markup):
        before = markup[start:match.start()]
        if before.count("<") == before.count(">"):
            sentences.append(before)
            start = match.end()
    sentences.append(markup[start:])
    return [sentence for sentence in sentences if sentence.strip()]


def _balanced(sentence: str) -> bool:
    depth: dict[str, int] = {}
    for closing, name, self_closing in _TAG_NAME.findall(sentence):
        if self_closing:
            continue
        depth[name.lower()] = depth.get(name.lower(), 0) + (-1 if closing else 1)
        if depth[name.lower()] < 0:
            return False
    return not any(depth.values())


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
