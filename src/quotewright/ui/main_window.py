"""The main window places the banners, the tabs (or the start page in their
place) and the views, and reacts to the documents; the menus and shortcuts
(ui/menus.py), the start page, the file actions, export and notices each
live in their own module. A new tab is a placeholder here, its page built on
first view (`_install_tab`), and its menu entries in `build_menus`."""

from __future__ import annotations

from base64 import b64decode, b64encode
from binascii import Error as BinasciiError
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from ..domain.values import rebuilt
from ..domain.errors import InvalidInput
from ..storage.problems import FileProblem
from ..storage.recovery import Recovery, discard_recovery, scan_recoveries, set_aside_recovery
from .autosave import AUTOSAVE_MILLISECONDS, Autosaver
from .documents import CatalogDocument, QuoteDocument
from .file_actions import FileActions
from .library_actions import attach_library
from .menus import build_menus
from .tab_pages import CATALOG_TAB, LINES_TAB, MATRIX_TAB, PLANS_TAB, QUOTE_TAB, TabPages  # noqa: F401 (the tabs' numbers are read from here)
from .notices import Banner, NoticeBoard, show_error
from .undo_actions import UndoActions


class MainWindow(TabPages, QMainWindow):
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
        self.notice_board = NoticeBoard(self.notice_banner)
        self._handled: set[Path] = set()  # recovery files recovered or discarded in this session
        self.recovery_banner = Banner("recovery_banner")
        self.catalog_banner = Banner("catalog_banner")
        layout.addWidget(self.notice_banner)
        layout.addWidget(self.recovery_banner)
        layout.addWidget(self.catalog_banner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        # Every page is built when first needed: the quote builder at once
        # unless the start page is shown first (then right after the first
        # frame, see `finish_building`), the others when first opened.
        self._quote_page = None
        self.tabs.addTab(QWidget(), "&Quote")
        self.tabs.addTab(QWidget(), "C&atalog")
        self.tabs.addTab(QWidget(), "Autonomy x &attribution")
        self.tabs.addTab(QWidget(), "Plans side &by side")
        self.tabs.addTab(QWidget(), "L&ines and billing")
        self._catalog_view = None
        self._matrix = None
        self._plans = None
        self._lines = None
        # The tabs, or the start page in their place (built when first shown).
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.start_page = None
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.undo_actions = UndoActions(self, [quote, catalog], quote)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        build_menus(self)

        for document in (quote, catalog):
            document.rejected.connect(lambda problem, d=document: self._on_document_rejected(d, problem))
            document.refused_changed.connect(lambda d=document: self._clear_stale_status(d))
            document.changed.connect(lambda d=document: self._clear_stale_status(d))
            document.modified_changed.connect(self._update_title)
            document.path_changed.connect(self._update_title)
        quote.changed.connect(self._check_catalog)
        quote.reset.connect(self.hide_start_page)  # a quote was opened or started: it is what to show
        catalog.changed.connect(self._check_catalog)
        catalog.changed.connect(self._update_title)
        self._update_title()
        self._check_catalog()
        if not services.state.window_geometry:
            self.resize(1280, 860)
        self._restore_layout()
        attach_library(self)  # the Library tab and menu, and the revision in the title (ui/library_actions.py)
        self._offer_recovery()

    # --- reacting to documents -------------------------------------------------------------
    def _on_tab_changed(self, index: int) -> None:
        if index == QUOTE_TAB:
            self.quote_page  # noqa: B018 (built on first view)
        elif index == CATALOG_TAB:
            self.catalog_view  # noqa: B018 (built on first view)
        elif index == MATRIX_TAB:
            self.matrix  # noqa: B018
        elif index == PLANS_TAB:
            self.plans  # noqa: B018
        elif index == LINES_TAB:
            self.lines_page  # noqa: B018
        self.undo_actions.set_active(self.catalog if index == CATALOG_TAB else self.quote)

    def show_tab(self, index: int) -> None:
        self.hide_start_page()
        self.tabs.setCurrentIndex(index)

    # --- the start page and Help ----------------------------------------------------------
    def show_start_page(self) -> None:
        if self.start_page is None:
            from .start_page import StartPage

            self.start_page = StartPage(self)
            self.pages.addWidget(self.start_page)
        self.start_page.refresh()
        self.pages.setCurrentWidget(self.start_page)

    def hide_start_page(self) -> None:
        self.finish_building()  # what the tabs show first
        self.pages.setCurrentWidget(self.tabs)

    @property
    def start_page_shown(self) -> bool:
        return self.start_page is not None and self.pages.currentWidget() is self.start_page

    def show_about(self):
        from .about import show_about

        self.about_dialog = show_about(self)
        return self.about_dialog

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
        catalog, plan = self.catalog.catalog, self.quote.quote.plan
        if all(candidate.id != plan for candidate in catalog.plans):  # said before trying, in a person's words
            name = next((p.name for p in self.quote.catalog.plans if p.id == plan), plan)
            self.files.last_error = show_error(
                self, "Cannot reprice with this catalog",
                f"The catalog {catalog.name} {catalog.version} has no plan {name} ({plan}), the plan this quote "
                f"is on. Open a catalog that has it, or start a new quote on this one.")
            return
        problem = self.quote.session.reprice_with(catalog)
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

    # --- notices (ui/notices.py) ---------------------------------------------------------
    def tell(self, key: str, message: str) -> None:
        self.notice_board.tell(key, message)

    def untell(self, key: str) -> None:
        self.notice_board.untell(key)

    def notices(self) -> dict[str, str]:
        return self.notice_board.notices()

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
    def ask_export(self, kind: str):
        """Export > ...: where to (and for a PDF, which template), then export."""
        from .export_dialog import ask_export

        return ask_export(self, kind)

    @property
    def exports(self):
        if self._exports is None:
            from .export_runner import ExportRunner

            self._exports = ExportRunner(self)
            self._exports.finished.connect(self._remember_export_folder)
        return self._exports

    def _remember_export_folder(self, paths: list) -> None:
        self.services.state = rebuilt(self.services.state, last_export_folder=str(Path(paths[0]).parent.resolve()))
        self.services.save_state()

    def export_to(self, targets: list[tuple[str, Path]], template: str | None = None) -> None:
        """Export the open quote to `targets`; a PDF with `template` (else the settings' default)."""
        from ..exporters.base import ExportJob  # the exporters load on the first export
        from .refused import stopped_by_refused

        if stopped_by_refused(self, self.quote, "export the quote"):
            return  # the figures would be the last valid value's, not what the form shows
        # A quote that is exactly an approved (or ready) library revision exports without DRAFT.
        stamp = self.library.stamp()
        job = ExportJob(self.quote.catalog, self.quote.quote, self.quote.priced, stamp)
        settings = self.services.settings
        if template:
            settings = rebuilt(settings, default_template=template)
        if stamp is not None and not self.exports.busy:
            self.library.log_when_exported(stamp, targets)
        self.exports.start(job, targets, settings, [("quote", self.quote.path)])

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
        from .settings_dialog import edit_window_settings

        edit_window_settings(self)

    def show_locale(self, locale: str) -> None:
        """Numbers and money in `locale` in every view built so far (the others are built with it)."""
        if self._quote_page is not None:
            self._quote_page.set_locale(locale)
        if self._plans is not None:
            self._plans.set_locale(locale)
        if self._lines is not None:
            self._lines.set_locale(locale)
        if self.library.view is not None:
            self.library.view.set_locale(locale)

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
        self.library.shutdown()  # nor a library push or pull
        event.accept()
