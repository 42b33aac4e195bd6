"""How the app tells the user things: error dialogs that never block the
event loop (so work is never held hostage), and banners across the window
for offers such as crash recovery or repricing with the current catalog."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget


def show_error(parent: QWidget, title: str, message: str) -> QMessageBox:
    """An error dialog, window-modal but not blocking; the user's work stays."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_dialog")
    box.open()
    return box


class Banner(QFrame):
    """A message across the top of the window with a few action buttons."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(f"QFrame#{name} {{ background: #FFF8E1; border: 1px solid #F2C94C; }}")
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self._buttons = QHBoxLayout()
        layout.addLayout(self._buttons)
        self.hide()

    def offer(self, message: str, actions: list[tuple[str, Callable[[], None]]]) -> None:
        while self._buttons.count():
            item = self._buttons.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.label.setText(message)
        for label, action in actions:
            button = QPushButton(label)
            button.setObjectName(f"{self.objectName()}_{label.lower().replace(' ', '_')}")
            button.clicked.connect(action)
            self._buttons.addWidget(button)
        self.show()

    def button(self, label: str) -> QPushButton:
        return self.findChild(QPushButton, f"{self.objectName()}_{label.lower().replace(' ', '_')}")


class NoticeBoard:
    """Things that need no answer (start-up problems, autosave stopping),
    shown together in one banner until dismissed; a `key` replaces an older
    message on the same subject."""

    def __init__(self, banner: Banner):
        self.banner = banner
        self._notices: dict[str, str] = {}

    def tell(self, key: str, message: str) -> None:
        self._notices[key] = message
        self._show()

    def untell(self, key: str) -> None:
        self._notices.pop(key, None)
        self._show()

    def notices(self) -> dict[str, str]:
        return dict(self._notices)

    def _show(self) -> None:
        if not self._notices:
            self.banner.hide()
            return
        self.banner.offer("\n\n".join(self._notices.values()), [("Dismiss", self.dismiss)])

    def dismiss(self) -> None:
        self._notices.clear()
        self.banner.hide()
