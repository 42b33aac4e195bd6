"""Text drawn as glyph outlines (vector paths), not as text.

A watermark written with `drawString` is text: `pdftotext` and a reader's
copy and paste pick its letters up one per line, in the middle of the
tables they cross. Drawn as the outlines of the font's glyphs, it looks the
same and is no text at all. This installation of reportlab has no FreeType
to make such paths, so the TrueType `glyf` table of the embedded DejaVu font
is read here: quadratic contours become the PDF's cubic curves.
"""

from __future__ import annotations

from struct import unpack_from

from reportlab.pdfbase import pdfmetrics

_ON_CURVE, _X_SHORT, _Y_SHORT, _REPEAT, _X_SAME, _Y_SAME = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
_WORDS, _XY_VALUES, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x01, 0x02, 0x08, 0x20, 0x40, 0x80

Point = tuple[float, float, bool]  # x, y in font units, on the curve


def text_width(text: str, font_name: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font_name, size)


def draw_outlined(canvas, text: str, font_name: str, size: float, x: float, y: float) -> None:
    """Fill `text`'s glyph outlines at (x, y), the baseline's start, in the
    canvas's fill colour. Characters the font lacks are skipped."""
    face = pdfmetrics.getFont(font_name).face
    scale = size / face.unitsPerEm
    path = canvas.beginPath()
    pen = x
    for char in text:
        glyph = face.charToGlyph.get(ord(char))
        if glyph is None:
            continue
        for contour in _contours(face, glyph):
            _add_contour(path, [(pen + px * scale, y + py * scale, on) for px, py, on in contour])
        pen += face.hmetrics[glyph][0] * scale
    canvas.drawPath(path, stroke=0, fill=1, fillMode=0)  # nonzero winding, as TrueType fills


def _contours(face, glyph: int, depth: int = 0) -> list[list[Point]]:
    """The glyph's contours in font units (a composite's parts moved into place)."""
    start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    if end <= start or depth > 8:
        return []  # a blank glyph (the space), or a composite nested past reason
    data = face._ttf_data
    base = face.get_table_pos("glyf")[0] + start
    (count,) = unpack_from(">h", data, base)
    return _simple(data, base, count) if count >= 0 else _composite(face, data, base + 10, depth)


def _simple(data: bytes, base: int, count: int) -> list[list[Point]]:
    ends = unpack_from(f">{count}H", data, base + 10)
    points = ends[-1] + 1 if ends else 0
    offset = base + 10 + 2 * count
    (instructions,) = unpack_from(">H", data, offset)
    offset += 2 + instructions
    flags: list[int] = []
    while len(flags) < points:
        flag = data[offset]
        offset += 1
        flags.append(flag)
        if flag & _REPEAT:
            flags += [flag] * data[offset]
            offset += 1
    xs, offset = _coordinates(data, offset, flags, _X_SHORT, _X_SAME)
    ys, offset = _coordinates(data, offset, flags, _Y_SHORT, _Y_SAME)
    contours, first = [], 0
    for last in ends:
        contours.append([(xs[i], ys[i], bool(flags[i] & _ON_CURVE)) for i in range(first, last + 1)])
        first = last + 1
    return contours


def _coordinates(data: bytes, offset: int, flags: list[int], short: int, same: int) -> tuple[list[int], int]:
    values, current = [], 0
    for flag in flags:
        if flag & short:
            delta = data[offset]
            offset += 1
            current += delta if flag & same else -delta
        elif not flag & same:
            current += unpack_from(">h", data, offset)[0]
            offset += 2
        values.append(current)
    return values, offset


def _composite(face, data: bytes, offset: int, depth: int) -> list[list[Point]]:
    contours: list[list[Point]] = []
    while True:
        flags, glyph = unpack_from(">HH", data, offset)
        offset += 4
        if flags & _WORDS:
            dx, dy = unpack_from(">hh", data, offset)
            offset += 4
        else:
            dx, dy = unpack_from(">bb", data, offset)
            offset += 2
        if not flags & _XY_VALUES:
            dx = dy = 0  # anchored by point numbers: rare in DejaVu's Latin, placed unmoved
        offset += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
        contours += [[(x + dx, y + dy, on) for x, y, on in contour]
                     for contour in _contours(face, glyph, depth + 1)]
        if not flags & _MORE:
            return contours


def _add_contour(path, points: list[Point]) -> None:
    """One closed TrueType contour: runs of off-curve points have an
    implied on-curve point halfway between each pair."""
    if not points:
        return
    start = next((i for i, point in enumerate(points) if point[2]), None)
    if start is None:  # all off-curve: begin halfway between the first two
        (x0, y0, _), (x1, y1, _) = points[0], points[1 % len(points)]
        points = [((x0 + x1) / 2, (y0 + y1) / 2, True)] + points[1:] + points[:1]
        start = 0
    ordered = points[start:] + points[:start] + [points[start]]
    current = ordered[0][:2]
    path.moveTo(*current)
    control = None
    for x, y, on in ordered[1:]:
        if on:
            current = _curve(path, current, control, (x, y))
            control = None
        elif control is None:
            control = (x, y)
        else:
            middle = ((control[0] + x) / 2, (control[1] + y) / 2)
            current = _curve(path, current, control, middle)
            control = (x, y)
    if control is not None:
        _curve(path, current, control, ordered[0][:2])
    path.close()


def _curve(path, start, control, end):
    """A line, or a quadratic curve written as the cubic it equals."""
    if control is None:
        path.lineTo(*end)
    else:
        path.curveTo(start[0] + 2 / 3 * (control[0] - start[0]), start[1] + 2 / 3 * (control[1] - start[1]),
                     end[0] + 2 / 3 * (control[0] - end[0]), end[1] + 2 / 3 * (control[1] - end[1]), *end)
    return end
