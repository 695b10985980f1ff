"""A keyboard and a barcode scanner for tests: key events stamped with the times real hardware gives them."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.main_window import MainWindow
from kiosk.ui.scan_input import GAP_MS

SCANNER_GAP_MS = 4
HUMAN_GAP_MS = 150
SETTLE_MS = GAP_MS * 4
"""Long enough for the detector to have let go of any key it held."""


def key_code(char: str) -> int:
    """The Qt key a keyboard reports for a character: its upper-case code point (Qt.Key_A is ord("A"))."""
    upper = char.upper()
    return ord(upper) if len(upper) == 1 else 0


class Keyboard:
    """Sends key presses and releases to the focused widget, each stamped with the time the input system
    would give it, like a real keyboard or scanner. `wait=True` also lets that much real time pass, so
    the detector's own timer runs as it would between a person's keys."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.now = 5_000_000

    def key(
        self,
        key: int,
        text: str = "",
        *,
        after_ms: int,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        wait: bool = False,
        auto_repeat: bool = False,
    ) -> None:
        if wait:
            self.qtbot.wait(after_ms)
        self.now += after_ms
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            target = QApplication.focusWidget()
            assert target is not None, "nothing has the keyboard focus"
            event = QKeyEvent(kind, key, modifiers, text, auto_repeat)
            event.setTimestamp(self.now)
            QApplication.sendEvent(target, event)

    def type(self, text: str, *, gap_ms: int, wait: bool = False) -> None:
        for char in text:
            self.key(key_code(char), char, after_ms=gap_ms, wait=wait)

    def scan(self, code: str, terminator: Qt.Key = Qt.Key.Key_Return) -> None:
        """What a scanner does: the code a few ms a key, then its terminator."""
        self.type(code, gap_ms=SCANNER_GAP_MS)
        self.enter(after_ms=SCANNER_GAP_MS, key=terminator)

    def enter(self, *, after_ms: int, key: Qt.Key = Qt.Key.Key_Return, wait: bool = False) -> None:
        text = {Qt.Key.Key_Tab: "\t"}.get(key, "\r")
        self.key(key, text, after_ms=after_ms, wait=wait)


def desk_window(qtbot: QtBot, kiosk: Kiosk, event: Event, size: tuple[int, int] | None = None) -> Iterator[MainWindow]:
    """A fixture's body: the station's window shown (at `size`), active, the keyboard in the desk's search;
    its decision timer and scan detector stopped after."""
    main = MainWindow(kiosk, event)
    qtbot.addWidget(main)
    main.timer.stop()
    if size is not None:
        main.resize(*size)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    main.desk.search.setFocus()
    qtbot.waitUntil(main.desk.search.hasFocus)
    yield main
    main.desk.hold.stop()
    main.scans.uninstall()
