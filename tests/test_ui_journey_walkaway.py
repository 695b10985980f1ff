"""The kiosk after someone walks away, and what it tells two people of one name or someone whose need waits
for review: the next attendee gets a clean English screen with no staff dialog, each consent box says whose it
is, and a need shows who here has it whether or not it is on the wall yet."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from attendee_support import badge_code, open_screen
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.journey_kiosk import JourneyKioskWindow
from kiosk.ui.journey_language import isolate
from kiosk.ui.pin_dialogs import PinDialog


@pytest.fixture
def screen(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[JourneyKioskWindow]:
    yield from open_screen(qtbot, kiosk, event, JourneyKioskWindow, (1280, 720))


def test_a_language_chosen_on_the_first_screen_goes_back_to_english_after_idle(
    qtbot: QtBot, screen: JourneyKioskWindow
) -> None:
    qtbot.mouseClick(screen.language_buttons["fa"], Qt.MouseButton.LeftButton)
    assert screen.page() == screen.HOME
    assert screen.idle.isActive()  # the first screen waits for the next person too, once someone chose
    screen.idle.start(10)
    qtbot.waitUntil(lambda: screen.language() == "en", timeout=3000)
    assert screen.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert screen.home_title.text() == "Add your voice"


def test_the_staff_pin_dialog_left_open_is_closed_by_the_idle_reset(qtbot: QtBot, screen: JourneyKioskWindow) -> None:
    screen.write("wisdom", None)
    qtbot.mouseClick(screen.staff_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(PinDialog)
    assert dialog is not None and dialog.isVisible()
    screen.idle.start(10)
    qtbot.waitUntil(lambda: screen.page() == screen.HOME, timeout=3000)
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in screen.findChildren(PinDialog)), timeout=3000)
    assert not screen.unlocked


def test_the_staff_pin_dialog_opened_on_the_first_screen_does_not_stay_up_forever(
    qtbot: QtBot, screen: JourneyKioskWindow
) -> None:
    qtbot.mouseClick(screen.staff_button, Qt.MouseButton.LeftButton)
    assert screen.idle.isActive()
    screen.idle.start(10)
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in screen.findChildren(PinDialog)), timeout=3000)


def test_two_people_of_the_same_name_each_see_which_consent_box_is_theirs(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    first = badge_code(kiosk, event, "María", "García", "Fresno Youth Alliance")
    second = badge_code(kiosk, event, "María", "García", "Oakland Tech Commons")
    screen.start_connection()
    screen.handle_scan(first)
    screen.handle_scan(second)
    flow = screen.connection
    assert flow.step() == "consent"
    one, two = flow.first_row.words.text(), flow.second_row.words.text()
    assert one != two
    assert one.startswith(f"{isolate('María García')} ({isolate('Fresno Youth Alliance')})")
    assert two.startswith(f"{isolate('María García')} ({isolate('Oakland Tech Commons')})")


def test_two_people_of_the_same_name_and_organization_are_numbered_in_scan_order(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    first = badge_code(kiosk, event, "Bao", "Tran", "Fresno Center")
    second = badge_code(kiosk, event, "Bao", "Tran", "Fresno Center")
    screen.start_connection()
    screen.handle_scan(first)
    screen.handle_scan(second)
    flow = screen.connection
    assert flow.first_row.words.text().startswith(f"{isolate('Bao Tran')} ({isolate('1')})")
    assert flow.second_row.words.text().startswith(f"{isolate('Bao Tran')} ({isolate('2')})")


def test_a_need_held_for_review_still_shows_who_here_has_it(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    lender = badge_code(kiosk, event, "Ana", "Ruiz", "Oakland Tech Commons")
    holder = kiosk.contributions.badge_holder(event, lender)
    kiosk.contributions.add(event.id, "have", "We lend laptops", "technology", registrant_id=holder.registrant_id)
    kiosk.contributions.set_hold_for_review(True)
    screen.handle_scan(badge_code(kiosk, event, "Bao", "Tran", "Fresno Center"))
    screen.choose_side("need")
    screen.write("need", "technology")
    screen.editor.setPlainText("We need laptops for our classes")
    note = screen.submit()
    assert note is not None and note.status == "held"
    assert screen.matches_label.isVisibleTo(screen)
    assert "Oakland Tech Commons" in screen.matches_label.text()


def test_a_need_from_someone_without_an_organization_shows_who_here_has_it(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    lender = kiosk.contributions.badge_holder(event, badge_code(kiosk, event, "Ana", "Ruiz", "Oakland Tech Commons"))
    kiosk.contributions.add(event.id, "have", "We lend laptops", "technology", registrant_id=lender.registrant_id)
    screen.handle_scan(badge_code(kiosk, event, "Nguyễn", "Văn An"))
    screen.write("need", "technology")
    screen.editor.setPlainText("Cần máy tính cho lớp học")
    note = screen.submit()
    assert note is not None and note.organization_id is None
    assert [m.organization for m in screen.matches] == ["Oakland Tech Commons"]


def test_consent_sentences_that_wrap_get_every_line_at_1280x720(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    screen.start_connection()
    screen.handle_scan(badge_code(kiosk, event, "María", "García", "Fresno Youth Alliance"))
    screen.handle_scan(badge_code(kiosk, event, "María", "García", "Oakland Tech Commons"))
    qtbot.wait(50)
    for row in (screen.connection.first_row, screen.connection.second_row):
        words = row.words
        assert words.heightForWidth(words.width()) > words.fontMetrics().lineSpacing() * 1.5  # it wraps
        assert words.height() >= words.heightForWidth(words.width()), words.text()
