"""The desktop app's speed: process start to main window shown (with the
sample quote) beside a bare PySide6 window in the same run, and the time
from an edit to the updated summary.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_app.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE_WINDOW = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 860)
window.show()
app.processEvents()
print(f"shown at {time.time():.6f}", flush=True)
QTimer.singleShot(0, app.quit)
app.exec()
"""


def time_to_shown(command: list[str], env: dict) -> float:
    start = time.time()
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    shown = float(next(line for line in output.splitlines() if line.startswith("shown at")).split()[-1])
    return shown - start


def startup(runs: int = 15) -> None:
    home = tempfile.mkdtemp(prefix="quotewright-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data", "QUOTEWRIGHT_EXIT_AFTER_SHOW": "1"}
    # A desktop app starts from compiled bytecode (pip writes it at install;
    # an editable checkout writes it on first run), so measure warm starts.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for command in ([sys.executable, "-c", BARE_WINDOW], [sys.executable, "-m", "quotewright"]):
        time_to_shown(command, env)
    bare, ours = [], []
    for _ in range(runs):  # interleaved, so both see the same machine
        bare.append(time_to_shown([sys.executable, "-c", BARE_WINDOW], env))
        ours.append(time_to_shown([sys.executable, "-m", "quotewright"], env))
    bare_ms, ours_ms = statistics.median(bare) * 1000, statistics.median(ours) * 1000
    print("Process start to main window shown (median of", runs, "interleaved runs; fastest in brackets):")
    print(f"  bare PySide6 window            {bare_ms:7.0f} ms  ({min(bare) * 1000:.0f})")
    print(f"  Quotewright with sample quote  {ours_ms:7.0f} ms  ({min(ours) * 1000:.0f})"
          f"   ratio {ours_ms / bare_ms:.2f}x (target <= 3x)")


def edit_to_summary(runs: int = 200) -> None:
    home = tempfile.mkdtemp(prefix="quotewright-bench-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"], os.environ["XDG_DATA_HOME"] = f"{home}/config", f"{home}/data"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from quotewright.app import build_main_window

    app = QApplication.instance() or QApplication([])
    window = build_main_window(autosave_interval=0)
    window.show()
    app.processEvents()
    field = window.form.findChild(QLineEdit, "discount_subscription_percent")
    field.setFocus()
    timings = []
    for index in range(runs):
        field.setText("1")
        app.processEvents()
        digit = Qt.Key.Key_1 + index % 9
        before = window.summary.figure("tcv")
        start = time.perf_counter()
        QTest.keyClick(field, digit)  # a keystroke: edit, reprice, summary and charts updated
        app.processEvents()  # includes painting the summary and both charts
        timings.append(time.perf_counter() - start)
        assert window.summary.figure("tcv") != before or index % 9 == 0
    window.quote.history.set_clean()
    window.close()
    print(f"Keystroke in a discount field to updated summary and charts ({runs} edits):")
    print(f"  median {statistics.median(timings) * 1000:.1f} ms, 95th percentile "
          f"{sorted(timings)[int(runs * 0.95)] * 1000:.1f} ms   (target < 16 ms)")


if __name__ == "__main__":
    startup()
    edit_to_summary()
