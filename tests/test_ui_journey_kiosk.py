"""The attendee kiosk offscreen: language, prompt, note, thank-you, idle reset; badges; errors; RTL; PIN."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from attendee_support import PIN, badge_code, open_screen
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core import staff_pin
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.ui.journey_kiosk import JourneyKioskWindow
from kiosk.ui.journey_language import isolate
from kiosk.ui.main_window import MainWindow
from kiosk.ui.pin_dialogs import PinDialog


@pytest.fixture
def screen(qtbot: QtBot, kiosk: Kiosk, event: Event) -> Iterator[JourneyKioskWindow]:
    yield from open_screen(qtbot, kiosk, event, JourneyKioskWindow, (1280, 800))


def _texts(window: JourneyKioskWindow) -> str:
    """Every word visible on the kiosk right now."""
    shown = [w.text() for w in window.findChildren(QLabel) if w.isVisibleTo(window)]
    shown += [w.text() for w in window.findChildren(QPushButton) if w.isVisibleTo(window)]
    return "\n".join(shown) + "\n" + window.editor.toPlainText()


def test_a_full_visit_in_spanish_leaves_nothing_behind(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    qtbot.mouseClick(screen.language_buttons["es"], Qt.MouseButton.LeftButton)
    assert screen.home_title.text() == "Comparta su voz"
    qtbot.mouseClick(screen.journey_button, Qt.MouseButton.LeftButton)
    assert screen.page() == screen.PROMPTS
    assert screen.prompt_buttons["proud"].text() == "De lo que estoy orgulloso/a"
    qtbot.mouseClick(screen.prompt_buttons["proud"], Qt.MouseButton.LeftButton)
    assert screen.compose_title.text() == "De lo que estoy orgulloso/a"
    qtbot.keyClicks(screen.editor, "Nuestra despensa de alimentos")
    with qtbot.waitSignal(screen.submitted) as saved:
        qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    note = saved.args[0]
    assert (note.kind, note.body, note.language, note.registrant_id) == (
        "proud", "Nuestra despensa de alimentos", "es", None,
    )  # fmt: skip
    assert screen.page() == screen.THANKS and screen.thanks_title.text() == "¡Gracias!"
    assert screen.thanks_hint.text() == "Su nota ya está en el mural."

    screen.idle.start(10)  # the thank-you's wait, shortened
    qtbot.waitUntil(lambda: screen.page() == screen.HOME, timeout=3000)
    assert screen.language() == "en" and screen.home_title.text() == "Add your voice"
    assert "despensa" not in _texts(screen)
    screen.editor.undo()  # not even the editor's undo history brings the words back
    assert screen.editor.toPlainText() == ""


def test_walking_away_mid_sentence_wipes_the_words(qtbot: QtBot, screen: JourneyKioskWindow) -> None:
    screen.write("wisdom", None)
    qtbot.keyClicks(screen.editor, "My secret thought")
    assert screen.idle.isActive()
    screen.idle.start(10)
    qtbot.waitUntil(lambda: screen.page() == screen.HOME, timeout=3000)
    assert "secret" not in _texts(screen)
    screen.write("wisdom", None)
    assert screen.editor.toPlainText() == ""


def test_a_badge_signs_the_note_and_stay_anonymous_takes_the_name_off(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    screen.write("built", None)
    screen.handle_scan(badge_code(kiosk, event, "Ana", org="Fresno Center", region="Central Valley"))
    signature = " · ".join(map(isolate, ("Ana", "Fresno Center", "Central Valley")))
    assert screen.badge_line.text() == f"Signed: {signature}"
    screen.editor.setPlainText("Trusted messengers")
    note = screen.submit()
    assert note is not None and note.author == "Ana"

    screen.write("built", None)
    assert screen.holder is not None  # still signed for a second note
    screen.stay_anonymous()
    screen.editor.setPlainText("Another one")
    note = screen.submit()
    assert note is not None and note.registrant_id is None
    assert screen.badge_line.text().startswith("You are anonymous")


def test_a_ticket_scanned_instead_of_a_badge_is_explained(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    screen.set_language("vi")
    screen.handle_scan("CK1AAAAAAAAAAAAAAA")
    assert screen.error.isVisibleTo(screen)
    assert screen.error.text() == "Đây là vé của bạn. Hãy quét mã trên thẻ tên thay vào đó."
    assert screen.holder is None


def test_an_empty_or_too_long_note_is_refused_in_the_attendees_language(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    screen.set_language("ko")
    screen.write("next", None)
    assert screen.submit() is None
    assert screen.error.text() == "메모가 비어 있습니다. 먼저 몇 마디 써 주세요."
    screen.editor.setPlainText("가" * 300)
    assert screen.counter.text() == "300 / 280" and screen.counter.property("over") is True
    assert screen.submit() is None
    assert "300" in screen.error.text() and "280" in screen.error.text()
    assert screen.editor.toPlainText() == "가" * 300  # kept, to shorten
    assert kiosk.contributions.notes(event.id) == []


def test_stronger_together_writes_a_need_and_shows_who_here_has_it(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    bao = badge_code(kiosk, event, "Bao", org="Little Saigon Media")
    holder = kiosk.contributions.badge_holder(event, bao)
    kiosk.contributions.add(event.id, "have", "Organizers", "people", registrant_id=holder.registrant_id)
    screen.handle_scan(badge_code(kiosk, event, "Ana", org="Fresno Center"))
    qtbot.mouseClick(screen.together_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.side_buttons["need"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.category_buttons["people"], Qt.MouseButton.LeftButton)
    assert screen.compose_title.text() == "We need · People and skills"
    screen.editor.setPlainText("Grant writers")
    note = screen.submit()
    assert note is not None and (note.kind, note.category) == ("need", "people")
    matches = isolate("Little Saigon Media")
    assert screen.matches_label.text() == f"Organizations here that have what you need: {matches}"


def test_held_notes_are_thanked_for_without_promising_the_wall(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    kiosk.contributions.set_hold_for_review(True)
    screen.write("built", None)
    screen.editor.setPlainText("Held words")
    assert screen.submit() is not None
    assert screen.thanks_hint.text() == "Your note will appear on the wall once staff have read it."


def test_farsi_lays_the_screen_out_right_to_left_and_back(qtbot: QtBot, screen: JourneyKioskWindow) -> None:
    screen.set_language("fa")
    assert screen.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert screen.editor.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert screen.home_title.text() == "صدای خود را اضافه کنید"
    assert screen.journey_button.text() == "نقشهٔ سفر"
    left, right = screen.language_buttons["en"], screen.language_buttons["fa"]

    def x(button: QPushButton) -> int:
        return button.mapTo(screen, button.rect().topLeft()).x()

    qtbot.waitUntil(lambda: x(left) > x(right))  # English is now the right-most choice
    screen.set_language("zh_TW")
    assert screen.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert screen.prompt_buttons["built"].text() == "這個網絡建立了什麼"


def _typed_ends(screen: JourneyKioskWindow, text: str) -> tuple[int, int]:
    """Where the editor's cursor stands before the first and after the last character of `text`."""
    screen.editor.setPlainText(text)
    cursor = screen.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    screen.editor.setTextCursor(cursor)
    start = screen.editor.cursorRect().x()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    screen.editor.setTextCursor(cursor)
    return start, screen.editor.cursorRect().x()


def test_each_typed_paragraph_reads_in_its_own_direction(qtbot: QtBot, screen: JourneyKioskWindow) -> None:
    screen.resize(1280, 800)
    screen.show()
    screen.write("proud", None)
    qtbot.waitExposed(screen)
    width = screen.editor.viewport().width()
    screen.set_language("fa")
    start, end = _typed_ends(screen, "We fed 300 families.")
    assert start < end, "English on the Farsi screen must read left to right, its full stop at the end"
    assert end > width * 3 // 4  # still at the Farsi screen's edge, the right
    start, end = _typed_ends(screen, "ما رساندیم.")
    assert start > end > width // 2
    screen.set_language("en")
    start, end = _typed_ends(screen, "ما رساندیم.")
    assert start > end, "Farsi on the English screen must read right to left"
    assert start < width // 4


def ink_columns(label: QLabel) -> tuple[int, int]:
    """The first and last pixel columns of the label where its text has ink (the rest is transparent)."""
    image = label.grab().toImage()
    rows = range(image.height())
    inked = [x for x in range(image.width()) if any(image.pixelColor(x, y).alpha() > 128 for y in rows)]
    assert inked, "the label shows no text"
    return inked[0], inked[-1]


def test_the_event_name_sits_at_the_reading_start_of_the_footer(qtbot: QtBot, screen: JourneyKioskWindow) -> None:
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    label = screen.event_name
    first, last = ink_columns(label)
    assert first < 20 and last < label.width() // 2  # English: at the left
    screen.set_language("fa")
    qtbot.waitUntil(lambda: ink_columns(label)[0] > label.width() // 2)  # Farsi: mirrored, at the right
    assert ink_columns(label)[1] > label.width() - 20


def test_screenshots_in_english_chinese_and_farsi(qtbot: QtBot, screen: JourneyKioskWindow, shots: Path) -> None:
    screen.write("proud", None)
    screen.editor.setPlainText("A student-led rural food pantry that now feeds 300 families a week.")
    qtbot.wait(50)
    assert screen.grab().save(str(shots / "journey-kiosk-en.png"))
    screen.set_language("zh_CN")
    screen.editor.setPlainText("我们建立了合作网络，让老人不再孤单。")
    qtbot.wait(50)
    assert screen.compose_title.text() == "我引以为傲的事"
    assert screen.grab().save(str(shots / "journey-kiosk-zh_CN.png"))
    screen.set_language("fa")
    screen.editor.setPlainText("ما برای اولین بار اطلاعات سرشماری را به زبان فارسی به خانواده‌ها رساندیم.")
    qtbot.wait(50)
    assert screen.grab().save(str(shots / "journey-kiosk-fa.png"))
    screen.reset()
    screen.set_language("fa")
    qtbot.wait(50)
    assert screen.grab().save(str(shots / "journey-kiosk-fa-home.png"))


def test_leaving_needs_the_staff_pin(qtbot: QtBot, screen: JourneyKioskWindow) -> None:
    screen.close()
    assert screen.isVisible()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    dialog = screen.findChild(PinDialog)
    assert dialog is not None
    with qtbot.waitSignal(screen.left):
        qtbot.keyClicks(dialog.pin, PIN)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert not screen.isVisible()
    assert QApplication.translate("JourneyKioskWindow", "Thank you!") == "Thank you!"  # English again


def test_the_main_window_opens_the_kiosk_and_sends_it_badge_scans(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    staff_pin.set_pin(kiosk.ctx.store, PIN)
    main = MainWindow(kiosk, event)
    qtbot.addWidget(main)
    main.timer.stop()
    menu = main.contributions
    screen = menu.open_kiosk()
    assert screen is not None and screen.isFullScreen()
    screen.write("built", None)
    main.route_scan(badge_code(kiosk, event, "Ana", org="Fresno Center"))
    assert screen.holder is not None and screen.holder.name == "Ana"
    assert not main.desk.showing_decision()  # the desk did not take the badge
    screen.leave()
    assert menu.kiosk is None


def test_a_scanner_burst_on_the_kiosk_signs_the_note(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    from keys import Keyboard

    screen.write("built", None)
    screen.activateWindow()
    screen.editor.setFocus()
    qtbot.waitUntil(screen.editor.hasFocus)
    with qtbot.waitSignal(screen.scans.scanned):
        Keyboard(qtbot).scan(badge_code(kiosk, event, "Bao", org="Fresno Center"))
    qtbot.waitUntil(lambda: screen.holder is not None)
    assert screen.badge_line.text().startswith(f"Signed: {isolate('Bao')}")
    assert screen.editor.toPlainText() == ""  # the scan did not type into the note


def _type(qtbot: QtBot, editor: QWidget, text: str) -> None:
    """Type as people do: ASCII from the keyboard, every other letter committed by an input method (an
    IME or the on-screen keyboard; QTest cannot press keys that no keyboard has)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(editor, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(editor.focusProxy() or editor, event)


WORDS = {
    "en": "Trusted messengers in every county",
    "es": "Promotoras en cada puerta del valle",
    "zh_CN": "我们建立了合作网络",
    "zh_TW": "社區報紙第一次出刊",
    "vi": "Chương trình dạy kỹ năng tài chính",
    "tl": "Mga boluntaryong nagsasalin",
    "ko": "함께하면 더 멀리 갈 수 있습니다",
    "fa": "اعتماد، آهسته ساخته می‌شود",
}


@pytest.mark.parametrize("language", list(WORDS))
def test_a_signed_note_written_across_a_language_switch_is_saved_then_wiped(
    qtbot: QtBot, screen: JourneyKioskWindow, kiosk: Kiosk, event: Event, language: str
) -> None:
    start = "fa" if language != "fa" else "en"  # begin in another language, right to left or back
    qtbot.mouseClick(screen.language_buttons[start], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.journey_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.prompt_buttons["wisdom"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(screen.editor, "2025: ")
    qtbot.mouseClick(screen.language_buttons[language], Qt.MouseButton.LeftButton)  # mid-sentence
    assert screen.language() == language and screen.editor.toPlainText() == "2025: "
    assert screen.compose_title.text() == kiosk.contributions.prompt_set.prompt("wisdom").text(language)
    _type(qtbot, screen.editor, WORDS[language])
    screen.handle_scan(badge_code(kiosk, event, "Ana", org="Fresno Center", region="Central Valley"))
    assert screen.holder is not None and "Ana" in screen.badge_line.text()
    with qtbot.waitSignal(screen.submitted) as saved:
        qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    note = saved.args[0]
    assert (note.kind, note.body, note.language, note.author) == ("wisdom", f"2025: {WORDS[language]}", language, "Ana")
    assert [n.id for n in kiosk.contributions.visible(event.id)] == [note.id]

    screen.idle.start(10)  # the thank-you's wait, shortened
    qtbot.waitUntil(lambda: screen.page() == screen.HOME, timeout=3000)
    shown = _texts(screen)
    assert WORDS[language] not in shown and "Ana" not in shown and "2025" not in shown
    assert screen.holder is None and screen.language() == "en"
    assert screen.layoutDirection() == Qt.LayoutDirection.LeftToRight
    screen.editor.undo()
    assert screen.editor.toPlainText() == ""


def test_a_connection_is_recorded_once_however_often_the_two_badges_are_scanned(
    screen: JourneyKioskWindow, kiosk: Kiosk, event: Event
) -> None:
    ana, bao = badge_code(kiosk, event, "Ana", org="Fresno Center"), badge_code(kiosk, event, "Bao", org="Saigon Media")
    flow = screen.connection
    screen.start_connection()
    for code in (ana, ana, bao, bao, ana):  # the same badge twice is refused; scans at the consent step wait
        screen.handle_scan(code)
    assert flow.step() == "consent" and flow.second is not None and flow.second.name == "Bao"
    flow.first_consent.setChecked(True)
    assert flow.save() is not None
    for code in (ana, bao, ana, bao, bao):  # after "You are connected!" scans change nothing
        screen.handle_scan(code)
    for first, second in ((ana, bao), (bao, ana), (ana, bao)):  # starting again, either order
        screen.start_connection()
        screen.handle_scan(first)
        screen.handle_scan(second)
        screen.handle_scan(second)
        assert flow.step() == "second" and flow.message.text() == "You two are already connected."
        assert flow.save() is None
    assert kiosk.connections.counts(event.id).connections == 1
    (made,) = kiosk.connections.list(event.id)
    assert (made.first.name, made.second.name, made.first_consents, made.second_consents) == ("Ana", "Bao", True, False)
