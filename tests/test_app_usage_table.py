"""The usage table, as a rep reads it while typing usage (issue 11, item 10):
what is counted beside each work unit, every volume written like the rest
of the figures, in the settings' locale, and a ramped line saying so."""

from __future__ import annotations

from PySide6.QtCore import Qt

from quotewright.formatting import format_quantity
from quotewright.storage.samples import sample
from test_app_quote import type_into_cell


def column_of(model, key: str) -> int:
    return next(index for index, column in enumerate(model.columns) if column.key == key)


def shown(model, row: int, column: int) -> str:
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_each_work_unit_says_what_is_counted(make_window):
    window = make_window(sample("token-api").quote)
    model, catalog = window.form.usage_model, window.quote.catalog
    assert model.rowCount() == len(window.quote.quote.usage) > 0
    for row, line in enumerate(window.quote.quote.usage):
        unit = catalog.work_unit(line.work_unit)
        assert shown(model, row, 0) == f"{unit.name} (per {unit.unit})"
    assert any("per 1K tokens" in shown(model, row, 0) for row in range(model.rowCount()))


def test_per_month_is_written_like_every_other_figure(window, qtbot):
    model = window.form.usage_model
    monthly = column_of(model, "monthly")
    type_into_cell(qtbot, window.form.usage_view, 0, monthly, "15000")
    held = window.quote.quote.usage[0].monthly
    assert held == 15000
    assert shown(model, 0, monthly) == format_quantity(held) == "15,000"
    # Editing the cell starts from the plain number, which is what one types.
    assert model.data(model.index(0, monthly), Qt.ItemDataRole.EditRole) == "15000"
    # The figures of the same row use the same separators.
    assert "," in shown(model, 0, monthly) and shown(model, 0, monthly) != str(held)


def test_per_month_follows_the_locale_setting(window, qtbot):
    model = window.form.usage_model
    monthly = column_of(model, "monthly")
    type_into_cell(qtbot, window.form.usage_view, 0, monthly, "15000")
    window.quote_page.set_locale("de_DE")
    assert shown(model, 0, monthly) == format_quantity(window.quote.quote.usage[0].monthly, "de_DE") == "15.000"


def test_a_ramped_line_says_ramp_in_per_month(window, qtbot):
    form, model = window.form, window.form.usage_model
    monthly = column_of(model, "monthly")
    dialog = form.usage_ramp.open_for(0)
    dialog.steps.clear()
    qtbot.keyClicks(dialog.steps, "1,000")
    qtbot.keyClick(dialog.steps, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.steps, "from month 4: 20,000")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert window.quote.quote.usage[0].series is not None
    assert shown(model, 0, monthly) == "ramp"
    # The other lines keep their volume.
    for row in range(1, model.rowCount()):
        assert shown(model, row, monthly) == format_quantity(window.quote.quote.usage[row].monthly)
    window.quote.undo()
    assert shown(model, 0, monthly) == format_quantity(window.quote.quote.usage[0].monthly)
