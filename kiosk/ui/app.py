"""Start the desk: the Qt application, its stylesheet and the main window (or one screenshot of it); on a
laptop with no convening yet, the New convening form first."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from kiosk.core.errors import StoreError
from kiosk.core.services import Kiosk
from kiosk.ui import theme
from kiosk.ui.collector import UiThreadCollector
from kiosk.ui.main_window import MainWindow

APP_NAME = "Convening Kiosk"
SCREENSHOT_SIZE = (1280, 800)
FIRST_PAINT_TIMEOUT_MS = 5000


def run_app(kiosk: Kiosk, event_slug: str | None, screenshot: Path | None) -> int:
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    theme.apply_theme(app, theme.high_contrast_chosen(kiosk.ctx.store))
    collector = UiThreadCollector(app)  # no collection on a worker thread, where it could free a Qt object
    try:
        return _run(app, kiosk, event_slug, screenshot)
    finally:
        collector.stop()
        collector.deleteLater()


def _run(app: QApplication, kiosk: Kiosk, event_slug: str | None, screenshot: Path | None) -> int:
    if event_slug is None and not kiosk.events.all():
        # A laptop with no convening yet: set one up (or get one by sync) rather than refuse to start.
        from kiosk.ui.new_event_dialog import NewEventDialog

        dialog = NewEventDialog(kiosk, first_run=True)
        if screenshot is not None:
            return _save_screenshot(dialog, screenshot, None)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.convening is None:
            return 0  # quit: nothing was written
        event = dialog.convening
    else:
        event = kiosk.events.current(event_slug)
    window = MainWindow(kiosk, event)
    if screenshot is None:
        window.show()
        check = IntegrityCheck(kiosk, window)
        check.start()
        return app.exec()

    return _save_screenshot(window, screenshot, SCREENSHOT_SIZE)


def _save_screenshot(widget: QWidget, screenshot: Path, size: tuple[int, int] | None) -> int:
    """Render the widget (at `size`, else its own) to a PNG and close it; 1 with a message if it cannot be
    written."""
    app = QApplication.instance()
    if size is not None:
        widget.resize(*size)
    previous = qInstallMessageHandler(_quiet_offscreen)
    try:
        show_and_wait_for_first_paint(widget)
        if app is not None:
            app.processEvents()  # layouts asked for during the first paint (the status bar's lines) settle
        saved = widget.grab().save(str(screenshot), "PNG")
        widget.close()
    finally:
        qInstallMessageHandler(previous)
    if not saved:
        print(f"could not write the screenshot to {screenshot}; does its folder exist?", file=sys.stderr)
        return 1
    return 0


class IntegrityCheck(QObject):
    """Reads every page of the station's file on a worker thread once the window is up; a damaged file
    stops the app with a message before anyone can write to it."""

    failed = Signal(str)

    def __init__(self, kiosk: Kiosk, window: QWidget) -> None:
        super().__init__(window)
        self.kiosk = kiosk
        self.window = window
        self.failed.connect(self._stop)

    def start(self) -> None:
        self.worker = threading.Thread(target=self._run, name="integrity-check", daemon=True)
        self.worker.start()

    def _run(self) -> None:
        try:
            self.kiosk.ctx.store.verify()
        except StoreError as exc:
            self.failed.emit(str(exc))

    def _stop(self, message: str) -> None:
        critical(self.window, f"This laptop's data file cannot be used.\n\n{message}")
        QApplication.exit(1)


def show_fatal(message: str) -> None:
    """Tell the person at the laptop why the app cannot start (a launcher shows no terminal)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    critical(None, f"Convening Kiosk cannot start.\n\n{message}")


def critical(parent: QWidget | None, text: str) -> None:
    """A blocking error message, shown as plain text whatever characters it holds."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Drop the offscreen platform's harmless notice about window size hints; pass everything else on."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


class _PaintWatcher(QObject):
    """Ends a local event loop at a widget's first paint."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            self.loop.quit()
        return False


def show_and_wait_for_first_paint(widget: QWidget) -> None:
    """Show the widget and process events until it has painted once (laid out, styled), or for at most 5 s."""
    loop = QEventLoop()
    watcher = _PaintWatcher(loop)
    widget.installEventFilter(watcher)
    widget.show()
    give_up = QTimer(loop)
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    give_up.start(FIRST_PAINT_TIMEOUT_MS)
    if not watcher.painted:
        loop.exec()
    widget.removeEventFilter(watcher)
