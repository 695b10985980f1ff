"""The wall: a second window for a projector or a second screen, showing the visible notes as sticky notes
grouped by prompt (Journey Map) or by category (Stronger Together), readable across a room.

It polls: every POLL_MS it asks SQLite whether anything was committed to the file (ChangeWatch), and only
then compares each note's version (Contributions.versions) and re-reads the few that changed, so notes
written at this station, at another process on the same file, or arriving by sync appear within a couple
of seconds, and a hidden note disappears as fast; only the columns they belong to are redrawn. One note at a
time is shown large in the spotlight, in slow rotation; a note that just arrived takes the spotlight first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.exports.contributions import GROUP_COLOURS
from kiosk.core.journey.prompts import SIDES
from kiosk.core.models import Event, ModerationStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import Note
from kiosk.core.watch import ChangeWatch
from kiosk.resources import resource_path
from kiosk.ui.labels import data_label
from kiosk.ui.wrapping import WrapLabel

POLL_MS = 2_000
SPOTLIGHT_MS = 12_000
NOTES_PER_COLUMN = 6
"""The newest notes a column shows at most (fewer when they do not fit); the count above says how many in all."""
CARD_LINES = 5
"""A card shows a long note's first lines (a line count, not a character count: a Khmer character is narrower
than a Latin one, a Chinese one wider); the spotlight shows every note whole in turn."""
CARD_SPACING = 10
SPOTLIGHT_SHARE = 0.22
"""The spotlight's note takes at most this share of the wall's height: a longer note is set smaller, down to a
size still readable across a room (spotBody's `smallest`), so the columns keep room for their notes."""
TITLE_SHARE = 0.11
"""The title takes at most this share of the wall's height: one line or two, set smaller for a long event name."""
JOURNEY, TOGETHER = "journey", "together"

GroupRole = Qt.ItemDataRole.UserRole + 1
SignatureRole = Qt.ItemDataRole.UserRole + 2
NoteRole = Qt.ItemDataRole.UserRole + 3


@dataclass
class WallChange:
    """What one refresh changed: the groups (wall columns) touched, and the notes that just arrived."""

    groups: set[str] = field(default_factory=set)
    arrived: list[Note] = field(default_factory=list)
    """Newly visible notes, newest first."""

    def __bool__(self) -> bool:
        return bool(self.groups)


def _newer(note: Note) -> tuple[dt.datetime, str]:
    return note.created_at, note.id


class WallModel(QAbstractListModel):
    """The visible notes of an event, newest first: what every wall shows. Hidden and held notes are
    never in it. After the first read it changes row by row: only notes whose fields changed are re-read."""

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.current_event = event
        self.notes: list[Note] = []
        self._versions: dict[str, str] | None = None
        """Every note of the event (any status) by id, as last read (Contributions.versions)."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.notes)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.notes):
            return None
        note = self.notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return note.body
        if role == GroupRole:
            return note.group
        if role == SignatureRole:
            return note.signature
        if role == NoteRole:
            return note
        return None

    def refresh(self) -> WallChange:
        """Catch up with the file (this station's writes, another process's, sync's); what changed."""
        service = self.kiosk.contributions
        versions = service.versions(self.current_event.id)
        if versions == self._versions:
            return WallChange()
        if self._versions is None:
            self.beginResetModel()
            self.notes = service.visible(self.current_event.id)
            self._versions = versions
            self.endResetModel()
            return WallChange({n.group for n in self.notes}, [])
        known = self._versions
        stale = {cid for cid, version in versions.items() if known.get(cid) != version}
        stale |= known.keys() - versions.keys()
        self._versions = versions
        change = WallChange()
        was_visible = {n.id for n in self.notes if n.id in stale}
        for row in range(len(self.notes) - 1, -1, -1):  # out go the changed rows; visible ones come back
            if self.notes[row].id in stale:
                change.groups.add(self.notes[row].group)
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.notes[row]
                self.endRemoveRows()
        for note in service.by_ids(stale & versions.keys()):
            if note.status != ModerationStatus.VISIBLE:
                continue
            key = _newer(note)
            row = next((i for i, n in enumerate(self.notes) if _newer(n) < key), len(self.notes))
            self.beginInsertRows(QModelIndex(), row, row)
            self.notes.insert(row, note)
            self.endInsertRows()
            change.groups.add(note.group)
            if note.id not in was_visible:
                change.arrived.append(note)
        return change

    def bodies(self) -> list[str]:
        return [note.body for note in self.notes]


class NoteCard(QFrame):
    """One sticky note: the words as plain text, and who wrote it if they signed it."""

    def __init__(self, tone: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteCard")
        self.setProperty("tone", tone)
        self.note: Note | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        self.tag = WrapLabel("noteTag", max_lines=2)
        self.body = WrapLabel("noteBody", max_lines=CARD_LINES)
        self.signature = WrapLabel("noteSignature", max_lines=2)
        for label in (self.tag, self.body, self.signature):
            layout.addWidget(label)

    def show_note(self, note: Note, tag: str = "") -> None:
        self.note = note
        self.tag.setText(tag)
        self.tag.setVisible(bool(tag))
        self.body.setText(" ".join(note.body.split()))
        self.signature.setText(note.signature)
        self.signature.setVisible(bool(note.signature))


class NoteColumn(QWidget):
    """A column's newest notes, top down. Cards are made as they are first needed, then reused; a card that
    would not fit whole is not shown, so cards never overlap or get cut, whatever the screen."""

    def __init__(self, tone: int) -> None:
        super().__init__()
        self.tone = tone
        self.cards: list[NoteCard] = []
        self.shown = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(0)

    def show_notes(self, notes: list[tuple[Note, str]]) -> None:
        for index, (note, tag) in enumerate(notes):
            if index == len(self.cards):
                self.cards.append(NoteCard(self.tone, self))
                self.cards[-1].hide()  # until _place gives it its width: laid out once, at that width
            self.cards[index].show_note(note, tag)
        self.shown = len(notes)
        self._place()

    def fitting(self) -> int:
        """How many cards are on screen."""
        return sum(1 for card in self.cards if card.isVisibleTo(self))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place()

    def _place(self) -> None:
        if not self.isVisible():
            return  # placed when shown, at its real size (resizeEvent)
        width, room, y = self.width(), self.height(), 0
        for index, card in enumerate(self.cards):
            lines = CARD_LINES
            card.body.set_limits(max_lines=lines)
            height = card.heightForWidth(width)
            while index == 0 and height > room and lines > 1:  # a short column still shows its newest note
                lines -= 1
                card.body.set_limits(max_lines=lines)
                height = card.heightForWidth(width)
            if index >= self.shown or y + height > room:
                card.hide()
                y = room + 1  # and every card after it: the newest stay on top, no gaps
                continue
            card.setGeometry(0, y, width, height)
            card.show()
            y += height + CARD_SPACING


class Board(QWidget):
    """The columns of one mode: a heading, a count and a NoteColumn per prompt (or category)."""

    def __init__(self, headings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setSpacing(16)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.headings: list[WrapLabel] = []
        self.counts: dict[str, WrapLabel] = {}
        self.columns: dict[str, NoteColumn] = {}
        self.drawn: dict[str, tuple[str, tuple[tuple[str, str, str, str], ...]]] = {}
        for index, (key, heading) in enumerate(headings):
            tone = index % len(GROUP_COLOURS)
            head = WrapLabel("columnHeading", heading, max_lines=3, smallest=18)
            head.setProperty("tone", tone)
            head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            self.headings.append(head)
            self.counts[key] = WrapLabel("columnCount", max_lines=2, smallest=16, elide=False)  # a line a side
            self.counts[key].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.columns[key] = NoteColumn(tone)
            self.grid.addWidget(head, 0, index)
            self.grid.addWidget(self.counts[key], 1, index)
            self.grid.addWidget(self.columns[key], 2, index)
            self.grid.setColumnStretch(index, 1)
        self.grid.setRowStretch(2, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._match_sizes()

    def _match_sizes(self) -> None:
        """Every heading in the size of the one that must be smallest to fit, every count likewise."""
        columns = len(self.headings)
        width = (self.width() - self.grid.horizontalSpacing() * (columns - 1)) // max(columns, 1)
        for labels in (self.headings, list(self.counts.values())):
            room = width - labels[0].width() + labels[0].contentsRect().width()  # less padding and border
            if room < labels[0].minimumSizeHint().width():
                return  # not laid out yet
            size = min(label.best_size(room) for label in labels)
            for label in labels:
                label.set_largest(size)

    def show_column(self, key: str, count: str, notes: list[tuple[Note, str]]) -> None:
        drawn = (count, tuple((n.id, n.signature, n.body, tag) for n, tag in notes))
        if self.drawn.get(key) == drawn:
            return  # this column did not change (a note re-signed by a name fix or a merge did)
        self.drawn[key] = drawn
        self.counts[key].setText(count)
        self._match_sizes()
        self.columns[key].show_notes(notes)


def _tones() -> str:
    """Sticky-note and heading colours, one per column, as style rules (one style sheet for the window)."""
    return "".join(
        f'#noteCard[tone="{i}"] {{ background: {colour}; }}\n'
        f'#wall QLabel#columnHeading[tone="{i}"] {{ border-bottom: 6px solid {colour}; }}\n'
        for i, colour in enumerate(GROUP_COLOURS)
    )


class WallWindow(QWidget):
    def __init__(self, kiosk: Kiosk, event: Event, mode: str = JOURNEY) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("wall")
        self.setWindowTitle(f"Wall — {event.name}")
        self.setStyleSheet(resource_path("styles", "wall.qss").read_text(encoding="utf-8") + _tones())
        self.kiosk = kiosk
        self.current_event = event
        self.prompts = kiosk.contributions.prompt_set
        self.model = WallModel(kiosk, event)
        self.watch = ChangeWatch(kiosk.ctx.store.path)
        self.mode = mode
        self.spotlit: Note | None = None
        self._spot_index = 0

        self.title = WrapLabel("wallTitle", max_lines=2, smallest=24)
        self.total = data_label("wallTotal")
        self.mode_choice = QComboBox()
        self.mode_choice.setObjectName("wallMode")
        self.mode_choice.addItem(self.prompts.journey_title(), JOURNEY)
        self.mode_choice.addItem(self.prompts.together_title(), TOGETHER)
        self.mode_choice.setCurrentIndex(0 if mode == JOURNEY else 1)
        self.mode_choice.currentIndexChanged.connect(lambda _: self.set_mode(self.mode_choice.currentData()))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.total)
        header.addWidget(self.mode_choice)

        self.spotlight = QFrame()
        self.spotlight.setObjectName("spotlight")
        self.spot_heading = WrapLabel("spotHeading", max_lines=2)
        self.spot_body = WrapLabel("spotBody", smallest=26)
        self.spot_signature = WrapLabel("spotSignature", max_lines=2)
        spot = QVBoxLayout(self.spotlight)
        spot.setContentsMargins(24, 14, 24, 14)
        spot.addWidget(self.spot_heading)
        spot.addWidget(self.spot_body)
        spot.addWidget(self.spot_signature)

        self.boards: dict[str, Board] = {}
        self.pages = QStackedWidget()
        self.empty = WrapLabel("wallEmpty", "Notes written at the kiosk appear here.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = self.column = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(16)
        layout.addLayout(header)
        layout.addWidget(self.spotlight)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.empty, 1)

        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.check)
        self.rotation = QTimer(self)
        self.rotation.setInterval(SPOTLIGHT_MS)
        self.rotation.timeout.connect(self.next_spotlight)
        self.model.refresh()
        self.watch.changed()
        self.rebuild()
        self.poll.start()
        self.rotation.start()

    @property
    def board(self) -> Board:
        """The columns of the mode shown (made the first time that mode is shown)."""
        board = self.boards.get(self.mode)
        if board is None:
            board = self.boards[self.mode] = Board([(key, heading) for key, heading, _ in self.groups()])
            self.pages.addWidget(board)
        return board

    @property
    def grid(self) -> QGridLayout:
        return self.board.grid

    # -- live updates --------------------------------------------------------------------------------

    def check(self) -> bool:
        """One poll: catch up and redraw what changed, if the file changed and the notes with it. True if
        anything on the wall changed."""
        if not self.watch.changed():
            return False
        change = self.model.refresh()
        if not change:
            return False
        if change.arrived:
            self.spotlit = change.arrived[0]  # the newest note takes the spotlight
        self.rebuild()
        return True

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.spotlit = None
        self.rebuild()

    def notes_in_mode(self) -> list[Note]:
        together = self.mode == TOGETHER
        return [n for n in self.model.notes if (n.kind in SIDES) == together]

    def next_spotlight(self) -> None:
        notes = self.notes_in_mode()
        if not notes:
            self.spotlit = None
        else:
            self._spot_index = (self._spot_index + 1) % len(notes)
            self.spotlit = notes[self._spot_index]
        self._show_spotlight()

    # -- drawing -------------------------------------------------------------------------------------

    def groups(self) -> list[tuple[str, str, list[Note]]]:
        """(key, heading, notes newest first) per column, in the prompt set's order."""
        together = self.mode == TOGETHER
        by_key: dict[str, list[Note]] = defaultdict(list)
        for note in self.model.notes:
            if (note.kind in SIDES) == together:
                by_key[(note.category or "") if together else note.kind].append(note)
        if not together:
            return [(p.id, p.text(), by_key[p.id]) for p in self.prompts.prompts]
        return [(c.id, c.label(), by_key[c.id]) for c in self.prompts.categories]

    def rebuild(self) -> None:
        """Bring the shown mode's columns, counts, title and spotlight up to date with the model (columns
        that did not change are left alone)."""
        board = self.board
        self.pages.setCurrentWidget(board)
        index = 0 if self.mode == JOURNEY else 1
        if self.mode_choice.currentIndex() != index:
            self.mode_choice.blockSignals(True)  # its signal would rebuild again, inside this rebuild
            self.mode_choice.setCurrentIndex(index)
            self.mode_choice.blockSignals(False)
        title = self.prompts.journey_title() if self.mode == JOURNEY else self.prompts.together_title()
        self.title.setText(f"{title} · {self.current_event.name}")
        shown = 0
        for key, _, notes in self.groups():
            shown += len(notes)
            if self.mode == TOGETHER:
                have = sum(1 for n in notes if n.kind == "have")
                count = f"{self.prompts.side('have')}\u00a0{have}\n{self.prompts.side('need')}\u00a0{len(notes) - have}"
                cards = [(n, self.prompts.side(n.kind)) for n in notes[:NOTES_PER_COLUMN]]
            else:
                count = f"{len(notes)} notes" if len(notes) != 1 else "1 note"
                cards = [(n, "") for n in notes[:NOTES_PER_COLUMN]]
            board.show_column(key, count, cards)
        self.total.setText(f"{shown} notes" if shown != 1 else "1 note")
        self.pages.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        if self.spotlit is not None:  # as it reads now (re-signed by a name fix or a merge), or gone
            spotlit = self.spotlit.id
            self.spotlit = next((n for n in self.model.notes if n.id == spotlit), None)
        in_mode = self.spotlit is not None and (self.spotlit.kind in SIDES) == (self.mode == TOGETHER)
        if not in_mode:
            notes = self.notes_in_mode()
            self.spotlit = notes[0] if notes else None
            self._spot_index = 0
        self._show_spotlight()

    def _show_spotlight(self) -> None:
        note = self.spotlit
        self.spotlight.setVisible(note is not None)
        if note is None:
            return
        self.spot_heading.setText(self.prompts.heading(note.kind, note.category))
        self.spot_body.setText(note.body)
        self.spot_signature.setText(note.signature)
        self.spot_signature.setVisible(bool(note.signature))

    # -- window --------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height(event.size().height())

    def _fit_height(self, height: int) -> None:
        """The title and the spotlight take a share of the height, so that on a short screen (a 720p
        projector) the columns keep room for their notes."""
        self.title.set_limits(max_height=int(height * TITLE_SHARE))
        self.spot_body.set_limits(max_height=int(height * SPOTLIGHT_SHARE))

    def show_on_best_screen(self) -> None:
        """Full screen on a second screen (a projector) when there is one; otherwise a large window."""
        screens = QGuiApplication.screens()
        own = self.screen()
        other = next((s for s in screens if s is not own), None)
        if other is not None:
            self.setGeometry(other.geometry())
            self.showFullScreen()
        else:
            self.resize(1280, 800)
            self.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
            return
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: Any) -> None:
        self.poll.stop()
        self.rotation.stop()
        self.watch.close()
        super().closeEvent(event)


__all__ = ["NoteCard", "NoteColumn", "WallChange", "WallModel", "WallWindow"]
