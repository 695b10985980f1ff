"""The desk driven from the keyboard alone, as a volunteer at a busy table drives it: nothing typed is lost
when a key moves the focus, and a scan is a scan even while a box opened from the keyboard waits for words."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from keys import HUMAN_GAP_MS, SCANNER_GAP_MS, SETTLE_MS, Keyboard, desk_window
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select

from kiosk.core.models import CheckIn, CheckInVoid, Event, Registrant
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui.decision_view import Look
from kiosk.ui.main_window import MainWindow
from kiosk.ui.scan_input import GAP_MS

FAST_TYPIST_GAP_MS = 20
"""Two keys rolled over by a quick hand: closer together than a scanner's gap, though no scan follows."""


@pytest.fixture
def people(kiosk: Kiosk, event: Event) -> list[Registrant]:
    return kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="Анна", last_name="Петрова"),
            RegistrantDraft(first_name="小明", last_name="王"),
            RegistrantDraft(first_name="Ana", last_name="Ruiz"),
        ],
    )


@pytest.fixture
def window(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[MainWindow]:
    yield from desk_window(qtbot, kiosk, event, (1366, 768))


def _standing(kiosk: Kiosk, person: Registrant) -> list[CheckIn]:
    with kiosk.ctx.store.session() as s:
        rows = s.exec(select(CheckIn).where(CheckIn.registrant_id == person.id)).all()
        return [row for row in rows if row.voided_by is None]


def _on_void_of_a_checked_in(qtbot: QtBot, window: MainWindow, ticket: str, name: str) -> Keyboard:
    """From the keyboard: scan a ticket, go back to the search, type the name, Tab to Void check-in…"""
    keyboard = Keyboard(qtbot)
    with qtbot.waitSignal(window.desk.decided):
        keyboard.scan(ticket)
    keyboard.key(Qt.Key.Key_Escape, after_ms=HUMAN_GAP_MS, wait=True)
    keyboard.type(name, gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)
    while QApplication.focusWidget() is not window.desk.void_button:
        keyboard.key(Qt.Key.Key_Tab, after_ms=HUMAN_GAP_MS, wait=True)
    return keyboard


def _press(widget: QWidget | None, key: Qt.Key, text: str, at: int) -> None:
    """A key press and release, stamped `at`, to `widget` (none: the key goes nowhere, as with no focus)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        target = QApplication.focusWidget() or widget
        if target is None:
            return
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(at)
        QApplication.sendEvent(target, event)


def test_a_name_typed_quickly_over_a_decision_is_searched_whole(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, people: list[Registrant]
) -> None:
    anna, wang, _ = people
    keyboard = Keyboard(qtbot)
    with qtbot.waitSignal(window.desk.decided):
        keyboard.scan(kiosk.tickets.payload_for(wang, event))
    qtbot.wait(SETTLE_MS)
    assert window.desk.showing_decision()

    keyboard.type("Ан", gap_ms=FAST_TYPIST_GAP_MS, wait=True)  # the next person, typed over the welcome
    keyboard.type("на", gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)

    assert not window.desk.showing_decision()
    assert window.desk.search.hasFocus()
    assert window.desk.search.text() == "Анна"
    assert [hit.registrant_id for hit in window.desk.results.hits] == [anna.id]


def test_a_scan_while_the_void_reason_box_is_open_checks_in_and_never_becomes_the_reason(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, people: list[Registrant]
) -> None:
    anna, wang, _ = people
    keyboard = _on_void_of_a_checked_in(qtbot, window, kiosk.tickets.payload_for(anna, event), "Анна")
    seen: dict[str, object] = {}

    def in_the_reason_box() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QInputDialog)
        field = QApplication.focusWidget()
        at = keyboard.now
        for char in kiosk.tickets.payload_for(wang, event):  # the next person's ticket, scanned meanwhile
            at += SCANNER_GAP_MS
            _press(field, Qt.Key(ord(char.upper())), char, at)
        _press(field, Qt.Key.Key_Return, "\r", at + SCANNER_GAP_MS)
        qtbot.wait(SETTLE_MS)
        seen["open"], seen["typed"] = box.isVisible(), box.textValue()
        if not box.isVisible():
            return
        notice = QApplication.activeModalWidget()
        if notice is not box and notice is not None:
            qtbot.keyClick(notice, Qt.Key.Key_Return)  # "Ticket scanned": read, then back to the reason
        box.setTextValue("checked in the wrong person")
        box.accept()

    QTimer.singleShot(SETTLE_MS * 2, in_the_reason_box)
    keyboard.key(Qt.Key.Key_Space, " ", after_ms=HUMAN_GAP_MS)  # opens the reason box; returns once it closes
    qtbot.waitUntil(lambda: "open" in seen)

    assert seen == {"open": True, "typed": ""}
    assert len(_standing(kiosk, wang)) == 1
    assert window.desk.decision.look() is Look.WELCOME
    assert window.desk.decision.name.text() == "王小明"
    assert _standing(kiosk, anna) == []
    with kiosk.ctx.store.session() as s:
        assert s.exec(select(CheckInVoid.reason).where(CheckInVoid.registrant_id == anna.id)).all() == [
            "checked in the wrong person"
        ]


def test_after_a_void_from_the_keyboard_the_next_name_typed_goes_to_the_search(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, people: list[Registrant]
) -> None:
    anna, _, ruiz = people
    keyboard = _on_void_of_a_checked_in(qtbot, window, kiosk.tickets.payload_for(anna, event), "Анна")

    def give_the_reason() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QInputDialog)
        box.setTextValue("checked in the wrong person")
        box.accept()

    QTimer.singleShot(SETTLE_MS * 2, give_the_reason)
    keyboard.key(Qt.Key.Key_Space, " ", after_ms=HUMAN_GAP_MS)
    qtbot.waitUntil(lambda: _standing(kiosk, anna) == [])
    window.activateWindow()  # offscreen, no window manager gives the focus back when the box closes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    assert window.desk.search.hasFocus()
    window.desk.search.clear()
    keyboard.type("Ana R", gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)
    assert window.desk.search.text() == "Ana R"
    assert [hit.registrant_id for hit in window.desk.results.hits] == [ruiz.id]


def test_a_slow_scanner_on_the_results_checks_in_the_ticket_holder_not_the_selected_person(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, people: list[Registrant]
) -> None:
    _, wang, ruiz = people
    keyboard = Keyboard(qtbot)
    keyboard.type("Ana R", gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)
    window.desk.table.setFocus()
    qtbot.waitUntil(window.desk.table.hasFocus)
    assert window.desk._selected_hit_id() == ruiz.id  # ready for an Enter
    code = kiosk.tickets.payload_for(wang, event)

    keyboard.type(code, gap_ms=GAP_MS * 2, wait=True)  # a Bluetooth scanner too slow to be told from typing
    with qtbot.waitSignal(window.desk.decided):
        keyboard.enter(after_ms=HUMAN_GAP_MS, wait=True)

    assert window.desk.decision.name.text() == "王小明"
    assert len(_standing(kiosk, wang)) == 1 and _standing(kiosk, ruiz) == []
