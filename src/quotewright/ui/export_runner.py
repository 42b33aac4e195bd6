"""Exports run off the GUI thread with a progress dialog, and end with a
notice that offers to open the file or show it in its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ..domain.settings import Settings
from ..exporters.base import ExportJob
from ..storage.problems import FileProblem


class _Worker(QObject):
    progressed = Signal(int, str)
    finished = Signal(list, list)  # the paths written, the warnings
    failed = Signal(str)

    def __init__(self, job: ExportJob, targets: list[tuple[str, Path]], settings: Settings,
                 inputs: list[tuple[str, Path | None]]):
        super().__init__()
        self.job, self.targets, self.settings, self.inputs = job, targets, settings, inputs

    @Slot()
    def run(self) -> None:
        from ..exporters.batch import export_all  # openpyxl and reportlab load here, off the GUI thread

        def progressed(step, exporter, path: Path) -> None:
            self.progressed.emit(step, f"Writing the {exporter.label} to {path.name}...")

        try:  # every file or none, and never over the quote being exported
            result = export_all(self.job, self.settings, self.targets, self.inputs, progressed)
        except FileProblem as problem:
            self.failed.emit(str(problem))
            return
        except Exception as error:  # an exporter bug must not take the app down
            self.failed.emit(f"The export failed ({type(error).__name__}: {error}). Your quote is unchanged.")
            return
        self.finished.emit(result.written, result.warnings)


class ExportRunner(QObject):
    finished = Signal(list)  # the paths written
    failed = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.parent_widget = parent
        self._thread: QThread | None = None
        self.notice: QMessageBox | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(self, job: ExportJob, targets: list[tuple[str, Path]], settings: Settings,
              inputs: list[tuple[str, Path | None]] = ()) -> None:
        """Export `targets` off the GUI thread; `inputs` are the files the
        export must never replace (the open quote)."""
        if self.busy:
            return
        self.progress = QProgressDialog("Exporting...", "", 0, len(targets), self.parent_widget)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setValue(0)
        thread = QThread(self)
        worker = _Worker(job, targets, settings, list(inputs))
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        for signal in (worker.finished, worker.failed):
            signal.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        thread.start()

    def _on_progress(self, step: int, text: str) -> None:
        self.progress.setLabelText(text)
        self.progress.setValue(step)

    def _on_thread_finished(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        self._thread = None

    def _on_finished(self, paths: list, warnings: list) -> None:
        self.progress.close()
        self.notice = ExportNotice(self.parent_widget, [Path(p) for p in paths], warnings)
        self.notice.open()
        self.finished.emit(paths)

    def _on_failed(self, message: str) -> None:
        self.progress.close()
        from .notices import show_error

        self.notice = show_error(self.parent_widget, "Export failed", message)
        self.failed.emit(message)


class ExportNotice(QMessageBox):
    """'Exported': Open, Show in folder, Close."""

    def __init__(self, parent: QWidget, paths: list[Path], warnings: list[str] = ()):
        names = "\n".join(str(path) for path in paths)
        text = f"Written:\n{names}" + "".join(f"\n\nWarning: {warning}" for warning in warnings)
        icon = QMessageBox.Icon.Warning if warnings else QMessageBox.Icon.Information
        super().__init__(icon, "Export finished", text, QMessageBox.StandardButton.Close, parent)
        self.setObjectName("export_notice")
        self.paths = paths
        self.open_button = self.addButton("Open", QMessageBox.ButtonRole.ActionRole)
        self.folder_button = self.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self._open_files)
        self.folder_button.clicked.connect(self._show_folder)

        self.no_handler: QMessageBox | None = None  # said when the system had nothing to open a file with

    def _open_files(self) -> None:
        unopened = [path for path in self.paths if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))]
        if unopened:
            kinds = ", ".join(sorted({path.suffix.lower() or path.name for path in unopened}))
            self._say_no_handler(f"This system has no application set to open {kinds} files, so nothing opened. "
                                 "The export is here:\n" + "\n".join(str(path) for path in unopened))

    def _show_folder(self) -> None:
        folder = self.paths[0].parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say_no_handler(f"This system has no file manager set to show folders. The export is in:\n{folder}")

    def _say_no_handler(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Nothing to open it with", message,
                          QMessageBox.StandardButton.Ok, self.parentWidget())
        box.setObjectName("no_handler")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # so the path can be copied
        self.no_handler = box
        box.open()
