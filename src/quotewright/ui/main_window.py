"""The main window assembles the views, menus and shortcuts; the documents,
views and actions each live in their own module."""

from __future__ import annotations

from base64 import b64decode, b64encode
from binascii import Error as BinasciiError
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from ..domain.values import rebuilt
from ..domain.errors import InvalidInput
from ..storage.problems import FileProblem
from ..storage.recovery import Recovery, discard_recovery, scan_recoveries, set_aside_recovery
from ..storage.settings_store import save_settings
from .autosave import AUTOSAVE_MILLISECONDS, Autosaver
from .documents import CatalogDocument, QuoteDocument
from .file_actions import FileActions
from .notices import Banner, show_error
from .quote_page import QuotePage
from .undo_actions import UndoActions

QUOTE_TAB, CATALOG_TAB, MATRIX_TAB = range(3)
PLANS_TAB = 3  # plans side by side (ui/plans_view.py)


class MainWindow(QMainWindow):
    def __init__(self, quote: QuoteDocument, catalog: CatalogDocument, services, autosave_interval: int | None = None):
        super().__init__()
        self.quote, self.catalog, self.services = quote, catalog, services
        self.setObjectName("main_window")
        self.files = FileActions(self, quote, catalog, services)
        self._exports = None
        # Without a data folder there is nowhere to autosave to (said once at start-up).
        autosave = autosave_interval != 0 and not services.data_folder_problem
        self.autosaver = Autosaver(quote, autosave_interval or AUTOSAVE_MILLISECONDS, self) if autosave else None
        if self.autosaver:
            self.autosaver.failed.connect(self._on_autosave_failed)
            self.autosaver.resumed.connect(self._on_autosave_resumed)

        central = QWidget()
        layout = QVBoxLayout(central)
        self.notice_banner = Banner("notice_banner")
        self._notices: dict[str, str] = {}
        self._handled: set[Path] = set()  # recovery files recovered or discarded in this session
        self.recovery_banner = Banner("recovery_banner")
        self.catalog_banner = Banner("catalog_banner")
        layout.addWidget(self.notice_banner)
        layout.addWidget(self.recovery_banner)
        layout.addWidget(self.catalog_banner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.quote_page = QuotePage(quote, services.settings.locale)
        self.quote_splitter = self.quote_page
        self.form, self.summary, self.alert_markers = self.quote_page.form, self.quote_page.summary, self.quote_page.alert_markers
        self.tabs.addTab(self.quote_splitter, "&Quote")
        # The catalog editor and the matrix are built when first opened.
        self.tabs.addTab(QWidget(), "C&atalog")
        self.tabs.addTab(QWidget(), "Autonomy x &attribution")
        self.tabs.addTab(QWidget(), "Plans side &by side")
        self._catalog_view = None
        self._matrix = None
        self._plans = None
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.undo_actions = UndoActions(self, [quote, catalog], quote)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._build_menus()

        for document in (quote, catalog):
            document.rejected.connect(lambda problem, d=document: self._on_document_rejected(d, problem))
            document.refused_changed.connect(lambda d=document: self._clear_stale_status(d))
            document.changed.connect(lambda d=document: self._clear_stale_status(d))
            document.modified_changed.connect(self._update_title)
            document.path_changed.connect(self._update_title)
        quote.changed.connect(self._check_catalog)
        catalog.changed.connect(self._check_catalog)
        catalog.changed.connect(self._update_title)
        self._update_title()
        self._check_catalog()
        if not services.state.window_geometry:
            self.resize(1280, 860)
        self._restore_layout()
        self._offer_recovery()

    # --- menus and shortcuts ------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        action.setObjectName(name or text.replace("&", "").replace(".", "").strip().lower().replace(" ", "_"))
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        files = bar.addMenu("&File")
        self._action(files, "&New quote", self.files.new_quote, QKeySequence.StandardKey.New)
        self._action(files, "&Open...", self.files.open_file, QKeySequence.StandardKey.Open)
        self.recent_menu = files.addMenu("Open &recent")
        self.files.recent_changed.connect(self._fill_recent)
        self._fill_recent()
        self._action(files, "&Save quote", self.files.save_quote, QKeySequence.StandardKey.Save)
        self._action(files, "Save quote &as...", self.files.save_quote_as, QKeySequence("Ctrl+Shift+S"))
        files.addSeparator()
        self._action(files, "Export to &Excel...", lambda: self.ask_export("xlsx"), "Ctrl+E", "export_xlsx")
        self._action(files, "Export &PDF proposal...", lambda: self.ask_export("pdf"), "Ctrl+Shift+E", "export_pdf")
        files.addSeparator()
        self._action(files, "Shadow &billing...", self.shadow_billing, name="shadow_billing")
        files.addSeparator()
        self._action(files, "&Quit", self.close, QKeySequence("Ctrl+Q"))

        edit = bar.addMenu("&Edit")
        edit.addAction(self.undo_actions.undo)
        edit.addAction(self.undo_actions.redo)
        edit.addSeparator()
        self._action(edit, "&Settings...", self.edit_settings, QKeySequence("Ctrl+,"))

        catalog = bar.addMenu("&Catalog")
        self._action(catalog, "&Open catalog...", self.files.open_catalog, "Ctrl+Shift+O")
        self._action(catalog, "&Save catalog", self.files.save_catalog, "Ctrl+Alt+S")
        self._action(catalog, "Save catalog &as...", self.files.save_catalog_as)
        catalog.addSeparator()
        self._action(catalog, "&Reprice quote with this catalog", self.reprice_with_catalog, "Ctrl+R", "reprice")

        view = bar.addMenu("&View")
        for index, label in enumerate(("&Quote builder", "&Catalog", "Autonomy x &attribution matrix")):
            self._action(view, label, lambda i=index: self.tabs.setCurrentIndex(i), f"Ctrl+{index + 1}")
        view.addSeparator()
        for index, (label, rank) in enumerate((("Low usage", "low"), ("Expected usage", "expected"),
                                               ("High usage", "high")), 1):
            self._action(view, label, lambda rank=rank: self.quote.session.show_case(rank), f"Alt+{index}")

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.services.state.recent_files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.files.open_file(p))
        self.recent_menu.setEnabled(bool(self.services.state.recent_files))

    # --- reacting to documents -------------------------------------------------------------
    # Built on first use, so the quote builder shows as soon as it can.
    @property
    def catalog_view(self):
        if self._catalog_view is None:
            from .catalog_view import CatalogView

            self._catalog_view = self._install_tab(CATALOG_TAB, CatalogView(self.catalog))
        return self._catalog_view

    @property
    def matrix(self):
        if self._matrix is None:
            from .matrix_view import MatrixPage

            self._matrix = self._install_tab(MATRIX_TAB, MatrixPage(self.catalog))
        return self._matrix

    @property
    def plans(self):
        if self._plans is None:
            from .plans_view import PlansView

            self._plans = self._install_tab(PLANS_TAB, PlansView(self.quote, locale=self.services.settings.locale))
        return self._plans

    def _install_tab(self, index: int, widget: QWidget) -> QWidget:
        """Put the real page in place of the placeholder tab."""
        current, text = self.tabs.currentIndex(), self.tabs.tabText(index)
        self.tabs.blockSignals(True)
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, text)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        old.deleteLater()
        return widget

    def _on_tab_changed(self, index: int) -> None:
        if index == CATALOG_TAB:
            self.catalog_view  # noqa: B018 (built on first view)
        elif index == MATRIX_TAB:
            self.matrix  # noqa: B018
        elif index == PLANS_TAB:
            self.plans  # noqa: B018
        self.undo_actions.set_active(self.catalog if index == CATALOG_TAB else self.quote)

    def _update_title(self, *_args) -> None:
        name = self.quote.path.name if self.quote.path else "Untitled quote"
        self.setWindowTitle(f"{name}[*] - Quotewright")
        self.setWindowModified(self.quote.modified)
        marker = "*" if self.catalog.modified else ""
        self.tabs.setTabText(CATALOG_TAB, f"C&atalog: {self.catalog.catalog.name}{marker}")

    def _check_catalog(self) -> None:
        if not self.quote.differs_from(self.catalog.catalog):
            self.catalog_banner.hide()
            return
        snapshot = self.quote.catalog
        self.catalog_banner.offer(
            f"This quote is priced with its own copy of the catalog ({snapshot.name} {snapshot.version}), which "
            f"differs from the catalog in the Catalog tab ({self.catalog.catalog.name} "
            f"{self.catalog.catalog.version}). Its prices stay as they are until you reprice it.",
            [("Reprice with current catalog", self.reprice_with_catalog)])

    def reprice_with_catalog(self) -> None:
        problem = self.quote.session.reprice_with(self.catalog.catalog)
        if problem is not None:
            self.files.last_error = show_error(self, "Cannot reprice with this catalog",
                                               f"The quote does not fit the current catalog: {problem}")

    # --- the status bar's refusal: it lives exactly as long as its cause -----------------
    def _on_document_rejected(self, document, problem) -> None:
        self._status_cause = (document, problem)
        self.statusBar().showMessage(f"Not applied: {document.session.problem_words(problem)}")
        self.statusBar().setToolTip(str(problem))  # the field's path, as the file and the CLI name it

    def _clear_stale_status(self, document) -> None:
        cause = getattr(self, "_status_cause", None)
        if cause and cause[0] is document and not any(p is cause[1] for p in document.session.refused.values()):
            self._status_cause = None
            self.statusBar().clearMessage()
            self.statusBar().setToolTip("")

    # --- notices ------------------------------------------------------------------------
    def tell(self, key: str, message: str) -> None:
        """Say something that needs no answer (start-up problems, autosave
        stopping) in the banner until dismissed; `key` replaces an older
        message on the same subject."""
        self._notices[key] = message
        self._show_notices()

    def untell(self, key: str) -> None:
        self._notices.pop(key, None)
        self._show_notices()

    def notices(self) -> dict[str, str]:
        return dict(self._notices)

    def _show_notices(self) -> None:
        if not self._notices:
            self.notice_banner.hide()
            return
        self.notice_banner.offer("\n\n".join(self._notices.values()), [("Dismiss", self._dismiss_notices)])

    def _dismiss_notices(self) -> None:
        self._notices.clear()
        self.notice_banner.hide()

    def _on_autosave_failed(self, problem: str) -> None:
        self.tell("autosave", f"Autosave has stopped, so a crash now would lose your unsaved changes: {problem}. "
                              "Save your quote to keep it; autosave retries on its own.")

    def _on_autosave_resumed(self) -> None:
        self.untell("autosave")
        self.statusBar().showMessage("Autosave works again.", 8000)

    # --- recovery ---------------------------------------------------------------------------
    def _offer_recovery(self) -> None:
        """Offer the newest file a crashed window left; live windows' files
        are not offered (they own a lock), damaged ones are set aside."""
        own = self.autosaver.path if self.autosaver else None
        scan = scan_recoveries()
        if scan.set_aside:
            self.tell("recovery_damaged", "A damaged crash-recovery file was set aside: " + "\n".join(scan.set_aside))
        found = [r for r in scan.found if r.path != own and r.path not in self._handled]
        if not found:
            self.recovery_banner.hide()
            return
        latest = found[0]
        when = latest.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.recovery_banner.offer(
            f"Quotewright closed before quote {latest.quote.id} for {latest.quote.customer.name} was saved "
            f"(last autosaved {when}). Recover it?",
            [("Recover", lambda: self.recover(latest)), ("Discard", lambda: self.discard_recovery(latest))])

    def recover(self, recovery: Recovery) -> None:
        if not self.files.confirm_discard(self.quote, "quote"):
            return
        try:
            self.quote.session.recover(recovery)
        except InvalidInput as problem:
            self.tell("recovery_damaged", "The crash-recovery file could not be opened and was set aside: "
                      + set_aside_recovery(recovery.path, FileProblem.from_invalid(recovery.path, problem)))
            self._offer_recovery()
            return
        self.discard_recovery(recovery)

    def discard_recovery(self, recovery: Recovery) -> None:
        self._handled.add(recovery.path)  # not offered again, even if it cannot be deleted
        try:
            discard_recovery(recovery.path)
        except FileProblem as problem:
            self.tell("recovery_discard", f"The crash-recovery file was kept: {problem}")
        self.recovery_banner.hide()
        self._offer_recovery()

    # --- export and settings --------------------------------------------------------------------
    def ask_export(self, kind: str) -> None:
        from .refused import stopped_by_refused

        if stopped_by_refused(self, self.quote, "export the quote"):
            return  # asked before the file dialog: nothing is chosen in vain
        suffix = ".xlsx" if kind == "xlsx" else ".pdf"
        title = "Export Excel model" if kind == "xlsx" else "Export PDF proposal"
        start = (self.quote.path.parent if self.quote.path else Path.home()) / f"{self.quote.quote.id}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(start), f"*{suffix}")
        if chosen:
            self.export_to([(kind, Path(chosen))])

    @property
    def exports(self):
        if self._exports is None:
            from .export_runner import ExportRunner

            self._exports = ExportRunner(self)
        return self._exports

    def export_to(self, targets: list[tuple[str, Path]]) -> None:
        from ..exporters.base import ExportJob  # the exporters load on the first export
        from .refused import stopped_by_refused

        if stopped_by_refused(self, self.quote, "export the quote"):
            return  # the figures would be the last valid value's, not what the form shows
        job = ExportJob(self.quote.catalog, self.quote.quote, self.quote.priced)
        self.exports.start(job, targets, self.services.settings, [("quote", self.quote.path)])

    def shadow_billing(self):
        """File > Shadow billing: rate a usage file under every plan of the
        Catalog tab's catalog (ui/shadow_dialog.py)."""
        from .shadow_dialog import ShadowDialog

        dialog = ShadowDialog(self.catalog.catalog, self.start_quote_from, self, self.services.settings.locale)
        dialog.open()
        self.shadow_dialog = dialog
        return dialog

    def start_quote_from(self, catalog, quote) -> bool:
        """Open `quote` (priced with `catalog`) as a new, unsaved quote, after
        the open one is saved or discarded."""
        if not self.files.confirm_discard(self.quote, "quote"):
            return False
        try:
            self.quote.session.load(catalog, quote)
        except InvalidInput as problem:  # a quote the engine cannot price: the open one stays
            self.files.last_error = show_error(self, "Cannot start a quote from this usage", str(problem))
            return False
        self.quote.session.mark_unsaved()  # built from data, in no file yet: closing asks first
        self.tabs.setCurrentIndex(QUOTE_TAB)
        return True

    def edit_settings(self) -> None:
        from ..storage.templates import available_templates
        from .settings_dialog import SettingsDialog

        edited = SettingsDialog.edit(self, self.services.settings, sorted(available_templates()))
        if edited is not None:
            self.apply_settings(edited)

    def apply_settings(self, settings) -> None:
        self.services.settings = settings
        # Numbers and money are written in the settings' locale: show it now, not at the next edit.
        self.quote_page.set_locale(settings.locale)
        if self._plans is not None:
            self._plans.set_locale(settings.locale)
        try:
            save_settings(settings)
        except Exception as problem:  # noqa: BLE001 - shown to the user, settings stay in memory
            self.files.last_error = show_error(self, "Cannot save the settings", str(problem))

    # --- layout and closing --------------------------------------------------------------------
    def _restore_layout(self) -> None:
        state = self.services.state
        try:
            geometry, layout = b64decode(state.window_geometry), b64decode(state.window_state)
        except (BinasciiError, ValueError):
            return  # a damaged layout is only a convenience lost; start with the default
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        if layout:
            self.restoreState(QByteArray(layout))

    def save_layout(self) -> None:
        self.services.state = rebuilt(
            self.services.state,
            window_geometry=b64encode(bytes(self.saveGeometry().data())).decode("ascii"),
            window_state=b64encode(bytes(self.saveState().data())).decode("ascii"),
        )
        self.services.save_state()

    def closeEvent(self, event) -> None:  # noqa: N802
        if not (self.files.confirm_discard(self.quote, "quote") and self.files.confirm_discard(self.catalog, "catalog")):
            event.ignore()
            return
        # Closing never fails: the layout and the recovery file are conveniences
        # (a read-only data folder keeps neither), the user's documents are saved.
        try:
            self.save_layout()
        except Exception:  # noqa: BLE001
            pass
        if self.autosaver:
            self.autosaver.discard()
        if self._plans is not None:
            self._plans.shutdown()  # no comparison may finish into a closed window
        event.accept()
