"""Issue 11, "the app a rep can trust": each defect reproduced as a person
meets it, then the behaviour that replaces it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication


def wheel(widget, notches: int = -1) -> QWheelEvent:
    """One turn of the mouse wheel over the middle of `widget` (down for negative)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


def form_scroll(window) -> QAbstractScrollArea:
    parent = window.form.parentWidget()
    while not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


# --- 1. the mouse wheel -------------------------------------------------------------------
def test_the_wheel_over_an_unfocused_spin_box_scrolls_the_form_and_changes_nothing(window, qtbot):
    window.resize(1024, 700)
    window.quote.history.set_clean()
    quote_before = window.quote.quote
    bar = form_scroll(window).verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than the window: there is something to scroll
    bar.setValue(0)
    for name in ("seats", "term", "billing", "plan", "add_unit"):
        widget = getattr(window.form, name)
        assert not widget.hasFocus()
        # Qt's default (WheelFocus) would focus it on the first turn and change it at once.
        assert widget.focusPolicy() != Qt.FocusPolicy.WheelFocus
        before = bar.value()
        wheel(widget.lineEdit() if name in ("seats", "term") else widget)
        assert bar.value() > before or bar.value() == bar.maximum(), name
        bar.setValue(0)
    assert window.quote.quote == quote_before
    assert window.form.add_unit.currentIndex() == 0
    assert not window.quote.history.can_undo


def test_the_wheel_changes_a_spin_box_once_it_has_focus(window, qtbot):
    seats = window.form.seats
    qtbot.mouseClick(seats.lineEdit(), Qt.MouseButton.LeftButton)
    seats.setFocus()
    qtbot.waitUntil(seats.hasFocus, timeout=2000)
    before = window.quote.quote.seats
    wheel(seats, notches=1)
    assert window.quote.quote.seats == before + 1


def test_the_wheel_over_an_unfocused_catalog_field_changes_nothing(window, qtbot):
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    window.tabs.setCurrentIndex(1)
    view = window.catalog_view
    catalog_before = window.catalog.catalog
    from PySide6.QtWidgets import QTabWidget

    seen = 0
    pages = view.findChild(QTabWidget)
    for page in range(pages.count()):
        pages.setCurrentIndex(page)
        QApplication.processEvents()
        for kind in (QAbstractSpinBox, QComboBox):
            for widget in (w for w in view.findChildren(kind) if w.isVisible() and not w.hasFocus()):
                assert widget.focusPolicy() != Qt.FocusPolicy.WheelFocus
                wheel(widget)
                seen += 1
    assert seen  # the plan editor's counts and the unit pickers were turned over
    assert window.catalog.catalog == catalog_before


# --- 3. undo inside a field ---------------------------------------------------------------
def _focus(qtbot, window, widget):
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


def test_ctrl_z_in_a_focused_field_undoes_the_document(window, qtbot):
    """Two edits to Customer 2.5 s apart are two steps of the document's
    history; Ctrl+Z in the field undoes them one at a time, and Redo
    (Ctrl+Shift+Z, Ctrl+Y) brings them back."""
    clock = [1000.0]
    window.quote.history._clock = lambda: clock[0]
    name = window.form.findChild(type(window.form.prepared_name), "customer_name")
    original = window.quote.quote.customer.name
    _focus(qtbot, window, name)
    name.end(False)
    qtbot.keyClicks(name, " Ltd")
    clock[0] += 2.5
    qtbot.keyClicks(name, " UK")
    assert window.quote.quote.customer.name == f"{original} Ltd UK"
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.customer.name == f"{original} Ltd"
    assert name.text() == f"{original} Ltd"
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.customer.name == original
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.quote.quote.customer.name == f"{original} Ltd"
    qtbot.keyClick(name, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.customer.name == f"{original} Ltd UK"


def test_ctrl_z_in_seats_undoes_a_wheel_change_and_redo_stays_available(window, qtbot):
    seats = window.form.seats
    _focus(qtbot, window, seats)
    before = window.quote.quote.seats
    wheel(seats, notches=1)
    assert window.quote.quote.seats == before + 1
    qtbot.keyClick(seats.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.seats == before
    assert seats.value() == before
    assert window.undo_actions.redo.isEnabled()
    qtbot.keyClick(seats.lineEdit(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.quote.quote.seats == before + 1


# --- 2. a refused value never leaves another in force silently --------------------------
def _retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_typing_150_into_a_discount_applies_no_prefix_and_the_summary_says_so(window, qtbot):
    from PySide6.QtWidgets import QLineEdit

    from quotewright.domain import price_quote
    from quotewright.formatting import format_money

    discount = window.form.findChild(QLineEdit, "discount_subscription_percent")
    original_quote = window.quote.quote
    _retype(qtbot, discount, "150")
    # Neither "1" nor "15" stays in force: the quote is the one before the typing.
    assert window.quote.quote == original_quote
    assert discount.text() == "150" and discount.property("invalid") == "true"
    notice = window.summary.refused_notice
    assert notice.isVisible()
    assert "1 field not applied: Subscription discount" in notice.text()
    assert "last valid value" in notice.text()
    assert window.summary.values["tcv"].property("stale")
    expected = price_quote(window.quote.catalog, original_quote, today=window.quote.session._today())
    assert window.summary.figure("tcv") == format_money(expected.totals.tcv, expected.currency)
    # Fixed: the notice and the marks go with their cause.
    _retype(qtbot, discount, "15")
    assert window.quote.quote.discounts.subscription_percent == 15
    assert not notice.isVisible() and not window.summary.values["tcv"].property("stale")
    assert discount.property("invalid") == "false"


def test_a_refused_value_blocks_export_and_save_with_a_dialog_that_goes_to_the_field(window, qtbot, tmp_path,
                                                                                     monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    valid_until = window.form.findChild(QLineEdit, "valid_until")
    before = window.quote.quote.valid_until
    # A date before the quote date: refused on screen, and the PDF must not say another one.
    _retype(qtbot, valid_until, (window.quote.quote.date.replace(year=window.quote.quote.date.year - 1)).isoformat())
    assert window.quote.quote.valid_until == before
    assert "Valid until" in window.summary.refused_notice.text()
    target = tmp_path / "quote.pdf"
    window.export_to([("pdf", target)])
    dialog = window.last_refused_dialog
    assert dialog.isVisible() and "Valid until" in dialog.text()
    window.ask_export("pdf")
    assert not asked  # stopped before even asking where
    dialog.close()
    assert window.files.save_quote_as(tmp_path / "q.json") is False
    assert not (tmp_path / "q.json").exists()
    window.last_refused_dialog.close()
    qtbot.wait(50)
    assert not target.exists()
    # "Go to" shows and focuses the field.
    window.export_to([("pdf", target)])
    go = [b for b in window.last_refused_dialog.findChildren(QPushButton) if b.text() == "Go to Valid until"]
    assert go
    discount = window.form.findChild(QLineEdit, "discount_subscription_percent")
    discount.setFocus()
    go[0].click()
    qtbot.waitUntil(valid_until.hasFocus, timeout=2000)
    window.last_refused_dialog.close()


def test_refused_alert_percents_block_export_until_fixed(window, qtbot, tmp_path):
    editor = window.form.spend
    _retype(qtbot, editor.alerts, "80, 50")  # not increasing: refused
    qtbot.keyClick(editor.alerts, Qt.Key.Key_Return)
    field = ("spend_protection", "alert_percents")
    assert field in window.quote.session.refused
    assert editor.alerts.text() == "80, 50" and editor.alerts.property("invalid") == "true"
    assert not window.summary.refused_notice.isHidden()
    window.export_to([("pdf", tmp_path / "quote.pdf")])
    assert window.last_refused_dialog.isVisible()
    window.last_refused_dialog.close()
    _retype(qtbot, editor.alerts, "50, 80")
    qtbot.keyClick(editor.alerts, Qt.Key.Key_Return)
    assert field not in window.quote.session.refused and editor.alerts.property("invalid") == "false"
    assert window.quote.quote.spend_protection.alert_percents == (Decimal(50), Decimal(80))


def test_ramp_steps_that_cannot_be_read_are_a_field_not_applied_while_shown(window, qtbot):
    dialog = window.form.usage_ramp.open_for(0)
    dialog.steps.setPlainText("100\nfrom month 999: 5")
    assert ("usage", 0, "series") in window.quote.session.refused
    assert not window.summary.refused_notice.isHidden()
    dialog.steps.setPlainText("100")
    assert ("usage", 0, "series") not in window.quote.session.refused
    dialog.steps.setPlainText("nonsense")
    assert window.quote.session.refused
    dialog.reject()  # the steps are gone from the screen: nothing stays refused
    assert not window.quote.session.refused and window.summary.refused_notice.isHidden()


def test_a_refused_catalog_toggle_is_a_field_not_applied(window, qtbot, monkeypatch):
    from quotewright.domain.errors import InvalidInput
    from quotewright.ui import catalog_editors

    window.tabs.setCurrentIndex(1)
    window.catalog_view.tabs.setCurrentIndex(1)  # Plans
    page = window.catalog_view.tabs.currentWidget()
    editor = page.scroll.widget()
    refusal = InvalidInput("plans[0].credit_pack", "cannot be switched here")
    monkeypatch.setattr(window.catalog, "push", lambda edit: refusal)
    was = editor.sells_packs.isChecked()
    editor.sells_packs.click()
    field = ("plans", 0, "credit_pack")
    assert window.catalog.session.refused.get(field) is refusal
    assert editor.sells_packs.isChecked() != was and editor.sells_packs.property("invalid") == "true"
    monkeypatch.undo()
    assert catalog_editors  # the module that marks it
    editor.sells_packs.click()  # back to what the catalog holds: settled
    assert field not in window.catalog.session.refused


def test_undo_settles_a_refused_field_and_shows_the_document_value(window, qtbot):
    from PySide6.QtWidgets import QLineEdit

    customer = window.form.findChild(QLineEdit, "customer_name")
    _retype(qtbot, customer, "Acme")
    low = window.form.findChild(QLineEdit, "scenario_low_multiplier")
    _retype(qtbot, low, "-1")
    assert window.quote.session.refused
    window.quote.undo()
    assert not window.quote.session.refused and not window.summary.refused_notice.isVisible()
    assert low.property("invalid") == "false"


def test_a_catalog_with_a_refused_id_is_not_saved(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QLineEdit

    window.tabs.setCurrentIndex(1)
    view = window.catalog_view
    fields = [w for w in view.findChildren(QLineEdit) if w.isVisible() and w.text() and w.isEnabled()
              and not w.isReadOnly()]
    name = window.catalog.catalog.name
    field = next(w for w in fields if w.text() == name)
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # an empty name: refused
    assert window.catalog.session.refused
    target = tmp_path / "catalog.json"
    assert window.files.save_catalog_as(target) is False
    assert not target.exists() and window.last_refused_dialog.isVisible()
    window.last_refused_dialog.close()


def test_a_catalog_table_cell_with_a_duplicate_id_blocks_the_save(window, qtbot, tmp_path):
    from quotewright.ui.records_model import RecordsModel

    window.tabs.setCurrentIndex(1)
    models = [m for m in window.catalog_view.findChildren(RecordsModel) if m.path == ("work_units",)]
    assert models
    model = models[0]
    id_column = next(i for i, c in enumerate(model.columns) if c.key == "id")
    taken = model.record(0)["id"]
    before = window.catalog.catalog
    assert model.setData(model.index(1, id_column), taken) is False
    assert window.catalog.catalog == before
    # Another, valid edit does not make the refusal go away silently.
    assert window.catalog.session.refused
    target = tmp_path / "catalog.json"
    assert window.files.save_catalog_as(target) is False and not target.exists()
    assert "Work units" in window.last_refused_dialog.text() or "Id" in window.last_refused_dialog.text()
    window.last_refused_dialog.close()
    assert model.setData(model.index(1, id_column), model.record(1)["id"]) is True  # typed back: settled
    assert not window.catalog.session.refused


# --- 5. a message lives exactly as long as its cause --------------------------------------
def test_the_status_bar_refusal_goes_when_a_valid_multiplier_is_typed(window, qtbot):
    from PySide6.QtWidgets import QLineEdit

    low = window.form.findChild(QLineEdit, "scenario_low_multiplier")
    _retype(qtbot, low, "0")
    message = window.statusBar().currentMessage()
    assert message.startswith("Not applied: Low scenario multiplier")
    assert "scenario_multipliers.low" in window.statusBar().toolTip()  # the path stays in the tooltip
    _retype(qtbot, low, "0.7")
    assert window.quote.quote.scenario_multipliers["low"] == Decimal("0.7")
    assert window.statusBar().currentMessage() == ""


def test_the_packs_message_goes_with_valid_packs(window, qtbot):
    window.form.auto_packs.setChecked(False)
    packs = window.form.pack_counts
    years = window.quote.quote.contract_years
    _retype(qtbot, packs, "1, " * years + "x")
    assert packs.property("invalid") == "true"
    _retype(qtbot, packs, ", ".join(["4"] * years))
    assert window.quote.quote.credit_packs_per_year == (4,) * years
    assert packs.property("invalid") == "false" and not window.quote.session.refused
    assert window.statusBar().currentMessage() == ""


def test_the_catalog_error_line_goes_when_the_value_is_fixed_and_stays_while_it_is_not(window, qtbot):
    from PySide6.QtWidgets import QLabel

    from quotewright.ui.records_model import RecordsModel

    window.tabs.setCurrentIndex(1)
    model = next(m for m in window.catalog_view.findChildren(RecordsModel) if m.path == ("work_units",))
    credits = next(i for i, c in enumerate(model.columns) if c.key == "credits")
    line = window.catalog_view.findChild(QLabel, "catalog_problem")
    assert not line.isVisible()
    assert model.setData(model.index(0, credits), "-2") is False
    unit = window.catalog.catalog.work_units[0].name
    assert line.isVisible() and line.text().startswith(f"Not applied: {unit} > Credits")
    # Another, valid edit leaves the refusal (and its line) in place: its cause is still there.
    name = next(i for i, c in enumerate(model.columns) if c.key == "name")
    assert model.setData(model.index(1, name), "Renamed unit") is True
    assert line.isVisible() and model.rejection(0, credits)
    assert model.setData(model.index(0, credits), "2") is True
    assert not line.isVisible() and line.text() == ""


# --- 6. words, not ids ----------------------------------------------------------------------
def test_roles_undo_items_and_errors_read_as_words(window, qtbot):
    from PySide6.QtGui import QAction

    from quotewright.domain.errors import InvalidInput
    from quotewright.workspace.field_names import role_words

    assert role_words("deal_desk") == "Deal desk" and role_words("cfo") == "CFO"
    badge = window.summary.badge.text()
    assert "_" not in badge and badge == f"Approval: {role_words(window.quote.priced.approval.level)}"
    usage = window.quote.quote.usage[0]
    unit_name = window.quote.catalog.work_unit(usage.work_unit).name
    model = window.form.usage_model
    growth = next(i for i, c in enumerate(model.columns) if c.key == "growth_percent")
    assert model.setData(model.index(0, growth), str(usage.growth_percent + 1)) is True
    assert window.findChild(QAction, "undo").text() == f"&Undo change growth of {unit_name}"
    catalog = window.catalog.catalog
    plan_index = 1 if len(catalog.plans) > 1 else 0
    problem = InvalidInput(f"plans[{plan_index}].seat_price.tiers[1].up_to", "must be above 20")
    assert window.catalog.session.problem_words(problem) == (
        f"{catalog.plans[plan_index].name} > Seat price > tier 2 > Up to must be above 20")


# --- 4. quitting with Discard writes nothing to errors.log ----------------------------------
QUIT_WITH_DISCARD = """
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from PySide6.QtTest import QTest
QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
from quotewright import app
QApplication([sys.argv[0]])

def use_and_quit():
    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window")
    window.form.seats.setFocus()
    QTest.keyClicks(window.form.seats.lineEdit(), "7")
    QTest.keyClick(window.form.seats.lineEdit(), Qt.Key.Key_Return)  # a spin box applies on Enter
    window.tabs.setCurrentIndex(1)
    window.catalog.session.push(__import__("quotewright.domain.edits", fromlist=["SetValue"]).SetValue(
        ("name",), "Edited catalog"))
    assert window.quote.modified and window.catalog.modified
    window.findChild(__import__("PySide6.QtGui", fromlist=["QAction"]).QAction, "quit").trigger()
    assert not window.isVisible()
    # Offscreen, Qt does not end the loop when the last window closes (a display does): end it here.
    QTimer.singleShot(300, QApplication.quit)

QTimer.singleShot(200, use_and_quit)
sys.exit(app.main([]))
"""


def test_quitting_with_discard_leaves_errors_log_empty(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    done = subprocess.run([sys.executable, "-c", QUIT_WITH_DISCARD], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    logs = [p for p in tmp_path.rglob("*errors.log")]
    assert all(p.read_text("utf-8") == "" for p in logs), [p.read_text("utf-8") for p in logs]
    assert "Traceback" not in done.stderr
