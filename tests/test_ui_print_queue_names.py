"""The print queue window with long names: the Badge column never pushes State and Details past the window.
A long name is cut short with "…" in its cell and shown whole, as typed, in its tooltip and to a screen
reader; in the standard look and in large text, at the window's own size and on a 1280x720 screen.

Set KIOSK_SCREENSHOT_DIR to keep the screenshots (they go to a temporary folder otherwise)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from print_support import FakePrinter
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.models import Event
from kiosk.core.printing import JobState
from kiosk.core.services import Kiosk
from kiosk.core.services.badge_prints import BadgePrints
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.resources import resource_path
from kiosk.ui.print_queue_window import COLUMNS, PrintQueueWindow

BADGE, STATE = COLUMNS.index("Badge"), COLUMNS.index("State")
SPANISH = ("María de los Ángeles", "Hernández-Villalobos de la Cruz")
Opener = Callable[[BadgePrints, tuple[int, int] | None], PrintQueueWindow]
TWO_HUNDRED = ("Lupita", " ".join(["Hernández-Villaseñor de los Santos Ybarra"] * 5)[:193])


def demo_family_names(code: str) -> list[str]:
    """The demo's family names in one language (resources/demo/names.json)."""
    languages = json.loads(resource_path("demo", "names.json").read_text(encoding="utf-8"))["languages"]
    return next(language["family"] for language in languages if language["code"] == code)


def khmer() -> tuple[str, str]:
    """A Khmer name of 60 letters and more with no space in it (Khmer is written without spaces)."""
    given = "ស្រីពេជ្រ"
    family = ""
    for name in demo_family_names("km") * 10:
        if len(family) >= 60:
            break
        family += name
    return given, family


def full(name: tuple[str, str]) -> str:
    return f"{name[0]} {name[1]}"


@pytest.fixture
def waiting(kiosk: Kiosk, event: Event, printer: FakePrinter) -> Iterator[BadgePrints]:
    """A badge waiting for each of four people (nothing is sent), the long names among short ones."""
    names = [("Li", "Ng"), SPANISH, TWO_HUNDRED, khmer()]
    drafts = [RegistrantDraft(first_name=given, last_name=family) for given, family in names]
    people = kiosk.registrants.register_many(event.id, drafts)
    prints = BadgePrints(kiosk.ctx, backends={"spooler": printer}, start=False)
    for person in people:
        prints.auto_print(person.id)
    yield prints
    prints.close()


@pytest.fixture
def open_queue(deleted_after: list[QWidget]) -> Callable[[BadgePrints, tuple[int, int] | None], PrintQueueWindow]:
    """`open_queue(prints, size)`: the print queue window, shown at `size` (None: its own). Deleted after
    the test (`deleted_after`)."""

    def open_at(prints: BadgePrints, size: tuple[int, int] | None) -> PrintQueueWindow:
        window = PrintQueueWindow(prints)
        deleted_after.append(window)
        if size:
            window.resize(*size)
        window.show()
        QApplication.processEvents()
        return window

    return open_at


def row_of(window: PrintQueueWindow, name: str) -> int:
    return next(row for row in range(window.model.rowCount()) if window.model.job(row).title == name)


@pytest.mark.parametrize("size", [None, (1280, 720)], ids=["own-size", "1280x720"])
def test_long_names_keep_every_column_inside_the_window(
    open_queue: Opener, waiting: BadgePrints, high_contrast: bool, size: tuple[int, int] | None, shots: Path
) -> None:
    window = open_queue(waiting, size)
    look = "high-contrast" if high_contrast else "standard"
    window.grab().save(str(shots / f"print-queue-long-names-{look}-{window.width()}x{window.height()}.png"))

    table, header = window.table, window.table.horizontalHeader()
    room = table.viewport().width()
    assert header.length() <= room
    for column in range(len(COLUMNS)):
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= room, COLUMNS[column]
        assert header.sectionSize(column) >= header.sectionSizeHint(column), COLUMNS[column]  # its heading whole
    assert header.sectionSize(STATE) >= table.sizeHintForColumn(STATE)  # "Waiting" whole
    assert header.sectionSize(COLUMNS.index("Made")) >= table.sizeHintForColumn(COLUMNS.index("Made"))
    assert window.minimumSizeHint().width() <= 1280
    short = window.model.index(row_of(window, "Li Ng"), BADGE)
    assert header.sectionSize(BADGE) >= table.sizeHintForIndex(short).width()  # a short name is whole


@pytest.mark.parametrize("name", [SPANISH, TWO_HUNDRED, khmer()], ids=["spanish", "two-hundred", "khmer"])
def test_a_long_name_is_whole_in_its_tooltip_and_for_a_screen_reader(
    open_queue: Opener, waiting: BadgePrints, name: tuple[str, str]
) -> None:
    window = open_queue(waiting, None)
    index = window.model.index(row_of(window, full(name)), BADGE)

    assert window.model.data(index) == full(name)
    assert window.model.data(index, Qt.ItemDataRole.AccessibleTextRole) == full(name)
    tooltip = QTextDocument()
    tooltip.setHtml(window.model.data(index, Qt.ItemDataRole.ToolTipRole))
    assert tooltip.toPlainText() == full(name)


def test_a_failed_badge_with_a_long_name_written_without_spaces_keeps_the_window_on_a_laptop_screen(
    open_queue: Opener, kiosk: Kiosk, event: Event, printer: FakePrinter, high_contrast: bool, shots: Path
) -> None:
    given, family = khmer()
    (person,) = kiosk.registrants.register_many(event.id, [RegistrantDraft(first_name=given, last_name=family)])
    prints = BadgePrints(kiosk.ctx, backends={"spooler": printer})
    try:
        printer.fail = "the printer is out of labels"
        prints.auto_print(person.id)
        assert prints.queue.wait_idle(30)
        window = open_queue(prints, (1280, 720))
        window.select_row(0)  # the message under the table names the person and the reason
        QApplication.processEvents()
        look = "high-contrast" if high_contrast else "standard"
        window.grab().save(str(shots / f"print-queue-failed-khmer-{look}.png"))

        assert window.model.job(0).state == JobState.FAILED
        assert window.message.text() == f"{full(khmer())}: the printer is out of labels"
        assert window.minimumSizeHint().width() <= 1280
        assert window.width() == 1280
        header = window.table.horizontalHeader()
        assert header.length() <= window.table.viewport().width()
    finally:
        prints.close()


def test_the_widest_columns_are_cut_first_to_one_width_and_never_below_their_heading() -> None:
    from kiosk.ui.print_queue_window import fitted_widths

    assert fitted_widths([100, 200, 80], [50, 50, 50], 400) == [100, 200, 80]  # room for all: whole
    assert fitted_widths([100, 900, 80], [50, 50, 50], 400) == [100, 220, 80]  # only the long one cut
    assert fitted_widths([300, 900, 80], [50, 50, 50], 400) == [160, 160, 80]  # the two widest, alike
    assert fitted_widths([300, 900, 80], [50, 60, 70], 100) == [50, 60, 70]  # headings whole, however narrow
