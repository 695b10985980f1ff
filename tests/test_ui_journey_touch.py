"""`kiosk --touch` turns Qt's on-screen keyboard on before the application exists (the app is not started)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import kiosk.ui.app
import kiosk.ui.journey_language as journey_language
from kiosk.cli import main
from kiosk.core.services import Kiosk
from kiosk.ui.journey_language import VIRTUAL_KEYBOARD


@pytest.fixture
def folder(data_dir: Path, kiosk: Kiosk, event: object) -> Path:
    """A station's data folder with an event: the app opens on one (without, it says why and stops)."""
    kiosk.close()
    return data_dir


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """QT_IM_MODULE as it was when the app would have started (run_app is replaced)."""
    seen: list[str | None] = []
    monkeypatch.setenv("QT_IM_MODULE", "")  # so that monkeypatch puts back whatever was there, even nothing
    monkeypatch.delenv("QT_IM_MODULE")
    monkeypatch.setattr(kiosk.ui.app, "run_app", lambda *_args: seen.append(os.environ.get("QT_IM_MODULE")) or 0)
    return seen


def test_touch_sets_the_input_method_to_the_virtual_keyboard(
    started: list[str | None], monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    monkeypatch.setattr(journey_language, "virtual_keyboard_plugin_present", lambda: True)
    assert main(["--data-dir", str(folder), "--touch"]) == 0
    assert started == [VIRTUAL_KEYBOARD]


def test_without_touch_the_input_method_is_left_alone(started: list[str | None], folder: Path) -> None:
    assert main(["--data-dir", str(folder)]) == 0
    assert started == [None]


def test_touch_without_the_plugin_says_so_and_starts_with_the_physical_keyboard(
    started: list[str | None], monkeypatch: pytest.MonkeyPatch, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(journey_language, "virtual_keyboard_plugin_present", lambda: False)
    assert main(["--data-dir", str(folder), "--touch"]) == 0
    assert started == [None]
    assert "no on-screen keyboard" in capsys.readouterr().err
