"""Issue 9, the desktop app's side: figures that cannot be shown (1), start-up
that survives remembered files (2), damaged recovery files (3), a data folder
that cannot be created (4), an error hook that cannot log (11), recovery
files owned by live windows (14) and a recovery folder deleted while the app
runs (23). Each test reproduces the case the issue reports, then asserts the
new behaviour."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from decimal import InvalidOperation
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from quotewright.domain import price_quote
from quotewright.domain.edits import SetValue
from quotewright.formatting import format_money
from quotewright.storage.app_state import AppState, load_app_state, save_app_state
from quotewright.storage.documents import load_catalog, load_quote
from quotewright.storage.problems import FileProblem
from quotewright.storage.recovery import (
    DAMAGED,
    RecoverySlot,
    discard_recovery,
    lock_path,
    new_recovery_path,
    pending_recoveries,
    read_recovery,
    recovery_folder,
    scan_recoveries,
    write_recovery,
)
from quotewright.storage.samples import DEFAULT_SAMPLE, sample
from quotewright.storage.settings_store import data_folder, writable_data_folder
from quotewright.ui.summary_panel import UNAVAILABLE

HUGE_FEE = "1" + "0" * 26  # 1e26 a month: totals past 28 significant digits


def error_dialogs(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox, "error_dialog") if box.isVisible()]


def open_sample(window, name: str) -> None:
    loaded = load_quote(sample(name).quote)
    window.quote.session.load(loaded.catalog, loaded.quote, None)


def huge_catalog(folder: Path) -> Path:
    """The token-api sample with a platform fee of 1e26 on every plan."""
    data = json.loads(sample("token-api").catalog.read_text("utf-8"))
    for plan in data["plans"]:
        plan["platform_fee"] = HUGE_FEE
    path = folder / "huge.json"
    path.write_text(json.dumps(data), "utf-8")
    load_catalog(path)  # valid: the case is a file the model accepts
    return path


@pytest.fixture
def error_hook(window):
    from quotewright.app import install_error_hook

    previous = sys.excepthook
    install_error_hook(window)
    yield
    sys.excepthook = previous


def figures(window) -> dict[str, str]:
    return {key: window.summary.figure(key) for key in window.summary.values}


# --- 1. figures that cannot be shown ---------------------------------------------------------------


def test_growth_past_28_digits_shows_new_figures_or_says_so_never_old_ones(window, error_hook):
    open_sample(window, "token-api")
    before = window.summary.figure("tcv")
    window.quote.push(SetValue(("term_months",), 120))
    for row in range(len(window.quote.quote.usage)):
        window.quote.push(SetValue(("usage", row, "growth_percent"), 100))
    assert window.quote.quote.term_months == 120  # the user's work is kept
    priced = price_quote(window.quote.catalog, window.quote.quote)
    assert priced.totals.tcv > 10**27
    shown = window.summary.figure("tcv")
    assert shown != before
    try:
        expected = format_money(priced.totals.tcv, priced.currency)
    except ArithmeticError:  # the formatter cannot write it: the panel must say so
        assert set(figures(window).values()) == {UNAVAILABLE}
        assert not window.summary.notice.isHidden()
        assert "cannot be shown" in window.summary.notice.text()
    else:
        assert shown == expected
    assert error_dialogs(window) == []  # no dialog per keystroke


def test_a_figure_that_cannot_be_formatted_blanks_the_whole_summary(window, error_hook, monkeypatch):
    from quotewright.ui import summary_panel

    real = summary_panel.format_money

    def refuse(*_args, **_kwargs):
        raise InvalidOperation([InvalidOperation])

    monkeypatch.setattr(summary_panel, "format_money", refuse)
    window.quote.push(SetValue(("seats",), window.quote.quote.seats + 5))
    assert set(figures(window).values()) == {UNAVAILABLE}
    assert window.summary.years.text() == ""
    assert window.summary.lines_chart.message and window.summary.lines_chart.bar_totals == []
    assert "cannot be shown" in window.summary.notice.text() and not window.summary.notice.isHidden()
    assert error_dialogs(window) == []

    monkeypatch.setattr(summary_panel, "format_money", real)
    window.quote.push(SetValue(("seats",), window.quote.quote.seats + 1))
    assert window.summary.figure("tcv") == format_money(window.quote.priced.totals.tcv, window.quote.priced.currency)
    assert window.summary.notice.isHidden()
    assert window.summary.lines_chart.message == ""


def test_a_quote_that_cannot_be_priced_refuses_the_change_and_says_so(window, error_hook, monkeypatch):
    from quotewright.ui import documents
    from quotewright.workspace import quote_session

    seats = window.quote.quote.seats
    before = window.summary.figure("tcv")

    def broken(*_args, **_kwargs):
        raise InvalidOperation([InvalidOperation])

    monkeypatch.setattr(quote_session, "price_quote", broken)
    problem = window.quote.push(SetValue(("seats",), seats + 10))
    assert isinstance(problem, documents.PricingFailed)
    assert window.quote.quote.seats == seats  # document, figures and views stay in step
    assert window.summary.figure("tcv") == before
    assert "not applied" in window.summary.notice.text() and not window.summary.notice.isHidden()
    assert error_dialogs(window) == []


def test_a_platform_fee_of_1e26_opens_without_dialogs(window, error_hook, tmp_path):
    assert window.files.open_catalog(huge_catalog(tmp_path))
    window.files.new_quote()
    window.quote.push(SetValue(("seats",), 3))
    tcv = price_quote(window.quote.catalog, window.quote.quote).totals.tcv
    assert tcv > 10**27
    assert window.summary.figure("tcv") in (UNAVAILABLE, format_money_or_none(tcv, window.quote.priced.currency))
    assert error_dialogs(window) == []


def format_money_or_none(amount, currency):
    try:
        return format_money(amount, currency)
    except ArithmeticError:
        return None


# --- 2. start-up never fails because of a remembered document -------------------------------------


def launch(env_home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUOTEWRIGHT_EXIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(env_home / "data"), "XDG_CONFIG_HOME": str(env_home / "config")}
    return subprocess.run([sys.executable, "-m", "quotewright", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_app_starts_again_after_opening_a_catalog_with_a_huge_fee(app_home):
    save_app_state(AppState(last_catalog=str(huge_catalog(app_home))))
    for _launch in range(2):
        result = launch(app_home)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr


def remembered(app_home: Path, kind: str) -> Path:
    path = app_home / f"remembered-{kind}.json"
    if kind == "invalid":
        data = json.loads(sample("token-api").catalog.read_text("utf-8"))
        data["plans"][0]["platform_fee"] = "-5"
        path.write_text(json.dumps(data), "utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    return path  # "missing": nothing there


@pytest.mark.parametrize("kind", ["missing", "invalid", "fifo", "folder"])
def test_a_remembered_catalog_that_cannot_be_opened_is_skipped_and_reported(app_home, make_window, kind):
    path = remembered(app_home, kind)
    save_app_state(AppState(last_catalog=str(path)))
    window = make_window()
    assert window.catalog.catalog == load_catalog(sample(DEFAULT_SAMPLE).catalog)
    note = window.notices()["startup"]
    assert str(path) in note and "could not be opened" in note
    assert not window.notice_banner.isHidden()
    assert window.services.state.last_catalog == ""  # not tried again at the next start
    assert error_dialogs(window) == []


def test_a_broken_default_catalog_in_the_settings_is_reported_not_fatal(app_home, make_window, monkeypatch):
    from quotewright.domain.settings import Settings
    from quotewright.storage.settings_store import save_settings

    broken = remembered(app_home, "invalid")
    save_settings(Settings.model_validate({"default_catalog": str(broken)}))
    window = make_window()
    assert window.catalog.catalog == load_catalog(sample(DEFAULT_SAMPLE).catalog)
    assert str(broken) in window.notices()["startup"]


def test_a_remembered_catalog_the_window_cannot_show_falls_back_to_the_sample(app_home, make_window, monkeypatch):
    from quotewright.ui import main_window

    path = huge_catalog(app_home)
    save_app_state(AppState(last_catalog=str(path)))
    real = main_window.MainWindow.__init__

    def fails_on_the_huge_catalog(self, quote, catalog, services, autosave_interval=None):
        if catalog.path == path:
            raise InvalidOperation([InvalidOperation])
        real(self, quote, catalog, services, autosave_interval)

    monkeypatch.setattr(main_window.MainWindow, "__init__", fails_on_the_huge_catalog)
    window = make_window()
    assert window.catalog.path == sample(DEFAULT_SAMPLE).catalog
    assert f"{path} could not be shown" in window.notices()["startup"]
    window.close()
    assert load_app_state().last_catalog == ""


# --- 3. damaged recovery files ---------------------------------------------------------------------


def recovery_data(seats: int, saved_at: str) -> dict:
    loaded = load_quote(sample("seat-copilot").quote)
    path = new_recovery_path()
    write_recovery(path, loaded.quote.model_copy(update={"seats": seats}), loaded.catalog, None)
    data = json.loads(path.read_text("utf-8"))
    path.unlink()
    data["saved_at"] = saved_at
    return data


def put_recovery(name: str, data: dict) -> Path:
    path = recovery_folder() / f"{name}.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_naive_and_aware_saved_at_sort_together(app_home, make_window):
    put_recovery("naive", recovery_data(11, "2026-03-01T09:00:00"))  # older files: local time, no zone
    put_recovery("aware", recovery_data(22, "2030-03-01T09:00:00+02:00"))
    found = pending_recoveries()
    assert [r.quote.seats for r in found] == [22, 11]
    assert all(r.saved_at.utcoffset().total_seconds() == 0 for r in found)
    window = make_window()
    assert not window.recovery_banner.isHidden()


def test_new_recovery_files_are_written_zone_aware(app_home):
    loaded = load_quote(sample("seat-copilot").quote)
    path = new_recovery_path()
    write_recovery(path, loaded.quote, loaded.catalog, None)
    saved_at = json.loads(path.read_text("utf-8"))["saved_at"]
    assert saved_at.endswith("+00:00")
    assert read_recovery(path).saved_at.tzinfo is not None


@pytest.mark.parametrize(("change", "field"), [
    ({"original": 12345}, "original"),
    ({"saved_at": "yesterday"}, "saved_at"),
    ({"saved_at": 1767225600}, "saved_at"),
    ({"format": "quotewright.recovery/9"}, "format"),
    ({"document": {"format": "quotewright.quote/1"}}, "document"),
    ({"owner": {"pid": "me"}}, "owner.pid"),
])
def test_a_damaged_recovery_file_is_set_aside_and_reported(app_home, make_window, change, field):
    data = {**recovery_data(33, "2026-03-01T09:00:00+00:00"), **change}
    path = put_recovery("damaged-one", data)
    put_recovery("good-one", recovery_data(44, "2026-03-02T09:00:00+00:00"))
    window = make_window()  # never fatal
    note = window.notices()["recovery_damaged"]
    assert str(path) in note and field in note
    assert not path.exists() and (path.parent / DAMAGED / path.name).exists()
    assert "QS-2026-0142" in window.recovery_banner.label.text()  # the good one is still offered
    assert [r.quote.seats for r in pending_recoveries()] == [44]


def test_a_recovery_file_that_is_not_json_is_set_aside(app_home):
    path = recovery_folder() / "garbage.json"
    path.write_text("{not json", "utf-8")
    scan = scan_recoveries()
    assert scan.found == [] and len(scan.set_aside) == 1
    assert "garbage.json: is not valid JSON" in scan.set_aside[0]


# --- 4. a data folder that cannot be created --------------------------------------------------------


@pytest.fixture
def blocked_data_folder(app_home, monkeypatch):
    """A data folder that cannot be created (as root, a read-only folder
    would still be writable; a file in the way never is)."""
    blocker = app_home / "blocked"
    blocker.write_text("a file where the data folder's parent should be", "utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    return blocker


def test_reading_the_data_folder_creates_nothing(app_home):
    folder = data_folder()
    assert not folder.exists()
    assert load_app_state() == AppState()
    assert pending_recoveries() == []
    assert not folder.exists()


def test_a_data_folder_that_cannot_be_created_is_a_clear_problem(blocked_data_folder):
    with pytest.raises(FileProblem, match="cannot be created"):
        writable_data_folder()
    with pytest.raises(FileProblem):
        save_app_state(AppState())


def test_the_app_works_without_a_data_folder_and_says_so_once(blocked_data_folder, make_window, tmp_path):
    window = make_window(autosave_interval=60_000)
    assert window.autosaver is None  # nowhere to autosave to
    note = window.notices()["startup"]
    assert "data folder cannot be used" in note and "no recent files" in note
    window.quote.push(SetValue(("seats",), 12))
    assert window.files.save_quote_as(tmp_path / "kept.json")  # the user's own files still save
    assert load_quote(tmp_path / "kept.json").quote.seats == 12
    assert list(window.notices()) == ["startup"]  # said once, not again on every save
    assert error_dialogs(window) == []
    window.close()
    assert not window.isVisible()


def test_cli_templates_and_pdf_export_work_without_a_data_folder(blocked_data_folder, tmp_path, capsys):
    from quotewright.cli import main

    assert main(["templates"]) == 0
    out = tmp_path / "proposal.pdf"
    assert main(["export", str(sample(DEFAULT_SAMPLE).quote), "--pdf", str(out)]) == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(b"%PDF")


def test_the_app_launches_without_a_data_folder(tmp_path):
    (tmp_path / "data").write_text("in the way", "utf-8")
    result = launch(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


# --- 11. the error hook and the close handler --------------------------------------------------------


def raise_in_a_slot(message: str) -> None:
    try:
        raise RuntimeError(message)
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)


def test_the_error_hook_shows_its_dialog_when_errors_log_cannot_be_written(window, error_hook, capfd):
    (writable_data_folder() / "errors.log").mkdir()  # errors.log cannot be opened for appending
    raise_in_a_slot("a bug in a slot")
    dialog = window.files.last_error
    assert dialog.isVisible() and "a bug in a slot" in dialog.text()
    assert "Traceback" not in capfd.readouterr().err
    dialog.close()


def test_the_error_hook_says_when_no_log_can_be_written(window, error_hook, monkeypatch, capfd):
    import builtins

    real_open = builtins.open

    def no_logs(file, *args, **kwargs):
        if str(file).endswith("errors.log"):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_logs)
    raise_in_a_slot("nowhere to log")
    dialog = window.files.last_error
    assert dialog.isVisible() and "could not be written down" in dialog.text()
    assert "Traceback" not in capfd.readouterr().err
    dialog.close()


def test_errors_while_the_dialog_is_open_do_not_open_more_dialogs(window, error_hook):
    for index in range(5):
        raise_in_a_slot(f"failure {index}")
    assert len(error_dialogs(window)) == 1
    assert "4 more" in window.files.last_error.informativeText()
    window.files.last_error.close()


def test_closing_with_a_read_only_data_folder_does_not_raise(make_window, monkeypatch):
    from quotewright.storage import app_state

    window = make_window(autosave_interval=60_000)
    window.quote.push(SetValue(("seats",), 9))
    window.autosaver.save_now()
    recovery = window.autosaver.path

    def read_only(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(app_state, "write_atomic", read_only)
    monkeypatch.setattr(Path, "unlink", read_only)
    window.quote.history.set_clean()
    window.close()  # raised PermissionError from the close handler before
    assert not window.isVisible()
    monkeypatch.undo()
    assert recovery.exists()  # left behind, so offered once more: never lost


# --- 14. a live window's recovery file is not a crash's ----------------------------------------------


def test_a_second_window_does_not_offer_or_delete_the_first_ones_autosave(make_window):
    first = make_window(autosave_interval=60_000)
    first.quote.push(SetValue(("seats",), 71))
    first.autosaver.save_now()
    live = first.autosaver.path
    second = make_window(autosave_interval=60_000)
    assert second.recovery_banner.isHidden()
    assert pending_recoveries() == []
    with pytest.raises(FileProblem, match="still running"):
        discard_recovery(live)
    assert live.exists()


OWNER_SCRIPT = """
import sys
from quotewright.storage.documents import load_quote
from quotewright.storage.recovery import RecoverySlot
from quotewright.storage.samples import sample
loaded = load_quote(sample("seat-copilot").quote)
slot = RecoverySlot()
slot.write(loaded.quote.model_copy(update={"seats": 555}), loaded.catalog, None)
print(slot.path, flush=True)
sys.stdin.read()  # run until the test kills this process
"""


def test_only_a_dead_owners_recovery_file_is_offered(app_home, make_window, qtbot):
    owner = subprocess.Popen([sys.executable, "-c", OWNER_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "XDG_DATA_HOME": str(app_home / "data")})
    try:
        path = Path(owner.stdout.readline().strip())
        assert path.exists() and lock_path(path).exists()
        assert pending_recoveries() == []  # its owner is alive
        window = make_window()
        assert window.recovery_banner.isHidden()
    finally:
        owner.send_signal(signal.SIGKILL)  # a crash: no clean-up runs
        owner.wait(timeout=30)
    assert path.exists()
    assert [r.quote.seats for r in pending_recoveries()] == [555]
    again = make_window()
    assert not again.recovery_banner.isHidden()
    qtbot.mouseClick(again.recovery_banner.button("Discard"), Qt.MouseButton.LeftButton)
    assert not path.exists() and not lock_path(path).exists()


def test_a_recovery_file_without_an_owner_lock_is_a_crashs(app_home):
    put_recovery("older-version", recovery_data(66, "2026-03-01T09:00:00+00:00"))
    assert [r.quote.seats for r in pending_recoveries()] == [66]


# --- 23. the recovery folder deleted while the app runs -----------------------------------------------


def test_autosave_recreates_a_deleted_recovery_folder(make_window):
    window = make_window(autosave_interval=60_000)
    window.quote.push(SetValue(("seats",), 31))
    window.autosaver.save_now()
    shutil.rmtree(recovery_folder())
    window.quote.push(SetValue(("seats",), 32))
    window.autosaver.save_now()
    assert read_recovery(window.autosaver.path).quote.seats == 32
    assert pending_recoveries() == []  # and it is still marked as this live window's
    assert "autosave" not in window.notices()


def test_autosave_says_when_it_cannot_recreate_the_folder(make_window, app_home):
    window = make_window(autosave_interval=60_000)
    failures = []
    window.autosaver.failed.connect(failures.append)
    window.quote.push(SetValue(("seats",), 41))
    window.autosaver.save_now()
    shutil.rmtree(recovery_folder())
    recovery_folder_path = data_folder() / "recovery"
    recovery_folder_path.write_text("in the way", "utf-8")
    window.autosaver.save_now()
    window.autosaver.save_now()
    assert len(failures) == 1  # said once, not on every tick
    assert "Autosave has stopped" in window.notices()["autosave"]
    recovery_folder_path.unlink()
    window.autosaver.save_now()
    assert "autosave" not in window.notices()
    assert read_recovery(window.autosaver.path).quote.seats == 41


def test_a_slot_writes_again_after_discarding(app_home):
    loaded = load_quote(sample("seat-copilot").quote)
    slot = RecoverySlot()
    first = slot.write(loaded.quote, loaded.catalog, None)
    slot.discard()
    assert not first.exists() and not lock_path(first).exists()
    again = slot.write(loaded.quote, loaded.catalog, None)
    assert again.exists() and lock_path(again).exists()
    slot.discard()


def test_an_orphan_lock_is_removed_but_a_held_one_is_kept(app_home):
    orphan = recovery_folder() / "gone.lock"
    orphan.write_text("12345\n", "ascii")
    loaded = load_quote(sample("seat-copilot").quote)
    slot = RecoverySlot()
    live = slot.write(loaded.quote, loaded.catalog, None)
    live.unlink()  # its file is gone, but its owner still runs
    scan_recoveries()
    assert not orphan.exists()
    assert lock_path(live).exists()
    slot.discard()


def test_a_new_quote_that_cannot_be_priced_keeps_the_open_one(window, monkeypatch):
    from quotewright.workspace import quote_session

    before = window.quote.quote

    def broken(*_args, **_kwargs):
        raise InvalidOperation([InvalidOperation])

    monkeypatch.setattr(quote_session, "price_quote", broken)
    window.files.new_quote()
    assert window.quote.quote == before
    assert "cannot be priced" in window.files.last_error.text()
    window.files.last_error.close()


def test_chart_axis_labels_stay_short_for_huge_totals():
    from decimal import Decimal

    from quotewright.ui.charts import compact

    assert compact(Decimal("4200000000000000000000000000")) == "4e+27"
    assert compact(Decimal("4000000000000")) == "4T"  # a round tick drops its zero decimal


def test_a_document_destroyed_with_unsaved_changes_raises_nothing(window, monkeypatch):
    import shiboken6

    from quotewright.ui.documents import QuoteDocument
    from quotewright.workspace import QuoteSession

    loaded = load_quote(sample("seat-copilot").quote)
    document = QuoteDocument(QuoteSession(loaded.catalog, loaded.quote))
    document.push(SetValue(("seats",), 3))
    session = document.session
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *error: hooked.append(error))
    shiboken6.delete(document)  # as at exit: the Qt object goes first; its session then says it is clean
    session.history.set_clean()
    assert session.push(SetValue(("seats",), 4)) is None
    assert hooked == []


def test_start_up_removes_temporary_files_that_killed_autosaves_left(app_home, make_window):
    import time

    folder = recovery_folder()
    stale = folder / ".0123abcd.json.999999.abcdefgh.part"  # a killed writer's, an hour old
    stale.write_text("{half a quote", "utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    live = folder / f".4567ef01.json.{os.getpid()}.ijklmnop.part"  # a save in progress
    live.write_text("{", "utf-8")
    make_window()
    assert not stale.exists()
    assert live.exists()


def test_a_recovery_file_that_cannot_be_deleted_is_not_offered_again(app_home, make_window, qtbot, monkeypatch):
    from quotewright.ui import main_window

    put_recovery("stuck", recovery_data(77, "2026-03-01T09:00:00+00:00"))
    window = make_window()

    def read_only(_path):
        raise FileProblem(_path, "", "cannot be deleted: Read-only file system")

    monkeypatch.setattr(main_window, "discard_recovery", read_only)
    qtbot.mouseClick(window.recovery_banner.button("Recover"), Qt.MouseButton.LeftButton)
    assert window.quote.quote.seats == 77
    assert window.recovery_banner.isHidden()
    assert "was kept" in window.notices()["recovery_discard"]
