"""An optional sound with each decision, so a volunteer looking at the line hears how a scan went.

Off by default. QtMultimedia is loaded only when sound is switched on (it costs start-up time and talks
to the audio server); where it is missing (no libpulse, a stripped-down install) the desk stays silent
and says why, and nothing else changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl

from kiosk.core.services.desk import Decision, Kind
from kiosk.resources import resource_path

_FILES = {Kind.WELCOME: "welcome.wav", Kind.ALREADY_CHECKED_IN: "already.wav", Kind.NOT_VALID: "invalid.wav"}


class DecisionSounds(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = False
        self.problem = ""
        self.last_played: Kind | None = None
        self._effects: dict[Kind, object] = {}

    def enable(self, on: bool) -> bool:
        """Switch sound on or off; False (with `problem` saying why) when this laptop cannot play it."""
        if on and not self._effects and not self._load():
            self.enabled = False
            return False
        self.enabled = on
        return True

    def _load(self) -> bool:
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError as exc:
            self.problem = f"Sound is not available on this laptop: Qt Multimedia did not load ({exc})."
            return False
        for kind, name in _FILES.items():
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", name))))
            effect.setVolume(0.8)
            self._effects[kind] = effect
        return True

    def play(self, decision: Decision) -> None:
        if not self.enabled:
            return
        self.last_played = decision.kind
        self._effects[decision.kind].play()  # type: ignore[attr-defined]
