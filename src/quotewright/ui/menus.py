"""The main window's menus and shortcuts, assembled in one place. Each
action only calls the window or its helpers (file actions, undo); what an
action means lives there, not here. A new tab or view adds its entries in
`build_menus` without touching the window's own code."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ..storage.samples import samples


def key_sequences(shortcut: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The key sequences of `"Ctrl+Q"` or of a standard key. Made without
    `QKeySequence(...)`, `setShortcut` or `Qt`: choosing among those
    overloads makes PySide6 build the ~90 Python enums of the `Qt` namespace
    (about 20 ms), which the first frame does not otherwise need."""
    if isinstance(shortcut, str):
        return [QKeySequence.fromString(shortcut)]
    return QKeySequence.keyBindings(shortcut)


def add_action(owner: QWidget, menu: QMenu, text: str, slot: Callable[[], object], shortcut=None,
               name: str = "") -> QAction:
    """An action in `menu` that calls `slot`; its object name (what tests and
    the shortcut table look up) is the text in lower case unless given."""
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcuts(key_sequences(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    action.setObjectName(name or text.replace("&", "").replace(".", "").strip().lower().replace(" ", "_"))
    menu.addAction(action)
    return action


def sample_title(name: str) -> str:
    """`support-agent` -> `Support agent`, `token-api` -> `Token API`: the
    words a menu shows for a sample."""
    words = name.replace("-", " ").capitalize().split()
    return " ".join(word.upper() if word.lower() in ("api", "ai") else word for word in words)


def build_menus(window) -> None:
    """File, Edit, Catalog, View and Help for `window` (a MainWindow)."""
    bar = window.menuBar()
    files = bar.addMenu("&File")
    add_action(window, files, "&New quote", window.files.new_quote, QKeySequence.StandardKey.New)
    from_sample = files.addMenu("New from &sample")
    from_sample.setObjectName("new_from_sample")
    for found in samples():
        add_action(window, from_sample, sample_title(found.name), lambda n=found.name: window.files.new_from_sample(n),
                   name=f"sample_{found.name}")
    add_action(window, files, "&Open...", window.files.open_file, QKeySequence.StandardKey.Open)
    window.recent_menu = files.addMenu("Open &recent")
    window.files.recent_changed.connect(lambda: fill_recent(window))
    fill_recent(window)
    add_action(window, files, "&Save quote", window.files.save_quote, QKeySequence.StandardKey.Save)
    add_action(window, files, "Save quote &as...", window.files.save_quote_as, "Ctrl+Shift+S")
    files.addSeparator()
    add_action(window, files, "Export to &Excel...", lambda: window.ask_export("xlsx"), "Ctrl+E", "export_xlsx")
    add_action(window, files, "Export &PDF proposal...", lambda: window.ask_export("pdf"), "Ctrl+Shift+E",
               "export_pdf")
    files.addSeparator()
    add_action(window, files, "Shadow &billing...", window.shadow_billing, name="shadow_billing")
    files.addSeparator()
    add_action(window, files, "Start pa&ge", window.show_start_page, name="start_page")
    add_action(window, files, "&Quit", window.close, "Ctrl+Q")

    edit = bar.addMenu("&Edit")
    edit.addAction(window.undo_actions.undo)
    edit.addAction(window.undo_actions.redo)
    edit.addSeparator()
    add_action(window, edit, "&Settings...", window.edit_settings, "Ctrl+,")

    catalog = bar.addMenu("&Catalog")
    add_action(window, catalog, "&Open catalog...", window.files.open_catalog, "Ctrl+Shift+O")
    add_action(window, catalog, "&Save catalog", window.files.save_catalog, "Ctrl+Alt+S")
    add_action(window, catalog, "Save catalog &as...", window.files.save_catalog_as)
    catalog.addSeparator()
    add_action(window, catalog, "&Reprice quote with this catalog", window.reprice_with_catalog, "Ctrl+R", "reprice")

    view = bar.addMenu("&View")
    for index, label in enumerate(("&Quote builder", "&Catalog", "Autonomy x &attribution matrix",
                                   "&Plans side by side", "&Lines and billing")):
        add_action(window, view, label, lambda i=index: window.show_tab(i), f"Ctrl+{index + 1}")
    view.addSeparator()
    for index, (label, rank) in enumerate((("Low usage", "low"), ("Expected usage", "expected"),
                                           ("High usage", "high")), 1):
        add_action(window, view, label, lambda rank=rank: window.quote.session.show_case(rank), f"Alt+{index}")

    help_menu = bar.addMenu("&Help")
    add_action(window, help_menu, "&About Quotewright", window.show_about, name="about")


def fill_recent(window) -> None:
    """File > Open recent from the remembered files (disabled when there are none)."""
    window.recent_menu.clear()
    for path in window.services.state.recent_files:
        action = window.recent_menu.addAction(Path(path).name)
        action.setToolTip(path)
        action.triggered.connect(lambda _=False, p=path: window.files.open_file(p))
    window.recent_menu.setEnabled(bool(window.services.state.recent_files))
