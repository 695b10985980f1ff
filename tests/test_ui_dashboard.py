"""The staff dashboard (F9) and the Export menu, offscreen over a generated series with known figures.
Screenshots go to KIOSK_SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from kiosk.core import staff_pin
from kiosk.core.models import CheckInMethod
from kiosk.core.services import Kiosk
from kiosk.ui import theme
from kiosk.ui.dashboard import DashboardView, Snapshot
from kiosk.ui.main_window import MainWindow
from tests.figures_support import SMALL_SERIES, Truth, build_series

SLUG = f"{SMALL_SERIES.prefix}-statewide"
PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.fixture(scope="module")
def series_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    folder = tmp_path_factory.mktemp("dashboard") / "data"
    kiosk = Kiosk.open(folder, "Table A")
    try:
        truth = build_series(kiosk, SMALL_SERIES)
        kiosk.events.choose(SLUG)
    finally:
        kiosk.close()
    return folder, truth


@pytest.fixture
def window(series_store: tuple[Path, Truth], qtbot: QtBot, qapp) -> Iterator[MainWindow]:
    theme.apply_theme(qapp, False)
    kiosk = Kiosk.open(series_store[0])
    win = MainWindow(kiosk, kiosk.events.current())
    qtbot.addWidget(win)
    win.resize(1400, 1000)
    win.show()
    yield win
    win.dashboard.close_watch()
    kiosk.close()


def _open_dashboard(window: MainWindow, qtbot: QtBot) -> Snapshot:
    with qtbot.waitSignal(window.dashboard.feed.ready, timeout=20_000) as ready:
        window.dashboard_action.trigger()  # type: ignore[attr-defined]
    assert window.pages.currentWidget() is window.dashboard
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None)
    return ready.args[0]


def test_f9_shows_the_dashboard_with_the_days_figures(window: MainWindow, series_store, qtbot: QtBot, tmp_path) -> None:
    _open_dashboard(window, qtbot)
    truth = series_store[1].events[SLUG]
    tiles = window.dashboard.tiles
    assert tiles["participants"].value.text() == f"{truth.participants:,}"
    assert tiles["unique_organizations"].value.text() == f"{len(truth.organizations):,}"
    assert tiles["languages_served"].value.text() == f"{len(truth.languages):,}"
    assert tiles["no_shows"].value.text() == f"{truth.no_shows:,}"
    assert tiles["new_connections"].value.text() == f"{truth.connections:,}"
    assert window.dashboard.stations.rowCount() == 1
    station = window.dashboard.stations.item(0, 0).text()
    assert "this station" in station
    metrics = window.dashboard.stations.fontMetrics()
    assert window.dashboard.stations.columnWidth(0) >= metrics.horizontalAdvance(station)  # never "vm (th…"
    assert window.dashboard.prompts.rowCount() == 5 and window.dashboard.categories.rowCount() == 7
    assert sum(a.count for a in window.dashboard.chart.arrivals) == truth.participants
    folder = Path(os.environ.get("KIOSK_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    qtbot.wait(100)  # let the layout take the filled tables' heights
    image = window.grab().toImage()
    assert image.save(str(folder / "dashboard.png"))
    assert window.dashboard.grab().toImage().pixelColor(10, 10).isValid()


def test_a_check_in_at_the_desk_shows_on_the_dashboard_without_waiting_on_the_ui(
    window: MainWindow, qtbot: QtBot
) -> None:
    first = _open_dashboard(window, qtbot)
    kiosk = window.kiosk
    event = kiosk.events.by_slug(SLUG)
    (walk_in,) = kiosk.registrants.register_many(event.id, [_draft()])
    kiosk.checkins.check_in(walk_in.id, CheckInMethod.WALK_IN)
    with qtbot.waitSignal(window.dashboard.feed.ready, timeout=20_000) as ready:
        window.dashboard._tick()
    assert ready.args[0].figures.participants == first.figures.participants + 1


def _draft():
    from kiosk.core.services.registrants import RegistrantDraft

    return RegistrantDraft(first_name="Walk", last_name="In", walk_in=True)


def test_the_export_menu_writes_every_table_in_one_workbook_on_a_worker(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    out = tmp_path / "all.xlsx"
    window.exports.ask = lambda *_: str(out)  # type: ignore[attr-defined]
    job = window.exports.table("all", "xlsx")  # type: ignore[attr-defined]
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=30_000) as done:
        pass
    assert "rows written" in done.args[0]
    assert load_workbook(out).sheetnames == ["Attendance", "Registrants", "Contributions", "Connections"]


def test_the_day_report_is_written_from_the_export_menu(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "day.pdf"
    window.exports.ask = lambda *_: str(out)  # type: ignore[attr-defined]
    job = window.exports.report("day")  # type: ignore[attr-defined]
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=30_000) as done:
        pass
    assert "report written" in done.args[0] and out.read_bytes().startswith(b"%PDF")


def test_the_dashboard_is_a_page_of_the_main_window(window: MainWindow) -> None:
    assert isinstance(window.dashboard, DashboardView)
    assert "E&xport" in [a.text() for a in window.menuBar().actions()]


def test_the_dashboard_follows_the_event_the_window_switches_to(window: MainWindow, qtbot: QtBot) -> None:
    _open_dashboard(window, qtbot)
    window.choose_event(f"{SMALL_SERIES.prefix}-1")
    with qtbot.waitSignal(window.dashboard.feed.ready, timeout=20_000) as ready:
        window.dashboard._tick()
    assert ready.args[0].figures.event == f"{SMALL_SERIES.prefix}-1"
    qtbot.waitUntil(lambda: "Regional 1" in window.dashboard.title.text())


def test_the_arrivals_chart_draws_only_the_event_day_and_says_who_checked_in_on_another_day(
    main_window: MainWindow, kiosk: Kiosk, event, register_people, qtbot: QtBot, qapp, shots: Path
) -> None:
    theme.apply_theme(qapp, False)
    ana, bao, late = register_people(kiosk, event.id, "Ana Ruiz", "Bao Tran", "Late Import")
    later = event.date + dt.timedelta(days=190)
    kiosk.checkins.check_in_all(
        [(ana.id, dt.datetime.combine(event.date, dt.time(9, 0), PACIFIC)),
         (bao.id, dt.datetime.combine(event.date, dt.time(10, 40), PACIFIC)),
         (late.id, dt.datetime.combine(later, dt.time(4, 0), PACIFIC))],
        CheckInMethod.QR,
    )  # fmt: skip
    main_window.resize(1366, 768)
    main_window.show()
    main_window.pages.setCurrentWidget(main_window.dashboard)
    dashboard = main_window.dashboard

    dashboard.show_snapshot(dashboard.feed.count(event))

    assert {a.start.date() for a in dashboard.chart.arrivals} == {event.date}
    assert sum(a.count for a in dashboard.chart.arrivals) == 2 and len(dashboard.chart.arrivals) == 7  # 9:00-10:30
    said = f"Not in the chart: 1 participant checked in on another day, {later:%B} {later.day}, {later.year}."
    assert dashboard.arrivals_note.isVisible() and dashboard.arrivals_note.text() == said
    assert said in dashboard.chart.accessibleDescription()
    qtbot.wait(50)
    assert main_window.grab().save(str(shots / "dashboard-arrivals-another-day.png"))


def test_the_export_menu_writes_the_public_and_the_staff_copy_of_the_contributions(
    main_window: MainWindow, kiosk: Kiosk, event, qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk.contributions.add(event.id, "built", "On the wall", review=False)
    kiosk.contributions.hide(kiosk.contributions.add(event.id, "next", "Taken down", review=False).id)
    kiosk.contributions.add(event.id, "proud", "Waiting for review", review=True)
    menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "E&xport")
    items = {a.text().replace("&", ""): a for a in menu.actions() if a.text()}

    def written(label: str) -> tuple[str, list[dict[str, str]]]:
        out = tmp_path / f"{len(list(tmp_path.iterdir()))}.csv"
        main_window.exports.ask = lambda *_: str(out)  # type: ignore[attr-defined]
        items[label].trigger()
        job = main_window.exports.jobs[-1]  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: job.result is not None, timeout=30_000)  # it may end before a wait could connect
        with out.open(encoding="utf-8-sig", newline="") as handle:
            return job.result, list(csv.DictReader(handle))

    message, public = written("Contributions, public copy (what the wall shows) as CSV…")
    assert [row["note"] for row in public] == ["On the wall"] and "status" not in public[0]
    assert message.startswith("1 row written to ")
    message, staff = written("Contributions, staff copy (hidden and held notes too, with their status) as CSV…")
    assert {row["note"]: row["status"] for row in staff} == {
        "On the wall": "visible", "Taken down": "hidden", "Waiting for review": "held"
    }  # fmt: skip
    assert message.startswith("3 rows (staff copy: hidden and held notes too, with their status) written to ")
    assert not any("moderation status" in label for label in items)  # the old label named the staff copy


def test_the_stations_table_shows_every_header_whole_at_1366_px(window: MainWindow, qtbot: QtBot, shots: Path) -> None:
    window.resize(1366, 768)
    _open_dashboard(window, qtbot)
    qtbot.wait(100)
    table = window.dashboard.stations
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(table.columnCount()):
        text = table.horizontalHeaderItem(column).text()
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        assert header.sectionSize(column) >= widest + 8, text
    assert header.length() <= table.viewport().width()  # nothing runs off the table's right edge
    assert table.grab().save(str(shots / "dashboard-stations-1366.png"))


def test_a_station_with_a_staff_pin_asks_for_it_before_the_dashboard(window: MainWindow, qtbot: QtBot) -> None:
    from kiosk.ui.pin_dialogs import PinDialog

    staff_pin.set_pin(window.kiosk.ctx.store, "4321")  # the last test of the module: the PIN stays set
    window.dashboard_action.trigger()  # type: ignore[attr-defined]
    assert window.pages.currentWidget() is not window.dashboard
    assert window.findChild(PinDialog) is not None
