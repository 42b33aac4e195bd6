"""The library in the main window: `attach_library(window)` adds the
Library tab (built when first shown), File > Save as library revision,
the Library menu (push, pull) and the open quote's revision and status in
the window title ("HS-2026-0077 rev 3, approved · quote.json - Quotewright").

It uses the window's public parts only: `tabs`, `quote`, `services`,
`menuBar()`, `statusBar()`, `exports`, and the title through Qt's
`windowTitleChanged` (whatever the window writes there, the library's words
are put in front), so the window needs no change beyond calling it. It
leaves `window.library` (this module's `LibraryActions`): `stamp()` is what
an export of the open quote should carry, so its proposal has no DRAFT mark
once its revision is approved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from ..domain.library import RevisionStamp
from ..storage.library.where import may_have_library
from ..storage.problems import FileProblem
from .menus import key_sequences
from .notices import show_error

if TYPE_CHECKING:  # the library's modules load SQLAlchemy: only once the library is used
    from ..storage.library.store import Stored
    from ..workspace.library_session import LibrarySession, OpenQuoteState

TAB_TEXT = "&Library"
SAVE_SHORTCUT = "Ctrl+Alt+R"  # "revision": Catalog > Save catalog holds Ctrl+Alt+S
TITLE_DELAY_MS = 300  # the title follows typing once it pauses, not at every keystroke
TITLE_SEPARATOR = " · "


class LibraryActions(QObject):
    def __init__(self, window, session: LibrarySession | None = None):
        super().__init__(window)
        self.window = window
        self._session = session
        self.view = None
        self.state: OpenQuoteState | None = None
        self.last_stored: Stored | None = None
        self._prefix = ""
        self._placeholder = QWidget()
        window.tabs.addTab(self._placeholder, TAB_TEXT)
        window.tabs.currentChanged.connect(self._on_tab_changed)
        self._build_menus()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TITLE_DELAY_MS)
        self.timer.timeout.connect(self.update_state)
        document = window.quote
        for signal in (document.changed, document.reset, document.path_changed, document.modified_changed):
            signal.connect(lambda *_args: self.timer.start())
        window.windowTitleChanged.connect(self._on_title_changed)
        QTimer.singleShot(0, self.update_state)  # after the first frame: opening the library never delays start-up

    @property
    def session(self) -> LibrarySession:
        """The library session, made on first use (with the database layer)."""
        if self._session is None:
            from ..workspace.library_session import LibrarySession

            self._session = LibrarySession(lambda: self.window.services.settings)
        return self._session

    def shutdown(self) -> None:
        """The window closes: no push or pull may finish into it; the library is closed."""
        self.timer.stop()
        if self.view is not None:
            self.view.shutdown()
        if self._session is not None:
            self._session.close()

    @property
    def tab_index(self) -> int:
        """Where the Library tab is now (tabs added later may move it)."""
        return self.window.tabs.indexOf(self.view if self.view is not None else self._placeholder)

    # -- menus --------------------------------------------------------------------------
    def _action(self, text: str, slot, name: str, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcuts(key_sequences(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        self.save_action = self._action("Save as &library revision", self.save_revision, "save_library_revision",
                                        SAVE_SHORTCUT)
        self.save_action.setToolTip("Store the quote as its next revision in the library (nothing if unchanged)")
        files = next((action.menu() for action in bar.actions() if action.menu()
                      and action.text().replace("&", "") == "File"), None)
        if files is None:
            files = bar.addMenu("&File")
        entries = files.actions()
        after = next((i for i, action in enumerate(entries) if action.objectName() == "save_quote_as"), None)
        if after is not None and after + 1 < len(entries):
            files.insertAction(entries[after + 1], self.save_action)  # beside the other saves
        else:
            files.addAction(self.save_action)
        self.menu = QMenu("Librar&y", self.window)
        self.menu.setObjectName("library_menu")
        help_menu = next((action for action in bar.actions() if action.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, self.menu)  # Help stays last
        else:
            bar.addMenu(self.menu)
        self.show_action = self._action("&Show library", self.show_library, "show_library", "Ctrl+L")
        self.push_action = self._action("&Push to the team library", self.push, "library_push_action")
        self.pull_action = self._action("P&ull from the team library", self.pull, "library_pull_action")
        for action in (self.show_action, self.save_action, self.push_action, self.pull_action):
            self.menu.addAction(action)

    # -- the tab ------------------------------------------------------------------------
    def _on_tab_changed(self, index: int) -> None:
        if self.window.tabs.widget(index) is self._placeholder:
            self.library_view  # noqa: B018 (built on first view)

    @property
    def library_view(self):
        """The Library tab's view, built the first time it is asked for."""
        if self.view is None:
            from .library_view import LibraryView

            tabs = self.window.tabs
            self.view = LibraryView(self.session, self.window.services.settings.locale)
            self.view.changed.connect(self.update_state)
            self.view.detail.export_requested.connect(self.ask_export)
            self.view.detail.open_requested.connect(self.open_revision)
            index, current = tabs.indexOf(self._placeholder), tabs.currentIndex()
            tabs.blockSignals(True)
            tabs.removeTab(index)
            tabs.insertTab(index, self.view, TAB_TEXT)
            tabs.setCurrentIndex(current)
            tabs.blockSignals(False)
            self._placeholder.deleteLater()
            self._placeholder = None
        return self.view

    def show_library(self) -> None:
        self.window.tabs.setCurrentIndex(self.window.tabs.indexOf(self.library_view))

    # -- the open quote -----------------------------------------------------------------
    def save_revision(self) -> Stored | None:
        """File > Save as library revision: one action, not an edit (undo is
        untouched); the same content as the latest revision adds nothing."""
        from .refused import stopped_by_refused

        if stopped_by_refused(self.window, self.window.quote, "store the quote in the library"):
            return None  # the last valid value is not what the form shows
        document = self.window.quote
        try:
            stored = self.session.save_revision(document.quote, document.catalog)
        except FileProblem as problem:
            self.window.files.last_error = show_error(self.window, "Cannot store the quote in the library",
                                                      str(problem))
            return None
        self.last_stored = stored
        text = (f"Stored {stored.quote_id} as revision {stored.number} in the library" if stored.added else
                f"{stored.quote_id} unchanged: the same as revision {stored.number} in the library")
        self.window.statusBar().showMessage(text, 8000)
        self.update_state()
        if stored.added and self.view is not None and self.view.isVisible():  # a hidden tab reads it when shown
            self.view.refresh()
            self.view.refresh_unshared()
        return stored

    def update_state(self) -> None:
        """Read where the open quote stands in the library; the title follows."""
        self.timer.stop()
        document = self.window.quote
        if self._session is None and not may_have_library(self.window.services.settings):
            self.state = None  # no library yet: the quote is in none (and SQLAlchemy stays unloaded)
            self._on_title_changed(self.window.windowTitle())
            return
        try:
            self.state = self.session.open_quote_state(document.quote, document.catalog)
        except FileProblem:
            self.state = None  # no library to read: the title says less, nothing breaks
        self._on_title_changed(self.window.windowTitle())

    def stamp(self) -> RevisionStamp | None:
        """What an export of the open quote carries: its revision's stamp
        when the quote is exactly a library revision, else None."""
        self.update_state()
        return self.state.stamp if self.state else None

    def _on_title_changed(self, title: str) -> None:
        prefix = self.state.title() + TITLE_SEPARATOR if self.state else ""
        base = title[len(self._prefix):] if self._prefix and title.startswith(self._prefix) else title
        self._prefix = prefix
        if prefix + base != title:
            self.window.setWindowTitle(prefix + base)

    # -- the team library and exports ------------------------------------------------------
    def push(self) -> None:
        self.show_library()
        self.view.push()

    def pull(self) -> None:
        self.show_library()
        self.view.pull()

    def open_revision(self, quote_id: str, number: int) -> bool:
        """Open a revision (priced with its own snapshot) in the Quote tab,
        once the open quote is saved or discarded; storing it again after
        edits makes the next revision."""
        try:
            revision = self.session.priced(quote_id, number)
        except FileProblem as problem:
            self.library_view.say(str(problem))
            return False
        if not self.window.start_quote_from(revision.loaded.catalog, revision.loaded.quote):
            return False
        self.update_state()
        return True

    def ask_export(self, quote_id: str, number: int) -> None:
        start = Path.home() / f"{quote_id}-rev{number}.pdf"
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Export the revision's PDF proposal", str(start),
                                                "*.pdf")
        if chosen:
            self.export_revision(quote_id, number, Path(chosen))

    def log_when_exported(self, stamp: RevisionStamp, targets: list[tuple[str, Path]]) -> None:
        """File > Export of a quote that is a library revision: once the
        files are written, each is logged in the library with its SHA-256."""
        runner = self.window.exports

        def done(*_args) -> None:
            runner.finished.disconnect(finished)
            runner.failed.disconnect(done)

        def finished(paths: list) -> None:
            done()
            kinds = {str(path): kind for kind, path in targets}
            try:
                for path in paths:
                    self.session.record_export(stamp.quote_id, stamp.revision, kinds.get(str(path), "pdf"), Path(path))
            except (FileProblem, OSError) as problem:
                self.window.statusBar().showMessage(f"Exported, but not logged in the library: {problem}", 10000)

        runner.finished.connect(finished)
        runner.failed.connect(done)

    def export_revision(self, quote_id: str, number: int, path: Path) -> None:
        """The revision's proposal, priced with its own snapshot and stamped
        (no DRAFT once approved or ready), on the export thread; the export
        is then logged with the file's SHA-256."""
        from ..exporters.base import ExportJob

        try:
            revision = self.session.priced(quote_id, number)
            stamp = self.session.library().stamp(quote_id, number)
        except FileProblem as problem:
            self.library_view.say(str(problem))
            return
        job = ExportJob(revision.loaded.catalog, revision.loaded.quote, revision.priced, stamp)
        runner = self.window.exports
        if runner.busy:
            self.library_view.say("An export is still running; try again once it has finished")
            return

        def done() -> None:
            runner.finished.disconnect(finished)
            runner.failed.disconnect(done)

        def finished(paths: list) -> None:
            done()
            try:
                digest = self.session.record_export(quote_id, number, "pdf", Path(paths[0]))
            except (FileProblem, OSError) as problem:
                self.library_view.say(f"Exported, but not logged in the library: {problem}")
                return
            self.library_view.say(f"Exported {paths[0]} (sha256 {digest[:12]})")
            self.library_view.detail.show_quote(quote_id)

        runner.finished.connect(finished)
        runner.failed.connect(done)
        runner.start(job, [("pdf", path)], self.window.services.settings)


def attach_library(window) -> LibraryActions:
    """Give `window` the library (call it at the end of `MainWindow.__init__`)."""
    window.library = LibraryActions(window)
    return window.library
