"""The ramp editor for one usage or outcome line: steps typed as "from
month 4: 20,000" (optionally "growing 5%" after a step), the months they
make shown as they are typed, and Apply writing them into the line's
series as one undoable step (`workspace/ramp_commands.py` owns what a ramp
means; this is layout and gestures). `RampButton` opens it for the line
selected in a quote table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import InvalidInput
from ..formatting import DEFAULT_LOCALE, format_quantity
from ..workspace import ramp_commands
from .documents import QuoteDocument
from .fields import show_problem

PREVIEW_MONTHS = 24  # months written out under the steps; the rest are summarised


class RampDialog(QDialog):
    def __init__(self, document: QuoteDocument, key: str, row: int, parent: QWidget | None = None,
                 locale: str = DEFAULT_LOCALE):
        super().__init__(parent)
        self.document, self.key, self.row, self.locale = document, key, row, locale
        self.setObjectName("ramp_dialog")
        self.field = f"{key}[{row}].series"
        line = getattr(document.quote, key)[row]
        ident = line.work_unit if key == "usage" else line.outcome
        self.setWindowTitle(f"Ramp: {ident}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Steps, one a line ({ramp_commands.EXAMPLE}). The term has "
                                f"{document.quote.term_months} months.", wordWrap=True))
        self.steps = QPlainTextEdit()
        self.steps.setObjectName("ramp_steps")
        self.steps.setPlainText(self._current_text())
        self.steps.textChanged.connect(self._preview)
        layout.addWidget(self.steps)
        self.preview = QLabel()
        self.preview.setObjectName("ramp_preview")
        self.preview.setWordWrap(True)
        layout.addWidget(self.preview)
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("ramp_apply")
        self.flat_button = buttons.addButton("One volume every month", QDialogButtonBox.ButtonRole.ResetRole)
        self.flat_button.setObjectName("ramp_flat")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        self.flat_button.clicked.connect(self.make_flat)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(self._settle)
        self._preview()

    @property
    def series_field(self) -> tuple:
        return (self.key, self.row, "series")

    def _settle(self, _result: int = 0) -> None:
        # The steps are not on screen any more (applied, or the dialog cancelled).
        self.document.session.settle(self.series_field)

    def _current_text(self) -> str:
        line = getattr(self.document.quote, self.key)[self.row]
        if line.series is not None:
            return ramp_commands.steps_text(ramp_commands.steps_of(line.series))
        growth = f" growing {line.growth_percent.normalize():f}%" if line.growth_percent else ""
        return f"{line.monthly.normalize():f}{growth}"

    def _steps(self):
        steps = ramp_commands.parse_steps(self.steps.toPlainText(), self.field)
        return ramp_commands.check_steps(steps, self.document.quote.term_months, self.field)

    def _preview(self) -> None:
        try:
            series = ramp_commands.series_of(self._steps(), self.document.quote.term_months)
        except InvalidInput as problem:
            self.preview.setText(problem.message)
            show_problem(self.document, self.series_field, self.steps, problem)
            self.apply_button.setEnabled(False)
            return
        show_problem(self.document, self.series_field, self.steps, None)
        self.apply_button.setEnabled(True)
        shown = ", ".join(format_quantity(value, self.locale) for value in series[:PREVIEW_MONTHS])
        more = f" ... ({len(series)} months)" if len(series) > PREVIEW_MONTHS else ""
        self.preview.setText(f"Months 1-{min(len(series), PREVIEW_MONTHS)}: {shown}{more}")

    def apply(self) -> InvalidInput | None:
        """Write the steps into the line (one undoable step) and close."""
        try:
            edit = ramp_commands.set_ramp(self.document.quote, self.key, self.row, self._steps())
        except InvalidInput as problem:
            self.preview.setText(problem.message)
            show_problem(self.document, self.series_field, self.steps, problem)
            return problem
        problem = self.document.push(edit)
        if problem is None:
            self.accept()
        else:
            self.preview.setText(str(problem))
            show_problem(self.document, self.series_field, self.steps, problem)
        return problem

    def make_flat(self) -> InvalidInput | None:
        """Back to one monthly volume (the first month's), and close."""
        edit = ramp_commands.clear_ramp(self.document.quote, self.key, self.row)
        problem = None if edit is None else self.document.push(edit)
        if problem is None:
            self.accept()
        return problem


class RampButton(QWidget):
    """"Ramp..." for the line selected (or current) in a quote table."""

    def __init__(self, document: QuoteDocument, key: str, view: QTableView, parent: QWidget | None = None):
        super().__init__(parent)
        self.document, self.key, self.view = document, key, view
        self.dialog: RampDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton("Ramp (month by month)...")
        self.button.setObjectName(f"{key}_ramp")
        self.button.setToolTip("Type the selected line as steps, such as a pilot at 1,000 a month and "
                               "20,000 from month 4.")
        self.button.clicked.connect(lambda: self.open_for(self.selected_row()))
        row.addWidget(self.button)
        row.addStretch(1)

    def selected_row(self) -> int | None:
        rows = [index.row() for index in self.view.selectionModel().selectedRows()] if self.view.selectionModel() else []
        if rows:
            return rows[0]
        current = self.view.currentIndex()
        if current.isValid():
            return current.row()
        return 0 if getattr(self.document.quote, self.key) else None

    def open_for(self, row: int | None) -> RampDialog | None:
        if row is None or row >= len(getattr(self.document.quote, self.key)):
            return None
        self.dialog = RampDialog(self.document, self.key, row, self.window())
        self.dialog.open()  # window-modal, without a nested event loop
        return self.dialog
