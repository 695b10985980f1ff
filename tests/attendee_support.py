"""The attendee screens (Journey Map kiosk, self-service check-in) as their tests open them, and the people
they scan: one set-up for every test file of those screens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core import staff_pin
from kiosk.core.badges.qr import badge_payload
from kiosk.core.models import Event, Registrant
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui import theme
from kiosk.ui.attendee_window import AttendeeWindow

PIN = "48263917"
"""The staff PIN the screens are locked with."""

Screen = TypeVar("Screen", bound=AttendeeWindow)


def open_screen(
    qtbot: QtBot,
    kiosk: Kiosk,
    event: Event,
    kind: type[Screen],
    size: tuple[int, int] | None = None,
    *,
    themed: bool = True,
    reset_theme: bool = False,
) -> Iterator[Screen]:
    """A fixture's body: the staff PIN set, the app's theme on (`themed`), the screen shown (at `size`,
    exposed), and left (unlocked by staff) after the test unless the test unlocked it itself; the app's
    sheet cleared after if `reset_theme`. Each theme change restyles every widget still alive in the run,
    so only the tests that measure the look pay for one."""
    staff_pin.set_pin(kiosk.ctx.store, PIN)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if themed:
        theme.apply_theme(app, False)
    screen = kind(kiosk, event)
    qtbot.addWidget(screen)
    if size is not None:
        screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    yield screen
    if not screen.unlocked:
        screen.leave()
    if reset_theme:
        app.setStyleSheet("")


def registered(
    kiosk: Kiosk, event: Event, first: str, last: str = "", org: str = "", region: str = "", **fields: object
) -> Registrant:
    """One registrant; `org` "" registers them without an organization."""
    org_id = kiosk.organizations.find_or_create(org, region=region).id if org else None
    draft = RegistrantDraft(first_name=first, last_name=last, organization_id=org_id, **fields)  # type: ignore[arg-type]
    (person,) = kiosk.registrants.register_many(event.id, [draft])
    return person


def badge_code(kiosk: Kiosk, event: Event, first: str, last: str = "", org: str = "", region: str = "") -> str:
    """What a new registrant's badge QR code holds (the Journey Map kiosk signs notes with it)."""
    return badge_payload(event.id, registered(kiosk, event, first, last, org, region).id)


def ticket_code(kiosk: Kiosk, event: Event, first: str, last: str = "", **fields: object) -> str:
    """What a new registrant's ticket QR code holds (self-service checks in with it)."""
    return kiosk.tickets.payload_for(registered(kiosk, event, first, last, **fields), event)
