"""The scanner-burst detector on real widgets: a scan checks in and leaves the search box alone; people type."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from keys import HUMAN_GAP_MS, SCANNER_GAP_MS, SETTLE_MS, Keyboard, key_code
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.scan_input import GAP_MS, ScanDetector


@dataclass
class Desk:
    window: QWidget
    search: QLineEdit
    button: QPushButton
    detector: ScanDetector
    scans: list[str]
    returns: list[str]
    clicks: list[bool]


def show_focused(qtbot: QtBot, window: QWidget, focus: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    focus.setFocus()
    qtbot.waitUntil(focus.hasFocus)


@pytest.fixture
def keyboard(qtbot: QtBot) -> Keyboard:
    return Keyboard(qtbot)


@pytest.fixture
def desk(qtbot: QtBot) -> Iterator[Desk]:
    """A dialog like the desk's: a search box and a default button that Enter would press."""
    window = QDialog()
    search = QLineEdit()
    button = QPushButton("Check in")
    button.setDefault(True)
    layout = QVBoxLayout(window)
    layout.addWidget(search)
    layout.addWidget(button)
    qtbot.addWidget(window)
    show_focused(qtbot, window, search)
    detector = ScanDetector(window)
    found = Desk(window, search, button, detector, [], [], [])
    detector.scanned.connect(found.scans.append)
    search.returnPressed.connect(lambda: found.returns.append(search.text()))
    button.clicked.connect(lambda checked=False: found.clicks.append(checked))
    yield found
    detector.uninstall()


def test_scanner_burst_checks_in_and_leaves_the_search_box_empty(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    with qtbot.waitSignal(desk.detector.scanned, timeout=1000) as signal:
        keyboard.scan("KDFT-WXHH")

    assert signal.args == ["KDFT-WXHH"]
    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == ""
    assert desk.returns == []
    assert desk.clicks == []  # the Enter that ended the scan never reached the dialog's default button
    assert desk.scans == ["KDFT-WXHH"]
    assert desk.detector.last_scan() == "KDFT-WXHH"


def test_a_long_qr_payload_is_one_scan(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    payload = "CK1" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJ"

    with qtbot.waitSignal(desk.detector.scanned, timeout=1000) as signal:
        keyboard.scan(payload)

    assert signal.args == [payload]
    assert desk.search.text() == ""


@pytest.mark.parametrize("name", ["Li", "José", "Nguyễn Thị", "李小龍"])
def test_slow_typing_reaches_the_search_box_exactly_and_is_no_scan(
    qtbot: QtBot, desk: Desk, keyboard: Keyboard, name: str
) -> None:
    keyboard.type(name, gap_ms=HUMAN_GAP_MS, wait=True)
    keyboard.enter(after_ms=HUMAN_GAP_MS, wait=True)

    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == name
    assert desk.returns == [name]
    assert desk.scans == []


def test_typing_as_fast_as_a_person_can_and_pressing_enter_is_no_scan(
    qtbot: QtBot, desk: Desk, keyboard: Keyboard
) -> None:
    keyboard.type("Martinez", gap_ms=60)
    keyboard.enter(after_ms=60)

    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == "Martinez"
    assert desk.returns == ["Martinez"]
    assert desk.scans == []


def test_human_typing_after_a_scan_searches_as_usual(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.scan("KDFT-WXHH")
    keyboard.type("Ana", gap_ms=HUMAN_GAP_MS, wait=True)

    qtbot.waitUntil(lambda: desk.search.text() == "Ana")
    assert desk.scans == ["KDFT-WXHH"]


def test_typing_then_a_scan_keeps_the_typing_and_scans(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.type("Bao", gap_ms=HUMAN_GAP_MS, wait=True)
    keyboard.key(0, "", after_ms=HUMAN_GAP_MS, wait=True)  # a pause before the scanner fires
    with qtbot.waitSignal(desk.detector.scanned, timeout=1000):
        keyboard.scan("1234567890123")

    assert desk.search.text() == "Bao"
    assert desk.scans == ["1234567890123"]


def test_a_burst_without_enter_is_delivered_as_typing(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.type("KDFT-WXHH", gap_ms=SCANNER_GAP_MS)
    assert desk.search.text() == ""  # held back while it may still be a scan...

    qtbot.waitUntil(lambda: desk.search.text() == "KDFT-WXHH", timeout=1000)  # ...and nothing is lost
    qtbot.wait(SETTLE_MS)
    assert desk.scans == []
    assert desk.detector.pending() == ""


def test_an_enter_long_after_a_burst_is_a_plain_enter(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.type("KDFT-WXHH", gap_ms=SCANNER_GAP_MS)
    keyboard.enter(after_ms=HUMAN_GAP_MS, wait=True)

    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == "KDFT-WXHH"
    assert desk.returns == ["KDFT-WXHH"]
    assert desk.scans == []


def test_a_burst_shorter_than_a_code_is_typing(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.scan("ABCDE")

    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == "ABCDE"
    assert desk.returns == ["ABCDE"]
    assert desk.scans == []


@pytest.mark.parametrize(("gap_ms", "is_scan"), [(GAP_MS, True), (GAP_MS + 1, False)])
def test_the_gap_between_keys_decides(qtbot: QtBot, desk: Desk, keyboard: Keyboard, gap_ms: int, is_scan: bool) -> None:
    keyboard.type("KDFT-WXHH", gap_ms=gap_ms)
    keyboard.enter(after_ms=gap_ms)

    qtbot.wait(SETTLE_MS)
    assert desk.scans == (["KDFT-WXHH"] if is_scan else [])
    assert desk.search.text() == ("" if is_scan else "KDFT-WXHH")


def test_one_slow_key_in_the_middle_breaks_the_burst(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.type("KDFT", gap_ms=SCANNER_GAP_MS)
    keyboard.type("-", gap_ms=HUMAN_GAP_MS)
    keyboard.type("WXHH", gap_ms=SCANNER_GAP_MS)
    keyboard.enter(after_ms=SCANNER_GAP_MS)

    qtbot.wait(SETTLE_MS)
    assert desk.scans == []
    assert desk.search.text() == "KDFT-WXHH"


def test_a_scan_while_a_button_has_the_focus_does_not_press_it(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    desk.button.setFocus()
    qtbot.waitUntil(desk.button.hasFocus)

    with qtbot.waitSignal(desk.detector.scanned, timeout=1000) as signal:
        keyboard.scan("KDFT-WXHH")

    assert signal.args == ["KDFT-WXHH"]
    qtbot.wait(SETTLE_MS)
    assert desk.clicks == []
    assert desk.search.text() == ""


def test_space_on_a_focused_button_still_presses_it(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    desk.button.setFocus()
    qtbot.waitUntil(desk.button.hasFocus)

    keyboard.key(Qt.Key.Key_Space, " ", after_ms=HUMAN_GAP_MS)

    qtbot.waitUntil(lambda: desk.clicks == [False], timeout=1000)


def test_a_scan_with_nothing_focused_is_seen(qtbot: QtBot, keyboard: Keyboard) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    show_focused(qtbot, window, window)
    detector = ScanDetector(window)
    try:
        with qtbot.waitSignal(detector.scanned, timeout=1000) as signal:
            keyboard.scan("KDFT-WXHH")
        assert signal.args == ["KDFT-WXHH"]
    finally:
        detector.uninstall()


def test_tab_ends_a_scan_and_the_focus_stays(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    with qtbot.waitSignal(desk.detector.scanned, timeout=1000) as signal:
        keyboard.scan("KDFT-WXHH", terminator=Qt.Key.Key_Tab)

    assert signal.args == ["KDFT-WXHH"]
    assert desk.search.hasFocus()
    assert desk.search.text() == ""


def test_tab_can_be_left_out_of_the_terminators(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    desk.detector.uninstall()
    detector = ScanDetector(desk.window, terminators=(Qt.Key.Key_Return, Qt.Key.Key_Enter))
    scans: list[str] = []
    detector.scanned.connect(scans.append)
    try:
        keyboard.scan("KDFT-WXHH", terminator=Qt.Key.Key_Tab)
        qtbot.wait(SETTLE_MS)
        assert scans == []
        assert desk.search.text() == "KDFT-WXHH"
        assert desk.button.hasFocus()  # the Tab went through, after the text
    finally:
        detector.uninstall()


def test_ctrl_shortcuts_pass_through(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    find = QAction("Find", desk.window)
    find.setShortcut(QKeySequence("Ctrl+F"))
    desk.window.addAction(find)

    with qtbot.waitSignal(find.triggered, timeout=1000):
        qtbot.keyClick(desk.search, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert desk.search.text() == ""


def test_a_ctrl_key_in_a_fast_burst_comes_after_the_keys_before_it(
    qtbot: QtBot, desk: Desk, keyboard: Keyboard
) -> None:
    keyboard.type("abcdef", gap_ms=SCANNER_GAP_MS)
    keyboard.key(Qt.Key.Key_A, "\x01", after_ms=SCANNER_GAP_MS, modifiers=Qt.KeyboardModifier.ControlModifier)
    keyboard.type("x", gap_ms=SCANNER_GAP_MS)
    keyboard.enter(after_ms=SCANNER_GAP_MS)

    qtbot.wait(SETTLE_MS)
    # "abcdef" arrived, Ctrl+A selected it, "x" replaced it; no scan (the burst was broken by a command)
    assert desk.search.text() == "x"
    assert desk.returns == ["x"]
    assert desk.scans == []


def test_backspace_right_after_fast_keys_applies_after_them(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.type("ab", gap_ms=SCANNER_GAP_MS)
    keyboard.key(Qt.Key.Key_Backspace, "\b", after_ms=SCANNER_GAP_MS)

    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == "a"


def test_auto_repeated_keys_are_never_a_scan(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.key(key_code("-"), "-", after_ms=HUMAN_GAP_MS)
    for _ in range(10):
        keyboard.key(key_code("-"), "-", after_ms=SCANNER_GAP_MS, auto_repeat=True)
    keyboard.enter(after_ms=SCANNER_GAP_MS)

    qtbot.wait(SETTLE_MS)
    assert desk.scans == []
    assert desk.search.text() == "-" * 11


def test_a_scan_of_non_ascii_text_is_one_scan(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    with qtbot.waitSignal(desk.detector.scanned, timeout=1000) as signal:
        keyboard.scan("Ñandú-Ünïcødé-李")

    assert signal.args == ["Ñandú-Ünïcødé-李"]
    assert desk.search.text() == ""


def test_input_method_text_is_not_overtaken_by_held_keys(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.type("a", gap_ms=HUMAN_GAP_MS)
    commit = QInputMethodEvent()
    commit.setCommitString("李")
    QApplication.sendEvent(desk.search, commit)

    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == "a李"


def test_a_disabled_detector_lets_every_key_through_at_once(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    desk.detector.set_enabled(False)
    keyboard.scan("KDFT-WXHH")

    assert desk.search.text() == "KDFT-WXHH"  # no waiting: nothing was held
    qtbot.wait(SETTLE_MS)
    assert desk.scans == []
    assert desk.returns == ["KDFT-WXHH"]


def test_disabling_delivers_keys_held_at_that_moment(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    keyboard.type("KDF", gap_ms=SCANNER_GAP_MS)
    desk.detector.set_enabled(False)

    assert desk.search.text() == "KDF"


def test_a_detector_scoped_to_one_window_ignores_another(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    desk.detector.uninstall()
    detector = ScanDetector(scope=desk.window)
    other = QWidget()
    other_box = QLineEdit(other)
    qtbot.addWidget(other)
    scans: list[str] = []
    detector.scanned.connect(scans.append)
    try:
        show_focused(qtbot, other, other_box)
        keyboard.scan("KDFT-WXHH")
        assert other_box.text() == "KDFT-WXHH"

        show_focused(qtbot, desk.window, desk.search)
        keyboard.scan("KDFT-WXHH")
        qtbot.waitUntil(lambda: scans == ["KDFT-WXHH"], timeout=1000)
        assert desk.search.text() == ""
    finally:
        detector.uninstall()


def test_keys_from_qtest_use_the_monotonic_clock(qtbot: QtBot, desk: Desk) -> None:
    """QTest stamps its keys with 0; the detector times them itself, and a quick burst is still a scan."""
    with qtbot.waitSignal(desk.detector.scanned, timeout=1000) as signal:
        qtbot.keyClicks(desk.search, "KDFT-WXHH")
        qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    assert signal.args == ["KDFT-WXHH"]

    qtbot.keyClicks(desk.search, "Li", delay=HUMAN_GAP_MS)
    qtbot.keyClick(desk.search, Qt.Key.Key_Return, delay=HUMAN_GAP_MS)
    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == "Li"
    assert desk.scans == ["KDFT-WXHH"]


def test_an_injected_clock_replaces_the_keys_timestamps(qtbot: QtBot, desk: Desk, keyboard: Keyboard) -> None:
    desk.detector.uninstall()
    frozen = ScanDetector(desk.window, clock=lambda: 0.0)  # every key at the same instant: always a burst
    scans: list[str] = []
    frozen.scanned.connect(scans.append)
    try:
        keyboard.type("KDFT-WXHH", gap_ms=HUMAN_GAP_MS)
        keyboard.enter(after_ms=HUMAN_GAP_MS)
        qtbot.waitUntil(lambda: scans == ["KDFT-WXHH"], timeout=1000)
    finally:
        frozen.uninstall()


def test_keys_through_the_window_system_path_are_seen_once(qtbot: QtBot, desk: Desk) -> None:
    """Real keys reach the QWindow first, which hands them to the focus widget: one key, one decision."""
    handle = desk.window.windowHandle()

    def click(text: str, key: Qt.Key, delay: int = -1) -> None:
        for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
            QTest.sendKeyEvent(action, handle, key, text, Qt.KeyboardModifier.NoModifier, delay)

    with qtbot.waitSignal(desk.detector.scanned, timeout=1000) as signal:
        for char in "KDFT-WXHH":
            click(char, Qt.Key(key_code(char)))
        click("\r", Qt.Key.Key_Return)
    assert signal.args == ["KDFT-WXHH"]

    for char in "Li":
        click(char, Qt.Key(key_code(char)), delay=HUMAN_GAP_MS)
    qtbot.wait(SETTLE_MS)
    assert desk.search.text() == "Li"
    assert desk.scans == ["KDFT-WXHH"]
