"""Setting up a convening from the window: the New convening form a fresh laptop opens on instead of refusing to
start, and Event → New convening… in the main window. Real widgets, a real store."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bundle_support import run_bundle
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.errors import NotFound
from kiosk.core.models import Event, EventKind
from kiosk.core.services import Kiosk
from kiosk.core.services.events import _SLUG, proposed_slug
from kiosk.ui import app as ui_app
from kiosk.ui import theme
from kiosk.ui.main_window import MainWindow
from kiosk.ui.new_event_dialog import NewEventDialog

FRESNO = "California Connects: Fresno Regional Convening"


def log_size(kiosk: Kiosk) -> int:
    with kiosk.ctx.store.write() as db:
        return int(db.execute("SELECT count(*) FROM change_log").fetchone()[0])


@pytest.fixture
def fresh(data_dir: Path) -> Iterator[Kiosk]:
    """A station on an empty data folder: no event at all."""
    station = Kiosk.open(data_dir, "Table A")
    yield station
    station.close()


@pytest.fixture
def dialog(qtbot: QtBot, fresh: Kiosk) -> NewEventDialog:
    form = NewEventDialog(fresh, first_run=True, today=dt.date(2025, 11, 18))
    qtbot.addWidget(form)
    form.show()
    return form


def fill(form: NewEventDialog, qtbot: QtBot, name: str = FRESNO, city: str = "Fresno") -> None:
    qtbot.keyClicks(form.name, name)
    qtbot.keyClicks(form.city, city)


def start_app(
    kiosk: Kiosk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, act: Callable[[NewEventDialog], object]
) -> tuple[int, list[MainWindow], list[int]]:
    """run_app on the station, `act` done on the form it opens; returns its exit code, the main windows it
    opened (their start-up work finished) and how often the app's event loop was entered."""
    loops: list[int] = []
    monkeypatch.setattr(ui_app.QApplication, "exec", lambda *_: loops.append(1) or 0)
    problems: list[BaseException] = []

    def on_form() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, NewEventDialog) and w.isVisible()]
        if not shown:
            problems.append(AssertionError("run_app opened no New convening form"))
            return
        try:
            act(shown[0])
        except BaseException as exc:  # said after run_app returns; the form must not stay open
            problems.append(exc)
        finally:
            if shown[0].isVisible():
                shown[0].reject()

    # Windows other tests left for Qt to delete later are not this run's.
    earlier = {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)}
    QTimer.singleShot(0, on_form)
    code = ui_app.run_app(kiosk, None, None)
    if problems:
        raise problems[0]
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and id(w) not in earlier]
    for window in windows:
        qtbot.addWidget(window)
        window.timer.stop()
        check = window.findChild(ui_app.IntegrityCheck)
        if check is not None:
            check.worker.join(10)
        window.sync.close()
        window.dashboard.close_watch()
    return code, windows, loops


# The app on a laptop with no event --------------------------------------------------------------------


def test_the_app_on_an_empty_data_folder_opens_the_form_and_then_the_desk_on_the_convening_made(
    qtbot: QtBot, fresh: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = log_size(fresh)

    def create(form: NewEventDialog) -> None:
        fill(form, qtbot)
        qtbot.keyClicks(form.venue, "Fresno Convention Center")
        qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)

    code, windows, loops = start_app(fresh, qtbot, monkeypatch, create)

    assert (code, loops, len(windows)) == (0, [1], 1)
    [event] = fresh.events.all()
    assert (event.name, event.city, event.venue, event.date) == (FRESNO, "Fresno", "Fresno Convention Center",
                                                                 dt.date.today())  # fmt: skip
    assert event.slug == f"fresno-{dt.date.today().year}"
    assert log_size(fresh) == before + 1
    assert fresh.events.current().id == event.id
    window = windows[0]
    assert window.current_event.id == event.id
    assert window.pages.currentWidget() is window.desk
    assert window.windowTitle() == f"Convening Kiosk — {FRESNO}"


def test_quitting_the_form_of_a_fresh_laptop_exits_0_and_writes_nothing(
    qtbot: QtBot, fresh: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = log_size(fresh)

    def quit_form(form: NewEventDialog) -> None:
        fill(form, qtbot)  # typed, then thought better of it
        assert form.cancel_button.text() == "&Quit"
        qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)

    code, windows, loops = start_app(fresh, qtbot, monkeypatch, quit_form)

    assert (code, windows, loops) == (0, [], [])
    assert fresh.events.all() == []
    assert log_size(fresh) == before


def test_a_screenshot_of_a_fresh_laptop_shows_the_form_and_writes_nothing(
    qtbot: QtBot, fresh: Kiosk, shots: Path
) -> None:
    before = log_size(fresh)
    shot = shots / "new-convening-first-run.png"

    assert ui_app.run_app(fresh, None, shot) == 0

    image = QImage(str(shot))
    assert image.width() >= 600 and image.height() >= 400
    assert len({image.pixel(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)}) > 10
    assert fresh.events.all() == [] and log_size(fresh) == before


def test_a_named_event_that_does_not_exist_still_stops_the_app(fresh: Kiosk, qapp: QApplication) -> None:
    with pytest.raises(NotFound):
        ui_app.run_app(fresh, "fresno-2025", None)


def test_a_bundle_imported_from_the_form_opens_the_desk_on_its_convening(
    qtbot: QtBot, fresh: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.core.sync.bundle import export_bundle

    first = Kiosk.open(tmp_path / "first-laptop", "Table A")
    try:
        made = first.events.create(name=FRESNO, slug="fresno-2025", date=dt.date(2025, 11, 18), city="Fresno")
        bundle = export_bundle(first.ctx, tmp_path / "fresno.kiosk").path
    finally:
        first.close()

    code, windows, _ = start_app(
        fresh, qtbot, monkeypatch, lambda form: run_bundle(qtbot, form, lambda: form.import_bundle(bundle))
    )

    assert code == 0
    assert [e.id for e in fresh.events.all()] == [made.id]
    assert [w.current_event.id for w in windows] == [made.id]


def test_a_bundle_that_cannot_be_read_is_said_in_the_form(qtbot: QtBot, dialog: NewEventDialog, tmp_path: Path) -> None:
    (tmp_path / "broken.kiosk").write_bytes(b"not a bundle")

    assert run_bundle(qtbot, dialog, lambda: dialog.import_bundle(tmp_path / "broken.kiosk")) is False

    assert dialog.note.text().startswith("Nothing was imported: ")
    assert dialog.isVisible() and dialog.convening is None


# What the form accepts ----------------------------------------------------------------------------------


def test_the_short_id_is_proposed_from_the_name_and_date_as_they_are_typed(
    qtbot: QtBot, dialog: NewEventDialog
) -> None:
    qtbot.keyClicks(dialog.name, FRESNO)
    assert dialog.slug.text() == "fresno-2025"
    dialog.date.setDate(QDate(2026, 4, 23))
    assert dialog.slug.text() == "fresno-2026"

    qtbot.keyClicks(dialog.slug, "-spring")  # typed by hand: the name no longer changes it
    qtbot.keyClicks(dialog.name, " II")
    assert dialog.slug.text() == "fresno-2026-spring"

    dialog.slug.selectAll()
    qtbot.keyClick(dialog.slug, Qt.Key.Key_Backspace)  # emptied: proposed again
    assert dialog.slug.text() == "fresno-ii-2026"


def test_an_empty_name_is_refused_beside_the_field_and_nothing_is_written(
    qtbot: QtBot, dialog: NewEventDialog, fresh: Kiosk
) -> None:
    before = log_size(fresh)
    qtbot.keyClicks(dialog.city, "Fresno")

    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.errors["name"].isVisible()
    assert dialog.errors["name"].text() == "An event needs a name."
    assert not dialog.errors["city"].isVisible()
    assert dialog.isVisible() and dialog.convening is None
    assert fresh.events.all() == [] and log_size(fresh) == before

    qtbot.keyClicks(dialog.name, "Fresno")  # typing in the field clears its message
    assert not dialog.errors["name"].isVisible()


def test_a_city_is_asked_for_as_kiosk_add_event_does(qtbot: QtBot, dialog: NewEventDialog, fresh: Kiosk) -> None:
    qtbot.keyClicks(dialog.name, FRESNO)

    assert dialog.submit() is None

    assert dialog.errors["city"].text() == "Type the city, e.g. Fresno."
    assert fresh.events.all() == []


def test_a_short_id_another_convening_has_is_refused_beside_the_field(qtbot: QtBot, kiosk: Kiosk, event: Event) -> None:
    form = NewEventDialog(kiosk)
    qtbot.addWidget(form)
    form.show()
    before = log_size(kiosk)
    fill(form, qtbot, "Fresno Convening, again")
    form.slug.clear()
    qtbot.keyClicks(form.slug, event.slug)

    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)

    assert form.errors["slug"].isVisible()
    assert form.errors["slug"].text() == "An event with slug 'fresno-2025' already exists; choose another slug."
    assert [e.id for e in kiosk.events.all()] == [event.id] and log_size(kiosk) == before


@pytest.mark.parametrize("slug", ["Fresno 2025", "fresno_2025", "-fresno", "<b>x</b>"])
def test_a_short_id_that_is_not_lower_case_letters_digits_and_dashes_is_refused(
    qtbot: QtBot, dialog: NewEventDialog, fresh: Kiosk, slug: str
) -> None:
    fill(dialog, qtbot)
    dialog.slug.clear()
    qtbot.keyClicks(dialog.slug, slug)

    assert dialog.submit() is None

    label = dialog.errors["slug"]
    assert label.text() == f"Slug {slug!r} must be lower-case letters, digits and dashes, like 'fresno-2025'."
    assert label.textFormat() == Qt.TextFormat.PlainText  # "<b>x</b>" shows as typed
    assert not dialog.errors["name"].isVisible() and not dialog.errors["city"].isVisible()
    assert fresh.events.all() == []


def test_the_form_keeps_every_field_it_is_given(qtbot: QtBot, dialog: NewEventDialog, fresh: Kiosk) -> None:
    fill(dialog, qtbot, "California Connects: Statewide Convening", "Sacramento")
    qtbot.keyClicks(dialog.region, "Sacramento Valley")
    qtbot.keyClicks(dialog.series, "California Connects")
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.STATEWIDE.value))

    event = dialog.submit()

    assert event is not None and dialog.result() == dialog.DialogCode.Accepted
    stored = fresh.events.by_slug("statewide-2025")
    assert (stored.kind, stored.region, stored.series, stored.date) == (
        EventKind.STATEWIDE, "Sacramento Valley", "California Connects", dt.date(2025, 11, 18)
    )  # fmt: skip


def test_the_form_fits_a_1280_by_720_screen_in_large_text_with_every_message_showing(
    qtbot: QtBot, fresh: Kiosk, qapp: QApplication
) -> None:
    before = qapp.styleSheet()
    theme.apply_theme(qapp, True)
    try:
        form = NewEventDialog(fresh, first_run=True)
        qtbot.addWidget(form)
        form.resize(1000, 600)
        form.show()
        qtbot.keyClicks(form.slug, "Not A Slug")
        form.submit()  # no name, no city, a bad slug: three messages
        assert all(label.isVisible() for label in form.errors.values())
        assert form.fitting_height() <= 720 - 48  # the title bar's room kept
    finally:
        qapp.setStyleSheet(before)


# Event → New convening… ------------------------------------------------------------------------------------


def test_new_convening_from_the_event_menu_makes_it_current_and_the_window_follows(
    qtbot: QtBot, main_window: MainWindow, kiosk: Kiosk, event: Event
) -> None:
    [action] = [a for a in main_window.event_menu.actions() if a.text() == "&New convening…"]
    before = log_size(kiosk)

    action.trigger()
    form = main_window.new_event_dialog
    assert form is not None and form.isVisible() and form.pair_button is None
    fill(form, qtbot, "<b>Ana</b> Convening", "Visalia")
    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)

    assert len(kiosk.events.all()) == 2 and log_size(kiosk) == before + 1
    made = kiosk.events.current()
    assert made.id != event.id and made.name == "<b>Ana</b> Convening"
    assert main_window.current_event.id == made.id
    assert main_window.event_name.text() == "<b>Ana</b> Convening"
    assert main_window.event_name.textFormat() == Qt.TextFormat.PlainText
    assert main_window.windowTitle() == "Convening Kiosk — <b>Ana</b> Convening"
    assert main_window.desk.current_event.id == made.id
    assert {a.data() for a in main_window.event_menu.actions() if a.isChecked()} == {made.slug}


def test_cancelling_new_convening_leaves_the_window_on_its_event(
    qtbot: QtBot, main_window: MainWindow, kiosk: Kiosk, event: Event
) -> None:
    form = main_window.open_new_event()
    fill(form, qtbot)

    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)

    assert [e.id for e in kiosk.events.all()] == [event.id]
    assert main_window.current_event.id == event.id
    assert main_window.new_event_dialog is None


# The core ------------------------------------------------------------------------------------------------


def test_the_no_event_message_tells_a_joining_laptop_to_sync_after_pairing_or_import_a_bundle(fresh: Kiosk) -> None:
    with pytest.raises(NotFound) as raised:
        fresh.events.current()
    message = str(raised.value)
    assert "kiosk add-event NAME --slug SLUG --date YYYY-MM-DD --city CITY" in message
    assert "`kiosk sync pair CODE` then `kiosk sync now`" in message
    assert "`kiosk sync import FILE`" in message


@pytest.mark.parametrize(
    ("name", "date", "taken", "slug"),
    [
        (FRESNO, dt.date(2025, 11, 18), (), "fresno-2025"),
        ("California Connects: Statewide Convening", dt.date(2026, 3, 12), (), "statewide-2026"),
        ("San José Regional Convening", dt.date(2025, 10, 8), (), "san-jose-2025"),
        (FRESNO, dt.date(2025, 11, 18), ("fresno-2025",), "fresno-2025-11-18"),
        (FRESNO, dt.date(2025, 11, 18), ("fresno-2025", "fresno-2025-11-18"), "fresno-2025-11-18-2"),
        ("الملتقى الإقليمي", dt.date(2025, 11, 18), (), "convening-2025"),
        ("Regional Convening", dt.date(2025, 11, 18), (), "regional-convening-2025"),
    ],
)
def test_proposed_slugs_read_like_the_demos(name: str, date: dt.date, taken: tuple[str, ...], slug: str) -> None:
    assert proposed_slug(name, date, taken) == slug


@given(st.text(max_size=80), st.dates(), st.sets(st.from_regex(_SLUG, fullmatch=True), max_size=5))
def test_a_proposed_slug_is_always_one_create_accepts_and_never_taken(
    name: str, date: dt.date, taken: set[str]
) -> None:
    slug = proposed_slug(name, date, taken)
    assert _SLUG.match(slug) and slug not in taken
