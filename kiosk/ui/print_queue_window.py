"""Badges → Print queue: every job waiting, sent, failed or cancelled, with Retry and Cancel. Updated live
from the queue's worker thread. The columns always fit the window: a long name, reason, printer or error is
cut short with "…" (whole in its tooltip and for a screen reader), never pushing State off to the right."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.errors import KioskError
from kiosk.core.printing import JobState, PrintJob
from kiosk.core.services.badge_prints import BadgePrints
from kiosk.core.services.desk import local_time
from kiosk.core.text import plural
from kiosk.ui.labels import data_label
from kiosk.ui.list_model import ListTableModel
from kiosk.ui.tooltips import plain_tooltip
from kiosk.ui.wrapping import WrapLabel

COLUMNS = ("Made", "Badge", "What", "Printer", "State", "Details")
KINDS = {"first": "First badge", "reprint": "Reprint", "batch": "Batch", "calibration": "Calibration page"}
STATES = {"pending": "Waiting", "sent": "Sent", "failed": "Failed", "cancelled": "Cancelled"}
SUPERSEDED = "not needed: a newer badge was printed or asked for."
FITTED = (1, 2, 3, 5)
"""Badge, What, Printer and Details: typed text of any length (a name, a reason, a printer, an error). They
share what Made and State leave of the table's width; Made and State are always whole."""


class JobsModel(ListTableModel):
    columns = COLUMNS

    def __init__(self, jobs: list[PrintJob] | None = None) -> None:
        super().__init__()
        self.jobs: list[PrintJob] = list(jobs or [])

    def items(self) -> list[PrintJob]:
        return self.jobs

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole)
        if not index.isValid() or role not in roles:
            return None
        job = self.jobs[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            # A badge's title is a person's name, a reason or an error is typed text: never markup.
            return plain_tooltip(self._cell(job, index.column()))
        return self._cell(job, index.column())  # whole, however narrow its column draws it

    def _cell(self, job: PrintJob, column: int) -> str:
        if column == 0:
            return local_time(dt.datetime.fromisoformat(job.created_at)) if job.created_at else ""
        if column == 1:
            return job.title
        if column == 2:
            what = KINDS.get(str(job.kind), str(job.kind))
            return f"{what}: {job.reason}" if job.kind == "reprint" else f"{what} ({job.stock})"
        if column == 3:
            return job.printer or "(default)"
        if column == 4:
            return STATES.get(str(job.state), str(job.state))
        if job.state == JobState.FAILED:
            return job.error
        if job.superseded_by:
            return SUPERSEDED
        return job.spooler_ref

    def job(self, row: int) -> PrintJob | None:
        return self.jobs[row] if 0 <= row < len(self.jobs) else None

    def set_jobs(self, jobs: list[PrintJob]) -> None:
        self.beginResetModel()
        self.jobs = list(reversed(jobs))  # newest first: the one just asked for is at the top
        self.endResetModel()

    def update(self, job: PrintJob) -> None:
        for row, known in enumerate(self.jobs):
            if known.id == job.id:
                self.jobs[row] = job
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.jobs.insert(0, job)
        self.endInsertRows()


def fitted_widths(wanted: list[int], least: list[int], room: int) -> list[int]:
    """The columns' `wanted` widths, cut to add up to no more than `room`: the widest cut first, all to the
    same width, none narrower than its `least` (its heading)."""

    def cut_to(cap: int) -> list[int]:
        return [max(low, min(want, cap)) for want, low in zip(wanted, least, strict=True)]

    if sum(wanted) <= room:
        return list(wanted)
    low, high = 0, max(wanted)  # the widest cap whose columns fit: cut_to(low) fits, or low is 0
    while low < high:
        cap = (low + high + 1) // 2
        if sum(cut_to(cap)) <= room:
            low = cap
        else:
            high = cap - 1
    return cut_to(low)


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text)
    button.setAutoDefault(False)
    return button


class PrintQueueWindow(QDialog):
    def __init__(self, prints: BadgePrints, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prints = prints
        self.setWindowTitle("Print queue")
        self.setObjectName("printQueue")
        self.resize(860, 420)
        self.model = JobsModel()
        self.table = QTableView()
        self.table.setObjectName("printJobs")
        self.table.setAccessibleName("Print jobs")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)  # set by _fit_columns
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        # Measured once the model, the fonts (large text) or the table's width settle: one fit for many changes.
        self.refit = QTimer(self)
        self.refit.setSingleShot(True)
        self.refit.setInterval(0)
        self.refit.timeout.connect(self._fit_columns)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            signal.connect(self.refit.start)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.summary = data_label("printQueueSummary")
        self.summary.setAccessibleName("Print queue summary")
        # Wraps anywhere: a name written without spaces (Khmer) is one long word QLabel would not break.
        self.message = WrapLabel("printQueueMessage")
        self.message.setAccessibleName("Print queue message")

        self.retry_button = _button("Retry", "retryJob")
        self.cancel_button = _button("Cancel job", "cancelJob")
        self.retry_all_button = _button("Retry all failed", "retryAllJobs")
        self.clear_button = _button("Clear finished", "clearJobs")
        self.close_button = _button("Close", "closePrintQueue")
        self.retry_button.clicked.connect(self.retry_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_all_button.clicked.connect(self.retry_all)
        self.clear_button.clicked.connect(self.clear_finished)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.cancel_button, self.retry_all_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        prints.queue.reload()
        self.refresh()

    def refresh(self) -> None:
        self.model.set_jobs(self.prints.queue.jobs())
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Made and State as wide as their text; Badge, What and Printer as wide as theirs while the columns
        fit the table, else cut to share it (see fitted_widths); Details takes what is left."""
        self.refit.stop()
        table, header = self.table, self.table.horizontalHeader()
        wanted = [max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(len(COLUMNS))]
        whole = [c for c in range(len(COLUMNS)) if c not in FITTED]
        room = table.viewport().width() - sum(wanted[c] for c in whole)
        least = [header.sectionSizeHint(c) for c in FITTED]  # the heading whole
        widths = dict(zip(FITTED, fitted_widths([wanted[c] for c in FITTED], least, room), strict=True))
        widths.update({c: wanted[c] for c in whole})
        for column in range(len(COLUMNS) - 1):  # the last stretches over what is left
            header.resizeSection(column, widths[column])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange)) or (
            watched is self.table.viewport() and event.type() == QEvent.Type.Resize
        ):
            self.refit.start()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_columns()

    def job_changed(self, job: PrintJob) -> None:
        """A change from the queue (delivered on the UI thread by the badge menu)."""
        self.model.update(job)
        self._update_buttons()

    def selected(self) -> PrintJob | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.job(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        job = self.selected()
        if job is not None and job.state == JobState.FAILED:
            self.message.setText(f"{job.title}: {job.error}")
        self.retry_button.setEnabled(job is not None and job.state == JobState.FAILED)
        self.cancel_button.setEnabled(job is not None and job.state in (JobState.PENDING, JobState.FAILED))
        counts = {state: sum(1 for j in self.model.jobs if j.state == state) for state in JobState}
        self.retry_all_button.setEnabled(counts[JobState.FAILED] > 0)
        self.summary.setText(
            f"{counts[JobState.PENDING]} waiting · {counts[JobState.FAILED]} failed · {counts[JobState.SENT]} sent"
        )

    def _act(self, action: str) -> None:
        job = self.selected()
        if job is None:
            return
        try:
            if action == "retry":
                changed = self.prints.retry(job.id)
                done = SUPERSEDED if changed.superseded_by else "sent again."
                self.message.setText(f"{job.title}: {done}")
            else:
                changed = self.prints.queue.cancel(job.id)
                self.message.setText(f"{job.title}: cancelled.")
        except KioskError as exc:
            self.message.setText(str(exc))
            return
        self.job_changed(changed)

    def retry_selected(self) -> None:
        self._act("retry")

    def cancel_selected(self) -> None:
        self._act("cancel")

    def retry_all(self) -> None:
        failed = self.prints.queue.jobs((JobState.FAILED,))
        settled = sum(1 for job in failed if self.prints.retry(job.id).superseded_by)
        sent = len(failed) - settled
        text = f"{plural(sent, 'failed job', 'failed jobs')} sent again."
        if settled:
            text += f" {plural(settled, 'other was', 'others were')} {SUPERSEDED}"
        self.message.setText(text)

    def clear_finished(self) -> None:
        self.prints.queue.forget_finished()
        self.refresh()
