"""The sync line in the status bar, always there: when this station last synced, how many entries the hub
(or the last peer) still lacks, and which hub; and automatic sync with the paired hub.

Everything that touches the file or the network runs on worker threads: a status read takes a few
milliseconds, a sync as long as the network takes, and neither may ever hold up a scan at the desk. A hub
that cannot be reached is said calmly ("working offline"); the station keeps working and tries again.
"""

from __future__ import annotations

import datetime as dt
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.watch import ChangeWatch
from kiosk.ui.tooltips import plain_tooltip

if TYPE_CHECKING:
    import httpx

    from kiosk.core.services import Kiosk
    from kiosk.core.sync.client import SyncReport

AUTO_SYNC_MS = 30_000
FIRST_SYNC_MS = 1500
"""After start-up, when the status is first read and a paired station first syncs."""
"""A paired station syncs this often, whatever happens."""
AFTER_WRITE_MS = 3_000
"""And this long after a local write (a check-in, a walk-in), folding a burst of writes into one sync."""
WATCH_MS = 2_000
"""How often the file is looked at for new writes (PRAGMA data_version: no table is read)."""

HTTP = Callable[[], "httpx.Client | None"]
"""Makes the HTTP client a sync uses; None lets the sync client make its own (tests pass the hub's)."""


@dataclass(frozen=True)
class SyncState:
    """What the status line shows, read on a worker thread."""

    paired: bool
    hub_url: str = ""
    last_sync: dt.datetime | None = None
    """Of the hub when paired, else of the most recent peer or bundle."""
    waiting: int = 0
    """Entries this station holds that the hub (or, unpaired, the last peer) lacked at the last sync."""
    own_entries: int = 0
    peers: tuple[tuple[str, dt.datetime | None], ...] = ()
    """(name, last sync) of every station or hub this one synced with."""
    syncing: bool = False
    error: str = ""
    """Why the last sync failed, if it did; cleared by the next that succeeds."""
    clock_behind: dt.timedelta = dt.timedelta(0)
    """How far this laptop's clock is behind the newest stamp it holds (its own, or another station's)."""
    read_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def hub_host(self) -> str:
        return urllib.parse.urlsplit(self.hub_url).hostname or self.hub_url


def _parse_time(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def read_state(kiosk: Kiosk) -> SyncState:
    """The station's sync state now (a few indexed reads)."""
    from kiosk.core.sync.client import HUB_PEER, hub_config
    from kiosk.core.sync.protocol import clock_behind, status

    found = status(kiosk.ctx)
    hub = hub_config(kiosk.ctx)
    with kiosk.ctx.store.write() as db:
        names = dict(db.execute("SELECT id, name FROM station").fetchall())
        behind = clock_behind(db, kiosk.ctx.station_id)
    peers = []
    for peer, info in found.peers.items():
        name = "hub" if peer == HUB_PEER else names.get(peer, f"station {peer[:8]}")
        peers.append((name, _parse_time(info.get("last_sync"))))
    peers.sort(key=lambda p: p[1] or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)
    if hub is not None:
        hub_info = found.peers.get(HUB_PEER)
        everything = sum(found.vector.values())
        waiting = found.waiting.get(HUB_PEER, everything) if hub_info else everything
        last = _parse_time(hub_info.get("last_sync")) if hub_info else None
        return SyncState(True, hub.url, last, waiting, found.own_entries, tuple(peers), clock_behind=behind)
    last_peer = max(found.peers, key=lambda p: str(found.peers[p].get("last_sync", "")), default=None)
    return SyncState(
        False,
        "",
        _parse_time(found.peers[last_peer].get("last_sync")) if last_peer else None,
        found.waiting.get(last_peer, 0) if last_peer else 0,
        found.own_entries,
        tuple(peers),
        clock_behind=behind,
    )


def _clock_warning(state: SyncState) -> str:
    from kiosk.core.sync.protocol import CLOCK_BEHIND_WARNING

    if state.clock_behind < CLOCK_BEHIND_WARNING:
        return ""
    minutes = round(state.clock_behind.total_seconds() / 60)
    span = f"{minutes} min" if minutes < 120 else f"{round(minutes / 60)} hours"
    # Stamps follow the fastest clock any station has seen: a right clock can be "behind" a fast one.
    return (
        f"This laptop's clock is {span} behind the other stations: set its date and time, unless it is right "
        "and another station's runs ahead · "
    )


def ago(then: dt.datetime, now: dt.datetime) -> str:
    """ "just now", "2 min ago", "3 h ago", "2 days ago"."""
    seconds = max(0.0, (now - then).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86_400)
    return f"{days} day{'s' if days > 1 else ''} ago"


def describe(state: SyncState, now: dt.datetime | None = None) -> str:
    """The status line: "Synced 2 min ago · 14 waiting · hub: 192.168.1.10", or how to pair; first of all
    a clock set behind the other stations'."""
    return _clock_warning(state) + _describe_sync(state, now)


def _describe_sync(state: SyncState, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    waiting = f"{state.waiting:,} waiting"
    if not state.paired:
        if state.last_sync is not None:
            return f"Last synced {ago(state.last_sync, now)} (peer or USB) · {waiting} · Not paired with a hub"
        return "Not paired — Sync → Pair with a hub…"
    if state.syncing:
        first = "Syncing…"
    elif state.error:
        first = "Hub not reachable, working offline"
    elif state.last_sync is None:
        first = "Not synced yet"
    else:
        first = f"Synced {ago(state.last_sync, now)}"
    return f"{first} · {waiting} · hub: {state.hub_host}"


def details(state: SyncState, now: dt.datetime | None = None) -> str:
    """The tooltip: which peers and when, and the last error in full."""
    now = now or dt.datetime.now(dt.UTC)
    lines = [f"Hub: {state.hub_url}" if state.paired else "Not paired with a hub"]
    lines.append(
        f"Entries the hub may lack: {state.waiting:,}" if state.paired else f"Entries waiting: {state.waiting:,}"
    )
    if state.peers:
        lines.append("Synced with:")
        lines += [f"  {name}: {ago(when, now) if when else 'never'}" for name, when in state.peers]
    else:
        lines.append("Not synced with any other station yet")
    if state.error:
        lines.append(f"Last attempt: {state.error}")
    return "\n".join(lines)


class Relay(QObject):
    """Carries a worker thread's result to the UI thread. Never parented: the thread keeps it alive, so a
    result that arrives after its window is gone is dropped by Qt instead of reaching a deleted object."""

    sent = Signal(object)

    def __init__(self, receiver: Callable[[Any], None]) -> None:
        super().__init__()
        self.sent.connect(receiver, Qt.ConnectionType.QueuedConnection)


class SyncStatusLabel(QLabel):
    """The permanent status-bar widget. Plain text only: station names come from other laptops."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Sync status")
        self.state: SyncState | None = None
        self.setText("Reading sync status…")

    def show_state(self, state: SyncState) -> None:
        self.state = state
        text = describe(state)
        self.setText(text)
        self.setToolTip(plain_tooltip(details(state)))  # peers' names come from other laptops
        self.setAccessibleDescription(f"{text}. {details(state)}")
        self.setProperty("problem", bool(state.error) or bool(_clock_warning(state)))


class SyncController(QObject):
    """Reads the sync state and syncs with the hub on worker threads, one of each at a time; a request
    made while one runs is folded into one more run after it."""

    state_read = Signal(object)
    """SyncState, on the UI thread."""
    synced = Signal(object)
    """SyncReport of a sync that succeeded."""
    sync_failed = Signal(str)
    """The one-line reason a sync failed."""

    def __init__(self, kiosk: Kiosk, http: HTTP | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.http = http or (lambda: None)
        self.state: SyncState | None = None
        self.error = ""
        self._lock = threading.Lock()
        self._reading = self._read_again = False
        self._syncing = self._sync_again = False
        self._threads: list[threading.Thread] = []
        self._read_relay = Relay(self._on_read)
        self._done_relay = Relay(lambda pair: self._finished(*pair))
        self.state_read.connect(self._keep)

    # -- status ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        with self._lock:
            if self._reading:
                self._read_again = True
                return
            self._reading = True
        self._start(self._read_loop, "sync-status")

    def _read_loop(self) -> None:
        while True:
            try:
                state = read_state(self.kiosk)
            except Exception:  # the station is closing, or the file is busy: the next tick reads again
                state = None
            if state is not None:
                self._read_relay.sent.emit(state)
            with self._lock:
                if not self._read_again:
                    self._reading = False
                    return
                self._read_again = False

    def _on_read(self, state: SyncState) -> None:
        self.state_read.emit(self._decorate(state))

    def _decorate(self, state: SyncState) -> SyncState:
        from dataclasses import replace

        return replace(state, syncing=self._syncing, error=self.error)

    # -- sync --------------------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Start a sync with the paired hub (False if this station is not paired)."""
        from kiosk.core.sync.client import hub_config

        try:
            paired = hub_config(self.kiosk.ctx) is not None
        except Exception:  # the station is closing
            return False
        if not paired:
            return False
        with self._lock:
            if self._syncing:
                self._sync_again = True
                return True
            self._syncing = True
        if self.state is not None:
            self.state_read.emit(self._decorate(self.state))
        self._start(self._sync_loop, "sync")
        return True

    def is_syncing(self) -> bool:
        return self._syncing

    def _sync_loop(self) -> None:
        from kiosk.core.errors import KioskError
        from kiosk.core.sync.client import sync_now

        while True:
            report: SyncReport | None = None
            error = ""
            try:
                report = sync_now(self.kiosk.ctx, http=self.http())
            except KioskError as exc:
                error = str(exc)
            except Exception as exc:  # a bug or a network fault must never take the desk down
                error = f"the sync stopped unexpectedly ({exc!r}); it will try again"
            with self._lock:
                again, self._sync_again = self._sync_again, False
                if not again:
                    self._syncing = False
            self._done_relay.sent.emit((report, error))
            if not again:
                return

    def _finished(self, report: SyncReport | None, error: str) -> None:
        self.error = error
        if report is not None:
            self.synced.emit(report)
        else:
            self.sync_failed.emit(error)
        self.refresh()

    def _keep(self, state: SyncState) -> None:
        self.state = state

    def _start(self, target: Callable[[], None], name: str) -> None:
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the running reads and syncs end (closing, tests)."""
        for thread in list(self._threads):
            thread.join(timeout)


class AutoSync(QObject):
    """Syncs a paired station every AUTO_SYNC_MS and AFTER_WRITE_MS after its own writes; refreshes the
    status line whenever the file changes."""

    def __init__(self, controller: SyncController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.watch = ChangeWatch(controller.kiosk.ctx.store.path)
        self._own_entries: int | None = None
        self.periodic = QTimer(self)
        self.periodic.setInterval(AUTO_SYNC_MS)
        self.periodic.timeout.connect(self.controller.sync_now)
        self.after_write = QTimer(self)
        self.after_write.setSingleShot(True)
        self.after_write.setInterval(AFTER_WRITE_MS)
        self.after_write.timeout.connect(self.controller.sync_now)
        # A first read and sync once the window is up: reading the status loads the sync client (httpx,
        # cryptography: a third of a second of imports) that must not compete with the first paint.
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.setInterval(FIRST_SYNC_MS)
        self.first.timeout.connect(self.controller.refresh)
        self.first.timeout.connect(self.controller.sync_now)
        self.looking = QTimer(self)
        self.looking.setInterval(WATCH_MS)
        self.looking.timeout.connect(self._look)
        controller.state_read.connect(self._seen)

    def start(self) -> None:
        self.periodic.start()
        self.looking.start()
        self.first.start()

    def stop(self) -> None:
        for timer in (self.periodic, self.after_write, self.first, self.looking):
            timer.stop()
        self.watch.close()

    def _look(self) -> None:
        if self.watch.changed():
            self.controller.refresh()

    def _seen(self, state: SyncState) -> None:
        # Only this station's own writes call for a sync soon; entries a sync brought in do not.
        if self._own_entries is not None and state.own_entries > self._own_entries and state.paired:
            self.after_write.start()
        self._own_entries = state.own_entries
