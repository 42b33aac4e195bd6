"""Plans side by side (PRICING.md 12), the tab beside the quote: every plan's
row for this customer, the TCV against the usage multiplier with a line per
plan (the expected usage and the crossovers marked), the ranges where each
plan is cheapest, and "Switch to this plan" as one undoable step.

The comparison runs on a worker thread: a job holding only the frozen
catalog and quote (`workspace/plan_sweep.py`) is started a moment after the
last edit, while the tab is shown; the next edit cancels it and a newer job
supersedes it, so a keystroke never waits for the 50-multiplier sweep and a
stale result is never shown."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.compare import Comparison
from ..domain.errors import InvalidInput
from ..formatting import DEFAULT_LOCALE, format_amount, format_money, format_percent
from ..workspace.plan_sweep import SweepCancelled, SweepJob, SweepJobs, crossovers, switch_to_plan
from .documents import QuoteDocument
from .line_chart import PALETTE, Line, LineChart, Marker
from .spend_editor import push_made

HEADERS = ("Plan", "Architecture", "TCV", "Year 1", "Largest invoice", "Low - high", "Margin (INTERNAL)",
           "Approval")
DEBOUNCE_MS = 150  # typing "15000" starts one comparison, not five
EXPECTED_MULTIPLIER = Decimal(1)


class _Relay(QObject):
    """Carries a finished job back to the GUI thread (a queued signal)."""

    done = Signal(object, object)  # the job, its Comparison or the exception that stopped it


class _SweepRunnable(QRunnable):
    def __init__(self, job: SweepJob, relay: _Relay):
        super().__init__()
        self.job, self.relay = job, relay

    def run(self) -> None:
        try:
            result: object = self.job.run()
        except SweepCancelled:
            return
        except Exception as error:  # noqa: BLE001 - shown in the view, never a traceback
            result = error
        self.relay.done.emit(self.job, result)


class PlansView(QWidget):
    def __init__(self, document: QuoteDocument, parent: QWidget | None = None, locale: str = DEFAULT_LOCALE):
        super().__init__(parent)
        self.setObjectName("plans_view")
        self.document, self.locale = document, locale
        self.jobs = SweepJobs()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # two cores: one comparison at a time, the GUI keeps the other
        self.relay = _Relay()
        self.relay.done.connect(self._on_done)
        self.comparison: Comparison | None = None
        self.compared = None  # the quote the comparison shown is of
        self.stale = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.start)

        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("plans_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("plans_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Each plan priced for this customer: the same usage, discounts and spend protection. "
                              "Low - high is the lowest and highest TCV over the expected usage and the scenarios. "
                              "Margin is INTERNAL.")
        self.table.itemSelectionChanged.connect(self._on_selection)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.switch_button = QPushButton("S&witch to this plan")
        self.switch_button.setObjectName("switch_plan")
        self.switch_button.setToolTip("Put the quote on the selected plan (its packs as compared: auto where the "
                                      "plan sells packs). One step: undo takes it back.")
        self.switch_button.clicked.connect(self._on_switch)
        row.addWidget(self.switch_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.chart = LineChart("TCV against usage (x the expected usage)", self._money_short, locale=locale)
        self.chart.setObjectName("plans_chart")
        layout.addWidget(self.chart, 1)
        self.ranges = QLabel()
        self.ranges.setObjectName("cheapest_ranges")
        self.ranges.setWordWrap(True)
        layout.addWidget(self.ranges)
        document.changed.connect(self._on_changed)
        document.reset.connect(self._on_changed)
        self._on_changed()

    # --- jobs -------------------------------------------------------------------------------
    def _on_changed(self) -> None:
        self.jobs.cancel()  # the running job's result is stale now
        self.stale = True
        self.status.setText("Comparing the plans for this quote...")
        self._on_selection()
        if self.isVisible():
            self.timer.start()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.stale and not self.timer.isActive():
            self.timer.start(0)

    def start(self) -> SweepJob:
        """Start comparing the quote as it is now (on the worker thread)."""
        self.timer.stop()
        job = self.jobs.submit(self.document.catalog, self.document.quote)
        self.pool.start(_SweepRunnable(job, self.relay))
        return job

    def _on_done(self, job: SweepJob, result: object) -> None:
        if not self.jobs.accept(job):
            return  # superseded by a later edit
        self.stale = False
        if isinstance(result, Exception):
            message = result.message if isinstance(result, InvalidInput) else f"{type(result).__name__}: {result}"
            self.comparison, self.compared = None, None
            self.status.setText(f"The plans cannot be compared: {message}")
            self.table.setRowCount(0)
            self.chart.show_message("Nothing to compare")
            self.ranges.setText("")
            return
        self.comparison, self.compared = result, job.quote
        self._show(result)

    # --- showing -------------------------------------------------------------------------------
    def _money(self, value: Decimal) -> str:
        return format_money(value, self.comparison.currency, self.locale)

    def _money_short(self, value: Decimal) -> str:
        return format_amount(value, self.comparison.minor_units if self.comparison else 2, self.locale)

    def _names(self) -> dict[str | None, str]:
        names: dict[str | None, str] = {row.plan: row.name for row in self.comparison.plans}
        names[None] = "no plan could be priced"
        return names

    def multiplier_text(self, value: Decimal) -> str:
        return format_amount(value, 1, self.locale) + "x"

    def _show(self, comparison: Comparison) -> None:
        names = self._names()
        self.status.setText(f"Plans for this customer ({comparison.currency}); the quote is on "
                            f"{names.get(comparison.quote_plan, comparison.quote_plan)}.")
        selected = self.selected_plan()
        self.table.setRowCount(len(comparison.plans))
        for index, row in enumerate(comparison.plans):
            if row.priced is None:
                texts = [row.name, "-", "not priced", "", "", "", "", ""]
            else:
                low, high = row.low_high
                texts = [row.name, row.architecture or "-", self._money(row.tcv), self._money(row.year_1),
                         self._money(row.max_invoice), f"{self._money(low)} - {self._money(high)}",
                         format_percent(row.priced.totals.gross_margin_percent, self.locale),
                         row.priced.approval.level]
            own = row.plan == comparison.quote_plan
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text + (" (this quote)" if own and column == 0 else ""))
                font = QFont(item.font())
                font.setBold(own)
                item.setFont(font)
                item.setToolTip(row.problem or "")
                item.setData(256, row.plan)  # Qt.UserRole: the plan id behind the row
                self.table.setItem(index, column, item)
        if selected is not None:
            self.select_plan(selected)
        lines = [Line(row.name, QColor(PALETTE[i % len(PALETTE)]), [tcvs[i] for tcvs in comparison.sweep])
                 for i, row in enumerate(comparison.plans)]
        self.chart.set_data([self.multiplier_text(k) for k in comparison.multipliers], lines, self.markers())
        self.ranges.setText("Cheapest: " + "; ".join(
            f"{self.multiplier_text(r.first)}-{self.multiplier_text(r.last)}: {names.get(r.plan, r.plan)}"
            for r in comparison.cheapest_ranges))
        self._on_selection()

    def markers(self) -> list[Marker]:
        """The expected usage, and each crossover halfway between the two
        multipliers where the cheapest plan changes."""
        comparison, names = self.comparison, self._names()
        ks = list(comparison.multipliers)
        found = [Marker(ks.index(EXPECTED_MULTIPLIER), "expected", QColor("#555555"))] \
            if EXPECTED_MULTIPLIER in ks else []
        for cross in crossovers(comparison):
            found.append(Marker(ks.index(cross.after) + 0.5, f"\u2192 {names.get(cross.plan, cross.plan)}",
                                QColor("#C62828")))
        return found

    # --- switching -------------------------------------------------------------------------------
    def selected_plan(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(256) if rows else None

    def select_plan(self, plan: str) -> None:
        for index in range(self.table.rowCount()):
            if self.table.item(index, 0).data(256) == plan:
                self.table.selectRow(index)
                return

    def _on_selection(self) -> None:
        plan = self.selected_plan()
        usable = self.comparison is not None and not self.stale and plan is not None
        self.switch_button.setEnabled(usable and plan != self.document.quote.plan)

    def switch_to(self, plan: str) -> InvalidInput | None:
        """Put the quote on `plan` as the comparison priced it (one step)."""
        return push_made(self.document, lambda: switch_to_plan(self.document.catalog, self.document.quote, plan))

    def _on_switch(self) -> None:
        plan = self.selected_plan()
        if plan is not None:
            problem = self.switch_to(plan)
            if problem is not None:
                self.status.setText(f"Not switched: {problem}")

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        self.chart.locale = locale  # its axis labels
        if self.comparison is not None and not self.stale:
            self._show(self.comparison)

    def shutdown(self) -> None:
        """Cancel what is queued and wait for the running job (closing)."""
        self.jobs.cancel()
        self.pool.clear()
        self.pool.waitForDone()
