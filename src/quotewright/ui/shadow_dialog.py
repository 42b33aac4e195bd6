"""File > Shadow billing (PRICING.md 13): pick a usage file (CSV, gzip CSV or
Parquet), the contract start and the terms a file does not record (seats,
billing); the file is read on a worker thread with a progress bar and a
Cancel that stops DuckDB (`UsageReader.cancel`), so the window never
freezes; then the recorded usage by month, every plan's monthly bill (a
line per plan) and totals with the cheapest marked, and "Start a quote from
this usage": a new quote on the chosen plan whose usage is the recorded
series, or a monthly volume and growth fitted to it (the rep's choice).
Reading, sorting, rating and fitting belong to `storage/usage_import.py`,
`domain/shadow.py` and `domain/shadow_fit.py`; this is layout and threads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalog import Catalog
from ..domain.errors import InvalidInput
from ..domain.shadow import ShadowResult, ShadowTerms, shadow_bill
from ..domain.shadow_fit import started_quote
from ..formatting import DEFAULT_LOCALE, format_amount, format_money, format_quantity
from ..storage.problems import FileProblem
from ..storage.usage_import import ImportCancelled, UsageReader
from .charts import Series, StackedBarChart
from .line_chart import PALETTE, Line, LineChart

POLL_MS = 100  # how often the progress bar asks DuckDB how far it is


class _Relay(QObject):
    done = Signal(object, object)  # the reader, and its ShadowResult or the exception that stopped it


class _ShadowRunnable(QRunnable):
    """Reads and rates on a worker thread; holds only the reader and
    immutable inputs (the catalog, the terms, the start date)."""

    def __init__(self, reader, catalog: Catalog, terms: ShadowTerms, start: dt.date, relay: _Relay):
        super().__init__()
        self.reader, self.catalog, self.terms, self.start, self.relay = reader, catalog, terms, start, relay

    def run(self) -> None:
        try:
            recorded = self.reader.read()
            result: object = shadow_bill(self.catalog, recorded, self.terms, self.start)
        except Exception as error:  # noqa: BLE001 - every failure is shown as one line in the dialog
            result = error
        self.relay.done.emit(self.reader, result)


class ShadowDialog(QDialog):
    """`start_quote(catalog, quote) -> bool` opens the new quote (the main
    window's, which asks to save the open one first)."""

    def __init__(self, catalog: Catalog, start_quote: Callable, parent: QWidget | None = None,
                 locale: str = DEFAULT_LOCALE, reader_factory=UsageReader):
        super().__init__(parent)
        self.setObjectName("shadow_dialog")
        self.setWindowTitle("Shadow billing: what recorded usage would have cost")
        self.catalog, self.start_quote, self.locale = catalog, start_quote, locale
        self.reader_factory = reader_factory
        self.reader = None
        self.result: ShadowResult | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay()
        self.relay.done.connect(self._on_done)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._show_progress)
        self.resize(900, 760)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        file_row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setObjectName("shadow_file")
        self.file.setPlaceholderText("a CSV, gzip CSV or Parquet file: timestamp, work_unit, quantity")
        browse = QPushButton("&Choose...")
        browse.clicked.connect(self._choose)
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        form.addRow("Usage file", file_row)
        self.start = QLineEdit(dt.date.today().replace(day=1).isoformat())
        self.start.setObjectName("shadow_start")
        self.start.setPlaceholderText("YYYY-MM-DD")
        self.start.setToolTip("Month 1 starts at 00:00 UTC on this day.")
        form.addRow("Contract start", self.start)
        self.seats = QSpinBox()
        self.seats.setObjectName("shadow_seats")
        self.seats.setRange(0, 1_000_000)
        form.addRow("Seats", self.seats)
        self.billing = QComboBox()
        self.billing.setObjectName("shadow_billing")
        self.billing.addItem("Monthly", "monthly")
        self.billing.addItem("Annually in advance", "annual")
        form.addRow("Billing", self.billing)
        layout.addLayout(form)

        run_row = QHBoxLayout()
        self.read_button = QPushButton("&Read and rate")
        self.read_button.setObjectName("shadow_read")
        self.read_button.clicked.connect(self.read)
        self.progress = QProgressBar()
        self.progress.setObjectName("shadow_progress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel &reading")
        self.cancel_button.setObjectName("shadow_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        run_row.addWidget(self.read_button)
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)
        layout.addLayout(run_row)
        self.status = QLabel()
        self.status.setObjectName("shadow_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.usage_chart = StackedBarChart("Recorded usage by month",
                                           lambda value: format_quantity(value, self.locale))
        layout.addWidget(self.usage_chart, 1)
        self.bills_chart = LineChart("Each plan's monthly bill", self._amount)
        layout.addWidget(self.bills_chart, 1)
        self.totals = QTableWidget(0, 3)
        self.totals.setObjectName("shadow_totals")
        self.totals.setHorizontalHeaderLabels(("Plan", "TCV", "Largest month"))
        self.totals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.totals.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.totals.verticalHeader().setVisible(False)
        self.totals.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.totals.setMaximumHeight(150)
        layout.addWidget(self.totals)
        quote_row = QHBoxLayout()
        self.plan = QComboBox()
        self.plan.setObjectName("shadow_plan")
        self.start_button = QPushButton("Start a &quote from this usage")
        self.start_button.setObjectName("shadow_start_quote")
        self.start_button.setToolTip("A new quote on the chosen plan whose usage follows the records as chosen, "
                                     "with the seats and billing above.")
        self.start_button.clicked.connect(self.start_quote_from_usage)
        self.fit = QComboBox()
        self.fit.setObjectName("shadow_fit")
        self.fit.addItem("Recorded series, month by month", "series")
        self.fit.addItem("Monthly volume and growth fitted", "growth")
        self.fit.setToolTip("The started quote's usage: the recorded months as they are, or one monthly volume per "
                            "work unit with a monthly growth fitted to the records (least squares on the log of "
                            "each month's volume).")
        quote_row.addWidget(QLabel("Plan"))
        quote_row.addWidget(self.plan, 1)
        quote_row.addWidget(QLabel("Usage"))
        quote_row.addWidget(self.fit, 1)
        quote_row.addWidget(self.start_button)
        layout.addLayout(quote_row)
        self._show_result(None)

    # --- reading ---------------------------------------------------------------------------
    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Usage file", self.file.text() or str(Path.home()),
                                                "Usage (*.csv *.gz *.parquet);;All files (*)")
        if chosen:
            self.file.setText(chosen)

    def _inputs(self) -> tuple[Path, dt.date, ShadowTerms]:
        path = self.file.text().strip()
        if not path:
            raise InvalidInput("file", "is not chosen; choose the usage file to rate")
        try:
            start = dt.date.fromisoformat(self.start.text().strip())
        except ValueError:
            raise InvalidInput("start", "must be a date such as 2026-01-01") from None
        return Path(path), start, ShadowTerms(seats=self.seats.value(), billing=self.billing.currentData())

    @property
    def reading(self) -> bool:
        return self.reader is not None

    def read(self) -> bool:
        """Start reading the file (on the worker thread); False if the
        inputs are wrong (the status says why)."""
        if self.reading:
            return False
        try:
            path, start, terms = self._inputs()
        except InvalidInput as problem:
            self.status.setText(str(problem))
            return False
        self.reader = self.reader_factory(path, start, self.catalog)
        self._show_result(None)
        self.status.setText(f"Reading {path.name}...")
        self.progress.setRange(0, 0)  # busy until DuckDB says how far it is
        self.progress.show()
        self.read_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.pool.start(_ShadowRunnable(self.reader, self.catalog, terms, start, self.relay))
        self.poll.start()
        return True

    def cancel(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
            self.status.setText("Cancelling...")

    def _show_progress(self) -> None:
        done = self.reader.progress() if self.reader is not None else None
        if done is not None:
            self.progress.setRange(0, 100)
            self.progress.setValue(int(done))

    def _on_done(self, reader, result: object) -> None:
        if reader is not self.reader:
            return
        self.reader = None
        self.poll.stop()
        self.progress.hide()
        self.read_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if isinstance(result, ImportCancelled):
            self.status.setText("Cancelled: nothing was billed.")
        elif isinstance(result, (FileProblem, InvalidInput)):
            self.status.setText(f"Not billed: {result}")
        elif isinstance(result, Exception):
            self.status.setText(f"Not billed: the file could not be rated ({type(result).__name__}: {result})")
        else:
            self._show_result(result)

    # --- the result ----------------------------------------------------------------------------
    def _amount(self, value) -> str:
        places = self.result.plans[0].priced.minor_units if self.result else 2
        return format_amount(value, places, self.locale)

    def _show_result(self, result: ShadowResult | None) -> None:
        self.result = result
        self.start_button.setEnabled(result is not None)
        self.plan.clear()
        if result is None:
            self.usage_chart.show_message("Choose a usage file and read it")
            self.bills_chart.show_message("Nothing rated yet")
            self.totals.setRowCount(0)
            return
        recorded = result.recorded
        left_out = [f"{recorded.before_start:,} before the start", f"{recorded.beyond_term:,} past month 120"]
        left_out += [f"{count:,} of unknown work unit {name!r}" for name, count in recorded.unknown_work_units.items()]
        self.status.setText(f"{recorded.records:,} records read over {result.term_months} months; left out: "
                            + ", ".join(left_out) + ".")
        months = [str(m) for m in range(1, result.term_months + 1)]
        units = list(result.series.items())
        self.usage_chart.set_data(months, [
            Series(unit, QColor(PALETTE[i % len(PALETTE)]), list(values)) for i, (unit, values) in enumerate(units)
        ], [sum(month) for month in zip(*(values for _unit, values in units))])
        self.bills_chart.set_data(months, [
            Line(p.name, QColor(PALETTE[i % len(PALETTE)]), [m.total for m in p.priced.months])
            for i, p in enumerate(result.plans)])
        self.totals.setRowCount(len(result.plans))
        currency = result.plans[0].priced.currency
        for row, plan in enumerate(result.plans):
            cheapest = plan.plan == result.cheapest
            texts = (plan.name + ("  (cheapest)" if cheapest else ""),
                     format_money(plan.priced.totals.tcv, currency, self.locale),
                     format_money(max(m.total for m in plan.priced.months), currency, self.locale))
            for column, text in enumerate(texts):
                self.totals.setItem(row, column, QTableWidgetItem(text))
            self.plan.addItem(plan.name, plan.plan)
        self.plan.setCurrentIndex(self.plan.findData(result.cheapest))

    def start_quote_from_usage(self) -> bool:
        """A new quote on the chosen plan, its usage the recorded series or
        the fitted volume and growth (the Usage choice)."""
        if self.result is None:
            return False
        quote = started_quote(self.result, self.plan.currentData(), self.fit.currentData())
        opened = bool(self.start_quote(self.catalog, quote))
        if opened:
            self.accept()
        return opened

    def done(self, code: int) -> None:  # noqa: D401 (Qt's name): closing cancels a read in progress
        self.cancel()
        self.pool.waitForDone()
        super().done(code)
