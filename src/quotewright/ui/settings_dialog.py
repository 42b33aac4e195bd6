"""The settings dialog: who is quoting, how proposals are branded, the
default template and catalog. It takes a Settings and returns one; it never
saves (the caller does)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pydantic import TypeAdapter, ValidationError

from ..domain.errors import describe
from ..domain.settings import Branding, HexColor, Settings
from ..storage.logos import read_logo
from ..storage.problems import FileProblem
from ..storage.settings_store import settings_path


_ACCENT = TypeAdapter(HexColor)  # the settings' own rule for a colour, so the swatch shows only what is accepted


def accepted_color(text: str) -> str | None:
    """`text` as a #RRGGBB colour the settings accept, else None."""
    try:
        return _ACCENT.validate_python(text.strip()).upper()
    except ValidationError:
        return None


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, templates: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings_dialog")
        branding = settings.branding
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.rep_name = QLineEdit(settings.rep_name)
        self.rep_role = QLineEdit(settings.rep_role)
        self.rep_email = QLineEdit(settings.rep_email)
        self.company = QLineEdit(branding.company_name)
        self.website = QLineEdit(branding.website)
        self.logo = QLineEdit(branding.logo_path)
        browse = QPushButton("Browse...")
        browse.clicked.connect(self._browse_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        self.accent = QLineEdit(branding.accent_color)
        # The swatch shows the typed colour (empty while it is not one) and opens the colour picker.
        self.swatch = QPushButton()
        self.swatch.setObjectName("accent_swatch")
        self.swatch.setFixedSize(56, 24)
        self.swatch.setToolTip("Pick the accent colour")
        self.swatch.clicked.connect(self._pick_color)
        self.accent.textChanged.connect(self._show_swatch)
        self._show_swatch()
        accent_row = QHBoxLayout()
        accent_row.addWidget(self.accent, 1)
        accent_row.addWidget(self.swatch)
        self.legal = QPlainTextEdit(branding.legal_terms)
        self.legal.setMinimumHeight(90)
        self.template = QComboBox()
        for name in templates:
            self.template.addItem(name, name)
        self.template.setCurrentIndex(max(0, self.template.findData(settings.default_template)))
        self.catalog = QLineEdit(settings.default_catalog)
        self.catalog.setPlaceholderText("empty: the last catalog used, or the sample")
        browse_catalog = QPushButton("Browse...")
        browse_catalog.setObjectName("browse_catalog")
        browse_catalog.clicked.connect(self._browse_catalog)
        catalog_row = QHBoxLayout()
        catalog_row.addWidget(self.catalog, 1)
        catalog_row.addWidget(browse_catalog)
        self.locale = QLineEdit(settings.locale)
        self.library = QLineEdit(settings.library_url)
        self.library.setObjectName("library_url")
        self.library.setPlaceholderText("empty: the local library in your data folder")
        self.team_library = QLineEdit(settings.team_library_url)
        self.team_library.setObjectName("team_library_url")
        self.team_library.setPlaceholderText("postgresql://HOST/DATABASE (for Library > Push and Pull)")
        for label, widget in [("Your name", self.rep_name), ("Your role", self.rep_role),
                              ("Your email", self.rep_email), ("Company", self.company), ("Website", self.website)]:
            form.addRow(label, widget)
        form.addRow("Logo (PNG or JPEG)", logo_row)
        form.addRow("Accent colour", accent_row)
        form.addRow("Legal terms", self.legal)
        form.addRow("Default proposal template", self.template)
        form.addRow("Default catalog file", catalog_row)
        form.addRow("Number format locale", self.locale)
        form.addRow("Library", self.library)
        form.addRow("Team library", self.team_library)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #C62828;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._value: Settings | None = None

    def value(self) -> Settings:
        """The settings as typed; raises ValidationError if one is invalid."""
        return Settings(
            rep_name=self.rep_name.text(), rep_role=self.rep_role.text(), rep_email=self.rep_email.text(),
            branding=Branding(company_name=self.company.text(), logo_path=self.logo.text().strip(),
                              accent_color=self.accent.text().strip(), legal_terms=self.legal.toPlainText(),
                              website=self.website.text()),
            default_template=self.template.currentData() or "full",
            default_catalog=self.catalog.text().strip(), locale=self.locale.text().strip(),
            library_url=self.library.text().strip(), team_library_url=self.team_library.text().strip(),
        )

    def accept(self) -> None:
        try:
            self._value = self.value()
        except ValidationError as error:
            self.problem.setText(str(describe(error)))
            return
        if self._value.branding.logo_path:
            try:  # a logo that cannot be drawn is refused here, not at the first export
                read_logo(self._value.branding.logo_path, settings_path())
            except FileProblem as problem:
                self._value = None
                self.problem.setText(problem.message)
                return
        super().accept()

    def _browse_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Logo", "", "Images (*.png *.jpg *.jpeg)")
        if path:
            self.logo.setText(path)

    def _browse_catalog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Default catalog", self.catalog.text().strip(),
                                              "Quotewright catalogs (*.json);;All files (*)")
        if path:
            self.catalog.setText(path)

    def _show_swatch(self) -> None:
        color = accepted_color(self.accent.text())
        fill = color or "transparent"
        self.swatch.setStyleSheet(f"QPushButton#accent_swatch {{ background: {fill}; border: 1px solid #8A8A8A; }}")
        self.swatch.setProperty("shown_color", color or "")

    def _pick_color(self) -> None:
        color = QColorDialog.getColor(QColor(self.accent.text()), self, "Accent colour")
        if color.isValid():
            self.accent.setText(color.name().upper())

    @classmethod
    def edit(cls, parent: QWidget, settings: Settings, templates: list[str]) -> Settings | None:
        dialog = cls(settings, templates, parent)
        return dialog._value if dialog.exec() == QDialog.DialogCode.Accepted else None


def edit_window_settings(window) -> None:
    """Edit > Settings for `window`: edit, then show the new locale at once
    (not at the next edit) and save. A save that fails is said; the settings
    stay in force for this session."""
    from ..storage.settings_store import save_settings
    from ..storage.templates import available_templates
    from .notices import show_error

    edited = SettingsDialog.edit(window, window.services.settings, sorted(available_templates()))
    if edited is None:
        return
    window.services.settings = edited
    window.show_locale(edited.locale)
    try:
        save_settings(edited)
    except Exception as problem:  # noqa: BLE001 - shown to the user, settings stay in memory
        window.files.last_error = show_error(window, "Cannot save the settings", str(problem))
