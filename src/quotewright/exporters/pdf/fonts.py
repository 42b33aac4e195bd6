"""Fonts for proposals, and text made safe for reportlab's paragraphs.

DejaVu Sans ships in resources/fonts and is embedded: it covers Latin with
accents, Greek and Cyrillic. Chinese, Japanese and Korean are drawn with a
TrueType font of the system that covers them, found through fontconfig
(`fc-match :lang=zh`) or at a few known places on Windows and macOS, and
embedded as a subset (reportlab writes only the glyphs used). It is looked
for the first time such text is drawn, once per process: a proposal in Latin
script never pays for it (loading a CJK font takes about half a second).
Where the system has none, the text falls back to reportlab's CID fonts,
which are not embedded and show as empty boxes in many viewers:
`missing_font_warning` says so at export, naming the script.

`literal()` escapes markup and switches font for each run of characters
DejaVu cannot draw, so any name prints as typed; control characters,
surrogates and non-characters become U+FFFD wherever text is drawn, and
`plain()` makes a one-line string for the PDF's metadata.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

BODY, BOLD, ITALIC = "QW-Sans", "QW-Sans-Bold", "QW-Sans-Oblique"
_FILES = {BODY: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
CJK_FONTS = {"chinese": "STSong-Light", "japanese": "HeiseiKakuGo-W5", "korean": "HYGothic-Medium"}
"""The CID fonts used when the system has no font for a script (not embedded)."""
SCRIPT_NAMES = {"chinese": "Chinese", "japanese": "Japanese", "korean": "Korean"}
_LANGUAGES = {"chinese": "zh-cn", "japanese": "ja", "korean": "ko"}  # fontconfig's language tags
# Where Linux (without fontconfig's fc-match), Windows and macOS keep fonts
# that cover each script (TrueType outlines: reportlab cannot embed CFF ones
# such as Noto Sans CJK's).
_WQY = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
_KNOWN_FILES = {
    "chinese": (*_WQY, "C:/Windows/Fonts/msyh.ttc", "C:/Windows/Fonts/simsun.ttc",
                "/System/Library/Fonts/STHeiti Light.ttc", "/Library/Fonts/Arial Unicode.ttf"),
    "japanese": (*_WQY, "C:/Windows/Fonts/YuGothR.ttc", "C:/Windows/Fonts/msgothic.ttc",
                 "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc", "/Library/Fonts/Arial Unicode.ttf"),
    "korean": (*_WQY, "C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/gulim.ttc",
               "/System/Library/Fonts/AppleSDGothicNeo.ttc", "/Library/Fonts/Arial Unicode.ttf"),
}
_PROBES = {"chinese": "中文", "japanese": "ひらがなカタカナ", "korean": "한국어"}
_FC_TIMEOUT = 10  # seconds: fontconfig builds its cache on a first run

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


class _SystemFont:
    """A system font registered for the PDF: its name and what it draws."""

    def __init__(self, name: str, path: str, index: int, covered: frozenset[int]):
        self.name, self.path, self.index, self.covered = name, path, index, covered


_system_fonts: dict[str, _SystemFont | None] = {}  # by script; None: the system has none
_by_file: dict[tuple[str, int], _SystemFont] = {}
_lock = threading.Lock()  # the app exports on a worker thread


def _fontconfig_candidates(script: str) -> list[tuple[str, int]]:
    """TrueType fonts fontconfig says cover the script, best match first."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return []
    language = _LANGUAGES[script]
    try:
        result = subprocess.run([fc_match, "-s", f":lang={language}", "-f",
                                 "%{file}\t%{index}\t%{fontformat}\t%{lang}\n"],
                                capture_output=True, text=True, timeout=_FC_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return []
    found: list[tuple[str, int]] = []
    for line in result.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) == 4 and fields[2] == "TrueType" and language in fields[3].split("|"):
            with contextlib.suppress(ValueError):
                found.append((fields[0], int(fields[1])))
    return found


def _load(path: str, index: int, script: str) -> _SystemFont | None:
    """The font at `path` (face `index` of a .ttc), registered, if it loads
    and draws the script's probe characters; None otherwise."""
    if (path, index) in _by_file:
        font = _by_file[(path, index)]
    else:
        name = f"QW-CJK-{len(_by_file) + 1}"
        try:
            face = TTFont(name, path, subfontIndex=index)
        except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
            return None  # CFF outlines, a damaged file, no such face
        pdfmetrics.registerFont(face)
        for bold in (0, 1):  # one weight: bold and italic runs use it too
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
        font = _SystemFont(name, path, index, frozenset(face.face.charToGlyph))
        _by_file[(path, index)] = font
    return font if all(ord(char) in font.covered for char in _PROBES[script]) else None


def system_font(script: str) -> _SystemFont | None:
    """The embedded font for "chinese", "japanese" or "korean", looked for
    once per process; None when the system has none."""
    with _lock:
        if script not in _system_fonts:
            register_fonts()
            override = os.environ.get("QUOTEWRIGHT_CJK_FONT", "")  # a font file of one's own (path[#face])
            candidates = [(override.partition("#")[0], int(override.partition("#")[2] or 0))] if override else []
            candidates += _fontconfig_candidates(script)
            candidates += [(path, 0) for path in _KNOWN_FILES[script] if Path(path).is_file()]
            _system_fonts[script] = next(
                (font for path, index in candidates if (font := _load(path, index, script)) is not None), None)
        return _system_fonts[script]


def missing_font_warning(*sources: Any) -> str | None:
    """One line for the person exporting when text in `sources` (strings,
    or models, dicts and lists holding them: the quote, the catalog, the
    settings, the template) is in a script this system has no font for, so
    the proposal shows it with a font it does not embed; None when every
    character is drawn with an embedded font."""
    register_fonts()
    scripts: set[str] = set()
    for text in _strings(sources):
        japanese = any(_script(c) == "japanese" for c in text)
        for char in text:
            if ord(char) not in _covered and (script := _script(char)):
                scripts.add("japanese" if japanese and script == "chinese" else script)
    missing = sorted(SCRIPT_NAMES[script] for script in scripts if system_font(script) is None)
    if not missing:
        return None
    names = " and ".join(missing)
    return (f"No font for {names} text was found on this system: the proposal draws it with a font it does not "
            f"embed, and many viewers show it as empty boxes. Install a TrueType CJK font (such as "
            f"fonts-wqy-microhei) or set QUOTEWRIGHT_CJK_FONT to one, and export again.")


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif hasattr(value, "model_dump"):
        yield from _strings(value.model_dump())
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


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
                font = _cjk_font(char, "japanese" if japanese and script == "chinese" else script)
        if font != run_font:
            flush()
            run_font = font
        run.append(char)
    flush()
    return "".join(out)


def _cjk_font(char: str, script: str) -> str:
    """The font that draws `char`: the system's embedded one when it has the
    glyph, else the script's CID font."""
    font = system_font(script)
    if font is not None and ord(char) in font.covered:
        return font.name
    return CJK_FONTS[script]


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
