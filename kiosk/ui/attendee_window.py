"""A full-screen window attendees use (self-service check-in, the contribution kiosk): it catches scanner
bursts of its own, and only staff with the station's PIN can leave it; Escape asks for the PIN, and the
window manager's close button or Alt+F4 do nothing without it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.services import Kiosk
from kiosk.ui.pin_dialogs import PinDialog
from kiosk.ui.scan_input import ScanDetector


class AttendeeWindow(QWidget):
    left = Signal()
    """Staff typed the PIN and the window closed."""

    LEAVE_PURPOSE = "leave this screen"
    """Finishes "type the staff PIN to …" in the PIN dialog."""

    def __init__(self, kiosk: Kiosk) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.kiosk = kiosk
        self.unlocked = False
        # Badge or ticket scans from a keyboard-wedge scanner: this window is outside the main window's.
        self.scans = ScanDetector(self, scope=self)
        self.scans.scanned.connect(self.handle_scan)

    def handle_scan(self, code: str) -> object:
        raise NotImplementedError

    def ask_to_leave(self) -> PinDialog:
        """The staff PIN dialog; the window closes when it is accepted."""
        dialog = PinDialog(self.kiosk.ctx.store, self, self.LEAVE_PURPOSE)
        dialog.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # staff read it, whatever the screen's language
        dialog.accepted.connect(self.leave)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def before_leaving(self) -> None:
        """Wipe what is on screen and stop timers (the subclass's own), before the window closes for good."""

    def leave(self) -> None:
        """Close for good (staff typed the PIN)."""
        self.before_leaving()
        self.unlocked = True
        self.scans.uninstall()
        self.close()
        self.left.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.ask_to_leave()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unlocked:
            event.accept()
        else:
            event.ignore()
