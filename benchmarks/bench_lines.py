"""What the line grid and the invoice schedule add to a keystroke: a quote
form with both views beside it (as in the Quote tab, 1280x860), a
keystroke in the subscription discount, and the time of each view's
update and of the painting that follows, apart from pricing.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_lines.py [SAMPLE ...]

The figures to read are the views' own (their `refresh`) and the painting,
in wall time and in CPU time (which moves far less with a busy machine's
load); the keystroke as a whole (pricing, summary, charts) is bench_app.py's.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

RUNS = 200


def measure(name: str, runs: int = RUNS, views_shown: bool = True, term: int | None = None) -> list[float]:
    """CPU time of the painting after each keystroke (seconds); prints the
    views' update times. `term`: the sample's quote at that many months."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

    from quotewright.storage.documents import load_quote
    from quotewright.storage.samples import sample
    from quotewright.ui.documents import QuoteDocument
    from quotewright.ui.invoice_view import InvoiceView
    from quotewright.ui.lines_view import LinesView
    from quotewright.ui.quote_form import QuoteForm
    from quotewright.workspace import QuoteSession

    app = QApplication.instance() or QApplication([])
    loaded = load_quote(sample(name).quote)
    document = QuoteDocument(QuoteSession(loaded.catalog, loaded.quote))
    if term is not None:
        assert document.session.change_term(term) is None
    page = QWidget()
    row = QHBoxLayout(page)
    form = QuoteForm(document)
    column = QWidget()
    views = QVBoxLayout(column)
    lines, invoices = LinesView(document), InvoiceView(document)
    views.addWidget(lines)
    views.addWidget(invoices)
    views.addStretch(1)
    for part in (form, column):
        scroll = QScrollArea()
        scroll.setWidget(part)
        scroll.setWidgetResizable(True)
        row.addWidget(scroll)
    column.parentWidget().parentWidget().setVisible(views_shown)  # the views' scroll area
    page.resize(1280, 860)
    page.show()
    app.processEvents()

    times: dict[str, list[float]] = {"lines": [], "invoices": []}
    cpu: dict[str, list[float]] = {"lines": [], "invoices": [], "painting": []}

    def timed(key, work):
        def run(*args):
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                return work(*args)
            finally:
                times[key].append(time.perf_counter() - start)
                cpu[key].append(time.process_time() - start_cpu)
        return run

    for view, key in ((lines, "lines"), (invoices, "invoices")):
        document.changed.disconnect(view.refresh)
        document.changed.connect(timed(key, view.refresh))
    field = form.findChild(QLineEdit, "discount_subscription_percent")
    field.setFocus()
    painting = []
    for index in range(runs):
        field.setText("1")
        app.processEvents()
        QTest.keyClick(field, Qt.Key.Key_1 + index % 9)
        start, start_cpu = time.perf_counter(), time.process_time()
        app.processEvents()  # the form, both views and their painting
        painting.append(time.perf_counter() - start)
        cpu["painting"].append(time.process_time() - start_cpu)
    document.history.set_clean()
    page.close()

    def ms(values, key) -> str:
        ordered = sorted(values)
        return (f"wall median {statistics.median(values) * 1000:.2f} ms, 95th {ordered[int(len(values) * 0.95)] * 1000:.2f}"
                f" ms; CPU median {statistics.median(cpu[key]) * 1000:.2f} ms")

    if not views_shown:
        print(f"  painting, the form alone (views hidden)   {ms(painting, 'painting')}")
        return cpu["painting"]
    print(f"{name} ({document.priced.term_months} months, {len(lines.grid.rows)} grid rows), {runs} keystrokes:")
    print(f"  line grid update                          {ms(times['lines'], 'lines')}")
    print(f"  invoice schedule update                   {ms(times['invoices'], 'invoices')}")
    print(f"  painting, the form and both views         {ms(painting, 'painting')}")
    return cpu["painting"]


if __name__ == "__main__":
    home = tempfile.mkdtemp(prefix="quotewright-bench-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"], os.environ["XDG_DATA_HOME"] = f"{home}/config", f"{home}/data"
    for sample_name, months in [(name, None) for name in sys.argv[1:]] or [
            ("support-agent", None), ("data-platform", None), ("support-agent", 120)]:
        shown = measure(sample_name, term=months)
        alone = measure(sample_name, views_shown=False, term=months)
        print(f"  the views' painting: about {(statistics.median(shown) - statistics.median(alone)) * 1000:.2f} ms "
              "(CPU, difference of the medians)")
