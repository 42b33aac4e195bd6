"""File > Export PDF proposal: which proposal template, and where. The
templates are those `storage/templates.py` finds (the shipped ones and the
company's own); the folder starts where the last export went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..storage.problems import FileProblem
from ..storage.templates import available_templates, load_template


def template_choices() -> list[tuple[str, str, str]]:
    """(name, title, description) for every template; one that cannot be
    read keeps its name and says why (choosing it fails with that reason)."""
    choices = []
    for name in sorted(available_templates()):
        try:
            template = load_template(name)
        except FileProblem as problem:
            choices.append((name, f"{name} (cannot be read)", str(problem)))
            continue
        choices.append((name, template.name, template.description))
    return choices


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget, suggested: Path, template: str):
        super().__init__(parent)
        self.setWindowTitle("Export PDF proposal")
        self.setObjectName("export_dialog")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.template_box = QComboBox()
        self.template_box.setObjectName("export_template")
        for name, title, description in template_choices():
            self.template_box.addItem(title, name)
            self.template_box.setItemData(self.template_box.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
        if template and self.template_box.findData(template) < 0:  # the settings name a template file by path
            self.template_box.addItem(Path(template).name, template)
        self.template_box.setCurrentIndex(max(0, self.template_box.findData(template)))
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.template_box.currentIndexChanged.connect(self._describe)
        self._describe()
        self.path = QLineEdit(str(suggested))
        self.path.setObjectName("export_path")
        browse = QPushButton("Browse...")
        browse.setObjectName("export_browse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("&Template", self.template_box)
        form.addRow("", self.description)
        file_label = QLabel("&File")
        file_label.setBuddy(self.path)  # the row is a layout: its label needs the field named for Alt+F
        form.addRow(file_label, row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.path.textChanged.connect(lambda text: self.export_button.setEnabled(bool(text.strip())))
        self.resize(560, self.sizeHint().height())

    def template(self) -> str:
        return self.template_box.currentData()

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def _describe(self) -> None:
        self.description.setText(self.template_box.currentData(Qt.ItemDataRole.ToolTipRole) or "")

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export PDF proposal", self.path.text(), "*.pdf")
        if chosen:
            self.path.setText(chosen)


def export_folder(window) -> Path:
    """Where an export starts: the last export's folder while it exists, else
    the open quote's folder, else the home folder."""
    remembered = Path(window.services.state.last_export_folder) if window.services.state.last_export_folder else None
    if remembered is not None and remembered.is_dir():
        return remembered
    return window.quote.path.parent if window.quote.path else Path.home()


def ask_export(window, kind: str):
    """Ask where to export (a PDF: also with which template) and export; the
    dialog it opened (a PDF's is window-modal, not blocking), or None."""
    from .refused import stopped_by_refused

    if stopped_by_refused(window, window.quote, "export the quote"):
        return None  # asked before any file dialog: nothing is chosen in vain
    folder = export_folder(window)
    if kind == "xlsx":
        start = folder / f"{window.quote.quote.id}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(window, "Export Excel model", str(start), "*.xlsx")
        if chosen:
            window.export_to([("xlsx", Path(chosen))])
        return None
    dialog = ExportDialog(window, folder / f"{window.quote.quote.id}.pdf", window.services.settings.default_template)
    dialog.accepted.connect(lambda: window.export_to([("pdf", dialog.target())], template=dialog.template()))
    window.export_dialog = dialog
    dialog.open()
    return dialog
