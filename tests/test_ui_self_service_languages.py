"""Self-service check-in in the attendee's language: the journey kiosk's eight, chosen with the same buttons,
fitting a 1280×720 screen, Farsi right to left with names as typed, and back to English for the next person.
The desk's decision view, beside it, stays English."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from attendee_support import open_screen, ticket_code
from fits_support import cut_widgets
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.journey import LANGUAGES
from kiosk.core.models import Event, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.resources import resource_path
from kiosk.ui.decision_view import DecisionView
from kiosk.ui.journey_language import isolate
from kiosk.ui.self_service import SelfServiceWindow

WIDTH, HEIGHT = 1280, 720
LONG_FIRST, LONG_LAST = "Maria Guadalupe", "Hernández-Rodríguez de la Vega"
LONG_ORG = "Central Valley Immigrant and Refugee Integration Collaborative of the San Joaquin Valley"
TRANSLATED = [code for code in LANGUAGES if code != "en"]
CAMERA = "The camera above the screen reads codes too."
"""What the desk (main_window) puts on the screen when its camera scans too."""


@pytest.fixture
def window(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[SelfServiceWindow]:
    yield from open_screen(qtbot, kiosk, event, SelfServiceWindow, (WIDTH, HEIGHT), reset_theme=True)


def translated(language: str, context: str, source: str) -> str:
    """The word the .qm of `language` gives for `source`."""
    translator = QTranslator()
    assert translator.load(str(resource_path("translations", f"kiosk_{language}.qm")))
    word = translator.translate(context, source)
    assert word not in ("", source), (language, source)
    return word


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _cut(window: SelfServiceWindow) -> list[str]:
    """What does not fit the window as laid out now: a widget past its edges, words without the room they
    need or scrolling, a button too small for a finger."""
    problems = []
    size = window.minimumSizeHint()
    if size.width() > WIDTH or size.height() > HEIGHT:
        problems.append(f"needs at least {size.width()}×{size.height()}")
    if (window.width(), window.height()) != (WIDTH, HEIGHT):
        problems.append(f"grew to {window.width()}×{window.height()}")
    if window.showing_decision() and window.decision.words_area.verticalScrollBar().maximum() > 0:
        problems.append("the decision's words scroll")
    problems += cut_widgets(window, spared=window.staff_button)
    return problems


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_outcome_fits_1280_by_720_in_every_language(
    window: SelfServiceWindow, kiosk: Kiosk, event: Event, shots: Path, language: str
) -> None:
    long_one = ticket_code(kiosk, event, LONG_FIRST, LONG_LAST, role="Executive Director and Founder")
    window.set_camera_status(CAMERA)
    window.set_language(language)
    problems: dict[str, list[str]] = {}

    def check(page: str) -> None:
        _settle()
        problems[page] = _cut(window)
        assert window.grab().save(str(shots / f"self-service-{language}-{page}.png"))

    check("prompt")
    window.handle_scan(long_one)
    check("welcome")
    window.handle_scan(long_one)
    check("already")
    window.handle_scan(ticket_code(kiosk, event, "Farid", "Azadi", status=RegistrantStatus.CANCELLED))
    check("refused")
    assert window.language() == language  # still theirs while their decision is up
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_prompt_and_every_outcome_speak_the_chosen_language(
    window: SelfServiceWindow, kiosk: Kiosk, event: Event, language: str
) -> None:
    window.language_bar.buttons[language].click()
    assert window.language() == language and window.language_bar.checked() == language
    assert window.title.text() == translated(language, "SelfServiceWindow", "Scan your QR code to get your badge")
    how = "Hold the code on your phone or your printed ticket under the scanner."
    assert window.hint.text().splitlines()[0] == translated(language, "SelfServiceWindow", how)
    window.set_camera_status(CAMERA)
    assert window.camera_status.text() == translated(language, "SelfServiceWindow", CAMERA)

    code = ticket_code(kiosk, event, "Ana", "Ruiz")
    window.handle_scan(code)
    shown = window.decision
    welcome = translated(language, "SelfServiceDecision", "Welcome, {name}!")
    assert shown.headline.text() == welcome.format(name=isolate("Ana"))
    advice = "Please pick up your badge at the registration table."
    assert shown.advice.text() == translated(language, "SelfServiceDecision", advice)
    assert shown.organization.text() == translated(language, "SelfServiceDecision", "Attendee")  # the role
    window.handle_scan(code)
    assert shown.headline.text() == translated(language, "SelfServiceDecision", "You are already checked in")
    window.handle_scan(ticket_code(kiosk, event, "Farid", status=RegistrantStatus.CANCELLED))
    assert shown.headline.text() == translated(language, "SelfServiceDecision", "We could not check you in")
    advice = "Please see a volunteer at the registration table. They will help you."
    assert shown.advice.text() == translated(language, "SelfServiceDecision", advice)
    assert shown.details.text() == ""  # the reason is for the volunteer, in any language


def test_a_language_chosen_while_a_decision_is_up_retells_it(
    window: SelfServiceWindow, kiosk: Kiosk, event: Event
) -> None:
    window.handle_scan(ticket_code(kiosk, event, "Ana"))
    assert window.decision.headline.text() == f"Welcome, {isolate('Ana')}!"
    window.set_language("es")
    assert window.decision.headline.text() == f"¡Le damos la bienvenida, {isolate('Ana')}!"
    assert window.hold.isActive()  # the time to read it again


def test_the_language_goes_back_to_english_when_the_attendee_is_done(
    qtbot: QtBot, window: SelfServiceWindow, kiosk: Kiosk, event: Event
) -> None:
    window.set_language("vi")
    window.handle_scan(ticket_code(kiosk, event, "Bao", "Tran"))
    assert window.decision.headline.text().startswith("Chào mừng")
    window.hold.start(10)
    qtbot.waitUntil(lambda: not window.showing_decision(), timeout=2000)

    assert window.language() == "en" and window.language_bar.checked() == "en"
    assert window.title.text() == "Scan your QR code to get your badge"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not window.idle.isActive()


def test_a_language_chosen_and_left_goes_back_to_english_after_a_while(qtbot: QtBot, window: SelfServiceWindow) -> None:
    window.set_language("fa")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.idle.isActive()  # no scan: someone who walked away
    window.idle.start(10)
    qtbot.waitUntil(lambda: window.language() == "en", timeout=2000)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.title.text() == "Scan your QR code to get your badge"


def test_leaving_puts_the_application_back_in_english(window: SelfServiceWindow) -> None:
    window.set_language("ko")
    window.leave()
    assert window.language() == "en"
    assert QApplication.translate("SelfServiceWindow", "Staff") == "Staff"


def test_in_farsi_the_screen_is_mirrored_and_the_name_shows_as_typed(
    window: SelfServiceWindow, kiosk: Kiosk, event: Event, shots: Path
) -> None:
    window.set_language("fa")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    _settle()
    english, farsi = window.language_bar.buttons["en"], window.language_bar.buttons["fa"]
    assert english.x() > farsi.x()  # the row reads from the right

    window.handle_scan(ticket_code(kiosk, event, "<b>Ana</b>", "Lopez"))
    _settle()
    shown = window.decision
    assert shown.headline.text() == f"{isolate('<b>Ana</b>')}، خوش آمدید!"
    assert shown.headline.textFormat() == Qt.TextFormat.PlainText
    assert shown.icon.x() > shown.words_area.x()  # the icon on the right, the words to its left
    for label in (shown.headline, shown.advice):  # each line starts at the right edge, as Farsi is read
        width = label.contentsRect().width()
        layout, _, _ = label._laid_out(width)
        assert layout.lineAt(0).naturalTextRect().right() == pytest.approx(width, abs=1), label.objectName()
    assert window.grab().save(str(shots / "self-service-fa-welcome-as-typed.png"))


def test_the_desk_decision_view_stays_english_while_self_service_speaks_another(
    window: SelfServiceWindow, kiosk: Kiosk, event: Event
) -> None:
    window.set_language("es")
    code = ticket_code(kiosk, event, "Ana", "Ruiz")
    window.handle_scan(code)
    assert window.decision.headline.text() != f"Welcome, {isolate('Ana')}!"

    desk = DecisionView()
    desk.show_decision(kiosk.desk.scan(code, event, operator="desk"))
    assert desk.headline.text() == "Already checked in"
    assert desk.advice.text() == "No need to check in again; if they have no badge, print one."
    for_attendee = DecisionView(attendee_facing=True)  # the untranslated view, as other screens may use it
    for_attendee.show_decision(kiosk.desk.scan(ticket_code(kiosk, event, "Bao"), event, operator="desk"))
    assert for_attendee.headline.text() == "Welcome, Bao!"
    assert for_attendee.advice.text() == "Please pick up your badge at the registration table."
