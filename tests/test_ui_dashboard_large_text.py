"""The staff dashboard in large text, high contrast, as the rest of the app: larger black type, and on a
laptop screen (1280x720, 1366x768) every tile, heading, table and chart label whole, nothing past the page
(it scrolls down, never sideways). Over the demo convening, from a station with a long name.

Set KIOSK_SCREENSHOT_DIR to keep the screenshots (they go to a temporary folder otherwise)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fits_support import cut_widgets
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QHeaderView, QScrollArea, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.demo import build_demo
from kiosk.core.services import Kiosk
from kiosk.ui import theme
from kiosk.ui.dashboard import DashboardView
from kiosk.ui.main_window import MainWindow

SCREENS = [(1280, 720), (1366, 768)]
LONG_STATION = "Mesa de inscripción — Entrada principal"
STANDARD_SIZES = {"table": 14, "caption": 14, "value": 32, "heading": 16, "note": 13, "chart": 12}
LARGE_SIZES = {"table": 22, "caption": 20, "value": 40, "heading": 24, "note": 20, "chart": 20}
"""Pixels: in large text the tables' text is the desk's (22 px), the rest a step or two over the standard."""
Opener = Callable[[Kiosk, tuple[int, int]], MainWindow]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dashboard-large-text") / "data"
    kiosk = Kiosk.open(folder, LONG_STATION)
    try:
        build_demo(kiosk, registrants=120)
    finally:
        kiosk.close()
    return folder


@pytest.fixture
def demo(demo_folder: Path) -> Iterator[Kiosk]:
    kiosk = Kiosk.open(demo_folder)
    yield kiosk
    kiosk.close()


@pytest.fixture
def open_dashboard(qtbot: QtBot, deleted_after: list[QWidget]) -> Callable[[Kiosk, tuple[int, int]], MainWindow]:
    """`open_dashboard(kiosk, size)`: the main window at `size` on the dashboard, its figures counted (here,
    not on the worker). Deleted after the test: a window left for later restyles with every look a later
    test takes, which makes those tests slow."""

    def open_at(kiosk: Kiosk, size: tuple[int, int]) -> MainWindow:
        window = MainWindow(kiosk, kiosk.events.current())
        deleted_after.append(window)
        window.timer.stop()
        window.dashboard.timer.stop()
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.pages.setCurrentWidget(window.dashboard)
        dashboard = window.dashboard
        dashboard.show_snapshot(dashboard.feed.count(dashboard.current_event))
        settle()
        return window

    return open_at


def settle() -> None:
    for _ in range(3):  # the filled tables' heights, then the page's layout, then the scroll area's
        QApplication.processEvents()


def body(view: DashboardView) -> QWidget:
    """The page inside the dashboard's scroll area."""
    return view.findChild(QScrollArea).widget()


def columns(view: DashboardView, name: str) -> int:
    """In how many columns the page shows its widgets called `name` (their distinct left edges)."""
    page = body(view)
    return len({widget.mapTo(page, widget.rect().topLeft()).x() for widget in page.findChildren(QFrame, name)})


def tables(view: DashboardView) -> dict[str, QTableWidget]:
    return {"sectors": view.sectors, "languages": view.languages, "prompts": view.prompts,
            "categories": view.categories, "stations": view.stations}  # fmt: skip


def cut_in_tables(view: DashboardView) -> list[str]:
    """Each heading or cell drawn narrower or shorter than its text, each table that hides a row or runs
    past its right edge."""
    problems = []
    for name, table in tables(view).items():
        header = table.horizontalHeader()
        if header.length() > table.viewport().width():
            problems.append(f"{name} runs past its right edge: {header.length()} > {table.viewport().width()}")
        if table.verticalScrollBar().maximum() > 0:
            problems.append(f"{name} hides rows")
        metrics = table.fontMetrics()
        for column in range(table.columnCount()):
            if header.sectionSize(column) < header.sectionSizeHint(column):
                problems.append(f"{name}: heading {table.horizontalHeaderItem(column).text()!r} is cut")
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch and table.wordWrap():
                # Text may wrap here (the rows' heights are checked below), but no word may be cut.
                words = [word for row in range(table.rowCount()) for word in table.item(row, column).text().split()]
                problems += [f"{name}: {word!r} is cut" for word in words
                             if metrics.horizontalAdvance(word) > table.columnWidth(column) - 6]  # fmt: skip
            elif table.rowCount() and table.columnWidth(column) < table.sizeHintForColumn(column):
                problems.append(f"{name}: column {column} cuts its text short")
        problems += [f"{name}: row {row} is cut" for row in range(table.rowCount())
                     if table.rowHeight(row) < table.sizeHintForRow(row)]  # fmt: skip
    return problems


def cut_in_chart(view: DashboardView) -> list[str]:
    """Each chart label outside the chart, narrower than its words, or over another label."""
    chart = view.chart
    metrics = QFontMetricsF(chart.font())
    labels = chart.labels()
    problems = []
    for index, (box, _, text) in enumerate(labels):
        if not QRectF(chart.rect()).contains(box):
            problems.append(f"{text!r} is outside the chart: {box}")
        if box.width() < metrics.horizontalAdvance(text) or box.height() < metrics.height() - 1:
            problems.append(f"{text!r} is cut: {box}")
        problems += [f"{text!r} overlaps {other!r}" for other_box, _, other in labels[index + 1 :]
                     if box.intersects(other_box)]  # fmt: skip
    return problems


def type_sizes(view: DashboardView) -> dict[str, int]:
    """The pixel size of each kind of text on the page, as drawn."""
    tile = view.tiles["registered"]
    heading = body(view).findChild(QWidget, "dashBoxTitle")
    return {
        "table": view.sectors.font().pixelSize(),
        "caption": tile.caption.font().pixelSize(),
        "value": tile.value.font().pixelSize(),
        "heading": heading.font().pixelSize(),
        "note": view.stations_note.font().pixelSize(),
        "chart": view.chart.font().pixelSize(),
    }


def assert_fits(window: MainWindow, size: tuple[int, int], state: str) -> None:
    view = window.dashboard
    scroll = view.findChild(QScrollArea)
    assert (window.width(), window.height()) == size, state
    assert scroll.horizontalScrollBar().maximum() == 0, state  # the page scrolls down, never sideways
    assert body(view).width() <= scroll.viewport().width(), state
    assert cut_widgets(body(view)) == [], state
    assert cut_in_tables(view) == [], state
    assert cut_in_chart(view) == [], state


@pytest.mark.parametrize("size", SCREENS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_dashboard_fits_a_laptop_screen_in_both_looks(
    open_dashboard: Opener, demo: Kiosk, high_contrast: bool, size: tuple[int, int], shots: Path
) -> None:
    window = open_dashboard(demo, size)
    look = "high-contrast" if high_contrast else "standard"
    window.grab().save(str(shots / f"dashboard-{look}-{size[0]}x{size[1]}.png"))
    body(window.dashboard).grab().save(str(shots / f"dashboard-{look}-{size[0]}x{size[1]}-page.png"))

    assert window.dashboard.stations.item(0, 0).text() == f"{LONG_STATION} (this station)"
    assert window.dashboard.chart.arrivals
    assert_fits(window, size, look)


def test_large_text_sets_the_dashboard_in_larger_black_type(
    open_dashboard: Opener, demo: Kiosk, qapp: QApplication
) -> None:
    theme.apply_theme(qapp, high_contrast=True)
    try:
        window = open_dashboard(demo, (1280, 720))
        view = window.dashboard

        assert type_sizes(view) == LARGE_SIZES
        black = QColor("#000000")
        assert view.tiles["registered"].value.palette().color(QPalette.ColorRole.WindowText) == black
        assert view.sectors.palette().color(QPalette.ColorRole.Text) == black
        assert columns(view, "dashTile") == 4  # six a row would cut "100,000" or a caption short
        assert columns(view, "dashBox") == 1  # two would cut the tables short on a laptop
    finally:
        qapp.setStyleSheet("")


def test_turning_large_text_on_and_off_restyles_the_open_dashboard(
    open_dashboard: Opener, demo: Kiosk, qapp: QApplication, shots: Path
) -> None:
    theme.apply_theme(qapp, high_contrast=False)
    try:
        window = open_dashboard(demo, (1280, 720))
        view = window.dashboard
        assert type_sizes(view) == STANDARD_SIZES

        window.contrast_action.trigger()  # View → Large text, high contrast
        settle()
        window.grab().save(str(shots / "dashboard-turned-high-contrast-1280x720.png"))
        assert type_sizes(view) == LARGE_SIZES
        assert_fits(window, (1280, 720), "turned on")

        window.contrast_action.trigger()
        settle()
        assert type_sizes(view) == STANDARD_SIZES
        assert (columns(view, "dashTile"), columns(view, "dashBox")) == (6, 2)
        assert_fits(window, (1280, 720), "turned off")
    finally:
        theme.choose_high_contrast(demo.ctx.store, False)
        qapp.setStyleSheet("")


def test_a_wide_screen_keeps_two_columns_in_large_text(
    open_dashboard: Opener, demo: Kiosk, qapp: QApplication, shots: Path
) -> None:
    theme.apply_theme(qapp, high_contrast=True)
    try:
        window = open_dashboard(demo, (1920, 1080))
        window.grab().save(str(shots / "dashboard-high-contrast-1920x1080.png"))

        assert columns(window.dashboard, "dashBox") == 2
        assert_fits(window, (1920, 1080), "1920x1080")
    finally:
        qapp.setStyleSheet("")
