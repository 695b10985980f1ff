"""The thank-you after a need lists who here has it: with dozens of organizations at a big convening the list
keeps to a few whole lines at 1280x720, ending in "…", and never cuts a line in half."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest
from attendee_support import badge_code, open_screen, registered
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.journey_kiosk import JourneyKioskWindow


@pytest.fixture
def screen(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[JourneyKioskWindow]:
    yield from open_screen(qtbot, kiosk, event, JourneyKioskWindow, (1280, 720))


def _need_people(qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event) -> None:
    """An attendee signs with their badge and writes a need for people, with touches."""
    screen.handle_scan(badge_code(kiosk, event, "Ana María", "Gutiérrez", "Promotoras del Valle", "Central Valley"))
    qtbot.mouseClick(screen.together_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.side_buttons["need"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.category_buttons["people"], Qt.MouseButton.LeftButton)
    screen.editor.insertPlainText("Voluntarios bilingües para acompañar a las familias")
    qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    assert screen.page() == screen.THANKS


def test_dozens_of_matching_organizations_keep_whole_lines_and_the_buttons_on_screen(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    for number in range(40):
        person = registered(kiosk, event, f"P{number}", "Ruiz", f"Organización Comunitaria {number} del Valle Central")
        kiosk.contributions.add(event.id, "have", "Promotoras", category="people", registrant_id=person.id)

    _need_people(qtbot, screen, kiosk, event)
    qtbot.wait(50)  # the thank-you laid out

    label = screen.matches_label
    assert label.isVisible() and len(screen.matches) == 40
    assert label.height() >= label.heightForWidth(label.width())  # every line shown whole
    assert label.shown_text().endswith("…")
    assert label.shown_text().startswith("Organizations here that have what you need: ")
    for button in (screen.another_button, screen.done_button):
        bottom = button.mapTo(screen, QPoint(0, button.height()))
        assert button.isVisible() and bottom.y() <= screen.height()


def test_a_few_matching_organizations_are_all_named(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    for org in ("Vietnamese Community Center", "<b>Radio</b> Bilingüe"):
        person = registered(kiosk, event, "Bo", "Li", org)
        kiosk.contributions.add(event.id, "have", "Interpreters", category="people", registrant_id=person.id)

    _need_people(qtbot, screen, kiosk, event)
    qtbot.wait(50)

    shown = screen.matches_label.shown_text()
    assert "…" not in shown
    assert "\u2068<b>Radio</b> Bilingüe\u2069, \u2068Vietnamese Community Center\u2069" in shown
