"""Starting the app: the deferred integrity check and the error shown when the app cannot start."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.paths import DB_FILENAME
from kiosk.core.services import Kiosk
from kiosk.core.services.registrants import RegistrantDraft
from kiosk.ui import app as ui_app


def _filled_store(folder: Path) -> Path:
    station = Kiosk.open(folder, "Table A")
    event = station.events.create(name="Fresno", slug="fresno", date=dt.date(2025, 11, 18), city="Fresno")
    station.registrants.register_many(
        event.id, [RegistrantDraft(first_name=f"P{i}", last_name="Q" * 80) for i in range(300)]
    )
    station.close()
    return folder / DB_FILENAME


def _damage_last_third(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    pages = len(data) // page
    noise = random.Random(7)
    for n in range(2 * pages // 3, pages):
        data[n * page + page // 4 : n * page + 3 * page // 4] = noise.randbytes(page // 2)
    path.write_bytes(bytes(data))


def test_a_damaged_file_found_after_start_stops_the_app_with_a_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _damage_last_third(_filled_store(tmp_path / "data"))
    shown: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr(ui_app, "critical", lambda _parent, text: shown.append(text))
    monkeypatch.setattr(ui_app.QApplication, "exit", lambda code=0: exits.append(code))
    station = Kiosk.open(tmp_path / "data", verify=False)
    window = QWidget()
    qtbot.addWidget(window)
    try:
        check = ui_app.IntegrityCheck(station, window)
        with qtbot.waitSignal(check.failed, timeout=10_000):
            check.start()
        qtbot.waitUntil(lambda: bool(shown))
    finally:
        station.close()
    assert "cannot be used" in shown[0] and "damaged" in shown[0]
    assert exits == [1]


def test_a_sound_file_passes_the_check_silently(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _filled_store(tmp_path / "data")
    shown: list[str] = []
    monkeypatch.setattr(ui_app, "critical", lambda _parent, text: shown.append(text))
    station = Kiosk.open(tmp_path / "data", verify=False)
    window = QWidget()
    qtbot.addWidget(window)
    try:
        check = ui_app.IntegrityCheck(station, window)
        check.start()
        check.worker.join(timeout=10)
        qtbot.wait(50)  # let a queued failure, if any, arrive
    finally:
        station.close()
    assert not check.worker.is_alive() and shown == []


def test_the_cannot_start_message_shows_names_as_plain_text(monkeypatch: pytest.MonkeyPatch, qapp: object) -> None:
    seen: list[tuple[Qt.TextFormat, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append((box.textFormat(), box.text())) or 0)
    ui_app.show_fatal("data folder /tmp/<b>Ana</b> is not writable")
    assert seen == [
        (Qt.TextFormat.PlainText, "Convening Kiosk cannot start.\n\ndata folder /tmp/<b>Ana</b> is not writable")
    ]
