"""Fonts for proposals, and text made safe for reportlab's paragraphs.

DejaVu Sans ships with the package and is embedded: it covers Latin with
accents, Greek and Cyrillic. Chinese, Japanese and Korean fall back to
reportlab's CID fonts. `literal()` escapes markup and switches font for each
run of characters DejaVu cannot draw, so any name prints as typed.
"""

from __future__ import annotations

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


def register_fonts() -> None:
    """Register the fonts once per process."""
    global _covered
    if _covered:
        return
    folder = resources.files("quotewright") / "resources" / "fonts"
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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def literal(text: str) -> str:
    """`text` as paragraph markup that prints exactly what was typed."""
    register_fonts()
    text = _CONTROL.sub("\ufffd", text)
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
