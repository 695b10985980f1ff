"""Scans reach the desk from the scanner (a keyboard burst) and the webcam, wherever the focus is."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from keys import HUMAN_GAP_MS, SETTLE_MS, Keyboard, desk_window
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import select

from kiosk.core.models import CheckIn, CheckInMethod, Event, Registrant
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui.decision_view import Look
from kiosk.ui.main_window import MainWindow


@pytest.fixture
def ana(kiosk: Kiosk, event: Event) -> Registrant:
    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="Ana", last_name="Ruiz")])
    return person


@pytest.fixture
def window(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[MainWindow]:
    yield from desk_window(qtbot, kiosk, event)


def methods(kiosk: Kiosk, person: Registrant) -> list[str]:
    with kiosk.ctx.store.session() as s:
        return list(s.exec(select(CheckIn.method).where(CheckIn.registrant_id == person.id)).all())


def test_a_scanner_burst_in_the_search_box_checks_in_and_leaves_the_box_untouched(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    keyboard = Keyboard(qtbot)
    keyboard.type("An", gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)
    assert window.desk.search.text() == "An"

    with qtbot.waitSignal(window.desk.decided):
        keyboard.scan(kiosk.tickets.payload_for(ana, event))

    assert window.desk.decision.look() is Look.WELCOME
    assert window.desk.decision.name.text() == "Ana Ruiz"
    assert methods(kiosk, ana) == [CheckInMethod.QR]
    assert "CK1" not in window.desk.search.text()


def test_slow_human_typing_searches(qtbot: QtBot, window: MainWindow, ana: Registrant) -> None:
    keyboard = Keyboard(qtbot)
    keyboard.type("Ana", gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)

    assert window.desk.search.text() == "Ana"
    assert [hit.display_name for hit in window.desk.results.hits] == ["Ana Ruiz"]
    assert not window.desk.showing_decision()


def test_a_scan_while_a_decision_shows_gives_the_next_decision(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    keyboard = Keyboard(qtbot)
    code = kiosk.tickets.payload_for(ana, event)
    with qtbot.waitSignal(window.desk.decided):
        keyboard.scan(code)
    qtbot.wait(SETTLE_MS)
    with qtbot.waitSignal(window.desk.decided):
        keyboard.scan(code)

    assert window.desk.decision.look() is Look.ALREADY
    assert methods(kiosk, ana) == [CheckInMethod.QR]


def test_the_webcam_toggle_says_why_when_there_is_no_camera(window: MainWindow) -> None:
    assert window.set_camera(True) is False  # this machine has no camera
    assert not window.camera_action.isChecked()
    assert window.desk.message.isVisibleTo(window.desk)
    assert "camera" in window.desk.message.text().lower()


def test_a_code_the_webcam_reads_checks_in_as_a_camera_scan(
    window: MainWindow, kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    window.set_camera(True)
    assert window.camera is not None
    window.camera.decoded.emit(kiosk.tickets.payload_for(ana, event))

    assert window.desk.decision.look() is Look.WELCOME
    assert methods(kiosk, ana) == [CheckInMethod.CAMERA]


def test_the_overview_is_one_key_away_and_a_scan_brings_the_desk_back(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    window.show_overview()
    assert window.pages.currentWidget() is window.overview
    window.route_scan(kiosk.tickets.payload_for(ana, event))
    assert window.pages.currentWidget() is window.desk
    assert window.desk.decision.look() is Look.WELCOME
    qtbot.keyClick(window.desk.next_button, Qt.Key.Key_Escape)
    assert not window.desk.showing_decision()


@pytest.fixture
def bao(kiosk: Kiosk, event: Event) -> Registrant:
    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="Bảo", last_name="Trần")])
    return person


def test_a_scan_while_the_walk_in_form_is_open_checks_in_and_leaves_the_form_as_typed(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, ana: Registrant
) -> None:
    form = window.desk.open_walk_in()
    qtbot.waitExposed(form)
    form.first_name.setFocus()
    qtbot.waitUntil(form.first_name.hasFocus)
    keyboard = Keyboard(qtbot)
    keyboard.type("Tupac", gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)
    with qtbot.waitSignal(window.desk.decided):
        keyboard.scan(kiosk.tickets.payload_for(ana, event))

    assert form.isVisible() and form.first_name.text() == "Tupac"  # not saved, nothing scanned into it
    assert methods(kiosk, ana) == [CheckInMethod.QR]
    assert kiosk.events.figures(event.id).walk_ins == 0
    notice = window.scan_notice
    assert notice is not None and notice.isVisible()
    assert "Welcome, Ana!" in notice.text() and "Ana Ruiz" in notice.text()  # type: ignore[attr-defined]


def test_a_scan_while_editing_a_name_never_lands_in_the_name(
    qtbot: QtBot, window: MainWindow, kiosk: Kiosk, event: Event, ana: Registrant, bao: Registrant
) -> None:
    window.route_scan(kiosk.tickets.payload_for(ana, event))
    dialog = window.desk.edit_decided()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.first_name.setFocus()
    qtbot.waitUntil(dialog.first_name.hasFocus)
    dialog.first_name.selectAll()
    keyboard = Keyboard(qtbot)
    keyboard.type("Anna", gap_ms=HUMAN_GAP_MS, wait=True)
    qtbot.wait(SETTLE_MS)
    with qtbot.waitSignal(window.desk.decided):
        keyboard.scan(kiosk.tickets.payload_for(bao, event))

    assert dialog.isVisible() and dialog.first_name.text() == "Anna"
    assert kiosk.registrants.get(ana.id).first_name == "Ana"  # Enter from the scanner saved nothing
    assert methods(kiosk, bao) == [CheckInMethod.QR]


def test_arrow_keys_in_an_open_drop_down_list_of_a_staff_window_choose_and_never_crash(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The detector looked up the list's Qt-private popup window on each key; PySide then dropped the list's
    own wrapper, the detector raised inside its event filter, and PySide brought the station down."""
    dialog = window.contributions.open_moderation()
    qtbot.addWidget(dialog)
    combo = dialog.entry.target
    combo.setFocus()
    combo.showPopup()
    list_view = combo.view()
    qtbot.waitUntil(list_view.isVisible)

    for _ in range(2):
        qtbot.keyClick(list_view, Qt.Key.Key_Down)
    qtbot.keyClick(list_view, Qt.Key.Key_Return)

    assert combo.currentIndex() == 2
    assert not list_view.isVisible()
