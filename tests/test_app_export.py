"""Export from the app (off the GUI thread): the template choice, the\nremembered folder, Open without a handler; and the settings dialog."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton

from app_fixtures import click_ok, through_settings_dialog
from pdf_reader import page_texts
from quotewright.domain.settings import Branding, Settings
from quotewright.formatting import format_money
from quotewright.storage.app_state import load_app_state
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


# --- issue 11, item 12: the template choice, the remembered folder, Open without a handler -------


def test_pdf_export_offers_every_template_and_exports_with_the_one_chosen(window, qtbot, tmp_path):
    from quotewright.storage.templates import available_templates, load_template

    dialog = window.ask_export("pdf")
    assert dialog.isVisible()
    offered = [dialog.template_box.itemData(i) for i in range(dialog.template_box.count())]
    assert offered == sorted(available_templates()) and {"full", "summary"} <= set(offered)
    assert dialog.template() == window.services.settings.default_template
    summary = load_template("summary")
    dialog.template_box.setCurrentIndex(dialog.template_box.findData("summary"))
    assert dialog.template_box.currentText() == summary.name and dialog.description.text() == summary.description
    target = tmp_path / "one-page"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(window.exports.finished, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] == [tmp_path / "one-page.pdf"]
    pages = page_texts(tmp_path / "one-page.pdf")
    assert len(pages) == 1  # the one-page summary, not the settings' default (full)
    assert window.services.settings.default_template == Settings().default_template  # a choice, not a setting
    window.exports.notice.close()


def test_the_export_folder_is_remembered_across_a_relaunch(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    folder = tmp_path / "exports"
    folder.mkdir()
    with qtbot.waitSignal(window.exports.finished, timeout=120_000):
        window.export_to([("xlsx", folder / "model.xlsx")])
    window.exports.notice.close()
    assert load_app_state().last_export_folder == str(folder.resolve())
    window.close()
    again = make_window()
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a[2]) or ("", ""))
    again.ask_export("xlsx")
    assert asked == [str(folder.resolve() / f"{again.quote.quote.id}.xlsx")]
    dialog = again.ask_export("pdf")
    assert dialog.target() == folder.resolve() / f"{again.quote.quote.id}.pdf"
    dialog.reject()


def test_open_after_export_says_when_nothing_can_open_the_file(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from quotewright.ui.export_runner import ExportNotice

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or False)
    path = tmp_path / "proposal.pdf"
    notice = ExportNotice(window, [path])
    notice.open()
    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(path)]
    said = notice.no_handler
    assert said.isVisible() and ".pdf files" in said.text() and str(path) in said.text()
    said.close()
    notice = ExportNotice(window, [path])
    notice.open()
    qtbot.mouseClick(notice.folder_button, Qt.MouseButton.LeftButton)
    assert notice.no_handler.isVisible() and str(tmp_path) in notice.no_handler.text()
    notice.no_handler.close()


def test_open_after_export_says_nothing_when_the_system_opens_it(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from quotewright.ui.export_runner import ExportNotice

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    notice = ExportNotice(window, [tmp_path / "proposal.pdf"])
    notice.open()
    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    assert notice.no_handler is None


# --- issue 11, item 12: the settings dialog's catalog Browse and accent swatch ------------------


def test_settings_default_catalog_has_a_browse_button(window, qtbot, monkeypatch, tmp_path):
    chosen = tmp_path / "price-book.json"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen), ""))
    dialog = SettingsDialog(Settings(), ["full", "summary"], window)
    dialog.open()
    qtbot.mouseClick(dialog.findChild(QPushButton, "browse_catalog"), Qt.MouseButton.LeftButton)
    assert dialog.catalog.text() == str(chosen)
    assert dialog.value().default_catalog == str(chosen)
    dialog.reject()


def test_the_accent_colour_has_a_swatch_that_follows_the_text_and_picks(window, qtbot, monkeypatch):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog

    dialog = SettingsDialog(Settings(), ["full"], window)
    dialog.open()
    swatch = dialog.findChild(QPushButton, "accent_swatch")
    assert swatch.property("shown_color") == Settings().branding.accent_color.upper()
    dialog.accent.setText("#0b6e4f")
    assert swatch.property("shown_color") == "#0B6E4F" and "#0b6e4f" in swatch.styleSheet().lower()
    dialog.accent.setText("green")  # refused by the settings: the swatch shows no colour
    assert swatch.property("shown_color") == ""
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#AA3300"))
    qtbot.mouseClick(swatch, Qt.MouseButton.LeftButton)
    assert dialog.accent.text() == "#AA3300" and swatch.property("shown_color") == "#AA3300"
    dialog.reject()


def test_the_settings_dialog_sets_the_library_and_the_team_library(window, qtbot):
    seen = {}

    def use(dialog):
        dialog.library.setText("ftp://nowhere")
        click_ok(qtbot, dialog)
        seen["refused"] = dialog.problem.text()
        dialog.library.setText("sqlite:////tmp/quotes.sqlite3")
        dialog.team_library.setText("postgresql://db.example.com/quotes")
        click_ok(qtbot, dialog)

    through_settings_dialog(window, qtbot, use)
    assert "library_url" in seen["refused"]
    assert window.services.settings.library_url == "sqlite:////tmp/quotes.sqlite3"
    assert load_settings().team_library_url == "postgresql://db.example.com/quotes"
