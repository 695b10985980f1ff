"""Conflicts… : what staff review after stations sync, in five tabs. Duplicate check-ins (one person
checked in at two stations: void the extra one, with a reason), competing edits (a field two stations
set differently: the value shown and the values that lost), possible duplicate walk-ins (merge the
walk-in into the record it duplicates, with a reason), the merges made (undo one made by mistake,
with a reason; merges undone since, by staff or by sync itself, are listed under them), and event slugs and
ticket codes two stations gave apart (nothing to decide, but a renamed code's badge needs a reprint).
The lists are read on a worker thread; every name is shown as plain text, whatever it holds."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.services.desk import local_time
from kiosk.core.services.merges import MergeRecord
from kiosk.core.sync.conflicts import (
    DuplicateWalkIn,
    GivenTwice,
    Review,
    UndoneMerge,
    WalkInPerson,
    review,
    stamp_time,
)
from kiosk.core.text import plural
from kiosk.ui.sync_status import Relay
from kiosk.ui.tooltips import plain_tooltip

if TYPE_CHECKING:
    from kiosk.core.models import Event
    from kiosk.core.services import Kiosk

ROLE = Qt.ItemDataRole.UserRole
FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "organization_id": "Organization",
    "email": "Email",
    "phone": "Phone",
    "title": "Title",
    "pronouns": "Pronouns",
    "status": "Status",
    "name": "Name",
    "sector": "Sector",
    "region": "Region",
    "languages": "Languages",
}


def _time_of_stamp(stamp: str) -> str:
    when = stamp_time(stamp)
    return local_time(when) if when else ""


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _who(person: WalkInPerson) -> str:
    """A name with what tells two records of one name apart: organization, email, how they registered."""
    extra = [part for part in (person.organization, person.email) if part]
    extra.append("walk-in" if person.walk_in else "registered")
    return f"{person.display_name} ({', '.join(extra)})"


def _undone_cells(undone: UndoneMerge, found: Review) -> list[str]:
    """A merge undone since, as the Merges tab lists it: the merge as it was, then who undid it and why."""
    when = _time_of_stamp(undone.merge_stamp)
    at = _time_of_stamp(undone.undo_stamp)
    if undone.automatic:
        why_undone = f"Undone by sync at {at}: also merged the other way at another station; the later merge is undone"
    else:
        by = f" by {undone.undone_by}" if undone.undone_by else ""
        why_undone = f"Undone{by} at {at}: {undone.undo_reason}"
    return [
        found.people.get(undone.merged_id, undone.merged_id),
        found.people.get(undone.kept_id, undone.kept_id),
        undone.merge_reason,
        undone.merged_by,
        when,
        why_undone,
    ]


def _given_cells(given: GivenTwice, found: Review) -> list[str]:
    """A slug or ticket code given twice, as the Given twice tab lists it."""
    if given.entity == "event":
        what = "Event slug"
        kept = found.records.get(given.kept_id, given.kept_id)
        renamed = found.records.get(given.renamed_id, given.renamed_id)
        changed = f"{given.given} (this event is now chosen by it)"
    else:
        what = "Ticket code"
        kept = found.people.get(given.kept_id, given.kept_id)
        renamed = found.people.get(given.renamed_id, given.renamed_id)
        changed = f"{given.given}: reprint their badge (their QR code still works)"
    station = found.stations.get
    return [
        what,
        given.value,
        f"{kept} ({station(given.kept_station, 'another station')})",
        f"{renamed} ({station(given.renamed_station, 'another station')})",
        changed,
    ]


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)  # a table item never reads its text as markup
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(ROLE, data)
    return item


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


def _button(text: str, accessible: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(accessible)
    button.clicked.connect(slot)
    return button


class MergeDialog(QDialog):
    """Asks staff to confirm a merge and say why; OK only once a reason is typed."""

    def __init__(self, pair: DuplicateWalkIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge two records")
        walk_in, other = pair.walk_in, pair.other
        text = QLabel(
            f"Merge the walk-in {_who(walk_in)} into {_who(other)}?\n\n"
            f"The walk-in record will leave the counts, search and lists on every station; a check-in of "
            f"theirs will count for the person kept. A merge made by mistake can be undone in the Merges tab."
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setAccessibleName("What the merge does")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the merge")
        self.reason.setPlaceholderText(f"Why they are one person (found: {pair.reason})")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setAccessibleName("Merge the two records")
        self.merge_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel the merge")
        self.reason.textChanged.connect(lambda t: self.merge_button.setEnabled(bool(t.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel("Reason:"))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)


def ask_merge_reason(pair: DuplicateWalkIn, parent: QWidget) -> str | None:
    """The reason staff gave, or None if they cancelled."""
    dialog = MergeDialog(pair, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return dialog.reason.text().strip() if accepted else None


def ask_unmerge_reason(record: MergeRecord, parent: QWidget) -> str | None:
    """Why staff undo a merge, or None if they cancelled."""
    reason, ok = QInputDialog.getText(
        parent,
        "Undo this merge",
        f"{record.merged_name} will be a record of their own again, with their check-in, on every station.\n"
        f"Why were they not the same person as {record.kept_name}?",
    )
    return reason.strip() if ok and reason.strip() else None


def ask_void_reason(who: str, parent: QWidget) -> str | None:
    reason, ok = QInputDialog.getText(
        parent, "Void this check-in", f"Why is this check-in of {who} voided?", text="checked in at two stations"
    )
    return reason.strip() if ok and reason.strip() else None


class ConflictsView(QDialog):
    """The Conflicts… window for one event."""

    loaded = Signal()
    """The lists were read and shown."""

    def __init__(self, kiosk: Kiosk, event: Event, operator: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.shown_event = event
        self.operator = operator
        self.review: Review | None = None
        self.merge_history: list[MergeRecord] = []
        self._loading = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.setWindowTitle(f"Conflicts — {event.name}")
        self.setAccessibleName("Conflicts after sync")
        self.resize(900, 460)

        self.summary = QLabel("Looking for conflicts…")
        self.summary.setObjectName("conflictsSummary")
        self.summary.setAccessibleName("Summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)

        self.checkins = _table("Duplicate check-ins", ["Person", "Station", "When", "Counts?"])
        self.void_button = _button("Void this one…", "Void the selected check-in", self.void_selected)
        self.edits = _table("Competing edits", ["Record", "Field", "Shown (winner)", "Set at", "Values that lost"])
        self.walk_ins = _table("Possible duplicate walk-ins", ["Walk-in", "May be", "Why", "Checked in"])
        self.merge_button = _button("Merge into…", "Merge the walk-in into the other record", self.merge_selected)
        self.merges = _table("Merges", ["Merged record", "Into", "Why", "By", "When", "Undone"])
        self.unmerge_button = _button("Undo this merge…", "Undo the selected merge", self.unmerge_selected)
        self.given = _table(
            "Given twice", ["What", "Given to both", "Keeps it (made first)", "Given another", "Now holds"]
        )
        self.refresh_button = _button("Refresh", "Read the conflicts again", self.reload)
        self.close_button = _button("Close", "Close the conflicts window", self.close)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Kinds of conflict")
        self.tabs.addTab(
            self._page(
                "The same person was checked in at two stations while they were apart. The earliest counts; "
                "void the other.",
                self.checkins,
                self.void_button,
            ),
            "Duplicate check-ins",
        )
        self.tabs.addTab(
            self._page(
                "Two stations changed the same detail differently. The latest change is shown everywhere; "
                "the others are listed here. Edit the person to correct it.",
                self.edits,
            ),
            "Competing edits",
        )
        self.tabs.addTab(
            self._page(
                "Walk-ins who may have registered already. Nothing is merged unless you merge it.",
                self.walk_ins,
                self.merge_button,
            ),
            "Possible duplicate walk-ins",
        )
        self.tabs.addTab(
            self._page(
                "Records merged as one person. If two people were merged by mistake, undo the merge: the record "
                "and its check-in come back on every station. Merges undone since are listed below them, with "
                "who undid them and why.",
                self.merges,
                self.unmerge_button,
            ),
            "Merges",
        )
        self.tabs.addTab(
            self._page(
                "An event slug or ticket code that two stations gave to two records while apart. The record made "
                "first keeps it; the other now has one made from it, on every station. A person whose ticket "
                "code changed needs a new badge (their QR code still checks them in).",
                self.given,
            ),
            "Given twice",
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.refresh_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        for table in (self.checkins, self.walk_ins, self.merges):
            table.itemSelectionChanged.connect(self._enable_buttons)
        self._relay = Relay(lambda sent: self._show(*sent))
        self._enable_buttons()
        self.reload()

    def _page(self, text: str, table: QTableWidget, action: QPushButton | None = None) -> QWidget:
        page = QWidget()
        note = QLabel(text)
        note.setWordWrap(True)
        note.setAccessibleName("About this list")
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(table, 1)
        if action is not None:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(action)
            layout.addLayout(row)
        return page

    # -- reading -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the lists again on a worker thread."""
        self.summary.setText("Looking for conflicts…")
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=self._load, name="conflicts", daemon=True)
        self._threads.append(thread)
        thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the lists being read are read (closing, tests)."""
        for thread in list(self._threads):
            thread.join(timeout)

    def done(self, result: int) -> None:
        self.wait()  # a read still running would signal a window that is gone
        super().done(result)

    def _load(self) -> None:
        with self._loading:
            history: list[MergeRecord] = []
            try:
                found: Review | None = review(self.kiosk.ctx, self.shown_event.id)
                history = self.kiosk.merges.history(self.shown_event.id)
                error = ""
            except Exception as exc:  # shown in the window, never raised into the event loop
                found, error = None, str(exc)
            self._relay.sent.emit((found, history, error))

    def _show(self, found: Review | None, history: list[MergeRecord], error: str) -> None:
        if found is None:
            self.summary.setText(f"The conflicts could not be read: {error}")
            return
        self.review = found
        self.merge_history = history
        self._fill_checkins(found)
        self._fill_edits(found)
        self._fill_walk_ins(found)
        self._fill_merges(history, found)
        self._fill_given(found)
        counts = (
            len(found.duplicate_checkins),
            len(found.competing_edits),
            len(found.walk_ins),
            len(history),
            len(found.given_twice),
        )
        for index, count in enumerate(counts):
            self.tabs.setTabText(index, f"{self.tabs.tabText(index).split(' (')[0]} ({count})")
        summary = (
            "Nothing to review: the stations agree."
            if not found.total
            else f"{plural(counts[0], 'person', 'people')} checked in at two stations, "
            f"{plural(counts[1], 'competing edit', 'competing edits')}, "
            f"{plural(counts[2], 'possible duplicate walk-in', 'possible duplicate walk-ins')}."
        )
        automatic = sum(u.automatic for u in found.undone_merges)
        if automatic:
            summary += (
                f" {plural(automatic, 'merge was', 'merges were')} undone by sync: two records had been merged "
                "into each other at two stations (see Merges)."
            )
        if found.given_twice:
            summary += (
                f" {plural(counts[4], 'slug or ticket code', 'slugs or ticket codes')} given twice (see Given twice)."
            )
        self.summary.setText(summary)
        self._enable_buttons()
        self.loaded.emit()

    def _fill_checkins(self, found: Review) -> None:
        self.checkins.setRowCount(0)
        for duplicate in found.duplicate_checkins:
            name = found.people.get(duplicate.registrant_id, duplicate.registrant_id)
            for index, checkin in enumerate(duplicate.checkins):
                row = self.checkins.rowCount()
                self.checkins.insertRow(row)
                at = local_time(dt.datetime.fromisoformat(checkin.at))
                station = found.stations.get(checkin.station_id, f"station {checkin.station_id[:8]}")
                data = (checkin.checkin_id, name)
                cells = [name, station, at, "Yes (earliest)" if index == 0 else "No: a duplicate"]
                for column, text in enumerate(cells):
                    self.checkins.setItem(row, column, _item(text, data))
        duplicates = [
            r for r in range(self.checkins.rowCount()) if (cell := self.checkins.item(r, 3)) and cell.text()[:2] == "No"
        ]
        if duplicates:
            self.checkins.selectRow(duplicates[0])

    def _fill_edits(self, found: Review) -> None:
        self.edits.setRowCount(0)
        for edit in found.competing_edits:
            row = self.edits.rowCount()
            self.edits.insertRow(row)
            # Whole ids where a name is missing: ids made the same day share their first characters.
            if edit.entity == "registrant":
                record = found.people.get(edit.entity_id, edit.entity_id)
            else:
                record = f"{edit.entity.capitalize()} {found.records.get(edit.entity_id, edit.entity_id)}"
            winner_station = found.stations.get(edit.winner.station_id, edit.winner.station_id)
            losers = "; ".join(
                f"{_show(v.value)} ({found.stations.get(v.station_id, v.station_id)}, {_time_of_stamp(v.stamp)})"
                for v in edit.losers
            )
            cells = [
                record,
                FIELD_LABELS.get(edit.field, edit.field),
                _show(edit.winner.value),
                f"{winner_station}, {_time_of_stamp(edit.winner.stamp)}",
                losers,
            ]
            for column, text in enumerate(cells):
                self.edits.setItem(row, column, _item(text))

    def _fill_walk_ins(self, found: Review) -> None:
        self.walk_ins.setRowCount(0)
        for index, pair in enumerate(found.walk_ins):
            self.walk_ins.insertRow(index)
            checked = {
                (True, True): "both",
                (True, False): "the walk-in",
                (False, True): "the other record",
                (False, False): "neither",
            }[(pair.walk_in.checked_in, pair.other.checked_in)]
            cells = [_who(pair.walk_in), _who(pair.other), pair.reason, checked]
            for column, text in enumerate(cells):
                self.walk_ins.setItem(index, column, _item(text, index))
        if found.walk_ins:
            self.walk_ins.selectRow(0)

    def _fill_merges(self, history: list[MergeRecord], found: Review) -> None:
        self.merges.setRowCount(0)
        for index, record in enumerate(history):
            self.merges.insertRow(index)
            when = local_time(record.at) if record.at else ""
            cells = [record.merged_name, record.kept_name, record.reason, record.operator, when, ""]
            for column, text in enumerate(cells):
                self.merges.setItem(index, column, _item(text, index))
        for undone in found.undone_merges:  # below the merges that stand; nothing left to undo on them
            row = self.merges.rowCount()
            self.merges.insertRow(row)
            for column, text in enumerate(_undone_cells(undone, found)):
                item = _item(text, -1)
                item.setForeground(self.palette().placeholderText())
                item.setToolTip(plain_tooltip(text))  # the undo's reason may be longer than the column
                self.merges.setItem(row, column, item)
        if history:
            self.merges.selectRow(0)

    def _fill_given(self, found: Review) -> None:
        self.given.setRowCount(0)
        for index, given in enumerate(found.given_twice):
            self.given.insertRow(index)
            for column, text in enumerate(_given_cells(given, found)):
                self.given.setItem(index, column, _item(text))

    def _enable_buttons(self) -> None:
        self.void_button.setEnabled(bool(self.checkins.selectedItems()))
        self.unmerge_button.setEnabled(self._selected_merge() is not None)
        self.merge_button.setEnabled(bool(self.walk_ins.selectedItems()))
        selected = self.selected_pair()
        self.merge_button.setText(f"Merge into {selected.other.display_name}…" if selected else "Merge into…")

    # -- acting ------------------------------------------------------------------------------------

    def selected_pair(self) -> DuplicateWalkIn | None:
        items = self.walk_ins.selectedItems()
        if not items or self.review is None:
            return None
        return self.review.walk_ins[int(items[0].data(ROLE))]

    def _selected_merge(self) -> MergeRecord | None:
        """The standing merge selected in the Merges tab (None for a merge undone already)."""
        items = self.merges.selectedItems()
        index = int(items[0].data(ROLE)) if items else -1
        return self.merge_history[index] if 0 <= index < len(self.merge_history) else None

    def void_selected(self) -> bool:
        """Ask why, then void the selected check-in."""
        items = self.checkins.selectedItems()
        if not items:
            return False
        checkin_id, name = items[0].data(ROLE)
        reason = ask_void_reason(name, self)
        if reason is None:
            return False
        try:
            self.kiosk.checkins.void(checkin_id, reason, self.operator())
        except KioskError as exc:
            QMessageBox.warning(self, "Not voided", str(exc))
            return False
        self.reload()
        return True

    def merge_selected(self) -> bool:
        """Confirm, ask why, then merge the selected walk-in into the other record."""
        pair = self.selected_pair()
        if pair is None:
            return False
        reason = ask_merge_reason(pair, self)
        if reason is None:
            return False
        try:
            self.kiosk.merges.merge(pair.other.registrant_id, pair.walk_in.registrant_id, self.operator(), reason)
        except KioskError as exc:
            QMessageBox.warning(self, "Not merged", str(exc))
            return False
        self.reload()
        return True

    def unmerge_selected(self) -> bool:
        """Ask why, then undo the selected merge."""
        record = self._selected_merge()
        if record is None:
            return False
        reason = ask_unmerge_reason(record, self)
        if reason is None:
            return False
        try:
            self.kiosk.merges.undo(record.merged_id, self.operator(), reason)
        except KioskError as exc:
            QMessageBox.warning(self, "Merge not undone", str(exc))
            return False
        self.reload()
        return True
