"""Self-service check-in: attendee-facing, one person at a time, and only staff with the PIN can leave."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from attendee_support import PIN, open_screen, ticket_code
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.core import staff_pin
from kiosk.core.errors import InvalidInput
from kiosk.core.models import Event, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.desk import Kind
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui.decision_view import Look
from kiosk.ui.journey_language import isolate
from kiosk.ui.main_window import MainWindow
from kiosk.ui.pin_dialogs import PinDialog, SetPinDialog
from kiosk.ui.self_service import SelfServiceWindow


@pytest.fixture
def window(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[SelfServiceWindow]:
    yield from open_screen(qtbot, kiosk, event, SelfServiceWindow, themed=False)


def test_the_screen_asks_for_a_scan_and_lists_no_one(window: SelfServiceWindow) -> None:
    assert window.title.text() == "Scan your QR code to get your badge"
    assert window.findChildren(QAbstractItemView) == []
    assert window.findChildren(QLineEdit) == []


def test_a_scan_shows_only_that_person_in_words_for_them(
    qtbot: QtBot, window: SelfServiceWindow, kiosk: Kiosk, event: Event
) -> None:
    kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="Someone", last_name="Else")])
    decision = window.handle_scan(ticket_code(kiosk, event, "Ana", "Ruiz"))

    assert decision.kind is Kind.WELCOME
    assert window.decision.look() is Look.WELCOME
    assert window.decision.headline.text() == f"Welcome, {isolate('Ana')}!"  # a name reads as typed
    assert window.decision.name.text() == "Ana Ruiz"
    assert window.decision.advice.text() == "Please pick up your badge at the registration table."
    shown = " ".join(label.text() for label in (window.decision.details, window.decision.organization))
    assert "Someone" not in shown and "Table A" not in shown


def test_a_second_scan_and_a_refused_ticket_speak_to_the_attendee(
    window: SelfServiceWindow, kiosk: Kiosk, event: Event
) -> None:
    code = ticket_code(kiosk, event, "Ana")
    window.handle_scan(code)
    window.handle_scan(code)
    assert window.decision.headline.text() == "You are already checked in"
    assert window.decision.look() is Look.ALREADY

    window.handle_scan(ticket_code(kiosk, event, "Farid", status=RegistrantStatus.CANCELLED))
    assert window.decision.headline.text() == "We could not check you in"
    assert window.decision.advice.text().startswith("Please see a volunteer")
    assert window.decision.details.text() == ""  # the reason is for the volunteer, not read out on a screen


def test_the_screen_invites_the_next_person_after_a_while(
    qtbot: QtBot, window: SelfServiceWindow, kiosk: Kiosk, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.handle_scan(ticket_code(kiosk, event, "Ana"))
    window.hold.start(10)
    qtbot.waitUntil(lambda: not window.showing_decision(), timeout=2000)


def test_closing_without_the_pin_is_refused(window: SelfServiceWindow) -> None:
    window.close()
    assert window.isVisible()


def test_escape_asks_for_the_pin_and_a_wrong_pin_keeps_the_screen(qtbot: QtBot, window: SelfServiceWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    dialog = window.findChild(PinDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.pin, "1111")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)

    assert window.isVisible()
    assert dialog.message.text() == "That is not the staff PIN. Try again."


def test_the_right_pin_leaves(qtbot: QtBot, window: SelfServiceWindow) -> None:
    dialog = window.ask_to_leave()
    with qtbot.waitSignal(window.left):
        qtbot.keyClicks(dialog.pin, PIN)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert not window.isVisible()


def test_three_wrong_pins_lock_the_dialog_for_a_while(qtbot: QtBot, window: SelfServiceWindow) -> None:
    dialog = window.ask_to_leave()
    for _ in range(3):
        qtbot.keyClicks(dialog.pin, "0000")
        dialog.check()
    assert not dialog.pin.isEnabled()
    assert "Wait 30 seconds" in dialog.message.text()


def test_a_pin_is_digits_and_stored_only_as_a_hash(kiosk: Kiosk) -> None:
    with pytest.raises(InvalidInput):
        staff_pin.set_pin(kiosk.ctx.store, "12a4")
    with pytest.raises(InvalidInput):
        staff_pin.set_pin(kiosk.ctx.store, "123")
    staff_pin.set_pin(kiosk.ctx.store, PIN)
    assert staff_pin.pin_matches(kiosk.ctx.store, PIN)
    assert not staff_pin.pin_matches(kiosk.ctx.store, "48263918")
    assert PIN not in kiosk.ctx.store.path.read_bytes().decode("latin-1")


def test_the_main_window_asks_for_a_pin_first_then_opens_self_service_and_routes_scans(
    qtbot: QtBot, kiosk: Kiosk, event: Event
) -> None:
    main = MainWindow(kiosk, event)
    qtbot.addWidget(main)
    main.timer.stop()
    assert main.open_self_service() is None  # no PIN yet: choose one first
    dialog = main.pin_dialog
    assert isinstance(dialog, SetPinDialog)
    dialog.first.setText(PIN)
    dialog.second.setText(PIN)
    dialog.save()

    screen = main.self_service
    assert screen is not None and screen.isFullScreen()
    main.route_scan(ticket_code(kiosk, event, "Ana"))
    assert screen.decision.headline.text() == f"Welcome, {isolate('Ana')}!"
    assert not main.desk.showing_decision()  # the desk behind did not take the scan

    screen.leave()
    assert main.self_service is None
    main.route_scan(ticket_code(kiosk, event, "Bao"))
    assert main.desk.decision.headline.text() == "Welcome, Bao!"


def test_a_scanner_burst_on_the_self_service_screen_checks_in(
    qtbot: QtBot, window: SelfServiceWindow, kiosk: Kiosk, event: Event
) -> None:
    from keys import Keyboard

    window.activateWindow()
    window.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    with qtbot.waitSignal(window.decided):
        Keyboard(qtbot).scan(ticket_code(kiosk, event, "Ana"))
    assert window.decision.headline.text() == f"Welcome, {isolate('Ana')}!"
