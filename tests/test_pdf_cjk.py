"""Chinese, Japanese and Korean text in a proposal is drawn with a TrueType
font of the system (found through fontconfig), embedded as a subset, so
poppler draws real glyphs, not empty boxes, and reads the text back; with no
such font the export says which script it could not embed (issue 12 item 9).
.ci/run installs fonts-wqy-microhei, so in CI these tests never skip."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from builders import northwind_catalog, quote_data
from conftest import REPO
from pdf_reader import page_texts, squeezed
from tools import require_tool
from quotewright.domain import Catalog, Quote, price_quote
from quotewright.domain.settings import Settings
from quotewright.exporters.base import ExportJob
from quotewright.exporters.pdf import fonts, render_proposal
from quotewright.storage.templates import load_template

NAMES = {"chinese": "北京数据科技有限公司", "japanese": "株式会社さくらテスト", "korean": "삼성전자 주식회사"}
CID_NAMES = set(fonts.CJK_FONTS.values())
DEJAVU = REPO / "resources" / "fonts" / "DejaVuSans.ttf"


def _require_a_cjk_font(script: str) -> fonts._SystemFont:
    found = fonts.system_font(script)
    if found is None:
        message = f"no TrueType {script} font on this system (Debian: fonts-wqy-microhei, see .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must have it")
        pytest.skip(message)
    return found


def _pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font (name, type, emb)."""
    lines = subprocess.run([require_tool("pdffonts"), str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        fields = line.split()
        # name, type (one or two words), encoding, emb, sub, uni, object, generation
        rows.append({"name": fields[0], "emb": fields[-5]})
    return rows


@pytest.mark.parametrize("script", sorted(NAMES))
def test_a_cjk_customer_name_is_embedded_and_reads_back(script, tmp_path):
    font = _require_a_cjk_font(script)
    name = NAMES[script]
    catalog = Catalog.model_validate(northwind_catalog())
    quote = Quote.model_validate(quote_data(customer={"name": name, "contact": name[:3]}))
    path = tmp_path / f"{script}.pdf"
    path.write_bytes(render_proposal(ExportJob(catalog, quote, price_quote(catalog, quote)), Settings(),
                                     load_template("summary"), today=dt.date(2026, 11, 24), invariant=True))
    assert squeezed(name) in squeezed("\n".join(page_texts(path)))
    used = _pdffonts(path)
    assert not CID_NAMES & {row["name"] for row in used}, used  # no unembedded CID font any more
    assert all(row["emb"] == "yes" for row in used if row["name"] != "Helvetica"), used
    embedded = [row["name"] for row in used if "DejaVu" not in row["name"] and row["name"] != "Helvetica"]
    assert embedded and all("+" in subset for subset in embedded), used  # AAAAAA+Name: a subset
    assert Path(font.path).is_file()


def _pgm(path: Path) -> tuple[int, int, bytes]:
    """A binary PGM (P5) as width, height and its grey bytes."""
    data = path.read_bytes()
    fields, position = [], 0
    while len(fields) < 4:  # magic, width, height, maximum, separated by whitespace
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5" and int(fields[3]) == 255
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1:position + 1 + width * height]


def _glyph_renders(text: str, folder: Path) -> list[bytes]:
    """Each character of `text` drawn through `fonts.literal` (the
    proposal's path) on a page of its own, rendered by pdftoppm: the grey
    pixels of each page."""
    path = folder / "glyphs.pdf"
    canvas = Canvas(str(path), pagesize=(60, 60), invariant=True)
    style = ParagraphStyle("glyph", fontName=fonts.BODY, fontSize=36, leading=40)
    for char in text:
        paragraph = Paragraph(fonts.literal(char), style)
        paragraph.wrapOn(canvas, 60, 60)
        paragraph.drawOn(canvas, 8, 12)
        canvas.showPage()
    canvas.save()
    # poppler substitutes a system font for one a PDF does not embed: render
    # as a reader with no CJK font would (fontconfig sees DejaVu only), so
    # only glyphs the PDF itself carries can show.
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                      f'<dir>{DEJAVU.parent}</dir><cachedir>{folder / "fc-cache"}</cachedir></fontconfig>', "utf-8")
    subprocess.run([require_tool("pdftoppm"), "-r", "72", "-gray", str(path), str(folder / "glyph")], check=True,
                   env={**os.environ, "FONTCONFIG_FILE": str(config)}, capture_output=True)
    pages = sorted(folder.glob("glyph*.pgm"))
    assert len(pages) == len(text)
    return [_pgm(page)[2] for page in pages]


@pytest.mark.parametrize("script", sorted(NAMES))
def test_poppler_draws_real_glyphs_not_empty_boxes(script, tmp_path):
    _require_a_cjk_font(script)
    characters = "".join(dict.fromkeys(NAMES[script].replace(" ", "")))[:6]
    renders = _glyph_renders(characters, tmp_path)
    inked = [sum(1 for grey in pixels if grey < 128) for pixels in renders]
    assert all(count > 20 for count in inked), inked  # every glyph leaves ink
    # A missing glyph is the same empty box whatever the character: real
    # glyphs differ from each other, in shape and in how much ink they take.
    for (a, first), (b, second) in itertools.combinations(enumerate(renders), 2):
        assert first != second, f"{characters[a]} and {characters[b]} render the same"
    assert len(set(inked)) > 1, inked


def test_the_check_would_see_boxes(tmp_path, monkeypatch):
    """Without an embedded font (reportlab's CID fonts, as before) the same
    render shows one identical box for every character."""
    monkeypatch.setattr(fonts, "_system_fonts", {"chinese": None, "japanese": None, "korean": None})
    characters = "".join(dict.fromkeys(NAMES["korean"].replace(" ", "")))[:4]
    assert fonts.CJK_FONTS["korean"] in fonts.literal(characters)
    renders = _glyph_renders(characters, tmp_path)
    assert all(render == renders[0] for render in renders)


def test_without_a_cjk_font_the_export_names_the_script(monkeypatch):
    monkeypatch.setattr(fonts, "_system_fonts", {"chinese": None, "japanese": None, "korean": None})
    warning = fonts.missing_font_warning(Quote.model_validate(quote_data(customer={"name": NAMES["korean"]})))
    assert warning and "Korean" in warning and "Chinese" not in warning and "fonts-wqy-microhei" in warning
    both = fonts.missing_font_warning({"customer": NAMES["chinese"]}, [NAMES["japanese"]])
    assert "Chinese" in both and "Japanese" in both
    assert fonts.missing_font_warning("Zoë Ωmega документ", Settings()) is None  # DejaVu draws all of it
    # and the text still prints, with the CID font as a last resort
    assert fonts.CJK_FONTS["korean"] in fonts.literal(NAMES["korean"])


def test_with_a_cjk_font_there_is_nothing_to_warn_about():
    _require_a_cjk_font("korean")
    _require_a_cjk_font("chinese")
    assert fonts.missing_font_warning({"customer": NAMES["korean"], "unit": NAMES["chinese"]}) is None


def test_a_font_that_does_not_cover_the_script_is_passed_over(monkeypatch):
    _require_a_cjk_font("korean")
    assert DEJAVU.is_file()
    monkeypatch.setenv("QUOTEWRIGHT_CJK_FONT", str(DEJAVU))  # loads, but has no Hangul
    monkeypatch.setattr(fonts, "_system_fonts", {})
    found = fonts.system_font("korean")
    assert found is not None and Path(found.path).resolve() != DEJAVU


def _fake_fc_match(folder: Path, output: str) -> None:
    script = folder / "fc-match"
    (folder / "fc-output.txt").write_text(output, "utf-8")
    script.write_text(f"#!/bin/sh\ncat '{folder / 'fc-output.txt'}'\n", "utf-8")
    script.chmod(0o755)


def test_fontconfig_candidates_are_truetype_fonts_that_cover_the_language(tmp_path, monkeypatch):
    # Noto Sans CJK is CFF (reportlab cannot embed it), DejaVu has no Hangul.
    _fake_fc_match(tmp_path, "/fonts/NotoSansCJK-Regular.ttc\t2\tCFF\tja|ko|zh-cn\n"
                             "/fonts/wqy-microhei.ttc\t1\tTrueType\tja|ko|zh-cn\n"
                             "/fonts/DejaVuSans.ttf\t0\tTrueType\ten|ru\n")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")  # the fake comes first
    assert fonts._fontconfig_candidates("korean") == [("/fonts/wqy-microhei.ttc", 1)]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert fonts._fontconfig_candidates("korean") == []


def test_without_fontconfig_a_known_font_file_is_still_found(tmp_path, monkeypatch):
    known = [path for path in fonts._KNOWN_FILES["korean"] if Path(path).is_file()]
    if not known:
        _require_a_cjk_font("korean")  # fails in CI, where .ci/run installs fonts-wqy-microhei
        pytest.skip("no CJK font at a known place on this system")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))  # no fc-match
    monkeypatch.delenv("QUOTEWRIGHT_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "_system_fonts", {})
    found = fonts.system_font("korean")
    assert found is not None and found.path == known[0]
