"""Render the start page, the main window, the catalog editor, the matrix,
the plans side by side and the lines and billing tab offscreen to PNG (the
README's screenshots).

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [OUT_FOLDER]

Uses a throwaway settings and data folder, so your own are untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="quotewright-shots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")

    from PySide6.QtWidgets import QApplication

    from quotewright.app import build_main_window

    app = QApplication.instance() or QApplication([])
    window = build_main_window(autosave_interval=0)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    window.show_start_page()
    app.processEvents()
    window.grab().save(str(out / "start-page.png"))
    print(out / "start-page.png")
    window.hide_start_page()
    shots = {"main-window.png": 0, "catalog-editor.png": 1, "matrix.png": 2, "plans.png": 3, "lines-and-billing.png": 4}
    for name, tab in shots.items():
        window.show_tab(tab)
        if tab == 1:
            window.catalog_view.tabs.setCurrentIndex(1)
        if tab == 3:  # the comparison runs off the GUI thread: wait for it
            for _ in range(400):
                app.processEvents()
                if window.plans.comparison is not None and not window.plans.stale:
                    break
                time.sleep(0.05)
        app.processEvents()
        window.grab().save(str(out / name))
        print(out / name)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
