"""Guard against a Qt binding that drops references to None.

PySide6 6.12.0 decrements None's reference count on void QPainter calls
(fillRect, setPen, ...); on Python 3.11 the interpreter aborts after enough
painting. pyproject.toml excludes it; this test fails for any release that
does the same, before a user's app dies mid-quote."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QColor, QImage, QPainter


def test_painting_never_releases_none(qapp):
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    color = QColor("#1F4E79")
    try:
        before = sys.getrefcount(None)
        for _ in range(200):
            painter.fillRect(QRect(1, 1, 5, 5), color)
            painter.fillRect(QRectF(1, 1, 5, 5), color)
            painter.setPen(color)
            painter.drawText(QRect(0, 0, 40, 10), 0, "x")
        assert sys.getrefcount(None) >= before
    finally:
        painter.end()
