"""Render the application icon's PNG from its SVG (resources/icons/).

The PNG is what a Linux desktop shows (packaging/quotewright.desktop) and the
window icon; run this after editing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icon.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(size: int = 256) -> Path:
    renderer = QSvgRenderer(str(ICONS / "quotewright.svg"))
    if not renderer.isValid():
        raise SystemExit(f"{ICONS / 'quotewright.svg'}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    out = ICONS / "quotewright.png"
    if not image.save(str(out)):
        raise SystemExit(f"{out}: could not be written")
    return out


if __name__ == "__main__":
    app = QGuiApplication(sys.argv[:1])
    print(render())
