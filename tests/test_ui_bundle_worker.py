"""Bundles from the Sync menu are written and imported on a worker thread: the desk keeps working meanwhile,
one bundle runs at a time, and the menu says how it went."""

from __future__ import annotations

import os
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from bundle_support import run_bundle
from pytestqt.qtbot import QtBot

from kiosk.core.services import Kiosk
from kiosk.core.sync import bundle
from kiosk.ui.main_window import MainWindow
from kiosk.ui.workers import CallJob


def other_station_bundle(tmp_path: Path) -> Path:
    other = Kiosk.open(tmp_path / "table-c", "Table C")
    try:
        other.organizations.create("Fresno Center for New Americans")
        return bundle.export_bundle(other.ctx, tmp_path / "table-c.kiosk").path
    finally:
        other.close()


def test_a_bundle_imports_on_a_worker_thread_and_one_runs_at_a_time(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    menu = main_window.sync
    path = other_station_bundle(tmp_path)
    release, threads = threading.Event(), []
    real_import = bundle.import_bundle

    def held_import(ctx, path):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        release.wait(10)  # a slow USB stick
        return real_import(ctx, path)

    monkeypatch.setattr(bundle, "import_bundle", held_import)

    job = menu.import_bundle(path)

    assert isinstance(job, CallJob)  # returned while the bundle is still being read
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert not menu.import_action.isEnabled() and not menu.export_action.isEnabled()
    assert main_window.statusBar().currentMessage() == "Importing table-c.kiosk…"
    assert menu.export_bundle(tmp_path / "now.kiosk") is None
    assert menu.last_message == "A bundle is being written or imported: try again when it is done."
    assert not (tmp_path / "now.kiosk").exists()

    with qtbot.waitSignal(menu.bundle_done, timeout=20_000) as done:
        release.set()
    assert done.args == [True]
    assert menu.last_message.startswith("2 new entries of 2; 2 applied.")  # Table C and its organization
    assert [o.name for o in main_window.kiosk.organizations.all()] == ["Fresno Center for New Americans"]
    qtbot.waitUntil(lambda: menu.import_action.isEnabled() and menu.export_action.isEnabled())
    assert main_window.statusBar().currentMessage() == ""


def test_a_bundle_that_cannot_be_written_says_why_and_the_menu_is_usable_again(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    menu = main_window.sync
    too_long = tmp_path / ("a" * 300 + ".kiosk")

    assert not run_bundle(qtbot, menu, lambda: menu.export_bundle(too_long))

    assert menu.last_message.startswith(f"The bundle was not written: {too_long} could not be written (")
    qtbot.waitUntil(menu.export_action.isEnabled)
    assert run_bundle(qtbot, menu, lambda: menu.export_bundle(tmp_path / "table-a.kiosk"))
    assert menu.last_message.startswith("Wrote ") and (tmp_path / "table-a.kiosk").is_file()


def test_once_a_bundle_is_done_the_next_one_may_start_at_once(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    menu = main_window.sync
    path = tmp_path / "table-a.kiosk"

    assert run_bundle(qtbot, menu, lambda: menu.export_bundle(path))

    assert menu.import_action.isEnabled() and menu.export_action.isEnabled()
    assert run_bundle(qtbot, menu, lambda: menu.import_bundle(path))  # its own entries: nothing new, not refused
    assert menu.last_message.startswith("0 new entries of ")
