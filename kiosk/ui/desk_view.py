"""The volunteer's check-in screen: search as you type, scan anywhere, and a decision that fills the desk.

Everything it does goes through kiosk.desk (the core); this view only shows and routes. Scans arrive from
outside (MainWindow owns the scanner detector and the camera) through `handle_scan`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.models import CheckInMethod, Event
from kiosk.core.services import Kiosk
from kiosk.core.services.attendance import Attendance, looks_like_code
from kiosk.core.services.desk import UNDO_SECONDS, Decision, Kind, code_hint, now
from kiosk.core.services.events import EventFigures
from kiosk.core.services.search import SearchHit
from kiosk.ui.decision_view import DecisionView
from kiosk.ui.figures_feed import FiguresFeed
from kiosk.ui.labels import CountTile, data_label, long_date
from kiosk.ui.search_results import (
    MAX_LINES,
    NAME,
    ORGANIZATION,
    ROLE,
    STATUS,
    CellLayout,
    ResultsDelegate,
    SearchResults,
)
from kiosk.ui.tooltips import plain_tooltip
from kiosk.ui.wrapping import pixel_size

if TYPE_CHECKING:
    from kiosk.ui.edit_registrant_dialog import EditRegistrantDialog
    from kiosk.ui.walk_in_dialog import WalkInDialog

DECISION_HOLD_MS = 20_000
"""A decision goes back to search after this long, so the next person is never read an old one."""
SEARCH_LIMIT = 30
NAME_SHARE = 0.35
ROLE_SHARE = 0.16
"""The Name and Role columns take at most these shares of the table's width; the organization has the rest."""
WIDE_NAME_SHARE = 0.5
"""The Name column's share when the table is short for MIN_ROWS rows (names wrap less)."""
MIN_ROWS = 5
"""The results show at least this many people whole at once (a volunteer picks among several), on a
1366×768 laptop in large text too: see DeskView._fit_columns."""
SMALLEST_SHARE = 0.75
SMALLEST_TEXT = 16
"""The results' text gets no smaller than this share of the style's size, nor than this many pixels."""
SEARCH_PAGE_SPACING = 12


@dataclass(frozen=True)
class ResultsLook:
    """How the results are drawn: the text's size (0: the style's), a name's and an organization's lines at
    most, and the Name column's share of the width at most."""

    size: int
    name_lines: int
    organization_lines: int
    name_share: float


_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}


def cancelled_note(name: str) -> str:
    """Why Check in is off for the person selected."""
    return f"The registration of {name} was cancelled, so Check in is off: check with the registration lead."


def desk_counter(caption: str) -> CountTile:
    """A small live figure above the desk."""
    return CountTile(caption, "deskCounter")


def _button(text: str, name: str, shortcut: str = "") -> QPushButton:
    button = QPushButton(f"{text} ({shortcut})" if shortcut else text)
    button.setObjectName(name)
    button.setAccessibleName(text)
    button.setAutoDefault(False)
    return button


def _typed(event: QKeyEvent) -> bool:
    """A key that types a visible character (no Ctrl or Alt shortcut)."""
    text = event.text()
    shortcut = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    return bool(text) and text.isprintable() and not text.isspace() and not shortcut


class DeskView(QWidget):
    decided = Signal(object)
    """Emitted with each Decision shown (for sound, and for tests)."""
    reprint_requested = Signal(str)
    """A registrant whose badge details changed; the badge printer takes it when it exists."""

    def __init__(self, kiosk: Kiosk, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk")
        self.kiosk = kiosk
        self.current_event = event
        self.attendance = Attendance(kiosk.ctx)
        self.last_welcome: Decision | None = None
        self.results = SearchResults()
        self.feed = FiguresFeed(kiosk, self)
        self.feed.counted.connect(self.show_figures)
        self.camera_view: QWidget | None = None

        self.counters = {
            "registered": desk_counter("Registered"),
            "checked_in": desk_counter("Checked in"),
            "walk_ins": desk_counter("Walk-ins"),
            "recent": desk_counter("Arrived in the last 15 min"),
        }
        self.operator = QLineEdit()
        self.operator.setObjectName("operatorName")
        self.operator.setPlaceholderText("Your name (optional)")
        self.operator.setAccessibleName("Volunteer name")
        self.operator.setMinimumWidth(280)
        self.event_line = data_label("deskEvent")
        self.event_line.setAccessibleName("Event")
        self.station = data_label("deskStation", f"Station: {kiosk.ctx.station_name}")
        self.station.setAccessibleName("Station")

        self.search = QLineEdit()
        self.search.setObjectName("deskSearch")
        self.search.setPlaceholderText("Search by name, organization, email or code, or scan a ticket")
        self.search.setAccessibleName("Search registrants")
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            clear.setAccessibleName("Clear search")
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.enter_pressed)
        self.search.installEventFilter(self)

        self.table = QTableView()
        self.table.setObjectName("deskResults")
        self.table.setAccessibleName("Search results")
        self.table.setModel(self.results)
        self.delegate = ResultsDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Tab leaves the list for the buttons; the arrow keys choose (a Tab per cell would move the selection).
        self.table.setTabKeyNavigation(False)
        # A long name or organization wraps (see ResultsDelegate) rather than being cut to a prefix that two
        # people share; each row is as tall as its lines (_fit_rows).
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # set by _fit_columns
        header.setSectionResizeMode(ORGANIZATION, QHeaderView.ResizeMode.Stretch)
        # The table's width, its font (large text) or a column's width changes the rows' lines: measure them
        # again once the change settles.
        self.refit = QTimer(self)
        self.refit.setSingleShot(True)
        self.refit.setInterval(0)
        self.refit.timeout.connect(self._fit_columns)
        header.sectionResized.connect(lambda *_: self.refit.start())
        # A click (a tap on a touch screen) checks that person in; a wrong tap is one Ctrl+Z away. Not
        # `activated` too: a double click would check in, then show "already checked in".
        self.table.clicked.connect(self._row_clicked)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)  # its resizes: the columns keep their shares
        self.compact = False
        self.chrome = 0
        """The desk's height less the results' when not compact (see _fit_chrome)."""

        self.message = data_label("deskMessage")
        self.selection_note = ""
        """What the message line says about the person selected (a cancelled registration), if anything."""
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Desk message")
        self.message.hide()

        self.check_in_button = _button("Check in", "checkInButton", "Enter")
        self.check_in_button.clicked.connect(self.check_in_selected)
        self.walk_in_button = _button("Walk-in", "walkInButton", "Ctrl+N")
        self.walk_in_button.clicked.connect(self.open_walk_in)
        self.edit_button = _button("Edit details", "editButton", "Ctrl+E")
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button = _button("Void check-in…", "voidButton")
        self.void_button.clicked.connect(self.void_selected)

        self.decision = DecisionView()
        self.undo_button = _button("Undo check-in", "undoButton", "Ctrl+Z")
        self.undo_button.clicked.connect(self.undo_last)
        self.decision_edit_button = _button("Edit details", "decisionEditButton", "Ctrl+E")
        self.decision_edit_button.clicked.connect(self.edit_decided)
        self.next_button = _button("Next person", "nextButton", "Esc")
        self.next_button.clicked.connect(self.back_to_search)
        for button in (self.undo_button, self.decision_edit_button):
            self.decision.add_action(button)
        self.decision.action_row.addStretch(1)
        self.decision.add_action(self.next_button)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._search_page())
        self.stack.addWidget(self.decision)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        title = QHBoxLayout()
        title.addWidget(self.event_line, 1)
        title.addWidget(self.station)
        layout.addLayout(title)
        layout.addLayout(self._top_row())
        layout.addWidget(self.stack, 1)

        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.timeout.connect(self.back_to_search)
        self.undo_expiry = QTimer(self)
        self.undo_expiry.setSingleShot(True)
        self.undo_expiry.timeout.connect(lambda: self.undo_button.setVisible(False))

        for keys, slot in (
            ("Ctrl+N", self.open_walk_in),
            ("Ctrl+E", self._edit_shortcut),
            ("Ctrl+Z", self.undo_last),
            ("Ctrl+F", self.focus_search),
            ("Esc", self.back_to_search),
        ):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()
        self.set_event(event)  # the counters fill in when the owner counts (MainWindow.refresh) or after a scan

    # -- layout --------------------------------------------------------------------------------------

    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        for counter in self.counters.values():
            row.addWidget(counter)
        row.addStretch(1)
        volunteer = QLabel("Volunteer:")
        volunteer.setBuddy(self.operator)
        row.addWidget(volunteer)
        row.addWidget(self.operator)
        return row

    def _search_page(self) -> QWidget:
        page = QWidget()
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        for button in (self.check_in_button, self.edit_button, self.void_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.walk_in_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SEARCH_PAGE_SPACING)
        layout.addWidget(self.search)
        layout.addWidget(self.message)
        results = QHBoxLayout()
        results.addWidget(self.table, 1)
        self.side = QVBoxLayout()
        results.addLayout(self.side)
        layout.addLayout(results, 1)
        layout.addLayout(buttons)
        self.hint = data_label(
            "deskHint",
            "Type a name (from the first letter) · ↓↑ choose · Enter checks in · scan a ticket at any time",
        )
        layout.addWidget(self.hint)
        return page

    # -- events and figures --------------------------------------------------------------------------

    def set_event(self, event: Event) -> None:
        self.current_event = event
        self.event_line.setText(f"{event.name} · {long_date(event.date)}")
        self.back_to_search()

    def refresh_counters(self) -> None:
        """Count again on the feed's worker thread; show_figures shows the result."""
        self.feed.request(self.current_event.id)

    def show_figures(self, figures: EventFigures) -> None:
        if figures.event_id != self.current_event.id:
            return  # counted for the event shown before a switch
        self.counters["registered"].show_value(figures.registered)
        self.counters["checked_in"].show_value(figures.checked_in)
        self.counters["walk_ins"].show_value(figures.walk_ins)
        self.counters["recent"].show_value(figures.recent_arrivals)

    def show_notice(self, text: str) -> None:
        """A line above the results for the volunteer (no camera, a void made)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_camera(self, view: QWidget | None) -> None:
        """Put the webcam's preview beside the results, or take it away (None)."""
        if self.camera_view is not None:
            self.camera_view.hide()
            self.side.removeWidget(self.camera_view)
        self.camera_view = view
        if view is not None:
            view.setMaximumWidth(360)
            self.side.addWidget(view)
            view.show()

    def showing_decision(self) -> bool:
        return self.stack.currentWidget() is self.decision

    # -- search --------------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        hits = self.kiosk.search.registrants(self.current_event.id, text, SEARCH_LIMIT) if text.strip() else []
        self.results.show_hits(hits)
        self._fit_columns()
        if hits:
            self.table.selectRow(0)
            self.message.setText("")
        elif text.strip():
            self.message.setText(" ".join(filter(None, (f"No one found for “{text.strip()}”.", code_hint(text)))))
        else:
            self.message.setText("")
        self.message.setVisible(bool(self.message.text()))
        self._update_buttons()

    def _selected_hit(self) -> SearchHit | None:
        rows = self.table.selectionModel().selectedRows()
        return self.results.hit(rows[0].row()) if rows else None

    def _selected_hit_id(self) -> str | None:
        hit = self._selected_hit()
        return hit.registrant_id if hit else None

    def _update_buttons(self) -> None:
        hit = self._selected_hit()
        self.check_in_button.setEnabled(hit is not None and not hit.checked_in and not hit.cancelled)
        self.edit_button.setEnabled(hit is not None)
        self.void_button.setEnabled(hit is not None and hit.checked_in)
        # Why Check in is off for a cancelled registration, where the volunteer looks, not only on hover.
        note = cancelled_note(hit.display_name) if hit is not None and hit.cancelled else ""
        self.check_in_button.setToolTip(plain_tooltip(note))
        if note:
            self.message.setText(note)
        elif self.message.text() == self.selection_note:
            self.message.setText("")
        self.selection_note = note
        self.message.setVisible(bool(self.message.text()))

    def _fit_columns(self) -> None:
        """Name as wide as the names shown, up to a share of the table (a longer one wraps); Role likewise up
        to ROLE_SHARE (a longer one is cut: the tooltip has it); Status as wide as its words; the organization
        the rest. Then each row as tall as its lines. The first MIN_ROWS people must show whole, on a short
        screen in large text too: the first of `_looks` in which they do is taken."""
        self._fit_chrome()
        if not self.results.hits:
            return
        room = self.table.viewport().height()
        first = range(min(MIN_ROWS, self.results.rowCount()))
        chosen: tuple[ResultsLook, dict[int, int]] | None = None
        for look in self._looks():
            self.delegate.look(look.size, look.name_lines, look.organization_lines)
            widths = self._column_widths(look.name_share)
            if look.name_lines < MAX_LINES and not self._names_told_apart(widths[NAME]):
                break  # cut to one line, two people would look alike: better fewer rows
            chosen = (look, widths)
            if sum(self._row_heights(widths, first)) <= room:
                break
        assert chosen is not None
        look, widths = chosen
        self.delegate.look(look.size, look.name_lines, look.organization_lines)
        header = self.table.horizontalHeader()
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        self._fit_rows()

    def _looks(self) -> list[ResultsLook]:
        """The looks tried, best first: the organization on one line; the name wider; the text smaller, down
        to SMALLEST_SHARE of the style's size; last, a name on one line, cut in the middle (kept only when no
        two people then look alike, see _names_told_apart)."""
        full = pixel_size(self.table.font())
        smallest = max(SMALLEST_TEXT, min(full, round(full * SMALLEST_SHARE)))
        looks = [
            ResultsLook(0, MAX_LINES, MAX_LINES, NAME_SHARE),
            ResultsLook(0, MAX_LINES, 1, NAME_SHARE),
            ResultsLook(0, MAX_LINES, 1, WIDE_NAME_SHARE),
        ]
        looks += [ResultsLook(size, MAX_LINES, 1, WIDE_NAME_SHARE) for size in range(full - 2, smallest - 1, -2)]
        return [*looks, ResultsLook(looks[-1].size, 1, 1, WIDE_NAME_SHARE)]

    def _names_told_apart(self, width: int) -> bool:
        """No two different names shown alike in a Name column `width` wide, in the delegate's look."""
        cell = self.delegate.layout(self.table, self.results.index(0, NAME))
        room = max(1.0, width - self._grid() - cell.margin)
        shown: dict[str, str] = {}
        for hit in self.results.hits:
            text = self.delegate.lines(hit.display_name, cell.font, room, self.delegate.max_lines[NAME])
            if shown.setdefault(text, hit.display_name) != hit.display_name:
                return False
        return True

    def _column_widths(self, name_share: float) -> dict[int, int]:
        """The widths _fit_columns gives Name, Role and Status, in the delegate's look; and the organization's,
        the rest of the table."""
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        grid = self._grid()
        widths = {}
        for column, share in ((NAME, name_share), (ROLE, ROLE_SHARE), (STATUS, 1.0)):
            cell = self.delegate.layout(self.table, self.results.index(0, column))
            font = QFont(cell.font)
            font.setBold(font.bold() or column == STATUS)  # some statuses are bold: room for them all
            metrics = QFontMetricsF(font)
            rows = range(self.results.rowCount())
            texts = [str(self.results.data(self.results.index(row, column))) for row in rows]
            widest = math.ceil(max(metrics.horizontalAdvance(text) for text in texts) + cell.margin) + 1 + grid
            widths[column] = max(header.sectionSizeHint(column), min(widest, round(room * share)))
        widths[ORGANIZATION] = max(header.sectionSizeHint(ORGANIZATION), room - sum(widths.values()))
        return widths

    def _fit_rows(self) -> None:
        """Each row as tall as its name, organization and role take, in the lines they are drawn in."""
        if not self.results.hits:
            return
        header = self.table.horizontalHeader()
        widths = {column: header.sectionSize(column) for column in (NAME, ORGANIZATION, ROLE)}
        rows = range(self.results.rowCount())
        for row, height in zip(rows, self._row_heights(widths, rows), strict=True):
            if self.table.rowHeight(row) != height:
                self.table.setRowHeight(row, height)

    def _row_heights(self, widths: dict[int, int], rows: range) -> list[int]:
        """The heights of `rows` with the columns `widths` wide, in the delegate's look."""
        grid = self._grid()
        cells = []
        for column in (NAME, ORGANIZATION, ROLE):
            cell = self.delegate.layout(self.table, self.results.index(0, column))
            cells.append((column, cell, max(1.0, widths[column] - grid - cell.margin)))
        heights = []
        for row in rows:
            height = 0
            for column, cell, width in cells:
                text = str(self.results.data(self.results.index(row, column)))
                if column != ROLE:
                    text = self.delegate.lines(text, cell.font, width, self.delegate.max_lines[column])
                height = max(height, cell.height(text))
            heights.append(height + grid)
        return heights

    def _fit_chrome(self) -> None:
        """On a screen too short for MIN_ROWS one-line rows at full size under the usual desk (large text on a
        1366×768 laptop), the desk goes compact: each counter's caption beside its figure, and no keyboard
        hint under the buttons (they say their keys too). Decided by the window's height, not by what is
        listed, so nothing moves while the volunteer types."""
        if self.stack.currentIndex() != 0 or not self.table.isVisible():
            return
        if not self.compact:
            self.chrome = self.height() - self.table.viewport().height()
        if self.chrome <= 0:
            return
        option = QStyleOptionViewItem()
        self.table.initViewItemOption(option)
        cell = CellLayout(self.table, option)
        one_line = cell.height("X") + self._grid()
        compact = self.height() - self.chrome < MIN_ROWS * one_line
        if compact != self.compact:
            self.set_compact(compact)

    def set_compact(self, on: bool) -> None:
        """The compact desk (see _fit_chrome), or the usual one."""
        self.compact = on
        self.hint.setHidden(on)
        for counter in self.counters.values():
            box = counter.layout()
            if isinstance(box, QBoxLayout):
                box.setDirection(QBoxLayout.Direction.LeftToRight if on else QBoxLayout.Direction.TopToBottom)
                box.setSpacing(8 if on else 0)
            counter.caption.setWordWrap(on)  # two short lines beside the figure: the row is no wider

    def _grid(self) -> int:
        """The grid line's width: a cell is drawn that much narrower and shorter than its column and row."""
        return 1 if self.table.showGrid() else 0

    def eventFilter(self, watched: object, event: object) -> bool:
        if isinstance(event, QEvent) and (
            (watched is self.table and event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange))
            or (watched is self.table and event.type() == QEvent.Type.Show)
            or (watched is self.table.viewport() and event.type() == QEvent.Type.Resize)
        ):
            self.refit.start()
        # Up and Down in the search box move through the results, so the hands never leave the keyboard.
        if not isinstance(event, QKeyEvent) or event.type() != QKeyEvent.Type.KeyPress:
            return super().eventFilter(watched, event)  # type: ignore[arg-type]
        if watched is self.search and event.key() in _MOVES:
            self._move_selection(Qt.Key(event.key()))
            return True
        if watched is self.table and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.check_in_selected()
            return True
        if watched is self.table and _typed(event):
            # A new search, never the table's type-ahead: letters there would move the selection, and a
            # scanner too slow to be told from typing would then check in whoever its Enter found selected.
            self.search.setFocus()
            self.search.setText(event.text())
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _move_selection(self, key: Qt.Key) -> None:
        if not self.results.hits:
            return
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        step = _MOVES[key]
        self.table.selectRow(max(0, min(len(self.results.hits) - 1, row + step)))
        self._update_buttons()

    def _row_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self._update_buttons()
            self.check_in_selected()

    def enter_pressed(self) -> None:
        """Enter in the search box: a typed ticket code checks in its holder (as a scan does); otherwise the
        selected person is checked in; a code-shaped text that matches no one says why."""
        text = self.search.text().strip()
        if not text:
            return
        if looks_like_code(text) and self.kiosk.desk.tickets.verify(text, self.current_event).registrant:
            self.handle_scan(text, CheckInMethod.CODE)
        elif self._selected_hit_id() is not None:
            self.check_in_selected()
        elif looks_like_code(text):
            self.handle_scan(text, CheckInMethod.CODE)

    # -- decisions -----------------------------------------------------------------------------------

    def handle_scan(self, code: str, method: CheckInMethod = CheckInMethod.QR) -> Decision:
        decision = self.kiosk.desk.scan(code, self.current_event, method, self.operator.text())
        self.show_decision(decision)
        return decision

    def check_in_selected(self) -> Decision | None:
        registrant_id = self._selected_hit_id()
        if registrant_id is None:
            return None
        decision = self.kiosk.desk.check_in_registrant(
            registrant_id, self.current_event, CheckInMethod.SEARCH, self.operator.text()
        )
        self.show_decision(decision)
        return decision

    def show_decision(self, decision: Decision) -> None:
        person = decision.person
        badge = self.attendance.badge(person.registrant_id) if person and decision.kind is not Kind.NOT_VALID else None
        self.decision.show_decision(decision, badge)
        self.last_welcome = decision if decision.can_undo else None
        self.undo_button.setVisible(decision.can_undo)
        if decision.can_undo and decision.at is not None:
            left = UNDO_SECONDS - (now() - decision.at).total_seconds()
            self.undo_expiry.start(max(0, int(left * 1000)))
        self.decision_edit_button.setVisible(person is not None and decision.kind is not Kind.NOT_VALID)
        self.stack.setCurrentWidget(self.decision)
        self.next_button.setFocus()
        self.hold.start(DECISION_HOLD_MS)
        self.refresh_counters()
        self.decided.emit(decision)

    def badge_changed(self, registrant_ids: list[str]) -> None:
        """A badge was printed: if its holder's decision is on screen, its badge line says so now."""
        decision = self.decision.decision
        if not self.showing_decision() or decision is None or decision.person is None:
            return
        if decision.person.registrant_id in registrant_ids:
            self.decision.show_decision(decision, self.attendance.badge(decision.person.registrant_id))

    def back_to_search(self) -> None:
        self.hold.stop()
        self.stack.setCurrentIndex(0)
        self.search.clear()
        self.search.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Typing while a decision shows starts the next search with what was typed.
        text = event.text()
        if self.showing_decision() and _typed(event):
            self.back_to_search()
            self.search.setText(text)
            return
        super().keyPressEvent(event)

    # -- undo and void -------------------------------------------------------------------------------

    def undo_last(self) -> None:
        decision = self.last_welcome
        if decision is None or decision.checkin_id is None or not self.undo_button.isVisible():
            return
        try:
            self.kiosk.desk.undo(decision.checkin_id, self.operator.text())
        except KioskError as exc:
            self.undo_button.setVisible(False)
            self.decision.show_advice(str(exc))
            return
        self.last_welcome = None
        self.undo_button.setVisible(False)
        self.decision_edit_button.setVisible(False)
        self.decision.show_undone(decision.person.name if decision.person else "")
        self.hold.start(DECISION_HOLD_MS)
        self.refresh_counters()

    def void_selected(self) -> None:
        registrant_id = self._selected_hit_id()
        if registrant_id is not None:
            self.void_check_in(registrant_id)

    def void_check_in(self, registrant_id: str, reason: str | None = None) -> bool:
        """Void someone's standing check-in with a typed reason (asked for when not given). The search has
        the focus after: the Void button it came from turns off, and the next name typed must not be lost."""
        try:
            return self._void_check_in(registrant_id, reason)
        finally:
            self.search.setFocus()

    def _void_check_in(self, registrant_id: str, reason: str | None) -> bool:
        standing = self.attendance.standing(registrant_id)
        if standing is None:
            self.show_notice("This person is not checked in.")
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(
                self, "Void check-in", "Why is this check-in void? (for example: checked in the wrong person)"
            )
            if not ok:
                return False
        if not reason.strip():
            self.show_notice("A check-in is voided only with a reason; nothing was changed.")
            return False
        self.kiosk.checkins.void(standing.id, reason.strip(), self.operator.text().strip())
        self._search_changed(self.search.text())
        self.show_notice("Check-in voided.")
        self.refresh_counters()
        return True

    # -- walk-ins and edits --------------------------------------------------------------------------

    def open_walk_in(self) -> WalkInDialog:
        from kiosk.ui.walk_in_dialog import WalkInDialog

        self.hold.stop()
        dialog = WalkInDialog(self.kiosk, self.current_event, self, operator=self.operator.text().strip())
        dialog.registered.connect(self.show_decision)
        dialog.existing_chosen.connect(self._check_in_existing)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _check_in_existing(self, registrant_id: str) -> None:
        """The walk-in form found them already registered: check that person in instead."""
        self.show_decision(
            self.kiosk.desk.check_in_registrant(
                registrant_id, self.current_event, CheckInMethod.SEARCH, self.operator.text()
            )
        )

    def _edit_shortcut(self) -> None:
        if self.showing_decision():
            self.edit_decided()
        else:
            self.edit_selected()

    def edit_selected(self) -> EditRegistrantDialog | None:
        registrant_id = self._selected_hit_id()
        return self.edit_registrant(registrant_id) if registrant_id else None

    def edit_decided(self) -> EditRegistrantDialog | None:
        decision = self.decision.decision
        if decision is None or decision.person is None:
            return None
        return self.edit_registrant(decision.person.registrant_id)

    def edit_registrant(self, registrant_id: str) -> EditRegistrantDialog:
        from kiosk.ui.edit_registrant_dialog import EditRegistrantDialog

        self.hold.stop()
        dialog = EditRegistrantDialog(self.kiosk, registrant_id, self)
        dialog.reprint_requested.connect(self.reprint_requested)
        # The dialog stays open after a save (to offer a reprint): the list behind it shows the fix at once.
        dialog.changes_saved.connect(lambda _id: self._search_changed(self.search.text()))
        dialog.finished.connect(lambda _: self._edited())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _edited(self) -> None:
        self._search_changed(self.search.text())
        if self.showing_decision():
            shown = self.decision.decision
            if shown is not None:  # a corrected name shows at once: the volunteer sees the fix took
                fresh = self.kiosk.desk.as_they_are_now(shown)
                if fresh != shown and fresh.person is not None:
                    self.decision.show_decision(fresh, self.attendance.badge(fresh.person.registrant_id))
            self.hold.start(DECISION_HOLD_MS)


def scanned_over(form: QWidget, decision: Decision, shown: DecisionView) -> QMessageBox:
    """Tell the volunteer, over the form they have open, what a scan made meanwhile did at the desk, in the
    words the desk shows (`shown`); the form keeps what was typed in it. Not modal to the app: the next
    scan is taken as usual."""
    box = QMessageBox(form)
    box.setObjectName("scannedOverForm")
    box.setWindowTitle("Ticket scanned")
    box.setIcon(QMessageBox.Icon.Information if decision.kind is Kind.WELCOME else QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    lines = (shown.headline.text(), shown.name.text(), decision.reason, shown.advice.text())
    box.setText("\n".join(line for line in lines if line))
    box.setInformativeText("Scanned while this form was open; the form is as you left it.")
    box.setAccessibleName("Ticket scanned while a form was open")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
