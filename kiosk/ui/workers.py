"""Imports run on a worker thread: the wizard stays responsive and shows progress while rows are read."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from kiosk.core.errors import KioskError
from kiosk.core.services.imports import Imports

UNKNOWN_TOTAL = -1
"""What `progress` sends as the total when only reading to the end tells (a CSV)."""


class _Stopped(Exception):
    """Raised from the progress callback to end a run at the next batch when the person cancels."""


class ImportWorker(QObject):
    """Calls Imports.run on the thread it is moved to and reports back through signals."""

    progress = Signal(int, int)
    """Rows read so far, and the rows in the file or UNKNOWN_TOTAL."""
    finished = Signal(object)
    """The ImportSummary."""
    failed = Signal(str)
    """The service's one-line reason."""
    stopped = Signal(int)
    """Cancelled: rows read (and, for a real run, written) before it stopped."""

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
            summary = self.imports.run(
                self.path, self.event_id, self.preset, self.mapping, dry_run=self.dry_run, progress=self._progress
            )
        except _Stopped:
            self.stopped.emit(self.done)
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
