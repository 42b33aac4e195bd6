"""Editors for one plan and one outcome add-on of the catalog."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from ..domain.edits import value_in
from ..workspace.catalog_commands import set_sells_packs
from .documents import CatalogDocument
from .fields import (
    ChoiceBinding,
    DecimalBinding,
    DecimalEdit,
    IntBinding,
    TextBinding,
    mark_invalid,
    set_help,
    show_problem,
)
from .schedule_editor import ScheduleEditor


def _text(document, path, help_text: str = "") -> QLineEdit:
    widget = QLineEdit()
    set_help(widget, help_text)
    widget._binding = TextBinding(document, path, widget)
    return widget


def _decimal(document, path, help_text: str = "", allow_empty: bool = False) -> DecimalEdit:
    widget = DecimalEdit(allow_empty=allow_empty)
    set_help(widget, help_text)
    widget._binding = DecimalBinding(document, path, widget)
    return widget


def _count(document, path, help_text: str = "") -> QSpinBox:
    widget = QSpinBox()
    widget.setRange(0, 1_000_000)
    set_help(widget, help_text)
    widget._binding = IntBinding(document, path, widget)
    return widget


class PlanEditor(QWidget):
    def __init__(self, document: CatalogDocument, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.document, self.index = document, index
        base = ("plans", index)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Id", _text(document, (*base, "id"), "Unique within the plans; quotes refer to it."))
        form.addRow("Name", _text(document, (*base, "name")))
        form.addRow("Platform fee / month", _decimal(document, (*base, "platform_fee")))
        form.addRow("Included seats", _count(document, (*base, "included_seats")))
        form.addRow("Minimum seats", _count(document, (*base, "min_seats")))
        form.addRow("Included credits / month", _decimal(document, (*base, "included_credits")))
        form.addRow("Rollover cap (months)", _decimal(
            document, (*base, "rollover_cap"), "How many months of included credits may be banked; 0 for none."))
        layout.addLayout(form)
        for title, key, optional, unit in (("Seat price (per billable seat)", "seat_price", True, "seat"),
                                           ("Overage (per credit)", "overage", False, "credit")):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(ScheduleEditor(document, (*base, key), optional=optional, unit=unit))
            layout.addWidget(box)
        pack = QGroupBox("Credit packs (priced on the credits bought for a contract year)")
        pack_layout = QVBoxLayout(pack)
        self.sells_packs = QCheckBox("Sells credit packs")
        self.sells_packs.toggled.connect(self._on_packs_toggled)
        pack_layout.addWidget(self.sells_packs)
        self.pack_form = QWidget()
        pack_fields = QFormLayout(self.pack_form)
        pack_fields.setContentsMargins(0, 0, 0, 0)
        pack_fields.addRow("Pack size (credits)", _decimal(document, (*base, "credit_pack", "size")))
        pack_fields.addRow(ScheduleEditor(document, (*base, "credit_pack", "price"), unit="credit"))
        pack_layout.addWidget(self.pack_form)
        layout.addWidget(pack)
        layout.addStretch(1)
        document.changed.connect(self._refresh)
        document.refused_changed.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        field = ("plans", self.index, "credit_pack")
        sells = isinstance(value_in(self.document.model, field), dict)
        if field not in self.document.session.refused:  # a refused toggle stays in sight, marked
            mark_invalid(self.sells_packs, None)
            self.sells_packs.blockSignals(True)
            self.sells_packs.setChecked(sells)
            self.sells_packs.blockSignals(False)
        self.pack_form.setVisible(sells)

    def _on_packs_toggled(self, on: bool) -> None:
        problem = self.document.push(set_sells_packs(self.index, on))
        show_problem(self.document, ("plans", self.index, "credit_pack"), self.sells_packs, problem)


class OutcomeEditor(QWidget):
    def __init__(self, document: CatalogDocument, index: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.document, self.index = document, index
        base = ("outcomes", index)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Id", _text(document, (*base, "id")))
        form.addRow("Name", _text(document, (*base, "name")))
        self.unit = QComboBox()
        set_help(self.unit, "The work unit that is counted. Outcome pricing needs a unit that is outcome-ready "
                            "(autonomy and attribution both 4 or more).")
        for unit in document.catalog.work_units:
            self.unit.addItem(f"{unit.name} ({unit.readiness.pricing})", unit.id)
        self.unit._binding = ChoiceBinding(document, (*base, "work_unit"), self.unit)
        form.addRow("Work unit", self.unit)
        form.addRow("Minimum / month", _decimal(document, (*base, "minimum_monthly")))
        form.addRow("Cap / month (blank: none)", _decimal(document, (*base, "cap_monthly"), allow_empty=True))
        layout.addLayout(form)
        box = QGroupBox("Price (per outcome, per month)")
        QVBoxLayout(box).addWidget(ScheduleEditor(document, (*base, "price"), unit="outcome"))
        layout.addWidget(box)
        layout.addStretch(1)
        self.unit._binding.refresh()
