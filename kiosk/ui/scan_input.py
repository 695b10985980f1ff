"""Tell a barcode scanner from a person at the keyboard by timing, so a scan checks in wherever the focus is.

A USB or Bluetooth scanner "types" its code a few milliseconds a key and ends with Enter; a person types
80-200 ms a key. ScanDetector, an application-wide event filter, holds back each printable key for at most
`gap_ms` while a burst may be starting. If the keys keep coming that fast and end with Enter (or Tab), the
burst is a scan: `scanned` carries its text and the focused widget never sees a key of it. Otherwise the held
keys go on to the widget they were meant for, in order and unchanged, as if nothing had been in between.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

MIN_LENGTH = 6
"""The shortest scan: typed ticket codes have 8 characters, registration barcodes 10 or more."""

GAP_MS = 30
"""The longest pause between two keys of a scan; people type 80-200 ms a key, scanners a few ms."""

TERMINATORS: tuple[Qt.Key, ...] = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
"""Keys that end a scan (scanners send Enter by default; some are set up to send Tab)."""

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
"""A key held with one of these is a command (Ctrl+F), never part of a scan: it goes through untouched."""

_FLUSHING_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.InputMethod,
        QEvent.Type.Wheel,
    }
)
"""Input that must not overtake keys still held back: they are delivered first."""

Clock = Callable[[], float]
"""Milliseconds on a monotonic clock."""


@dataclass(frozen=True)
class _Held:
    target: QWidget
    event: QKeyEvent


def _event_time(event: QKeyEvent) -> float:
    """When the input system saw the key (ms), or now for a synthetic key that carries no time."""
    stamp = event.timestamp()
    return float(stamp) if stamp else time.monotonic() * 1000


def _address(event: QEvent) -> int:
    """The event's C++ address: what tells a held key being delivered from any other key."""
    return int(shiboken6.getCppPointer(event)[0])


def _copy(event: QKeyEvent) -> QKeyEvent:
    """A copy that outlives the event Qt is delivering (that one is freed once delivery returns)."""
    return QKeyEvent(event)


class ScanDetector(QObject):
    """Watches every key the application delivers (to widgets inside `scope` or the dialogs it owns, if
    given) and turns scanner bursts into `scanned(text)`.

    A burst is at least `min_length` printable keys, each at most `gap_ms` after the one before, then a
    terminator within `gap_ms`. Keys with Ctrl, Alt or Meta, non-printable keys, auto-repeated keys and input
    method text are never held (held keys are delivered before them, so the order is kept). The signal is
    emitted from the event loop just after the terminator, not from inside the key's delivery, so a slot
    may move the focus or open a dialog safely.
    """

    scanned = Signal(str)
    """The text of a scanner burst, without its terminator."""

    _burst_found = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        scope: QWidget | None = None,
        min_length: int = MIN_LENGTH,
        gap_ms: int = GAP_MS,
        terminators: Iterable[Qt.Key] = TERMINATORS,
        clock: Clock | None = None,
    ) -> None:
        """Installs itself on the running QApplication. With `scope`, only keys for that widget or its
        descendants are watched. `clock` replaces the keys' own timestamps (for tests)."""
        super().__init__(parent if parent is not None else scope)
        app = QCoreApplication.instance()
        if not isinstance(app, QApplication):
            raise RuntimeError("ScanDetector needs a running QApplication")
        self.scope = scope
        self.min_length = min_length
        self.gap_ms = gap_ms
        self.terminators = frozenset(terminators)
        self._clock = clock
        self._enabled = True
        self._held: list[_Held] = []
        self._text = ""
        self._last_key_ms = 0.0
        self._last_scan = ""
        self._delivering: list[int] = []
        """The held keys being delivered now (their addresses): let through, never held again."""
        self._swallow_release: int | None = None
        self._popup: QWidget | None = None
        self._release_timer = QTimer(self)
        self._release_timer.setSingleShot(True)
        self._release_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._release_timer.setInterval(gap_ms)
        self._release_timer.timeout.connect(self.flush)
        self._burst_found.connect(self.scanned, Qt.ConnectionType.QueuedConnection)
        app.installEventFilter(self)

    # -- public --------------------------------------------------------------------------------------

    def is_enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Off, every key goes straight through (keys held at that moment are delivered first)."""
        if not enabled:
            self.flush()
        self._enabled = enabled

    def last_scan(self) -> str:
        """The text of the latest scan, or "" before the first."""
        return self._last_scan

    def pending(self) -> str:
        """The printable text held back right now, while it is not yet known to be a scan."""
        return self._text

    def flush(self) -> None:
        """Deliver the held keys now, as typing, to the widgets they were meant for: each to the widget that
        takes keys when it is delivered, as it would have been had none been held. A key that moves the
        focus (the first letter typed over a decision starts the next search) takes the keys after it along."""
        self._release_timer.stop()
        held, self._held, self._text = self._held, [], ""
        for item in held:
            target = self._receiver(item.target)
            if target is None:
                continue
            # Only this key is let through unwatched: a key may open a dialog that runs its own event loop
            # (Space on Void check-in…), and a scan while it is open is a scan, not a reason typed in it.
            self._delivering.append(_address(item.event))
            try:
                QCoreApplication.sendEvent(target, item.event)
            finally:
                self._delivering.pop()

    def uninstall(self) -> None:
        """Stop watching (held keys are delivered first)."""
        self.flush()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- the filter ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._enabled or (self._delivering and _address(event) in self._delivering):
            return False
        try:
            return self._filter(watched, event)
        except RuntimeError:  # a wrapper gone under us: PySide crashes the process if a filter raises
            log.exception("scanner detector: key left to Qt")
            return False

    def _filter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key_press(watched, event)
        if kind == QEvent.Type.KeyRelease and isinstance(event, QKeyEvent):
            return self._key_release(watched, event)
        if self._held and kind in _FLUSHING_EVENTS:
            self.flush()
        return False

    def _key_press(self, watched: QObject, event: QKeyEvent) -> bool:
        if not self._is_first_delivery(watched):
            return False  # the window's copy, or the key travelling up to a parent: already decided
        self._swallow_release = None
        if not self._in_scope(watched):
            self.flush()
            return False
        assert isinstance(watched, QWidget)
        now = self._now(event)
        if self._is_text(event):
            if self._held and not self._follows(now):
                self.flush()
            self._held.append(_Held(watched, _copy(event)))
            self._text += event.text()
            self._last_key_ms = now
            self._release_timer.start()
            return True
        if self._ends_burst(event, now):
            code = self._text
            self._release_timer.stop()
            self._held, self._text = [], ""
            self._last_scan = code
            self._swallow_release = event.key()
            self._burst_found.emit(code)
            return True
        self.flush()
        return False

    def _key_release(self, watched: QObject, event: QKeyEvent) -> bool:
        if self._swallow_release is not None and event.key() == self._swallow_release and not event.isAutoRepeat():
            self._swallow_release = None
            return True
        if self._held and watched is self._held[-1].target and self._is_text(event):
            # Kept in line with the presses, so a button held back gets its press before its release.
            self._held.append(_Held(self._held[-1].target, _copy(event)))
            return True
        return False

    # -- rules ---------------------------------------------------------------------------------------

    def _now(self, event: QKeyEvent) -> float:
        return self._clock() if self._clock is not None else _event_time(event)

    def _follows(self, now: float) -> bool:
        """Whether a key at `now` comes quickly enough after the last held one to continue a burst."""
        return 0 <= now - self._last_key_ms <= self.gap_ms

    def _ends_burst(self, event: QKeyEvent, now: float) -> bool:
        return (
            bool(self._held)
            and Qt.Key(event.key()) in self.terminators
            and not event.modifiers() & _COMMAND_MODIFIERS
            and not event.isAutoRepeat()
            and len(self._text) >= self.min_length
            and self._follows(now)
        )

    @staticmethod
    def _is_text(event: QKeyEvent) -> bool:
        """A key that types printable text and could be part of a scan (Shift is fine: capitals)."""
        text = event.text()
        return (
            bool(text)
            and text.isprintable()
            and not event.modifiers() & _COMMAND_MODIFIERS
            and not event.isAutoRepeat()
        )

    def _in_scope(self, widget: QObject) -> bool:
        """`widget` is the scope, inside it, or inside a dialog it owns (a walk-in form, an edit, a reason
        box: their own windows, but a scan there is still a scan, never text typed into the form)."""
        if self.scope is None:
            return True
        if not shiboken6.isValid(self.scope):
            return False
        node = widget if isinstance(widget, QWidget) else None
        while node is not None:
            if node is self.scope or self.scope.isAncestorOf(node):
                return True
            node = node.window().parentWidget()  # from a dialog's window to the window that owns it
        return False

    def _receiver(self, held_for: QWidget) -> QWidget | None:
        """Where a held key goes now: the widget `held_for` was while it still takes keys; else, when the
        focus has moved inside this window since (or the widget is gone), the new focus widget, picked as
        `_is_first_delivery` picks a receiver."""
        if shiboken6.isValid(held_for) and (held_for.hasFocus() or QApplication.focusWidget() is None):
            return held_for
        receiver = QWidget.keyboardGrabber() or QApplication.focusWidget()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            receiver = popup.focusWidget() or popup
        if receiver is not None and self._in_scope(receiver):
            return receiver
        return held_for if shiboken6.isValid(held_for) else None

    def _is_first_delivery(self, watched: QObject) -> bool:
        """Whether Qt is handing a key to `watched` as its receiver, the way QWidgetWindow picks one (the
        keyboard grabber, a popup's focus, the focus widget, else the window), rather than passing it up to
        a parent that did not take it, or to the QWindow that forwards it."""
        if not isinstance(watched, QWidget):
            return False
        grabber = QWidget.keyboardGrabber()
        if grabber is not None:
            return watched is grabber
        popup = QApplication.activePopupWidget()
        if popup is not None:
            # Kept until the next popup: when PySide drops the wrapper it made for a Qt-private popup (a
            # combo box's list window) it invalidates the wrappers of the widgets inside it, the list too.
            self._popup = popup
            return watched is (popup.focusWidget() or popup)
        focus = QApplication.focusWidget()
        if focus is not None:
            return watched is focus
        return watched.isWindow()
