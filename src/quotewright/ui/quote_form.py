"""The quote builder's form: customer and quote details, plan and term,
usage, outcome add-ons, credit packs, discounts and scenarios. Layout and
bindings only: every field is bound to a path of the quote, and what a
change means (a plan change dropping packs, a term change resizing them,
typed pack counts) is the session's command (`workspace/commands.py`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..formatting import DEFAULT_LOCALE
from ..workspace import ramp_commands
from ..workspace.commands import pack_counts_text, text_shows_packs
from .documents import QuoteDocument
from .figure_texts import FigureTexts
from .fields import (
    ChoiceBinding,
    DateBinding,
    DateField,
    DecimalBinding,
    DecimalEdit,
    IntBinding,
    TextBinding,
    mark_invalid,
    set_help,
)
from .ramp_editor import RampButton
from .records_model import Column, GrowWithRows, RecordsModel

from .spend_editor import SpendEditor, push_made
from .unit_margins_view import UnitMarginsView

PACKS_FIELD = ("credit_packs_per_year",)
RAMPED = "ramp"  # "Per month" of a line typed month by month


class QuoteForm(QWidget):
    def __init__(self, document: QuoteDocument, parent: QWidget | None = None, locale: str = DEFAULT_LOCALE):
        super().__init__(parent)
        self.document = document
        self.locale = locale  # the computed columns' figures (settings.locale)
        self.session = document.session  # the commands that carry meaning
        self.bindings: list = []
        self.texts = FigureTexts()  # the figures' text, remembered while this view lives
        self._typing_into: QLineEdit | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._details())
        layout.addWidget(self._plan())
        layout.addWidget(self._usage())
        layout.addWidget(self._outcomes())
        layout.addWidget(self._packs())
        self.spend = SpendEditor(document, locale=locale)
        layout.addWidget(self.spend)
        layout.addWidget(self._discounts())
        layout.addWidget(self._scenarios())
        self.unit_margins = UnitMarginsView(document, locale=locale)
        layout.addWidget(self.unit_margins)
        layout.addStretch(1)
        document.changed.connect(self._refresh_choices)
        document.reset.connect(self._refresh_choices)
        self._refresh_choices()

    def set_locale(self, locale: str) -> None:
        """Write the tables' computed figures in `locale` from now on."""
        if locale != self.locale:
            self.locale = locale
            for model in (self.usage_model, self.outcome_model):
                model.reformat()
            for view in (self.spend, self.unit_margins):
                view.set_locale(locale)

    # --- helpers -----------------------------------------------------------------
    def _line(self, path, help_text: str, name: str, kind=TextBinding, **options) -> QLineEdit:
        widget = DecimalEdit(allow_empty=options.pop("allow_empty", False)) if kind is DecimalBinding else QLineEdit()
        widget.setObjectName(name)
        set_help(widget, help_text)
        self.bindings.append(kind(self.document, path, widget, **options))
        return widget

    # --- sections ----------------------------------------------------------------
    def _details(self) -> QGroupBox:
        box = QGroupBox("&Customer and quote")
        form = QFormLayout(box)
        form.addRow("Quote id", self._line(("id",), "The quote's reference, printed on the proposal.", "quote_id"))
        form.addRow("Customer", self._line(("customer", "name"), "The customer's name as it should appear "
                                           "on the proposal.", "customer_name"))
        form.addRow("Contact", self._line(("customer", "contact"), "Who the proposal is addressed to.", "contact"))
        form.addRow("Email", self._line(("customer", "email"), "The contact's email.", "customer_email"))
        dates = [("date", "Quote date", "The date printed on the proposal."),
                 ("valid_until", "Valid until", "After this date the quote warns that it has expired."),
                 ("start_date", "Contract start", "The first month of the contract: labels the invoice schedule.")]
        self.date_fields: dict[str, DateField] = {}
        for key, label, help_text in dates:
            field = DateField()
            field.setObjectName(f"{key}_field")
            field.edit.setObjectName(key)
            set_help(field.edit, help_text)
            field.button.setObjectName(f"{key}_calendar")
            self.bindings.append(DateBinding(self.document, (key,), field.edit, field))
            self.date_fields[key] = field
            form.addRow(label, field)
        self.prepared_name = QLineEdit()
        self.prepared_name.setObjectName("prepared_by")
        set_help(self.prepared_name, "Who prepared the quote (the settings' rep name is used when empty).")
        self.prepared_name.textEdited.connect(self._on_prepared_name)
        self.prepared_role = QLineEdit()
        self.prepared_role.setObjectName("prepared_role")
        self.prepared_role.textEdited.connect(self._on_prepared_role)
        form.addRow("Prepared by", self.prepared_name)
        form.addRow("Role", self.prepared_role)
        self.document.changed.connect(self._show_prepared_by)
        self.document.refused_changed.connect(self._show_prepared_by)
        document_fields = self.document.field_widgets
        document_fields[("prepared_by", "name")], document_fields[("prepared_by", "role")] = (
            self.prepared_name, self.prepared_role)
        self._show_prepared_by()
        return box

    def _plan(self) -> QGroupBox:
        box = QGroupBox("&Plan and term")
        form = QFormLayout(box)
        self.plan = QComboBox()
        self.plan.setObjectName("plan")
        set_help(self.plan, "The catalog plan: platform fee, seats, included credits, packs and overage.")
        self.bindings.append(ChoiceBinding(self.document, ("plan",), self.plan, command=self.session.change_plan))
        form.addRow("Plan", self.plan)
        self.seats = QSpinBox()
        self.seats.setObjectName("seats")
        self.seats.setRange(0, 1_000_000)
        set_help(self.seats, "Seats the customer needs; the plan's minimum applies if larger.")
        self.bindings.append(IntBinding(self.document, ("seats",), self.seats))
        form.addRow("Seats", self.seats)
        self.term = QSpinBox()
        self.term.setObjectName("term_months")
        self.term.setRange(1, 120)
        self.term.setSuffix(" months")
        # "36" must not pass through 3 months (the pack list follows the term):
        # like every spin box, it applies on Enter or Tab (IntBinding).
        set_help(self.term, "Contract length, 1-120 months; the longest term discount reached applies.")
        self.bindings.append(IntBinding(self.document, ("term_months",), self.term, command=self._change_term))
        form.addRow("Term", self.term)
        self.billing = QComboBox()
        self.billing.setObjectName("billing")
        self.billing.addItem("Monthly", "monthly")
        self.billing.addItem("Annually in advance", "annual")
        set_help(self.billing, "Annual billing earns the catalog's prepay discount on platform and seats.")
        self.bindings.append(ChoiceBinding(self.document, ("billing",), self.billing))
        form.addRow("Billing", self.billing)
        return box

    def _table(self, model: RecordsModel, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.verticalHeader().setVisible(False)
        view._grow = GrowWithRows(view)  # as tall as its rows: the form scrolls, not the table
        return view

    def _usage(self) -> QGroupBox:
        box = QGroupBox("&Usage")
        layout = QVBoxLayout(box)
        doc = self.document

        def unit_name(record: dict, row: int) -> str:
            unit = doc.catalog.work_unit(record["work_unit"])
            return f"{unit.name} (per {unit.unit})"  # what one counts: "per 1K tokens"

        def credits(record: dict, row: int) -> str:
            month = doc.case.months[0]
            return self.texts.quantity(month.usage[row].credits, self.locale) if row < len(month.usage) else ""

        def term_total(record: dict, row: int) -> str:
            units = doc.case.work_units
            return self.texts.quantity(units[row].quantity, self.locale) if row < len(units) else ""

        self.usage_model = RecordsModel(doc, ("usage",), [
            Column("work_unit", "Work unit", display=unit_name, editable=False),
            Column("monthly", "Per month", "decimal", "Expected volume in the first month (a ramped line: "
                   "its steps, with Ramp...).", display=self._per_month),
            Column("growth_percent", "Growth %/month", "decimal", "Compound growth per month; may be negative."),
            Column(None, "Credits (month 1)", "computed", "Month 1 volume x the unit's credits.", display=credits),
            Column(None, "Over the term", "computed", "Whole units over the term, after growth.", display=term_total),
        ], self)
        self.usage_view, self.add_unit = self._lines(layout, self.usage_model, "usage", "Add work unit",
                                                     "add_unit")
        # A row as tall as its work unit's name and unit need, wrapped: never "Conversation handled (per ...".
        self.usage_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.usage_ramp = RampButton(doc, "usage", self.usage_view)
        layout.addWidget(self.usage_ramp)
        return box

    def _per_month(self, record: dict, row: int) -> str:
        """A line's monthly volume as every figure is written (15,000), or
        "ramp" for a line typed month by month (it has no one volume)."""
        if record.get("series") is not None:
            return RAMPED
        monthly = record.get("monthly")
        return "" if monthly is None else self.texts.quantity(monthly, self.locale)

    def _outcomes(self) -> QGroupBox:
        box = QGroupBox("&Outcome add-ons")
        layout = QVBoxLayout(box)
        doc = self.document

        def name(record: dict, row: int) -> str:
            outcome = doc.catalog.outcome(record["outcome"])
            ready = doc.catalog.work_unit(outcome.work_unit).readiness.outcome_ready
            return outcome.name + ("" if ready else "  \u26a0 not outcome-ready")

        def fees(record: dict, row: int) -> str:
            outcomes = doc.case.outcomes
            if row >= len(outcomes):
                return ""
            return self.texts.money(outcomes[row].charge.net, doc.priced.currency, self.locale)

        self.outcome_model = RecordsModel(doc, ("outcomes",), [
            Column("outcome", "Add-on", display=name, editable=False),
            Column("monthly", "Per month", "decimal", "Expected outcomes in the first month (a ramped line: "
                   "its steps, with Ramp...).", display=self._per_month),
            Column("growth_percent", "Growth %/month", "decimal", "Compound growth per month."),
            Column(None, "Fees over the term", "computed", "Net fees after minimum and cap, summed over months.",
                   display=fees),
        ], self)
        self.outcome_view, self.add_outcome = self._lines(layout, self.outcome_model, "outcomes",
                                                          "Add outcome add-on", "add_outcome")
        self.outcome_ramp = RampButton(doc, "outcomes", self.outcome_view)
        layout.addWidget(self.outcome_ramp)
        return box

    def _lines(self, layout: QVBoxLayout, model: RecordsModel, key: str, add_label: str,
               add_name: str) -> tuple[QTableView, QComboBox]:
        """A table of quote lines, with a picker to add one and a remove button."""
        view = self._table(model, "usage_table" if key == "usage" else "outcome_table")
        layout.addWidget(view)
        row = QHBoxLayout()
        combo = QComboBox()
        combo.setObjectName(add_name)
        add = QPushButton(add_label)
        add.setObjectName(f"{add_name}_button")
        add.clicked.connect(lambda: self.session.add_line(key, combo.currentData()))
        remove = QPushButton("Remove selected")
        remove.clicked.connect(lambda: self._remove_selected(view, key))
        row.addWidget(combo, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout.addLayout(row)
        return view, combo

    def _packs(self) -> QGroupBox:
        box = QGroupBox("Credit &packs")
        form = QFormLayout(box)
        self.auto_packs = QCheckBox("Choose automatically (lowest packs + overage each year)")
        self.auto_packs.setObjectName("auto_packs")
        self.auto_packs.toggled.connect(self._on_auto_toggled)
        self.pack_counts = QLineEdit()
        self.pack_counts.setObjectName("pack_counts")
        set_help(self.pack_counts, "Packs bought at the start of each contract year, such as: 6, 9")
        self.pack_counts.textEdited.connect(self._on_pack_counts)
        form.addRow(self.auto_packs)
        form.addRow("Per contract year", self.pack_counts)
        self.document.changed.connect(self._show_packs)
        self.document.refused_changed.connect(self._show_packs)
        self.document.field_widgets[PACKS_FIELD] = self.pack_counts
        self._show_packs()
        return box

    def _discounts(self) -> QGroupBox:
        box = QGroupBox("&Discounts (%)")
        form = QFormLayout(box)
        for key, label, help_text in [
            ("subscription_percent", "Subscription", "Off platform and seats; compounds with term and prepay."),
            ("credit_packs_percent", "Credit packs", "Off prepaid packs; compounds with the term discount."),
            ("overage_percent", "Overage", "Off overage credits."),
            ("outcomes_percent", "Outcomes", "Off outcome fees; never below the monthly minimum."),
        ]:
            form.addRow(label, self._line(("discounts", key), help_text, f"discount_{key}", DecimalBinding))
        return box

    def _scenarios(self) -> QGroupBox:
        box = QGroupBox("Usage &scenarios (multipliers; empty for none)")
        form = QFormLayout(box)
        for name, help_text in (("low", "Usage x this for the low case, such as 0.7."),
                                ("high", "Usage x this for the high case, such as 1.5.")):
            widget = self._line(("scenario_multipliers", name), help_text, f"scenario_{name}_multiplier",
                                DecimalBinding, allow_empty=True,
                                command=lambda value, name=name: self.session.set_scenario_multiplier(
                                    name, value, typed=True))
            form.addRow(name.capitalize(), widget)
        return box

    # --- gestures handed to the session ------------------------------------------------
    def _change_term(self, months: int):
        # The pack list and every ramp's series follow the term (one step).
        return push_made(self.document, lambda: ramp_commands.change_term(self.session.quote, months))

    def _remove_selected(self, view: QTableView, key: str) -> None:
        self.session.remove_lines(key, [index.row() for index in view.selectionModel().selectedRows()])

    def _on_auto_toggled(self, checked: bool) -> None:
        problem = self.session.set_auto_packs(checked)
        mark_invalid(self.auto_packs, problem.message if problem else None)

    def _on_pack_counts(self, text: str) -> None:
        self._typed(self.pack_counts, PACKS_FIELD, lambda: self.session.type_pack_counts(text))

    def _on_prepared_name(self, text: str) -> None:
        self._typed(self.prepared_name, ("prepared_by", "name"), lambda: self.session.set_prepared_by(text))

    def _on_prepared_role(self, text: str) -> None:
        self._typed(self.prepared_role, ("prepared_by", "role"), lambda: self.session.set_prepared_role(text))

    def _typed(self, widget: QLineEdit, field: tuple, command) -> None:
        """Hand typed text to a session command; a refusal stays on the
        field, and in the session, until the text is fixed or undone."""
        self._typing_into = widget  # a refused keystroke's take-back must not overwrite the text
        try:
            problem = command()
        finally:
            self._typing_into = None
        mark_invalid(widget, problem.message if problem else None)
        if problem:
            self.session.refuse(field, problem)
        else:
            self.session.settle(field)

    def _keeps_text(self, widget: QLineEdit, field: tuple) -> bool:
        if widget is self._typing_into or field in self.session.refused:
            return True
        if widget.property("invalid") == "true":
            mark_invalid(widget, None)  # the document moved on (undo): its value is shown
        return False

    # --- refresh -----------------------------------------------------------------
    def _show_prepared_by(self) -> None:
        person = self.document.quote.prepared_by
        for widget, field, text in ((self.prepared_name, ("prepared_by", "name"), person.name if person else ""),
                                    (self.prepared_role, ("prepared_by", "role"), person.role if person else "")):
            if not self._keeps_text(widget, field) and widget.text() != text:
                widget.setText(text)

    def _show_packs(self) -> None:
        quote, priced = self.document.quote, self.document.priced
        sells = self.session.sells_packs
        self.auto_packs.blockSignals(True)
        self.auto_packs.setChecked(quote.auto_packs)
        self.auto_packs.blockSignals(False)
        self.auto_packs.setEnabled(sells)
        self.pack_counts.setReadOnly(quote.auto_packs or not sells)
        if self._keeps_text(self.pack_counts, PACKS_FIELD):
            return
        if not text_shows_packs(self.pack_counts.text(), quote, priced):  # keep what was typed ("6" for 6, 6)
            self.pack_counts.setText(pack_counts_text(priced))

    def _refresh_choices(self) -> None:
        catalog, quote = self.document.catalog, self.document.quote
        self.plan.blockSignals(True)
        if [self.plan.itemData(i) for i in range(self.plan.count())] != [p.id for p in catalog.plans]:
            self.plan.clear()
            for plan in catalog.plans:
                self.plan.addItem(plan.name, plan.id)
        self.plan.setCurrentIndex(max(0, self.plan.findData(quote.plan)))
        self.plan.blockSignals(False)
        used = {line.work_unit for line in quote.usage}
        self._fill(self.add_unit, [(u.name, u.id) for u in catalog.work_units if u.id not in used])
        taken = {line.outcome for line in quote.outcomes}
        self._fill(self.add_outcome, [(o.name, o.id) for o in catalog.outcomes if o.id not in taken])

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        if [combo.itemData(i) for i in range(combo.count())] == [value for _, value in items]:
            return
        combo.clear()
        for label, value in items:
            combo.addItem(label, value)

