"""File > Shadow billing in the app: pick a usage file, the start and the
terms, read it off the GUI thread with a progress bar and Cancel, see the
recorded usage, every plan's monthly bill and totals, and start a quote
from the usage. Expected figures come from `read_usage` and `shadow_bill`
(the engine), never written down."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from quotewright.domain.shadow import ShadowTerms, shadow_bill
from quotewright.formatting import format_money
from quotewright.storage.documents import catalog_from_data
from quotewright.storage.usage_import import ImportCancelled, read_usage

VECTORS = Path("/work/shared/vectors/next/shadow")


def vector_files(tmp_path):
    """The first shadow vector's catalog and records, as files."""
    vector = json.loads(sorted(VECTORS.glob("*.json"))[0].read_text())
    catalog = catalog_from_data(tmp_path / "catalog.json", vector["catalog"])
    records = tmp_path / "usage.csv"
    records.write_text(vector["records_csv"])
    return vector, catalog, records


def fill(dialog, records: Path, start: str, seats: int) -> None:
    dialog.file.setText(str(records))
    dialog.start.setText(start)
    dialog.seats.setValue(seats)


def test_a_usage_file_is_read_and_every_plan_billed(window, qtbot, tmp_path):
    vector, catalog, records = vector_files(tmp_path)
    window.catalog.session.load(catalog)
    action = window.findChild(type(window.menuBar().actions()[0]), "shadow_billing")
    action.trigger()
    dialog = window.shadow_dialog
    assert dialog.isVisible()
    fill(dialog, records, vector["start"], vector["quote"]["seats"])
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    start = dt.date.fromisoformat(vector["start"])
    expected = shadow_bill(catalog, read_usage(records, start, catalog), ShadowTerms(seats=vector["quote"]["seats"]),
                           start)
    assert dialog.result.term_months == expected.term_months
    assert dialog.usage_chart.series and [s.name for s in dialog.usage_chart.series] == list(expected.series)
    assert [line.values for line in dialog.bills_chart.lines] == [
        [m.total for m in p.priced.months] for p in expected.plans]
    currency = expected.plans[0].priced.currency
    for row, plan in enumerate(expected.plans):
        assert dialog.totals.item(row, 1).text() == format_money(plan.priced.totals.tcv, currency)
        assert ("(cheapest)" in dialog.totals.item(row, 0).text()) == (plan.plan == expected.cheapest)
    assert f"{expected.recorded.before_start:,} before the start" in dialog.status.text()
    for name in expected.recorded.unknown_work_units:
        assert repr(name) in dialog.status.text()
    # Start a quote on the chosen plan: its usage is the recorded series.
    chosen = expected.plans[-1]
    dialog.plan.setCurrentIndex(dialog.plan.findData(chosen.plan))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    quote = window.quote.quote
    assert quote.plan == chosen.plan and quote.term_months == expected.term_months
    assert {line.work_unit: line.series for line in quote.usage} == dict(expected.series)
    assert window.quote.priced.totals.tcv == chosen.priced.totals.tcv
    assert window.isWindowModified() and window.tabs.currentIndex() == 0


def test_a_quote_started_with_fitted_growth_has_a_monthly_volume_per_unit(window, qtbot, tmp_path):
    from quotewright.domain.shadow_fit import fit_volume

    vector, catalog, records = vector_files(tmp_path)
    window.catalog.session.load(catalog)
    dialog = window.shadow_billing()
    fill(dialog, records, vector["start"], vector["quote"]["seats"])
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    dialog.fit.setCurrentIndex(dialog.fit.findData("growth"))
    chosen = dialog.result.plans[0]
    dialog.plan.setCurrentIndex(dialog.plan.findData(chosen.plan))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    quote = window.quote.quote
    assert quote.plan == chosen.plan and quote.term_months == dialog.result.term_months
    assert [line.work_unit for line in quote.usage] == list(dialog.result.series)
    for line in quote.usage:
        assert line.series is None
        assert (line.monthly, line.growth_percent) == fit_volume(dialog.result.series[line.work_unit])[:2]


def test_a_bad_file_is_one_line_and_nothing_is_billed(window, qtbot, tmp_path):
    vector, catalog, records = vector_files(tmp_path)
    records.write_text("timestamp,work_unit,quantity\n2026-01-05,doc_summary,-3\n")
    dialog = window.shadow_billing()
    dialog.catalog = catalog
    fill(dialog, records, vector["start"], 0)
    assert dialog.read()
    qtbot.waitUntil(lambda: not dialog.reading, timeout=20000)
    assert dialog.result is None and not dialog.start_button.isEnabled()
    text = dialog.status.text()
    assert text.startswith("Not billed:") and "usage.csv" in text and "line 2" in text and "\n" not in text
    dialog.start.setText("January")
    assert not dialog.read() and "start" in dialog.status.text()


class SlowReader:
    """A reader that holds the worker until it is cancelled, as a long read does."""

    made: list = []

    def __init__(self, path, start, catalog):
        self.cancelled = threading.Event()
        self.thread = None
        SlowReader.made.append(self)

    def cancel(self):
        self.cancelled.set()

    def progress(self):
        return 40.0

    def read(self):
        self.thread = threading.current_thread()
        assert self.cancelled.wait(20)
        raise ImportCancelled()


def test_reading_shows_progress_stays_responsive_and_cancels(window, qtbot, tmp_path):
    vector, catalog, records = vector_files(tmp_path)
    dialog = window.shadow_billing()
    dialog.reader_factory = SlowReader
    fill(dialog, records, vector["start"], 0)
    qtbot.mouseClick(dialog.read_button, Qt.MouseButton.LeftButton)
    assert dialog.reading and dialog.cancel_button.isEnabled() and not dialog.read_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.isVisible() and dialog.progress.value() == 40, timeout=5000)
    reader = SlowReader.made[-1]
    assert reader.thread is not None and reader.thread is not threading.main_thread()
    # The GUI answers while the worker reads: the bar above was moved by the GUI's own timer.
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=5000)
    assert reader.cancelled.is_set()
    assert dialog.status.text() == "Cancelled: nothing was billed." and dialog.result is None
    assert not dialog.progress.isVisible() and dialog.read_button.isEnabled()
