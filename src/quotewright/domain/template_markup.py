"""The inline markup a proposal template's text may use, checked when the
template is loaded so that a bad tag is refused with its field, never found
halfway through a render.

A template is boilerplate written by a company, but it is filled with values
that come from quotes (a customer's name, a quote id), so the rules are
strict: a short list of tags, quoted attributes from a short list, tags that
nest and close, no images (an `<img>` would read any file on the machine),
links only to web or mail addresses, and placeholders only where the
renderer can escape them: in text, or in a link's address after its host.
"""

from __future__ import annotations

import re
import unicodedata

# Tags reportlab's paragraphs understand that a template may use, and the
# attributes each may carry. Everything else (<img>, <para>, <span>, <link>,
# <bullet>, <seq>, <onDraw>...) is refused.
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(), "strong": frozenset(), "i": frozenset(), "em": frozenset(), "u": frozenset(),
    "strike": frozenset(), "super": frozenset(), "sup": frozenset(), "sub": frozenset(), "br": frozenset(),
    "font": frozenset({"name", "size", "color"}),
    "a": frozenset({"href", "color"}),
}
EMPTY_TAGS = frozenset({"br"})
# The fonts a template may name: the ones shipped with Quotewright (the PDF
# registers them under these names). reportlab's built-in fonts cover Latin-1
# only and would print other names as boxes, so they are not offered.
TEMPLATE_FONTS = ("QW-Sans", "QW-Sans-Bold", "QW-Sans-Oblique")
MIN_FONT_SIZE, MAX_FONT_SIZE = 5, 36
LINK_SCHEMES = ("https://", "http://", "mailto:")

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTRIBUTE = re.compile(r"""\s+([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*("[^"]*"|'[^']*')""")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
_SIZE = re.compile(r"[0-9]{1,2}(\.[0-9]{1,2})?")
# What must come before a placeholder in a link: the scheme and the whole
# host, so a value can only fill a path, a query or a fragment.
_LINK_PREFIX = re.compile(r"(https?://[^/?#{}\s\"'<>]+[/?#]|mailto:[^?{}\s\"'<>]+\?)")


class MarkupError(ValueError):
    """Template text whose markup a proposal cannot print safely."""


def check_markup(text: str) -> str:
    """`text` unchanged if its markup follows the rules above; else MarkupError
    with a message that says what to write instead."""
    stack: list[str] = []
    position = 0
    while True:
        start = text.find("<", position)
        _check_text(text[position:start if start >= 0 else len(text)])
        if start < 0:
            break
        match = _TAG.match(text, start)
        if match is None:
            raise MarkupError(f"a '<' at character {start + 1} starts no tag (write &lt; for a literal <)")
        closing, name, attributes, empty = match.group(1), match.group(2).lower(), match.group(3), match.group(4)
        _check_tag(name, closing, attributes, empty)
        if closing:
            if not stack:
                raise MarkupError(f"</{name}> closes no tag")
            if stack[-1] != name:
                raise MarkupError(f"</{name}> comes before </{stack[-1]}>: tags must close in order")
            stack.pop()
        elif not empty:
            stack.append(name)
        position = match.end()
    if stack:
        raise MarkupError(f"<{stack[-1]}> is never closed (add </{stack[-1]}>)")
    return text


def _check_text(text: str) -> None:
    for match in re.finditer(r"&", text):
        entity = _ENTITY.match(text, match.start())
        if entity is None:
            continue  # a bare & prints as itself
        reference = entity.group(1)
        if reference.startswith("#"):
            code = int(reference[2:], 16) if reference[1:2] in "xX" else int(reference[1:])
            if not _printable(code):
                raise MarkupError(f"&{reference}; is not a printable character")


def _printable(code: int) -> bool:
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return False
    if code in (0x0A, 0x09):
        return True
    char = chr(code)
    return unicodedata.category(char) != "Cc" and not (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)


def _check_tag(name: str, closing: str, attributes: str, empty: str) -> None:
    if name not in ALLOWED_TAGS:
        allowed = ", ".join(f"<{tag}>" for tag in ALLOWED_TAGS)
        reason = " (a template must not read files)" if name == "img" else ""
        raise MarkupError(f"<{name}> is not allowed in template text{reason}; allowed: {allowed}")
    if name in EMPTY_TAGS and not closing and not empty:
        raise MarkupError(f"write <{name}/>, not <{name}>")
    if closing and (attributes.strip() or empty):
        raise MarkupError(f"</{name}> takes no attributes")
    if empty and name not in EMPTY_TAGS:
        raise MarkupError(f"<{name}/> is empty; write <{name}>...</{name}>")
    if name in EMPTY_TAGS and closing:
        raise MarkupError(f"</{name}> closes no tag (write <{name}/>)")
    consumed = 0
    seen: set[str] = set()
    for match in _ATTRIBUTE.finditer(attributes):
        if match.start() != consumed:
            break
        consumed = match.end()
        attribute, value = match.group(1).lower(), match.group(2)[1:-1]
        if attribute not in ALLOWED_TAGS[name]:
            allowed = ", ".join(sorted(ALLOWED_TAGS[name])) or "none"
            raise MarkupError(f"<{name}> cannot have {attribute}= (allowed: {allowed})")
        if attribute in seen:
            raise MarkupError(f"<{name}> has {attribute}= twice")
        seen.add(attribute)
        _check_attribute(name, attribute, value)
    if attributes[consumed:].strip():
        raise MarkupError(f'the attributes of <{name}> must be written name="value"')


def _check_attribute(tag: str, attribute: str, value: str) -> None:
    if attribute == "href":
        _check_link(value)
        return
    if _PLACEHOLDER.search(value):
        raise MarkupError(f"a placeholder cannot set {attribute}= of <{tag}>; placeholders may stand in text "
                          "or in a link's address after its host")
    if attribute == "color" and not _COLOR.fullmatch(value):
        raise MarkupError(f"color={value!r} must be a #rrggbb colour such as #1F4E79")
    if attribute == "name" and value not in TEMPLATE_FONTS:
        raise MarkupError(f"font {value!r} is not available; use one of {', '.join(TEMPLATE_FONTS)}")
    if attribute == "size":
        if not _SIZE.fullmatch(value) or not MIN_FONT_SIZE <= int(value.split(".")[0]) <= MAX_FONT_SIZE:
            raise MarkupError(f"size={value!r} must be a number from {MIN_FONT_SIZE} to {MAX_FONT_SIZE}")


def _check_link(value: str) -> None:
    if not value.startswith(LINK_SCHEMES):
        raise MarkupError(f"a link must start with {', '.join(LINK_SCHEMES)} (not {value[:40]!r})")
    first = _PLACEHOLDER.search(value)
    if first is not None and not _LINK_PREFIX.match(value[:first.start()]):
        raise MarkupError("a placeholder in a link must come after its host "
                          "(https://crm.example.com/quotes/{quote_id}), so a value cannot send it elsewhere")
    if any(char in value for char in "<>\"'\\") or any(ord(char) < 0x21 for char in value):
        raise MarkupError("a link's address cannot hold spaces, quotes, < > or control characters")
