"""The catalog editor: the price book's header, work units, plans, outcome
add-ons, term and prepay discounts, and approval levels. Every value goes
through the domain's validation; what it refuses is marked where it was
typed, with the reason, and never saved."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.edits import InsertItem, Path, RemoveItem, value_in
from ..workspace.catalog_commands import (
    new_approval_level,
    new_outcome,
    new_plan,
    new_term_discount,
    new_work_unit,
)
from .catalog_editors import OutcomeEditor, PlanEditor, _decimal, _text
from .documents import CatalogDocument
from .records_model import ChoiceDelegate, Column, RecordsModel

class RecordsTable(QWidget):
    """A RecordsModel in a table, with add and remove buttons."""

    def __init__(self, document: CatalogDocument, path: Path, columns: list[Column], new_record, name: str):
        super().__init__()
        self.document, self.path, self.new_record = document, path, new_record
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = RecordsModel(document, path, columns, self)
        self.view = QTableView()
        self.view.setObjectName(name)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setVisible(False)
        for index, column in enumerate(columns):
            if column.kind == "choice":
                self.view.setItemDelegateForColumn(index, ChoiceDelegate(column, self.view))
        layout.addWidget(self.view)
        buttons = QHBoxLayout()
        add, remove = QPushButton("Add"), QPushButton("Remove selected")
        add.setObjectName(f"{name}_add")
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _add(self) -> None:
        records = value_in(self.document.model, self.path)
        self.document.push(InsertItem(self.path, len(records), self.new_record(records)))

    def _remove(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.document.push(RemoveItem(self.path, rows[0].row()))


class ItemsPage(QWidget):
    """A list of plans or outcomes beside the editor of the selected one."""

    def __init__(self, document: CatalogDocument, key: str, editor, new_record, name: str):
        super().__init__()
        self.document, self.key, self.editor_type, self.new_record = document, key, editor, new_record
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName(name)
        self.list.currentRowChanged.connect(self._show)
        left.addWidget(self.list)
        buttons = QHBoxLayout()
        add, remove = QPushButton("Add"), QPushButton("Remove")
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        left.addLayout(buttons)
        splitter = QSplitter()
        holder = QWidget()
        holder.setLayout(left)
        splitter.addWidget(holder)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter)
        self._shown: tuple[int, int] | None = None
        document.changed.connect(self._refresh)
        document.reset.connect(self._reset)
        self._refresh()

    def _items(self) -> list:
        return getattr(self.document.catalog, self.key)

    def _refresh(self) -> None:
        names = [item.name for item in self._items()]
        if [self.list.item(i).text() for i in range(self.list.count())] != names:
            row = self.list.currentRow()
            self.list.blockSignals(True)
            self.list.clear()
            self.list.addItems(names)
            self.list.setCurrentRow(min(max(row, 0), len(names) - 1))
            self.list.blockSignals(False)
        self._show(self.list.currentRow())

    def _reset(self) -> None:
        self._shown = None
        self._refresh()

    def _show(self, row: int) -> None:
        shape = (row, len(self._items()))
        if shape == self._shown:
            return
        if row < 0:
            self._shown = shape
            self.scroll.setWidget(QLabel("Nothing here yet: add one."))
            return
        self._shown = shape
        self.scroll.setWidget(self.editor_type(self.document, row))

    def _add(self) -> None:
        items = self._items()
        self.document.push(InsertItem((self.key,), len(items), self.new_record([i.id for i in items])))
        self.list.setCurrentRow(len(self._items()) - 1)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.document.push(RemoveItem((self.key,), row))


class CatalogView(QWidget):
    def __init__(self, document: CatalogDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        layout = QVBoxLayout(self)
        header = QFormLayout()
        header.addRow("Catalog name", _text(document, ("name",)))
        header.addRow("Version", _text(document, ("version",)))
        header.addRow("Currency (ISO 4217)", _text(document, ("currency",), "Sets the rounding of every amount."))
        layout.addLayout(header)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._work_units(), "&Work units")
        self.tabs.addTab(ItemsPage(document, "plans", PlanEditor, new_plan, "plan_list"), "P&lans")
        self.tabs.addTab(ItemsPage(document, "outcomes", OutcomeEditor,
                                     lambda ids: new_outcome(document.catalog, ids), "outcome_list"),
                         "Outcome add-&ons")
        self.tabs.addTab(self._policies(), "&Discounts and approval")
        layout.addWidget(self.tabs)
        self.problem = QLabel()
        self.problem.setObjectName("catalog_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #C62828;")
        layout.addWidget(self.problem)
        # The line lives exactly as long as its cause: the session's refused fields.
        document.refused_changed.connect(self._show_problems)
        self._show_problems()

    def _show_problems(self) -> None:
        """What is not applied, in words; the file paths in the tooltip."""
        session = self.document.session
        problems = list(session.refused.values())
        self.problem.setText("\n".join(f"Not applied: {session.problem_words(p)}" for p in problems))
        self.problem.setToolTip("\n".join(str(p) for p in problems))
        self.problem.setVisible(bool(problems))

    def _work_units(self) -> QWidget:
        doc = self.document

        def ready(record: dict, row: int) -> str:
            return doc.catalog.work_units[row].readiness.pricing if row < len(doc.catalog.work_units) else ""

        self.work_units = RecordsTable(doc, ("work_units",), [
            Column("id", "Id", help="Unique; quotes refer to it."),
            Column("name", "Name"),
            Column("unit", "Counted per"),
            Column("credits", "Credits each", "decimal", "Credits one unit burns."),
            Column("cost_to_serve", "Cost to serve (internal)", "decimal", "Money per unit; never shown to customers."),
            Column("autonomy", "Autonomy 1-5", "int", "How independently the AI finishes the work."),
            Column("attribution", "Attribution 1-5", "int", "How cleanly its value can be measured."),
            Column(None, "Ready for", "computed", "From the autonomy x attribution matrix.", display=ready),
            Column("unit_plural", "Plural (optional)", help="The unit's plural in the proposal when the English rule "
                   "would get it wrong (\"queries\" is found; \"criteria\" is not). Empty: the rule's."),
        ], new_work_unit, "work_units_table")
        return self.work_units

    def _policies(self) -> QWidget:
        doc = self.document
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Term discounts: a quote gets the percent of the longest term it reaches."))
        self.terms = RecordsTable(doc, ("term_discounts",), [
            Column("months", "Term reached (months)", "int"), Column("percent", "Discount %", "decimal")],
            new_term_discount,
            "term_discounts_table")
        layout.addWidget(self.terms)
        form = QFormLayout()
        form.addRow("Prepay discount % (annual billing)", _decimal(doc, ("prepay_discount_percent",)))
        form.addRow("Gross margin floor %", _decimal(doc, ("approval", "margin_floor_percent"),
                                                     "A quote under this margin needs the last approval level."))
        layout.addLayout(form)
        layout.addWidget(QLabel("Approval levels, in order: the first whose limit covers the discounts approves."))
        self.levels = RecordsTable(doc, ("approval", "levels"), [
            Column("role", "Role"), Column("max_discount_percent", "Max discount %", "decimal")],
            new_approval_level, "approval_levels_table")
        layout.addWidget(self.levels)
        return page

