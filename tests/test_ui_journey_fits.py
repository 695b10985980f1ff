"""The contribution kiosk fits a 1280×720 screen on every page in every language (words wrap, nothing is cut,
touch targets stay big), and names typed in one script show as typed on a screen in another (Farsi)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from attendee_support import badge_code, open_screen
from fits_support import cut_widgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.journey import LANGUAGES
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.journey_kiosk import JourneyKioskWindow
from kiosk.ui.journey_language import FSI, PDI, isolate

WIDTH, HEIGHT = 1280, 720

ANA, ANA_ORG = "<b>Ana</b> <i>Lopez</i>", "<u>Evil</u> & Co"
FATEMEH, FATEMEH_ORG = "فاطمه رضایی", "(مرکز فرهنگی) Persian Center 2"
LONG_NAME = "Maria Guadalupe Hernández-Rodríguez de la Vega"
LONG_ORG = "Central Valley Immigrant and Refugee Integration Collaborative of the San Joaquin Valley"
OTHER_ORG = "Asian Pacific Islander Community Health and Wellness Partnership of Greater Fresno"


@pytest.fixture
def screen(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[JourneyKioskWindow]:
    yield from open_screen(qtbot, kiosk, event, JourneyKioskWindow, (WIDTH, HEIGHT))


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _cut(window: JourneyKioskWindow) -> list[str]:
    """What does not fit the window as it is laid out now: a widget reaching past its edges, words without
    the room they need, a button too small for a finger."""
    problems = []
    size = window.minimumSizeHint()
    if size.width() > WIDTH or size.height() > HEIGHT:
        problems.append(f"needs at least {size.width()}×{size.height()}")
    needed = window.heightForWidth(WIDTH)
    if needed > HEIGHT:
        problems.append(f"needs {needed} px of height at {WIDTH} wide")
    if (window.width(), window.height()) != (WIDTH, HEIGHT):
        problems.append(f"grew to {window.width()}×{window.height()}")
    problems += cut_widgets(window, spared=window.staff_button)
    return problems


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_page_fits_1280_by_720(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event, shots: Path, language: str
) -> None:
    bao = kiosk.contributions.badge_holder(event, badge_code(kiosk, event, "Bao", "Tran", "Little Saigon Media"))
    kiosk.contributions.add(event.id, "have", "Organizers", "people", registrant_id=bao.registrant_id)
    other = kiosk.contributions.badge_holder(event, badge_code(kiosk, event, "Jun", "Park", OTHER_ORG))
    kiosk.contributions.add(event.id, "have", "Grant writers", "people", registrant_id=other.registrant_id)
    first = badge_code(kiosk, event, LONG_NAME.split(" ", 1)[0], LONG_NAME.split(" ", 1)[1], LONG_ORG)
    second = badge_code(kiosk, event, FATEMEH.split()[0], FATEMEH.split()[1], FATEMEH_ORG)
    screen.set_language(language)
    problems: dict[str, list[str]] = {}

    def check(page: str) -> None:
        _settle()
        problems[page] = _cut(screen)
        assert screen.grab().save(str(shots / f"journey-fits-{language}-{page}.png"))

    screen.show_page(screen.HOME)
    check("home")
    screen.show_page(screen.PROMPTS)
    check("prompts")
    screen.show_page(screen.TOGETHER)
    screen.handle_scan(first)
    check("together-signed")
    screen.write("need", "people")
    screen.editor.setPlainText("x " * 200)
    assert screen.submit() is None  # too long: the refusal shows under the editor
    check("compose-refused")
    screen.editor.setPlainText("Grant writers")
    assert screen.submit() is not None and len(screen.matches) == 2
    check("thanks-matches")
    screen.start_connection()
    check("connect-first")
    screen.handle_scan(first)
    check("connect-second")
    screen.handle_scan(second)
    check("connect-consent")
    screen.connection.first_consent.setChecked(True)
    assert screen.connection.save() is not None
    check("connect-done")
    assert {page: found for page, found in problems.items() if found} == {}


def test_a_long_translation_wraps_the_button_instead_of_widening_it(screen: JourneyKioskWindow) -> None:
    screen.set_language("tl")
    _settle()
    button = screen.connect_button
    assert button.text() == "Kumonekta sa bagong katuwang"
    assert button.minimumSizeHint().width() < button.fontMetrics().horizontalAdvance(button.text())
    assert button.height() >= 150 and button.width() < WIDTH // 3


def test_categories_reflow_to_fewer_columns_when_the_screen_is_narrower(
    qtbot: QtBot, screen: JourneyKioskWindow
) -> None:
    screen.show_page(screen.TOGETHER)
    _settle()

    def rows() -> int:
        return len({b.y() for b in screen.category_buttons.values()})

    assert rows() == 2  # four, then three
    screen.resize(1000, HEIGHT)
    qtbot.waitUntil(lambda: rows() == 3)


def test_farsi_mirrors_the_category_grid(screen: JourneyKioskWindow) -> None:
    screen.show_page(screen.TOGETHER)
    _settle()
    people, places = screen.category_buttons["people"], screen.category_buttons["places"]
    assert people.x() < places.x()
    screen.set_language("fa")
    _settle()
    assert people.x() > places.x()


def test_isolate_wraps_a_name_and_drops_the_bidi_controls_inside_it() -> None:
    assert isolate("<b>Ana</b>") == f"{FSI}<b>Ana</b>{PDI}"
    assert isolate("Ana\u202e Lopez\u2069") == f"{FSI}Ana Lopez{PDI}"  # nothing can reach past the isolate


def _labels(window: QWidget) -> list[QLabel]:
    return [label for label in window.findChildren(QLabel) if label.isVisibleTo(window) and label.text()]


def test_in_farsi_the_two_names_on_the_connection_screens_show_as_typed(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event, shots: Path
) -> None:
    ana = badge_code(kiosk, event, "<b>Ana</b>", "<i>Lopez</i>", ANA_ORG)
    fatemeh = badge_code(kiosk, event, FATEMEH.split()[0], FATEMEH.split()[1], FATEMEH_ORG)
    flow = screen.connection
    screen.set_language("fa")
    screen.start_connection()
    screen.handle_scan(ana)
    assert isolate(ANA) in flow.title.text() and flow.title.text().startswith("سپاسگزاریم")
    _settle()
    assert screen.grab().save(str(shots / "journey-connect-fa-second.png"))

    screen.handle_scan(fatemeh)
    share = "{name}: ایمیل و تلفن من را با {other} به اشتراک بگذار"
    assert flow.first_row.words.text() == share.format(name=isolate(ANA), other=isolate(FATEMEH))
    assert flow.second_row.words.text() == share.format(name=isolate(FATEMEH), other=isolate(ANA))
    assert flow.first_consent.accessibleName() == flow.first_row.words.text()
    _settle()
    assert screen.grab().save(str(shots / "journey-connect-fa-consent.png"))

    flow.first_consent.setChecked(True)
    assert flow.save() is not None
    people = f"{isolate(ANA)} ({isolate(ANA_ORG)}) · {isolate(FATEMEH)} ({isolate(FATEMEH_ORG)})"
    assert flow.hint.text().splitlines()[0] == people
    _settle()
    assert screen.grab().save(str(shots / "journey-connect-fa-done.png"))
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in _labels(screen))


def test_touching_the_consent_sentence_ticks_its_box(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    flow = screen.connection
    screen.start_connection()
    screen.handle_scan(badge_code(kiosk, event, "Ana", "Lopez", ANA_ORG))
    screen.handle_scan(badge_code(kiosk, event, "Bao", "Tran", "Little Saigon Media"))
    _settle()
    row = flow.second_row
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton, pos=row.words.geometry().center())
    assert flow.second_consent.isChecked() and not flow.first_consent.isChecked()
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton, pos=row.words.geometry().center())
    assert not flow.second_consent.isChecked()


def test_in_farsi_the_signature_keeps_the_name_and_organization_as_typed(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event, shots: Path
) -> None:
    screen.set_language("fa")
    screen.write("built", None)
    screen.handle_scan(badge_code(kiosk, event, "<b>Ana</b>", "<i>Lopez</i>", ANA_ORG))
    assert screen.badge_line.text() == f"با امضای: {isolate(ANA)} · {isolate(ANA_ORG)}"
    assert screen.badge_line.textFormat() == Qt.TextFormat.PlainText
    _settle()
    assert screen.grab().save(str(shots / "journey-compose-fa-signed.png"))
