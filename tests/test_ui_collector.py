"""While the app runs, Python's cyclic garbage collector runs on the UI thread only: a Qt object left in a
reference cycle is freed there, never on a sync or import worker that happens to allocate."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.core.changelog import collection_paused
from kiosk.core.services import Kiosk
from kiosk.ui import app as ui_app
from kiosk.ui.collector import UiThreadCollector


@pytest.fixture
def collector() -> Iterator[UiThreadCollector]:
    gc.collect()
    running = UiThreadCollector()
    yield running
    running.stop()
    running.deleteLater()


def _make_garbage(cycles: int = 20_000) -> None:
    """Allocate as a sync batch does, leaving cycles behind: enough to cross every threshold."""
    for _ in range(cycles):
        loop: list[object] = []
        loop.append(loop)


def test_a_qt_object_in_a_cycle_is_freed_on_the_ui_thread_while_a_worker_allocates(
    qtbot: QtBot, collector: UiThreadCollector
) -> None:
    deleted_on: list[threading.Thread] = []
    widget_like = QObject()
    widget_like.destroyed.connect(
        lambda *_: deleted_on.append(threading.current_thread()), Qt.ConnectionType.DirectConnection
    )
    widget_like.itself = widget_like  # type: ignore[attr-defined]  # a slot or attribute referring back
    del widget_like

    worker = threading.Thread(target=_make_garbage, name="sync")
    worker.start()
    worker.join()
    assert deleted_on == []  # the worker's allocations collected nothing
    assert not gc.isenabled()

    qtbot.waitUntil(lambda: bool(deleted_on), timeout=5_000)
    assert deleted_on == [threading.main_thread()]


def test_no_collection_while_an_import_or_a_sync_batch_pauses_it(collector: UiThreadCollector) -> None:
    with collection_paused():
        _make_garbage()
        assert collector.collect_if_due() == 0
    assert not gc.isenabled()  # still the app's to run, not given back to Python
    assert collector.collect_if_due() > 0


def test_the_app_collects_on_its_ui_thread_while_it_runs_and_gives_collection_back_after(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bool, int]] = []

    def run(app: QApplication, *_: object) -> int:
        seen.append((gc.isenabled(), len(app.findChildren(UiThreadCollector))))
        return 0

    monkeypatch.setattr(ui_app, "_run", run)
    assert gc.isenabled()

    assert ui_app.run_app(kiosk, None, None) == 0

    assert seen == [(False, 1)]
    assert gc.isenabled()
