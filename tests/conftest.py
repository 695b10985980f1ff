"""Shared fixtures: a temporary data folder, an open station on it, an event, people to check in, a
stand-in printer, the app in each of its looks (`high_contrast`), windows deleted when a test ends, and
the import wizard."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings
from print_support import FakePrinter

from kiosk.core.models import Event, Registrant
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.ui.import_wizard import ImportWizard

# Examples that touch SQLite vary in time from run to run; a deadline would only make them flaky.
settings.register_profile("kiosk", deadline=None)
settings.load_profile("kiosk")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def kiosk(data_dir: Path) -> Iterator[Kiosk]:
    station = Kiosk.open(data_dir, "Table A")
    yield station
    station.close()


def make_event(kiosk: Kiosk, slug: str = "fresno-2025") -> Event:
    return kiosk.events.create(
        name="Fresno Convening", slug=slug, date=dt.date(2025, 5, 14), city="Fresno", venue="Fresno Center"
    )


@pytest.fixture
def event(kiosk: Kiosk) -> Event:
    return make_event(kiosk)


def register(kiosk: Kiosk, event_id: str, *names: str, **fields: object) -> list[Registrant]:
    """Register one person per 'First Last' name, all with the same extra fields, in one transaction."""
    drafts = []
    for name in names:
        first, _, last = name.partition(" ")
        drafts.append(RegistrantDraft(first_name=first, last_name=last, **fields))  # type: ignore[arg-type]
    return kiosk.registrants.register_many(event_id, drafts)


@pytest.fixture
def register_people():
    """`register_people(kiosk, event_id, "Ana Ruiz", "Bao Tran")` -> the registrants, in order."""
    return register


@pytest.fixture
def create_event():
    """`create_event(kiosk, slug)` -> a new event on that station (for a second station's own event)."""
    return make_event


@pytest.fixture
def main_window(qtbot, kiosk: Kiosk, event: Event) -> Iterator:
    """The main window on `event`, its figures' timer stopped; its dashboard's file watch closed after."""
    from kiosk.ui.main_window import MainWindow

    window = MainWindow(kiosk, event)
    qtbot.addWidget(window)
    window.timer.stop()
    yield window
    window.dashboard.close_watch()


@pytest.fixture(params=[False, True], ids=["standard", "high-contrast"])
def high_contrast(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[bool]:
    """Each look in turn, the app's large-text / high-contrast one second; the app's sheet cleared after."""
    from kiosk.ui import theme

    theme.apply_theme(qapp, high_contrast=request.param)
    yield request.param
    qapp.setStyleSheet("")


@pytest.fixture
def deleted_after() -> Iterator[list[QWidget]]:
    """Windows a test puts here are closed and deleted when it ends, here rather than by Qt later: a window
    left alive is restyled by every later theme change (slow), and one left to a later deleteLater can crash
    a later restyle."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    windows: list[QWidget] = []
    yield windows
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def wizard(qtbot, kiosk: Kiosk, event: Event) -> Iterator[ImportWizard]:  # type: ignore[no-untyped-def]
    """The import wizard on `event`, shown; its run stopped after."""
    from kiosk.ui.import_wizard import ImportWizard

    wizard = ImportWizard(kiosk, event)
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.stop_job()


@pytest.fixture
def printer() -> FakePrinter:
    """A stand-in printer backend that keeps what it is sent (print_support.FakePrinter)."""
    return FakePrinter()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: KIOSK_SCREENSHOT_DIR to keep them, else the test's own temporary folder."""
    folder = Path(os.environ.get("KIOSK_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
