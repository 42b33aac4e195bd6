"""Export from the app (off the GUI thread), and the settings dialog."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog

from app_fixtures import click_ok, through_settings_dialog
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


def test_the_settings_dialog_opens_refuses_a_bad_value_and_returns_a_good_one(window, qtbot):
    seen = {}

    def use(dialog):
        dialog.rep_name.setText("Sam Rivera")
        dialog.company.setText("Northwind AI")
        dialog.template.setCurrentIndex(dialog.template.findData("summary"))
        dialog.accent.setText("green")
        click_ok(qtbot, dialog)
        seen["refused"], seen["still_open"] = dialog.problem.text(), dialog.isVisible()
        dialog.accent.setText("#0B6E4F")
        click_ok(qtbot, dialog)
        seen["closed"] = not dialog.isVisible()

    through_settings_dialog(window, qtbot, use)
    assert "accent_color" in seen["refused"] and seen["still_open"] and seen["closed"]
    expected = Settings(rep_name="Sam Rivera", default_template="summary",
                        branding=Branding(company_name="Northwind AI", accent_color="#0B6E4F",
                                          legal_terms=Settings().branding.legal_terms))
    assert window.services.settings == expected
    assert load_settings() == expected


def test_settings_dialog_refuses_a_logo_it_cannot_draw(window, qtbot, tmp_path):
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("this is text, not a PNG", "utf-8")
    dialog = SettingsDialog(Settings(), ["full", "summary"], window)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.logo.setText(str(not_an_image))
    dialog.accept()
    assert "logo.png" in dialog.problem.text()
    assert dialog.isVisible()  # refused: the dialog stays open with the reason
    dialog.logo.setText("")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert dialog._value == Settings()


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
