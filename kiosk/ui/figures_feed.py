"""The event's figures, counted on a worker thread: on 100,000 registrants a count takes about 80 ms, which
the desk must never spend between a scan and its decision."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from kiosk.core.services import Kiosk
from kiosk.core.services.events import EventFigures


class FiguresFeed(QObject):
    counted = Signal(object)
    """EventFigures, delivered on the UI thread (a queued signal from the worker)."""

    def __init__(self, kiosk: Kiosk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.latest: EventFigures | None = None
        self._lock = threading.Lock()
        self._running = False
        self._wanted: str | None = None
        self.counted.connect(self._keep)

    def request(self, event_id: str) -> None:
        """Count again; requests made while a count runs are folded into one more count after it."""
        with self._lock:
            self._wanted = event_id
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="figures", daemon=True).start()

    def count_now(self, event_id: str) -> EventFigures:
        """Count on the calling thread (start-up, before the window is shown)."""
        figures = self.kiosk.events.figures(event_id)
        self._keep(figures)
        return figures

    def _run(self) -> None:
        while True:
            with self._lock:
                event_id, self._wanted = self._wanted, None
                if event_id is None:
                    self._running = False
                    return
            try:
                figures = self.kiosk.events.figures(event_id)
            except Exception:  # the event vanished or the station is closing: the next request counts again
                continue
            self.counted.emit(figures)

    def _keep(self, figures: EventFigures) -> None:
        self.latest = figures
