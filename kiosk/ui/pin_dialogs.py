"""Asking staff for the station's PIN (to leave an attendee-facing screen), and choosing one."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.core import staff_pin
from kiosk.core.errors import InvalidInput
from kiosk.core.store import Store
from kiosk.ui.labels import data_label

MAX_TRIES = 3
LOCKOUT_MS = 30_000
"""After MAX_TRIES wrong PINs the dialog refuses input for this long: an attendee guessing gets bored."""


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{staff_pin.MAX_DIGITS}}}")))
    field.setAccessibleName("Staff PIN")
    return field


class PinDialog(QDialog):
    """Accepted only when the station's staff PIN is typed."""

    def __init__(self, store: Store, parent: QWidget | None = None, purpose: str = "leave this screen") -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setWindowTitle("Staff PIN")
        self.store = store
        self.tries = 0
        self.pin = _pin_field("pinField")
        self.message = data_label("pinMessage", f"Staff only: type the staff PIN to {purpose}.")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("PIN message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.pin)
        layout.addWidget(buttons)
        self.unlock = QTimer(self)
        self.unlock.setSingleShot(True)
        self.unlock.timeout.connect(self._unlocked)

    def check(self) -> None:
        if staff_pin.pin_matches(self.store, self.pin.text()):
            self.accept()
            return
        self.tries += 1
        self.pin.clear()
        if self.tries >= MAX_TRIES:
            self.pin.setEnabled(False)
            self.ok.setEnabled(False)
            self.message.setText(f"Wrong PIN {self.tries} times. Wait {LOCKOUT_MS // 1000} seconds, then try again.")
            self.unlock.start(LOCKOUT_MS)
        else:
            self.message.setText("That is not the staff PIN. Try again.")

    def _unlocked(self) -> None:
        self.tries = 0
        self.pin.setEnabled(True)
        self.ok.setEnabled(True)
        self.message.setText("Type the staff PIN.")
        self.pin.setFocus()


class SetPinDialog(QDialog):
    """Choose the station's staff PIN, typed twice; saved only when both match and it is valid."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setPinDialog")
        self.setWindowTitle("Choose a staff PIN")
        self.store = store
        self.first = _pin_field("newPin")
        self.second = _pin_field("repeatPin")
        self.second.setAccessibleName("Staff PIN again")
        self.message = data_label(
            "pinMessage",
            f"Attendee screens can be left only with this PIN. Choose {staff_pin.MIN_DIGITS} to "
            f"{staff_pin.MAX_DIGITS} digits and tell it only to staff.",
        )
        self.message.setWordWrap(True)
        self.message.setAccessibleName("PIN message")
        form = QFormLayout()
        form.addRow("New PIN", self.first)
        form.addRow("Again", self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.first.text() != self.second.text():
            self.message.setText("The two PINs differ. Type the same PIN twice.")
            return
        try:
            staff_pin.set_pin(self.store, self.first.text())
        except InvalidInput as exc:
            self.message.setText(f"Not saved: {exc}.")
            return
        self.accept()
