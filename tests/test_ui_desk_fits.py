"""The desk's decisions on a short laptop screen: a 1366×768 or 1280×720 screen less its taskbar leaves the
window about 700 or 680 px, and every decision, however long the name, must fit in it with its buttons in
view, in the standard look and in large text, high contrast.

Set KIOSK_SCREENSHOT_DIR to keep the screenshots (they go to a temporary folder otherwise)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from kiosk.core.models import Event, Registrant, RegistrantStatus, Role
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui import decision_view, theme
from kiosk.ui.main_window import MainWindow
from kiosk.ui.search_results import COLUMNS, NAME, ORGANIZATION

SCREENS = [(1366, 700), (1280, 680)]
LONG_ORGANIZATION = "Coalition for Humane Immigrant Rights of Los Angeles — Central Valley Regional Field Office"
LONG_NAME = "Hernández-Villaseñor de los Santos Ybarra"
LONG_NEEDS = "Wheelchair access and a seat near the front; ASL interpreter"


def long_draft(
    organization_id: str | None = None,
    last_name: str = LONG_NAME,
    needs: str = LONG_NEEDS,
    walk_in: bool = False,
    status: RegistrantStatus = RegistrantStatus.REGISTERED,
) -> RegistrantDraft:
    """Lupita, with everything a decision shows, long."""
    return RegistrantDraft(
        first_name="Lupita",
        last_name=last_name,
        pronouns="ella/she/her",
        organization_id=organization_id,
        role=Role.SPEAKER,
        ticket_type="Community partner (two days, meals)",
        accessibility_needs=needs,
        walk_in=walk_in,
        status=status,
    )


@dataclass
class LongNames:
    kiosk: Kiosk
    event: Event
    walk_in: Registrant
    first: Registrant
    second: Registrant
    cancelled: Registrant

    def payload(self, person: Registrant) -> str:
        return self.kiosk.tickets.payload_for(person, self.event)


@pytest.fixture
def long_names(kiosk: Kiosk, event: Event) -> LongNames:
    org = kiosk.organizations.create(LONG_ORGANIZATION).id
    walk_in, first, second, cancelled = kiosk.registrants.register_many(
        event.id,
        [
            long_draft(org, walk_in=True),
            long_draft(org),
            long_draft(org),
            long_draft(org, status=RegistrantStatus.CANCELLED),
        ],
    )
    return LongNames(kiosk, event, walk_in, first, second, cancelled)


def open_window(qtbot: QtBot, kiosk: Kiosk, event: Event, size: tuple[int, int]) -> MainWindow:
    window = MainWindow(kiosk, event)
    qtbot.addWidget(window)
    window.timer.stop()
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown_buttons(window: MainWindow) -> list[QPushButton]:
    desk = window.desk
    return [b for b in (desk.undo_button, desk.decision_edit_button, desk.next_button) if b.isVisible()]


def assert_fits(window: MainWindow, size: tuple[int, int], state: str) -> None:
    """The window asks for no more than the screen gives, keeps that size, and shows the decision's buttons
    and every word without scrolling."""
    QApplication.processEvents()
    width, height = size
    assert window.minimumSizeHint().height() <= height, state
    assert window.centralWidget().minimumSizeHint().height() <= height, state
    assert (window.width(), window.height()) == size, state
    panel = window.desk.decision
    assert panel.mapTo(window, panel.rect().bottomRight()).y() < height, state
    buttons = shown_buttons(window)
    assert window.desk.next_button in buttons, state
    for button in buttons:
        corner = button.mapTo(window, button.rect().bottomRight())
        assert corner.x() < width and corner.y() < height, (state, button.objectName())
        assert panel.rect().contains(button.geometry()), (state, button.objectName())
    assert panel.words_area.verticalScrollBar().maximum() == 0, state


@pytest.mark.parametrize("size", SCREENS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_every_decision_with_a_long_name_fits_a_short_laptop_screen(
    qtbot: QtBot, long_names: LongNames, high_contrast: bool, size: tuple[int, int], shots: Path
) -> None:
    window = open_window(qtbot, long_names.kiosk, long_names.event, size)
    desk = window.desk
    desk.operator.setText("Maya")
    states: dict[str, Callable[[], object]] = {
        "welcome-walk-in": lambda: desk.handle_scan(long_names.payload(long_names.walk_in)),
        "welcome": lambda: desk.handle_scan(long_names.payload(long_names.first)),
        "already": lambda: desk.handle_scan(long_names.payload(long_names.first)),
        "cancelled": lambda: desk.handle_scan(long_names.payload(long_names.cancelled)),
        "invalid": lambda: desk.handle_scan("CK1-THIS-IS-NOT-A-TICKET"),
        "undone": lambda: (desk.handle_scan(long_names.payload(long_names.second)), desk.undo_last()),
    }
    look = "high-contrast" if high_contrast else "standard"
    for state, act in states.items():
        act()
        QApplication.processEvents()
        window.grab().save(str(shots / f"desk-fits-{look}-{size[0]}x{size[1]}-{state}.png"))
        assert desk.showing_decision()
        if state != "invalid":
            assert desk.decision.name.text() == f"Lupita {LONG_NAME}"
        assert_fits(window, size, state)
    desk.hold.stop()


def test_a_short_name_on_a_full_hd_screen_shows_at_full_size(
    qtbot: QtBot, kiosk: Kiosk, event: Event, high_contrast: bool
) -> None:
    window = open_window(qtbot, kiosk, event, (1920, 1000))
    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="José", last_name="Muñoz")])
    window.desk.handle_scan(kiosk.tickets.payload_for(person, event))
    QApplication.processEvents()

    assert window.desk.decision.text_scale == 1.0
    assert window.desk.decision.headline.shown_font() == window.desk.decision.headline.font()
    window.desk.hold.stop()


def test_words_too_long_for_the_smallest_size_scroll_and_the_buttons_stay_in_view(
    qtbot: QtBot, kiosk: Kiosk, event: Event, high_contrast: bool, shots: Path
) -> None:
    window = open_window(qtbot, kiosk, event, (1280, 680))
    (person,) = kiosk.registrants.register_many(
        event.id, [long_draft(last_name=" ".join([LONG_NAME] * 4), needs=" ".join([LONG_NEEDS] * 6))]
    )
    window.desk.handle_scan(kiosk.tickets.payload_for(person, event))
    QApplication.processEvents()
    window.grab().save(str(shots / f"desk-fits-{'high-contrast' if high_contrast else 'standard'}-overflow.png"))

    panel = window.desk.decision
    assert panel.text_scale == decision_view.SCALES[-1]
    assert panel.words_area.verticalScrollBar().maximum() > 0
    assert window.minimumSizeHint().height() <= 680
    assert window.height() == 680
    for button in shown_buttons(window):
        assert button.mapTo(window, button.rect().bottomRight()).y() < 680
    window.desk.hold.stop()


def test_a_name_with_markup_is_drawn_as_typed(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    window = open_window(qtbot, kiosk, event, (1366, 700))
    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name="<b>Ana</b>", last_name="Bold")])
    window.desk.handle_scan(kiosk.tickets.payload_for(person, event))
    QApplication.processEvents()

    name = window.desk.decision.name
    assert name.text() == "<b>Ana</b> Bold"
    literal = QFontMetricsF(name.shown_font()).horizontalAdvance("<b>Ana</b> Bold")
    assert name.sizeHint().width() == pytest.approx(literal, abs=2)
    window.desk.hold.stop()


def ink(image: QImage, table: QTableView, index: QModelIndex) -> list[str]:
    """The dark pixels of a cell as drawn (its text), cut to where they are: two cells look alike exactly when
    these are equal, whatever their row's background or height."""
    rect = table.visualRect(index).translated(table.viewport().mapTo(table.window(), table.viewport().rect().topLeft()))
    rows = [
        "".join("#" if QColor(image.pixel(x, y)).lightness() < 128 else " " for x in range(rect.left(), rect.right()))
        for y in range(rect.top(), rect.bottom())
    ]
    inked = [row for row in rows if "#" in row]
    left = min((len(row) - len(row.lstrip()) for row in inked), default=0)
    return [row[left:].rstrip() for row in inked]


@pytest.mark.parametrize("size", SCREENS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_two_long_names_that_differ_only_at_the_end_look_different_in_the_results(
    qtbot: QtBot, kiosk: Kiosk, event: Event, high_contrast: bool, size: tuple[int, int], shots: Path
) -> None:
    offices = ("Inland Empire Regional Office", "Wage Theft Outreach, Southern Region")
    orgs = [kiosk.organizations.create(f"Department of Community Resources — {office}").id for office in offices]
    people = kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(
                first_name="María de los Ángeles",
                last_name=last,
                organization_id=org,
                title="Immigration Legal Services Coordinator",
            )
            for last, org in zip(("Hernández-Villanueva Santillán", "Hernández-Villanueva Zúñiga"), orgs, strict=True)
        ],
    )
    window = open_window(qtbot, kiosk, event, size)
    desk = window.desk
    desk.search.setText("Maria de los Angeles")
    qtbot.wait(50)  # the rows take the height of their text once the columns have settled
    desk.table.clearSelection()  # both rows drawn on the same background: only their words differ
    desk.table.setAlternatingRowColors(False)
    QApplication.processEvents()
    image = window.grab().toImage()
    look = "high-contrast" if high_contrast else "standard"
    image.save(str(shots / f"desk-results-long-{look}-{size[0]}x{size[1]}.png"))

    assert {hit.registrant_id for hit in desk.results.hits} == {p.id for p in people}
    for column in (NAME, ORGANIZATION):
        first, second = (ink(image, desk.table, desk.results.index(row, column)) for row in (0, 1))
        assert first != second, COLUMNS[column]
    tooltip = QTextDocument()
    row = next(row for row, hit in enumerate(desk.results.hits) if hit.registrant_id == people[1].id)
    tooltip.setHtml(desk.results.data(desk.results.index(row, 2), Qt.ItemDataRole.ToolTipRole))
    assert tooltip.toPlainText().splitlines()[:3] == [
        "María de los Ángeles Hernández-Villanueva Zúñiga",
        "Department of Community Resources — Wage Theft Outreach, Southern Region",
        "Attendee · Immigration Legal Services Coordinator",
    ]


def whole_rows(table: QTableView) -> list[int]:
    """The rows drawn whole in the table's viewport."""
    viewport = table.viewport().rect()
    return [
        row
        for row in range(table.model().rowCount())
        if viewport.contains(table.visualRect(table.model().index(row, 0)))
    ]


LONG_LAST_NAMES = [
    "Hernández-Villanueva Santillán",
    "Hernández-Villanueva Zúñiga",
    "Hernández-Villaseñor de los Santos",
    "de la Cruz Santillán Ybarra",
    "Zúñiga-Carrillo Montenegro",
    "Hernández-Villanueva Ochoa",
    "Gutiérrez-Bustamante Rivas",
]


@pytest.mark.parametrize("size", [*SCREENS, (1366, 768)], ids=lambda size: f"{size[0]}x{size[1]}")
def test_five_people_with_long_names_show_at_once_in_large_text_on_a_short_laptop_screen(
    qtbot: QtBot, kiosk: Kiosk, event: Event, qapp: QApplication, size: tuple[int, int], shots: Path
) -> None:
    org = kiosk.organizations.create(LONG_ORGANIZATION).id
    kiosk.registrants.register_many(
        event.id,
        [
            RegistrantDraft(first_name="María de los Ángeles", last_name=last, organization_id=org, title="Promotora")
            for last in LONG_LAST_NAMES
        ],
    )
    theme.apply_theme(qapp, high_contrast=True)
    try:
        window = open_window(qtbot, kiosk, event, size)
        desk = window.desk
        desk.search.setText("Maria de los Angeles")
        qtbot.wait(50)
        desk.table.clearSelection()
        desk.table.setAlternatingRowColors(False)
        QApplication.processEvents()
        image = window.grab().toImage()
        image.save(str(shots / f"desk-results-five-high-contrast-{size[0]}x{size[1]}.png"))

        assert (window.width(), window.height()) == size
        shown = whole_rows(desk.table)
        assert len(shown) >= 5
        assert any(
            "\u2028" in desk.delegate.lines(hit.display_name, desk.table.font(), 300) for hit in desk.results.hits
        )
        names = [ink(image, desk.table, desk.results.index(row, NAME)) for row in shown]
        assert len({"\n".join(name) for name in names}) == len(names)  # no two people look alike
        buttons = (desk.check_in_button, desk.walk_in_button)
        for button in buttons:
            assert button.mapTo(window, button.rect().bottomRight()).y() < size[1]
    finally:
        qapp.setStyleSheet("")


def test_the_standard_look_keeps_its_keyboard_hint_on_a_short_laptop_screen(
    qtbot: QtBot, kiosk: Kiosk, event: Event, qapp: QApplication
) -> None:
    kiosk.registrants.register_many(
        event.id, [RegistrantDraft(first_name="Ana", last_name=f"Ruiz {n}") for n in "ABCDEFG"]
    )
    theme.apply_theme(qapp, high_contrast=False)
    try:
        window = open_window(qtbot, kiosk, event, (1366, 700))
        window.desk.search.setText("Ana")
        qtbot.wait(50)
        assert not window.desk.compact
        assert window.desk.hint.isVisible()
        assert len(whole_rows(window.desk.table)) >= 5
    finally:
        qapp.setStyleSheet("")
