"""The Badges menu and what ties printing to the desk: auto-print after a welcome (when the station has it
on), a reprint with a reason when a person's details changed, the preview, batches, the print queue and
the printer settings. The service (kiosk.core.services.badge_prints) does the work; jobs are sent by its
worker thread and their changes come back here as a signal on the UI thread. Auto-print queues the badge on
a worker thread too (kiosk.ui.workers.CallJob): drawing the face and the queue's fsync never hold up the
next scan."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from kiosk.core.errors import KioskError
from kiosk.core.printing import QT, JobState, PrintJob
from kiosk.core.services.desk import Decision, Kind
from kiosk.ui.actions import menu_action
from kiosk.ui.workers import CallJob, CallWorker

if TYPE_CHECKING:
    from kiosk.core.services.badge_prints import BadgePrints
    from kiosk.ui.badge_batch_dialog import BatchPrintDialog
    from kiosk.ui.badge_preview import BadgePreviewDialog
    from kiosk.ui.main_window import MainWindow
    from kiosk.ui.print_queue_window import PrintQueueWindow
    from kiosk.ui.print_settings_dialog import PrinterSettingsDialog

START_DELAY_MS = 1500
"""The print service (and the badge fonts) load this long after the window shows, so it paints first;
jobs left waiting by a crash are sent then. A check-in before that loads it at once."""
REPRINT_REASON = "details changed"


class BadgeMenu(QObject):
    job_changed = Signal(object)
    """Every change of a print job, on the UI thread (the queue's worker emits it)."""
    auto_printed = Signal(str, object)
    """After a welcome with auto-print on: the person and the job queued for them (None when they had a badge
    printed or waiting already), on the UI thread once the job is in the queue."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._prints: BadgePrints | None = None
        self._auto = False
        self.queue_window: PrintQueueWindow | None = None
        self.dialog: QWidget | None = None
        self._queueing: list[tuple[str, CallJob]] = []
        """Auto-prints being queued on their worker threads: (registrant id, job)."""
        self._closed = False
        self.job_changed.connect(self._job_changed, Qt.ConnectionType.QueuedConnection)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)  # the job being sent finishes; waiting ones stay for next time

        menu = self.menu = window.menuBar().addMenu("&Badges")
        self.preview_action = self._add("&Preview badge…", "Ctrl+Shift+P", self.open_preview)
        self.print_action = self._add("P&rint badge", "Ctrl+P", self.print_current)
        self.reprint_action = self._add("Reprint badge with a &reason…", "Ctrl+Shift+R", self.reprint_current)
        menu.addSeparator()
        self.batch_action = self._add("Print a &batch…", "", self.open_batch)
        self.queue_action = self._add("Print &queue…", "", self.open_queue)
        menu.addSeparator()
        self.auto_action = self._add("Print &automatically after check-in", "", self.set_auto_print)
        self.auto_action.setCheckable(True)
        self.settings_action = self._add("Printer &settings…", "", self.open_settings)
        # Queued after the decision has painted: drawing the badge file must not delay the welcome.
        window.desk.decided.connect(lambda decision: QTimer.singleShot(0, lambda: self.after_decision(decision)))
        window.desk.reprint_requested.connect(self.ask_reprint)
        QTimer.singleShot(START_DELAY_MS, self.prints)

    def _add(self, text: str, keys: str, slot: Callable[..., Any]) -> QAction:
        return menu_action(self.window, text, keys, slot, menu=self.menu)

    # -- the service ---------------------------------------------------------------------------------

    def prints(self) -> BadgePrints:
        """The print service, made (and its worker started) on first need."""
        if self._prints is None:
            from kiosk.core.services.badge_prints import BadgePrints
            from kiosk.ui.print_qt import QtBackend

            self._prints = BadgePrints(self.window.kiosk.ctx, backends={QT: QtBackend()}, start=False)
            self._prints.queue.subscribe(self.job_changed.emit)
            self._prints.queue.start()
            self._auto = self._prints.settings().auto_print
            self.auto_action.setChecked(self._auto)
            self.window.desk.decision.auto_print = self._auto
        return self._prints

    def close(self) -> None:
        """At quit: a badge being queued is finished (so it is in the queue for the next start), then the
        queue's worker stops after the job it is sending."""
        self._closed = True
        for _, job in self._queueing:
            job.wait()
        self._queueing.clear()
        if self._prints is not None:
            self._prints.queue.unsubscribe(self.job_changed.emit)
            self._prints.close()

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15_000)

    def current_person(self) -> str | None:
        """Who the desk shows: the decided person, else the person selected in search."""
        desk = self.window.desk
        decision = desk.decision.decision if desk.showing_decision() else None
        if decision is not None and decision.person is not None and decision.kind is not Kind.NOT_VALID:
            return decision.person.registrant_id
        return desk._selected_hit_id()  # the desk's own reading of its selection

    # -- the desk ------------------------------------------------------------------------------------

    def after_decision(self, decision: Decision) -> CallJob | None:
        """A welcome prints the person's first badge when auto-print is on; a repeat scan never prints.

        The badge is queued on a worker thread (`auto_printed` when it is in); whether it is the person's first
        is decided there, under the queue's lock, so two welcomes of one person queue one badge."""
        if decision.kind is not Kind.WELCOME or decision.person is None or self._closed:
            return None
        prints = self.prints()
        if not self._auto:
            return None
        registrant_id = decision.person.registrant_id
        worker = CallWorker(lambda: (registrant_id, prints.auto_print(registrant_id)), "auto-print")
        job = CallJob(worker, self)
        # Bound methods of this QObject: Qt delivers them on the UI thread, and never once it is gone.
        worker.finished.connect(self._auto_print_done)
        worker.failed.connect(self._auto_print_failed)
        job.ended.connect(self._auto_print_ended)
        self._queueing.append((registrant_id, job))
        job.start()
        return job

    def _auto_print_done(self, result: tuple[str, PrintJob | None]) -> None:
        self.auto_printed.emit(*result)

    def _auto_print_failed(self, reason: str) -> None:
        self.say(f"Badge not queued: {reason}")

    def _auto_print_ended(self, job: CallJob) -> None:
        self._queueing = [(rid, j) for rid, j in self._queueing if j is not job]
        job.deleteLater()

    def queueing(self, registrant_id: str) -> bool:
        """Whether the person's auto-printed badge is on its way into the queue right now."""
        return any(rid == registrant_id for rid, _ in self._queueing)

    def ask_reprint(
        self, registrant_id: str, reason: str | None = None, prefill: str = REPRINT_REASON
    ) -> QInputDialog | None:
        """Ask why (prefilled for the desk's request after an edit), then reprint; an empty reason prints
        nothing."""
        if reason is not None:
            self.reprint(registrant_id, reason)
            return None
        dialog = QInputDialog(self.window)
        dialog.setObjectName("reprintReason")
        dialog.setWindowTitle("Reprint badge")
        dialog.setLabelText("Why is this badge printed again? (for example: name misspelt, lost it)")
        dialog.setTextValue(prefill)
        dialog.setAccessibleName("Reason for the reprint")
        dialog.textValueSelected.connect(lambda text: self.reprint(registrant_id, text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog = dialog
        return dialog

    def reprint(self, registrant_id: str, reason: str) -> PrintJob | None:
        try:
            job = self.prints().reprint(registrant_id, reason)
        except KioskError as exc:
            self.say(f"Nothing printed: {exc}")
            return None
        self.say(f"Reprint of {job.title}'s badge is on its way to the printer.")
        return job

    def print_current(self) -> PrintJob | QInputDialog | None:
        """The first badge of the person shown; for someone with a badge already, a reprint with a reason."""
        registrant_id = self.current_person()
        if registrant_id is None:
            self.say("Check someone in or pick them in search first.")
            return None
        return self.print_person(registrant_id)

    def print_person(self, registrant_id: str) -> PrintJob | QInputDialog | None:
        prints = self.prints()
        if self.queueing(registrant_id) or prints.printed(registrant_id) or prints.queue.open_jobs_for(registrant_id):
            return self.ask_reprint(registrant_id, prefill="")
        try:
            job = prints.print_badge(registrant_id)
        except KioskError as exc:
            self.say(f"Nothing printed: {exc}")
            return None
        self.say(f"{job.title}'s badge is on its way to the printer.")
        return job

    def reprint_current(self) -> QInputDialog | None:
        registrant_id = self.current_person()
        if registrant_id is None:
            self.say("Check someone in or pick them in search first.")
            return None
        return self.ask_reprint(registrant_id, prefill="")

    def set_auto_print(self, on: bool) -> None:
        self.prints().save_settings(auto_print=on)
        self._auto = on
        self.window.desk.decision.auto_print = on
        self.say("Badges print after each check-in." if on else "Badges print only when asked.")

    # -- windows -------------------------------------------------------------------------------------

    def _show(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.dialog = dialog

    def open_preview(self) -> BadgePreviewDialog | None:
        from kiosk.ui.badge_preview import BadgePreviewDialog

        registrant_id = self.current_person()
        if registrant_id is None:
            self.say("Check someone in or pick them in search first, then preview their badge.")
            return None
        dialog = BadgePreviewDialog(self.prints(), registrant_id, self.window)

        def print_shown(rid: str) -> None:
            self.print_person(rid)
            dialog.show_badge()

        dialog.print_requested.connect(print_shown)
        self._show(dialog)
        return dialog

    def open_batch(self) -> BatchPrintDialog:
        from kiosk.ui.badge_batch_dialog import BatchPrintDialog

        dialog = BatchPrintDialog(self.prints(), self.window.current_event, self.window)
        self._show(dialog)
        return dialog

    def open_queue(self) -> PrintQueueWindow:
        from kiosk.ui.print_queue_window import PrintQueueWindow

        if self.queue_window is not None:
            self.queue_window.refresh()
            self.queue_window.raise_()
            return self.queue_window
        window = self.queue_window = PrintQueueWindow(self.prints(), self.window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda: setattr(self, "queue_window", None))
        window.show()
        return window

    def open_settings(self) -> PrinterSettingsDialog:
        from kiosk.ui.print_settings_dialog import PrinterSettingsDialog

        dialog = PrinterSettingsDialog(self.prints(), self.window)
        dialog.accepted.connect(self._settings_saved)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._show(dialog)
        return dialog

    def _settings_saved(self) -> None:
        self._auto = self.prints().settings().auto_print
        self.auto_action.setChecked(self._auto)
        self.say("Printer settings saved.")

    def _job_changed(self, job: PrintJob) -> None:
        if self.queue_window is not None:
            self.queue_window.job_changed(job)
        if job.state == JobState.SENT:
            self.say(f"{job.title}: sent to {job.printer or 'the default printer'}.")
            self.window.desk.badge_changed(job.registrant_ids)
        elif job.state == JobState.FAILED:
            self.say(f"{job.title}: not printed: {job.error}. Badges → Print queue to retry.")


def install_badge_menu(window: MainWindow) -> BadgeMenu:
    """Add the Badges menu to the station's window and connect it to the desk."""
    return BadgeMenu(window)
