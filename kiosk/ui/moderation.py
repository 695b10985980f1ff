"""Staff side of contributions: the moderation queue (hide, restore, let held notes through, and the
hold-for-review switch) and a quick-entry form to type in paper sticky notes in batches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.exports.contributions import EVENT_TIME_ZONE
from kiosk.core.journey import LANGUAGES
from kiosk.core.journey.prompts import SIDES
from kiosk.core.models import Event, ModerationStatus
from kiosk.core.services import Kiosk
from kiosk.core.services.contributions import STATUSES, Draft, Note
from kiosk.core.text import plural
from kiosk.core.watch import ChangeWatch
from kiosk.ui.labels import data_label
from kiosk.ui.list_model import ListTableModel
from kiosk.ui.tooltips import plain_tooltip

POLL_MS = 2_000
"""While the queue is on screen it looks this often for notes written at a kiosk, typed in or synced since."""
COLUMNS = ("Time", "Status", "Prompt or category", "Note", "Signed by")
FILTERS = (
    ("Everything", STATUSES),
    ("Held for review", (ModerationStatus.HELD.value,)),
    ("Hidden", (ModerationStatus.HIDDEN.value,)),
    ("On the wall", (ModerationStatus.VISIBLE.value,)),
)


STATUS_WORDS = {
    ModerationStatus.VISIBLE.value: "on the wall",
    ModerationStatus.HIDDEN.value: "hidden",
    ModerationStatus.HELD.value: "held",
}


class ModerationModel(ListTableModel):
    columns = COLUMNS

    """Notes of an event for staff: every status, newest first."""

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.current_event = event
        self.statuses: tuple[str, ...] = STATUSES
        self.notes: list[Note] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.notes = self.kiosk.contributions.notes(self.current_event.id, self.statuses)
        self.endResetModel()

    def items(self) -> list[Note]:
        return self.notes

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        note = self.notes[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            # Notes and signatures are typed by attendees: shown as typed, never as markup.
            return plain_tooltip(note.body if index.column() == 3 else self._cell(note, index.column()))
        return self._cell(note, index.column())

    def _cell(self, note: Note, column: int) -> str:
        if column == 0:
            return note.created_at.astimezone(EVENT_TIME_ZONE).strftime("%H:%M")
        if column == 1:
            return STATUS_WORDS.get(note.status, note.status)
        if column == 2:
            return self.kiosk.contributions.prompt_set.heading(note.kind, note.category)
        if column == 3:
            return " ".join(note.body.split())
        return note.signature or "anonymous"

    def note(self, row: int) -> Note:
        return self.notes[row]


class ModerationQueue(QWidget):
    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.current_event = event
        self.model = ModerationModel(kiosk, event)
        self.table = QTableView()
        self.table.setObjectName("moderationTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Time and status fit their text; the prompt and the signature get room for what staff read them
        # for (which category, who), the note the rest; every cell's whole text is in its tooltip.
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 240)
        header.resizeSection(4, 180)
        self.filter = QComboBox()
        for label, _ in FILTERS:
            self.filter.addItem(label)
        self.filter.currentIndexChanged.connect(self._filter)
        self.hold = QCheckBox("Hold notes written at this kiosk for review before they reach the wall")
        self.hold.setChecked(kiosk.contributions.holds_for_review())
        self.hold.toggled.connect(kiosk.contributions.set_hold_for_review)
        self.hide_button = QPushButton("Hide from the wall")
        self.hide_button.clicked.connect(self.hide_selected)
        self.restore_button = QPushButton("Show on the wall")
        self.restore_button.clicked.connect(self.restore_selected)
        self.summary = data_label("moderationSummary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.filter)
        buttons.addStretch(1)
        buttons.addWidget(self.hide_button)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hold)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self._revision = ""
        self.watch: ChangeWatch | None = None
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.check)
        self.reload()

    def _filter(self, index: int) -> None:
        self.model.statuses = tuple(FILTERS[index][1])
        self.reload()

    def reload(self) -> None:
        """Read the notes again, keeping the rows staff selected (by note, wherever they moved to)."""
        chosen = {note.id for note in self.selected()} if self.table.selectionModel() is not None else set()
        self._revision = self.kiosk.contributions.revision(self.current_event.id)
        self.model.reload()
        if chosen:
            selection = QItemSelection()
            for row, note in enumerate(self.model.notes):
                if note.id in chosen:
                    selection.select(self.model.index(row, 0), self.model.index(row, len(COLUMNS) - 1))
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(selection, flags)
        counts = self.kiosk.contributions.counts(self.current_event.id)
        self.summary.setText(f"{counts.visible} on the wall · {counts.held} held for review · {counts.hidden} hidden")
        # The menu's "Hold kiosk notes for review" sets the same switch: show what the station does now.
        self.hold.blockSignals(True)
        self.hold.setChecked(self.kiosk.contributions.holds_for_review())
        self.hold.blockSignals(False)

    def check(self) -> bool:
        """One poll: re-read if a note was added, moderated or synced since; True if it was."""
        if self.watch is not None and not self.watch.changed():
            return False
        if self.kiosk.contributions.revision(self.current_event.id) == self._revision:
            return False
        self.reload()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.watch is None:
            self.watch = ChangeWatch(self.kiosk.ctx.store.path)
        self.check()
        self.poll.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.poll.stop()
        if self.watch is not None:
            self.watch.close()
            self.watch = None
        super().hideEvent(event)

    def selected(self) -> list[Note]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.note(row) for row in rows]

    def hide_selected(self) -> None:
        for note in self.selected():
            self.kiosk.contributions.hide(note.id)
        self.reload()

    def restore_selected(self) -> None:
        for note in self.selected():
            self.kiosk.contributions.restore(note.id)
        self.reload()


class QuickEntry(QWidget):
    """Type in paper sticky notes: choose what they answer once (a prompt id, or "need:funding"), then
    type one note per line (a blank line is skipped) and save the batch; the choice stays for the next."""

    def __init__(self, kiosk: Kiosk, event: Event) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.current_event = event
        prompts = kiosk.contributions.prompt_set
        self.target = QComboBox()
        self.target.setObjectName("entryTarget")
        for prompt in prompts.prompts:
            self.target.addItem(f"{prompts.journey_title()}: {prompt.text()}", prompt.id)
        for category in prompts.categories:
            for side in SIDES:
                self.target.addItem(
                    f"{prompts.together_title()}: {prompts.heading(side, category.id)}", f"{side}:{category.id}"
                )
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.text = QPlainTextEdit()
        self.text.setObjectName("entryText")
        self.text.setPlaceholderText("One sticky note per line. Ctrl+Enter saves the batch.")
        self.message = data_label("entryMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("Save these notes")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        form = QFormLayout()
        form.addRow("They answer", self.target)
        form.addRow("Written in", self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)

    def drafts(self) -> list[Draft]:
        kind, _, category = str(self.target.currentData()).partition(":")
        language = self.language.currentData()
        lines = [line for line in self.text.toPlainText().split("\n") if line.strip()]
        return [Draft(kind, line, category or None, language) for line in lines]

    def save(self) -> list[Note]:
        drafts = self.drafts()
        if not drafts:
            self.message.setText("Type at least one note first.")
            return []
        try:
            notes = self.kiosk.contributions.add_many(self.current_event.id, drafts)
        except KioskError as exc:
            self.message.setText(f"Nothing saved: {exc}.")
            return []
        self.text.clear()
        self.message.setText(f"Saved {plural(len(notes), 'note', 'notes')}. Type the next batch.")
        return notes


class ModerationDialog(QDialog):
    def __init__(self, kiosk: Kiosk, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moderation")
        self.setWindowTitle(f"Contributions — {event.name}")
        self.resize(1100, 700)
        self.queue = ModerationQueue(kiosk, event)
        self.entry = QuickEntry(kiosk, event)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.queue, "Moderation queue")
        self.tabs.addTab(self.entry, "Type in paper notes")
        self.tabs.currentChanged.connect(lambda _: self.queue.reload())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def set_event(self, event: Event) -> None:
        """Follow the event the station shows: its notes listed, paper notes typed in saved to it."""
        self.setWindowTitle(f"Contributions — {event.name}")
        self.queue.current_event = self.queue.model.current_event = self.entry.current_event = event
        self.queue.reload()
