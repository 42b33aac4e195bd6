"""Composition root of the desktop app: reads settings and state, picks the
catalog and quote to start with, builds the main window and hands each part
what it needs. Nothing else creates long-lived objects."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .domain.catalog import Catalog
from .domain.new_quote import blank_quote, rep_of
from .domain.quote import Quote
from .domain.settings import Settings
from .domain.values import rebuilt
from .startup import pause_collection, resume_collection
from .storage.app_state import AppState, load_app_state, save_app_state
from .storage.documents import load_catalog, load_quote
from .storage.jsonfile import remove_stale_parts
from .storage.problems import FileProblem
from .storage.samples import DEFAULT_SAMPLE, app_icon, sample, samples
from .storage.settings_store import data_folder, data_folder_problem, load_settings, writable_data_folder


@dataclass
class Services:
    """What the window needs from the outside world, built here once."""

    settings: Settings
    state: AppState
    startup_problems: list[str] = field(default_factory=list)
    data_folder_problem: str | None = None  # why recent files, autosave and recovery are off, if they are

    def save_state(self) -> None:
        if self.data_folder_problem:
            return  # said once at start-up; nothing to save it to
        try:
            save_app_state(self.state)
        except FileProblem:
            pass  # remembered state is a convenience; never an error for the user

    def next_quote_number(self, today: dt.date) -> int:
        """Today's next quote number, written down at once so a relaunch (or
        another window) never hands out the same quote id again."""
        if not self.data_folder_problem:
            self.state = self.state.with_quote_count_of(load_app_state())
        self.state, number = self.state.with_next_quote(today)
        self.save_state()
        return number

    def forget_catalog(self) -> None:
        self.state = rebuilt(self.state, last_catalog="")

    @staticmethod
    def is_sample(path: Path) -> bool:
        return any(Path(path).resolve() == s.catalog.resolve() for s in samples())


def _reason(error: BaseException) -> str:
    """One line: a FileProblem already names its file and field."""
    if isinstance(error, FileProblem):
        return str(error)
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def starting_catalog(services: Services) -> tuple[Catalog, Path]:
    """The last catalog used, else the settings' default, else the sample.
    A remembered or default catalog that cannot be opened for any reason
    (missing, invalid, not a regular file, ...) is skipped and reported."""
    candidates = (("The catalog you used last", services.state.last_catalog),
                  ("The default catalog in your settings", services.settings.default_catalog))
    for what, candidate in candidates:
        if candidate:
            try:
                return load_catalog(Path(candidate)), Path(candidate)
            except Exception as problem:  # noqa: BLE001 - start-up never fails for a remembered file
                services.startup_problems.append(f"{what} could not be opened, so it was skipped: {_reason(problem)}")
                if candidate == services.state.last_catalog:
                    services.forget_catalog()
    path = sample(DEFAULT_SAMPLE).catalog
    return load_catalog(path), path


def starting_quote(catalog: Catalog, catalog_path: Path, services: Services) -> Quote:
    """A shipped sample opens with its example quote (a useful quote in a
    minute); any other catalog with a blank quote, numbered after the last
    quote id handed out today."""
    for found in samples():
        if found.catalog.resolve() == catalog_path.resolve():
            loaded = load_quote(found.quote)
            if loaded.catalog == catalog:
                return loaded.quote
    today = dt.date.today()
    return blank_quote(catalog, today, rep_of(services.settings), services.next_quote_number(today))


class Start(NamedTuple):
    """What the first window opens with, read before Qt is loaded."""

    services: Services
    catalog: Catalog
    catalog_path: Path
    quote: Quote


def sample_start(services: Services) -> Start:
    """The default sample and its example quote: what start-up falls back to."""
    path = sample(DEFAULT_SAMPLE).catalog
    catalog = load_catalog(path)
    return Start(services, catalog, path, starting_quote(catalog, path, services))


def prepare_start() -> Start:
    """Settings, remembered state and the starting documents. Qt-free on
    purpose: PySide6 reads the source of every module imported after it
    (to look for its `__feature__` switches), so the app reads the files
    and loads what they need first, and starts Qt second."""
    problems = []
    try:
        settings = load_settings()
    except FileProblem as problem:
        settings = Settings()
        problems.append(f"The settings could not be read, so defaults are used: {problem}")
    folder_problem = data_folder_problem()
    if folder_problem:
        problems.append(f"Your data folder cannot be used ({folder_problem}), so this session keeps no recent "
                        "files, makes no crash-recovery copies and has no templates of your own.")
    if not folder_problem:
        # Saves killed part way (a crash during an autosave) leave temporary
        # files; a recovery file's name is new in every window, so no later
        # save beside it would clean them up.
        for folder in (data_folder(), data_folder() / "recovery"):
            remove_stale_parts(folder)
    services = Services(settings, load_app_state(), problems, folder_problem)
    try:
        catalog, catalog_path = starting_catalog(services)
        return Start(services, catalog, catalog_path, starting_quote(catalog, catalog_path, services))
    except Exception as problem:  # noqa: BLE001 - e.g. a blank quote the catalog cannot start
        services.startup_problems.append(f"The starting quote could not be made, so the sample is open: "
                                         f"{_reason(problem)}")
        services.forget_catalog()
        return sample_start(services)


def build_main_window(path: str | None = None, autosave_interval: int | None = None, start: Start | None = None,
                      start_page: bool = False):
    """The window, ready to show (the tests build it the same way). A
    starting document the window cannot show is replaced by the sample, and
    the window says why: start-up never fails because of a remembered file.
    With `start_page` (the app opened without a file), the start page is
    shown in place of the tabs unless a crash recovery is offered."""
    from .ui.main_window import MainWindow

    if start is None:
        start = prepare_start()
    services = start.services
    try:
        window = _window(MainWindow, start, autosave_interval)
    except Exception as problem:  # noqa: BLE001
        if Services.is_sample(start.catalog_path):
            raise  # the shipped sample itself: a bug to report, not a file to skip
        services.startup_problems.append(f"{start.catalog_path} could not be shown, so the sample is open "
                                         f"instead: {_reason(problem)}")
        services.forget_catalog()
        window = _window(MainWindow, sample_start(services), autosave_interval)
    if path:
        window.files.open_file(path)
    elif start_page and window.recovery_banner.isHidden():
        window.show_start_page()  # the quote builder is built once its first frame is up (main)
    if not window.start_page_shown:
        window.finish_building()
    if services.startup_problems:
        window.tell("startup", "\n".join(services.startup_problems))
    return window


def _window(window_class, start: Start, autosave_interval: int | None):
    """The sessions (Qt-free) first, then their Qt adapters and the window."""
    from .ui.documents import CatalogDocument, QuoteDocument
    from .workspace import CatalogSession, QuoteSession

    quote, catalog = QuoteSession(start.catalog, start.quote), CatalogSession(start.catalog, start.catalog_path)
    return window_class(QuoteDocument(quote), CatalogDocument(catalog), start.services,
                        autosave_interval=autosave_interval)


ERRORS_LOG = "errors.log"
TEMPORARY_LOG = "quotewright-errors.log"  # when the data folder cannot be written


def log_error(kind, error, trace) -> str:
    """Append the traceback to `errors.log` in the data folder, else in the
    temporary folder; the sentence for the dialog saying where it went."""
    details = "".join(traceback.format_exception(kind, error, trace))
    entry = f"--- {dt.datetime.now(dt.timezone.utc).isoformat()}\n{details}"
    problems = []
    for log in (lambda: writable_data_folder() / ERRORS_LOG, lambda: Path(tempfile.gettempdir()) / TEMPORARY_LOG):
        try:
            path = log()
            with open(path, "a", encoding="utf-8") as stream:
                stream.write(entry)
            return f"Details: {path}"
        except (FileProblem, OSError) as problem:
            problems.append(_reason(problem))
    return f"The details could not be written down ({'; '.join(problems)})."


def install_error_hook(window) -> None:
    """Any unexpected exception: logged, shown in a dialog, work kept. One
    dialog at a time: while it is open, later errors are counted in it, so a
    failure on every keystroke cannot bury the window in dialogs. The hook
    itself never fails (a log it cannot write is said in the dialog)."""
    from .ui.notices import show_error

    open_dialog = {"box": None, "more": 0}

    def still_open(box) -> bool:
        try:
            return box is not None and box.isVisible()
        except RuntimeError:  # Qt already deleted it
            return False

    def hook(kind, error, trace) -> None:
        try:
            where = log_error(kind, error, trace)
            if still_open(open_dialog["box"]):
                open_dialog["more"] += 1
                open_dialog["box"].setInformativeText(
                    f"{open_dialog['more']} more unexpected problem(s) since this one. {where}")
                return
            open_dialog["more"] = 0
            open_dialog["box"] = window.files.last_error = show_error(
                window, "Something went wrong",
                f"{kind.__name__}: {error}\n\nYour quote is still open; save it to be safe. {where}")
        except Exception:  # noqa: BLE001 - the last resort: Python's own report
            sys.__excepthook__(kind, error, trace)

    sys.excepthook = hook


def identify(app) -> None:
    """Who the app is to the desktop: its name, its icon on every window,
    and its desktop file (so a Linux desktop matches the window to
    `quotewright.desktop` and shows the same icon)."""
    from PySide6.QtGui import QIcon

    app.setApplicationName("Quotewright")
    app.setOrganizationName("Quotewright")
    app.setDesktopFileName("quotewright")
    app.setWindowIcon(QIcon(str(app_icon())))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .startup import display_problem

    problem = display_problem()  # before Qt, which would abort (exit 134) with lines naming the wrong package
    if problem:
        print(problem, file=sys.stderr)
        return 1
    pause_collection()  # until the first frame (see startup.py for what it saves)
    try:
        start = prepare_start()
        # The Qt-free modules the window uses, loaded before PySide6 (see
        # prepare_start): measured again for issue 10, about 10 ms of CPU
        # (1-2% of start-up) in interleaved A/B runs, so kept.
        from . import workspace  # noqa: F401
        from .storage import recovery  # noqa: F401

        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
        identify(app)
        window = build_main_window(argv[0] if argv else None, start=start, start_page=not argv)
        install_error_hook(window)
        window.show()
        app.processEvents()  # the first frame
    finally:
        resume_collection()
    # Behind the start page, the quote builder is built right after the first
    # frame (about 220 ms of CPU a rep no longer waits for to see the window).
    QTimer.singleShot(0, window.finish_building)
    if os.environ.get("QUOTEWRIGHT_EXIT_AFTER_SHOW"):  # for the startup benchmark and a smoke test
        # Wall time for the user's wait, CPU time for comparing runs on a busy machine.
        print(f"shown at {time.time():.6f} cpu {time.process_time():.6f}", flush=True)

        def ready() -> None:  # the quote builder built too: what a click on the start page waits for
            print(f"ready at {time.time():.6f} cpu {time.process_time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    return app.exec()
