"""The Library tab (LIBRARY.md 3-4): the quotes, 50 a page, with a search
box and filters; the selected quote's revisions, diff, decisions and
timeline (ui/library_detail.py); and push and pull with the team library,
with the count of what it lacks. Push, pull and the count reach the team
server, so they run on a worker thread (ui/library_worker.py) behind a
busy indicator; a team library that cannot be reached is said in one line
and the local list keeps working."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..formatting import DEFAULT_LOCALE
from ..storage.library.connect import shown
from ..storage.library.sync import Copied
from ..storage.problems import FileProblem
from ..workspace.library_session import LibrarySession, Page
from .library_detail import QuoteDetail, add_button
from .library_table import FilterBar, QuoteTable
from .library_worker import Background


def copied_words(copied: Copied) -> str:
    refused = f"; {copied.refused} decisions refused (your database user lacks their role)" if copied.refused else ""
    return f"{copied.revisions} revisions, {copied.decisions} decisions, {copied.events} events{refused}"


class LibraryView(QWidget):
    """`changed()` after anything that may change the open quote's status
    (a decision, a pull), so the window title can follow."""

    changed = Signal()

    def __init__(self, session: LibrarySession, locale: str = DEFAULT_LOCALE, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("library_view")
        self.session, self.locale = session, locale
        self.page: Page | None = None
        self.background = Background(self)
        self.background.busy_changed.connect(self._on_busy)
        layout = QVBoxLayout(self)

        self.filters = FilterBar()
        self.filters.changed.connect(lambda: self.refresh(1))
        layout.addWidget(self.filters)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = QuoteTable(locale, self)
        self.table = QTableView()
        self.table.setObjectName("library_quotes")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_quote_selected)
        left_layout.addWidget(self.table, 1)
        paging = QHBoxLayout()
        self.previous_button = add_button(paging, "< Previous", "library_previous", lambda: self._turn(-1))
        self.page_label = QLabel()
        self.page_label.setObjectName("library_page")
        paging.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        self.next_button = add_button(paging, "Next >", "library_next", lambda: self._turn(1))
        left_layout.addLayout(paging)
        split.addWidget(left)
        self.detail = QuoteDetail(session, locale)
        self.detail.problem.connect(self.say)
        self.detail.decided.connect(self._on_decided)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        team = QHBoxLayout()
        self.team_label = QLabel()
        self.team_label.setObjectName("library_unshared")
        self.team_label.setWordWrap(True)
        team.addWidget(self.team_label, 1)
        self.busy = QProgressBar()
        self.busy.setObjectName("library_busy")
        self.busy.setRange(0, 0)  # no figure to show: it only says work is going on
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        team.addWidget(self.busy)
        self.count_button = add_button(team, "Check", "library_check", self.refresh_unshared)
        self.count_button.setToolTip("Count what the team library lacks")
        self.push_button = add_button(team, "P&ush", "library_push", self.push)
        self.pull_button = add_button(team, "P&ull", "library_pull", self.pull)
        layout.addLayout(team)
        self.message = QLabel()
        self.message.setObjectName("library_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self._shown = False
        self.refresh(1)
        self.refresh_unshared()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Coming back to the tab reads the list again (another window or a
        command may have stored or decided meanwhile)."""
        super().showEvent(event)
        if self._shown:
            self.refresh()
            self.refresh_unshared()
        self._shown = True

    def set_locale(self, locale: str) -> None:
        """Money in `locale` (the settings changed): the list and the quote
        shown are written again, the revisions chosen kept."""
        self.locale = self.model.locale = self.detail.locale = locale
        if self.page is not None:
            self.model.show(self.page.quotes)
        shown, chosen = self.detail.quote_id, self.detail.selected_numbers()
        if shown is not None:
            self.detail.show_quote(shown)
            if chosen:
                self.detail.select_revisions(*chosen)

    def say(self, line: str) -> None:
        self.message.setText(line)

    # -- the list -----------------------------------------------------------------------
    def refresh(self, number: int | None = None) -> None:
        """Read page `number` (the current one by default) again, keeping the selected quote."""
        number = number or (self.page.number if self.page else 1)
        keep = self.detail.quote_id
        try:
            self.page = self.session.page(self.filters.current(), number)
        except FileProblem as problem:
            self.page = Page([], number, False)
            self.say(str(problem))
        self.model.show(self.page.quotes)
        count = len(self.page.quotes)
        first = (self.page.number - 1) * 50 + 1
        self.page_label.setText(f"Page {self.page.number}: quotes {first}-{first + count - 1}" if count
                                else f"Page {self.page.number}: no quotes match" if self.page.number > 1
                                or any(self.filters.current()) else "No quotes in the library yet")
        self.previous_button.setEnabled(self.page.number > 1)
        self.next_button.setEnabled(self.page.has_next)
        ids = [listed.row.id for listed in self.page.quotes]
        if keep in ids:
            self.select_quote(keep)
        else:
            self.detail.show_quote(None)

    def _turn(self, step: int) -> None:
        if self.page:
            self.refresh(max(1, self.page.number + step))

    def quote_ids(self) -> list[str]:
        return [listed.row.id for listed in self.model.quotes]

    def select_quote(self, quote_id: str) -> None:
        row = self.quote_ids().index(quote_id)
        self.table.selectRow(row)
        if self.detail.quote_id != quote_id:
            self.detail.show_quote(quote_id)

    def _on_quote_selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.detail.show_quote(self.model.quote_id(rows[0].row()) if rows else None)

    def _on_decided(self) -> None:
        self.refresh()
        self.refresh_unshared()
        self.changed.emit()

    # -- the team library ---------------------------------------------------------------
    def _on_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.count_button, self.push_button, self.pull_button):
            button.setEnabled(not busy)

    def _team_known(self) -> bool:
        if self.session.team_url():
            return True
        self.team_label.setText("No team library: name one in Edit > Settings to push and pull")
        for button in (self.push_button, self.pull_button):
            button.setEnabled(False)  # Check stays: it reads the settings again
        return False

    def refresh_unshared(self) -> None:
        """Count what the team library lacks (on the worker thread)."""
        if not self._team_known() or self.background.busy:
            return
        self.team_label.setText(f"Checking {shown(self.session.team_url())}...")
        self.background.run(self.session.unshared, self._on_unshared, self._on_team_failed)

    def _on_unshared(self, missing: Copied) -> None:
        where = shown(self.session.team_url())
        self.team_label.setText(f"Not yet shared with {where}: {missing.revisions} revisions, {missing.decisions} "
                                f"decisions, {missing.events} events" if missing.anything
                                else f"Everything is shared with {where}")
        self.unshared = missing

    def _on_team_failed(self, line: str) -> None:
        self.team_label.setText("The team library cannot be reached; your library works as before")
        self.say(line)

    def push(self) -> None:
        if self._team_known() and not self.background.busy:
            self.team_label.setText(f"Pushing to {shown(self.session.team_url())}...")
            self.background.run(self.session.push, lambda copied: self._on_copied("Pushed", copied),
                                self._on_team_failed)

    def pull(self) -> None:
        if self._team_known() and not self.background.busy:
            self.team_label.setText(f"Pulling from {shown(self.session.team_url())}...")
            self.background.run(self.session.pull, lambda copied: self._on_copied("Pulled", copied),
                                self._on_team_failed)

    def _on_copied(self, what: str, copied: Copied) -> None:
        self.last_copied = copied
        self.say(f"{what}: {copied_words(copied)} copied")
        self.refresh()
        self.changed.emit()
        self.refresh_unshared()

    def shutdown(self) -> None:
        self.background.shutdown()
