"""Badges → Print queue: every job waiting, sent, failed or cancelled, with Retry and Cancel. Updated live
from the queue's worker thread."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
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

COLUMNS = ("Made", "Badge", "What", "Printer", "State", "Details")
KINDS = {"first": "First badge", "reprint": "Reprint", "batch": "Batch", "calibration": "Calibration page"}
STATES = {"pending": "Waiting", "sent": "Sent", "failed": "Failed", "cancelled": "Cancelled"}
SUPERSEDED = "not needed: a newer badge was printed or asked for."


class JobsModel(ListTableModel):
    columns = COLUMNS

    def __init__(self, jobs: list[PrintJob] | None = None) -> None:
        super().__init__()
        self.jobs: list[PrintJob] = list(jobs or [])

    def items(self) -> list[PrintJob]:
        return self.jobs

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        job = self.jobs[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            # A badge's title is a person's name, a reason or an error is typed text: never markup.
            return plain_tooltip(self._cell(job, index.column()))
        return self._cell(job, index.column())

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
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.summary = data_label("printQueueSummary")
        self.summary.setAccessibleName("Print queue summary")
        self.message = data_label("printQueueMessage")
        self.message.setWordWrap(True)
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
