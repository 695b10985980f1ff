"""Badges → Print a batch: the event's badges in handing-out order (by last name or organization), from
position N of a partly used sheet, drawn on a worker thread with progress, then queued as one job."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.badges import get_template
from kiosk.core.errors import KioskError
from kiosk.core.models import Event
from kiosk.core.services.badge_prints import BadgePrints, Batch
from kiosk.ui.labels import data_label
from kiosk.ui.print_settings_dialog import stock_combo

SORTS = {"last-name": "By last name", "organization": "By organization, then last name"}


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class BatchPrintDialog(QDialog):
    queued = Signal(object)
    """The Batch, once its job is in the print queue."""

    def __init__(self, prints: BadgePrints, event: Event, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prints = prints
        self.current_event = event
        self.worker: threading.Thread | None = None
        self.batch: Batch | None = None
        self.setWindowTitle("Print a batch of badges")
        self.setObjectName("batchPrint")

        self.event_line = data_label("batchEvent", f"Every registered person of {event.name}.")
        self.event_line.setWordWrap(True)
        self.sort = QComboBox()
        self.sort.setObjectName("batchSort")
        self.sort.setAccessibleName("Order")
        for key, text in SORTS.items():
            self.sort.addItem(text, key)
        self.stock, self.stock_about = stock_combo("batchStock", "avery-5392")
        self.start_at = QSpinBox()
        self.start_at.setObjectName("batchStartAt")
        self.start_at.setAccessibleName("First free position on the first sheet")
        self.unprinted = QCheckBox("Only people who have no badge yet")
        self.unprinted.setObjectName("batchUnprinted")
        self.unprinted.setAccessibleName("Only people who have no badge yet")
        self.progress = QProgressBar()
        self.progress.setObjectName("batchProgress")
        self.progress.setAccessibleName("Badges drawn")
        self.progress.setFormat("%v of %m badges")
        self.progress.hide()
        self.message = data_label("batchMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Batch message")

        form = QFormLayout()
        form.addRow(self.event_line)
        form.addRow("Order", self.sort)
        form.addRow("Stock", self.stock)
        form.addRow("", self.stock_about)
        form.addRow("Start at position", self.start_at)
        form.addRow("", self.unprinted)
        self.buttons = QDialogButtonBox()
        self.print_button = self.buttons.addButton("Print the batch", QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button.setObjectName("batchPrintButton")
        self.print_button.setAccessibleName("Print the batch")
        self.close_button = self.buttons.addButton("Close", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setAccessibleName("Close")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.signals = _Signals()
        self.signals.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.stock.currentIndexChanged.connect(lambda _: self._stock_changed())
        self._stock_changed()
        # Not a minimum width: that would override the layout's, and cut the stock's description off in large
        # text; the layout still widens the dialog to show it whole.
        self.resize(700, self.sizeHint().height())

    def _stock_changed(self) -> None:
        per_page = get_template(self.stock.currentData()).per_page
        self.start_at.setRange(1, per_page)
        self.start_at.setEnabled(per_page > 1)
        self.start_at.setSuffix(f" of {per_page}")

    def start(self) -> None:
        """Draw the batch on a worker thread; the dialog shows progress and stays responsive."""
        if self.worker is not None:
            return
        self.print_button.setEnabled(False)
        self.progress.show()
        self.progress.setValue(0)
        self.message.setText("Drawing the badges…")
        args = (self.sort.currentData(), self.start_at.value(), self.stock.currentData(), self.unprinted.isChecked())
        self.worker = threading.Thread(target=self._run, args=args, name="badge-batch", daemon=True)
        self.worker.start()

    def _run(self, sort: str, start_at: int, stock: str, unprinted: bool) -> None:
        try:
            batch = self.prints.print_batch(
                self.current_event,
                sort=sort,
                start_at=start_at,
                stock=stock,
                progress=self.signals.progress.emit,
                unprinted_only=unprinted,
            )
        except KioskError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug must not leave the dialog waiting forever
            self.signals.failed.emit(f"the batch stopped unexpectedly: {exc!r}")
        else:
            self.signals.finished.emit(batch)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _finished(self, batch: Batch) -> None:
        self.worker = None
        self.batch = batch
        self.print_button.setEnabled(True)
        pages = f"{batch.run.pages} page{'s' if batch.run.pages != 1 else ''}"
        fit = f" {len(batch.run.problems)} did not fit well: see the preview." if batch.run.problems else ""
        self.message.setText(f"{batch.job.title} ({pages}) are in the print queue.{fit}")
        self.queued.emit(batch)

    def _failed(self, reason: str) -> None:
        self.worker = None
        self.print_button.setEnabled(True)
        self.progress.hide()
        self.message.setText(reason)

    def wait(self, timeout: float = 60.0) -> None:
        """For tests and closing: until the drawing thread has ended."""
        if self.worker is not None:
            self.worker.join(timeout)
