"""Export from the app (off the GUI thread), and the settings dialog."""

from __future__ import annotations

from openpyxl import load_workbook

from pdf_reader import page_texts
from quotewright.domain.settings import Branding, Settings
from quotewright.formatting import format_money
from quotewright.storage.settings_store import load_settings
from quotewright.ui.settings_dialog import SettingsDialog


def test_export_actions_write_files_that_open(window, qtbot, tmp_path):
    xlsx, pdf = tmp_path / "model.xlsx", tmp_path / "proposal.pdf"
    with qtbot.waitSignal(window.exports.finished, timeout=120_000) as finished:
        window.export_to([("xlsx", xlsx), ("pdf", pdf)])
    assert finished.args[0] == [xlsx, pdf]
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Inputs", "Rate card", "Schedule", "Summary", "Checks"]
    text = "\n".join(page_texts(pdf))
    assert format_money(window.quote.priced.totals.tcv, "USD") in text
    notice = window.exports.notice
    assert notice.isVisible()
    assert {notice.open_button.text(), notice.folder_button.text()} == {"Open", "Show in folder"}
    notice.close()


def test_a_failed_export_is_shown_and_the_quote_is_kept(window, qtbot, tmp_path):
    quote = window.quote.quote
    with qtbot.waitSignal(window.exports.failed, timeout=60_000) as failed:
        window.export_to([("xlsx", tmp_path / "missing-folder" / "model.xlsx")])
    assert "missing-folder does not exist" in failed.args[0]
    assert window.exports.notice.isVisible()
    assert window.quote.quote == quote


def test_settings_dialog_takes_and_returns_a_value(window, qtbot):
    dialog = SettingsDialog(Settings(), ["full", "summary"], window)
    dialog.rep_name.setText("Sam Rivera")
    dialog.company.setText("Northwind AI")
    dialog.accent.setText("#0B6E4F")
    dialog.template.setCurrentIndex(dialog.template.findData("summary"))
    value = dialog.value()
    assert value.rep_name == "Sam Rivera"
    assert value.branding == Branding(company_name="Northwind AI", accent_color="#0B6E4F",
                                      legal_terms=Settings().branding.legal_terms)
    assert value.default_template == "summary"
    dialog.accent.setText("green")
    dialog.accept()
    assert "accent_color" in dialog.problem.text()
    assert dialog.isVisible() or dialog.result() == 0
    window.apply_settings(value)
    assert load_settings() == value


def test_settings_dialog_refuses_a_logo_it_cannot_draw(window, qtbot, tmp_path):
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("this is text, not a PNG", "utf-8")
    dialog = SettingsDialog(Settings(), ["full", "summary"], window)
    dialog.logo.setText(str(not_an_image))
    dialog.accept()
    assert "logo.png" in dialog.problem.text() and dialog.result() == 0
    dialog.logo.setText("")
    dialog.accept()
    assert dialog.result() == 1 and dialog._value is not None


def test_an_export_never_replaces_the_open_quote_and_writes_all_or_nothing(window, qtbot, tmp_path):
    quote_file = tmp_path / "quote.json"
    assert window.files.save_quote_as(quote_file)
    saved = quote_file.read_bytes()
    xlsx = tmp_path / "model.xlsx"
    with qtbot.waitSignal(window.exports.failed, timeout=60_000) as failed:
        window.export_to([("xlsx", xlsx), ("pdf", quote_file)])
    assert "quote.json" in failed.args[0]
    assert quote_file.read_bytes() == saved
    assert not xlsx.exists()  # the workbook was not written either
