"""Imports run on a worker thread: the wizard stays responsive and shows progress while rows are read."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from kiosk.core.changelog import collection_paused
from kiosk.core.errors import KioskError
from kiosk.core.services.imports import Imports, ImportStopped

log = logging.getLogger(__name__)

UNKNOWN_TOTAL = -1
"""What `progress` sends as the total when only reading to the end tells (a CSV)."""


class _Stopped(ImportStopped):
    """Raised from the progress callback to end a run at the next batch when the person cancels; the run
    raises it again with the summary of the rows read up to there."""


class ImportWorker(QObject):
    """Calls Imports.run on the thread it is moved to and reports back through signals."""

    progress = Signal(int, int)
    """Rows read so far, and the rows in the file or UNKNOWN_TOTAL."""
    finished = Signal(object)
    """The ImportSummary."""
    failed = Signal(str)
    """The service's one-line reason."""
    stopped = Signal(int, object)
    """Cancelled: rows read (and, for a real run, written) before it stopped, and the ImportSummary of those
    rows (what was added, updated, rejected up to there)."""

    def __init__(
        self,
        imports: Imports,
        path: Path,
        event_id: str,
        preset: str | None,
        mapping: dict[str, str] | None,
        dry_run: bool,
    ) -> None:
        super().__init__()
        self.imports = imports
        self.path = path
        self.event_id = event_id
        self.preset = preset
        self.mapping = mapping
        self.dry_run = dry_run
        self.done = 0
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the run to end after the batch it is on (thread-safe); batches already written stay."""
        self._stop.set()

    def _progress(self, done: int, total: int | None) -> None:
        self.done = done
        if self._stop.is_set():
            raise _Stopped
        self.progress.emit(done, UNKNOWN_TOTAL if total is None else total)

    @Slot()
    def run(self) -> None:
        try:
            # Python's cyclic collector off for the whole run, not only the part Imports.run pauses: run on
            # this thread, it could free a Qt object left in a cycle by the UI, which only its thread may.
            with collection_paused():
                summary = self.imports.run(
                    self.path, self.event_id, self.preset, self.mapping, dry_run=self.dry_run, progress=self._progress
                )
        except _Stopped as stop:
            self.stopped.emit(self.done, stop.summary)
        except KioskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must not leave the wizard waiting forever
            self.failed.emit(f"the import stopped unexpectedly: {exc!r}")
        else:
            self.finished.emit(summary)


class ImportJob(QObject):
    """One run on its own QThread; `wait()` ends it cleanly (cancelling first) so no thread outlives the wizard."""

    def __init__(self, worker: ImportWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("import-dry-run" if worker.dry_run else "import")
        worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(worker.run)
        for signal in (worker.finished, worker.failed, worker.stopped):
            # Direct: quit() is thread-safe, and the UI thread may be blocked in wait() at that moment.
            signal.connect(self.worker_thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self.worker_thread.start()

    def is_running(self) -> bool:
        return self.worker_thread.isRunning()

    def cancel(self) -> None:
        self.worker.stop()

    def wait(self) -> None:
        """Block until the run has ended (it stops at its next batch if cancelled)."""
        self.worker_thread.quit()
        self.worker_thread.wait()


class CallWorker(QObject):
    """Calls one core function on the thread it is moved to and reports back through signals, as ImportWorker
    runs an import: short work the UI thread must not wait for (queueing a badge after a welcome)."""

    finished = Signal(object)
    """What the call returned."""
    failed = Signal(str)
    """The service's one-line reason, or what a bug raised."""

    def __init__(self, call: Callable[[], object], name: str) -> None:
        super().__init__()
        self.call = call
        self.name = name

    @Slot()
    def run(self) -> None:
        try:
            result = self.call()
        except KioskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug must reach the volunteer, not vanish with the thread
            log.exception("%s failed", self.name)
            self.failed.emit(f"it stopped unexpectedly: {exc!r}")
        else:
            self.finished.emit(result)


class CallJob(QObject):
    """One CallWorker on its own QThread, as ImportJob runs an import: `wait()` lets the call finish and ends
    the thread, so no thread outlives its owner. `ended` (on the owner's thread) says the thread is done."""

    ended = Signal(object)
    """This job, once its thread has stopped running (after the worker's finished or failed)."""

    def __init__(self, worker: CallWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.worker_thread = QThread()
        self.worker_thread.setObjectName(worker.name)
        worker.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(worker.run)
        for signal in (worker.finished, worker.failed):
            # Direct: quit() is thread-safe, and the UI thread may be blocked in wait() at that moment.
            signal.connect(self.worker_thread.quit, Qt.ConnectionType.DirectConnection)
        self.worker_thread.finished.connect(self._ended)

    def start(self) -> None:
        self.worker_thread.start()

    def is_running(self) -> bool:
        return self.worker_thread.isRunning()

    def wait(self) -> None:
        """Block until the call has returned and its thread has ended."""
        self.worker_thread.quit()
        self.worker_thread.wait()

    def _ended(self) -> None:
        self.worker_thread.wait()  # `finished` comes just before the thread really ends
        self.ended.emit(self)
