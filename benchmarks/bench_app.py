"""The desktop app's speed: process start to main window shown (with the
sample quote) beside a bare PySide6 window in the same run, and the time
from an edit to the updated summary.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_app.py
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_app.py --collector   # start-up with and without startup.py

Start-up is reported twice: wall time (what a user waits) and the CPU time
the process has used when the first frame is shown (`time.process_time()`,
printed by the app). On a shared machine the wall time of one start varies
by a factor of two with the neighbours' load; the CPU time moves far less,
so it is the figure to compare A/B variants with.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 15
BARE_WINDOW = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 860)
window.show()
app.processEvents()
print(f"shown at {time.time():.6f} cpu {time.process_time():.6f}", flush=True)
QTimer.singleShot(0, app.quit)
app.exec()
"""


# The app started as `python -m quotewright` does, but with startup.py's
# collector pause turned off: the A/B for `--collector`.
WITHOUT_COLLECTOR_PAUSE = """
import sys
import quotewright.startup as startup
startup.pause_collection = startup.resume_collection = lambda: None
from quotewright.entry import main
sys.exit(main([]))
"""


def time_to_shown(command: list[str], env: dict) -> tuple[float, float, float, float]:
    """Wall seconds from process start to the first frame, and the CPU
    seconds the process had used by then; then the same to "ready" (the
    quote builder built behind the start page) where the app says so."""
    start = time.time()
    output = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout

    def moment(word: str):
        found = next((line.split() for line in output.splitlines() if line.startswith(word)), None)
        return (float(found[2]) - start, float(found[4])) if found else None

    shown = moment("shown at")
    return (*shown, *(moment("ready at") or shown))


def _environment() -> dict:
    home = tempfile.mkdtemp(prefix="quotewright-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data", "QUOTEWRIGHT_EXIT_AFTER_SHOW": "1"}
    # A desktop app starts from compiled bytecode (pip writes it at install;
    # an editable checkout writes it on first run), so measure warm starts.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, float, float, float]]]:
    """Each command `runs` times, taking turns (so all see the same machine),
    after one warm-up run each."""
    env = _environment()
    for command in commands.values():
        time_to_shown(command, env)
    found: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            found[name].append(time_to_shown(command, env))
    return found


def _report(found: dict[str, list[tuple[float, float]]], baseline: str, target: str = "") -> None:
    medians = {name: (statistics.median(t[0] for t in times) * 1000, statistics.median(t[1] for t in times) * 1000)
               for name, times in found.items()}
    base_wall, base_cpu = medians[baseline]
    for name, times in found.items():
        wall, cpu = medians[name]
        walls, cpus = [t[0] * 1000 for t in times], [t[1] * 1000 for t in times]
        print(f"  {name:34s} wall {wall:6.0f} ms ({min(walls):.0f}-{max(walls):.0f})  {wall / base_wall:4.2f}x   "
              f"CPU {cpu:6.0f} ms ({min(cpus):.0f}-{max(cpus):.0f})  {cpu / base_cpu:4.2f}x")
    if target:
        print(f"  (target: {target})")


def startup(runs: int = RUNS) -> None:
    found = interleaved({"bare PySide6 window": [sys.executable, "-c", BARE_WINDOW],
                         "Quotewright (start page)": [sys.executable, "-m", "quotewright"]}, runs)
    # The start page is the first frame; the quote builder behind it is built
    # right after: "ready" is what a click on the start page waits for.
    found["  ... and quote builder ready"] = [times[2:] for times in found["Quotewright (start page)"]]
    print(f"Process start to main window shown (median of {runs} interleaved runs, range in brackets):")
    _report(found, "bare PySide6 window", "Quotewright's first frame at most 3x the bare window")


def collector(runs: int = RUNS) -> None:
    """Start-up with startup.py's collector pause and freeze, and without."""
    found = interleaved({"with the collector paused": [sys.executable, "-m", "quotewright"],
                         "collector left running": [sys.executable, "-c", WITHOUT_COLLECTOR_PAUSE]}, runs)
    print(f"Start-up with and without startup.py (median of {runs} interleaved runs, range in brackets):")
    _report(found, "with the collector paused")


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
    session, parts = window.quote.session, {"pricing": [], "views": []}
    cpu_parts: dict[str, list[float]] = {"pricing": [], "views": []}

    def timed(name, work):  # where a keystroke's time goes: the engine, then the views that listen
        def run(*args):
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return work(*args)
            finally:
                parts[name].append(time.perf_counter() - start)
                cpu_parts[name].append(time.thread_time() - cpu)
        return run

    session._price, session._commit = timed("pricing", session._price), timed("views", session._commit)
    timings, painting, cpu_timings, cpu_painting = [], [], [], []
    for index in range(runs):
        # A value never typed before ("1.0" + a digit, then "1.1" + a digit, ...):
        # every figure the discount moves is new, so no remembered text helps it.
        field.setText(f"1.{index // 9}")
        app.processEvents()
        digit = Qt.Key.Key_1 + index % 9
        before = window.summary.figure("tcv")
        start, cpu = time.perf_counter(), time.thread_time()
        QTest.keyClick(field, digit)  # a keystroke: edit, reprice, summary and charts updated
        typed, cpu_typed = time.perf_counter(), time.thread_time()
        app.processEvents()  # includes painting the summary and both charts
        timings.append(time.perf_counter() - start)
        painting.append(timings[-1] - (typed - start))
        cpu_timings.append(time.thread_time() - cpu)
        cpu_painting.append(cpu_timings[-1] - (cpu_typed - cpu))
        assert window.summary.figure("tcv") != before or index % 9 == 0
    window.quote.history.set_clean()
    window.close()
    assert len(parts["pricing"]) == runs  # priced once per keystroke, never twice

    def ms(values) -> str:
        return f"{statistics.median(values) * 1000:.1f} ms"

    print(f"Keystroke in a discount field to updated summary and charts ({runs} edits):")
    print(f"  median {ms(timings)}, 95th percentile {sorted(timings)[int(runs * 0.95)] * 1000:.1f} ms   "
          "(target < 16 ms)")
    print(f"  of which (medians): pricing {ms(parts['pricing'])}, summary, tables and fields {ms(parts['views'])}, "
          f"painting {ms(painting)}")
    # CPU time of the GUI thread: what the keystroke itself cost, whatever the
    # neighbours on a shared machine were doing (wall time includes waiting for a core).
    print(f"  CPU: median {ms(cpu_timings)}, 95th percentile {sorted(cpu_timings)[int(runs * 0.95)] * 1000:.1f} ms; "
          f"pricing {ms(cpu_parts['pricing'])}, views {ms(cpu_parts['views'])}, painting {ms(cpu_painting)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--collector"]:
        collector()
    else:
        startup()
        edit_to_summary()
