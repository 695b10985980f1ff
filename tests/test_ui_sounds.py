"""Decision sounds: off by default, on when asked, and a clear reason when this laptop cannot play them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.core.services.desk import Decision, Kind
from kiosk.resources import resource_path
from kiosk.ui.sounds import DecisionSounds


def test_sounds_are_off_until_switched_on(qapp: QApplication) -> None:
    sounds = DecisionSounds()
    sounds.play(Decision(Kind.WELCOME, "Welcome!"))
    assert sounds.last_played is None

    assert sounds.enable(True)
    sounds.play(Decision(Kind.NOT_VALID, "Not a valid ticket"))
    assert sounds.last_played is Kind.NOT_VALID


def test_without_qt_multimedia_sound_says_why_and_stays_off(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import fails, as without libpulse
    sounds = DecisionSounds()
    assert not sounds.enable(True)
    assert "Qt Multimedia did not load" in sounds.problem
    sounds.play(Decision(Kind.WELCOME, "Welcome!"))
    assert sounds.last_played is None


@pytest.mark.parametrize("name", ["welcome.wav", "already.wav", "invalid.wav"])
def test_each_sound_is_a_short_wav(name: str) -> None:
    import wave

    with wave.open(str(resource_path("sounds", name))) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert 0.1 < seconds < 1.0
