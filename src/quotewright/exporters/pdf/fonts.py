"""Fonts for proposals, and text made safe for reportlab's paragraphs.

DejaVu Sans ships in resources/fonts and is embedded: it covers Latin with
accents, Greek and Cyrillic. Chinese, Japanese and Korean fall back to
reportlab's CID fonts. `literal()` escapes markup and switches font for each
run of characters DejaVu cannot draw, so any name prints as typed; control
characters, surrogates and non-characters become U+FFFD wherever text is
drawn, and `plain()` makes a one-line string for the PDF's metadata.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import unicodedata
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

BODY, BOLD, ITALIC = "QW-Sans", "QW-Sans-Bold", "QW-Sans-Oblique"
_FILES = {BODY: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
CJK_FONTS = {"chinese": "STSong-Light", "japanese": "HeiseiKakuGo-W5", "korean": "HYGothic-Medium"}

_covered: frozenset[int] = frozenset()
_files = contextlib.ExitStack()
atexit.register(_files.close)  # a zipped import's temporary copies go at exit


def register_fonts() -> None:
    """Register the fonts once per process."""
    global _covered
    if _covered:
        return
    folder = resources.files("quotewright.resources") / "fonts"  # the top-level resources/fonts
    for name, filename in _FILES.items():
        path = _files.enter_context(resources.as_file(folder / filename))
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(BODY, bold, italic, BOLD if bold else ITALIC if italic else BODY)
    for font in CJK_FONTS.values():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    _covered = frozenset(pdfmetrics.getFont(BODY).face.charToGlyph)


def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    if name.startswith("HANGUL"):
        return "korean"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "japanese"
    if name.startswith(("CJK", "FULLWIDTH", "IDEOGRAPHIC", "HALFWIDTH")) or "\u3000" <= char <= "\u303f":
        return "chinese"
    return None


# C0 and C1 controls (but tab and line breaks), surrogates, and the
# non-characters U+FDD0-U+FDEF and U+xFFFE / U+xFFFF of every plane.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                      + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                for plane in range(17)) + "]")
# Bidirectional embeddings, overrides and isolates could make a title read
# backwards in a viewer's title bar; metadata has no use for them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
ELLIPSIS = "\u2026"


def printable(text: str) -> str:
    """`text` with every character no PDF should carry replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def plain(text: str, limit: int = 300) -> str:
    """One printable line for a PDF's title, author or subject: no controls,
    no line breaks, no bidi overrides, at most `limit` characters."""
    text = " ".join(_BIDI.sub("", _CONTROL.sub(" ", text)).split())
    return shortened(text, limit)


def shortened(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis if cut."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + ELLIPSIS


def fit_width(text: str, width: float, size: float) -> str:
    """`text` cut with an ellipsis so that one line of it at `size` points
    fits `width` (characters DejaVu lacks count as a full em, as CJK is)."""
    register_fonts()
    widths = [pdfmetrics.stringWidth(char, BODY, size) if ord(char) in _covered else size for char in text]
    if sum(widths) <= width:
        return text
    room, used, cut = width - pdfmetrics.stringWidth(ELLIPSIS, BODY, size), 0.0, 0
    for cut, char_width in enumerate(widths):
        if used + char_width > room:
            break
        used += char_width
    return text[:cut].rstrip() + ELLIPSIS


def literal(text: str) -> str:
    """`text` as paragraph markup that prints exactly what was typed."""
    register_fonts()
    text = printable(text)
    japanese = any(_script(c) == "japanese" for c in text)
    out: list[str] = []
    run_font: str | None = None
    run: list[str] = []

    def flush() -> None:
        if run:
            chunk = escape("".join(run)).replace("\n", "<br/>")
            out.append(f'<font name="{run_font}">{chunk}</font>' if run_font else chunk)
            run.clear()

    for char in text:
        font = None
        if ord(char) not in _covered and char not in "\n\r\t ":
            script = _script(char)
            if script:
                font = CJK_FONTS["japanese" if japanese and script == "chinese" else script]
        if font != run_font:
            flush()
            run_font = font
        run.append(char)
    flush()
    return "".join(out)


_TAG = re.compile(r"(<[^>]*>)")


def template_text(markup: str) -> str:
    """Template boilerplate: its tags are kept, its text gets CJK fallback."""
    parts = _TAG.split(markup)
    return "".join(part if part.startswith("<") else _fallback_only(part) for part in parts)


def _fallback_only(text: str) -> str:
    """Font runs for uncovered characters, leaving entities such as &amp; alone."""
    if all(ord(c) in _covered or c.isspace() for c in text):
        return text
    pieces = re.split(r"(&[a-zA-Z#0-9]+;)", text)
    return "".join(piece if piece.startswith("&") else literal(piece) for piece in pieces)
