"""Screenshots of every decision the desk can show, on the demo convening, for a person to look at.

Set KIOSK_SCREENSHOT_DIR to keep them (they go to a temporary folder otherwise). Each is also checked
here: the decision's colour fills the desk, and the words are the ones a volunteer must read."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import select

from kiosk.core.demo import build_demo
from kiosk.core.models import Registrant, RegistrantStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.attendance import Attendance
from kiosk.ui import theme
from kiosk.ui.main_window import MainWindow
from kiosk.ui.self_service import SelfServiceWindow

SIZE = (1280, 800)
COLOURS = {"welcome": "#0b6b32", "already": "#f2b705", "invalid": "#b3141b", "undone": "#334155"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    kiosk = Kiosk.open(tmp_path_factory.mktemp("demo") / "data", "Table A")
    build_demo(kiosk, registrants=120)
    yield kiosk
    kiosk.close()


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    theme.apply_theme(qapp, high_contrast=False)
    yield
    qapp.setStyleSheet("")


def people(kiosk: Kiosk, status: RegistrantStatus, count: int) -> list[Registrant]:
    event = kiosk.events.current()
    with kiosk.ctx.store.session() as s:
        rows = s.exec(
            select(Registrant)
            .where(Registrant.event_id == event.id, Registrant.status == status, Registrant.walk_in == False)  # noqa: E712
            .order_by(Registrant.id)
        ).all()
    attendance = Attendance(kiosk.ctx)
    return [r for r in rows if attendance.standing(r.id) is None][-count:]


def grab(widget: QWidget, path: Path) -> QImage:
    QApplication.processEvents()
    image = widget.grab().toImage()
    assert image.save(str(path)), path
    return image


def fill_colour(image: QImage, widget: QWidget, inside: QWidget) -> str:
    """The colour just inside the decision panel's top-left corner (past its rounded edge)."""
    corner = inside.mapTo(widget, inside.rect().topLeft())
    return QColor(image.pixel(corner.x() + 24, corner.y() + 24)).name()


def test_each_decision_state_on_the_demo_data(qtbot: QtBot, demo: Kiosk, shots: Path) -> None:
    event = demo.events.current()
    window = MainWindow(demo, event)
    qtbot.addWidget(window)
    window.timer.stop()
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    desk = window.desk
    first, second = people(demo, RegistrantStatus.REGISTERED, 2)
    (cancelled,) = people(demo, RegistrantStatus.CANCELLED, 1)
    desk.operator.setText("Maya")

    states = {
        "welcome": lambda: desk.handle_scan(demo.tickets.payload_for(first, event)),
        "already": lambda: desk.handle_scan(demo.tickets.payload_for(first, event)),
        "invalid": lambda: desk.handle_scan("CK1-THIS-IS-NOT-A-TICKET"),
        "cancelled": lambda: desk.handle_scan(demo.tickets.payload_for(cancelled, event)),
    }
    for name, act in states.items():
        act()
        image = grab(window, shots / f"desk-{name}.png")
        look = "invalid" if name == "cancelled" else name
        assert fill_colour(image, window, desk.decision) == COLOURS[look], name

    desk.handle_scan(demo.tickets.payload_for(second, event))
    desk.undo_last()
    image = grab(window, shots / "desk-undone.png")
    assert fill_colour(image, window, desk.decision) == COLOURS["undone"]
    assert desk.decision.headline.text() == "Check-in undone"

    desk.back_to_search()
    desk.search.setText(first.first_name[:2])
    grab(window, shots / "desk-search.png")
    assert desk.results.rowCount() > 0


def test_self_service_and_high_contrast_screens(qtbot: QtBot, demo: Kiosk, shots: Path) -> None:
    event = demo.events.current()
    (person,) = people(demo, RegistrantStatus.REGISTERED, 3)[:1]
    screen = SelfServiceWindow(demo, event)
    qtbot.addWidget(screen)
    screen.resize(*SIZE)
    screen.show()
    qtbot.waitExposed(screen)
    grab(screen, shots / "self-service-prompt.png")
    screen.handle_scan(demo.tickets.payload_for(person, event))
    image = grab(screen, shots / "self-service-welcome.png")
    assert fill_colour(image, screen, screen.decision) == COLOURS["welcome"]
    screen.unlocked = True
    screen.close()

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = MainWindow(demo, event)
    qtbot.addWidget(window)
    window.timer.stop()
    window.resize(*SIZE)
    window.show()
    try:
        theme.apply_theme(app, high_contrast=True)
        window.desk.handle_scan("KDFTWXHH")
        image = grab(window, shots / "desk-invalid-high-contrast.png")
        assert fill_colour(image, window, window.desk.decision) == "#c00000"
    finally:
        theme.apply_theme(app, high_contrast=False)
