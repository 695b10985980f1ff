"""The staff dashboard (View → Dashboard, F9) and the Export menu.

The dashboard shows the current event's figures live (kiosk.core.figures: the same definitions as the
exports and the reports), the event day's arrivals per quarter hour as a small bar chart (check-ins made
on other days said in words under it), who came by sector and language, the contributions by prompt and
the haves and needs by category, and every station with the newest change this station holds from it.
Figures are counted on a worker thread (about a second on 100,000 registrants), only while the page
shows, when the file has changed or a minute has passed. Exports (four tables as CSV or XLSX, the
contributions as a public and a staff copy, all of them in one workbook, the day-of and series reports)
are written on worker threads too. A station with a staff PIN asks for it before either.

In large text, high contrast (View → Large text, high contrast) the page follows the rest of the app: black
on white, the type a step or two larger (dashboard-high-contrast.qss over dashboard.qss), four tiles a row,
and the boxes one under the other on a laptop screen, so no table cuts a word short.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFontMetricsF,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import staff_pin
from kiosk.core.errors import KioskError
from kiosk.core.figures import DayFigures, StationActivity, day_figures, station_activity
from kiosk.core.figures.day import EVENT_TIME_ZONE, QUARTER_HOUR, Arrival, OtherDayArrivals
from kiosk.core.figures.labels import language_label, other_days_note, sector_label
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.text import plural
from kiosk.core.watch import ChangeWatch
from kiosk.resources import resource_path
from kiosk.ui import theme
from kiosk.ui.labels import CountTile, data_label, long_date

if TYPE_CHECKING:
    from kiosk.core.journey import PromptSet
    from kiosk.ui.main_window import MainWindow

REFRESH_MS = 3000
LANGUAGE_ROWS = 16
IDLE_RECOUNT_MS = 60_000
TILES_A_ROW = {False: 6, True: 4}
"""Tiles a row in the standard look and in large text (where six would cut "100,000" or a caption short)."""
TWO_COLUMNS_LARGE = 1600
"""The narrowest page (px) that shows the boxes in two columns in large text: on a laptop, one column."""
ROW_PADDING = 7
"""A table row's height over its text's line spacing."""
TILES = (
    ("registered", "Registered"),
    ("participants", "Checked in"),
    ("walk_ins", "Walk-ins"),
    ("no_shows", "No-shows"),
    ("cancelled", "Cancelled"),
    ("badges_printed", "Badges printed"),
    ("unique_organizations", "Organizations present"),
    ("languages_served", "Languages served"),
    ("state_agency_staff", "State agency staff"),
    ("elected_officials", "Elected officials"),
    ("ethnic_media_organizations", "Ethnic media orgs"),
    ("new_connections", "New partner connections"),
)


@dataclass(frozen=True)
class Snapshot:
    figures: DayFigures
    stations: list[StationActivity]
    counted_at: dt.datetime


class DashboardFeed(QObject):
    """Counts on a Python thread; requests made while a count runs fold into one more count after it."""

    ready = Signal(object)
    """A Snapshot, delivered on the UI thread."""

    def __init__(self, kiosk: Kiosk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self._lock = threading.Lock()
        self._running = False
        self._wanted: Event | None = None
        self.worker: threading.Thread | None = None

    def request(self, event: Event) -> None:
        with self._lock:
            self._wanted = event
            if self._running:
                return
            self._running = True
        self.worker = threading.Thread(target=self._run, name="dashboard", daemon=True)
        self.worker.start()

    @property
    def prompts(self) -> PromptSet:
        """Read on first use (on the worker thread, with the first count), not while the window opens."""
        return self.kiosk.contributions.prompt_set

    def count(self, event: Event) -> Snapshot:
        figures = day_figures(self.kiosk.ctx, event, self.prompts)
        return Snapshot(figures, station_activity(self.kiosk.ctx, event.id), dt.datetime.now(dt.UTC))

    def _run(self) -> None:
        while True:
            with self._lock:
                event, self._wanted = self._wanted, None
                if event is None:
                    self._running = False
                    return
            try:
                snapshot = self.count(event)
            except Exception:  # the event vanished or the station is closing: the next request counts again
                continue
            self.ready.emit(snapshot)


class ArrivalsChart(QWidget):
    """The event day's arrivals per quarter hour as bars placed by their time (a lull shows as a gap), the
    busiest labelled, hours marked under the axis. Check-ins made on other days are not drawn: the note
    under the chart (`other_days_note`) counts them with their dates."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("arrivalsChart")
        self.arrivals: tuple[Arrival, ...] = ()
        self.other_days: tuple[OtherDayArrivals, ...] = ()
        self.day: dt.date | None = None
        self.high_contrast = False
        """Black on white (large text, high contrast); the labels' size is the font's (the style sheet's)."""
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Arrivals per 15 minutes")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            # Room for the bars between a line of text above (the busiest's count) and one below (the hours).
            self.setMinimumHeight(max(170, round(8 * QFontMetricsF(self.font()).height())))
            self.update()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.update()

    def _colour(self, standard: str) -> QColor:
        return QColor("#000000" if self.high_contrast else standard)

    def show_arrivals(
        self, arrivals: tuple[Arrival, ...], other_days: tuple[OtherDayArrivals, ...] = (), day: dt.date | None = None
    ) -> None:
        self.arrivals, self.other_days, self.day = arrivals, other_days, day
        total = plural(sum(a.count for a in arrivals), "arrival", "arrivals")
        on = f" on {long_date(day)}" if day else ""
        quarters = plural(len(arrivals), "quarter hour", "quarter hours")
        self.setAccessibleDescription(f"{total}{on} in {quarters}. {other_days_note(other_days)}".strip())
        self.update()

    def _slots(self) -> tuple[int, list[int]]:
        """How many quarter hours the axis spans, and each arrival's place on it (by its time, not its index)."""
        first = self.arrivals[0].start.astimezone(dt.UTC)  # in UTC: an hour a DST change skips is no gap
        places = [round((a.start.astimezone(dt.UTC) - first) / QUARTER_HOUR) for a in self.arrivals]
        return max(places) + 1, places

    def _axis(self) -> QRectF:
        """Where the bars stand: a line of text's room above them and below the axis."""
        line = QFontMetricsF(self.font()).height()
        return QRectF(self.rect()).adjusted(4, line + 6, -4, -(line + 8))

    def _hours_apart(self, slot: float) -> int:
        """Every how many hours the axis is labelled: the fewest at which no two labels touch."""
        metrics = QFontMetricsF(self.font())
        widest = max(metrics.horizontalAdvance(f"{hour} {half}") for hour in (10, 11, 12) for half in ("AM", "PM"))
        gap = 2 * metrics.averageCharWidth()
        return next((step for step in (1, 2, 3, 4, 6) if step * 4 * slot >= widest + gap), 12)

    def bars(self) -> list[QRectF]:
        """Each arrival's bar, in order."""
        rect = self._axis()
        top = max(a.count for a in self.arrivals) or 1
        span, places = self._slots()
        slot = rect.width() / span
        return [
            QRectF(rect.left() + place * slot + slot * 0.12, rect.bottom() - rect.height() * a.count / top,
                   slot * 0.76, rect.height() * a.count / top)
            for place, a in zip(places, self.arrivals, strict=True)
        ]  # fmt: skip

    def labels(self) -> list[tuple[QRectF, Qt.AlignmentFlag, str]]:
        """The words drawn: the busiest quarter hours' count over their bar, the hours under the axis, each
        in a box as large as its text, inside the chart (or "No arrivals yet" across it)."""
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        if not self.arrivals:
            text = f"No arrivals on {self.day:%B} {self.day.day}" if self.day and self.other_days else "No arrivals yet"
            return [(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, text)]
        rect = self._axis()
        top = max(a.count for a in self.arrivals)
        span, _ = self._slots()
        step = self._hours_apart(rect.width() / span)
        inside = QRectF(self.rect()).adjusted(2, 0, -2, 0)
        words: list[tuple[QRectF, Qt.AlignmentFlag, str]] = []
        for bar, arrival in zip(self.bars(), self.arrivals, strict=True):
            if arrival.count == top:
                text = str(arrival.count)
                box = QRectF(0, bar.top() - line - 2, metrics.horizontalAdvance(text) + 4, line)
                box.moveCenter(bar.center())
                box.moveTop(bar.top() - line - 2)
                words.append((_kept_in(box, inside), Qt.AlignmentFlag.AlignCenter, text))
            if arrival.start.minute == 0 and arrival.start.hour % step == 0:
                text = f"{arrival.start:%-I %p}"
                box = QRectF(0, rect.bottom() + 4, metrics.horizontalAdvance(text) + 4, line)
                box.moveCenter(bar.center())
                box.moveTop(rect.bottom() + 4)
                words.append((_kept_in(box, inside), Qt.AlignmentFlag.AlignCenter, text))  # whole at either end
        return words

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setFont(self.font())
        if self.arrivals:
            rect = self._axis()
            painter.setPen(self._colour("#cbd5e1"))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            for bar in self.bars():
                painter.fillRect(bar, self._colour("#0b4f9c"))
        for box, align, text in self.labels():
            hour = box.top() > self._axis().bottom() or not self.arrivals
            painter.setPen(self._colour("#4b5563" if hour else "#111827"))
            painter.drawText(box, align, text)
        painter.end()


def _kept_in(box: QRectF, bounds: QRectF) -> QRectF:
    """`box` moved (not resized) as little as keeps it inside `bounds`."""
    if box.left() < bounds.left():
        box.moveLeft(bounds.left())
    elif box.right() > bounds.right():
        box.moveRight(bounds.right())
    if box.top() < bounds.top():
        box.moveTop(bounds.top())
    return box


def large_text_shown() -> bool:
    """Whether the app shows large text, high contrast (View → Large text, high contrast)."""
    app = QApplication.instance()
    return isinstance(app, QApplication) and bool(app.styleSheet()) and app.styleSheet() == theme.stylesheet(True)


def dashboard_sheet(high_contrast: bool) -> str:
    names = ["dashboard.qss", "dashboard-high-contrast.qss"] if high_contrast else ["dashboard.qss"]
    return "\n".join(resource_path("styles", name).read_text(encoding="utf-8") for name in names)


def dash_tile(caption: str) -> CountTile:
    return CountTile(caption, "dashTile", (12, 8, 12, 8), wrap=True)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName("dashTable")
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], numeric: int = 1) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c >= numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    _fit_rows(table)


def _fit_rows(table: QTableWidget) -> None:
    """Rows as tall as the table's text (its font changes with large text; a long station's name wraps in
    its column), the table as tall as its rows."""
    table.ensurePolished()
    table.horizontalHeader().ensurePolished()
    rows = table.verticalHeader()
    rows.setMinimumSectionSize(1)  # not the header's own (its font's): the rows' text sets their height
    rows.setDefaultSectionSize(max(26, table.fontMetrics().lineSpacing() + ROW_PADDING))
    for row in range(table.rowCount()):
        rows.resizeSection(row, max(rows.defaultSectionSize(), table.sizeHintForRow(row)))
    header = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(max(header + rows.length() + 2 * table.frameWidth() + 2, 60))


def _box(title: str, *widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("dashBox")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    heading = data_label("dashBoxTitle", title)
    heading.setWordWrap(True)
    layout.addWidget(heading)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


def _local(moment: dt.datetime | None) -> str:
    if moment is None:
        return "never"
    local = moment.astimezone(EVENT_TIME_ZONE)
    today = dt.datetime.now(EVENT_TIME_ZONE).date()
    return f"{local:%-I:%M %p}" if local.date() == today else f"{local:%b} {local.day}, {local:%-I:%M %p}"


class DashboardView(QWidget):
    """The page itself; `show_snapshot` fills it, `refresh` asks the feed for a new count."""

    def __init__(self, kiosk: Kiosk, event: Event, current: Callable[[], Event] | None = None) -> None:
        """`current` tells which event the window shows now (the dashboard follows it)."""
        super().__init__()
        self.setObjectName("dashboard")
        self.current: Callable[[], Event] = current or (lambda: self.current_event)
        self.high_contrast = large_text_shown()
        self._built = False  # style changes before the page is built wait for _apply_look at its end
        self.setStyleSheet(dashboard_sheet(self.high_contrast))
        self.kiosk = kiosk
        self.current_event: Event = event
        self.feed = DashboardFeed(kiosk, self)
        self.feed.ready.connect(self.show_snapshot)
        self.snapshot: Snapshot | None = None

        self.title = data_label("dashTitle")
        self.title.setWordWrap(True)
        self.subtitle = data_label("dashSubtitle")
        self.subtitle.setWordWrap(True)  # a long venue's name: the page must not grow wider than the screen
        self.tiles = {key: dash_tile(caption) for key, caption in TILES}
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        self.chart = ArrivalsChart()
        self.arrivals_note = data_label("dashNote")
        self.arrivals_note.setWordWrap(True)
        self.arrivals_note.hide()
        self.sectors = _table(["Sector", "Participants", "Organizations"])
        self.languages = _table(["Language served", "Organizations"])
        self.prompts = _table(["Journey Map prompt", "Notes"])
        self.categories = _table(["Stronger Together", "Haves", "Needs"])
        # Two-line headers: at 1366 px the right column holds the five with a long station name beside them.
        self.stations = _table(["Station", "Check-ins", "Last\ncheck-in", "Last\nsynced", "Newest\nchange"])
        # A station's name ("Table A (this station)") is what the row is read for: never cut it short. It
        # takes what the figures leave of the width, and wraps when it is longer ("Mesa de inscripción —
        # Entrada principal"): on one line it pushed the figures past the box's edge.
        self.stations.setWordWrap(True)
        self.tables = (self.sectors, self.languages, self.prompts, self.categories, self.stations)
        # A column's width changes how its text wraps: the rows are measured again once the widths settle.
        self.refit_rows = QTimer(self)
        self.refit_rows.setSingleShot(True)
        self.refit_rows.setInterval(0)
        self.refit_rows.timeout.connect(self._fit_tables)
        for table in self.tables:
            table.viewport().installEventFilter(self)

        left = QVBoxLayout()
        left.addWidget(_box("Arrivals per 15 minutes", self.chart, self.arrivals_note))
        left.addWidget(_box("Attendance by sector", self.sectors))
        left.addWidget(_box("Languages served by the organizations present", self.languages))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(_box("Contributions by prompt", self.prompts))
        right.addWidget(_box("Haves and needs by category", self.categories))
        self.stations_note = data_label(
            "dashNote",
            "Last synced: this station's last exchange with a hub or peer; for another station, its last direct "
            "exchange with this one. Newest change: when it wrote the newest entry this station holds.",
        )
        self.stations_note.setWordWrap(True)
        right.addWidget(_box("Stations", self.stations, self.stations_note))
        right.addStretch(1)
        self.columns = columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        body = QWidget()
        body.setObjectName("dashBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(self.grid)
        layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._built = True
        self._apply_look()

        self.watch = ChangeWatch(kiosk.ctx.store.path)
        self._idle_ms = 0
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    # -- the look --------------------------------------------------------------------------------------

    def follow_theme(self) -> None:
        """Take the look the app shows (theme.apply_theme): the dashboard's own style sheet sets its sizes,
        so it changes with the app's, as the desk's fonts do."""
        on = large_text_shown()
        if on == self.high_contrast:
            return
        self.high_contrast = on
        self.setStyleSheet(dashboard_sheet(on))
        self._apply_look()

    def _apply_look(self) -> None:
        self.chart.set_high_contrast(self.high_contrast)
        self._place_tiles(TILES_A_ROW[self.high_contrast])
        self._arrange_columns()
        self._fit_tables()

    def _fit_tables(self) -> None:
        for table in self.tables:
            _fit_rows(table)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and any(watched is table.viewport() for table in self.tables):
            self.refit_rows.start()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and self._built and self.isVisible():
            self.follow_theme()  # a hidden page (the desk shows) restyles once it shows: one restyle, not one a toggle

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.follow_theme()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built:
            self._arrange_columns()

    def _place_tiles(self, a_row: int) -> None:
        for index, tile in enumerate(self.tiles.values()):
            self.grid.removeWidget(tile)
            self.grid.addWidget(tile, index // a_row, index % a_row)

    def _arrange_columns(self) -> None:
        """The boxes in two columns, or in large text on a screen narrower than TWO_COLUMNS_LARGE, in one."""
        one = self.high_contrast and self.width() < TWO_COLUMNS_LARGE
        direction = QBoxLayout.Direction.TopToBottom if one else QBoxLayout.Direction.LeftToRight
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    # -- the figures -----------------------------------------------------------------------------------

    def set_event(self, event: Event) -> None:
        if event.id != self.current_event.id:
            self.current_event = event
            self.refresh()

    def refresh(self) -> None:
        self.feed.request(self.current_event)

    def _tick(self) -> None:
        self._idle_ms += REFRESH_MS
        if not self.isVisible():
            return
        shown = self.current()
        if shown.id != self.current_event.id:
            self.set_event(shown)
            return
        if self.watch.changed() or self._idle_ms >= IDLE_RECOUNT_MS:
            self._idle_ms = 0
            self.refresh()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        figures = snapshot.figures
        if figures.event != self.current_event.slug:
            return
        self.snapshot = snapshot
        self.title.setText(f"Dashboard — {figures.event_name}")
        place = " · ".join(p for p in (figures.venue, figures.city) if p)
        self.subtitle.setText(f"{long_date(figures.date)} · {place} · counted at {_local(snapshot.counted_at)}")
        for key, tile in self.tiles.items():
            tile.show_value(int(getattr(figures, key)))
        self.tiles["participants"].caption.setText(
            f"Checked in ({figures.participants / figures.registered:.0%})" if figures.registered else "Checked in"
        )
        self.chart.show_arrivals(figures.arrivals, figures.arrivals_other_days, figures.date)
        note = other_days_note(figures.arrivals_other_days)
        self.arrivals_note.setText(note)
        self.arrivals_note.setVisible(bool(note))
        _fill(self.sectors, [[sector_label(k), f"{v:,}", f"{figures.organizations_by_sector.get(k, 0):,}"]
                             for k, v in figures.participants_by_sector.items()])  # fmt: skip
        languages = [[f"{language_label(k)} ({k})", f"{v:,}"] for k, v in figures.languages.items()]
        if len(languages) > LANGUAGE_ROWS:
            rest = len(languages) - LANGUAGE_ROWS + 1
            languages = [*languages[: LANGUAGE_ROWS - 1], [f"and {rest} more languages", ""]]
        _fill(self.languages, languages)
        prompts = self.feed.prompts
        _fill(self.prompts, [[p.text(), f"{figures.contributions_by_prompt.get(p.id, 0):,}"] for p in prompts.prompts])
        haves, needs = figures.haves_by_category, figures.needs_by_category
        _fill(self.categories, [[c.label(), f"{haves.get(c.id, 0):,}", f"{needs.get(c.id, 0):,}"]
                                for c in prompts.categories])  # fmt: skip
        _fill(self.stations, [[s.name + (" (this station)" if s.this_station else ""), f"{s.checkins:,}",
                               _local(s.latest_checkin), _local(s.last_sync) if s.last_sync else "never",
                               _local(s.latest_entry)]
                              for s in snapshot.stations])  # fmt: skip

    def close_watch(self) -> None:
        self.timer.stop()
        self.watch.close()


# -- exports -----------------------------------------------------------------------------------------

EXPORT_TABLES = (
    ("attendance", "&Attendance", False),
    ("registrants", "&Registrants", False),
    ("contributions", "&Contributions, public copy (what the wall shows)", False),
    ("contributions", "Contributions, staff cop&y (hidden and held notes too, with their status)", True),
    ("connections", "C&onnections", False),
)
"""The Export menu's tables: (table, menu label, with hidden and held notes). Contributions come twice: the
public copy to share, and the staff copy for moderation (`kiosk export contributions --include-hidden`)."""


class ExportJob(QObject):
    """One file written on a Python thread; `done` carries the status-bar message."""

    done = Signal(str)

    def __init__(self, work: Callable[[], str], name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.worker = threading.Thread(target=self._run, name=f"export-{name}", daemon=True)
        self.result: str | None = None
        """`done`'s message, kept: a caller that connects after the job ended still reads it."""

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            message = self.work()
        except (KioskError, OSError) as exc:
            message = f"Not exported: {exc}"
        self.result = message
        self.done.emit(message)


class Exports:
    """The Export menu's actions for the window's current event."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.jobs: list[ExportJob] = []
        self.ask: Callable[[str, str, str], str] = self._ask

    def _ask(self, caption: str, name: str, filter_text: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self.window, caption, str(Path.home() / name), filter_text)
        return path

    def table(self, table: str, fmt: str, include_hidden: bool = False) -> ExportJob | None:
        """Ask where, then write `table` as `fmt` on a worker; `include_hidden`: the staff copy of the
        contributions, with hidden and held notes and a status column."""
        from kiosk.core.exports.tables import default_name, export_table

        event = self.window.current_event
        kind = "Excel workbook (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
        name = default_name(event, f"{table}-staff" if include_hidden else table, fmt)
        caption = f"Export {table} (staff copy)" if include_hidden else f"Export {table}"
        path = self.ask(caption, name, kind)
        if not path:
            return None

        def work() -> str:
            result = export_table(self.window.kiosk, event, table, fmt, Path(path), include_hidden=include_hidden)
            rows = plural(sum(result.rows.values()), "row", "rows")
            copy = " (staff copy: hidden and held notes too, with their status)" if include_hidden else ""
            return f"{rows}{copy} written to {path}"

        return self._start(work, table)

    def report(self, kind: str) -> ExportJob | None:
        event = self.window.current_event
        name = f"day-of-report-{event.slug}.pdf" if kind == "day" else "series-report.pdf"
        path = self.ask("Save the report", name, "PDF (*.pdf)")
        if not path:
            return None
        kiosk = self.window.kiosk

        def work() -> str:
            if kind == "day":
                from kiosk.core.reports.day import write_day_report

                pages = write_day_report(kiosk, event, Path(path))
            else:
                from kiosk.core.figures import series_figures
                from kiosk.core.reports.series import write_series_report

                if not event.series:
                    raise KioskError(f"{event.name} belongs to no series")
                pages = write_series_report(kiosk, Path(path), series_figures(kiosk.ctx, event.series))
            return f"{pages}-page report written to {path}"

        return self._start(work, kind)

    def _start(self, work: Callable[[], str], name: str) -> ExportJob:
        job = ExportJob(work, name, self.window)
        job.done.connect(self.window.statusBar().showMessage)
        job.done.connect(lambda _: self.jobs.remove(job) if job in self.jobs else None)
        self.jobs.append(job)
        self.window.statusBar().showMessage("Exporting…")
        job.start()
        return job


def _staff_only(window: MainWindow, purpose: str, then: Callable[[], object]) -> None:
    """Run `then` at once on a station without a staff PIN, else once the PIN is typed."""
    if not staff_pin.has_pin(window.kiosk.ctx.store):
        then()
        return
    from kiosk.ui.pin_dialogs import PinDialog

    dialog = PinDialog(window.kiosk.ctx.store, window, purpose)
    dialog.accepted.connect(then)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def install_dashboard(window: MainWindow) -> DashboardView:
    """Add the dashboard page (View → Dashboard, F9) and the Export menu to the main window."""
    view = DashboardView(window.kiosk, window.current_event, lambda: window.current_event)
    window.pages.addWidget(view)

    def show() -> None:
        view.set_event(window.current_event)
        window.pages.setCurrentWidget(view)
        view.refresh()

    action = QAction("&Dashboard", window)
    action.setShortcut(QKeySequence("F9"))
    action.triggered.connect(lambda: _staff_only(window, "open the dashboard", show))
    window.view_menu.insertAction(window.view_menu.actions()[2], action)
    window.dashboard_action = action  # type: ignore[attr-defined]

    exports = Exports(window)
    menu = window.menuBar().addMenu("E&xport")
    for index, (table, label, hidden) in enumerate(EXPORT_TABLES):
        for fmt in ("csv", "xlsx"):
            item = QAction(f"{label} as {fmt.upper()}…", window)
            item.triggered.connect(
                lambda _=False, t=table, f=fmt, h=hidden: _staff_only(
                    window, "export", lambda: exports.table(t, f, include_hidden=h)
                )
            )
            menu.addAction(item)
        if index + 1 == len(EXPORT_TABLES) or EXPORT_TABLES[index + 1][0] != table:
            menu.addSeparator()
    every = QAction("&Every table in one workbook (XLSX)…", window)
    every.triggered.connect(lambda: _staff_only(window, "export", lambda: exports.table("all", "xlsx")))
    menu.addAction(every)
    menu.addSeparator()
    for kind, label in (("day", "&Day-of report (PDF)…"), ("series", "&Series report (PDF)…")):
        item = QAction(label, window)
        item.triggered.connect(lambda _=False, k=kind: _staff_only(window, "export", lambda: exports.report(k)))
        menu.addAction(item)
    window.exports = exports  # type: ignore[attr-defined]
    return view
