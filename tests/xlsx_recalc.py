"""LibreOffice recalculation that really recalculates (the Excel model's tests).

The workbook carries the engine's figures as cached values, and LibreOffice,
by default, trusts the cached values of an .xlsx file on opening ("never
recalculate", the OOXMLRecalcMode setting) whatever `fullCalcOnLoad` says:
converting the file would then give back the cached values, and a parity
test would compare the engine with itself. So the profile LibreOffice runs
with is seeded first with "always recalculate" for .xlsx and .ods files,
and every formula is computed by LibreOffice again.

(tools.recalculate creates its profile in `out/libreoffice-profile`; the
setting belongs there, and this module can go once tools.py seeds it.)
"""

from __future__ import annotations

from pathlib import Path

import tools

ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def recalculate(workbooks: list[Path], out: Path) -> dict[Path, Path]:
    """tools.recalculate, with LibreOffice set to recalculate every formula on load."""
    settings = out / "libreoffice-profile" / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    if not settings.exists():
        settings.write_text(ALWAYS_RECALCULATE, "utf-8")
    return tools.recalculate(workbooks, out)
