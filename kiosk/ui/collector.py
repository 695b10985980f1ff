"""Python's cyclic garbage collector, run on the UI thread only while the app runs.

Left automatic, a collection runs on whichever thread happens to allocate when a threshold is crossed: a
sync, an import or a badge job on a worker thread. If it then frees a Qt object left in a reference cycle
(a closed dialog whose slot refers back to it), the object is deleted off the thread that owns it and the
app can crash at the desk. So the app turns automatic collection off and collects here, on a timer, with
the thresholds Python would have used."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from kiosk.core.changelog import collection_is_paused

INTERVAL_MS = 500


class UiThreadCollector(QObject):
    """Collects on the thread it lives on (the UI thread) every INTERVAL_MS once a generation is due, as
    Python would have; not while an import or a sync batch pauses collection. `stop()` gives collection back
    to Python."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setObjectName("garbageCollector")
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(INTERVAL_MS)

    def collect_if_due(self) -> int:
        """Collect the generations that are due (a younger one first, as Python does); the objects freed."""
        if collection_is_paused():
            return 0
        young, middle, old = gc.get_count()
        freed = 0
        if young > self.thresholds[0]:
            freed += gc.collect(0)
            if middle > self.thresholds[1]:
                freed += gc.collect(1)
                if old > self.thresholds[2]:
                    freed += gc.collect(2)
        return freed

    def stop(self) -> None:
        self.timer.stop()
        if self.was_enabled:
            gc.enable()
