"""The Qt binding itself must hold up for a day-long session: PySide6 6.12.0 lost a reference to None on every
call returning nothing, so an app refreshing its figures every two seconds aborted within hours."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel


class _Emitter(QObject):
    fired = Signal(int)


def test_qt_calls_and_signals_keep_pythons_references_to_none_and_true(qapp: QApplication) -> None:
    label = QLabel()
    emitter = _Emitter()
    emitter.fired.connect(lambda _n: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for n in range(2000):
        label.setText(str(n))
        emitter.fired.emit(n)
        qapp.processEvents()
    # A handful of references may come and go with caches; a leak shows as one per call.
    assert sys.getrefcount(None) - none_before > -100
    assert sys.getrefcount(True) - true_before > -100
