"""Edit one price schedule in a catalog: its mode, and the unit price, the
tiers or the package that mode needs. An optional schedule (seat price,
credit pack price) can be switched off."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.edits import Path, RemoveItem, value_in
from ..domain.errors import SCHEDULE_MODES
from ..workspace.catalog_commands import add_tier, change_schedule_mode, set_schedule
from .documents import CatalogDocument
from .fields import DecimalBinding, DecimalEdit, mark_invalid, set_help, show_problem
from .records_model import Column, GrowWithRows, RecordsModel

MODE_LABELS = {"per_unit": "Per unit", "graduated": "Graduated tiers", "volume": "Volume tiers",
               "package": "Packages"}


class ScheduleEditor(QWidget):
    def __init__(self, document: CatalogDocument, path: Path, optional: bool = False, unit: str = "unit",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.document, self.path = document, path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.enabled = QCheckBox("Priced")
        self.enabled.setVisible(optional)
        self.enabled.toggled.connect(self._on_enabled)
        self.mode = QComboBox()
        for mode in SCHEDULE_MODES:
            self.mode.addItem(MODE_LABELS[mode], mode)
        set_help(self.mode, "Per unit: quantity x price. Graduated: each tier prices the units within it. "
                            "Volume: all units at the price of the tier reached. Packages: whole blocks.")
        self.mode.currentIndexChanged.connect(self._on_mode)
        top.addWidget(self.enabled)
        top.addWidget(self.mode, 1)
        layout.addLayout(top)

        self.pages = QStackedWidget()
        per_unit = QWidget()
        form = QFormLayout(per_unit)
        self.unit_price = DecimalEdit()
        set_help(self.unit_price, f"Price per {unit}; any number of decimals.")
        self._per_unit_binding = DecimalBinding(document, (*path, "unit_price"), self.unit_price)
        form.addRow(f"Price per {unit}", self.unit_price)
        self.pages.addWidget(per_unit)

        tiers = QWidget()
        tiers_layout = QVBoxLayout(tiers)
        tiers_layout.setContentsMargins(0, 0, 0, 0)
        self.tier_model = RecordsModel(document, (*path, "tiers"), [
            Column("up_to", "Up to (blank: no limit)", "optional_decimal",
                   "Inclusive upper bound; only the last tier is open-ended; bounds must increase."),
            Column("unit_price", f"Price per {unit}", "decimal"),
            Column("flat_fee", "Flat fee", "decimal", "Charged once when the quantity reaches the tier."),
        ], self)
        self.tier_view = QTableView()
        self.tier_view.setModel(self.tier_model)
        self.tier_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tier_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tier_view.verticalHeader().setVisible(False)
        self.tier_view._grow = GrowWithRows(self.tier_view)  # the plan editor scrolls, not the tiers
        tiers_layout.addWidget(self.tier_view)
        buttons = QHBoxLayout()
        add = QPushButton("Add tier")
        add.clicked.connect(self._add_tier)
        remove = QPushButton("Remove tier")
        remove.clicked.connect(self._remove_tier)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        tiers_layout.addLayout(buttons)
        self.pages.addWidget(tiers)

        package = QWidget()
        form = QFormLayout(package)
        self.package_bindings = []
        for key, label in (("package_size", "Package size"), ("package_price", "Package price"),
                           ("free_units", "Free units")):
            edit = DecimalEdit()
            self.package_bindings.append(DecimalBinding(document, (*path, key), edit))
            form.addRow(label, edit)
        self.pages.addWidget(package)
        layout.addWidget(self.pages)
        document.changed.connect(self.refresh)
        document.refused_changed.connect(self.refresh)  # an undo forgets a refusal: the catalog's value again
        self.refresh()

    def _schedule(self) -> dict | None:
        value = value_in(self.document.model, self.path)
        return value if isinstance(value, dict) else None

    def refresh(self) -> None:
        schedule = self._schedule()
        refused = self.document.session.refused
        if tuple(self.path) not in refused:  # a refused toggle stays in sight, marked, until fixed or undone
            mark_invalid(self.enabled, None)
            self.enabled.blockSignals(True)
            self.enabled.setChecked(schedule is not None)
            self.enabled.blockSignals(False)
        self.mode.setEnabled(schedule is not None)
        self.pages.setVisible(schedule is not None)
        if schedule is None:
            return
        if (*self.path, "mode") not in refused:
            mark_invalid(self.mode, None)
            self.mode.blockSignals(True)
            self.mode.setCurrentIndex(self.mode.findData(schedule["mode"]))
            self.mode.blockSignals(False)
        page = {"per_unit": 0, "graduated": 1, "volume": 1, "package": 2}[schedule["mode"]]
        self.pages.setCurrentIndex(page)
        for index in range(self.pages.count()):  # size to the page shown, not the largest
            policy = QSizePolicy.Policy.Preferred if index == page else QSizePolicy.Policy.Ignored
            self.pages.widget(index).setSizePolicy(policy, policy)
        bindings = [self._per_unit_binding] if page == 0 else self.package_bindings if page == 2 else []
        for binding in bindings:
            binding.refresh()

    def _on_enabled(self, on: bool) -> None:
        problem = self.document.push(set_schedule(self.path, on))
        show_problem(self.document, self.path, self.enabled, problem)

    def _on_mode(self, index: int) -> None:
        edit = change_schedule_mode(self.path, self._schedule(), self.mode.itemData(index))
        if edit is not None:
            problem = self.document.push(edit)
            show_problem(self.document, (*self.path, "mode"), self.mode, problem)

    def _add_tier(self) -> None:
        self.document.push(add_tier(self.path, self._schedule()))

    def _remove_tier(self) -> None:
        rows = self.tier_view.selectionModel().selectedRows()
        if rows:
            self.document.push(RemoveItem((*self.path, "tiers"), rows[0].row()))
