"""The start page: what to work on, before any quote is chosen. It is shown
in place of the tabs when the app opens without a file and with no crash
recovery to offer (and from File > Start page): a new quote on the Catalog
tab's catalog, the quote already open (the sample's example quote at a first
start), a new quote from each shipped sample, open a file, and the recent
files. Every choice goes through the window's file actions; whatever opens
or starts a quote takes the start page away (the window listens)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..storage.samples import sample_catalog_name, samples


def _button(text: str, name: str, slot, tooltip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tooltip)
    button.setMinimumHeight(32)
    button.clicked.connect(lambda _checked=False: slot())
    return button


class StartPage(QWidget):
    """The first frame when the app opens without a file, so it is built
    from what that frame needs only: no `Qt` namespace (importing it makes
    about 90 Python enums, 20 ms) and no rich text (a QLabel with HTML loads
    Qt's text engine), measured with `benchmarks/bench_app.py`."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        self.setObjectName("start_page")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QFrame()
        column.setMaximumWidth(640)
        layout = QVBoxLayout(column)
        heading = QLabel("Start a quote")
        heading.setObjectName("start_heading")
        heading.setStyleSheet("font-size: 15pt; font-weight: 600")
        layout.addWidget(heading)
        files = window.files
        self.new_button = _button("", "start_new_quote", files.new_quote)
        self.continue_button = _button("", "start_continue", window.hide_start_page)
        open_button = _button("&Open a quote or catalog...", "start_open", files.open_file)
        for button in (self.new_button, self.continue_button, open_button):
            layout.addWidget(button)

        from_sample = QGroupBox("New quote from a &sample")
        grid = QGridLayout(from_sample)
        for index, found in enumerate(samples()):
            grid.addWidget(_button(f"{sample_catalog_name(found)} ({found.name})",
                                   f"start_sample_{found.name}",
                                   lambda n=found.name: files.new_from_sample(n),
                                   f"The {found.name} sample catalog with its example quote"), index // 2, index % 2)
        layout.addWidget(from_sample)

        self.recent_box = QGroupBox("&Recent files")
        self.recent_layout = QVBoxLayout(self.recent_box)
        layout.addWidget(self.recent_box)
        centred = QHBoxLayout()  # the column in the middle, however wide the window
        centred.addStretch(1)
        centred.addWidget(column, 10)
        centred.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        files.recent_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """The labels that name the open documents, and the recent files."""
        quote, catalog = self.window.quote.quote, self.window.catalog.catalog
        self.new_button.setText(f"&New quote on {catalog.name}")
        self.continue_button.setText(f"&Continue with quote {quote.id} for {quote.customer.name}")
        while self.recent_layout.count():
            widget = self.recent_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        recent = self.window.services.state.recent_files
        for index, path in enumerate(recent):
            self.recent_layout.addWidget(_button(Path(path).name, f"start_recent_{index}",
                                                 lambda p=path: self.window.files.open_file(p), path))
        if not recent:
            self.recent_layout.addWidget(QLabel("Files you open or save appear here."))
