"""The Library tab's detail pane for one quote: its revisions, the diff
between two selected ones (one selected: it and the one before), approve
and reject with a comment (each button enabled only where the user's role
allows, the reason in its tooltip), exporting a revision's proposal, and
the history as a timeline. The session decides; this pane only asks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain import library as rules
from ..formatting import DEFAULT_LOCALE, format_money
from ..storage.problems import FileProblem
from ..workspace.library_session import LibrarySession, status_words
from .library_history import DiffView, Timeline

REVISION_HEADERS = ("Rev", "Stored (UTC)", "By", "Plan", "TCV", "Status", "Content")



def add_button(row: QHBoxLayout, text: str, name: str, slot) -> QPushButton:
    """A named push button at the end of `row`, calling `slot` when clicked."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda _checked=False: slot())
    row.addWidget(button)
    return button

class QuoteDetail(QWidget):
    """`problem(line)` when the library refuses or cannot be read;
    `decided()` after a decision; `export_requested(quote id, number)` and
    `open_requested(quote id, number)` for the window to act on."""

    problem = Signal(str)
    decided = Signal()
    export_requested = Signal(str, int)
    open_requested = Signal(str, int)

    def __init__(self, session: LibrarySession, locale: str = DEFAULT_LOCALE, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.locale = session, locale
        self.quote_id: str | None = None
        self.numbers: list[int] = []
        layout = QVBoxLayout(self)
        self.heading = QLabel("Select a quote to see its revisions")
        self.heading.setObjectName("library_heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        self.revisions = QTableWidget(0, len(REVISION_HEADERS))
        self.revisions.setObjectName("library_revisions")
        self.revisions.setHorizontalHeaderLabels(REVISION_HEADERS)
        self.revisions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.revisions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.revisions.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.revisions.verticalHeader().setVisible(False)
        self.revisions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.revisions.setToolTip("Select one revision to compare it with the one before, or two to compare them")
        self.revisions.itemSelectionChanged.connect(self._on_selection)
        layout.addWidget(self.revisions, 1)

        decide = QHBoxLayout()
        self.comment = QLineEdit()
        self.comment.setObjectName("library_comment")
        self.comment.setPlaceholderText("Comment (a rejection must say why)")
        decide.addWidget(self.comment, 1)
        self.approve_button = add_button(decide, "&Approve", "library_approve", lambda: self._decide(rules.APPROVE))
        self.reject_button = add_button(decide, "Re&ject", "library_reject", lambda: self._decide(rules.REJECT))
        self.export_button = add_button(decide, "Export &PDF...", "library_export", self._export)
        self.export_button.setToolTip("The selected revision's proposal: no DRAFT mark once approved (or ready)")
        self.open_button = add_button(decide, "&Open", "library_open", self._open)
        self.open_button.setToolTip("Open the selected revision in the Quote tab, to edit it into a new revision")
        layout.addLayout(decide)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.diff = DiffView()
        self.timeline = Timeline()
        split.addWidget(self.diff)
        split.addWidget(self.timeline)
        layout.addWidget(split, 2)
        self.show_quote(None)

    # -- showing ------------------------------------------------------------------------
    def show_quote(self, quote_id: str | None) -> None:
        """Show `quote_id`'s revisions (the latest selected), or nothing."""
        self.quote_id = quote_id
        self.revisions.setRowCount(0)
        self.numbers = []
        self._known = None  # the revisions and the latest status, read once per quote shown
        self._selection: list[int] | None = None
        self.diff.show_diff(None)
        self.timeline.clear()
        if quote_id is None:
            self.heading.setText("Select a quote to see its revisions")
            self._update_buttons()
            return
        try:
            revisions = self.session.revisions(quote_id)
            statuses = [self.session.status(quote_id, revision.number) for revision in revisions]
            entries = self.session.timeline(quote_id)
        except FileProblem as problem:
            self.heading.setText(f"{quote_id}: cannot be read")
            self.problem.emit(str(problem))
            self._update_buttons()
            return
        latest = revisions[-1]
        self.heading.setText(f"{quote_id}, {latest.customer}: {len(revisions)} revision"
                             f"{'s' if len(revisions) != 1 else ''}, the latest "
                             f"{status_words(statuses[-1].status, statuses[-1].level, statuses[-1].expired)}")
        self.revisions.blockSignals(True)
        self.revisions.setRowCount(len(revisions))
        for row, (revision, status) in enumerate(zip(revisions, statuses)):
            cells = (str(revision.number), revision.stored_at[:16].replace("T", " "), revision.author, revision.plan,
                     format_money(revision.tcv, revision.currency, self.locale),
                     status_words(status.status, status.level, status.expired),
                     revision.content_hash[:rules.STAMP_HASH_CHARS])
            for column, text in enumerate(cells):
                self.revisions.setItem(row, column, QTableWidgetItem(text))
        self.numbers = [revision.number for revision in revisions]
        self._known = (revisions, statuses[-1])
        self.revisions.blockSignals(False)
        self.timeline.show_entries(entries)
        self.revisions.selectRow(len(revisions) - 1)  # shows the latest against the one before

    def selected_numbers(self) -> list[int]:
        rows = sorted({index.row() for index in self.revisions.selectionModel().selectedRows()})
        return [self.numbers[row] for row in rows if row < len(self.numbers)]

    def select_revisions(self, *numbers: int) -> None:
        """Select these revisions (by number), as a click and a Ctrl+click would."""
        self.revisions.blockSignals(True)
        self.revisions.clearSelection()
        mode = self.revisions.selectionMode()
        self.revisions.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for number in numbers:
            self.revisions.selectRow(self.numbers.index(number))
        self.revisions.setSelectionMode(mode)
        self.revisions.blockSignals(False)
        self._on_selection()

    def _on_selection(self) -> None:
        chosen = self.selected_numbers()
        if chosen == self._selection:
            return  # Qt says "selection changed" twice for one click on a new row
        self._selection = chosen
        pair = None
        if len(chosen) == 2:
            pair = (chosen[0], chosen[1])
        elif len(chosen) == 1 and self.numbers.index(chosen[0]) > 0:
            pair = (self.numbers[self.numbers.index(chosen[0]) - 1], chosen[0])
        diff = None
        if pair and self.quote_id:
            try:
                diff = self.session.diff(self.quote_id, *pair)
            except FileProblem as problem:
                self.problem.emit(str(problem))
        self.diff.show_diff(diff, self.locale)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_numbers()
        number = chosen[-1] if len(chosen) == 1 else None
        for kind, button in ((rules.APPROVE, self.approve_button), (rules.REJECT, self.reject_button)):
            allowed, reason = False, "Select one revision (the latest) to decide on it"
            if self.quote_id and number is not None:
                try:
                    allowed, reason = self.session.permission(kind, self.quote_id, number, self._known)
                except FileProblem as problem:
                    reason = str(problem)
            button.setEnabled(allowed)
            button.setToolTip(reason or ("Approve this revision in your role" if kind == rules.APPROVE
                                         else "Reject this revision in your role; say why in the comment"))
        self.export_button.setEnabled(bool(self.quote_id and number is not None))
        self.open_button.setEnabled(bool(self.quote_id and number is not None))

    # -- acting -------------------------------------------------------------------------
    def _decide(self, kind: str) -> None:
        chosen = self.selected_numbers()
        if not self.quote_id or len(chosen) != 1:
            return
        try:
            self.session.decide(kind, self.quote_id, chosen[0], self.comment.text())
        except FileProblem as problem:  # e.g. a rejection without a comment: said, nothing recorded
            self.problem.emit(str(problem))
            self.comment.setFocus()
            return
        self.comment.clear()
        self.show_quote(self.quote_id)
        self.decided.emit()

    def _export(self) -> None:
        chosen = self.selected_numbers()
        if self.quote_id and len(chosen) == 1:
            self.export_requested.emit(self.quote_id, chosen[0])

    def _open(self) -> None:
        chosen = self.selected_numbers()
        if self.quote_id and len(chosen) == 1:
            self.open_requested.emit(self.quote_id, chosen[0])
