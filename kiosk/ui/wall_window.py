"""The wall: a second window for a projector or a second screen, showing the visible notes as sticky notes
grouped by prompt (Journey Map) or by category (Stronger Together), readable across a room.

It polls: every POLL_MS it asks SQLite whether anything was committed to the file (ChangeWatch), and only
then re-reads the notes' revision, so notes written at this station, at another process on the same file,
or arriving by sync appear within a couple of seconds, and a hidden note disappears as fast. One note at a
time is shown large in the spotlight, in slow rotation; a note that just arrived takes the spotlight first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core.exports.contributions import GROUP_COLOURS
from kiosk.core.journey.prompts import SIDES
from kiosk.core.models import Event
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import ChangeWatch, Note
from kiosk.resources import resource_path
from kiosk.ui.labels import data_label

POLL_MS = 2_000
SPOTLIGHT_MS = 12_000
NOTES_PER_COLUMN = 6
"""The newest notes a column shows; the count above it says how many there are in all."""
JOURNEY, TOGETHER = "journey", "together"

GroupRole = Qt.ItemDataRole.UserRole + 1
SignatureRole = Qt.ItemDataRole.UserRole + 2
NoteRole = Qt.ItemDataRole.UserRole + 3


class WallModel(QAbstractListModel):
    """The visible notes of an event, newest first: what every wall shows. Hidden and held notes are
    never in it."""

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.current_event = event
        self.notes: list[Note] = []
        self.revision = ""

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

    def refresh(self) -> bool:
        """Re-read the notes if any changed (here or by sync); True if the model changed."""
        revision = self.kiosk.contributions.revision(self.current_event.id)
        if revision == self.revision:
            return False
        self.beginResetModel()
        self.notes = self.kiosk.contributions.visible(self.current_event.id)
        self.revision = revision
        self.endResetModel()
        return True

    def bodies(self) -> list[str]:
        return [note.body for note in self.notes]


class NoteCard(QFrame):
    """One sticky note: the words as plain text, and who wrote it if they signed it."""

    def __init__(self, note: Note, colour: str, prompts_heading: str = "") -> None:
        super().__init__()
        self.setObjectName("noteCard")
        self.setStyleSheet(f"#noteCard {{ background: {colour}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        if prompts_heading:
            tag = data_label("noteTag", prompts_heading)
            layout.addWidget(tag)
        self.body = data_label("noteBody", note.body)
        self.body.setWordWrap(True)
        layout.addWidget(self.body)
        if note.signature:
            signature = data_label("noteSignature", note.signature)
            signature.setWordWrap(True)
            layout.addWidget(signature)


class WallWindow(QWidget):
    def __init__(self, kiosk: Kiosk, event: Event, mode: str = JOURNEY) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("wall")
        self.setWindowTitle(f"Wall — {event.name}")
        self.setStyleSheet(resource_path("styles", "wall.qss").read_text(encoding="utf-8"))
        self.kiosk = kiosk
        self.current_event = event
        self.prompts = kiosk.contributions.prompt_set
        self.model = WallModel(kiosk, event)
        self.watch = ChangeWatch(kiosk.ctx.store)
        self.mode = mode
        self.spotlit: Note | None = None
        self._spot_index = 0
        self._seen: set[str] = set()

        self.title = data_label("wallTitle")
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
        self.spot_heading = data_label("spotHeading")
        self.spot_body = data_label("spotBody")
        self.spot_body.setWordWrap(True)
        self.spot_signature = data_label("spotSignature")
        spot = QVBoxLayout(self.spotlight)
        spot.addWidget(self.spot_heading)
        spot.addWidget(self.spot_body)
        spot.addWidget(self.spot_signature)

        self.board = QWidget()
        self.grid = QGridLayout(self.board)
        self.empty = data_label("wallEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = self.column = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.addLayout(header)
        layout.addWidget(self.spotlight)
        layout.addWidget(self.board, 1)
        layout.addWidget(self.empty, 1)

        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.check)
        self.rotation = QTimer(self)
        self.rotation.setInterval(SPOTLIGHT_MS)
        self.rotation.timeout.connect(self.next_spotlight)
        self.model.refresh()
        self._seen = {n.id for n in self.model.notes}
        self.watch.changed()
        self.rebuild()
        self.poll.start()
        self.rotation.start()

    # -- live updates --------------------------------------------------------------------------------

    def check(self) -> bool:
        """One poll: re-read and redraw if the file changed and the notes with it. True if redrawn."""
        if not self.watch.changed():
            return False
        if not self.model.refresh():
            return False
        arrived = [n for n in self.model.notes if n.id not in self._seen]
        self._seen = {n.id for n in self.model.notes}
        if arrived:
            self.spotlit = arrived[0]  # the newest note takes the spotlight
        self.rebuild()
        return True

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.spotlit = None
        self.rebuild()

    def notes_in_mode(self) -> list[Note]:
        return [n for n in self.model.notes if (n.kind in SIDES) == (self.mode == TOGETHER)]

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
        """(key, heading, notes) per column, in the prompt set's order."""
        notes = self.notes_in_mode()
        if self.mode == JOURNEY:
            return [(p.id, p.text(), [n for n in notes if n.kind == p.id]) for p in self.prompts.prompts]
        return [(c.id, c.label(), [n for n in notes if n.category == c.id]) for c in self.prompts.categories]

    def rebuild(self) -> None:
        """Draw the columns anew (a new board replaces the old one, which is hidden at once)."""
        board = QWidget()
        self.grid = QGridLayout(board)
        self.grid.setSpacing(16)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.column.replaceWidget(self.board, board)
        self.board.hide()
        self.board.deleteLater()
        self.board = board
        index = 0 if self.mode == JOURNEY else 1
        if self.mode_choice.currentIndex() != index:
            self.mode_choice.blockSignals(True)  # its signal would rebuild again, inside this rebuild
            self.mode_choice.setCurrentIndex(index)
            self.mode_choice.blockSignals(False)
        title = self.prompts.journey_title() if self.mode == JOURNEY else self.prompts.together_title()
        self.title.setText(f"{title} · {self.current_event.name}")
        shown = self.notes_in_mode()
        self.total.setText(f"{len(shown)} notes")
        groups = self.groups()
        for column, (_, heading, notes) in enumerate(groups):
            colour = GROUP_COLOURS[column % len(GROUP_COLOURS)]
            if self.mode == TOGETHER:
                have = sum(1 for n in notes if n.kind == "have")
                need = len(notes) - have
                counts = f"{self.prompts.side('have')} {have} · {self.prompts.side('need')} {need}"
            else:
                counts = f"{len(notes)} notes" if len(notes) != 1 else "1 note"
            head = data_label("columnHeading", heading)
            head.setWordWrap(True)
            head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            head.setStyleSheet(f"border-bottom: 6px solid {colour};")
            self.grid.addWidget(head, 0, column)
            self.grid.addWidget(data_label("columnCount", counts), 1, column)
            holder = QWidget()
            stack = QVBoxLayout(holder)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(10)
            for note in notes[:NOTES_PER_COLUMN]:
                tag = self.prompts.side(note.kind) if self.mode == TOGETHER else ""
                stack.addWidget(NoteCard(note, colour, tag))
            stack.addStretch(1)
            self.grid.addWidget(holder, 2, column)
            self.grid.setColumnStretch(column, 1)
        self.grid.setRowStretch(2, 1)
        self.board.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        self.empty.setText("Notes written at the kiosk appear here.")
        if self.spotlit is None or self.spotlit not in shown:
            self.spotlit = shown[0] if shown else None
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


__all__ = ["NoteCard", "WallModel", "WallWindow"]
