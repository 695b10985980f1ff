"""The main window over a real, seeded store: what a volunteer at the table sees."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event, Registrant, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui.app import run_app
from kiosk.ui.main_window import MainWindow


@dataclass
class Seeded:
    kiosk: Kiosk
    event: Event
    other: Event
    people: list[Registrant]


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Seeded]:
    """Five registered for Fresno (two checked in, one a walk-in), one cancelled; and a second event."""
    kiosk = Kiosk.open(tmp_path / "data", "Table A")
    event = kiosk.events.create(
        name="Fresno Regional Convening",
        slug="fresno-2026",
        date=dt.date(2026, 4, 23),
        city="Fresno",
        venue="Fresno Convention Center",
    )
    other = kiosk.events.create(name="Bay Area Convening", slug="bay-2026", date=dt.date(2026, 6, 4), city="Oakland")
    people = kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="Ana"),
            RegistrantDraft(first_name="Bao"),
            RegistrantDraft(first_name="Chidi"),
            RegistrantDraft(first_name="Dolores"),
            RegistrantDraft(first_name="Eun", walk_in=True),
            RegistrantDraft(first_name="Farid", status=RegistrantStatus.CANCELLED),
        ],
    )
    kiosk.checkins.check_in(people[0].id)
    kiosk.checkins.check_in(people[1].id)
    kiosk.events.choose(event.slug)
    yield Seeded(kiosk, event, other, people)
    kiosk.close()


@pytest.fixture
def window(qtbot: QtBot, seeded: Seeded) -> MainWindow:
    window = MainWindow(seeded.kiosk, seeded.event)
    qtbot.addWidget(window)
    window.timer.stop()  # the tests call refresh() themselves
    return window


def test_window_shows_event_name_and_station_name(window: MainWindow) -> None:
    assert window.event_name.text() == "Fresno Regional Convening"
    assert window.station_name.text() == "Station: Table A"
    assert window.event_date.text() == "Thursday, April 23, 2026"
    assert window.windowTitle() == "Convening Kiosk — Fresno Regional Convening"


def test_figures_show_registered_and_checked_in_counts(window: MainWindow) -> None:
    assert window.tiles["registered"].value.text() == "5"
    assert window.tiles["checked_in"].value.text() == "2"
    assert window.tiles["checked_in"].detail.text() == "40% of registered"
    assert window.tiles["walk_ins"].value.text() == "1"
    assert window.tiles["cancelled"].value.text() == "1"


def test_refresh_after_another_check_in_updates_checked_in_figure(window: MainWindow, seeded: Seeded) -> None:
    seeded.kiosk.checkins.check_in(seeded.people[2].id)

    window.refresh()

    assert window.tiles["checked_in"].value.text() == "3"
    assert window.tiles["checked_in"].detail.text() == "60% of registered"


def test_timer_refreshes_figures_without_being_asked(qtbot: QtBot, window: MainWindow, seeded: Seeded) -> None:
    seeded.kiosk.checkins.check_in(seeded.people[3].id)
    window.timer.setInterval(10)
    window.timer.start()

    qtbot.waitUntil(lambda: window.tiles["checked_in"].value.text() == "3", timeout=5000)


def test_event_name_with_markup_is_shown_literally(qtbot: QtBot, seeded: Seeded) -> None:
    name = "<b>Ana</b> Convening"
    event = seeded.kiosk.events.create(name=name, slug="ana", date=dt.date(2026, 7, 1), city="<i>Visalia</i>")
    window = MainWindow(seeded.kiosk, event)
    qtbot.addWidget(window)

    assert window.event_name.text() == name
    assert window.event_name.textFormat() == Qt.TextFormat.PlainText
    assert window.event_place.text() == "<i>Visalia</i>"
    assert window.event_place.textFormat() == Qt.TextFormat.PlainText


def test_choosing_another_event_from_the_event_menu_switches_the_header(window: MainWindow, seeded: Seeded) -> None:
    choices = {action.data(): action for action in window.event_menu.actions() if action.isCheckable()}
    assert set(choices) == {"fresno-2026", "bay-2026"}
    assert choices["fresno-2026"].isChecked()

    choices["bay-2026"].trigger()

    assert window.event_name.text() == "Bay Area Convening"
    assert window.event_place.text() == "Oakland"
    assert window.tiles["registered"].value.text() == "0"
    assert window.windowTitle() == "Convening Kiosk — Bay Area Convening"
    assert seeded.kiosk.events.current().slug == "bay-2026"
    assert {a.data() for a in window.event_menu.actions() if a.isChecked()} == {"bay-2026"}


def test_run_app_screenshot_writes_a_1280_by_800_png_that_is_not_blank(
    qtbot: QtBot, seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shot = tmp_path / "shot.png"

    assert run_app(seeded.kiosk, "fresno-2026", shot) == 0

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 8) for y in range(0, 800, 8)}
    assert len(colours) > 10
    assert capsys.readouterr().out == ""


def test_run_app_screenshot_to_an_unwritable_path_fails_with_a_message(
    qtbot: QtBot, seeded: Seeded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shot = tmp_path / "no-such-folder" / "shot.png"

    assert run_app(seeded.kiosk, None, shot) != 0

    assert not shot.exists()
    assert "could not write the screenshot" in capsys.readouterr().err
