"""Composition root of the desktop app: builds the pieces and hands them out."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("quotewright: the desktop app is not built yet; use 'quotewright price QUOTE' (see --help)", file=sys.stderr)
    return 2
