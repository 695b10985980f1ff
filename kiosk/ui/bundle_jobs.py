"""Bundles written and imported on a worker thread (kiosk.ui.workers.CallJob), one at a time per window: a
big convening's bundle takes seconds to read, check and apply, and the desk keeps scanning meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, SignalInstance

from kiosk.core.errors import KioskError
from kiosk.ui.workers import CallJob, CallWorker

if TYPE_CHECKING:
    from kiosk.core.services import Kiosk
    from kiosk.core.sync.bundle import Written

NOTHING_IMPORTED = "; nothing was imported"
"""How most of the core's refusals end, for the command line; a window says it once, first."""


class BundleJobs(QObject):
    """Runs export_bundle and import_bundle off the UI thread and reports on it (signals arrive on the UI
    thread: they are connected to this object's own methods)."""

    busy_changed = Signal(bool)
    written = Signal(object)
    """The Written of an export."""
    imported = Signal(object)
    """The ApplyResult of an import."""
    failed = Signal(bool, str)
    """Whether it was an import, and why the bundle was not written or imported, as one clause ("…; nothing
    was imported" removed)."""

    def __init__(self, kiosk: Kiosk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.job: CallJob | None = None
        self.importing = False
        self._outcome: tuple[SignalInstance, tuple[object, ...]] | None = None
        """What the job came to, said once its thread has ended and the next bundle may start."""

    def export(self, path: Path) -> CallJob | None:
        """Start writing every entry this station holds to `path`; None while another bundle runs."""
        from kiosk.core.sync.bundle import export_bundle

        ctx = self.kiosk.ctx

        def write() -> Written:
            try:
                return export_bundle(ctx, path)
            except OSError as exc:  # a stick pulled out or full: said like the core's own refusals
                raise KioskError(f"{path} could not be written ({exc.strerror or exc})") from exc

        return self._start(write, "bundle-export", self._written, importing=False)

    def import_(self, path: Path) -> CallJob | None:
        """Start checking the bundle at `path` whole and applying it; None while another bundle runs."""
        from kiosk.core.sync.bundle import import_bundle

        ctx = self.kiosk.ctx
        return self._start(lambda: import_bundle(ctx, path), "bundle-import", self._imported, importing=True)

    def wait(self) -> None:
        """Block until the bundle in hand (if any) is done: closing mid-apply would leave nothing half
        written, but the person was told it is being imported."""
        if self.job is not None:
            self.job.wait()

    def _start(
        self, call: Callable[[], object], name: str, done: Callable[[object], None], importing: bool
    ) -> CallJob | None:
        if self.job is not None:
            return None
        self.importing = importing
        worker = CallWorker(call, name)
        job = self.job = CallJob(worker, self)
        worker.finished.connect(done)
        worker.failed.connect(self._failed)
        job.ended.connect(self._ended)
        self.busy_changed.emit(True)
        job.start()
        return job

    def _written(self, written: object) -> None:
        self._outcome = (self.written, (written,))

    def _imported(self, result: object) -> None:
        self._outcome = (self.imported, (result,))

    def _failed(self, reason: str) -> None:
        self._outcome = (self.failed, (self.importing, reason.removesuffix(NOTHING_IMPORTED)))

    def _ended(self, job: CallJob) -> None:
        if job is self.job:
            self.job = None
            outcome, self._outcome = self._outcome, None
            self.busy_changed.emit(False)
            if outcome is not None:  # said now: whoever hears it may start the next bundle at once
                signal, args = outcome
                signal.emit(*args)
        job.deleteLater()
