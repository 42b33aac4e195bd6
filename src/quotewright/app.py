"""Composition root of the desktop app: reads settings and state, picks the
catalog and quote to start with, builds the main window and hands each part
what it needs. Nothing else creates long-lived objects."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .domain.catalog import Catalog
from .domain.new_quote import blank_quote, rep_of
from .domain.quote import Quote
from .domain.settings import Settings
from .startup import pause_collection, resume_collection
from .storage.app_state import AppState, load_app_state, save_app_state
from .storage.documents import load_catalog, load_quote
from .storage.problems import FileProblem
from .storage.samples import DEFAULT_SAMPLE, sample, samples
from .storage.settings_store import data_folder, load_settings


@dataclass
class Services:
    """What the window needs from the outside world, built here once."""

    settings: Settings
    state: AppState
    startup_problems: list[str] = field(default_factory=list)

    def save_state(self) -> None:
        try:
            save_app_state(self.state)
        except FileProblem:
            pass  # remembered state is a convenience; never an error for the user

    @staticmethod
    def is_sample(path: Path) -> bool:
        return any(Path(path).resolve() == s.catalog.resolve() for s in samples())


def starting_catalog(services: Services) -> tuple[Catalog, Path]:
    """The last catalog used, else the settings' default, else the sample."""
    for candidate in (services.state.last_catalog, services.settings.default_catalog):
        if candidate:
            try:
                return load_catalog(Path(candidate)), Path(candidate)
            except FileProblem as problem:
                services.startup_problems.append(f"The catalog could not be opened, so the sample is used: {problem}")
    path = sample(DEFAULT_SAMPLE).catalog
    return load_catalog(path), path


def starting_quote(catalog: Catalog, catalog_path: Path, settings: Settings) -> Quote:
    """A shipped sample opens with its example quote (a useful quote in a
    minute); any other catalog with a blank quote."""
    for found in samples():
        if found.catalog.resolve() == catalog_path.resolve():
            loaded = load_quote(found.quote)
            if loaded.catalog == catalog:
                return loaded.quote
    return blank_quote(catalog, dt.date.today(), rep_of(settings))


class Start(NamedTuple):
    """What the first window opens with, read before Qt is loaded."""

    services: Services
    catalog: Catalog
    catalog_path: Path
    quote: Quote


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
    services = Services(settings, load_app_state(), problems)
    catalog, catalog_path = starting_catalog(services)
    return Start(services, catalog, catalog_path, starting_quote(catalog, catalog_path, settings))


def build_main_window(path: str | None = None, autosave_interval: int | None = None, start: Start | None = None):
    """The window, ready to show (the tests build it the same way)."""
    from .ui.documents import CatalogDocument, QuoteDocument
    from .ui.main_window import MainWindow
    from .ui.notices import show_error

    if start is None:
        start = prepare_start()
    services = start.services
    window = MainWindow(QuoteDocument(start.catalog, start.quote), CatalogDocument(start.catalog, start.catalog_path),
                        services, autosave_interval=autosave_interval)
    if path:
        window.files.open_file(path)
    if services.startup_problems:
        window.files.last_error = show_error(window, "Quotewright", "\n\n".join(services.startup_problems))
    return window


def install_error_hook(window) -> None:
    """Any unexpected exception: logged, shown in a dialog, work kept."""
    from .ui.notices import show_error

    def hook(kind, error, trace) -> None:
        log = data_folder() / "errors.log"
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(f"--- {dt.datetime.now().isoformat()}\n{''.join(traceback.format_exception(kind, error, trace))}")
        window.files.last_error = show_error(
            window, "Something went wrong",
            f"{kind.__name__}: {error}\n\nYour quote is still open; save it to be safe. Details: {log}")

    sys.excepthook = hook


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pause_collection()  # until the first frame (see startup.py)
    try:
        start = prepare_start()
        # The Qt-free modules the window uses, loaded before PySide6 (see prepare_start).
        from . import formatting  # noqa: F401
        from .domain import edits  # noqa: F401
        from .storage import recovery  # noqa: F401

        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setApplicationName("Quotewright")
        app.setOrganizationName("Quotewright")
        window = build_main_window(argv[0] if argv else None, start=start)
        install_error_hook(window)
        window.show()
        app.processEvents()  # the first frame
    finally:
        resume_collection()
    if os.environ.get("QUOTEWRIGHT_EXIT_AFTER_SHOW"):  # for the startup benchmark and a smoke test
        print(f"shown at {time.time():.6f}", flush=True)
        QTimer.singleShot(0, app.quit)
    return app.exec()
