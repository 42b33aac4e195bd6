"""The branding logo: read once, checked, and handed to the PDF as bytes.

A logo is a PNG or JPEG regular file of at most `MAX_LOGO_BYTES` and
`MAX_LOGO_PIXELS` (a decompression bomb is refused from its header, before
it is decoded); it is decoded once here, so a truncated or broken image is
refused when the settings are loaded, not on page 3 of a proposal. The PDF
draws the bytes read here, never the path again.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import NamedTuple

from .jsonfile import read_regular_file
from .problems import FileProblem

MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 4096 * 4096
LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG"}
LOGO_FIELD = "branding.logo_path"


class Logo(NamedTuple):
    data: bytes
    width: int
    height: int


def read_logo(path: str | Path, settings_file: str | Path) -> Logo:
    """The logo at `path`, or a `FileProblem` naming the settings file and
    `branding.logo_path` (the place to fix it) and saying what is wrong."""

    def problem(message: str) -> FileProblem:
        return FileProblem(settings_file, LOGO_FIELD, f"{path}: {message}")

    try:
        data = read_regular_file(Path(path), MAX_LOGO_BYTES)
    except FileProblem as error:
        raise problem(error.message) from None
    from PIL import Image, UnidentifiedImageError  # reportlab's own imaging library

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
                if kind not in LOGO_FORMATS:
                    raise problem(f"is a {kind} image; a logo must be a PNG or JPEG")
                if width * height > MAX_LOGO_PIXELS:
                    raise problem(f"is {width} x {height} pixels; a logo may have at most "
                                  f"{MAX_LOGO_PIXELS:,} pixels (4096 x 4096)")
                image.load()  # decodes every pixel: a truncated file fails here
    except FileProblem:
        raise
    except UnidentifiedImageError:
        raise problem("is not an image (a logo must be a PNG or JPEG)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise problem(f"has too many pixels; a logo may have at most {MAX_LOGO_PIXELS:,} pixels "
                      "(4096 x 4096)") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as error:
        detail = " ".join(str(error).split())[:120]
        raise problem(f"is a damaged image ({detail or type(error).__name__})") from None
    return Logo(data, width, height)
